/*
 * education.h - use case of patient education: the cards of
 * data/education.json that are due for a patient now (core/education.h
 * decides the moments), with the aftercare advice after a recent session
 * and the check-in waiting to be answered.  Conventions as in app.h.
 */
#ifndef BR_APP_EDUCATION_H
#define BR_APP_EDUCATION_H

#include "app/app.h"

/* in {"patient_id", "all"}; out: {"patient_id", "episode_id", "date",
 * "episode_day", "moments": [...], "flare": {"date", "pain", "usual"} or
 * null, "trial": {"sessions", "checkpoint"}, "cards": [{"code", "title",
 * "text", "source", "moments", "why"}], "aftercare": [...] or null,
 * "checkin_due": {"session_id", "session_date"} or null}.  With all, every
 * card ("why" empty for those not due). */
int br_app_education(struct br_app *app, json_t *in, json_t **out,
                     struct br_err *err);

#endif
