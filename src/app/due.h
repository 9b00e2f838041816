/*
 * due.h - use case: what is due, per patient with an open episode, on a
 * day (core/due.h for the rules).  Conventions as in app.h.
 *
 * due prints {"date", "patients": [{"patient_id", "name", "due": [{"kind",
 * "episode_id", "what", ...}]}]}, listing only patients with something
 * due.  Kinds: "diary" (days of the last 7 without an entry, "dates"),
 * "referral" (an uncleared urgent or emergency screen), "red-flag-screen"
 * (never screened, or a session charted after the last screen: a screen
 * is due at every visit), "trial-checkpoint" (a course's
 * sessions reached its checkpoint: backrest review), "questionnaire" (an
 * outcome instrument last scored 4 or more sessions or 28 or more days
 * ago, "instrument"; or none scored yet), "exercise" (rest days over:
 * "exercise", "reps"), "pacing" (today's quota not logged: "activity",
 * "quota", "unit").
 */
#ifndef BR_APP_DUE_H
#define BR_APP_DUE_H

#include "app/app.h"

/* in {"date", "clinic_id"}: with clinic_id, only that clinic's patients
 * (the API sets it to a practitioner's clinic). */
int br_app_due(struct br_app *app, json_t *in, json_t **out,
               struct br_err *err);

/* Within a transaction: appends to due the "questionnaire" items of the
 * open episode e on day, as br_app_due lists them (the baseline item has
 * a null "instrument"). */
int br_app_due_questionnaires(struct br_app *app, const struct br_episode *e,
                              int32_t day, json_t *due, struct br_err *err);

#endif
