/*
 * review.h - the trial checkpoint of a treatment course (pain change
 * against docs/clinical/thresholds.md): the diary windows the pain figures come
 * from and the decision rule.
 *
 *   refer              an uncleared urgent or emergency red-flag screen
 *   too-early          fewer than 3 sessions of the course
 *   insufficient-data  no baseline or no current pain figure, or a
 *                      baseline at the floor (improvement undetectable)
 *   continue           improvement >= 30% of baseline or >= 2 points
 *                      (Ostelo 2008, Farrar 2001)
 *   reconsider         at or past the trial checkpoint with improvement
 *                      < 10% (below IMMPACT's minimal tier): stop or
 *                      change the approach
 *   too-early          otherwise
 *
 * Every decision's reasons end with the caveat that change during a course
 * also reflects natural recovery and regression to the mean.  Pure
 * functions.
 */
#ifndef BR_CORE_REVIEW_H
#define BR_CORE_REVIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BR_REVIEW_WINDOW       7  /* days in a pain window */
#define BR_REVIEW_MIN_DAYS     3  /* diary days a window needs */
#define BR_REVIEW_MIN_SESSIONS 3  /* sessions before any judgement */
#define BR_REVIEW_GOOD_PCT     30 /* continue: >= 30% ... */
#define BR_REVIEW_GOOD_POINTS  2  /* ... or >= 2 points */
#define BR_REVIEW_POOR_PCT     10 /* reconsider: < 10% at the checkpoint */
#define BR_REVIEW_MAX_REASONS  8
#define BR_REVIEW_REASON       320

/* A diary day's pain (0-10). */
struct br_day_pain {
	int32_t day;
	int pain;
};

/* Mean pain of the days in [from, to] (*count of them; *mean 0 when
 * none). */
void br_review_window(const struct br_day_pain *days, size_t n, int32_t from,
                      int32_t to, double *mean, int *count);

enum br_decision {
	BR_DECIDE_CONTINUE,
	BR_DECIDE_RECONSIDER,
	BR_DECIDE_TOO_EARLY,
	BR_DECIDE_INSUFFICIENT,
	BR_DECIDE_REFER,
};

struct br_review_in {
	bool refer;
	const char *referral; /* what to do, for the reason; may be NULL */
	int sessions;         /* of the course so far */
	int trial;            /* the checkpoint, 0 when none */
	bool has_pain;        /* both figures present */
	double baseline, current;
	bool cannot_assess;    /* the baseline is at the floor */
	const char *pain_what; /* "diary pain", "NRS" ... for reasons */
};

struct br_review_out {
	enum br_decision decision;
	double improvement; /* baseline - current (points) */
	bool has_percent;
	double percent; /* improvement / baseline x 100 */
	int n_reasons;
	char reasons[BR_REVIEW_MAX_REASONS][BR_REVIEW_REASON];
};

void br_review_decide(const struct br_review_in *in, struct br_review_out *out);

/* "continue", "reconsider", "too-early", "insufficient-data", "refer". */
const char *br_decision_name(enum br_decision d);

#endif
