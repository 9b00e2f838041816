/*
 * corrections_kinds.c - unit tests of the record kinds a correction takes
 * (app/corrections_internal.h): every field of each kind's model table is
 * corrected (mapped to where it lives in the record, with a storage that
 * fits its type) or said not to be (an id, the record's name, an option
 * of the add command), so a field added to a model table and not to its
 * kind's map fails here; the check itself fails on a made-up kind; and a
 * field's value reads back as it was set, null clearing it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "app/corrections_internal.h"
#include "core/sleep.h"
#include "model/checks.h"

/* Whether storage s can hold a value of model type t. */
static bool
fits(enum cf_store s, enum br_ftype t)
{
	switch (s) {
	case CF_INT:
		return t == BR_FT_INT;
	case CF_TRI:
	case CF_BOOL:
		return t == BR_FT_BOOL;
	case CF_NUM:
		return t == BR_FT_NUM;
	case CF_TEXT:
		return t == BR_FT_TEXT || t == BR_FT_ENUM || t == BR_FT_DATE;
	case CF_CLOCK:
		return t == BR_FT_CLOCK;
	case CF_WORD:
		return t == BR_FT_ENUM;
	case CF_LIST:
		return t == BR_FT_LIST;
	case CF_HOOK:
		return true;
	}
	return false;
}

/* The first problem with kind k's map, or NULL: a model key neither
 * corrected nor said not to be, a mapped key the model does not have,
 * or a storage that does not fit. */
static const char *
problem(const struct ckind *k, char *buf, size_t n)
{
	for (const struct br_field *mf = k->model->fields; mf->key; mf++) {
		bool named = k->id_key && strcmp(k->id_key, mf->key) == 0;
		bool fixed = false, found = false;

		for (const char *const *p = k->fixed; p && *p; p++)
			fixed = fixed || strcmp(*p, mf->key) == 0;
		for (const struct cfield *f = k->fields; f && f->key; f++)
			if (strcmp(f->key, mf->key) == 0) {
				found = true;
				if (!fits(f->store, mf->type)) {
					snprintf(buf, n, "%s.%s: storage",
					         k->name, mf->key);
					return buf;
				}
			}
		if (mf->type == BR_FT_ID || named || fixed)
			continue;
		if (k->fields && !found) {
			snprintf(buf, n, "%s.%s: not mapped", k->name, mf->key);
			return buf;
		}
		/* What the routes and the request check go by. */
		if (br_ckind_named(k->name) == k &&
		    !br_correct_takes(k->model, mf->key)) {
			snprintf(buf, n, "%s.%s: not taken", k->name, mf->key);
			return buf;
		}
	}
	for (const struct cfield *f = k->fields; f && f->key; f++)
		if (br_fields_find(k->model, f->key) == NULL) {
			snprintf(buf, n, "%s.%s: not in the model", k->name,
			         f->key);
			return buf;
		}
	return NULL;
}

static void
test_every_model_field_is_mapped_or_fixed(void **state)
{
	char buf[96];
	size_t n = 0;

	(void)state;
	for (size_t i = 0; br_ckinds[i]; i++, n++) {
		const char *p = problem(br_ckinds[i], buf, sizeof(buf));

		if (p)
			fail_msg("%s", p);
	}
	assert_int_equal(n, 14);
}

/* The check fails on a kind that leaves a field out, and on one that
 * maps a field its model does not have. */
struct rec {
	int pain;
	char note[16];
};

static const struct br_field model_fields[] = {
        {.key = "patient_id", .type = BR_FT_ID},
        {.key = "pain", .type = BR_FT_INT, .min = 0, .max = 10},
        {.key = "note", .type = BR_FT_TEXT, .max = 15},
        {.key = NULL},
};
static const struct br_fields model = {"Made", "made up", model_fields};

