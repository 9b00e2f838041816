/*
 * selfreport.h - the field tables of the questionnaires a patient
 * answers in the diary: a finished questionnaire sent for scoring, and a
 * draft (the answers so far, kept for pause and resume, never scored).
 * Conventions as in field.h.
 */
#ifndef BR_MODEL_SELFREPORT_H
#define BR_MODEL_SELFREPORT_H

#include "model/field.h"

/* {"instrument", "answers"}: the patient's own measure. */
extern const struct br_fields br_req_self_measure;
/* {"instrument", "answers"}: a draft (null for an item not answered yet). */
extern const struct br_fields br_req_measure_draft;

#endif
