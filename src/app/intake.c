/*
 * intake.c - use cases: record and show the intake history of an episode
 * (see intake.h).
 *
 * The scalar fields are described once in a table (model/intake_fields.h:
 * key, kind, place in struct br_intake, allowed values), which drives the
 * input's field table, reading, merging, clearing and the JSON view alike;
 * the lists have their own readers.  Input is checked completely before
 * the transaction starts (the table, then every value on its own with
 * model/checks_intake.h); the rules between fields need the stored intake
 * and run on the merged record inside the transaction (br_app_intake_apply),
 * rolling it back.
 */
#include "app/intake.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/intake_fields.h"
#include "app/internal.h"
#include "model/checks_intake.h"
#include "model/vocab.h"

#define VOCAB "intake.json"
#define SEE   "backrest intake vocab"

/* Lists, in the order of enum br_intake_list. */
static const char *const list_keys[] = {
        "locations",  "aggravating", "easing", "conditions",
        "treatments", "medicines",   NULL};

/* What the input gave: the values (in a struct br_intake) and which
 * fields and lists were given or cleared. */
struct patch {
	struct br_intake v;
	bool given[BR_INTAKE_NFIELDS];
	bool cleared[BR_INTAKE_NFIELDS];
	bool list_given[BR_INTAKE_NLISTS];
	bool list_cleared[BR_INTAKE_NLISTS];
	int32_t date; /* INT32_MIN when not given */
};

static int
read_field(json_t *in, const struct br_intake_field *f, struct br_intake *x,
           struct br_err *err)
{
	const char *text;
	bool b = false, given = false;
	int idx, rc = 0;

	switch (f->kind) {
	case BR_INTAKE_ENUM:
		rc = br_in_enum(in, f->key, f->names, false, &idx, err);
		if (rc == 0 && idx >= 0)
			snprintf(br_intake_at(x, f), f->size, "%s",
			         f->names[idx]);
		break;
	case BR_INTAKE_INT:
		rc = br_in_int(in, f->key, f->min, f->max, br_intake_at(x, f),
		               err);
		break;
	case BR_INTAKE_KG:
		rc = br_in_double(in, f->key, (double)f->min, (double)f->max,
		                  br_intake_at(x, f), &given, err);
		break;
	case BR_INTAKE_BOOL:
		rc = br_in_bool(in, f->key, &b, err);
		if (rc == 0)
			*(int *)br_intake_at(x, f) = b;
		break;
	case BR_INTAKE_TEXT:
		rc = br_in_text(in, f->key, (size_t)f->max, false, &text, err);
		if (rc == 0 && text)
			snprintf(br_intake_at(x, f), f->size, "%s", text);
		break;
	}
	return rc;
}

/* Lists ------------------------------------------------------------------ */

struct list_ctx {
	const char *key; /* input field */
	enum br_intake_list l;
	struct br_intake *x;
	int *n; /* the list's count in x */
	bool none;
};

/* "none" alone records an empty list; with other items it is refused. */
static int
check_none(struct list_ctx *c, const char *item, int n, struct br_err *err)
{
	if (strcmp(item, "none") == 0) {
		if (n > 0)
			return br_error(err, BR_EINVAL, c->key,
			                "%s lists none together with other "
			                "items",
			                c->key);
		c->none = true;
		return 1;
	}
	if (c->none)
		return br_error(err, BR_EINVAL, c->key,
		                "%s lists none together with other items",
		                c->key);
	return 0;
}

static int
add_code(void *ctx, const char *item, int pos, struct br_err *err)
{
	struct list_ctx *c = ctx;
	int rc = check_none(c, item, *c->n, err);

	(void)pos;
	if (rc != 0)
		return rc < 0 ? rc : 0;
	return br_rec_intake_add_code(c->x, c->l, item, err);
}

struct location_ctx {
	struct list_ctx base;
	struct br_intake *x;
};

