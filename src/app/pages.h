/*
 * pages.h - use cases the web app's pages read and no command prints:
 * the charting and bedtime-routine vocabularies, an episode's red-flag
 * status for the patient's diary and the practitioner's Today, and the
 * bedtime routine the patient ticks.
 *
 * Same contract as every use case (app.h): JSON in, a new JSON value in
 * *out that the caller releases, reads of patient data audited.
 */
#ifndef BR_APP_PAGES_H
#define BR_APP_PAGES_H

#include "app/app.h"

/* The session-charting vocabulary (data/charting.json): points, common
 * points, adverse events, regions.  in {}. */
int br_app_charting_vocab(struct br_app *app, json_t *in, json_t **out,
                          struct br_err *err);

/* The steps a plan's bedtime routine may have: {"routine_steps"}.
 * in {}. */
int br_app_plan_vocab(struct br_app *app, json_t *in, json_t **out,
                      struct br_err *err);

/* The red-flag status of an episode: in {"episode_id"}; out
 * {"episode_id", "screens", "last", "waiting", "safety_net"}: the last
 * screen, the screen waiting for a clinician's clearance (its referral in
 * a few words) and the safety-net advice.  Flags, reasons and the
 * practitioner's action stay on the screen list.  Audited as a screening
 * read. */
int br_app_screen_status(struct br_app *app, json_t *in, json_t **out,
                         struct br_err *err);

/* The bedtime routine of an episode's plan: in {"episode_id"}; out
 * {"episode_id", "routine"} (the plan itself, with any referral's
 * reasons, is the practitioner's).  Audited as a plan read. */
int br_app_plan_routine_read(struct br_app *app, json_t *in, json_t **out,
                             struct br_err *err);

#endif
