/*
 * diary_text.c - the diary list written as text (br_app_diary_list_text,
 * what GET /api/v1/patients/{id}/diary sends) is byte for byte the JSON
 * the day views of jansson would give: every day as br_app_diary_add
 * returned it, in date order, dumped with the server's flags; for the
 * whole diary and for date ranges, with merged halves, notes that need
 * escaping and ticked bedtime-routine steps.  On both backends.
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

#include "app/app.h"
#include "core/parse.h"

/* The server's json_dumps flags (src/http/server.c). */
#define DUMP_FLAGS (JSON_COMPACT | JSON_REAL_PRECISION(10))

struct fixture {
	char path[BR_TESTDB_MAX];
	struct br_app app;
	int64_t patient;
	json_t *days; /* date -> the day as the last add returned it */
};

static unsigned
next(unsigned *seed)
{
	*seed = *seed * 1103515245u + 12345u;
	return (*seed >> 16) & 0x7fff;
}

static json_t *
add(struct fixture *f, json_t *in)
{
	struct br_err err = BR_ERR_INIT;
	json_t *out = NULL;
	int rc;

	json_object_set_new(in, "patient_id", json_integer(f->patient));
	rc = br_app_diary_add(&f->app, in, &out, &err);
	if (rc != 0)
		fprintf(stderr, "diary add: %s (%s)\n", err.msg, err.field);
	assert_int_equal(rc, 0);
	json_decref(in);
	return out;
}

static void
clock_field(json_t *in, const char *key, int minutes)
{
	char buf[6];

	br_format_clock(minutes % 1440, buf);
	json_object_set_new(in, key, json_string(buf));
}

static int
setup(void **state)
{
	static const char *const notes[] = {"a \"quoted\" \\ back/slash",
	                                    "ünïcödé 痛 🙂 \xe2\x80\xa8",
	                                    "plain words", "</script>"};
	static const char *const steps[] = {"screens-off", "sleep-schedule",
	                                    "heat"};
	struct fixture *f = calloc(1, sizeof(*f));
	struct br_err err = BR_ERR_INIT;
	json_t *in, *out;
	unsigned seed = 42;
	int32_t first;

	assert_int_equal(br_testdb_new(f->path), 0);
	assert_int_equal(br_store_open(f->path, &f->app.store, &err), 0);
	f->app.today = br_days_from_civil(2026, 3, 10);
	f->app.actor = "test";
	f->app.origin = "test";
	f->app.quiet = true;
	in = json_pack("{s:s, s:s}", "name", "Text Patient", "born",
	               "1970-01-01");
	assert_int_equal(br_app_patient_add(&f->app, in, &out, &err), 0);
	json_decref(in);
	f->patient = json_integer_value(json_object_get(out, "id"));
	json_decref(out);
	f->days = json_object();
	first = f->app.today - 120;
	for (int i = 0; i < 110; i++) {
		char date[BR_DATE_LEN];
		bool night = i % 7 != 0, day = i % 5 != 0;
		int bed = 21 * 60 + (int)(next(&seed) % 120);
		int try_ = bed + (int)(next(&seed) % 30);
		int final = 24 * 60 + 5 * 60 + (int)(next(&seed) % 180);
		int wakes = (int)(next(&seed) % 4);
		int pain = (int)(next(&seed) % 11);

		if (i % 9 == 4)
			continue; /* a gap */
		br_format_date(first + i, date);
		if (night) {
			in = json_pack("{s:s, s:i, s:i, s:i, s:i}", "date",
			               date, "sol", (int)(next(&seed) % 40),
			               "wakes", wakes, "waso",
			               wakes ? (int)(next(&seed) % 40) : 0,
			               "quality", (int)(next(&seed) % 5));
			clock_field(in, "bed", bed);
			clock_field(in, "try", try_);
			clock_field(in, "final", final);
			clock_field(in, "up", final + (int)(next(&seed) % 60));
			if (i % 4 == 1)
				json_object_set_new(
				        in, "routine",
				        i % 8 == 1
				                ? json_pack("[s, s]", steps[0],
				                            steps[1])
				                : json_pack("[s]", steps[2]));
			out = add(f, in);
			json_object_set_new(f->days, date, out);
		}
		if (day) {
			in = json_pack("{s:s, s:i, s:i, s:i}", "date", date,
			               "pain", pain, "pain_worst",
			               pain + (int)(next(&seed) % (11 - pain)),
			               "activity_min",
			               (int)(next(&seed) % 300));
			if (i % 6 == 2)
				json_object_set_new(
				        in, "note",
				        json_string(notes[i / 6 % 4]));
			out = add(f, in);
			json_object_set_new(f->days, date, out);
		}
	}
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	json_decref(f->days);
	br_store_close(f->app.store);
	br_testdb_drop(f->path);
	free(f);
	return 0;
}

