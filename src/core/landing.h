/*
 * landing.h - how each treatment session landed: pain before and after in
 * the session, the diary pain of the 3 days after against the 3 days
 * before, and the next night's sleep; and the same summarised per
 * modality.
 *
 * A before/after comparison during a course of treatment is confounded by
 * natural recovery and regression to the mean
 * (docs/clinical/thresholds.md): BR_LANDING_CAVEAT says so wherever these
 * figures are shown. Pure functions over structs.
 */
#ifndef BR_CORE_LANDING_H
#define BR_CORE_LANDING_H

#include <stdbool.h>
#include <stdint.h>

#include "core/outcome.h"

#define BR_LANDING_SIDE           3 /* days on each side of a session */
#define BR_LANDING_MIN_DAYS       2 /* of them needed for a mean (local rule) */
#define BR_LANDING_MAX_MODALITIES 16

#define BR_LANDING_CAVEAT                                                      \
	"Pain often eases over a course of treatment whatever is done: "       \
	"natural recovery and regression to the mean (a visit tends to "       \
	"follow a bad spell) move these figures too, so a before/after "       \
	"change is not proof that a session or a modality worked."

struct br_landing_session {
	int32_t day;
	int pain_before, pain_after; /* in the session, 0-10 or BR_UNSET */
	int n_modalities;
	const char *modalities[BR_LANDING_MAX_MODALITIES]; /* borrowed */
};

struct br_landing {
	int32_t day;
	bool has_session_change;
	int session_change; /* pain after - before, in the session */
	struct br_outcome_mean before, after; /* diary pain, 3 days each */
	bool has_diary_change;
	double diary_change; /* after - before, one decimal */
	/* The night after the session (the diary day after it); BR_UNSET
	 * (se < 0) when not reported. */
	int next_quality, next_tst_min;
	double next_se_pct;
};

/* How one session landed, from the diary days arr (any order). */
void br_landing_of(const struct br_landing_session *s,
                   const struct br_outcome_day *arr, int n,
                   struct br_landing *out);

struct br_landing_sum {
	int n;       /* sessions with the figure */
	double mean; /* one decimal; meaningful when n > 0 */
};

struct br_landing_modality {
	const char *modality; /* borrowed from the sessions */
	int sessions;
	struct br_landing_sum session_change; /* in-session pain change */
	struct br_landing_sum diary_change;   /* 3 days after vs before */
	struct br_landing_sum next_quality;   /* the next night */
	struct br_landing_sum next_tst_min;
};

/*
 * Per modality, in order of first appearance: a session with several
 * modalities counts under each.  Fills up to max entries of out and
 * returns how many.
 */
int br_landing_by_modality(const struct br_landing_session *s,
                           const struct br_landing *l, int n,
                           struct br_landing_modality *out, int max);

#endif