/* "low-back", "buttock:left", "thigh:L" (L, R, B, C or the words). */
static int
add_location(void *ctx, const char *item, int pos, struct br_err *err)
{
	static const char *const short_sides[] = {"L", "R", "B", "C", NULL};
	struct location_ctx *c = ctx;
	struct br_intake *x = c->x;
	char code[BR_CODE_LEN], q[48];
	const char *sep = strchr(item, ':');
	size_t n = sep ? (size_t)(sep - item) : strlen(item);
	int side = -1, rc = check_none(&c->base, item, x->n_locations, err);

	(void)pos;
	if (rc != 0)
		return rc < 0 ? rc : 0;
	if (n >= sizeof(code)) {
		br_quote_value(item, q, sizeof(q));
		return br_error(err, BR_EINVAL, "locations",
		                "locations '%s' is not a known code; '%s' "
		                "lists them",
		                q, SEE);
	}
	memcpy(code, item, n);
	code[n] = '\0';
	if (sep) {
		for (int i = 0; short_sides[i] && side < 0; i++)
			if (strcmp(sep + 1, short_sides[i]) == 0 ||
			    strcmp(sep + 1, br_intake_location_sides[i]) == 0)
				side = i;
		if (side < 0) {
			br_quote_value(item, q, sizeof(q));
			return br_error(err, BR_EINVAL, "locations",
			                "locations '%s' has an unknown side: "
			                "write :L, :R, :B or :C (central)",
			                q);
		}
	}
	return br_rec_intake_add_location(
	        x, code, side >= 0 ? br_intake_location_sides[side] : "", err);
}

/* Copies part (at most size - 1 bytes, checked) without surrounding
 * spaces. */
static void
copy_trimmed(char *out, size_t size, const char *part)
{
	size_t n;

	while (*part == ' ')
		part++;
	n = strlen(part);
	while (n > 0 && part[n - 1] == ' ')
		n--;
	snprintf(out, size, "%.*s", (int)n, part);
}

/* One medicine: {"name", "dose", "kind", "purpose"} or the text
 * "NAME|DOSE|KIND|PURPOSE" (the last three optional). */
static int
add_medicine(struct br_intake *x, json_t *item, int pos, struct br_err *err)
{
	const char *parts[4] = {NULL, NULL, NULL, NULL};
	char buf[4 * BR_NAME_MAX], word[16];
	struct br_intake_medicine *m;

	if (json_is_object(item)) {
		static const char *const keys[] = {"name", "dose", "kind",
		                                   "purpose", NULL};
		const char *key;
		json_t *v;

		json_object_foreach(item, key, v)
		{
			int k = -1;

			for (int i = 0; keys[i] && k < 0; i++)
				if (strcmp(key, keys[i]) == 0)
					k = i;
			if (k < 0 || !(json_is_string(v) || json_is_null(v)))
				return br_error(err, BR_EINVAL, "medicines",
				                "medicines item %d has fields "
				                "name, dose, kind and purpose, "
				                "all text",
				                pos);
			parts[k] = json_string_value(v);
		}
	} else if (json_is_string(item)) {
		char *p = buf;

		if (json_string_length(item) >= sizeof(buf))
			return br_error(err, BR_EINVAL, "medicines",
			                "medicines item %d is too long", pos);
		snprintf(buf, sizeof(buf), "%s", json_string_value(item));
		for (int k = 0; k < 4 && p; k++) {
			char *bar = strchr(p, '|');

			if (bar)
				*bar = '\0';
			parts[k] = p;
			p = bar ? bar + 1 : NULL;
		}
		if (p)
			return br_error(err, BR_EINVAL, "medicines",
			                "medicines item %d has more than "
			                "NAME|DOSE|KIND|PURPOSE",
			                pos);
	} else {
		return br_error(err, BR_EINVAL, "medicines",
		                "medicines must be a list of text or objects");
	}
	for (int k = 0; k < 4; k++) {
		size_t n;

		if (parts[k] == NULL)
			continue;
		n = strlen(parts[k]);
		if (n >= BR_NAME_MAX)
			return br_error(err, BR_EINVAL, "medicines",
			                "medicines item %d: each part may have "
			                "at most %d bytes",
			                pos, BR_NAME_MAX - 1);
		for (size_t i = 0; i < n; i++)
			if ((unsigned char)parts[k][i] < 0x20 ||
			    parts[k][i] == 0x7f)
				return br_error(err, BR_EINVAL, "medicines",
				                "medicines item %d contains a "
				                "control character",
				                pos);
	}
	if (parts[0] == NULL)
		return br_error(err, BR_EINVAL, "medicines",
		                "medicines item %d needs a name", pos);
	if (x->n_medicines == BR_INTAKE_MAX_MEDS)
		return br_error(err, BR_EINVAL, "medicines",
		                "medicines lists more than %d items",
		                BR_INTAKE_MAX_MEDS);
	/* Kind, purpose and name are the record's check's. */
	m = &x->medicines[x->n_medicines++];
	memset(m, 0, sizeof(*m));
	copy_trimmed(m->name, sizeof(m->name), parts[0]);
	if (parts[1])
		copy_trimmed(m->dose, sizeof(m->dose), parts[1]);
	if (parts[2])
		copy_trimmed(word, sizeof(word), parts[2]);
	if (parts[2])
		snprintf(m->kind, sizeof(m->kind), "%s", word);
	if (parts[3])
		copy_trimmed(word, sizeof(word), parts[3]);
	/* A word too long for the member is cut to one that is no
	 * purpose either, and the check refuses it. */
	if (parts[3])
		snprintf(m->purpose, sizeof(m->purpose), "%.*s",
		         (int)sizeof(m->purpose) - 1, word);
	return 0;
}

