/*
 * jsonr.c - the strict reader of embedded JSON data files (see jsonr.h).
 */
#include "core/jsonr.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/parse.h"

int
br_jsonr_fail(const struct br_jsonr *r, const char *path, const char *fmt, ...)
{
	char msg[200], q[48];
	const char *field = r->field ? r->field : path[0] ? path : r->top;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	br_quote_value(r->file ? r->file : "(input)", q, sizeof(q));
	if (path[0] == '\0')
		return br_error(r->err, BR_EINVAL, field ? field : "",
		                "%s file '%s' %s", r->what, q, msg);
	return br_error(r->err, BR_EINVAL, field, "%s file '%s': %s %s",
	                r->what, q, path, msg);
}

int
br_jsonr_load(const struct br_jsonr *r, const char *bytes, size_t len,
              json_t **doc)
{
	json_error_t je;

	*doc = json_loadb(bytes, len, JSON_REJECT_DUPLICATES, &je);
	if (*doc == NULL)
		return br_jsonr_fail(r, "(top)", "is not valid JSON (line %d)",
		                     je.line);
	return 0;
}

/* Writes a then b then c into out, cut at its end (paths only name
 * fields, so a cut path still points the way). */
static void
path_join(char *out, size_t n, const char *a, const char *b, const char *c)
{
	const char *parts[3] = {a, b, c};
	size_t len = 0;

	for (int i = 0; i < 3; i++)
		for (const char *p = parts[i]; *p && len + 1 < n; p++)
			out[len++] = *p;
	out[len] = '\0';
}

void
br_jsonr_path_key(char *out, size_t n, const char *prefix, const char *key)
{
	path_join(out, n, prefix, prefix[0] ? "." : "", key);
}

void
br_jsonr_path_idx(char *out, size_t n, const char *prefix, size_t i)
{
	char num[32];

	snprintf(num, sizeof(num), "[%zu]", i);
	path_join(out, n, prefix, num, "");
}

const char *
br_jsonr_unknown_key(json_t *obj, const char *const *allowed)
{
	const char *key;
	json_t *v;

	json_object_foreach(obj, key, v)
	{
		bool ok = false;

		for (int i = 0; allowed[i] && !ok; i++)
			ok = strcmp(key, allowed[i]) == 0;
		if (!ok)
			return key;
	}
	return NULL;
}

int
br_jsonr_only(const struct br_jsonr *r, json_t *obj, const char *path,
              const char *const *allowed)
{
	const char *key;
	char p[BR_JSONR_PATH], q[48];

	if (!json_is_object(obj))
		return br_jsonr_fail(r, path, "must be an object");
	key = br_jsonr_unknown_key(obj, allowed);
	if (key == NULL)
		return 0;
	br_quote_value(key, q, sizeof(q));
	br_jsonr_path_key(p, sizeof(p), path, q);
	return br_jsonr_fail(r, p, "is not a known field here");
}

/* The value at obj[key], or NULL when absent or null (then required
 * fails). */
int
br_jsonr_get(const struct br_jsonr *r, json_t *obj, const char *prefix,
             const char *key, bool required, json_t **out)
{
	json_t *v = json_object_get(obj, key);
	char p[BR_JSONR_PATH];

	*out = NULL;
	if (v == NULL || json_is_null(v)) {
		if (!required)
			return 0;
		br_jsonr_path_key(p, sizeof(p), prefix, key);
		return br_jsonr_fail(r, p, "is required");
	}
	*out = v;
	return 0;
}

int
br_jsonr_object(const struct br_jsonr *r, json_t *obj, const char *prefix,
                const char *key, bool required, json_t **out)
{
	char p[BR_JSONR_PATH];
	int rc = br_jsonr_get(r, obj, prefix, key, required, out);

	if (rc == 0 && *out && !json_is_object(*out)) {
		br_jsonr_path_key(p, sizeof(p), prefix, key);
		return br_jsonr_fail(r, p, "must be an object");
	}
	return rc;
}

int
br_jsonr_array(const struct br_jsonr *r, json_t *obj, const char *prefix,
               const char *key, bool required, size_t min, size_t max,
               json_t **out)
{
	char p[BR_JSONR_PATH];
	int rc = br_jsonr_get(r, obj, prefix, key, required, out);

	if (rc < 0 || *out == NULL)
		return rc;
	br_jsonr_path_key(p, sizeof(p), prefix, key);
	if (!json_is_array(*out))
		return br_jsonr_fail(r, p, "must be a list");
	if (json_array_size(*out) < min || json_array_size(*out) > max)
		return br_jsonr_fail(r, p,
		                     "must hold %zu to %zu entries, not %zu",
		                     min, max, json_array_size(*out));
	return 0;
}

