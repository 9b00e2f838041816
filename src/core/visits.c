/*
 * visits.c - local date-times, course dates, overlaps and check-in
 * thresholds (see visits.h).
 */
#include "core/visits.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/parse.h"

const char *const br_visit_status_names[] = {"booked", "attended", "missed",
                                             "cancelled", NULL};
const char *const br_visit_place_names[] = {"clinic", "home", NULL};
const char *const br_checkin_change_names[] = {"worse", "same", "better", NULL};

int
br_visit_status_from(const char *name)
{
	for (int i = 0; name && br_visit_status_names[i]; i++)
		if (strcmp(name, br_visit_status_names[i]) == 0)
			return i;
	return -1;
}

int
br_parse_datetime(const char *field, const char *s, int32_t *day, int *minute,
                  struct br_err *err)
{
	char date[BR_DATE_LEN], q[48];

	if (s == NULL)
		return br_error(err, BR_EINVAL, field, "%s is missing", field);
	if (strlen(s) != 16 || (s[10] != 'T' && s[10] != ' '))
		goto bad;
	memcpy(date, s, 10);
	date[10] = '\0';
	if (br_parse_date(field, date, day, NULL) < 0 ||
	    br_parse_clock(field, s + 11, minute, NULL) < 0)
		goto bad;
	return 0;
bad:
	br_quote_value(s, q, sizeof(q));
	return br_error(err, BR_EINVAL, field,
	                "%s must be a local date and time YYYY-MM-DDTHH:MM, "
	                "not '%s'",
	                field, q);
}

void
br_format_datetime(int64_t local_minute, char out[BR_DATETIME_LEN])
{
	int64_t day = local_minute / 1440, m = local_minute % 1440;
	char date[BR_DATE_LEN];

	if (m < 0) {
		m += 1440;
		day--;
	}
	br_format_date((int32_t)day, date);
	snprintf(out, BR_DATETIME_LEN, "%.10sT%02d:%02d", date, (int)(m / 60),
	         (int)(m % 60));
}

bool
br_visits_overlap(int64_t a, int a_min, int64_t b, int b_min)
{
	return a < b + b_min && b < a + a_min;
}

int
br_visits_course_offsets(double per_week, int n, int32_t *out,
                         struct br_err *err)
{
	if (!(per_week > 0 && per_week <= 7))
		return br_error(err, BR_EINVAL, "per_week",
		                "per_week must be more than 0 and at most 7 "
		                "visits a week");
	if (n < 1 || n > BR_COURSE_MAX)
		return br_error(err, BR_EINVAL, "sessions",
		                "sessions must be 1-%d visits", BR_COURSE_MAX);
	for (int k = 0; k < n; k++)
		/* The small epsilon keeps 7 * k / 3.5 from landing a hair
		 * under a whole number. */
		out[k] = (int32_t)floor((double)k * 7.0 / per_week + 1e-9);
	return n;
}

bool
br_checkin_rule_fires(const struct br_checkin_rule *r,
                      const struct br_checkin_answers *a)
{
	bool any = false;

	if (r->soreness_at_least >= 0) {
		if (a->soreness < r->soreness_at_least)
			return false;
		any = true;
	}
	if (r->rise_over_pain_after >= 0) {
		if (a->pain_after < 0 ||
		    a->soreness < a->pain_after + r->rise_over_pain_after)
			return false;
		any = true;
	}
	if (r->energy != BR_CHANGE_ANY) {
		if (a->energy != r->energy)
			return false;
		any = true;
	}
	if (r->mood != BR_CHANGE_ANY) {
		if (a->mood != r->mood)
			return false;
		any = true;
	}
	if (r->unusual) {
		if (!a->unusual)
			return false;
		any = true;
	}
	return any;
}
