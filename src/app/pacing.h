/*
 * pacing.h - use cases: activity pacing (core/pacing.h for the quota
 * rule).  Conventions as in app.h.
 *
 * pace set records an activity's baseline tolerance (a later set of the
 * same activity starts it again); pace log records a day (a second log
 * of the same activity and day replaces the first); pace next prints per
 * activity {"activity", "quota", "unit", "in_zone", "boom_bust",
 * "baseline", "step_pct", "every", "since", "reasons"}.
 */
#ifndef BR_APP_PACING_H
#define BR_APP_PACING_H

#include "app/app.h"

/* in {"episode_id", "activity", "unit", "baseline", "step_pct",
 * "every"}; out: the activity's next view. */
int br_app_pace_set(struct br_app *app, json_t *in, json_t **out,
                    struct br_err *err);
/* in {"episode_id", "activity", "date", "done", "recovered", "flare"}. */
int br_app_pace_log(struct br_app *app, json_t *in, json_t **out,
                    struct br_err *err);
/* in {"episode_id"}; out: array of next views. */
int br_app_pace_next(struct br_app *app, json_t *in, json_t **out,
                     struct br_err *err);

/* Within a transaction: the next views of e's activities as of day. */
int br_app_pace_views(struct br_app *app, const struct br_episode *e,
                      int32_t day, json_t **out, struct br_err *err);

#endif
