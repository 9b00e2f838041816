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

/* in {"episode_id", "exercise", "reps", "every", "usual_morning"}. */
int br_app_exercise_assign(struct br_app *app, json_t *in, json_t **out,
                           struct br_err *err);
/* in {"episode_id", "exercise", "date", "reps", "pain_during",
 * "next_morning", "rom_loss", "reinjury"}. */
int br_app_exercise_log(struct br_app *app, json_t *in, json_t **out,
                        struct br_err *err);
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
