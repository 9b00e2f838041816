/*
 * intake_tcm.c - unit tests of the intake, TCM and herbal use cases
 * through their JSON input, as the HTTP API will call them: typed JSON
 * values, lists as arrays, medicines as objects, and errors that name the
 * field and leave nothing written.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "testdb.h"

#include "app/herbal.h"
#include "app/intake.h"
#include "app/tcm.h"
#include "core/parse.h"

struct fixture {
	char path[BR_TESTDB_MAX];
	struct br_app app;
	int64_t episode;
};

static json_t *
run(struct br_app *app, br_app_fn fn, const char *in_text, int want,
    struct br_err *err)
{
	json_t *in = json_loads(in_text, 0, NULL), *out = NULL;
	int rc;

	assert_non_null(in);
	br_err_clear(err);
	rc = fn(app, in, &out, err);
	json_decref(in);
	assert_int_equal(rc, want);
	if (want < 0)
		assert_null(out);
	return out;
}

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct br_err err = BR_ERR_INIT;
	char in[128];
	json_t *out;

	assert_int_equal(br_testdb_new(f->path), 0);
	assert_int_equal(br_store_open(f->path, &f->app.store, &err), 0);
	f->app.today = br_days_from_civil(2026, 3, 10);
	f->app.actor = "test";
	f->app.origin = "test";
	f->app.quiet = true;
	out = run(&f->app, br_app_patient_add, "{\"name\": \"Api Patient\"}", 0,
	          &err);
	snprintf(in, sizeof(in),
	         "{\"patient_id\": %lld, \"onset\": "
	         "\"2025-10-01\"}",
	         (long long)json_integer_value(json_object_get(out, "id")));
	json_decref(out);
	out = run(&f->app, br_app_episode_open, in, 0, &err);
	f->episode = json_integer_value(json_object_get(out, "id"));
	json_decref(out);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	br_store_close(f->app.store);
	br_testdb_drop(f->path);
	free(f);
	return 0;
}

static void
test_intake_json_input(void **state)
{
	struct fixture *f = *state;
	struct br_err err = BR_ERR_INIT;
	char in[1024];
	json_t *x, *m;

	snprintf(in, sizeof(in),
	         "{\"episode_id\": %lld, \"sitting_hours\": 8, "
	         "\"weight_kg\": 70.5, \"height_cm\": 170, "
	         "\"night_pain\": true, \"pain_wakes\": 1, "
	         "\"locations\": [\"low-back\", \"hip:R\"], "
	         "\"conditions\": [], "
	         "\"medicines\": [{\"name\": \" naproxen \", \"dose\": "
	         "\"500 mg\", \"kind\": \"prescription\", \"purpose\": "
	         "\"pain\"}, \" paracetamol | 1 g | otc \"]}",
	         (long long)f->episode);
	x = run(&f->app, br_app_intake_record, in, 0, &err);
	assert_int_equal(
	        json_integer_value(json_object_get(x, "sitting_hours")), 8);
	assert_true(json_is_true(json_object_get(x, "night_pain")));
	assert_int_equal(json_array_size(json_object_get(x, "locations")), 2);
	/* An empty array records "none", as the CLI's "none" does. */
	assert_true(json_is_array(json_object_get(x, "conditions")));
	assert_int_equal(json_array_size(json_object_get(x, "conditions")), 0);
	m = json_object_get(x, "medicines");
	assert_int_equal(json_array_size(m), 2);
	assert_string_equal(json_string_value(json_object_get(
	                            json_array_get(m, 0), "name")),
	                    "naproxen");
	assert_string_equal(json_string_value(json_object_get(
	                            json_array_get(m, 1), "dose")),
	                    "1 g");
	assert_string_equal(json_string_value(json_object_get(
	                            json_array_get(m, 1), "kind")),
	                    "otc");
	assert_true(
	        json_is_null(json_object_get(json_array_get(m, 1), "purpose")));
	json_decref(x);

	/* Wrong JSON types name the field; nothing is written. */
	snprintf(in, sizeof(in),
	         "{\"episode_id\": %lld, \"sitting_hours\": [1]}",
	         (long long)f->episode);
	run(&f->app, br_app_intake_record, in, BR_EINVAL, &err);
	assert_string_equal(err.field, "sitting_hours");
	snprintf(in, sizeof(in),
	         "{\"episode_id\": %lld, \"medicines\": [{\"nme\": \"x\"}]}",
	         (long long)f->episode);
	run(&f->app, br_app_intake_record, in, BR_EINVAL, &err);
	assert_string_equal(err.field, "medicines");
	snprintf(in, sizeof(in), "{\"episode_id\": %lld, \"medicines\": [7]}",
	         (long long)f->episode);
	run(&f->app, br_app_intake_record, in, BR_EINVAL, &err);
	assert_string_equal(err.field, "medicines");
	snprintf(in, sizeof(in), "{\"episode_id\": %lld, \"pillow\": 2}",
	         (long long)f->episode);
	run(&f->app, br_app_intake_record, in, BR_EINVAL, &err);
	assert_string_equal(err.field, "pillow");
	snprintf(in, sizeof(in), "{\"episode_id\": %lld}",
	         (long long)f->episode);
	x = run(&f->app, br_app_intake_show, in, 0, &err);
	assert_int_equal(
	        json_integer_value(json_object_get(x, "sitting_hours")), 8);
	json_decref(x);
}

