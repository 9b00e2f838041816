/*
 * herbal.h - use cases of herbal prescriptions: record what the
 * practitioner prescribed, the adverse effects the patient reports, the
 * end of a prescription, and the patient-facing handout.  Conventions as
 * in app.h.
 *
 * backrest records prescriptions exactly as written; it does not suggest
 * formulas or doses, and it never changes what the practitioner wrote.
 *
 * adverse and stop also take an optional "episode_id" (the path parameter
 * of an episode-scoped API route): a prescription outside that episode
 * reads as missing.
 */
#ifndef BR_APP_HERBAL_H
#define BR_APP_HERBAL_H

#include "app/app.h"
#include "store/herbal.h"

/* in {"episode_id", "date", "session_id", "pinyin", "chinese",
 * "english", "form", "dose", "duration", "instructions",
 * "modifications", "pharmacy"} (br_herbal_fields): begin,
 * br_app_herbal_apply (practitioner: the caller), audit "herbal.create",
 * commit; out: the prescription. */
int br_app_herbal_add(struct br_app *app, json_t *in, json_t **out,
                      struct br_err *err);
/*
 * Stores the prescription x of episode e inside the caller's open
 * transaction, which it neither begins nor ends nor audits.  x comes
 * filled with what was written (names, form, dose ...), practitioner_id,
 * session_id (0: none) and day ("": the session's day, else today); it
 * must pass br_rec_herbal_check, the episode must be open, the session
 * (when given) must be the episode's and of the same day, and the day not
 * before the episode's onset.  Sets id, patient_id, episode_id, day and
 * created_at, and inserts it.
 */
int br_app_herbal_apply(struct br_app *app, const struct br_episode *e,
                        struct br_herbal *x, struct br_err *err);
/* The same rules for x, a stored prescription corrected (its id and
 * created_at kept), written over the stored one: its adverse effects
 * refer to it, so it is updated in place. */
int br_app_herbal_correct(struct br_app *app, const struct br_episode *e,
                          struct br_herbal *x, struct br_err *err);
/* in {"prescription_id", "date", "effects", "severity", "note"}: begin,
 * br_app_herbal_adverse_apply for each effect, audit "herbal.adverse",
 * commit; out: the prescription with its adverse effects. */
int br_app_herbal_adverse(struct br_app *app, json_t *in, json_t **out,
                          struct br_err *err);
/*
 * Records one adverse effect a of prescription x inside the caller's
 * open transaction, which it neither begins nor ends nor audits (the
 * episode may be closed: what a patient reports about a medicine always
 * finds its way into the record).  a comes filled with its day, effect,
 * severity ("" when not given) and note; the effect must be one of
 * data/herbal.json's, the severity one of br_herbal_severities, an
 * 'other' effect needs the note, and the day must be neither after today
 * nor before the prescription.  Sets patient_id, prescription_id, and id
 * and created_at where not given (an import keeps its own), and inserts
 * it.
 */
int br_app_herbal_adverse_apply(struct br_app *app, const struct br_herbal *x,
                                struct br_herbal_adverse *a,
                                struct br_err *err);
/* in {"prescription_id", "date", "reason"}; out: the prescription. */
int br_app_herbal_stop(struct br_app *app, json_t *in, json_t **out,
                       struct br_err *err);
/* in {"episode_id"}; out: the episode's prescriptions, each with its
 * "adverse_effects". */
int br_app_herbal_list(struct br_app *app, json_t *in, json_t **out,
                       struct br_err *err);
/* in {"episode_id"}; out: the patient-facing view of the current
 * prescriptions: names, form, the practitioner's dose, duration and
 * instructions, the pharmacy, and the standing "advice". */
int br_app_herbal_handout(struct br_app *app, json_t *in, json_t **out,
                          struct br_err *err);
/* Forms, end reasons, severities and adverse-effect codes; in {}. */
int br_app_herbal_vocab(struct br_app *app, json_t *in, json_t **out,
                        struct br_err *err);

#endif
