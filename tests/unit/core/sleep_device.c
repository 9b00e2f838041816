/* Unit tests for src/core/sleep_device.c: a tracker's periods into diary
 * nights, every figure exact: a night across midnight UTC, the two DST
 * changes, a nap, a watch and a phone both writing, a stage-less
 * older-iOS night, a watch-only night, gaps and refusals. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/parse.h"
#include "core/sleep_device.h"

/* An instant given as local civil time with its offset in minutes. */
static int64_t
at(int y, int mo, int d, int h, int mi, int off)
{
	return (int64_t)br_days_from_civil(y, mo, d) * 86400 + h * 3600 +
	       mi * 60 - (int64_t)off * 60;
}

struct set {
	struct br_sleep_period p[32];
	size_t n;
};

static void
add(struct set *s, int64_t start, int64_t end, int off, int state, int device)
{
	s->p[s->n++] = (struct br_sleep_period){start, end,
	                                        off,   (unsigned char)state,
	                                        -1,    (unsigned char)device};
}

static struct br_device_night *
nights(struct set *s, size_t *n)
{
	struct br_device_night *out = NULL;
	struct br_err err = BR_ERR_INIT;

	assert_int_equal(br_sleep_nights(s->p, s->n, &out, n, &err), 0);
	return out;
}

static void
expect(const struct br_device_night *d, int y, int mo, int day, int tib,
       int tst, int sol, int waso, int wakes, double se)
{
	assert_int_equal(d->day, br_days_from_civil(y, mo, day));
	assert_int_equal(d->in_bed_min, tib);
	assert_int_equal(d->asleep_min, tst);
	assert_int_equal(d->sol_min, sol);
	assert_int_equal(d->waso_min, waso);
	assert_int_equal(d->awakenings, wakes);
	assert_true(d->se_pct == se);
}

static void
test_across_midnight_utc(void **state)
{
	/* Sydney, +10:00: in bed 22:00 on 1 March (12:00 UTC), up 06:30 on
	 * the 2nd (20:30 UTC on the 1st): the UTC date is the 1st, the
	 * diary day the 2nd.  Asleep 22:20-06:00 but awake 02:00-02:10 (an
	 * awakening) and 04:00-04:03 (too short to count); awake in bed
	 * 06:00-06:30 after the final awakening.
	 * TIB 510, TST 460 - 10 - 3 = 447, SOL 20, WASO 13, 1 awakening,
	 * SE 447 / 510 = 87.65 -> 87.6. */
	struct set s = {.n = 0};
	struct br_device_night *d;
	size_t n;
	const int o = 600;

	(void)state;
	add(&s, at(2026, 3, 1, 22, 0, o), at(2026, 3, 2, 6, 30, o), o,
	    BR_SLEEP_IN_BED, 0);
	add(&s, at(2026, 3, 1, 22, 20, o), at(2026, 3, 2, 2, 0, o), o,
	    BR_SLEEP_ASLEEP, 0);
	add(&s, at(2026, 3, 2, 2, 0, o), at(2026, 3, 2, 2, 10, o), o,
	    BR_SLEEP_AWAKE, 0);
	add(&s, at(2026, 3, 2, 2, 10, o), at(2026, 3, 2, 6, 0, o), o,
	    BR_SLEEP_ASLEEP, 0);
	add(&s, at(2026, 3, 2, 4, 0, o), at(2026, 3, 2, 4, 3, o), o,
	    BR_SLEEP_AWAKE, 0);
	add(&s, at(2026, 3, 2, 6, 0, o), at(2026, 3, 2, 6, 30, o), o,
	    BR_SLEEP_AWAKE, 0);
	d = nights(&s, &n);
	assert_int_equal(n, 1);
	expect(&d[0], 2026, 3, 2, 510, 447, 20, 13, 1, 87.6);
	assert_int_equal(d[0].naps, 0);
	free(d);
}