static void
test_tcm_and_herbal_json_input(void **state)
{
	struct fixture *f = *state;
	struct br_err err = BR_ERR_INIT;
	char in[512];
	json_t *s1, *s2, *x;
	long long id1, id2;

	snprintf(in, sizeof(in),
	         "{\"episode_id\": %lld, \"date\": \"2026-03-02\", "
	         "\"modality\": [\"acupuncture\"], \"points\": [\"BL23\"]}",
	         (long long)f->episode);
	s1 = run(&f->app, br_app_session_add, in, 0, &err);
	snprintf(in, sizeof(in),
	         "{\"episode_id\": %lld, \"date\": \"2026-03-05\", "
	         "\"modality\": [\"acupuncture\"], \"points\": [\"BL23\"]}",
	         (long long)f->episode);
	s2 = run(&f->app, br_app_session_add, in, 0, &err);
	id1 = (long long)json_integer_value(json_object_get(s1, "id"));
	id2 = (long long)json_integer_value(json_object_get(s2, "id"));
	json_decref(s1);
	json_decref(s2);

	snprintf(in, sizeof(in),
	         "{\"session_id\": %lld, \"pulse_rate\": 72, "
	         "\"pulse_left_chi\": [\"deep\", \"weak\"], "
	         "\"patterns\": [\"liver-qi-stagnation\"]}",
	         id1);
	x = run(&f->app, br_app_tcm_add, in, 0, &err);
	json_decref(x);
	snprintf(in, sizeof(in),
	         "{\"session_id\": %lld, \"from_last\": true, "
	         "\"tongue_colour\": \"red\", \"clear\": [\"pulse_rate\"]}",
	         id2);
	x = run(&f->app, br_app_tcm_add, in, 0, &err);
	assert_true(json_is_null(json_object_get(x, "pulse_rate")));
	assert_int_equal(json_array_size(json_object_get(x, "pulse_left_chi")),
	                 2);
	assert_true(json_is_integer(json_object_get(x, "prefilled_from")));
	json_decref(x);
	snprintf(in, sizeof(in),
	         "{\"session_id\": %lld, \"pulse\": \"wiry\", "
	         "\"from_last\": \"perhaps\"}",
	         id1);
	run(&f->app, br_app_tcm_add, in, BR_EINVAL, &err);
	assert_string_equal(err.field, "from_last");

	snprintf(in, sizeof(in),
	         "{\"episode_id\": %lld, \"session_id\": %lld, "
	         "\"pinyin\": \"Chai Hu Shu Gan San\", \"chinese\": "
	         "\"柴胡疏肝散\", \"form\": \"powder\", \"dose\": "
	         "\"as written on the label\"}",
	         (long long)f->episode, id2);
	x = run(&f->app, br_app_herbal_add, in, 0, &err);
	assert_string_equal(json_string_value(json_object_get(x, "date")),
	                    "2026-03-05");
	assert_string_equal(json_string_value(json_object_get(x, "route")),
	                    "internal");

	/* Under an episode-scoped route, records of another episode read as
	 * missing; those of the episode are found. */
	snprintf(in, sizeof(in), "{\"episode_id\": 1, \"session_id\": %lld}",
	         id1);
	run(&f->app, br_app_tcm_show, in, BR_ENOTFOUND, &err);
	assert_string_equal(err.field, "session_id");
	snprintf(in, sizeof(in), "{\"episode_id\": %lld, \"session_id\": %lld}",
	         (long long)f->episode, id1);
	json_decref(run(&f->app, br_app_tcm_show, in, 0, &err));
	snprintf(in, sizeof(in),
	         "{\"episode_id\": 1, \"prescription_id\": %lld, "
	         "\"reason\": \"completed\"}",
	         (long long)json_integer_value(json_object_get(x, "id")));
	run(&f->app, br_app_herbal_stop, in, BR_ENOTFOUND, &err);
	assert_string_equal(err.field, "prescription_id");
	snprintf(in, sizeof(in),
	         "{\"episode_id\": %lld, \"prescription_id\": %lld, "
	         "\"reason\": \"completed\"}",
	         (long long)f->episode,
	         (long long)json_integer_value(json_object_get(x, "id")));
	json_decref(run(&f->app, br_app_herbal_stop, in, 0, &err));
	json_decref(x);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(test_intake_json_input, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_tcm_and_herbal_json_input,
	                                        setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
