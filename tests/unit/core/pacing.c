/* Unit tests for src/core/pacing.c: the starting quota, the once-per-
 * interval rise at the 80% boundary, recovery, the flare step back and its
 * floor, the "in the zone" test and the boom-and-bust flag. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/pacing.h"

static const struct br_pace_plan walk = {200, 10, 7, 100};

static bool
has_reason(const struct br_pace_next *o, const char *needle)
{
	for (int i = 0; i < o->n_reasons; i++)
		if (strstr(o->reasons[i], needle))
			return true;
	return false;
}

/* Days start .. start + n - 1 logged at done, recovered yes, except the
 * days in skip (not logged). */
static size_t
fill(struct br_pace_log *logs, int32_t start, int n, double done, int skip_a,
     int skip_b)
{
	size_t k = 0;

	for (int i = 0; i < n; i++) {
		if (i == skip_a || i == skip_b)
			continue;
		logs[k].day = start + i;
		logs[k].done = done;
		logs[k].recovered = 1;
		logs[k].flare = false;
		k++;
	}
	return k;
}

static void
test_quota(void **state)
{
	struct br_pace_plan p = {25, 10, 7, 0};
	struct br_pace_plan tiny = {3, 10, 7, 0};

	(void)state;
	assert_true(br_pace_quota(&walk, 0) ==
	            160); /* the TGA worked example */
	assert_true(br_pace_quota(&walk, 1) == 180);
	assert_true(br_pace_quota(&walk, 7) == 300); /* goal in ~8 weeks */
	assert_true(br_pace_quota(&p, 0) == 20);
	assert_true(br_pace_quota(&p, 1) == 23); /* 22.5 rounds up */
	/* Never below one increment (or 1 unit). */
	assert_true(br_pace_quota(&walk, -20) == 20);
	assert_true(br_pace_quota(&tiny, -5) == 1);
}

static void
test_nothing_logged(void **state)
{
	struct br_pace_next o;

	(void)state;
	br_pace_next(&walk, NULL, 0, 100, &o);
	assert_true(o.quota == 160);
	assert_false(o.in_zone);
	assert_false(o.logged_today);
	assert_true(has_reason(&o, "nothing logged yet"));
	/* A week with nothing logged: no rise. */
	br_pace_next(&walk, NULL, 0, 110, &o);
	assert_true(o.quota == 160);
	assert_true(has_reason(&o, "0 of 7 days"));
}

static void
test_rise_boundary(void **state)
{
	struct br_pace_log logs[16];
	struct br_pace_next o;
	size_t n;

	(void)state;
	/* 6 of 7 days at quota (86%): the quota rises after day 7. */
	n = fill(logs, 100, 7, 160, 3, -1);
	br_pace_next(&walk, logs, n, 107, &o);
	assert_true(o.quota == 180);
	assert_int_equal(o.increments, 1);
	assert_int_equal(o.interval, 107);
	assert_true(has_reason(&o, "6 of 7 days"));
	/* Not before the interval is over (day 106 logged ends it). */
	br_pace_next(&walk, logs, n, 105, &o);
	assert_true(o.quota == 160);
	br_pace_next(&walk, logs, n, 106, &o);
	assert_true(o.quota == 180);
	/* 5 of 7 (71%): it stays. */
	n = fill(logs, 100, 7, 160, 3, 4);
	br_pace_next(&walk, logs, n, 107, &o);
	assert_true(o.quota == 160);
	assert_true(has_reason(&o, "6 needed"));
	/* Below quota does not count. */
	n = fill(logs, 100, 7, 159, -1, -1);
	br_pace_next(&walk, logs, n, 107, &o);
	assert_true(o.quota == 160);
	/* Once per interval only: two weeks, two rises. */
	n = fill(logs, 100, 7, 160, -1, -1);
	n += fill(logs + n, 107, 7, 180, -1, -1);
	br_pace_next(&walk, logs, n, 114, &o);
	assert_true(o.quota == 200);
	/* Every 5 days: 4 of 5 needed (80% exactly). */
	{
		struct br_pace_plan p5 = {200, 20, 5, 100};

		n = fill(logs, 100, 5, 160, 2, -1);
		br_pace_next(&p5, logs, n, 105, &o);
		assert_true(o.quota == 200); /* +20% of baseline */
	}
}

