/*
 * field.c - checking an input object against a field table (see field.h).
 *
 * The messages are the ones the use cases' field readers (app/input.c)
 * give, so a use case that moves from reading field by field to its table
 * answers bad input with the same sentence.
 */
#include "model/field.h"

#include <float.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "core/instrument.h"
#include "core/parse.h"
#include "core/sleep.h"
#include "model/vocab.h"

#define ID_MAX     ((1L << 53) - 1)
#define ITEM_MAX   128 /* bytes of one item of a comma-separated list */
#define PATH_MAX_K 48  /* sizeof(struct br_err.field) */

/* A JSON value's kind, as a message names it. */
static const char *
kind_name(const json_t *v)
{
	if (json_is_string(v))
		return "text";
	if (json_is_number(v))
		return "a number";
	if (json_is_boolean(v))
		return "true or false";
	if (json_is_array(v))
		return "a list";
	return "an object";
}

/* The value as text to parse on the command line's terms: the string
 * itself, or a JSON number or boolean formatted.  NULL for a list or an
 * object. */
const char *
br_field_text(const json_t *v, char *buf, size_t len)
{
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_integer(v)) {
		snprintf(buf, len, "%lld", (long long)json_integer_value(v));
		return buf;
	}
	if (json_is_real(v)) {
		snprintf(buf, len, "%.17g", json_real_value(v));
		return buf;
	}
	if (json_is_boolean(v)) {
		snprintf(buf, len, "%s", json_is_true(v) ? "true" : "false");
		return buf;
	}
	return NULL;
}

int
br_field_not_single(const char *key, struct br_err *err)
{
	return br_error(err, BR_EINVAL, key,
	                "%s must be a single value, not a list or object", key);
}

int
br_field_unknown(const char *key, struct br_err *err)
{
	char q[48];

	br_quote_value(key, q, sizeof(q));
	return br_error(err, BR_EINVAL, q, "'%s' is not a known field here", q);
}

int
br_field_quoted_number(const char *key, const char *want, struct br_err *err)
{
	return br_error(err, BR_EINVAL, key,
	                "%s must be %s, not text in quotes", key, want);
}

/* The text to parse for a scalar field, or NULL with err filled.  want
 * (when not NULL) is what a strict number must be. */
static const char *
scalar_text(const char *key, const json_t *v, bool strict, const char *want,
            char *buf, size_t len, struct br_err *err)
{
	const char *s;

	if (json_is_array(v) || json_is_object(v)) {
		br_field_not_single(key, err);
		return NULL;
	}
	if (strict && want && json_is_string(v)) {
		br_field_quoted_number(key, want, err);
		return NULL;
	}
	s = br_field_text(v, buf, len);
	if (s == NULL)
		br_field_not_single(key, err);
	return s;
}

int
br_field_text_check(const char *key, const json_t *v, size_t min, size_t max,
                    struct br_err *err)
{
	const char *s;
	size_t len;

	if (!json_is_string(v))
		return br_error(err, BR_EINVAL, key, "%s must be text", key);
	s = json_string_value(v);
	len = json_string_length(v);
	if (len != strlen(s))
		return br_error(err, BR_EINVAL, key,
		                "%s must not contain NUL characters", key);
	if (max > 0 && len > max)
		return br_error(err, BR_EINVAL, key,
		                "%s is %zu bytes long; at most %zu are allowed",
		                key, len, max);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f)
			return br_error(err, BR_EINVAL, key,
			                "%s contains a control character at "
			                "byte %zu",
			                key, i + 1);
	}
	if (len < min) {
		if (len == 0)
			return br_error(err, BR_EINVAL, key,
			                "%s must not be empty", key);
		return br_error(err, BR_EINVAL, key,
		                "%s is %zu bytes long; at least %zu are needed",
		                key, len, min);
	}
	return 0;
}

/* One code of an ENUM or LIST field: from values, or from the vocabulary
 * file. */
static int
check_code(const char *key, const char *s, const struct br_field *f,
           struct br_err *err)
{
	int idx;

	if (f->flags & BR_FF_VOCAB)
		return br_vocab_check(f->vocab_file, f->vocab_list, key, s,
		                      br_vocab_see(f->vocab_file), err);
	if (f->values == NULL)
		return 0;
	return br_parse_enum(key, s, f->values, &idx, err);
}

static int
check_count(const char *key, size_t n, const struct br_field *f,
            struct br_err *err)
{
	if (f->max > 0 && (double)n > f->max)
		return br_error(err, BR_EINVAL, key,
		                "%s may list at most %.0f items, not %zu", key,
		                f->max, n);
	if (f->min > 0 && (double)n < f->min)
		return br_error(err, BR_EINVAL, key,
		                "%s must list at least %.0f items, not %zu",
		                key, f->min, n);
	return 0;
}