static void
test_dst(void **state)
{
	/* Los Angeles.  Clocks go back at 02:00 on 1 November 2026: in bed
	 * 22:00 -07:00 on the 31st, asleep 22:30 to 06:30 -08:00, up 07:00
	 * -08:00: ten hours in bed though the clock shows nine.
	 * TIB 600, TST 540, SOL 30, SE 90.0.
	 * Clocks go forward at 02:00 on 8 March 2026: in bed and asleep
	 * 23:00 -08:00 to 07:00 -07:00, seven hours: TIB = TST = 420, SOL 0
	 * (in bed from the onset), SE 100.0. */
	struct set s = {.n = 0};
	struct br_device_night *d;
	size_t n;

	(void)state;
	add(&s, at(2026, 10, 31, 22, 0, -420), at(2026, 11, 1, 7, 0, -480),
	    -420, BR_SLEEP_IN_BED, 0);
	add(&s, at(2026, 10, 31, 22, 30, -420), at(2026, 11, 1, 6, 30, -480),
	    -420, BR_SLEEP_ASLEEP, 0);
	add(&s, at(2026, 3, 7, 23, 0, -480), at(2026, 3, 8, 7, 0, -420), -480,
	    BR_SLEEP_IN_BED, 0);
	add(&s, at(2026, 3, 7, 23, 0, -480), at(2026, 3, 8, 7, 0, -420), -480,
	    BR_SLEEP_ASLEEP, 0);
	d = nights(&s, &n);
	assert_int_equal(n, 2);
	expect(&d[0], 2026, 3, 8, 420, 420, 0, 0, 0, 100.0);
	expect(&d[1], 2026, 11, 1, 600, 540, 30, 0, 0, 90.0);
	free(d);
}

static void
test_nap_apart(void **state)
{
	/* A 40-minute nap at 14:00 on 4 May and the night of the 5th
	 * (23:00-06:00, asleep from 23:10): the nap falls in the same
	 * noon-to-noon window, is counted apart and not in the night.
	 * A nap at 15:00 on the 5th the device marks as a nap (Fitbit's
	 * mainSleep false) with no night after it gives no night. */
	struct set s = {.n = 0};
	struct br_device_night *d;
	size_t n;

	(void)state;
	add(&s, at(2026, 5, 4, 14, 0, 60), at(2026, 5, 4, 14, 40, 60), 60,
	    BR_SLEEP_ASLEEP, 0);
	add(&s, at(2026, 5, 4, 23, 0, 60), at(2026, 5, 5, 6, 0, 60), 60,
	    BR_SLEEP_IN_BED, 0);
	add(&s, at(2026, 5, 4, 23, 10, 60), at(2026, 5, 5, 6, 0, 60), 60,
	    BR_SLEEP_ASLEEP, 0);
	add(&s, at(2026, 5, 5, 15, 0, 60), at(2026, 5, 5, 15, 30, 60), 60,
	    BR_SLEEP_ASLEEP, 0);
	s.p[3].main = 0;
	d = nights(&s, &n);
	assert_int_equal(n, 1);
	/* TIB 420, TST 410, SOL 10, SE 97.6 (97.62). */
	expect(&d[0], 2026, 5, 5, 420, 410, 10, 0, 0, 97.6);
	assert_int_equal(d[0].naps, 1);
	assert_int_equal(d[0].nap_min, 40);
	free(d);
}

static void
test_watch_and_phone(void **state)
{
	/* The phone (device 1) writes in bed 23:00-07:00 and asleep
	 * 23:15-06:45; the watch (device 2) asleep 23:20-03:00, awake
	 * 03:00-03:20, asleep 03:20-06:40, and the same record twice.
	 * Merged once: onset 23:15, final 06:45, awake 20 minutes.
	 * TIB 480, TST 450 - 20 = 430, SOL 15, WASO 20, 1 awakening,
	 * SE 89.6 (89.58). */
	struct set s = {.n = 0};
	struct br_device_night *d;
	size_t n;

	(void)state;
	add(&s, at(2026, 6, 1, 23, 0, 0), at(2026, 6, 2, 7, 0, 0), 0,
	    BR_SLEEP_IN_BED, 1);
	add(&s, at(2026, 6, 1, 23, 15, 0), at(2026, 6, 2, 6, 45, 0), 0,
	    BR_SLEEP_ASLEEP, 1);
	add(&s, at(2026, 6, 1, 23, 20, 0), at(2026, 6, 2, 3, 0, 0), 0,
	    BR_SLEEP_ASLEEP, 2);
	add(&s, at(2026, 6, 2, 3, 0, 0), at(2026, 6, 2, 3, 20, 0), 0,
	    BR_SLEEP_AWAKE, 2);
	add(&s, at(2026, 6, 2, 3, 20, 0), at(2026, 6, 2, 6, 40, 0), 0,
	    BR_SLEEP_ASLEEP, 2);
	add(&s, at(2026, 6, 2, 3, 20, 0), at(2026, 6, 2, 6, 40, 0), 0,
	    BR_SLEEP_ASLEEP, 2);
	d = nights(&s, &n);
	assert_int_equal(n, 1);
	expect(&d[0], 2026, 6, 2, 480, 430, 15, 20, 1, 89.6);
	assert_int_equal(d[0].devices, (1u << 1) | (1u << 2));
	free(d);
}