static int
read_medicines(json_t *in, struct br_intake *x, struct br_err *err)
{
	json_t *v = json_object_get(in, "medicines");
	size_t i;
	json_t *e;
	int rc;

	if (json_is_string(v) && strcmp(json_string_value(v), "none") == 0)
		return 0;
	if (!json_is_array(v))
		return add_medicine(x, v, 1, err);
	if (json_array_size(v) == 1 && json_is_string(json_array_get(v, 0)) &&
	    strcmp(json_string_value(json_array_get(v, 0)), "none") == 0)
		return 0;
	json_array_foreach(v, i, e)
	{
		if (json_is_string(e) &&
		    strcmp(json_string_value(e), "none") == 0)
			return br_error(err, BR_EINVAL, "medicines",
			                "medicines lists none together with "
			                "other items");
		rc = add_medicine(x, e, (int)i + 1, err);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int
read_list(json_t *in, enum br_intake_list l, struct br_intake *x,
          struct br_err *err)
{
	struct location_ctx lc = {
	        {"locations", BR_INTAKE_LOCATIONS, x, &x->n_locations, false},
	        x};
	struct list_ctx c = {list_keys[l], l, x, NULL, false};

	switch (l) {
	case BR_INTAKE_LOCATIONS:
		return br_in_list(in, "locations", add_location, &lc, err);
	case BR_INTAKE_AGGRAVATING:
		c.n = &x->n_aggravating;
		break;
	case BR_INTAKE_EASING:
		c.n = &x->n_easing;
		break;
	case BR_INTAKE_CONDITIONS:
		c.n = &x->n_conditions;
		break;
	case BR_INTAKE_TREATMENTS:
		c.n = &x->n_treatments;
		break;
	case BR_INTAKE_MEDICINES:
	case BR_INTAKE_NLISTS:
		return read_medicines(in, x, err);
	}
	return br_in_list(in, list_keys[l], add_code, &c, err);
}

/* Copies list l from src to dst (with its recorded flag). */
static void
copy_list(struct br_intake *dst, const struct br_intake *src,
          enum br_intake_list l)
{
#define COPY(n, arr)                                                           \
	do {                                                                   \
		dst->n = src->n;                                               \
		memcpy(dst->arr, src->arr, sizeof(dst->arr));                  \
	} while (0)
	switch (l) {
	case BR_INTAKE_LOCATIONS:
		COPY(n_locations, locations);
		break;
	case BR_INTAKE_AGGRAVATING:
		COPY(n_aggravating, aggravating);
		break;
	case BR_INTAKE_EASING:
		COPY(n_easing, easing);
		break;
	case BR_INTAKE_CONDITIONS:
		COPY(n_conditions, conditions);
		break;
	case BR_INTAKE_TREATMENTS:
		COPY(n_treatments, treatments);
		break;
	case BR_INTAKE_MEDICINES:
	case BR_INTAKE_NLISTS:
		COPY(n_medicines, medicines);
		break;
	}
#undef COPY
	dst->recorded[l] = src->recorded[l];
}

/* Resets list l to "not asked". */
static void
clear_list(struct br_intake *x, enum br_intake_list l)
{
	switch (l) {
	case BR_INTAKE_LOCATIONS:
		x->n_locations = 0;
		break;
	case BR_INTAKE_AGGRAVATING:
		x->n_aggravating = 0;
		break;
	case BR_INTAKE_EASING:
		x->n_easing = 0;
		break;
	case BR_INTAKE_CONDITIONS:
		x->n_conditions = 0;
		break;
	case BR_INTAKE_TREATMENTS:
		x->n_treatments = 0;
		break;
	case BR_INTAKE_MEDICINES:
	case BR_INTAKE_NLISTS:
		x->n_medicines = 0;
		break;
	}
	x->recorded[l] = false;
}

/* "clear": names of fields and lists to reset (checked by the table). */
static int
add_clear(void *ctx, const char *item, int pos, struct br_err *err)
{
	struct patch *p = ctx;

	(void)pos;
	(void)err;
	for (size_t i = 0; i < BR_INTAKE_NFIELDS; i++)
		if (strcmp(br_intake_fields[i].key, item) == 0)
			p->cleared[i] = true;
	for (int l = 0; l < BR_INTAKE_NLISTS; l++)
		if (strcmp(list_keys[l], item) == 0)
			p->list_cleared[l] = true;
	return 0;
}

/* Reads and checks every field of in (of table t: the input, or the
 * answers alone) into p. */
static int
read_patch(struct br_app *app, json_t *in, const struct br_fields *t,
           struct patch *p, struct br_err *err)
{
	int rc;

	memset(p, 0, sizeof(*p));
	br_intake_init(&p->v);
	rc = br_fields_check(in, t, app->typed_input, err);
	if (rc == 0)
		rc = br_in_date(in, "date", false, &p->date, err);
	for (size_t i = 0; rc == 0 && i < BR_INTAKE_NFIELDS; i++) {
		p->given[i] = br_in_has(in, br_intake_fields[i].key);
		rc = read_field(in, &br_intake_fields[i], &p->v, err);
	}
	for (int l = 0; rc == 0 && l < BR_INTAKE_NLISTS; l++) {
		p->list_given[l] = br_in_has(in, list_keys[l]);
		if (p->list_given[l]) {
			rc = read_list(in, (enum br_intake_list)l, &p->v, err);
			p->v.recorded[l] = true;
		}
	}
	if (rc == 0)
		rc = br_in_list(in, "clear", add_clear, p, err);
	for (size_t i = 0; rc == 0 && i < BR_INTAKE_NFIELDS; i++)
		if (p->given[i] && p->cleared[i])
			rc = br_error(err, BR_EINVAL, br_intake_fields[i].key,
			              "%s is both given and cleared",
			              br_intake_fields[i].key);
	for (int l = 0; rc == 0 && l < BR_INTAKE_NLISTS; l++)
		if (p->list_given[l] && p->list_cleared[l])
			rc = br_error(err, BR_EINVAL, list_keys[l],
			              "%s is both given and cleared",
			              list_keys[l]);
	/* Each value on its own; the rules between fields need the
	 * stored intake. */
	if (rc == 0)
		rc = br_rec_intake_check_values(&p->v, err);
	return rc;
}

/* Resets a field to "not recorded". */
static void
clear_field(struct br_intake *x, const struct br_intake_field *f)
{
	switch (f->kind) {
	case BR_INTAKE_ENUM:
	case BR_INTAKE_TEXT:
		memset(br_intake_at(x, f), 0, f->size);
		break;
	case BR_INTAKE_INT:
	case BR_INTAKE_BOOL:
		*(int *)br_intake_at(x, f) = BR_UNSET;
		break;
	case BR_INTAKE_KG:
		*(double *)br_intake_at(x, f) = -1.0;
		break;
	}
}

static void
apply_patch(struct br_intake *x, const struct patch *p)
{
	for (size_t i = 0; i < BR_INTAKE_NFIELDS; i++) {
		const struct br_intake_field *f = &br_intake_fields[i];

		if (p->given[i])
			memcpy(br_intake_at(x, f), br_intake_at_c(&p->v, f),
			       f->size);
		else if (p->cleared[i])
			clear_field(x, f);
	}
	for (int l = 0; l < BR_INTAKE_NLISTS; l++) {
		if (p->list_given[l]) {
			copy_list(x, &p->v, (enum br_intake_list)l);
		} else if (p->list_cleared[l]) {
			clear_list(x, (enum br_intake_list)l);
		}
	}
}

int
br_app_intake_patch(struct br_app *app, json_t *in, struct br_intake *x,
                    struct br_err *err)
{
	struct patch *p = malloc(sizeof(*p));
	int rc = p ? read_patch(app, in, &br_intake_input_fields, p, err)
	           : br_error(err, BR_ENOMEM, "", "out of memory");

	if (rc == 0) {
		apply_patch(x, p);
		if (p->date != INT32_MIN)
			br_format_date(p->date, x->recorded_on);
	}
	free(p);
	return rc;
}

/* Views ------------------------------------------------------------------ */

static json_t *
codes(bool recorded, int n, const char (*arr)[BR_CODE_LEN])
{
	json_t *a;

	if (!recorded)
		return json_null();
	a = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(a, json_string(arr[i]));
	return a;
}

json_t *
br_view_intake(const struct br_intake *x)
{
	json_t *v = json_object(), *a;
	double bmi;

	json_object_set_new(v, "episode_id", json_integer(x->episode_id));
	json_object_set_new(v, "patient_id", json_integer(x->patient_id));
	json_object_set_new(v, "practitioner_id",
	                    x->practitioner_id
	                            ? json_integer(x->practitioner_id)
	                            : json_null());
	json_object_set_new(v, "date", json_string(x->recorded_on));
	for (size_t i = 0; i < BR_INTAKE_NFIELDS; i++) {
		const struct br_intake_field *f = &br_intake_fields[i];
		const void *p = br_intake_at_c(x, f);
		json_t *j = NULL;

		switch (f->kind) {
		case BR_INTAKE_ENUM:
		case BR_INTAKE_TEXT:
			j = br_json_text_opt(p);
			break;
		case BR_INTAKE_INT:
			j = br_json_int_opt(*(const int *)p);
			break;
		case BR_INTAKE_KG:
			j = *(const double *)p < 0
			            ? json_null()
			            : json_real(*(const double *)p);
			break;
		case BR_INTAKE_BOOL:
			j = *(const int *)p == BR_UNSET
			            ? json_null()
			            : json_boolean(*(const int *)p);
			break;
		}
		json_object_set_new(v, f->key, j);
	}
	bmi = x->height_cm != BR_UNSET && x->weight_kg > 0
	              ? x->weight_kg / ((x->height_cm / 100.0) *
	                                (x->height_cm / 100.0))
	              : -1;
	json_object_set_new(
	        v, "bmi",
	        bmi < 0 ? json_null()
	                : json_real((double)(long)(bmi * 10 + 0.5) / 10));
	if (x->recorded[BR_INTAKE_LOCATIONS]) {
		a = json_array();
		for (int i = 0; i < x->n_locations; i++)
			json_array_append_new(
			        a, json_pack("{s:s, s:o}", "location",
			                     x->locations[i].location, "side",
			                     br_json_text_opt(
			                             x->locations[i].side)));
	} else {
		a = json_null();
	}
	json_object_set_new(v, "locations", a);
	json_object_set_new(v, "aggravating",
	                    codes(x->recorded[BR_INTAKE_AGGRAVATING],
	                          x->n_aggravating, x->aggravating));
	json_object_set_new(
	        v, "easing",
	        codes(x->recorded[BR_INTAKE_EASING], x->n_easing, x->easing));
	json_object_set_new(v, "conditions",
	                    codes(x->recorded[BR_INTAKE_CONDITIONS],
	                          x->n_conditions, x->conditions));
	json_object_set_new(v, "treatments",
	                    codes(x->recorded[BR_INTAKE_TREATMENTS],
	                          x->n_treatments, x->treatments));
	if (x->recorded[BR_INTAKE_MEDICINES]) {
		a = json_array();
		for (int i = 0; i < x->n_medicines; i++) {
			const struct br_intake_medicine *m = &x->medicines[i];

			json_array_append_new(
			        a,
			        json_pack("{s:s, s:o, s:o, s:o}", "name",
			                  m->name, "dose",
			                  br_json_text_opt(m->dose), "kind",
			                  br_json_text_opt(m->kind), "purpose",
			                  br_json_text_opt(m->purpose)));
		}
	} else {
		a = json_null();
	}
	json_object_set_new(v, "medicines", a);
	json_object_set_new(v, "created_at", json_string(x->created_at));
	json_object_set_new(v, "updated_at", json_string(x->updated_at));
	return v;
}

/* Use cases -------------------------------------------------------------- */

int
br_app_intake_apply(struct br_app *app, const struct br_episode *e,
                    struct br_intake *x, struct br_err *err)
{
	int rc = br_rec_intake_check(x, err);

	if (rc < 0)
		return rc;
	if (!app->history && strcmp(e->status, "open") != 0)
		return br_error(err, BR_ECONFLICT, "episode_id",
		                "episode %lld is closed; its intake can no "
		                "longer change",
		                (long long)e->id);
	x->patient_id = e->patient_id;
	x->episode_id = e->id;
	if (x->created_at[0] == '\0')
		br_store_now(x->created_at);
	if (!app->history || !x->updated_at[0])
		br_store_now(x->updated_at);
	return br_store_intake_put(app->store, x, err);
}

/* p merged over episode e's stored intake (or a new one, dated today),
 * dated p's date when given, and applied; *exists: one was stored. */
static int
merge(struct br_app *app, const struct br_episode *e, const struct patch *p,
      struct br_intake *x, bool *exists, struct br_err *err)
{
	int rc = br_store_intake_get(app->store, e->patient_id, e->id, x, err);

	*exists = rc == 0;
	if (rc == BR_ENOTFOUND) {
		br_err_clear(err);
		br_intake_init(x);
		br_format_date(app->today, x->recorded_on);
		rc = 0;
	}
	if (rc < 0)
		return rc;
	apply_patch(x, p);
	if (p->date != INT32_MIN)
		br_format_date(p->date, x->recorded_on);
	if (app->user_id)
		x->practitioner_id = app->user_id;
	return br_app_intake_apply(app, e, x, err);
}

int
br_app_intake_read_answers(struct br_app *app, json_t *in, struct br_intake *x,
                           struct br_err *err)
{
	struct patch *p = malloc(sizeof(*p));
	int rc;

	if (p == NULL)
		return br_error(err, BR_ENOMEM, "", "out of memory");
	rc = read_patch(app, in, &br_intake_answer_fields, p, err);
	if (rc == 0) {
		br_intake_init(x);
		apply_patch(x, p);
		rc = br_rec_intake_check(x, err);
	}
	free(p);
	return rc;
}

int
br_app_intake_merge(struct br_app *app, const struct br_episode *e,
                    json_t *answers, int32_t date, struct br_intake *x,
                    bool *exists, struct br_err *err)
{
	struct patch *p = malloc(sizeof(*p));
	int rc;

	if (p == NULL)
		return br_error(err, BR_ENOMEM, "", "out of memory");
	rc = read_patch(app, answers, &br_intake_answer_fields, p, err);
	p->date = date;
	if (rc == 0 && !app->history && strcmp(e->status, "open") != 0)
		rc = br_error(err, BR_ECONFLICT, "episode_id",
		              "episode %lld is closed; its intake can no "
		              "longer change",
		              (long long)e->id);
	if (rc == 0)
		rc = merge(app, e, p, x, exists, err);
	free(p);
	return rc;
}

int
br_app_intake_record(struct br_app *app, json_t *in, json_t **out,
                     struct br_err *err)
{
	struct patch *p = malloc(sizeof(*p));
	struct br_intake *x = malloc(sizeof(*x));
	struct br_episode e;
	bool exists = false;
	int rc = 0;

	if (p == NULL || x == NULL) {
		free(p);
		free(x);
		return br_error(err, BR_ENOMEM, "", "out of memory");
	}
	rc = read_patch(app, in, &br_intake_input_fields, p, err);
	if (rc == 0 && p->date != INT32_MIN)
		rc = br_app_not_future(app, "date", p->date, err);
	if (rc == 0)
		rc = br_store_begin(app->store, err);
	if (rc < 0) {
		free(p);
		free(x);
		return rc;
	}
	rc = br_app_load_episode(app, in, &e, err);
	if (rc == 0 && strcmp(e.status, "open") != 0)
		rc = br_error(err, BR_ECONFLICT, "episode_id",
		              "episode %lld is closed; its intake can no "
		              "longer change",
		              (long long)e.id);
	if (rc == 0)
		rc = merge(app, &e, p, x, &exists, err);
	/* Answer with what is stored (lists come back in storage order). */
	if (rc == 0)
		rc = br_store_intake_get(app->store, e.patient_id, e.id, x,
		                         err);
	if (rc == 0)
		rc = br_app_audit(app,
		                  exists ? "intake.update" : "intake.create",
		                  e.patient_id, "intake", e.id, err);
	rc = br_app_finish(app, rc, rc < 0 ? NULL : br_view_intake(x), out,
	                   err);
	free(p);
	free(x);
	return rc;
}

int
br_app_intake_show(struct br_app *app, json_t *in, json_t **out,
                   struct br_err *err)
{
	static const char *const keys[] = {"episode_id", NULL};
	struct br_intake *x;
	struct br_episode e;
	int rc = br_in_only(in, keys, err);

	if (rc < 0)
		return rc;
	x = malloc(sizeof(*x));
	if (x == NULL)
		return br_error(err, BR_ENOMEM, "", "out of memory");
	rc = br_store_begin(app->store, err);
	if (rc < 0) {
		free(x);
		return rc;
	}
	rc = br_app_load_episode(app, in, &e, err);
	if (rc == 0)
		rc = br_store_intake_get(app->store, e.patient_id, e.id, x,
		                         err);
	if (rc == 0)
		rc = br_app_audit(app, "intake.read", e.patient_id, "intake",
		                  e.id, err);
	rc = br_app_finish(app, rc, rc < 0 ? NULL : br_view_intake(x), out,
	                   err);
	free(x);
	return rc;
}

int
br_app_intake_attach(struct br_app *app, const struct br_episode *e,
                     json_t *view, struct br_err *err)
{
	struct br_intake *x = malloc(sizeof(*x));
	int rc;

	if (x == NULL)
		return br_error(err, BR_ENOMEM, "", "out of memory");
	rc = br_store_intake_get(app->store, e->patient_id, e->id, x, err);
	if (rc == 0)
		json_object_set_new(view, "intake", br_view_intake(x));
	else if (rc == BR_ENOTFOUND) {
		br_err_clear(err);
		json_object_set_new(view, "intake", json_null());
		rc = 0;
	}
	free(x);
	return rc;
}

static json_t *
names_array(const char *const *names)
{
	json_t *a = json_array();

	for (int i = 0; names[i]; i++)
		json_array_append_new(a, json_string(names[i]));
	return a;
}

int
br_app_intake_vocab(struct br_app *app, json_t *in, json_t **out,
                    struct br_err *err)
{
	static const char *const keys[] = {NULL};
	json_t *v, *fixed;
	int rc = br_in_only(in, keys, err);

	(void)app;
	if (rc < 0)
		return rc;
	v = json_deep_copy(br_vocab_file(VOCAB));
	fixed = json_object();
	for (size_t i = 0; i < BR_INTAKE_NFIELDS; i++)
		if (br_intake_fields[i].kind == BR_INTAKE_ENUM)
			json_object_set_new(
			        fixed, br_intake_fields[i].key,
			        names_array(br_intake_fields[i].names));
	json_object_set_new(fixed, "location_side",
	                    names_array(br_intake_location_sides));
	json_object_set_new(fixed, "medicine_kind",
	                    names_array(br_intake_med_kinds));
	json_object_set_new(fixed, "medicine_purpose",
	                    names_array(br_intake_med_purposes));
	json_object_set_new(v, "fixed", fixed);
	*out = v;
	return v ? 0 : br_error(err, BR_ENOMEM, "", "out of memory");
}