/* The days of f in [from, to] ("" open), in date order, as one array. */
static json_t *
expected(struct fixture *f, const char *from, const char *to)
{
	json_t *arr = json_array();
	const char *key;
	json_t *v;
	size_t n = json_object_size(f->days), i = 0;
	const char **keys = calloc(n ? n : 1, sizeof(*keys));

	json_object_foreach(f->days, key, v)
	{
		if ((from[0] && strcmp(key, from) < 0) ||
		    (to[0] && strcmp(key, to) > 0))
			continue;
		keys[i++] = key;
	}
	/* ISO dates sort as text. */
	for (size_t a = 1; a < i; a++)
		for (size_t b = a; b > 0 && strcmp(keys[b - 1], keys[b]) > 0;
		     b--) {
			const char *t = keys[b];

			keys[b] = keys[b - 1];
			keys[b - 1] = t;
		}
	for (size_t a = 0; a < i; a++)
		json_array_append(arr, json_object_get(f->days, keys[a]));
	free(keys);
	return arr;
}

static void
check_range(struct fixture *f, const char *from, const char *to)
{
	struct br_err err = BR_ERR_INIT;
	json_t *in = json_pack("{s:I}", "patient_id", (json_int_t)f->patient);
	json_t *want = expected(f, from, to), *parsed = NULL;
	char *text = NULL, *want_text;
	size_t len = 0;

	if (from[0])
		json_object_set_new(in, "from", json_string(from));
	if (to[0])
		json_object_set_new(in, "to", json_string(to));
	assert_int_equal(br_app_diary_list_text(&f->app, in, &text, &len, &err),
	                 0);
	want_text = json_dumps(want, DUMP_FLAGS);
	assert_non_null(text);
	assert_int_equal(len, strlen(text));
	assert_string_equal(text, want_text);
	/* The command line's list is the same days. */
	assert_int_equal(br_app_diary_list(&f->app, in, &parsed, &err), 0);
	assert_true(json_equal(parsed, want));
	json_decref(parsed);
	free(want_text);
	free(text);
	json_decref(want);
	json_decref(in);
}

static void
test_text_is_the_views(void **state)
{
	struct fixture *f = *state;
	char mid[BR_DATE_LEN], late[BR_DATE_LEN];

	assert_true(json_object_size(f->days) > 90);
	br_format_date(f->app.today - 80, mid);
	br_format_date(f->app.today - 30, late);
	check_range(f, "", "");
	check_range(f, mid, "");
	check_range(f, "", mid);
	check_range(f, mid, late);
	check_range(f, late, late);
	check_range(f, "2030-01-01", "");
}

static void
test_errors_write_nothing(void **state)
{
	struct fixture *f = *state;
	struct br_err err = BR_ERR_INIT;
	char *text = (char *)"not touched";
	size_t len;
	json_t *in = json_pack("{s:I, s:s, s:s}", "patient_id",
	                       (json_int_t)f->patient, "from", "2026-03-01",
	                       "to", "2026-02-01");

	assert_int_equal(br_app_diary_list_text(&f->app, in, &text, &len, &err),
	                 BR_EINVAL);
	assert_null(text);
	assert_string_equal(err.field, "from");
	json_decref(in);
	br_err_clear(&err);
	in = json_pack("{s:I}", "patient_id", (json_int_t)12345);
	assert_int_equal(br_app_diary_list_text(&f->app, in, &text, &len, &err),
	                 BR_ENOTFOUND);
	assert_null(text);
	json_decref(in);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(test_text_is_the_views, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_errors_write_nothing,
	                                        setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