static void
test_the_check_can_fail(void **state)
{
	static const struct cfield half[] = {
	        {.key = "pain",
	         .store = CF_INT,
	         .off = offsetof(struct rec, pain)},
	        {.key = NULL},
	};
	static const struct cfield extra[] = {
	        {.key = "pain",
	         .store = CF_INT,
	         .off = offsetof(struct rec, pain)},
	        {.key = "note",
	         .store = CF_TEXT,
	         .off = offsetof(struct rec, note),
	         .size = 16},
	        {.key = "mood", .store = CF_TEXT, .off = 0, .size = 1},
	        {.key = NULL},
	};
	static const struct cfield wrong[] = {
	        {.key = "pain", .store = CF_TEXT, .off = 0, .size = 4},
	        {.key = NULL},
	};
	struct ckind k = {.name = "made", .model = &model, .fields = half};
	char buf[96];

	(void)state;
	assert_non_null(problem(&k, buf, sizeof(buf)));
	assert_string_equal(buf, "made.note: not mapped");
	k.fields = extra;
	assert_non_null(problem(&k, buf, sizeof(buf)));
	assert_string_equal(buf, "made.mood: not in the model");
	k.fields = wrong;
	assert_non_null(problem(&k, buf, sizeof(buf)));
	assert_string_equal(buf, "made.pain: storage");
}

/* A diary day's fields set from input JSON read back the same; null
 * clears each. */
static void
test_fields_read_back(void **state)
{
	const struct ckind *k = br_ckind_named("diary_day");
	struct br_app app;
	struct br_diary_day d;
	json_t *in = json_pack("{s:s, s:i, s:s}", "bed", "23:15", "pain", 4,
	                       "note", "slept badly");
	json_t *out;

	(void)state;
	memset(&app, 0, sizeof(app));
	br_diary_day_init(&d);
	for (const struct cfield *f = k->fields; f->key; f++) {
		struct br_err err = BR_ERR_INIT;

		if (!json_object_get(in, f->key))
			continue;
		assert_int_equal(br_cf_set(&app, k, f, in, &d, &err), 0);
	}
	out = br_crec_json(k, &d);
	assert_string_equal(json_string_value(json_object_get(out, "bed")),
	                    "23:15");
	assert_int_equal(json_integer_value(json_object_get(out, "pain")), 4);
	assert_string_equal(json_string_value(json_object_get(out, "note")),
	                    "slept badly");
	assert_true(json_is_null(json_object_get(out, "sol")));
	json_decref(out);
	json_decref(in);
	in = json_pack("{s:n, s:n, s:n}", "bed", "pain", "note");
	for (const struct cfield *f = k->fields; f->key; f++) {
		struct br_err err = BR_ERR_INIT;

		if (!json_object_get(in, f->key))
			continue;
		assert_int_equal(br_cf_set(&app, k, f, in, &d, &err), 0);
	}
	assert_int_equal(d.night.bed, BR_UNSET);
	assert_int_equal(d.pain, BR_UNSET);
	assert_string_equal(d.note, "");
	json_decref(in);
}

/* The request check: a field a kind does not correct is named. */
static void
test_correct_check(void **state)
{
	struct br_err err = BR_ERR_INIT;
	json_t *in = json_pack("{s:i, s:s}", "pain", 3, "reason", "typo");

	(void)state;
	assert_int_equal(br_correct_check(&br_diary_fields, in, true, &err), 0);
	json_object_set_new(in, "pain", json_integer(11));
	assert_int_equal(br_correct_check(&br_diary_fields, in, true, &err),
	                 BR_EINVAL);
	assert_string_equal(err.field, "pain");
	json_decref(in);
	in = json_pack("{s:s}", "entry_id", "abcdefgh12");
	assert_int_equal(br_correct_check(&br_diary_fields, in, true, &err),
	                 BR_EINVAL);
	assert_string_equal(err.field, "entry_id");
	assert_non_null(strstr(err.msg, "not corrected"));
	json_decref(in);
	in = json_pack("{s:n}", "modality");
	assert_int_equal(br_correct_check(&br_session_fields, in, true, &err),
	                 BR_EINVAL);
	assert_string_equal(err.field, "modality");
	json_decref(in);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_every_model_field_is_mapped_or_fixed),
	        cmocka_unit_test(test_the_check_can_fail),
	        cmocka_unit_test(test_fields_read_back),
	        cmocka_unit_test(test_correct_check),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
