/* Unit tests for src/core/sleep.c: Consensus Sleep Diary metrics,
 * including nights that cross midnight. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/sleep.h"

static struct br_night
night(int bed, int try_, int sol, int wakes, int waso, int final, int up)
{
	struct br_night n;

	br_night_init(&n);
	n.bed = bed;
	n.try_ = try_;
	n.sol = sol;
	n.wakes = wakes;
	n.waso = waso;
	n.final = final;
	n.up = up;
	return n;
}

#define HM(h, m) ((h)*60 + (m))

static void
test_crossing_midnight(void **state)
{
	/* 23:30 bed, 23:45 try, SOL 20, 2 wakes / 30 min, final 06:30,
	 * up 07:00: TIB 450, TST (405 - 20 - 30) = 355, SE 78.9. */
	struct br_night n =
	        night(HM(23, 30), HM(23, 45), 20, 2, 30, HM(6, 30), HM(7, 0));
	struct br_sleep_metrics m;

	(void)state;
	assert_int_equal(br_night_check(&n, NULL), 0);
	br_sleep_derive(&n, &m);
	assert_int_equal(m.tib_min, 450);
	assert_int_equal(m.tst_min, 355);
	assert_int_equal(m.twak_min, 30);
	assert_true(m.se_pct == 78.9);
}

static void
test_all_after_midnight(void **state)
{
	/* Bed 00:30 after midnight, up 08:15. */
	struct br_night n =
	        night(HM(0, 30), HM(0, 40), 10, 0, 0, HM(7, 40), HM(8, 15));
	struct br_sleep_metrics m;

	(void)state;
	br_sleep_derive(&n, &m);
	assert_int_equal(m.tib_min, 465);
	assert_int_equal(m.tst_min, 410);
	assert_true(m.se_pct == 88.2); /* 410/465 = 88.17 */
}

static void
test_try_before_midnight_bed_before(void **state)
{
	/* Bed 21:50 reading, try 00:10, final 05:00, up 05:00. */
	struct br_night n =
	        night(HM(21, 50), HM(0, 10), 45, 1, 15, HM(5, 0), HM(5, 0));
	struct br_sleep_metrics m;

	(void)state;
	br_sleep_derive(&n, &m);
	assert_int_equal(m.tib_min, 430);
	assert_int_equal(m.tst_min, 290 - 45 - 15);
	assert_int_equal(m.twak_min, 0);
	assert_true(m.se_pct == 53.5); /* 230/430 = 53.49 */
}

static void
test_partial_night(void **state)
{
	struct br_night n = night(HM(23, 0), BR_UNSET, BR_UNSET, BR_UNSET,
	                          BR_UNSET, BR_UNSET, HM(7, 0));
	struct br_sleep_metrics m;

	(void)state;
	br_sleep_derive(&n, &m);
	assert_int_equal(m.tib_min, 480);
	assert_int_equal(m.tst_min, BR_UNSET);
	assert_true(m.se_pct < 0);
	br_night_init(&n);
	br_sleep_derive(&n, &m);
	assert_int_equal(m.tib_min, BR_UNSET);
	assert_int_equal(m.twak_min, BR_UNSET);
}

static void
test_check_rejects(void **state)
{
	struct br_err err = BR_ERR_INIT;
	/* SOL longer than the night from try to final. */
	struct br_night n =
	        night(HM(23, 0), HM(23, 0), 500, 0, 0, HM(6, 0), HM(6, 30));

	(void)state;
	assert_int_equal(br_night_check(&n, &err), BR_EINVAL);
	assert_string_equal(err.field, "sol");
	/* SOL fits, but SOL + WASO does not. */
	n = night(HM(23, 0), HM(23, 0), 200, 3, 300, HM(6, 0), HM(6, 30));
	assert_int_equal(br_night_check(&n, &err), BR_EINVAL);
	assert_string_equal(err.field, "waso");
	/* WASO without awakenings. */
	n = night(HM(23, 0), HM(23, 0), 10, 0, 30, HM(6, 0), HM(6, 30));
	assert_int_equal(br_night_check(&n, &err), BR_EINVAL);
	/* Exactly fitting is fine: SOL + WASO == the night. */
	n = night(HM(23, 0), HM(23, 0), 60, 1, 360, HM(6, 0), HM(6, 0));
	assert_int_equal(br_night_check(&n, &err), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_crossing_midnight),
	        cmocka_unit_test(test_all_after_midnight),
	        cmocka_unit_test(test_try_before_midnight_bed_before),
	        cmocka_unit_test(test_partial_night),
	        cmocka_unit_test(test_check_rejects),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