static void
test_not_recovered(void **state)
{
	struct br_pace_log logs[8];
	struct br_pace_next o;
	size_t n = fill(logs, 100, 7, 160, -1, -1);

	(void)state;
	logs[2].recovered = 0;
	br_pace_next(&walk, logs, n, 107, &o);
	assert_true(o.quota == 160);
	assert_true(has_reason(&o, "not recovered"));
	/* Recovery not reported does not block the rise. */
	logs[2].recovered = -1;
	br_pace_next(&walk, logs, n, 107, &o);
	assert_true(o.quota == 180);
}

static void
test_flare(void **state)
{
	struct br_pace_log logs[16];
	struct br_pace_next o;
	size_t n = fill(logs, 100, 7, 160, -1, -1);

	(void)state;
	/* Up to 180 after the first week, then a flare on day 108. */
	n += fill(logs + n, 107, 2, 180, -1, -1);
	logs[n - 1].flare = true;
	br_pace_next(&walk, logs, n, 109, &o);
	assert_true(o.quota == 160);
	assert_int_equal(o.interval, 109); /* a new interval after it */
	assert_true(has_reason(&o, "steps back one increment"));
	assert_false(o.in_zone);
	/* A flare in the first week: below the starting quota. */
	n = fill(logs, 100, 3, 160, -1, -1);
	logs[2].flare = true;
	br_pace_next(&walk, logs, n, 103, &o);
	assert_true(o.quota == 140);
	/* A flare in an otherwise full week blocks the rise. */
	n = fill(logs, 100, 7, 160, -1, -1);
	logs[6].flare = true;
	br_pace_next(&walk, logs, n, 107, &o);
	assert_true(o.quota == 140);
}

static void
test_in_zone(void **state)
{
	struct br_pace_log l = {100, 160, 1, false};
	struct br_pace_next o;

	(void)state;
	br_pace_next(&walk, &l, 1, 100, &o);
	assert_true(o.in_zone);
	assert_true(o.logged_today);
	/* Up to one increment above the quota is still in the zone. */
	l.done = 180;
	br_pace_next(&walk, &l, 1, 101, &o);
	assert_true(o.in_zone);
	assert_false(o.logged_today);
	l.done = 181;
	br_pace_next(&walk, &l, 1, 101, &o);
	assert_false(o.in_zone);
	assert_true(has_reason(&o, "more than one increment above"));
	l.done = 150;
	br_pace_next(&walk, &l, 1, 101, &o);
	assert_false(o.in_zone);
	assert_true(has_reason(&o, "below the quota"));
	l.done = 160;
	l.recovered = -1;
	br_pace_next(&walk, &l, 1, 101, &o);
	assert_false(o.in_zone);
	assert_true(has_reason(&o, "recovery not reported"));
	l.recovered = 0;
	br_pace_next(&walk, &l, 1, 101, &o);
	assert_false(o.in_zone);
}

static void
test_boom_bust(void **state)
{
	struct br_pace_log logs[3] = {
	        {100, 160, 1, false},
	        {101, 250, 1, false}, /* boom: more than 180 */
	        {102, 100, 0, true},  /* bust the next day */
	};
	struct br_pace_next o;

	(void)state;
	br_pace_next(&walk, logs, 3, 102, &o);
	assert_true(o.boom_bust);
	assert_true(has_reason(&o, "boom and bust"));
	/* Exactly one increment above is not a boom. */
	logs[1].done = 180;
	br_pace_next(&walk, logs, 3, 102, &o);
	assert_false(o.boom_bust);
	/* A flare two days after the boom: not flagged. */
	logs[1].day = 100;
	logs[0].day = 99; /* before the start: ignored */
	logs[1].done = 250;
	br_pace_next(&walk, logs + 1, 2, 102, &o);
	assert_false(o.boom_bust);
	/* Outside the last two intervals: not flagged any more. */
	logs[1].day = 101;
	br_pace_next(&walk, logs + 1, 2, 130, &o);
	assert_false(o.boom_bust);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_quota),
	        cmocka_unit_test(test_nothing_logged),
	        cmocka_unit_test(test_rise_boundary),
	        cmocka_unit_test(test_not_recovered),
	        cmocka_unit_test(test_flare),
	        cmocka_unit_test(test_in_zone),
	        cmocka_unit_test(test_boom_bust),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
