/*
 * outcome.h - use cases: an episode's outcome (backrest outcome) and its
 * one-page visit summary (backrest report).  Same contract as app.h: JSON
 * in, JSON out, one transaction, audited.
 */
#ifndef BR_APP_OUTCOME_H
#define BR_APP_OUTCOME_H

#include "app/app.h"

/*
 * The outcome of an episode: in {"episode_id"}; out {"episode_id",
 * "patient_id", "status", "as_of", "sessions", "diary" {"baseline",
 * "latest", "figures" [...]}, "instruments" [...], "landing"
 * {"caveat", "sessions" [...], "by_modality" [...]}} (docs/internals/
 * OUTCOMES.md).  Every mean carries "days_reported" and "days"; a mean
 * from fewer than 3 of the 7 days is null, never estimated.
 */
int br_app_outcome(struct br_app *app, json_t *in, json_t **out,
                   struct br_err *err);

/*
 * The visit summary: in {"episode_id", "since"} (treatments listed from
 * "since", default the last 28 days); out {"kind", "generated_on",
 * "patient", "episode", "red_flags", "outcome", "treatments_since",
 * "adherence", "plan", "series"}: what report_html.c and report_pdf.c
 * draw, and what report --format json prints.
 */
int br_app_report(struct br_app *app, json_t *in, json_t **out,
                  struct br_err *err);

#endif
