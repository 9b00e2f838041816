/* Unit tests for src/core/review.c: the diary windows and the trial
 * checkpoint rule at each boundary (refer, 3 sessions, 30% / 2 points,
 * 10% at the checkpoint, the floor). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/review.h"

static void
test_window(void **state)
{
	struct br_day_pain d[] = {{10, 6}, {11, 5}, {12, 7}, {15, 2}, {20, -1}};
	double mean;
	int n;

	(void)state;
	br_review_window(d, 5, 10, 14, &mean, &n);
	assert_int_equal(n, 3);
	assert_true(mean == 6.0);
	br_review_window(d, 5, 11, 15, &mean, &n); /* both ends included */
	assert_int_equal(n, 3);
	br_review_window(d, 5, 16, 22, &mean, &n); /* -1 is no pain rating */
	assert_int_equal(n, 0);
	assert_true(mean == 0);
}

static enum br_decision
decide(int sessions, int trial, double baseline, double current,
       struct br_review_out *out)
{
	struct br_review_in in;

	memset(&in, 0, sizeof(in));
	in.sessions = sessions;
	in.trial = trial;
	in.has_pain = true;
	in.baseline = baseline;
	in.current = current;
	in.pain_what = "diary pain";
	br_review_decide(&in, out);
	return out->decision;
}

static bool
has_reason(const struct br_review_out *o, const char *needle)
{
	for (int i = 0; i < o->n_reasons; i++)
		if (strstr(o->reasons[i], needle))
			return true;
	return false;
}

static void
test_refer_overrides(void **state)
{
	struct br_review_in in;
	struct br_review_out out;

	(void)state;
	memset(&in, 0, sizeof(in));
	in.refer = true;
	in.referral = "refer to the emergency department";
	in.sessions = 8;
	in.trial = 4;
	in.has_pain = true;
	in.baseline = 8;
	in.current = 2;
	br_review_decide(&in, &out);
	assert_int_equal(out.decision, BR_DECIDE_REFER);
	assert_true(has_reason(&out, "emergency department"));
	assert_string_equal(br_decision_name(out.decision), "refer");
}

static void
test_sessions_boundary(void **state)
{
	struct br_review_out out;

	(void)state;
	/* Even a large improvement is too early after 2 sessions. */
	assert_int_equal(decide(2, 4, 8, 2, &out), BR_DECIDE_TOO_EARLY);
	assert_true(has_reason(&out, "2 sessions so far"));
	assert_true(has_reason(&out, "regression to the mean"));
	assert_int_equal(decide(3, 4, 8, 2, &out), BR_DECIDE_CONTINUE);
	assert_int_equal(decide(0, 0, 0, 0, &out), BR_DECIDE_TOO_EARLY);
}

static void
test_continue_boundaries(void **state)
{
	struct br_review_out out;

	(void)state;
	/* Exactly 30%: 5.0 -> 3.5 (1.5 points). */
	assert_int_equal(decide(3, 6, 5.0, 3.5, &out), BR_DECIDE_CONTINUE);
	assert_true(out.percent > 29.99 && out.percent < 30.01);
	assert_true(has_reason(&out, "natural recovery"));
	/* Just under 30% and under 2 points: not continue. */
	assert_int_equal(decide(3, 6, 5.0, 3.6, &out), BR_DECIDE_TOO_EARLY);
	/* Exactly 2 points at 20%: 10 -> 8. */
	assert_int_equal(decide(3, 6, 10, 8, &out), BR_DECIDE_CONTINUE);
	/* 1.9 points and 19%: not continue. */
	assert_int_equal(decide(3, 6, 10, 8.1, &out), BR_DECIDE_TOO_EARLY);
}

static void
test_reconsider_boundaries(void **state)
{
	struct br_review_out out;

	(void)state;
	/* At the checkpoint with 9% improvement: reconsider. */
	assert_int_equal(decide(4, 4, 10, 9.1, &out), BR_DECIDE_RECONSIDER);
	assert_true(has_reason(&out, "stop or change"));
	/* Exactly 10%: not below 10%, so too early. */
	assert_int_equal(decide(4, 4, 10, 9.0, &out), BR_DECIDE_TOO_EARLY);
	/* One session before the checkpoint: too early. */
	assert_int_equal(decide(3, 4, 10, 9.5, &out), BR_DECIDE_TOO_EARLY);
	assert_true(has_reason(&out, "not reached yet"));
	/* Past the checkpoint and worse: reconsider. */
	assert_int_equal(decide(6, 4, 5, 6, &out), BR_DECIDE_RECONSIDER);
	assert_true(out.percent < 0);
	/* No checkpoint: never reconsider. */
	assert_int_equal(decide(9, 0, 5, 6, &out), BR_DECIDE_TOO_EARLY);
	assert_true(has_reason(&out, "no trial checkpoint"));
}

static void
test_insufficient(void **state)
{
	struct br_review_in in;
	struct br_review_out out;

	(void)state;
	memset(&in, 0, sizeof(in));
	in.sessions = 5;
	in.trial = 4;
	br_review_decide(&in, &out);
	assert_int_equal(out.decision, BR_DECIDE_INSUFFICIENT);
	assert_string_equal(br_decision_name(out.decision),
	                    "insufficient-data");
	/* A baseline at the floor (0): improvement undetectable. */
	assert_int_equal(decide(5, 4, 0, 0, &out), BR_DECIDE_INSUFFICIENT);
	assert_true(has_reason(&out, "floor"));
	in.has_pain = true;
	in.baseline = 3;
	in.current = 3;
	in.cannot_assess = true;
	br_review_decide(&in, &out);
	assert_int_equal(out.decision, BR_DECIDE_INSUFFICIENT);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_window),
	        cmocka_unit_test(test_refer_overrides),
	        cmocka_unit_test(test_sessions_boundary),
	        cmocka_unit_test(test_continue_boundaries),
	        cmocka_unit_test(test_reconsider_boundaries),
	        cmocka_unit_test(test_insufficient),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
