/*
 * previsit.h - the pre-visit intake a new patient fills in on the phone
 * before the first visit (app/previsit.h): the red-flag questions worded
 * for patients, and the field tables of its requests.
 *
 * Each question asks about one flag of the project's red-flag list
 * (core/redflag.h, docs/clinical/red-flags.md) in plain words: the flags
 * a patient can tell about themselves.  Flags that need an examination
 * or a test (multilevel weakness, major motor loss, raised inflammatory
 * markers, a structural deformity, being objectively unwell), a course
 * of care (failure to improve) or the record (the age triggers) are not
 * asked; the practitioner's own screen covers them.  Which tier the
 * answers point to is the project's rule over the flags answered "yes"
 * (br_redflag_screen); the wording adds no flag, threshold or rule.
 *
 * Static, constant data.
 */
#ifndef BR_MODEL_PREVISIT_H
#define BR_MODEL_PREVISIT_H

#include "model/field.h"

struct br_previsit_question {
	const char *flag; /* the red-flag id it asks about */
	const char *text; /* the question, in plain words */
};

/* The questions in the order asked; the last entry has a NULL flag. */
extern const struct br_previsit_question br_previsit_questions[];
/* The replies to a question, NULL-terminated: yes, no, unsure. */
extern const char *const br_previsit_replies[];

/* {"intake": {fields of br_intake_answer_fields}, "red_flags": {flag:
 * reply}, "finished"}: the patient's answers so far (a save replaces the
 * earlier one); finished says they are done. */
extern const struct br_fields br_previsit_answer_fields;
/* {"email", "name", "days", "base_url"}: a practitioner asks the patient
 * for a pre-visit intake (the email when the patient has no account yet:
 * the invitation's). */
extern const struct br_fields br_previsit_request_fields;
/* {"episode_id", "date"}: the practitioner confirms the answers as the
 * episode's intake. */
extern const struct br_fields br_previsit_confirm_fields;

#endif
