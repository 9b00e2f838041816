/* Unit tests for src/model/checks_plan.c: the defaults and the record
 * checks of plan items, exercise assignments and logs, and pacing
 * settings and logs, on filled records (what a use case and an importer
 * hand them), with the ranges read from the field tables. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "model/checks_plan.h"

/* Expects rc to be a refusal naming field with message msg. */
static void
refused(int rc, const struct br_err *err, const char *field, const char *msg)
{
	assert_int_equal(rc, BR_EINVAL);
	assert_string_equal(err->field, field);
	assert_string_equal(err->msg, msg);
}

static void
test_plan_item(void **state)
{
	struct br_err err = BR_ERR_INIT;
	struct br_plan_item it;

	(void)state;
	br_plan_item_init(&it);
	snprintf(it.treatment, sizeof(it.treatment), "acupuncture");
	/* The evidence table's course: its sessions, visits and trial,
	 * each recorded as a default. */
	br_rec_plan_item_defaults(&it);
	assert_true(it.sessions > 0 && it.per_week > 0 && it.trial > 0);
	assert_true(it.trial <= it.sessions);
	assert_string_equal(it.defaulted, "sessions,per_week,trial");
	assert_int_equal(br_rec_plan_item_check(&it, &err), 0);

	/* What was given stays; the trial default is not after it. */
	br_plan_item_init(&it);
	snprintf(it.treatment, sizeof(it.treatment), "acupuncture");
	it.sessions = 2;
	br_rec_plan_item_defaults(&it);
	assert_int_equal(it.sessions, 2);
	assert_true(it.trial <= 2);
	assert_string_equal(it.defaulted, "per_week,trial");

	it.sessions = 101;
	refused(br_rec_plan_item_check(&it, &err), &err, "sessions",
	        "sessions must be 1-100, not 101");
	it.sessions = 4;
	it.trial = 6;
	refused(br_rec_plan_item_check(&it, &err), &err, "trial",
	        "trial checkpoint 6 is after the last of 4 sessions");
	it.trial = 4;
	it.per_week = 0;
	refused(br_rec_plan_item_check(&it, &err), &err, "per_week",
	        "per_week must be above 0 (visits a week, at most 7)");
	it.per_week = 7.5;
	refused(br_rec_plan_item_check(&it, &err), &err, "per_week",
	        "per_week must be above 0 (visits a week, at most 7)");
	it.per_week = 1;
	snprintf(it.status, sizeof(it.status), "paused");
	refused(br_rec_plan_item_check(&it, &err), &err, "status",
	        "status must be one of stopped, done, not 'paused'");
	snprintf(it.status, sizeof(it.status), "done");
	assert_int_equal(br_rec_plan_item_check(&it, &err), 0);
	snprintf(it.treatment, sizeof(it.treatment), "cupping");
	refused(br_rec_plan_item_check(&it, &err), &err, "treatment",
	        "treatment 'cupping' is not in the evidence table (see "
	        "backrest plan EPISODE_ID)");
	/* An unknown treatment gets no defaults. */
	br_plan_item_init(&it);
	snprintf(it.treatment, sizeof(it.treatment), "cupping");
	br_rec_plan_item_defaults(&it);
	assert_int_equal(it.sessions, BR_UNSET);
	assert_string_equal(it.defaulted, "");
}

static void
test_exercise_assignment(void **state)
{
	struct br_err err = BR_ERR_INIT;
	struct br_exercise_rx x;

	(void)state;
	br_exercise_rx_init(&x);
	snprintf(x.exercise, sizeof(x.exercise), "bridge");
	/* Reps and days are needed: the level's defaults give them. */
	refused(br_rec_exercise_rx_check(&x, &err), &err, "reps",
	        "an assignment needs its reps and the days between sessions");
	br_rec_exercise_rx_defaults(&x);
	assert_true(x.reps > 0 && x.every_days > 0);
	assert_int_equal(x.usual_morning, BR_UNSET);
	assert_int_equal(br_rec_exercise_rx_check(&x, &err), 0);
	x.every_days = 15;
	refused(br_rec_exercise_rx_check(&x, &err), &err, "every",
	        "every must be 1-14, not 15");
	x.every_days = 2;
	x.usual_morning = 11;
	refused(br_rec_exercise_rx_check(&x, &err), &err, "usual_morning",
	        "usual_morning must be 0-10, not 11");
	x.usual_morning = 4;
	snprintf(x.exercise, sizeof(x.exercise), "plank");
	refused(br_rec_exercise_rx_check(&x, &err), &err, "exercise",
	        "exercise 'plank' is not in the library (see backrest "
	        "exercise library)");
}

