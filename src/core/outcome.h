/*
 * outcome.h - an episode's outcome from its diary: which days are the
 * baseline and which the latest, the 7-day means with their completeness,
 * and the change of the diary sleep figures (docs/clinical/scoring.md,
 * sleep.md).
 *
 * Pain change is classified by the instrument change function
 * (br_instrument_change with the NRS definition: 2 points or 30%, IMMPACT
 * tiers, cannot-assess at the floor); questionnaires by their own
 * definitions.  The sleep figures have no published MCID: their change is
 * given with its direction only.  Pure functions over structs.
 */
#ifndef BR_CORE_OUTCOME_H
#define BR_CORE_OUTCOME_H

#include <stdbool.h>
#include <stdint.h>

#define BR_OUTCOME_DAYS     7 /* a window is 7 days (a mean, not one day) */
#define BR_OUTCOME_MIN_DAYS 3 /* a mean needs at least 3 of them */

/* The diary figures an outcome compares. */
enum br_outcome_fig {
	BR_FIG_PAIN,    /* average pain 0-10, lower better */
	BR_FIG_TST,     /* total sleep time, minutes, higher better */
	BR_FIG_SE,      /* sleep efficiency %, higher better */
	BR_FIG_QUALITY, /* sleep quality 0-4, higher better */
	BR_FIG_WAKES,   /* awakenings, lower better */
	BR_FIG_N
};

/* One diary day as numbers; BR_UNSET (-1) where not reported (se < 0). */
struct br_outcome_day {
	int32_t day;
	int pain, tst_min, quality, wakes;
	double se_pct;
};

struct br_outcome_mean {
	int n;       /* days that reported the figure */
	bool ok;     /* n >= BR_OUTCOME_MIN_DAYS: the mean may be shown */
	double mean; /* over the n days, rounded as shown (see below) */
};

struct br_outcome_window {
	bool defined;     /* false: no such window (reason says why) */
	const char *rule; /* how it was chosen (static text) */
	const char *reason;
	int32_t from, to; /* inclusive */
	int days;         /* to - from + 1 */
	int diary_days;   /* days with any entry */
	struct br_outcome_mean fig[BR_FIG_N];
};

/* Summarises the days of arr (any order) in [from, to].  Means are
 * rounded to the precision shown (pain, quality, SE, awakenings: one
 * decimal; TST: whole minutes), and changes are taken between the shown
 * values, so the printed figures always agree with each other. */
void br_outcome_summarise(const struct br_outcome_day *arr, int n, int32_t from,
                          int32_t to, struct br_outcome_window *out);

/*
 * Chooses and summarises the two windows of an episode:
 *  - baseline: the 7 days before the first session (first_session, or
 *    INT32_MIN when the episode has none: then the first 7 days from the
 *    episode's opening, before any treatment);
 *  - latest: the 7 days ending on the last diary day on or before end
 *    (the closing day, or today), starting after the baseline.
 * A window with no diary day is not defined (reason set).
 */
void br_outcome_windows(const struct br_outcome_day *arr, int n, int32_t opened,
                        int32_t first_session, int32_t end,
                        struct br_outcome_window *baseline,
                        struct br_outcome_window *latest);

struct br_outcome_delta {
	double change;         /* latest - baseline */
	double improvement;    /* direction-aware: > 0 is better */
	bool has_percent;      /* false at a baseline of 0 */
	double percent;        /* improvement / baseline x 100 */
	const char *direction; /* "better", "worse", "unchanged" */
};

/* The change of a sleep figure (not pain: pain goes through the NRS
 * definition). */
void br_outcome_delta(enum br_outcome_fig fig, double baseline, double latest,
                      struct br_outcome_delta *out);

/* "pain", "tst_min", "se_pct", "sleep_quality", "awakenings". */
const char *br_outcome_fig_name(enum br_outcome_fig fig);
bool br_outcome_fig_higher_better(enum br_outcome_fig fig);

/* Cohort responder figures --------------------------------------------- */

struct br_instrument;
struct br_series;

/* Mean diary pain of a packed series (core/series.h) over [from, to],
 * rounded to one decimal, ok with BR_OUTCOME_MIN_DAYS days. */
void br_outcome_series_pain(const struct br_series *v, int32_t from, int32_t to,
                            struct br_outcome_mean *out);

/* Responders at one checkpoint, over episodes. */
struct br_responder_tally {
	int64_t reached;       /* episodes that reached the checkpoint */
	int64_t assessed;      /* with a baseline and a checkpoint mean */
	int64_t cannot_assess; /* of those, at the floor or ceiling */
	int64_t responders;    /* by points or by percent */
	int64_t by_points, by_percent;
	int64_t tiers[5]; /* substantial, moderate, minimal, none, worse */
	double improvement_sum; /* points, over assessed */
	/* The review's trial decision (core/review.h) at the checkpoint, by
	 * enum br_decision: continue, reconsider, too-early,
	 * insufficient-data, refer. */
	int64_t decisions[5];
};

/* Adds one episode that reached the checkpoint: base and follow are the
 * window means (either may be not ok).  nrs classifies (the instrument
 * change function with the NRS definition). */
void br_responder_add(struct br_responder_tally *t,
                      const struct br_instrument *nrs,
                      const struct br_outcome_mean *base,
                      const struct br_outcome_mean *follow);
/* Counts the review's decision rule (br_review_decide) for an episode at
 * its trial checkpoint after sessions sessions of a trial of trial; refer:
 * an urgent or emergency red-flag screen not cleared then. */
void br_responder_decide(struct br_responder_tally *t,
                         const struct br_outcome_mean *base,
                         const struct br_outcome_mean *follow, int sessions,
                         int trial, bool refer);
void br_responder_merge(struct br_responder_tally *into,
                        const struct br_responder_tally *from);
extern const char *const br_responder_tier_names[5];

#endif
