/*
 * adherence.h - how closely a patient kept to a course of visits: attended
 * against planned, and the gaps between attended visits that were longer
 * than the course planned.  Pure: the caller passes the visits in order of
 * their start and "today"; nothing is read or allocated.
 *
 * Definitions (docs/internals/VISITS.md):
 *   due        visits planned to date: start day <= today and not
 *              cancelled (attended + missed + not yet recorded);
 *   rate       attended / due, or -1 when nothing is due yet;
 *   upcoming   booked visits after today;
 *   planned gap  7 / per_week days when the course's frequency is known
 *              (plan_items.per_week), else the median gap between the
 *              booked (not cancelled) visits, else unknown (-1);
 *   long gap   two consecutive attended visits further apart than the
 *              planned gap by more than half of it (> 1.5 x planned gap;
 *              twice a week: 6 days or more, weekly: 11 or more), and
 *              the time since the last attended visit when it is already
 *              that long and no visit was attended since ("open").
 *
 * The review and the episode report call this (through
 * app/visits.h: br_visits_adherence) so every figure has one definition.
 */
#ifndef BR_CORE_ADHERENCE_H
#define BR_CORE_ADHERENCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BR_ADHERENCE_MAX_GAPS 16

/* One visit as adherence needs it. */
struct br_adherence_visit {
	int32_t day; /* day number of the start */
	int status;  /* enum br_visit_status (core/visits.h) */
};

struct br_adherence_gap {
	int32_t from; /* day of the attended visit before the gap */
	int32_t to;   /* the next attended visit, or today while open */
	int days;     /* to - from */
	bool open;    /* no visit attended since from */
};

struct br_adherence {
	int visits; /* all visits passed in */
	int due;    /* attended + missed + unrecorded */
	int attended;
	int missed;
	int unrecorded; /* booked, start day <= today, nothing recorded */
	int cancelled;
	int upcoming;            /* booked, after today */
	double rate;             /* attended / due, or -1 */
	double planned_gap_days; /* -1 when unknown */
	int course_sessions;     /* the plan's sessions, or 0 when unknown */
	int n_long_gaps;         /* all of them, even past the array */
	int longest_gap_days;    /* between attended visits or open; 0 */
	struct br_adherence_gap long_gaps[BR_ADHERENCE_MAX_GAPS];
};

/*
 * Computes adherence over visits[0..n) as of today.  per_week is the
 * course's planned frequency (0 when unknown); course_sessions is copied
 * to the result.
 */
void br_adherence_compute(const struct br_adherence_visit *visits, size_t n,
                          int32_t today, double per_week, int course_sessions,
                          struct br_adherence *out);

#endif
