/*
 * input.c - named input fields (see input.h).
 */
#include "app/input.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "core/parse.h"

static _Thread_local bool typed;

bool
br_in_typed(bool on)
{
	bool was = typed;

	typed = on;
	return was;
}

/* Typed input: a field of a JSON number or boolean type given as a
 * string (what names the type). */
static int
untyped(json_t *in, const char *key, const char *what, struct br_err *err)
{
	json_t *v = in ? json_object_get(in, key) : NULL;

	if (!typed || !json_is_string(v))
		return 0;
	return br_field_quoted_number(key, what, err);
}

bool
br_in_has(json_t *in, const char *key)
{
	json_t *v = in ? json_object_get(in, key) : NULL;

	return v != NULL && !json_is_null(v);
}

int
br_in_only(json_t *in, const char *const *allowed, struct br_err *err)
{
	const char *key;
	json_t *v;

	if (in == NULL)
		return 0;
	if (!json_is_object(in))
		return br_error(err, BR_EINVAL, "",
		                "the input must be a JSON object");
	json_object_foreach(in, key, v)
	{
		bool ok = false;

		for (int i = 0; allowed[i] && !ok; i++)
			ok = strcmp(key, allowed[i]) == 0;
		if (!ok) {
			return br_field_unknown(key, err);
		}
	}
	return 0;
}

/* The field as a string to parse (model/field.h's br_field_text): the
 * string itself, or a JSON number formatted (integers exactly).  NULL
 * when absent, and when a list or an object (*bad). */
static const char *
as_text(json_t *in, const char *key, char *buf, size_t len, bool *bad)
{
	json_t *v = in ? json_object_get(in, key) : NULL;
	const char *s;

	*bad = false;
	if (v == NULL || json_is_null(v))
		return NULL;
	s = br_field_text(v, buf, len);
	*bad = s == NULL;
	return s;
}

int
br_in_id(json_t *in, const char *key, int64_t *out, struct br_err *err)
{
	char buf[64];
	bool bad;
	const char *s = as_text(in, key, buf, sizeof(buf), &bad);
	long v;
	int rc;

	if (bad)
		return br_field_not_single(key, err);
	if (s == NULL)
		return br_error(err, BR_EINVAL, key, "%s is required", key);
	if (untyped(in, key, "a record id (a JSON number)", err) < 0)
		return BR_EINVAL;
	rc = br_parse_long(key, s, 1, (1L << 53) - 1, &v, err);
	if (rc < 0)
		return br_error(err, BR_EINVAL, key,
		                "%s must be a record id (a positive whole "
		                "number)",
		                key);
	*out = v;
	return 0;
}

int
br_in_int(json_t *in, const char *key, long min, long max, int *out,
          struct br_err *err)
{
	char buf[64];
	bool bad;
	const char *s = as_text(in, key, buf, sizeof(buf), &bad);
	long v;
	int rc;

	if (bad)
		return br_field_not_single(key, err);
	if (s == NULL)
		return 0;
	if (untyped(in, key, "a whole number (a JSON number)", err) < 0)
		return BR_EINVAL;
	rc = br_parse_long(key, s, min, max, &v, err);
	if (rc < 0)
		return rc;
	*out = (int)v;
	return 0;
}

int
br_in_double(json_t *in, const char *key, double min, double max, double *out,
             bool *given, struct br_err *err)
{
	char buf[64];
	bool bad;
	const char *s = as_text(in, key, buf, sizeof(buf), &bad);
	int rc;

	if (given)
		*given = false;
	if (bad)
		return br_field_not_single(key, err);
	if (s == NULL)
		return 0;
	if (untyped(in, key, "a number (a JSON number)", err) < 0)
		return BR_EINVAL;
	rc = br_parse_double(key, s, min, max, out, err);
	if (rc == 0 && given)
		*given = true;
	return rc;
}

int
br_in_text(json_t *in, const char *key, size_t maxlen, bool required,
           const char **out, struct br_err *err)
{
	json_t *v = in ? json_object_get(in, key) : NULL;
	const char *s;
	int rc;

	*out = NULL;
	if (v == NULL || json_is_null(v)) {
		if (required)
			return br_error(err, BR_EINVAL, key, "%s is required",
			                key);
		return 0;
	}
	rc = br_field_text_check(key, v, required ? 1 : 0, maxlen, err);
	if (rc < 0)
		return rc;
	s = json_string_value(v);
	*out = s;
	return 0;
}

