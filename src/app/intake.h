/*
 * intake.h - use cases of the intake history of an episode (see app.h for
 * the conventions: JSON in, JSON out, one transaction, audited).
 *
 * Recording an intake merges into the stored one: fields given replace
 * the stored values, a list given replaces the whole list ("none" or []
 * records that the patient reported none), "clear" lists fields to reset
 * to "not recorded", and everything else is kept.
 */
#ifndef BR_APP_INTAKE_H
#define BR_APP_INTAKE_H

#include "app/app.h"
#include "store/intake.h"

/* in {"episode_id", "date", fields ..., "clear"}
 * (br_intake_input_fields): begin, the fields given merged over the
 * stored intake, br_app_intake_apply, audit "intake.create" or
 * "intake.update", commit; out: the intake. */
int br_app_intake_record(struct br_app *app, json_t *in, json_t **out,
                         struct br_err *err);
/*
 * Stores the whole intake x of episode e (a new one, or the stored one
 * with changes merged) inside the caller's open transaction, which it
 * neither begins nor ends nor audits.  x must pass br_rec_intake_check
 * (values and the rules between fields) and the episode must be open.
 * Sets patient_id, episode_id, created_at (when empty) and updated_at,
 * and writes it.
 */
int br_app_intake_apply(struct br_app *app, const struct br_episode *e,
                        struct br_intake *x, struct br_err *err);
/*
 * The answers of an intake without its episode (a pre-visit intake,
 * app/previsit.h): the fields and lists of in (br_intake_answer_fields,
 * read as br_app_intake_record reads them), each checked, then the rules
 * between them (br_rec_intake_check) on x, which holds them and "not
 * recorded" for the rest.  Touches no store.
 */
int br_app_intake_read_answers(struct br_app *app, json_t *in,
                               struct br_intake *x, struct br_err *err);
/*
 * Inside the caller's open transaction: the answers in (as
 * br_app_intake_read_answers takes them) merged over open episode e's
 * stored intake, or a new one, as br_app_intake_record merges its input,
 * dated date (INT32_MIN: the stored date, or today for a new one), and
 * applied (br_app_intake_apply).  *x: the intake as written; *exists: one
 * was stored before.  Neither begins, commits nor audits.
 */
int br_app_intake_merge(struct br_app *app, const struct br_episode *e,
                        json_t *answers, int32_t date, struct br_intake *x,
                        bool *exists, struct br_err *err);
/* A correction's input in (br_intake_input_fields: the fields given
 * replace, "clear" resets, "date" is recorded_on) merged into x, every
 * value checked as "intake" checks it; no store, no rule between fields
 * (apply's). */
int br_app_intake_patch(struct br_app *app, json_t *in, struct br_intake *x,
                        struct br_err *err);
/* in {"episode_id"}; out: the intake (BR_ENOTFOUND when none). */
int br_app_intake_show(struct br_app *app, json_t *in, json_t **out,
                       struct br_err *err);
/* The codes and fixed choices of every intake field; in {}. */
int br_app_intake_vocab(struct br_app *app, json_t *in, json_t **out,
                        struct br_err *err);

/* Sets "intake" on an episode's view (null when none is recorded); runs
 * inside the caller's transaction. */
int br_app_intake_attach(struct br_app *app, const struct br_episode *e,
                         json_t *view, struct br_err *err);

/* The JSON form of an intake: every field, null when not recorded, lists
 * null when not asked and [] when the patient reported none. */
json_t *br_view_intake(const struct br_intake *x);

#endif