int
br_field_list_each(const char *key, const json_t *v,
                   int (*fn)(void *ctx, const char *item, int pos,
                             struct br_err *err),
                   void *ctx, struct br_err *err)
{
	char item[ITEM_MAX];
	int pos = 0, rc = 0;

	if (json_is_array(v)) {
		size_t i;
		json_t *e;

		json_array_foreach(v, i, e)
		{
			if (!json_is_string(e))
				return br_error(err, BR_EINVAL, key,
				                "%s must be a list of text "
				                "values",
				                key);
			rc = fn(ctx, json_string_value(e), ++pos, err);
			if (rc < 0)
				return rc;
		}
		return 0;
	}
	if (!json_is_string(v))
		return br_error(err, BR_EINVAL, key,
		                "%s must be a comma-separated list", key);
	for (const char *p = json_string_value(v); rc == 0 && *p;) {
		size_t n = strcspn(p, ",");

		if (n >= sizeof(item))
			return br_error(err, BR_EINVAL, key,
			                "item %d of %s is too long", pos + 1,
			                key);
		memcpy(item, p, n);
		item[n] = '\0';
		if (n > 0)
			rc = fn(ctx, item, ++pos, err);
		p += n;
		if (*p == ',')
			p++;
	}
	return rc;
}

struct list_ctx {
	const char *key;
	const struct br_field *f;
	size_t n;
};

static int
list_item(void *ctx, const char *item, int pos, struct br_err *err)
{
	struct list_ctx *c = ctx;

	c->n = (size_t)pos;
	return check_code(c->key, item, c->f, err);
}

static int
check_list(const char *key, const json_t *v, const struct br_field *f,
           struct br_err *err)
{
	struct list_ctx c = {key, f, 0};
	int rc = br_field_list_each(key, v, list_item, &c, err);

	return rc < 0 ? rc : check_count(key, c.n, f, err);
}

static int
required_list(const char *key, const char *const *values, struct br_err *err)
{
	char names[400] = "";
	size_t len = 0;

	for (int i = 0; values[i] && len < sizeof(names); i++) {
		int w = snprintf(names + len, sizeof(names) - len, "%s%s",
		                 i == 0          ? ""
		                 : values[i + 1] ? ", "
		                                 : " or ",
		                 values[i]);
		if (w < 0)
			break;
		len += (size_t)w;
	}
	return br_error(err, BR_EINVAL, key, "%s is required (%s)", key, names);
}

static int check_object(const json_t *in, const struct br_field *fields,
                        const char *prefix, bool strict, struct br_err *err);

int
br_field_codes(const char *key, const json_t *v, int *codes, int max, int *n,
               struct br_err *err)
{
	struct br_err e2 = BR_ERR_INIT;
	int scratch[BR_INSTR_MAX_ITEMS];
	const json_t *e;
	size_t i;

	*n = 0;
	if (codes == NULL) {
		codes = scratch;
		max = BR_INSTR_MAX_ITEMS;
	}
	if (json_is_string(v)) {
		if (strlen(json_string_value(v)) != json_string_length(v))
			return br_error(err, BR_EINVAL, key,
			                "%s must not contain NUL characters",
			                key);
		if (br_answers_parse(json_string_value(v), codes, max, n,
		                     &e2) == 0)
			return 0;
		return br_error(err, e2.code, key, "%s: %s", key, e2.msg);
	}
	if (!json_is_array(v))
		return br_error(err, BR_EINVAL, key,
		                "%s must be a comma-separated list or an array "
		                "of codes",
		                key);
	json_array_foreach(v, i, e)
	{
		int code = BR_ANSWER_SKIPPED, one[1], got = 1;

		if (json_is_integer(e)) {
			json_int_t x = json_integer_value(e);

			if (x < 0 || x > 999999)
				return br_error(
				        err, BR_EINVAL, key,
				        "%s: answer %zu is %lld; expected a "
				        "response code (a whole number "
				        "0 or more) or null for a "
				        "skipped item",
				        key, i + 1, (long long)x);
			code = (int)x;
		} else if (json_is_string(e)) {
			if (strlen(json_string_value(e)) !=
			            json_string_length(e) ||
			    strchr(json_string_value(e), ',') ||
			    br_answers_parse(json_string_value(e), one, 1, &got,
			                     &e2) < 0)
				return br_error(
				        err, BR_EINVAL, key,
				        "%s: answer %zu is not a response "
				        "code, - or null",
				        key, i + 1);
			code = one[0];
		} else if (!json_is_null(e)) {
			return br_error(
			        err, BR_EINVAL, key,
			        "%s: answer %zu must be a response code "
			        "or null",
			        key, i + 1);
		}
		if (*n < max)
			codes[*n] = code;
		(*n)++;
	}
	return 0;
}