int
br_in_date(json_t *in, const char *key, bool required, int32_t *out,
           struct br_err *err)
{
	char buf[64];
	bool bad;
	const char *s = as_text(in, key, buf, sizeof(buf), &bad);

	*out = INT32_MIN;
	if (bad)
		return br_field_not_single(key, err);
	if (s == NULL)
		return required ? br_error(err, BR_EINVAL, key,
		                           "%s is required (YYYY-MM-DD)", key)
		                : 0;
	return br_parse_date(key, s, out, err);
}

int
br_in_clock(json_t *in, const char *key, int *out, struct br_err *err)
{
	char buf[64];
	bool bad;
	const char *s = as_text(in, key, buf, sizeof(buf), &bad);

	if (bad)
		return br_field_not_single(key, err);
	if (s == NULL)
		return 0;
	return br_parse_clock(key, s, out, err);
}

int
br_in_enum(json_t *in, const char *key, const char *const *names, bool required,
           int *out, struct br_err *err)
{
	char buf[64];
	bool bad;
	const char *s = as_text(in, key, buf, sizeof(buf), &bad);

	*out = -1;
	if (bad)
		return br_field_not_single(key, err);
	if (s == NULL)
		return required ? br_error(err, BR_EINVAL, key,
		                           "%s is required", key)
		                : 0;
	return br_parse_enum(key, s, names, out, err);
}

int
br_in_bool(json_t *in, const char *key, bool *out, struct br_err *err)
{
	static const char *const names[] = {"false", "true", "no", "yes",
	                                    "0",     "1",    NULL};
	json_t *v = in ? json_object_get(in, key) : NULL;
	int idx, rc;

	if (typed && v && !json_is_null(v) && !json_is_boolean(v))
		return br_error(err, BR_EINVAL, key,
		                "%s must be true or false (a JSON boolean)",
		                key);
	rc = br_in_enum(in, key, names, false, &idx, err);

	if (rc < 0)
		return br_error(err, BR_EINVAL, key,
		                "%s must be true or false (yes or no)", key);
	if (idx >= 0)
		*out = idx % 2 == 1;
	return 0;
}

int
br_in_list(json_t *in, const char *key,
           int (*fn)(void *ctx, const char *item, int pos, struct br_err *err),
           void *ctx, struct br_err *err)
{
	json_t *v = in ? json_object_get(in, key) : NULL;

	if (v == NULL || json_is_null(v))
		return 0;
	return br_field_list_each(key, v, fn, ctx, err);
}

int
br_in_int_field(json_t *in, const struct br_fields *t, const char *key,
                int *out, struct br_err *err)
{
	const struct br_field *f = br_fields_get(t, key, err);

	if (f == NULL)
		return BR_EINVAL;
	return br_in_int(in, key, (long)f->min, (long)f->max, out, err);
}

int
br_in_double_field(json_t *in, const struct br_fields *t, const char *key,
                   double *out, struct br_err *err)
{
	const struct br_field *f = br_fields_get(t, key, err);

	if (f == NULL)
		return BR_EINVAL;
	return br_in_double(in, key, f->min, f->max, out, NULL, err);
}

int
br_in_text_field(json_t *in, const struct br_fields *t, const char *key,
                 char *out, size_t n, struct br_err *err)
{
	const struct br_field *f = br_fields_get(t, key, err);
	const char *s = NULL;
	int rc;

	if (f == NULL)
		return BR_EINVAL;
	rc = br_in_text(in, key, (size_t)f->max, f->flags & BR_FF_REQUIRED, &s,
	                err);
	if (rc < 0)
		return rc;
	if (s && strlen(s) >= n)
		return br_error(err, BR_EINVAL, key,
		                "%s is %zu bytes long; at most %zu are allowed",
		                key, strlen(s), n - 1);
	snprintf(out, n, "%s", s ? s : "");
	return 0;
}
