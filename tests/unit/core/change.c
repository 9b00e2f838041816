/*
 * change.c - unit tests of core/change.c: a change in words, one sign
 * convention (the direction in words, the amount unsigned, the percentage
 * named better or worse by the figure's direction).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/change.h"

static void
test_words(void **state)
{
	char b[96];

	(void)state;
	/* Pain 6.7 -> 7.0: worse, whatever place shows it. */
	assert_string_equal(
	        br_change_words(b, sizeof(b), 0.3, 1, "points", true, -4.48),
	        "up 0.3 points (4 % worse)");
	assert_string_equal(
	        br_change_words(b, sizeof(b), -2.25, 1, NULL, true, 33.3),
	        "down 2.3 points (33 % better)");
	/* Higher is better: up and better. */
	assert_string_equal(
	        br_change_words(b, sizeof(b), 45, 0, "min", true, 15.0),
	        "up 45 min (15 % better)");
	assert_string_equal(
	        br_change_words(b, sizeof(b), 0.3, 1, "points", false, 0),
	        "up 0.3 points");
	assert_string_equal(
	        br_change_words(b, sizeof(b), 0.04, 1, "points", true, 0.5),
	        "no change");
	assert_string_equal(
	        br_change_words(b, sizeof(b), 0.1, 1, "points", true, 0.2),
	        "up 0.1 points (0 % change)");
	/* Never a sign and a word together ("-4 % worse"). */
	br_change_words(b, sizeof(b), -1.0, 1, "points", true, -12);
	assert_string_equal(b, "down 1.0 points (12 % worse)");
	/* A short buffer is cut, terminated. */
	assert_string_equal(br_change_words(b, 6, 0.3, 1, "points", true, 4),
	                    "up 0.");
}

static void
test_tiers(void **state)
{
	(void)state;
	assert_string_equal(br_change_tier_words("none"),
	                    "no important change");
	assert_string_equal(br_change_tier_words("substantial"),
	                    "substantial improvement");
	assert_string_equal(br_change_tier_words(NULL), "");
	assert_string_equal(br_change_tier_words("odd"), "odd");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_words),
	        cmocka_unit_test(test_tiers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
