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
#include "model/instruments.h"
#include "store/clinic_load.h"

/* in {"date", "clinic_id"}: with clinic_id, only that clinic's patients
 * (the API sets it to a practitioner's clinic). */
int br_app_due(struct br_app *app, json_t *in, json_t **out,
               struct br_err *err);

/*
 * What is due for the patients of loaded pages (store/clinic_load.h):
 * the same rules as br_app_due, over records read once per page.  An
 * evaluation holds what every patient shares; init it once per run
 * (day: the day listed; practitioner: 0, or only their open episodes).
 */
struct br_due_eval {
	struct br_app *app;
	const struct br_instrument_set *set;
	int32_t day;
	int64_t practitioner_id;
	struct br_session *scratch; /* the course counts' sessions */
	size_t scratch_cap;
};

int br_due_eval_init(struct br_due_eval *ev, struct br_app *app, int32_t day,
                     int64_t practitioner_id, struct br_err *err);
void br_due_eval_free(struct br_due_eval *ev);
/* *out: a new array of the due items of patient i of pg, as br_app_due
 * lists them (empty when nothing is due).  pg must hold BR_CLINIC_DUE as
 * of ev->day. */
int br_due_patient(struct br_due_eval *ev, const struct br_clinic_page *pg,
                   size_t i, json_t **out, struct br_err *err);

/* Within a transaction: appends to due the "questionnaire" items of the
 * open episode e on day, as br_app_due lists them (the baseline item has
 * a null "instrument"). */
int br_app_due_questionnaires(struct br_app *app, const struct br_episode *e,
                              int32_t day, json_t *due, struct br_err *err);

#endif
