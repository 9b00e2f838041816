/*
 * points.c - unit tests of core/points.c: the change of a point
 * prescription between visits.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/points.h"

static const struct br_point_ref visit1[] = {{"BL23", "both"},
                                             {"BL25", "both"},
                                             {"GV4", "midline"},
                                             {"BL40", "both"}};
static const struct br_point_ref visit2[] = {{"GV4", "midline"},
                                             {"BL23", "both"},
                                             {"BL40", "left"},
                                             {"HT7", "both"},
                                             {"SP6", "both"}};

static void
test_identical(void **state)
{
	struct br_points_diff d;

	(void)state;
	assert_int_equal(br_points_diff(visit1, 4, visit1, 4, &d), 0);
	assert_int_equal(d.n_kept, 4);
	assert_int_equal(d.n_added, 0);
	assert_int_equal(d.n_dropped, 0);
	assert_int_equal(d.n_moved, 0);
}

static void
test_first_visit_all_added(void **state)
{
	struct br_points_diff d;

	(void)state;
	assert_int_equal(br_points_diff(NULL, 0, visit1, 4, &d), 0);
	assert_int_equal(d.n_added, 4);
	for (int i = 0; i < 4; i++)
		assert_int_equal(d.added[i], i);
	assert_int_equal(d.n_dropped + d.n_kept + d.n_moved, 0);
}

static void
test_added_dropped_moved(void **state)
{
	struct br_points_diff d;

	(void)state;
	assert_int_equal(br_points_diff(visit1, 4, visit2, 5, &d), 0);
	/* GV4 and BL23 kept, in the order of visit2. */
	assert_int_equal(d.n_kept, 2);
	assert_string_equal(visit2[d.kept[0]].point, "GV4");
	assert_string_equal(visit2[d.kept[1]].point, "BL23");
	/* HT7, SP6 added. */
	assert_int_equal(d.n_added, 2);
	assert_string_equal(visit2[d.added[0]].point, "HT7");
	assert_string_equal(visit2[d.added[1]].point, "SP6");
	/* BL25 dropped. */
	assert_int_equal(d.n_dropped, 1);
	assert_string_equal(visit1[d.dropped[0]].point, "BL25");
	/* BL40 moved from both sides to the left only. */
	assert_int_equal(d.n_moved, 1);
	assert_string_equal(visit2[d.moved[0]].point, "BL40");
	assert_string_equal(visit2[d.moved[0]].side, "left");
	assert_string_equal(visit1[d.moved_from[0]].side, "both");
}

static void
test_all_dropped(void **state)
{
	struct br_points_diff d;

	(void)state;
	assert_int_equal(br_points_diff(visit2, 5, NULL, 0, &d), 0);
	assert_int_equal(d.n_dropped, 5);
	assert_int_equal(d.n_added + d.n_kept + d.n_moved, 0);
}

static void
test_every_point_accounted_for(void **state)
{
	struct br_points_diff d;

	(void)state;
	assert_int_equal(br_points_diff(visit2, 5, visit1, 4, &d), 0);
	assert_int_equal(d.n_added + d.n_kept + d.n_moved, 4);
	assert_int_equal(d.n_dropped + d.n_kept + d.n_moved, 5);
}

static void
test_too_many(void **state)
{
	static struct br_point_ref many[BR_POINTS_MAX + 1];
	struct br_points_diff d;

	(void)state;
	assert_int_equal(br_points_diff(many, BR_POINTS_MAX + 1, visit1, 4, &d),
	                 BR_EINVAL);
	assert_int_equal(br_points_diff(visit1, -1, visit1, 4, &d), BR_EINVAL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_identical),
	        cmocka_unit_test(test_first_visit_all_added),
	        cmocka_unit_test(test_added_dropped_moved),
	        cmocka_unit_test(test_all_dropped),
	        cmocka_unit_test(test_every_point_accounted_for),
	        cmocka_unit_test(test_too_many),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