/* Text of 1..maxlen bytes without control characters. */
int
br_jsonr_check_text(const struct br_jsonr *r, json_t *v, const char *p,
                    size_t maxlen, const char **out)
{
	const char *s;
	size_t len;

	if (!json_is_string(v))
		return br_jsonr_fail(r, p, "must be text");
	s = json_string_value(v);
	len = json_string_length(v);
	if (len == 0)
		return br_jsonr_fail(r, p, "must not be empty");
	if (len > maxlen)
		return br_jsonr_fail(
		        r, p, "is %zu bytes long; at most %zu are allowed", len,
		        maxlen);
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch < 0x20 || ch == 0x7f)
			return br_jsonr_fail(
			        r, p,
			        "contains a control character at byte %zu",
			        i + 1);
	}
	*out = s;
	return 0;
}

int
br_jsonr_text(const struct br_jsonr *r, json_t *obj, const char *prefix,
              const char *key, bool required, size_t maxlen, const char **out)
{
	json_t *v;
	char p[BR_JSONR_PATH];
	int rc = br_jsonr_get(r, obj, prefix, key, required, &v);

	*out = NULL;
	if (rc < 0 || v == NULL)
		return rc;
	br_jsonr_path_key(p, sizeof(p), prefix, key);
	return br_jsonr_check_text(r, v, p, maxlen, out);
}

int
br_jsonr_check_int(const struct br_jsonr *r, json_t *v, const char *p, long min,
                   long max, int *out)
{
	json_int_t x;

	if (!json_is_integer(v))
		return br_jsonr_fail(r, p, "must be a whole number %ld-%ld",
		                     min, max);
	x = json_integer_value(v);
	if (x < min || x > max)
		return br_jsonr_fail(r, p,
		                     "must be a whole number %ld-%ld, not %lld",
		                     min, max, (long long)x);
	*out = (int)x;
	return 0;
}

int
br_jsonr_int(const struct br_jsonr *r, json_t *obj, const char *prefix,
             const char *key, bool required, long min, long max, int *out,
             bool *given)
{
	json_t *v;
	char p[BR_JSONR_PATH];
	int rc = br_jsonr_get(r, obj, prefix, key, required, &v);

	if (given)
		*given = v != NULL;
	if (rc < 0 || v == NULL)
		return rc;
	br_jsonr_path_key(p, sizeof(p), prefix, key);
	return br_jsonr_check_int(r, v, p, min, max, out);
}

int
br_jsonr_check_number(const struct br_jsonr *r, json_t *v, const char *p,
                      double min, double max, double *out)
{
	double x;

	if (!json_is_number(v))
		return br_jsonr_fail(r, p, "must be a number from %g to %g",
		                     min, max);
	x = json_number_value(v);
	if (!isfinite(x) || x < min || x > max)
		return br_jsonr_fail(r, p,
		                     "must be a number from %g to %g, not %g",
		                     min, max, x);
	*out = x;
	return 0;
}

int
br_jsonr_number(const struct br_jsonr *r, json_t *obj, const char *prefix,
                const char *key, double min, double max, double *out,
                bool *given)
{
	json_t *v;
	char p[BR_JSONR_PATH];
	int rc = br_jsonr_get(r, obj, prefix, key, false, &v);

	*given = v != NULL;
	if (rc < 0 || v == NULL)
		return rc;
	br_jsonr_path_key(p, sizeof(p), prefix, key);
	return br_jsonr_check_number(r, v, p, min, max, out);
}

int
br_jsonr_bool(const struct br_jsonr *r, json_t *obj, const char *prefix,
              const char *key, bool *out)
{
	json_t *v;
	char p[BR_JSONR_PATH];
	int rc = br_jsonr_get(r, obj, prefix, key, false, &v);

	*out = false;
	if (rc < 0 || v == NULL)
		return rc;
	if (!json_is_boolean(v)) {
		br_jsonr_path_key(p, sizeof(p), prefix, key);
		return br_jsonr_fail(r, p, "must be true or false");
	}
	*out = json_is_true(v);
	return 0;
}

int
br_jsonr_enum(const struct br_jsonr *r, json_t *obj, const char *prefix,
              const char *key, const char *const *names, int *out)
{
	const char *s;
	char p[BR_JSONR_PATH], list[160] = "";
	size_t n = 0;
	int rc = br_jsonr_text(r, obj, prefix, key, true, 40, &s);

	if (rc < 0)
		return rc;
	for (int i = 0; names[i]; i++) {
		if (strcmp(s, names[i]) == 0) {
			*out = i;
			return 0;
		}
		if (n < sizeof(list))
			n += (size_t)snprintf(list + n, sizeof(list) - n,
			                      "%s%s", i ? ", " : "", names[i]);
	}
	br_jsonr_path_key(p, sizeof(p), prefix, key);
	return br_jsonr_fail(r, p, "must be one of %s", list);
}