static void
test_exercise_log(void **state)
{
	struct br_err err = BR_ERR_INIT;
	struct br_exercise_log l;

	(void)state;
	br_exercise_log_init(&l);
	snprintf(l.exercise, sizeof(l.exercise), "bridge");
	refused(br_rec_exercise_log_check(&l, &err), &err, "date",
	        "date is required (YYYY-MM-DD)");
	snprintf(l.day, sizeof(l.day), "2026-03-10");
	refused(br_rec_exercise_log_check(&l, &err), &err, "reps",
	        "reps is needed for the first log of bridge on 2026-03-10");
	l.reps = 10;
	refused(br_rec_exercise_log_check(&l, &err), &err, "pain_during",
	        "pain_during is needed for the first log of bridge on "
	        "2026-03-10");
	l.pain_during = 3;
	assert_int_equal(br_rec_exercise_log_check(&l, &err), 0);
	l.next_morning = 11;
	refused(br_rec_exercise_log_check(&l, &err), &err, "next_morning",
	        "next_morning must be 0-10, not 11");
	l.next_morning = BR_UNSET;
	l.reps = 1001;
	refused(br_rec_exercise_log_check(&l, &err), &err, "reps",
	        "reps must be 0-1000, not 1001");
	l.reps = 0;
	assert_int_equal(br_rec_exercise_log_check(&l, &err), 0);
	snprintf(l.day, sizeof(l.day), "2026-02-30");
	assert_int_equal(br_rec_exercise_log_check(&l, &err), BR_EINVAL);
	assert_string_equal(err.field, "date");
}

static void
test_pacing_quota(void **state)
{
	struct br_err err = BR_ERR_INIT;
	struct br_pacing_quota q;

	(void)state;
	br_pacing_quota_init(&q);
	snprintf(q.activity, sizeof(q.activity), "walking");
	snprintf(q.unit, sizeof(q.unit), "m");
	refused(br_rec_pacing_quota_check(&q, &err), &err, "baseline",
	        "baseline is required");
	q.baseline = 200;
	br_rec_pacing_quota_defaults(&q);
	assert_true(q.step_pct == 10 && q.every_days == 7);
	assert_int_equal(br_rec_pacing_quota_check(&q, &err), 0);
	q.baseline = 0;
	refused(br_rec_pacing_quota_check(&q, &err), &err, "baseline",
	        "baseline must be above 0");
	q.baseline = 100001;
	refused(br_rec_pacing_quota_check(&q, &err), &err, "baseline",
	        "baseline must be a number from 0 to 100000, not 100001");
	q.baseline = 200;
	q.step_pct = 25;
	refused(br_rec_pacing_quota_check(&q, &err), &err, "step_pct",
	        "step_pct must be a number from 10 to 20, not 25");
	q.step_pct = 15;
	q.every_days = 29;
	refused(br_rec_pacing_quota_check(&q, &err), &err, "every",
	        "every must be 1-28, not 29");
	q.every_days = 7;
	snprintf(q.unit, sizeof(q.unit), "km");
	refused(br_rec_pacing_quota_check(&q, &err), &err, "unit",
	        "unit must be one of min, m, steps, reps, not 'km'");
	snprintf(q.unit, sizeof(q.unit), "min");
	snprintf(q.activity, sizeof(q.activity), "walk\ning");
	refused(br_rec_pacing_quota_check(&q, &err), &err, "activity",
	        "activity must be a short name on one line");
}

static void
test_pacing_log(void **state)
{
	struct br_err err = BR_ERR_INIT;
	struct br_pacing_log l;

	(void)state;
	br_pacing_log_init(&l);
	snprintf(l.activity, sizeof(l.activity), "walking");
	snprintf(l.day, sizeof(l.day), "2026-03-05");
	refused(br_rec_pacing_log_check(&l, &err), &err, "done",
	        "done is required");
	l.done = 0;
	assert_int_equal(br_rec_pacing_log_check(&l, &err), 0);
	l.done = 100001;
	refused(br_rec_pacing_log_check(&l, &err), &err, "done",
	        "done must be a number from 0 to 100000, not 100001");
	l.done = 16;
	l.recovered = 1;
	assert_int_equal(br_rec_pacing_log_check(&l, &err), 0);
	assert_string_equal(br_pace_recovered[l.recovered], "yes");
	l.recovered = 2;
	refused(br_rec_pacing_log_check(&l, &err), &err, "recovered",
	        "recovered must be no, yes or not given, not 2");
}

/* The tables name every field a record check reads, with its range. */
static void
test_tables(void **state)
{
	const struct br_field *f;

	(void)state;
	f = br_fields_find(&br_plan_item_fields, "sessions");
	assert_non_null(f);
	assert_true(f->min == 1 && f->max == 100);
	f = br_fields_find(&br_exercise_log_fields, "date");
	assert_non_null(f);
	assert_true(f->flags & BR_FF_REQUIRED);
	f = br_fields_find(&br_pace_set_fields, "unit");
	assert_non_null(f);
	assert_ptr_equal(f->values, br_pace_units);
	f = br_fields_find(&br_pace_log_fields, "recovered");
	assert_non_null(f);
	assert_ptr_equal(f->values, br_pace_recovered);
	for (const struct br_fields *const *t =
	             (const struct br_fields *const[]){
	                     &br_plan_item_fields, &br_exercise_assign_fields,
	                     &br_exercise_log_fields, &br_pace_set_fields,
	                     &br_pace_log_fields, NULL};
	     *t; t++) {
		assert_non_null(br_fields_find(*t, "episode_id"));
		for (f = (*t)->fields + 1; f->key; f++)
			assert_non_null(f->doc);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_plan_item),
	        cmocka_unit_test(test_exercise_assignment),
	        cmocka_unit_test(test_exercise_log),
	        cmocka_unit_test(test_pacing_quota),
	        cmocka_unit_test(test_pacing_log),
	        cmocka_unit_test(test_tables),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
