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
 * "modifications", "pharmacy"}; out: the prescription. */
int br_app_herbal_add(struct br_app *app, json_t *in, json_t **out,
                      struct br_err *err);
/* in {"prescription_id", "date", "effects", "severity", "note"}; out: the
 * prescription with its adverse effects. */
int br_app_herbal_adverse(struct br_app *app, json_t *in, json_t **out,
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
