/* Unit tests for src/core/visits.c, adherence.c, ical.c and education.c:
 * local date-times, course dates, overlaps, check-in rules, adherence
 * figures, iCalendar escaping and folding, education moments. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/adherence.h"
#include "core/education.h"
#include "core/ical.h"
#include "core/parse.h"
#include "core/visits.h"

static void
test_datetime(void **state)
{
	struct br_err err = BR_ERR_INIT;
	char out[BR_DATETIME_LEN];
	int32_t day;
	int minute;

	(void)state;
	assert_int_equal(br_parse_datetime("at", "2026-03-11T09:05", &day,
	                                   &minute, &err),
	                 0);
	assert_int_equal(day, br_days_from_civil(2026, 3, 11));
	assert_int_equal(minute, 545);
	br_format_datetime(br_local_minute(day, minute), out);
	assert_string_equal(out, "2026-03-11T09:05");
	assert_int_equal(br_parse_datetime("at", "2026-03-11 23:59", &day,
	                                   &minute, &err),
	                 0);
	assert_int_equal(br_parse_datetime("at", "2026-02-30T09:00", &day,
	                                   &minute, &err),
	                 BR_EINVAL);
	assert_string_equal(err.field, "at");
	assert_non_null(strstr(err.msg, "YYYY-MM-DDTHH:MM"));
	assert_int_equal(br_parse_datetime("at", "2026-03-11T24:00", &day,
	                                   &minute, NULL),
	                 BR_EINVAL);
	assert_int_equal(
	        br_parse_datetime("at", "2026-03-11T9:00", &day, &minute, NULL),
	        BR_EINVAL);
	assert_int_equal(br_parse_datetime("at", NULL, &day, &minute, NULL),
	                 BR_EINVAL);
	br_format_datetime(br_local_minute(-1, 30), out);
	assert_string_equal(out, "1969-12-31T00:30");
}

static void
test_overlap_and_course(void **state)
{
	int32_t off[BR_COURSE_MAX];

	(void)state;
	assert_true(br_visits_overlap(100, 45, 130, 45));
	assert_false(br_visits_overlap(100, 45, 145, 45)); /* back to back */
	assert_true(br_visits_overlap(100, 45, 60, 41));
	assert_false(br_visits_overlap(100, 45, 60, 40));
	assert_int_equal(br_visits_course_offsets(2, 6, off, NULL), 6);
	assert_int_equal(off[1], 3);
	assert_int_equal(off[2], 7);
	assert_int_equal(off[3], 10);
	assert_int_equal(off[5], 17);
	assert_int_equal(br_visits_course_offsets(3, 4, off, NULL), 4);
	assert_int_equal(off[1], 2);
	assert_int_equal(off[2], 4);
	assert_int_equal(off[3], 7);
	assert_int_equal(br_visits_course_offsets(0.5, 3, off, NULL), 3);
	assert_int_equal(off[2], 28);
	assert_int_equal(br_visits_course_offsets(7, 3, off, NULL), 3);
	assert_int_equal(off[2], 2);
	assert_int_equal(br_visits_course_offsets(0, 3, off, NULL), BR_EINVAL);
	assert_int_equal(br_visits_course_offsets(7.5, 3, off, NULL),
	                 BR_EINVAL);
	assert_int_equal(br_visits_course_offsets(1, 0, off, NULL), BR_EINVAL);
	assert_int_equal(br_visits_course_offsets(1, 101, off, NULL),
	                 BR_EINVAL);
}

static void
test_checkin_rules(void **state)
{
	struct br_checkin_rule severe = {7, -1, BR_CHANGE_ANY, BR_CHANGE_ANY,
	                                 false};
	struct br_checkin_rule rise = {-1, 2, BR_CHANGE_ANY, BR_CHANGE_ANY,
	                               false};
	struct br_checkin_rule both = {-1, -1, BR_CHANGE_WORSE, BR_CHANGE_WORSE,
	                               false};
	struct br_checkin_rule none = {-1, -1, BR_CHANGE_ANY, BR_CHANGE_ANY,
	                               false};
	struct br_checkin_answers a = {6, BR_CHANGE_WORSE, BR_CHANGE_SAME,
	                               false, -1};

	(void)state;
	assert_false(br_checkin_rule_fires(&severe, &a));
	a.soreness = 7;
	assert_true(br_checkin_rule_fires(&severe, &a));
	assert_false(br_checkin_rule_fires(&rise, &a)); /* no pain_after */
	a.pain_after = 5;
	assert_true(br_checkin_rule_fires(&rise, &a));
	a.pain_after = 6;
	assert_false(br_checkin_rule_fires(&rise, &a));
	assert_false(br_checkin_rule_fires(&both, &a));
	a.mood = BR_CHANGE_WORSE;
	assert_true(br_checkin_rule_fires(&both, &a));
	assert_false(br_checkin_rule_fires(&none, &a));
}

