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
#include "model/pacing.h"

/* in {"episode_id", "activity", "unit", "baseline", "step_pct",
 * "every"} (model/checks_plan.h: br_pace_set_fields); out: the
 * activity's next view.  Checks the input and the setting (defaults
 * filled) before it begins, then loads the episode,
 * br_app_pace_set_apply, audits "pacing.create" and commits. */
int br_app_pace_set(struct br_app *app, json_t *in, json_t **out,
                    struct br_err *err);
/* in {"episode_id", "activity", "date", "done", "recovered", "flare"}
 * (br_pace_log_fields): checks the input and the log, the date not after
 * today, then begins, loads the episode, br_app_pace_log_apply, audits
 * "pacing.log" and commits. */
int br_app_pace_log(struct br_app *app, json_t *in, json_t **out,
                    struct br_err *err);

/*
 * The writes, inside the caller's transaction, which they neither begin
 * nor end nor audit; both refuse a closed episode e.
 *
 * set: q (step and interval may be unset: the defaults fill them) starts
 * its activity again in e: ids and today's date where not set, checked
 * with br_rec_pacing_quota_check (the date not after today), inserted.
 *
 * log: l, checked with br_rec_pacing_log_check (the date not after
 * today), replaces the day's log of its activity, which must have a quota
 * in e set on or before the day; that quota is copied to *quota when not
 * NULL.
 *
 * With app->history (an import of records of the past) e may be closed,
 * the id and created_at given are kept, and a log counts against the
 * quota of its activity set on or before its day (a later setting
 * started the activity again after it).
 */
int br_app_pace_set_apply(struct br_app *app, const struct br_episode *e,
                          struct br_pacing_quota *q, struct br_err *err);
int br_app_pace_log_apply(struct br_app *app, const struct br_episode *e,
                          struct br_pacing_log *l,
                          struct br_pacing_quota *quota, struct br_err *err);
/* in {"episode_id"}; out: array of next views. */
int br_app_pace_next(struct br_app *app, json_t *in, json_t **out,
                     struct br_err *err);

/* The next step of quota q as of day from its logs (those since its day,
 * oldest first), into *nx: the quota rule (core/pacing.h) over loaded
 * records. */
struct br_pace_next;
int br_app_pace_next_of(const struct br_pacing_quota *q,
                        const struct br_pacing_log *logs, size_t n, int32_t day,
                        struct br_pace_next *nx, struct br_err *err);

/* Within a transaction: the next views of e's activities as of day. */
int br_app_pace_views(struct br_app *app, const struct br_episode *e,
                      int32_t day, json_t **out, struct br_err *err);

#endif