static int
check_value(const char *key, const json_t *v, const struct br_field *f,
            bool strict, struct br_err *err)
{
	char buf[64];
	const char *s;
	long l;
	double d;
	int32_t day;
	int minutes, idx;

	switch (f->type) {
	case BR_FT_ID:
		if (json_is_array(v) || json_is_object(v))
			return br_field_not_single(key, err);
		if (strict && json_is_string(v))
			return br_field_quoted_number(
			        key, "a record id (a JSON number)", err);
		s = br_field_text(v, buf, sizeof(buf));
		if (s == NULL || br_parse_long(key, s, 1, ID_MAX, &l, err) < 0)
			return br_error(
			        err, BR_EINVAL, key,
			        "%s must be a record id (a positive whole "
			        "number)",
			        key);
		return 0;
	case BR_FT_INT:
		s = scalar_text(key, v, strict,
		                "a whole number (a JSON number)", buf,
		                sizeof(buf), err);
		if (s == NULL)
			return BR_EINVAL;
		if (f->min == 0 && f->max == 0)
			return br_parse_long(key, s, LONG_MIN, LONG_MAX, &l,
			                     err);
		return br_parse_long(key, s, (long)f->min, (long)f->max, &l,
		                     err);
	case BR_FT_NUM:
		s = scalar_text(key, v, strict, "a number (a JSON number)", buf,
		                sizeof(buf), err);
		if (s == NULL)
			return BR_EINVAL;
		if (f->min == 0 && f->max == 0)
			return br_parse_double(key, s, -DBL_MAX, DBL_MAX, &d,
			                       err);
		return br_parse_double(key, s, f->min, f->max, &d, err);
	case BR_FT_TEXT:
		return br_field_text_check(key, v, (size_t)f->min,
		                           (size_t)f->max, err);
	case BR_FT_DATE:
		s = scalar_text(key, v, false, NULL, buf, sizeof(buf), err);
		return s ? br_parse_date(key, s, &day, err) : BR_EINVAL;
	case BR_FT_CLOCK:
		s = scalar_text(key, v, false, NULL, buf, sizeof(buf), err);
		return s ? br_parse_clock(key, s, &minutes, err) : BR_EINVAL;
	case BR_FT_BOOL:
		if (json_is_boolean(v))
			return 0;
		if (strict)
			return br_error(err, BR_EINVAL, key,
			                "%s must be true or false (a JSON "
			                "boolean)",
			                key);
		{
			static const char *const names[] = {
			        "false", "true", "no", "yes", "0", "1", NULL};

			s = scalar_text(key, v, false, NULL, buf, sizeof(buf),
			                err);
			if (s == NULL)
				return BR_EINVAL;
			if (br_parse_enum(key, s, names, &idx, err) < 0)
				return br_error(err, BR_EINVAL, key,
				                "%s must be true or false (yes "
				                "or no)",
				                key);
		}
		return 0;
	case BR_FT_ENUM:
		s = scalar_text(key, v, false, NULL, buf, sizeof(buf), err);
		return s ? check_code(key, s, f, err) : BR_EINVAL;
	case BR_FT_LIST:
		return check_list(key, v, f, err);
	case BR_FT_OBJECT:
		if (!json_is_object(v))
			return br_error(err, BR_EINVAL, key,
			                "%s must be an object, not %s", key,
			                kind_name(v));
		return f->fields ? check_object(v, f->fields, key, strict, err)
		                 : 0;
	case BR_FT_ARRAY: {
		char item[PATH_MAX_K];
		size_t i;
		json_t *e;
		int rc;

		if (!json_is_array(v))
			return br_error(err, BR_EINVAL, key,
			                "%s must be a list, not %s", key,
			                kind_name(v));
		rc = check_count(key, json_array_size(v), f, err);
		if (rc < 0 || f->fields == NULL)
			return rc;
		json_array_foreach(v, i, e)
		{
			if (snprintf(item, sizeof(item), "%s[%zu]", key, i) < 0)
				item[0] = '\0';
			if (!json_is_object(e))
				return br_error(err, BR_EINVAL, item,
				                "%s must be an object, not %s",
				                item, kind_name(e));
			rc = check_object(e, f->fields, item, strict, err);
			if (rc < 0)
				return rc;
		}
		return 0;
	}
	case BR_FT_CODES: {
		int n;

		return br_field_codes(key, v, NULL, 0, &n, err);
	}
	}
	return br_error(err, BR_EINVAL, key, "%s has an unknown type", key);
}

/* The name a message gives a member: its key, or prefix.key inside an
 * object or a list item. */