static void
test_adherence(void **state)
{
	int32_t d0 = br_days_from_civil(2026, 2, 2);
	const struct br_adherence_visit v[] = {
	        {d0, BR_VISIT_ATTENDED},       {d0 + 3, BR_VISIT_ATTENDED},
	        {d0 + 7, BR_VISIT_MISSED},     {d0 + 10, BR_VISIT_MISSED},
	        {d0 + 14, BR_VISIT_ATTENDED},  {d0 + 17, BR_VISIT_BOOKED},
	        {d0 + 21, BR_VISIT_CANCELLED}, {d0 + 40, BR_VISIT_BOOKED},
	};
	struct br_adherence a;

	(void)state;
	br_adherence_compute(v, 8, d0 + 30, 2, 8, &a);
	assert_int_equal(a.visits, 8);
	assert_int_equal(a.attended, 3);
	assert_int_equal(a.missed, 2);
	assert_int_equal(a.unrecorded, 1);
	assert_int_equal(a.cancelled, 1);
	assert_int_equal(a.upcoming, 1);
	assert_int_equal(a.due, 6);
	assert_true(a.rate == 0.5);
	assert_true(a.planned_gap_days == 3.5);
	assert_int_equal(a.course_sessions, 8);
	/* 3 days: fine; 11 days: long; open since d0 + 14 (16 days, with
	 * the visit of d0 + 17 due and not attended). */
	assert_int_equal(a.n_long_gaps, 2);
	assert_int_equal(a.long_gaps[0].from, d0 + 3);
	assert_int_equal(a.long_gaps[0].to, d0 + 14);
	assert_int_equal(a.long_gaps[0].days, 11);
	assert_false(a.long_gaps[0].open);
	assert_true(a.long_gaps[1].open);
	assert_int_equal(a.long_gaps[1].days, 16);
	assert_int_equal(a.longest_gap_days, 16);

	/* Without a plan: the median gap of the schedule (3 and 4 -> 3.5,
	 * cancelled visits left out). */
	br_adherence_compute(v, 5, d0 + 14, 0, 0, &a);
	assert_true(a.planned_gap_days == 3.5);
	assert_int_equal(a.n_long_gaps, 1);
	br_adherence_compute(NULL, 0, d0, 0, 0, &a);
	assert_int_equal(a.due, 0);
	assert_true(a.rate < 0);
	assert_true(a.planned_gap_days < 0);
}

/* Checks the RFC 5545 line rules over a whole text. */
static void
check_lines(const char *s)
{
	const char *p = s;

	while (*p) {
		const char *end = strstr(p, "\r\n");

		assert_non_null(end);
		assert_true(end - p <= BR_ICAL_LINE);
		for (const char *q = p; q < end; q++)
			assert_true(*q != '\n' && *q != '\r');
		/* A fold never starts inside a UTF-8 sequence. */
		if (end[2] == ' ')
			assert_true((end[3] & 0xC0) != 0x80);
		p = end + 2;
	}
}

