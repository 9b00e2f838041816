/*
 * selfreport.h - use cases: questionnaires the patient answers in the
 * diary.  Conventions as in app.h.
 *
 * What is due comes from the due rules (app/due.h: at baseline, again
 * after 4 sessions or 28 days); the baseline item stands for every outcome
 * instrument.  A due questionnaire is answered on the phone only when the
 * clinic may show its wording (licence.wording "shipped" or "licensed":
 * the NRS as shipped, or a definition the clinic loaded with
 * --instruments DIR); the others are asked at the next visit.  Answers
 * may be kept as a draft (never scored); sent, they are scored by the
 * same rules as in clinic and stored as a measure whose source is
 * "patient".
 *
 * A due questionnaire is {"instrument", "name", "episode_id", "what",
 * "online" (answerable on the phone)}; an online one adds "recall",
 * "responses" and "items" (the definition's, with their wording) and
 * "draft" (the answers kept, or null).
 */
#ifndef BR_APP_SELFREPORT_H
#define BR_APP_SELFREPORT_H

#include "app/app.h"

/* in {} (the caller is a patient's account); out {"date", "patient_id",
 * "questionnaires": [...]}.  Audited "measure.due.read". */
int br_app_me_due(struct br_app *app, json_t *in, json_t **out,
                  struct br_err *err);
/* in {"patient_id", "instrument", "answers"} (br_req_measure_draft): keeps
 * the answers so far of a due online questionnaire; out {"instrument",
 * "answers", "updated_at"}.  Audited "measure.draft.write". */
int br_app_measure_draft_save(struct br_app *app, json_t *in, json_t **out,
                              struct br_err *err);
/* in {"patient_id", "instrument", "answers"} (br_req_self_measure): scores
 * a due online questionnaire, stores it as the patient's measure (dated
 * today, in the episode it is due in) and drops its draft; out: the
 * measure.  Audited "measure.create". */
int br_app_self_measure_add(struct br_app *app, json_t *in, json_t **out,
                            struct br_err *err);

#endif
