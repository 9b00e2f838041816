/*
 * cohort.h - use cases of the cohort engine: practice figures over the
 * series cache, and rebuilding the cache.  Same contract as app.h.
 */
#ifndef BR_APP_COHORT_H
#define BR_APP_COHORT_H

#include "app/app.h"

/*
 * Practice figures: in {"by": "modality"|"phase"|"risk"|"practitioner",
 * "from", "to", "per_patient": bool, "no_responders": bool, "clinic_id"};
 * with clinic_id every figure (counts, diary, responders, groups, per
 * patient) counts that clinic's patients only, else every clinic's;
 * out {"from", "to", "by", "clinic_id", "patients",
 * "episodes", "open_episodes", "diary", "sleep_to_pain", "pain_to_sleep",
 * "groups" (with by), "responders", "engine", "per_patient" (when asked)}.
 * Streams the packed series on every core (pthreads), one pass; the
 * responder figures (diary pain at the trial checkpoint and at discharge
 * against the 7 days before the first session) come from each chunk's
 * episodes, read by the same worker, and the same series bytes.
 * Signed in (app->user_id), the account scopes it: a practitioner's
 * clinic is their own and never a parameter, an administrator with a
 * clinic sees theirs, figures per patient are a practitioner's.  The
 * read is audited ("cohort.read") before the figures are returned, from
 * every entry point.
 */
int br_app_cohort(struct br_app *app, json_t *in, json_t **out,
                  struct br_err *err);

/* Rebuilds the series cache from diary_days: in {"check": bool} (compare
 * only); out {"patients", "diary_rows", "different", "orphans",
 * "rebuilt", "seconds"}. */
int br_app_reindex(struct br_app *app, json_t *in, json_t **out,
                   struct br_err *err);

#endif
