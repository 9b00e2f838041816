/*
 * plan.h - use cases: an episode's care plan (evidence-graded options for
 * its phase and risk group, with each source's position side by side; the
 * courses and other items planned; the bedtime routine), and the helpers
 * the review, exercise, pacing and due use cases share.  Conventions as in
 * app.h.
 *
 * plan prints {"status": "ok"|"refer", "referral": null or {"urgency",
 * "reasons"}, "phase": {"cochrane", "acp"}, "risk", "options": [...],
 * "items": [...], "routine": [...]}.  An option is {"treatment", "label",
 * "matched", "evidence": [{"source", "position", "certainty", "strength",
 * "finding", "citation"}]}; a source without an entry for the phase shows
 * "no-recommendation" with a finding saying so.  With an uncleared urgent
 * or emergency red-flag screen the status is "refer" and no option is
 * listed.
 */
#ifndef BR_APP_PLAN_H
#define BR_APP_PLAN_H

#include "app/app.h"
#include "core/exercise.h"
#include "core/plan.h"
#include "model/library.h"
#include "store/plans.h"

/* in {"episode_id", "guideline"}. */
int br_app_plan(struct br_app *app, json_t *in, json_t **out,
                struct br_err *err);
/* in {"episode_id", "treatment", "sessions", "per_week", "trial",
 * "note"} (model/checks_plan.h: br_plan_item_fields); out: the item.
 * Checks the input and the item (defaults filled) before it begins,
 * then loads the episode, br_app_plan_item_apply, audits "plan.create"
 * and commits. */
int br_app_plan_add(struct br_app *app, json_t *in, json_t **out,
                    struct br_err *err);
/*
 * Adds item it (its fields as given, defaults filled: see
 * br_rec_plan_item_defaults) to episode e inside the caller's transaction,
 * which it neither begins nor ends nor audits: refuses a closed episode,
 * one waiting for a red-flag referral, an item that fails
 * br_rec_plan_item_check and a second active item of one treatment; sets
 * the ids, status "active" and today's date where not set, and inserts
 * it.
 */
int br_app_plan_item_apply(struct br_app *app, const struct br_episode *e,
                           struct br_plan_item *it, struct br_err *err);
/* in {"episode_id", "treatment", "status"}: ends the active item. */
int br_app_plan_end(struct br_app *app, json_t *in, json_t **out,
                    struct br_err *err);
/* in {"episode_id", "steps"}: sets the bedtime routine ("none" clears):
 * begin, loads the episode, br_app_routine_apply, audit "plan.update",
 * commit. */
int br_app_plan_routine(struct br_app *app, json_t *in, json_t **out,
                        struct br_err *err);
/*
 * Inside the caller's transaction, which they neither begin nor end nor
 * audit.  routine: r (r->n 0: none; r->day "": today) becomes episode
 * e's bedtime routine: refuses a closed episode and one waiting for a
 * red-flag referral (not with app->history, for a routine of the past),
 * a day after today, and steps that are not routine steps of
 * data/bedtime.json, listed twice or more than BR_ROUTINE_MAX.
 * ticks: the steps r the patient ticked on date ("YYYY-MM-DD"): the same
 * steps rule (field "routine"), the patient must exist and the date be
 * neither after today nor before the patient's birth.
 */
int br_app_routine_apply(struct br_app *app, const struct br_episode *e,
                         struct br_routine *r, struct br_err *err);
int br_app_routine_ticks_apply(struct br_app *app, int64_t patient_id,
                               const char *date, const struct br_routine *r,
                               struct br_err *err);

/*
 * Within a transaction: *refer is set when the episode has an uncleared
 * urgent or emergency screen; then *referral (when not NULL) gets a new
 * {"urgency", "reasons"} object and text (when not NULL) the referral in
 * a few words.  Without one *referral is a new json null.
 */
int br_app_referral(struct br_app *app, const struct br_episode *e, bool *refer,
                    json_t **referral, char *text, size_t len,
                    struct br_err *err);

/*
 * Sessions counting towards items[idx]: sessions of the episode with one
 * of the treatment's modalities; for the first course of that treatment
 * in the episode all of them, for a later one those on or after its day.
 * -1 when the treatment has no session modality.  *first is the first
 * counted session's day (INT32_MIN when none).
 */
int br_app_course_sessions(const struct br_plan_item *items, size_t n_items,
                           size_t idx, const struct br_session *sessions,
                           size_t n_sessions, int32_t *first);

/* Reads key of in as routine step ids of data/bedtime.json ("none": no
 * step) into out. */
int br_app_read_routine(json_t *in, const char *key, struct br_routine *out,
                        struct br_err *err);
/* [{"step", "label"}] for r. */
json_t *br_app_routine_view(const struct br_routine *r);

#endif
