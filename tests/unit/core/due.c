/* Unit tests for src/core/due.c: missing diary days, an exercise's rest
 * days, questionnaires again after 4 sessions or 28 days, and the trial
 * checkpoint. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/due.h"

static void
test_missing_days(void **state)
{
	int32_t present[] = {10, 12, 13, 20};
	int32_t out[7];

	(void)state;
	assert_int_equal(br_due_missing_days(present, 4, 10, 16, out, 7), 4);
	assert_int_equal(out[0], 11);
	assert_int_equal(out[1], 14);
	assert_int_equal(out[3], 16);
	/* Only max stored, all counted. */
	assert_int_equal(br_due_missing_days(NULL, 0, 1, 7, out, 2), 7);
	assert_int_equal(out[1], 2);
	assert_int_equal(br_due_missing_days(present, 4, 12, 13, out, 7), 0);
	assert_int_equal(br_due_missing_days(present, 4, 13, 12, out, 7), 0);
}

static void
test_exercise(void **state)
{
	(void)state;
	assert_false(br_due_exercise(100, 2, INT32_MIN, 99));
	assert_true(br_due_exercise(100, 2, INT32_MIN, 100));
	assert_false(br_due_exercise(100, 2, 101, 102)); /* 1 rest day */
	assert_true(br_due_exercise(100, 2, 101, 103));
	assert_false(br_due_exercise(100, 3, 101, 103));
	assert_true(br_due_exercise(100, 3, 101, 104));
}

static void
test_measure(void **state)
{
	(void)state;
	assert_false(br_due_measure(100, 3, 127));
	assert_true(br_due_measure(100, 4, 101)); /* 4 sessions */
	assert_true(br_due_measure(100, 0, 128)); /* 28 days */
	assert_false(br_due_measure(100, 0, 127));
}

static void
test_trial(void **state)
{
	(void)state;
	assert_false(br_due_trial(3, 4));
	assert_true(br_due_trial(4, 4));
	assert_true(br_due_trial(5, 4));
	assert_false(br_due_trial(9, 0));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_missing_days),
	        cmocka_unit_test(test_exercise),
	        cmocka_unit_test(test_measure),
	        cmocka_unit_test(test_trial),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