static const char *
member_name(const char *prefix, const char *key, char *buf, size_t len)
{
	if (prefix == NULL)
		return key;
	/* A name longer than the buffer is cut short, as err.field is. */
	if (snprintf(buf, len, "%s.%s", prefix, key) < 0)
		return key;
	return buf;
}

static int
check_object(const json_t *in, const struct br_field *fields,
             const char *prefix, bool strict, struct br_err *err)
{
	char name[PATH_MAX_K], q[48];
	const char *key;
	json_t *v;
	int rc;

	/* Unknown keys first, as br_in_only does before any field is read. */
	json_object_foreach((json_t *)in, key, v)
	{
		const struct br_field *f = fields;

		while (f->key &&
		       (strcmp(f->key, key) != 0 || (f->flags & BR_FF_SERVER)))
			f++;
		if (f->key == NULL) {
			br_quote_value(key, q, sizeof(q));
			key = member_name(prefix, q, name, sizeof(name));
			return br_error(err, BR_EINVAL, key,
			                "'%s' is not a known field here", key);
		}
	}
	for (const struct br_field *f = fields; f->key; f++) {
		if (f->flags & BR_FF_SERVER)
			continue;
		key = member_name(prefix, f->key, name, sizeof(name));
		v = json_object_get(in, f->key);
		if (v == NULL || json_is_null(v)) {
			if (!(f->flags & BR_FF_REQUIRED))
				continue;
			if (f->type == BR_FT_DATE)
				return br_error(err, BR_EINVAL, key,
				                "%s is required (YYYY-MM-DD)",
				                key);
			if (f->type == BR_FT_LIST && f->values)
				return required_list(key, f->values, err);
			if (f->type == BR_FT_CODES)
				return br_error(
				        err, BR_EINVAL, key,
				        "%s is required: response codes "
				        "in item order, e.g. 3,2,-,4 (- "
				        "or nothing for a skipped item)",
				        key);
			return br_error(err, BR_EINVAL, key, "%s is required",
			                key);
		}
		rc = check_value(key, v, f, strict, err);
		if (rc < 0)
			return rc;
	}
	return 0;
}

int
br_fields_check(json_t *in, const struct br_fields *t, bool strict,
                struct br_err *err)
{
	json_t *obj = in;
	int rc;

	if (obj != NULL && !json_is_object(obj))
		return br_error(err, BR_EINVAL, "",
		                "the input must be a JSON object");
	if (obj == NULL) {
		obj = json_object();
		if (obj == NULL)
			return br_error(err, BR_ENOMEM, "", "out of memory");
	}
	rc = check_object(obj, t->fields, NULL, strict, err);
	if (obj != in)
		json_decref(obj);
	return rc;
}

const struct br_field *
br_fields_find(const struct br_fields *t, const char *key)
{
	for (const struct br_field *f = t->fields; f->key; f++)
		if (strcmp(f->key, key) == 0)
			return f;
	return NULL;
}

const struct br_field *
br_fields_get(const struct br_fields *t, const char *key, struct br_err *err)
{
	const struct br_field *f = br_fields_find(t, key);

	if (f == NULL)
		br_error(err, BR_EINVAL, key, "%s is not a field of %s", key,
		         t->name);
	return f;
}

int
br_fields_range(const struct br_fields *t, const char *key, int v,
                struct br_err *err)
{
	const struct br_field *f = br_fields_get(t, key, err);
	long min = 0, max = 0;

	if (f == NULL)
		return BR_EINVAL;
	if (v == BR_UNSET)
		return 0;
	if (f->type == BR_FT_CLOCK)
		max = 1439;
	else if (f->type == BR_FT_BOOL)
		max = 1;
	else if (f->min == 0 && f->max == 0)
		return 0;
	else {
		min = (long)f->min;
		max = (long)f->max;
	}
	if (v >= min && v <= max)
		return 0;
	return br_error(err, BR_EINVAL, key, "%s must be %ld-%ld, not %d", key,
	                min, max, v);
}

int
br_fields_num_range(const struct br_fields *t, const char *key, double v,
                    struct br_err *err)
{
	const struct br_field *f = br_fields_get(t, key, err);

	if (f == NULL)
		return BR_EINVAL;
	if (v >= f->min && v <= f->max)
		return 0;
	return br_error(err, BR_EINVAL, key,
	                "%s must be a number from %g to %g, not %g", key,
	                f->min, f->max, v);
}

int
br_fields_enum(const struct br_fields *t, const char *key, const char *v,
               struct br_err *err)
{
	const struct br_field *f = br_fields_get(t, key, err);
	int idx;

	if (f == NULL)
		return BR_EINVAL;
	return br_parse_enum(key, v, f->values, &idx, err);
}
