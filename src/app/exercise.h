/*
 * exercise.h - use cases: the home exercise program (core/exercise.h for
 * the library and the progression rule).  Conventions as in app.h.
 *
 * exercise assign prescribes a level of a ladder (replacing the active
 * prescription of the same ladder in the episode) with reps and days
 * between sessions (defaults from data/exercises.json) and the patient's
 * usual morning pain: given, or the mean diary pain of the 7 days before
 * (at least 3 days, rounded), or unknown.  exercise log records a session
 * (a second log of the same exercise and day merges into the first, so
 * next-morning pain can be added the next day).  exercise next prints, per
 * active prescription, {"exercise", "ladder", "level", "advice":
 * "progress"|"hold"|"regress"|"refer", "next": {"exercise", "reps",
 * "every"} or null, "reasons"}.
 */
#ifndef BR_APP_EXERCISE_H
#define BR_APP_EXERCISE_H

#include "app/app.h"
#include "model/exercises.h"

/* in {"episode_id", "exercise", "reps", "every", "usual_morning"}
 * (model/checks_plan.h: br_exercise_assign_fields).  Checks the input and
 * the assignment (the level's defaults filled) before it begins, then
 * loads the episode, br_app_exercise_assign_apply, audits
 * "exercise.create" and commits. */
int br_app_exercise_assign(struct br_app *app, json_t *in, json_t **out,
                           struct br_err *err);
/* in {"episode_id", "exercise", "date", "reps", "pain_during",
 * "next_morning", "rom_loss", "reinjury"} (br_exercise_log_fields):
 * checks the input, the date not after today, then begins, loads the
 * episode, br_app_exercise_log_apply, audits "exercise.log", commits. */
int br_app_exercise_log(struct br_app *app, json_t *in, json_t **out,
                        struct br_err *err);

/*
 * The writes, inside the caller's transaction, which they neither begin
 * nor end nor audit.
 *
 * assign: x (as given: reps, every_days, usual_morning may be unset)
 * becomes the active level of its ladder in episode e: refuses a closed
 * episode or one waiting for a red-flag referral, fills the level's
 * defaults, the ids, today's date and the usual morning pain from the
 * diary where not set, checks it (br_rec_exercise_rx_check, the date not
 * after today), deactivates the ladder's active level and inserts it.
 *
 * log: l holds the fields given for one exercise and day (unset ones
 * BR_UNSET, flags false); they merge into the stored log of that day,
 * the result must pass br_rec_exercise_log_check, the day must not be
 * after today, the exercise must be assigned in open episode e and the
 * day not before it was; the merged log is stored and copied into *l.
 *
 * With app->history (records of their time) the episode may be closed or
 * waiting for a referral, the ids and created_at given are kept, and a
 * log counts against the assignment of its exercise made on or before
 * its day.  With app->restore (an import) an assignment also keeps
 * whether it is active and leaves the other levels of its ladder and an
 * unset usual morning pain as they are.
 */
int br_app_exercise_assign_apply(struct br_app *app, const struct br_episode *e,
                                 struct br_exercise_rx *x, struct br_err *err);
int br_app_exercise_log_apply(struct br_app *app, const struct br_episode *e,
                              struct br_exercise_log *l, struct br_err *err);
/* in {"episode_id"}. */
int br_app_exercise_next(struct br_app *app, json_t *in, json_t **out,
                         struct br_err *err);
/* The library: in {}; out: ladders with their levels. */
int br_app_exercise_library(struct br_app *app, json_t *in, json_t **out,
                            struct br_err *err);

/* Within a transaction: the advice for every active prescription of e
 * (the array exercise next prints). */
int br_app_exercise_advice(struct br_app *app, const struct br_episode *e,
                           json_t **out, struct br_err *err);

#endif