static void
test_ical_line(void **state)
{
	struct br_ical_buf b = {NULL, 0, 0, false};
	char t[17];
	char long_text[400];

	(void)state;
	br_ical_line(&b, "SUMMARY", "a, b; c\\d\ne\r\nf\x01", true);
	assert_string_equal(b.s, "SUMMARY:a\\, b\\; c\\\\d\\ne\\nf \r\n");
	free(b.s);
	memset(&b, 0, sizeof(b));
	memset(long_text, 0, sizeof(long_text));
	for (int i = 0; i < 120; i++)
		memcpy(long_text + 3 * i, "\xe5\x8c\x97", 3); /* U+5317 */
	br_ical_line(&b, "LOCATION", long_text, true);
	check_lines(b.s);
	free(b.s);
	memset(&b, 0, sizeof(b));
	br_ical_line(&b, "X", "bad \xff\xfe utf-8", true);
	assert_string_equal(b.s, "X:bad ?? utf-8\r\n");
	free(b.s);
	br_ical_utc(0, t);
	assert_string_equal(t, "19700101T000000Z");
	br_ical_utc(1773216000 + 3600 + 61, t);
	assert_string_equal(t, "20260311T090101Z");
}

static void
test_ical_calendar(void **state)
{
	struct br_ical_event ev[2] = {
	        {42, 1773216000, 45, 1773000000, "Visit: A.B.",
	         "12 Oak Road, Leeds", "x", false},
	        {43, 1773216000, 60, 1773000000, "Cancelled", NULL, NULL, true},
	};
	char *out = NULL;
	size_t len = 0;

	(void)state;
	assert_int_equal(br_ical_calendar("cal", ev, 2, &out, &len, NULL), 0);
	assert_int_equal(strlen(out), len);
	check_lines(out);
	assert_non_null(strstr(out, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
	assert_non_null(strstr(out, "UID:visit-42@backrest\r\n"));
	assert_non_null(strstr(out, "DTSTART:20260311T080000Z\r\n"));
	assert_non_null(strstr(out, "DTEND:20260311T084500Z\r\n"));
	assert_non_null(strstr(out, "LOCATION:12 Oak Road\\, Leeds\r\n"));
	assert_non_null(strstr(out, "STATUS:CANCELLED\r\n"));
	assert_non_null(strstr(out, "END:VCALENDAR\r\n"));
	free(out);
}

static void
test_education_moments(void **state)
{
	const struct br_edu_rules r = {7, 2, 7, 3, 3, 4, 1, 0};
	const struct br_edu_pain pain[] = {
	        {100, 3}, {101, 4}, {103, 3}, {105, 3}, {107, 6},
	};
	struct br_edu_context c = {108, 90, 0, 0, pain, 5};
	struct br_edu_now now;

	(void)state;
	br_education_now(&r, &c, &now);
	assert_int_equal(now.moments, BR_EDU_ALWAYS | BR_EDU_FLARE);
	assert_int_equal(now.flare_day, 107);
	assert_int_equal(now.flare_pain, 6);
	assert_true(now.usual_pain == 3.25);
	assert_int_equal(now.episode_day, 19);
	/* Past the recent window: no flare; too few days before: none. */
	c.today = 110;
	br_education_now(&r, &c, &now);
	assert_false(now.moments & BR_EDU_FLARE);
	c.today = 108;
	c.pain = pain + 2;
	c.n_pain = 3;
	br_education_now(&r, &c, &now);
	assert_false(now.moments & BR_EDU_FLARE);
	/* First week and the trial checkpoint (default 4: sessions 3-4). */
	c.n_pain = 0;
	c.episode_opened = 102;
	c.sessions = 3;
	br_education_now(&r, &c, &now);
	assert_int_equal(now.moments,
	                 BR_EDU_ALWAYS | BR_EDU_FIRST_WEEK | BR_EDU_TRIAL);
	assert_int_equal(now.trial, 4);
	c.sessions = 5;
	c.trial = 6;
	c.episode_opened = 101;
	br_education_now(&r, &c, &now);
	assert_int_equal(now.moments, BR_EDU_ALWAYS | BR_EDU_TRIAL);
	assert_int_equal(now.episode_day, 8);
	assert_true(br_education_due(BR_EDU_TRIAL, now.moments));
	assert_false(br_education_due(BR_EDU_FLARE, now.moments));
	assert_int_equal(br_edu_moment_from("flare"), BR_EDU_FLARE);
	assert_int_equal(br_edu_moment_from("never"), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_datetime),
	        cmocka_unit_test(test_overlap_and_course),
	        cmocka_unit_test(test_checkin_rules),
	        cmocka_unit_test(test_adherence),
	        cmocka_unit_test(test_ical_line),
	        cmocka_unit_test(test_ical_calendar),
	        cmocka_unit_test(test_education_moments),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