static void
test_stageless_and_watch_only(void **state)
{
	/* Older iOS: in bed 23:00-07:00, "asleep" 23:30-06:30 without
	 * stages: TIB 480, TST 420, SOL 30, SE 87.5.  The next night a
	 * watch alone, asleep 23:00-06:00 with no bedtime: SOL unknown,
	 * TIB = TST = 420. */
	struct set s = {.n = 0};
	struct br_device_night *d;
	size_t n;

	(void)state;
	add(&s, at(2026, 2, 9, 23, 0, 0), at(2026, 2, 10, 7, 0, 0), 0,
	    BR_SLEEP_IN_BED, 0);
	add(&s, at(2026, 2, 9, 23, 30, 0), at(2026, 2, 10, 6, 30, 0), 0,
	    BR_SLEEP_ASLEEP, 0);
	add(&s, at(2026, 2, 10, 23, 0, 0), at(2026, 2, 11, 6, 0, 0), 0,
	    BR_SLEEP_ASLEEP, 0);
	d = nights(&s, &n);
	assert_int_equal(n, 2);
	expect(&d[0], 2026, 2, 10, 480, 420, 30, 0, 0, 87.5);
	expect(&d[1], 2026, 2, 11, 420, 420, -1, 0, 0, 100.0);
	free(d);
}

static void
test_gap_and_in_bed_only(void **state)
{
	/* Asleep 22:00-01:00, nothing for 50 minutes, asleep 01:50-06:00:
	 * one episode, the gap is WASO and an awakening.  In bed alone the
	 * night after: no sleep recorded, no night. */
	struct set s = {.n = 0};
	struct br_device_night *d;
	size_t n;

	(void)state;
	add(&s, at(2026, 7, 1, 22, 0, 0), at(2026, 7, 2, 1, 0, 0), 0,
	    BR_SLEEP_ASLEEP, 0);
	add(&s, at(2026, 7, 2, 1, 50, 0), at(2026, 7, 2, 6, 0, 0), 0,
	    BR_SLEEP_ASLEEP, 0);
	add(&s, at(2026, 7, 2, 23, 0, 0), at(2026, 7, 3, 6, 0, 0), 0,
	    BR_SLEEP_IN_BED, 0);
	d = nights(&s, &n);
	assert_int_equal(n, 1);
	/* TIB 480, TST 430, WASO 50, SE 89.6 (89.58). */
	expect(&d[0], 2026, 7, 2, 480, 430, -1, 50, 1, 89.6);
	free(d);
}

static void
test_refuses(void **state)
{
	struct set s = {.n = 0};
	struct br_device_night *d = NULL;
	struct br_err err = BR_ERR_INIT;
	size_t n = 7;

	(void)state;
	assert_int_equal(br_sleep_nights(s.p, 0, &d, &n, &err), 0);
	assert_int_equal(n, 0);
	add(&s, at(2026, 7, 2, 6, 0, 0), at(2026, 7, 2, 5, 0, 0), 0,
	    BR_SLEEP_ASLEEP, 0);
	assert_int_equal(br_sleep_nights(s.p, s.n, &d, &n, &err), BR_EINVAL);
	assert_non_null(strstr(err.msg, "ends before it starts"));
	s.n = 0;
	add(&s, at(2026, 7, 1, 6, 0, 0), at(2026, 7, 2, 6, 1, 0), 0,
	    BR_SLEEP_ASLEEP, 0);
	assert_int_equal(br_sleep_nights(s.p, s.n, &d, &n, &err), BR_EINVAL);
	assert_non_null(strstr(err.msg, "24 hours"));
}

