/* Unit tests for src/core/outcome.c: the baseline and latest windows,
 * the 3-of-7-days rule, the sleep deltas, the series pain mean and the
 * responder tally at its boundaries (2 points, 30%, the floor). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/embed.h"
#include "core/instrument.h"
#include "core/outcome.h"
#include "core/series.h"
#include "core/sleep.h"

static struct br_instrument nrs_def;

static const struct br_instrument *
nrs(void)
{
	const struct br_embedded_file *f;
	struct br_err err = BR_ERR_INIT;

	if (nrs_def.doc)
		return &nrs_def;
	f = br_embedded_data("instruments/nrs.json");
	assert_non_null(f);
	if (br_instrument_parse("instruments/nrs.json", (const char *)f->bytes,
	                        f->len, &nrs_def, &err) < 0)
		fail_msg("%s", err.msg);
	return &nrs_def;
}

static struct br_outcome_day
day(int32_t d, int pain)
{
	struct br_outcome_day x = {d, pain, BR_UNSET, BR_UNSET, BR_UNSET, -1};

	return x;
}

static void
test_means_count_reported_days_only(void **state)
{
	struct br_outcome_day days[] = {
	        {100, 4, 400, 2, 1, 90.0},
	        {101, 5, BR_UNSET, BR_UNSET, BR_UNSET, -1},
	        {102, BR_UNSET, 380, 3, 2, 80.0},
	        {103, 6, 420, 1, 0, 85.5},
	        {110, 9, 300, 0, 5, 50.0}, /* outside */
	};
	struct br_outcome_window w;

	(void)state;
	br_outcome_summarise(days, 5, 100, 106, &w);
	assert_int_equal(w.days, 7);
	assert_int_equal(w.diary_days, 4);
	assert_int_equal(w.fig[BR_FIG_PAIN].n, 3);
	assert_true(w.fig[BR_FIG_PAIN].ok);
	assert_true(w.fig[BR_FIG_PAIN].mean == 5.0);
	assert_int_equal(w.fig[BR_FIG_TST].n, 3);
	assert_true(w.fig[BR_FIG_TST].mean == 400.0);
	/* (90 + 80 + 85.5) / 3 = 85.1666 -> 85.2 */
	assert_true(fabs(w.fig[BR_FIG_SE].mean - 85.2) < 1e-9);
	assert_true(w.fig[BR_FIG_QUALITY].mean == 2.0);
	assert_true(w.fig[BR_FIG_WAKES].mean == 1.0);
}

static void
test_three_of_seven(void **state)
{
	struct br_outcome_day two[] = {day(1, 5), day(3, 7)};
	struct br_outcome_day three[] = {day(1, 5), day(3, 7), day(7, 6)};
	struct br_outcome_window w;

	(void)state;
	br_outcome_summarise(two, 2, 1, 7, &w);
	assert_int_equal(w.fig[BR_FIG_PAIN].n, 2);
	assert_false(w.fig[BR_FIG_PAIN].ok);
	br_outcome_summarise(three, 3, 1, 7, &w);
	assert_true(w.fig[BR_FIG_PAIN].ok);
	assert_true(w.fig[BR_FIG_PAIN].mean == 6.0);
}

static void
test_windows(void **state)
{
	struct br_outcome_day d[30];
	struct br_outcome_window b, l;

	(void)state;
	for (int i = 0; i < 30; i++)
		d[i] = day(100 + i, 8 - i / 5);
	/* first session on day 110: baseline 103..109 */
	br_outcome_windows(d, 30, 95, 110, 200, &b, &l);
	assert_true(b.defined);
	assert_int_equal(b.from, 103);
	assert_int_equal(b.to, 109);
	/* latest: the 7 days up to the last diary day (129) */
	assert_true(l.defined);
	assert_int_equal(l.from, 123);
	assert_int_equal(l.to, 129);
	/* end before the last diary day: cut there */
	br_outcome_windows(d, 30, 95, 110, 115, &b, &l);
	assert_int_equal(l.to, 115);
	assert_int_equal(l.from, 110);
	/* latest may not reach into the baseline */
	br_outcome_windows(d, 30, 95, 110, 111, &b, &l);
	assert_int_equal(l.from, 110);
	assert_int_equal(l.to, 111);
	assert_int_equal(l.days, 2);
	assert_false(l.fig[BR_FIG_PAIN].ok);
	/* nothing after the baseline yet */
	br_outcome_windows(d, 30, 95, 110, 109, &b, &l);
	assert_false(l.defined);
	assert_non_null(l.reason);
	/* no session: the first 7 days of the episode */
	br_outcome_windows(d, 30, 100, INT32_MIN, 200, &b, &l);
	assert_int_equal(b.from, 100);
	assert_int_equal(b.to, 106);
	assert_non_null(strstr(b.rule, "no session"));
	/* no diary before the first session */
	br_outcome_windows(d, 30, 100, 100, 200, &b, &l);
	assert_false(b.defined);
}

