/* Unit tests for src/core/landing.c: how a session landed (in-session
 * change, diary 3 days after vs before with the 2-of-3 rule, the next
 * night) and the per-modality summary. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/landing.h"
#include "core/sleep.h"

static const struct br_outcome_day days[] = {
        {97, 6, 400, 2, 1, 80.0},
        {98, 7, 380, 1, 2, 75.0},
        {99, 8, 360, 1, 3, 70.0},
        {101, 5, 450, 3, 0, 92.5},
        {102, 4, 420, 3, 1, 88.0},
        {103, BR_UNSET, 410, 2, 1, 86.0},
        {104, 3, BR_UNSET, BR_UNSET, BR_UNSET, -1},
};

static void
test_one_session(void **state)
{
	struct br_landing_session s = {100, 7, 4, 1, {"acupuncture"}};
	struct br_landing l;

	(void)state;
	br_landing_of(&s, days, 7, &l);
	assert_true(l.has_session_change);
	assert_int_equal(l.session_change, -3);
	assert_int_equal(l.before.n, 3);
	assert_true(l.before.mean == 7.0);
	assert_int_equal(l.after.n, 2); /* 103 has no pain */
	assert_true(l.after.ok);
	assert_true(l.after.mean == 4.5);
	assert_true(l.has_diary_change);
	assert_true(l.diary_change == -2.5);
	assert_int_equal(l.next_quality, 3);
	assert_int_equal(l.next_tst_min, 450);
	assert_true(l.next_se_pct == 92.5);
}

static void
test_not_enough_days(void **state)
{
	/* after 102: 103 (no pain), 104 (3), 105 (none): 1 of 3 */
	struct br_landing_session s = {102, BR_UNSET, 2, 1, {"massage"}};
	struct br_landing l;

	(void)state;
	br_landing_of(&s, days, 7, &l);
	assert_false(l.has_session_change);
	assert_int_equal(l.after.n, 1);
	assert_false(l.after.ok);
	assert_false(l.has_diary_change);
	assert_int_equal(l.next_quality, 2);
	/* no diary day after the session */
	s.day = 110;
	br_landing_of(&s, days, 7, &l);
	assert_int_equal(l.next_quality, BR_UNSET);
	assert_true(l.next_se_pct < 0);
}

static void
test_by_modality(void **state)
{
	struct br_landing_session s[3] = {
	        {100, 7, 4, 2, {"acupuncture", "cupping"}},
	        {102, 5, 4, 1, {"acupuncture"}},
	        {103, BR_UNSET, BR_UNSET, 1, {"massage"}},
	};
	struct br_landing l[3];
	struct br_landing_modality m[4];
	int n;

	(void)state;
	for (int i = 0; i < 3; i++)
		br_landing_of(&s[i], days, 7, &l[i]);
	n = br_landing_by_modality(s, l, 3, m, 4);
	assert_int_equal(n, 3);
	assert_string_equal(m[0].modality, "acupuncture");
	assert_int_equal(m[0].sessions, 2);
	assert_int_equal(m[0].session_change.n, 2);
	assert_true(m[0].session_change.mean == -2.0); /* (-3 + -1) / 2 */
	assert_int_equal(m[0].diary_change.n, 1);
	assert_true(m[0].diary_change.mean == -2.5);
	assert_string_equal(m[1].modality, "cupping");
	assert_int_equal(m[1].sessions, 1);
	assert_string_equal(m[2].modality, "massage");
	assert_int_equal(m[2].session_change.n, 0);
	/* the table bound is kept */
	n = br_landing_by_modality(s, l, 3, m, 1);
	assert_int_equal(n, 1);
	assert_int_equal(m[0].sessions, 2);
	assert_non_null(strstr(BR_LANDING_CAVEAT, "natural recovery"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_one_session),
	        cmocka_unit_test(test_not_enough_days),
	        cmocka_unit_test(test_by_modality),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