static void
test_day(void **state)
{
	(void)state;
	/* 11:59 local belongs to that day, 12:00 to the next. */
	assert_int_equal(br_sleep_day(at(2026, 1, 5, 11, 59, -300), -300),
	                 br_days_from_civil(2026, 1, 5));
	assert_int_equal(br_sleep_day(at(2026, 1, 5, 12, 0, -300), -300),
	                 br_days_from_civil(2026, 1, 6));
	assert_int_equal(br_sleep_day(at(1969, 12, 31, 20, 0, 0), 0),
	                 br_days_from_civil(1970, 1, 1));
}

static void
test_parse_time(void **state)
{
	int64_t t;
	int off;

	(void)state;
	/* Apple's form, ISO 8601 with a colon, Z, fractions, Fitbit's
	 * local time without an offset. */
	assert_int_equal(br_sleep_parse_time("2026-03-08 07:00:00 -0700", true,
	                                     &t, &off),
	                 0);
	assert_int_equal(off, -420);
	assert_true(t == at(2026, 3, 8, 7, 0, -420));
	assert_int_equal(
	        br_sleep_parse_time("2026-03-08T07:00+05:30", true, &t, &off),
	        0);
	assert_int_equal(off, 330);
	assert_true(t == at(2026, 3, 8, 7, 0, 330));
	assert_int_equal(
	        br_sleep_parse_time("2026-03-08T07:00:05.250Z", true, &t, &off),
	        0);
	assert_true(t == at(2026, 3, 8, 7, 0, 0) + 5);
	assert_int_equal(
	        br_sleep_parse_time("2026-03-08T07:00:00.000", false, &t, &off),
	        0);
	assert_int_equal(off, 0);
	/* Refused: no offset where one is needed, 31 April, junk after. */
	assert_int_equal(
	        br_sleep_parse_time("2026-03-08T07:00:00", true, &t, &off),
	        BR_EINVAL);
	assert_int_equal(
	        br_sleep_parse_time("2026-04-31T07:00Z", true, &t, &off),
	        BR_EINVAL);
	assert_int_equal(
	        br_sleep_parse_time("2026-03-08T07:00Zx", true, &t, &off),
	        BR_EINVAL);
	assert_int_equal(br_sleep_parse_time("", false, &t, &off), BR_EINVAL);
}

static void
test_parse_offset(void **state)
{
	int off = 1;

	(void)state;
	/* The offset a Withings import is given: Z, +HH:MM, -HHMM. */
	assert_int_equal(br_sleep_parse_offset("Z", &off), 0);
	assert_int_equal(off, 0);
	assert_int_equal(br_sleep_parse_offset("+05:30", &off), 0);
	assert_int_equal(off, 330);
	assert_int_equal(br_sleep_parse_offset("-0800", &off), 0);
	assert_int_equal(off, -480);
	assert_int_equal(br_sleep_parse_offset("+14:00", &off), 0);
	assert_int_equal(off, 840);
	/* Refused: no sign, past 14 hours, minutes past 59, junk after. */
	assert_int_equal(br_sleep_parse_offset("01:00", &off), BR_EINVAL);
	assert_int_equal(br_sleep_parse_offset("+15:00", &off), BR_EINVAL);
	assert_int_equal(br_sleep_parse_offset("+01:60", &off), BR_EINVAL);
	assert_int_equal(br_sleep_parse_offset("+01:00 ", &off), BR_EINVAL);
	assert_int_equal(br_sleep_parse_offset("Zulu", &off), BR_EINVAL);
	assert_int_equal(br_sleep_parse_offset("+1", &off), BR_EINVAL);
	assert_int_equal(br_sleep_parse_offset("", &off), BR_EINVAL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_across_midnight_utc),
	        cmocka_unit_test(test_dst),
	        cmocka_unit_test(test_nap_apart),
	        cmocka_unit_test(test_watch_and_phone),
	        cmocka_unit_test(test_stageless_and_watch_only),
	        cmocka_unit_test(test_gap_and_in_bed_only),
	        cmocka_unit_test(test_refuses),
	        cmocka_unit_test(test_day),
	        cmocka_unit_test(test_parse_time),
	        cmocka_unit_test(test_parse_offset),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
