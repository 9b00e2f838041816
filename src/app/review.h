/*
 * review.h - use case: the trial checkpoint of an episode's treatment
 * course (core/review.h for the rule).  Conventions as in app.h.
 *
 * review prints {"treatment", "sessions", "trial", "pain": {"baseline",
 * "current", "change", "percent", "tier", "source"}, "measures": [...],
 * "decision", "reasons": [...]}.  The course is the given treatment's
 * latest item, else the latest active course with session modalities,
 * else every session of the episode (trial null).  Baseline pain is the
 * mean diary pain of the 7 days before the course's first session (at
 * least 3 days), current pain the mean of the last 7 days up to today (at
 * least 3); without enough diary the latest NRS (else PEG) measure on or
 * before the first session and the latest one after it stand in.
 * "change" is current - baseline (negative: less pain), "percent" the
 * improvement as a percentage of baseline, "tier" the NRS (or PEG) change
 * tier of core/instrument.h.  Each of "measures" compares an outcome
 * instrument's latest score with its score at the course's start:
 * {"instrument", "baseline": {"date", "score"}, "current", "change",
 * "percent", "tier"}.
 */
#ifndef BR_APP_REVIEW_H
#define BR_APP_REVIEW_H

#include "app/app.h"

/* The review of episode e's course (treatment, or NULL for the latest
 * course), read inside the caller's transaction, which it neither begins
 * nor ends nor audits: the report reads it in its own snapshot.  *out is a
 * new value the caller owns. */
int br_app_review_apply(struct br_app *app, const struct br_episode *e,
                        const char *treatment, json_t **out,
                        struct br_err *err);

/* in {"episode_id", "treatment"}: begin, load, audit "review.read",
 * br_app_review_apply, commit. */
int br_app_review(struct br_app *app, json_t *in, json_t **out,
                  struct br_err *err);

#endif
