/*
 * education.h - when a patient-education card is due.  Cards are data
 * (data/education.json, read by app/education.c); each names the moments
 * it belongs to, and this module decides which moments are now.  Pure.
 *
 * Moments (the numbers come from the "rules" of the data file):
 *   always      every time;
 *   first-week  the first first_week_days days of the episode (from the
 *               day it was opened);
 *   flare       a diary day within the last flare_recent days whose pain
 *               is at least flare_rise points above the patient's usual
 *               pain (the mean of the flare_lookback days before it, with
 *               at least flare_min_days reported) - the 2-point change of
 *               Ostelo et al. 2008 and the exercise flare rule;
 *   trial       the trial checkpoint: the charted sessions of the episode
 *               are between trial - trial_before and trial + trial_after,
 *               trial being the plan's trial length (plan_items.trial)
 *               or the data file's default.
 */
#ifndef BR_CORE_EDUCATION_H
#define BR_CORE_EDUCATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum br_edu_moment {
	BR_EDU_ALWAYS = 1,
	BR_EDU_FIRST_WEEK = 2,
	BR_EDU_FLARE = 4,
	BR_EDU_TRIAL = 8,
};

/* "always", "first-week", "flare", "trial" (NULL-terminated); name i is
 * the moment 1 << i. */
extern const char *const br_edu_moment_names[];

/* The moment bit of a name, or 0. */
unsigned br_edu_moment_from(const char *name);

struct br_edu_rules {
	int first_week_days;
	int flare_rise;
	int flare_lookback;
	int flare_recent;
	int flare_min_days;
	int trial_default;
	int trial_before;
	int trial_after;
};

struct br_edu_pain {
	int32_t day;
	int pain; /* 0-10 */
};

struct br_edu_context {
	int32_t today;
	int32_t episode_opened;         /* day number */
	int sessions;                   /* charted in the episode */
	int trial;                      /* the plan's trial length, or 0 */
	const struct br_edu_pain *pain; /* diary pain, oldest first */
	size_t n_pain;
};

struct br_edu_now {
	unsigned moments;  /* enum br_edu_moment bits */
	int episode_day;   /* 1 on the day the episode opened */
	int trial;         /* the trial length used */
	int32_t flare_day; /* the latest flare day, when flare */
	int flare_pain;
	double usual_pain; /* the mean it was compared with */
};

void br_education_now(const struct br_edu_rules *rules,
                      const struct br_edu_context *ctx, struct br_edu_now *out);

/* True when a card of the moments in card_moments is due now. */
static inline bool
br_education_due(unsigned card_moments, unsigned now_moments)
{
	return (card_moments & now_moments) != 0;
}

#endif