static void
test_sleep_delta_direction(void **state)
{
	struct br_outcome_delta x;

	(void)state;
	br_outcome_delta(BR_FIG_TST, 300, 360, &x);
	assert_true(x.change == 60);
	assert_true(x.improvement == 60);
	assert_true(x.percent == 20.0);
	assert_string_equal(x.direction, "better");
	br_outcome_delta(BR_FIG_WAKES, 3.0, 3.6, &x);
	assert_true(fabs(x.change - 0.6) < 1e-9);
	assert_string_equal(x.direction, "worse");
	assert_true(x.percent == -20.0);
	br_outcome_delta(BR_FIG_WAKES, 0, 1, &x);
	assert_false(x.has_percent);
	br_outcome_delta(BR_FIG_SE, 85, 85, &x);
	assert_string_equal(x.direction, "unchanged");
}

static void
test_series_pain(void **state)
{
	uint8_t code[10] = {0};
	struct br_series v = {1, 100, 10, code, NULL, NULL};
	struct br_outcome_mean m;

	(void)state;
	code[0] = BR_SERIES_CODE(4, 2);
	code[1] = BR_SERIES_CODE(-1, 2); /* no pain that day */
	code[2] = BR_SERIES_CODE(5, -1);
	code[4] = BR_SERIES_CODE(5, 3);
	br_outcome_series_pain(&v, 95, 104, &m); /* cut to the series */
	assert_int_equal(m.n, 3);
	assert_true(m.ok);
	assert_true(fabs(m.mean - 4.7) < 1e-9);
	br_outcome_series_pain(&v, 101, 103, &m);
	assert_int_equal(m.n, 1);
	assert_false(m.ok);
	br_outcome_series_pain(&v, 200, 210, &m);
	assert_int_equal(m.n, 0);
}

static struct br_outcome_mean
mean(double v)
{
	struct br_outcome_mean m = {7, true, v};

	return m;
}

static void
test_responder_boundaries(void **state)
{
	struct br_responder_tally t;
	struct br_outcome_mean few = {2, false, 3.0};

	(void)state;
	memset(&t, 0, sizeof(t));
	/* exactly 2 points (6 -> 4, 33%): both flags */
	br_responder_add(&t, nrs(), &(struct br_outcome_mean){7, true, 6.0},
	                 &(struct br_outcome_mean){7, true, 4.0});
	assert_int_equal(t.responders, 1);
	assert_int_equal(t.by_points, 1);
	assert_int_equal(t.by_percent, 1);
	assert_int_equal(t.tiers[1], 1); /* moderate */
	/* 10 -> 8.1: 1.9 points, 19%: neither */
	{
		struct br_outcome_mean a = mean(10.0), b = mean(8.1);

		br_responder_add(&t, nrs(), &a, &b);
	}
	assert_int_equal(t.responders, 1);
	assert_int_equal(t.tiers[2], 1); /* minimal */
	/* 3 -> 2.1: 0.9 points but 30%: by percent only */
	{
		struct br_outcome_mean a = mean(3.0), b = mean(2.1);

		br_responder_add(&t, nrs(), &a, &b);
	}
	assert_int_equal(t.responders, 2);
	assert_int_equal(t.by_points, 1);
	assert_int_equal(t.by_percent, 2);
	/* 3 -> 2.2: 26.7%: none */
	{
		struct br_outcome_mean a = mean(3.0), b = mean(2.2);

		br_responder_add(&t, nrs(), &a, &b);
	}
	assert_int_equal(t.responders, 2);
	/* the floor: baseline 0 cannot be assessed */
	{
		struct br_outcome_mean a = mean(0.0), b = mean(1.0);

		br_responder_add(&t, nrs(), &a, &b);
	}
	assert_int_equal(t.cannot_assess, 1);
	/* worse by 2 points */
	{
		struct br_outcome_mean a = mean(4.0), b = mean(6.0);

		br_responder_add(&t, nrs(), &a, &b);
	}
	assert_int_equal(t.tiers[4], 1);
	/* too few days: reached, not assessed */
	br_responder_add(&t, nrs(), &few, &few);
	assert_int_equal(t.reached, 7);
	assert_int_equal(t.assessed, 6);
	assert_true(fabs(t.improvement_sum -
	                 (2.0 + 1.9 + 0.9 + 0.8 - 1.0 - 2.0)) < 1e-9);
}

static void
test_merge(void **state)
{
	struct br_responder_tally a, b;

	(void)state;
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	br_responder_add(&a, nrs(), &(struct br_outcome_mean){7, true, 6.0},
	                 &(struct br_outcome_mean){7, true, 2.0});
	br_responder_add(&b, nrs(), &(struct br_outcome_mean){7, true, 6.0},
	                 &(struct br_outcome_mean){7, true, 6.0});
	br_responder_merge(&a, &b);
	assert_int_equal(a.reached, 2);
	assert_int_equal(a.responders, 1);
	assert_int_equal(a.tiers[0], 1);
	assert_int_equal(a.tiers[3], 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_means_count_reported_days_only),
	        cmocka_unit_test(test_three_of_seven),
	        cmocka_unit_test(test_windows),
	        cmocka_unit_test(test_sleep_delta_direction),
	        cmocka_unit_test(test_series_pain),
	        cmocka_unit_test(test_responder_boundaries),
	        cmocka_unit_test(test_merge),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);

	br_instrument_free(&nrs_def);
	return rc;
}
