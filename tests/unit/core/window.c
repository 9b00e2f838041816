/* Unit tests for src/core/window.c: window means count only reported
 * days and report completeness. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/sleep.h"
#include "core/window.h"

static void
test_means_and_completeness(void **state)
{
	const struct br_window_day days[] = {
	        {100, 4, 2, 400, 90.0},
	        {101, 6, BR_UNSET, BR_UNSET, -1},
	        {103, BR_UNSET, 3, 420, 80.0},
	        {110, 9, 0, 300, 50.0}, /* outside the window */
	};
	struct br_window_summary s;

	(void)state;
	br_window_summarise(days, 4, 100, 106, &s);
	assert_int_equal(s.diary_days, 3);
	assert_int_equal(s.pain.days, 7);
	assert_int_equal(s.pain.n, 2);
	assert_true(s.pain.mean == 5.0);
	assert_int_equal(s.quality.n, 2);
	assert_true(s.quality.mean == 2.5);
	assert_int_equal(s.tst_min.n, 2);
	assert_true(s.tst_min.mean == 410.0);
	assert_int_equal(s.se_pct.n, 2);
	assert_true(s.se_pct.mean == 85.0);
}

static void
test_empty_window(void **state)
{
	struct br_window_summary s;

	(void)state;
	br_window_summarise(NULL, 0, 10, 9, &s);
	assert_int_equal(s.pain.days, 0);
	assert_int_equal(s.pain.n, 0);
	assert_int_equal(s.diary_days, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_means_and_completeness),
	        cmocka_unit_test(test_empty_window),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
