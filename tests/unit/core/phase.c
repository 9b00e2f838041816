/* Unit tests for src/core/phase.c: duration and phase boundaries under
 * Cochrane (acute < 6 weeks, subacute 6-12, chronic > 12) and ACP
 * (acute < 4, subacute 4-12, chronic > 12). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/phase.h"

static void
expect(int32_t days, enum br_phase_id cochrane, enum br_phase_id acp)
{
	struct br_phase ph;

	br_phase_of(1000, 1000 + days, &ph);
	assert_int_equal(ph.days, days);
	assert_int_equal(ph.cochrane, cochrane);
	assert_int_equal(ph.acp, acp);
}

static void
test_boundaries(void **state)
{
	(void)state;
	expect(0, BR_PHASE_ACUTE, BR_PHASE_ACUTE);
	expect(27, BR_PHASE_ACUTE, BR_PHASE_ACUTE);
	expect(28, BR_PHASE_ACUTE, BR_PHASE_SUBACUTE); /* 4 weeks */
	expect(41, BR_PHASE_ACUTE, BR_PHASE_SUBACUTE);
	expect(42, BR_PHASE_SUBACUTE, BR_PHASE_SUBACUTE); /* 6 weeks */
	expect(84, BR_PHASE_SUBACUTE, BR_PHASE_SUBACUTE); /* 12 weeks */
	expect(85, BR_PHASE_CHRONIC, BR_PHASE_CHRONIC);   /* > 12 weeks */
	expect(4000, BR_PHASE_CHRONIC, BR_PHASE_CHRONIC);
}

static void
test_weeks_and_names(void **state)
{
	struct br_phase ph;

	(void)state;
	br_phase_of(0, 85, &ph);
	assert_true(ph.weeks == 12.1);
	br_phase_of(10, 5, &ph); /* onset after today counts as day 0 */
	assert_int_equal(ph.days, 0);
	assert_string_equal(br_phase_name(BR_PHASE_SUBACUTE), "subacute");
	assert_string_equal(br_phase_name(BR_PHASE_CHRONIC), "chronic");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_boundaries),
	        cmocka_unit_test(test_weeks_and_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
