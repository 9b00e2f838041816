/*
 * pacing.h - graded activity quotas (docs/clinical/exercise-and-pacing.md:
 * Therapeutic Guidelines Australia's quota algorithm, Nielson et al.
 * 2013's definition; an "in the zone" test of each day).
 *
 *   quota      starts at 80% of the baseline tolerance, rounded to a whole
 *              unit; one increment is step_pct% of the baseline (10-20)
 *   progress   once per interval (every_days, default 7): +1 increment
 *              only when at least 80% of the interval's days (daily,
 *              time-contingent) were done at quota, no day was reported
 *              "not recovered" and no flare occurred
 *   flare      steps back one increment at once and starts a new interval
 *              (never below one increment, or 1 unit)
 *   in zone    the latest day logged was done at quota (up to one
 *              increment above), the patient recovered (could repeat the
 *              level later that day or the next) and there was no flare
 *   boom-bust  within the last two intervals, a day more than one
 *              increment above quota followed by a flare that day or the
 *              next (the threshold of one increment is a local rule:
 *              no published source gives one)
 *
 * Pure functions.
 */
#ifndef BR_CORE_PACING_H
#define BR_CORE_PACING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BR_PACE_START_PCT  80 /* quota 0 = 80% of baseline */
#define BR_PACE_DONE_PCT   80 /* of the interval's days done at quota */
#define BR_PACE_MAX_REASON 6
#define BR_PACE_REASON     240

struct br_pace_plan {
	double baseline; /* > 0, in the activity's unit */
	double step_pct; /* 10-20 */
	int every_days;  /* interval */
	int32_t start;   /* the day the quota was set */
};

struct br_pace_log {
	int32_t day;
	double done;
	int recovered; /* 1 yes, 0 no, -1 not reported */
	bool flare;
};

/* The quota after increments steps (negative: steps back), rounded to a
 * whole unit and never below one increment (or 1). */
double br_pace_quota(const struct br_pace_plan *p, int increments);

struct br_pace_next {
	double quota;     /* what to do next */
	int increments;   /* net steps from the starting quota */
	int32_t interval; /* first day of the current interval */
	bool in_zone;
	bool boom_bust;
	bool logged_today;
	int n_reasons;
	char reasons[BR_PACE_MAX_REASON][BR_PACE_REASON];
};

/* Replays logs (one per day, oldest first, days >= p->start) up to today
 * and fills out. */
void br_pace_next(const struct br_pace_plan *p, const struct br_pace_log *logs,
                  size_t n, int32_t today, struct br_pace_next *out);

#endif
