/*
 * visits.h - pure rules of appointments: the local date-time of a visit,
 * the dates a course of care proposes, overlaps, and the thresholds of the
 * next-day check-in.  No I/O, no allocation.
 *
 * A visit's time is the clinic's local wall-clock time.  A point in time is
 * a "local minute": day number * 1440 + minutes after midnight (int64_t),
 * so a visit [start, start + minutes) overlaps another by integer
 * comparison.
 */
#ifndef BR_CORE_VISITS_H
#define BR_CORE_VISITS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

#define BR_DATETIME_LEN 17  /* "YYYY-MM-DDTHH:MM" and its NUL */
#define BR_COURSE_MAX   100 /* visits of one course (plan_items.sessions) */

enum br_visit_status {
	BR_VISIT_BOOKED,
	BR_VISIT_ATTENDED,
	BR_VISIT_MISSED,
	BR_VISIT_CANCELLED,
};

/* "booked", "attended", "missed", "cancelled" (NULL-terminated), in the
 * order of enum br_visit_status. */
extern const char *const br_visit_status_names[];
/* "clinic", "home" (NULL-terminated). */
extern const char *const br_visit_place_names[];

/* The status for its name, or -1. */
int br_visit_status_from(const char *name);

/* Parses "YYYY-MM-DDTHH:MM" (exactly; a space instead of the T is
 * accepted) into a day number and minutes after midnight. */
int br_parse_datetime(const char *field, const char *s, int32_t *day,
                      int *minute, struct br_err *err);
/* Writes "YYYY-MM-DDTHH:MM" into out. */
void br_format_datetime(int64_t local_minute, char out[BR_DATETIME_LEN]);

static inline int64_t
br_local_minute(int32_t day, int minute)
{
	return (int64_t)day * 1440 + minute;
}

/* True when [a, a + a_min) and [b, b + b_min) share a minute. */
bool br_visits_overlap(int64_t a, int a_min, int64_t b, int b_min);

/*
 * The day offsets (from the first visit, offset 0) of n visits at
 * per_week visits a week (0 < per_week <= 7): visit k falls on
 * floor(k * 7 / per_week), so twice a week alternates gaps of 3 and 4
 * days, three times a week gives Monday-Wednesday-Friday, and 0.5 means
 * every other week.  Returns n, or BR_EINVAL naming "per_week" or
 * "sessions" when out of range (n 1..BR_COURSE_MAX).
 */
int br_visits_course_offsets(double per_week, int n, int32_t *out,
                             struct br_err *err);

/* The next-day check-in ---------------------------------------------- */

/* Energy and mood compared with before the session. */
enum br_checkin_change {
	BR_CHANGE_WORSE = -1,
	BR_CHANGE_SAME = 0,
	BR_CHANGE_BETTER = 1,
	BR_CHANGE_ANY = 2, /* a rule that does not look at it */
};

/* "worse", "same", "better" (NULL-terminated); index + BR_CHANGE_WORSE. */
extern const char *const br_checkin_change_names[];

struct br_checkin_answers {
	int soreness;   /* 0-10 */
	int energy;     /* enum br_checkin_change */
	int mood;       /* enum br_checkin_change */
	bool unusual;   /* the patient wrote something under "unusual" */
	int pain_after; /* the session's pain at the end, or -1 */
};

/*
 * One threshold rule (data/aftercare.json "thresholds"): every condition
 * that is set must hold.  A rule with no condition set never fires.
 */
struct br_checkin_rule {
	int soreness_at_least;    /* -1 = not a condition */
	int rise_over_pain_after; /* soreness >= pain_after + this; -1 = not */
	int energy;               /* BR_CHANGE_ANY = not a condition */
	int mood;                 /* BR_CHANGE_ANY = not a condition */
	bool unusual;             /* the patient reported something unusual */
};

bool br_checkin_rule_fires(const struct br_checkin_rule *r,
                           const struct br_checkin_answers *a);

#endif
