/*
 * previsit.h - use cases of the pre-visit intake by link: a practitioner
 * asks a new patient to answer, before the first visit, the intake
 * questions (their history and their sleep history, in plain words) and
 * the red-flag questions worded for patients (model/previsit.h); the
 * answers are kept server-side as a draft (store/previsit.h) that is not
 * clinical data until the practitioner reviews and confirms it, which
 * makes it the episode's intake through the intake's own merge and apply
 * (app/intake.h).  The practitioner's red-flag screen stays the clinical
 * screen: the patient's red-flag replies are shown for review and never
 * recorded as a screen.  See docs/internals/INTAKE_TCM.md.
 *
 * The link: a patient who has an account signs in and finds the
 * questions at /previsit.  For a patient without one, the link is the
 * invitation's (app/invitations.h: one use, expires, revocable): it sets
 * the password first, then leads to the questions, so every answer is
 * saved under the patient's own session (pause and resume by signing in
 * again) and a used or expired link answers as any invitation's does.
 *
 * A red-flag reply "yes" whose flags make the project's tier an
 * emergency (br_redflag_screen) is answered at once with the safety-net
 * advice, and puts the patient among the clinic's alerts until the
 * answers are confirmed.
 *
 * Conventions as in app.h: JSON in, a new JSON value out, one
 * transaction, nothing written on error, every read and write audited
 * (previsit.request, previsit.read, previsit.write, previsit.confirm,
 * previsit.alert.read; the invitation and the intake as their own use
 * cases audit them).
 */
#ifndef BR_APP_PREVISIT_H
#define BR_APP_PREVISIT_H

#include "app/app.h"

/* in {"patient_id", "email", "name", "days", "base_url"}: asks the
 * patient for a pre-visit intake (the unconfirmed one is kept, answers
 * and all, when there is one).  out {"previsit", "account" (the patient
 * has an account), "link", "qr_svg"}, and for a patient without an
 * account the invitation's fields as br_app_invite gives them (email is
 * then required). */
int br_app_previsit_request(struct br_app *app, json_t *in, json_t **out,
                            struct br_err *err);
/* in {"patient_id"}: the patient's pre-visit intake for review (the
 * unconfirmed one, else the last): status, answers (with each field's
 * label), each red-flag reply with its question, the tier and reasons
 * the "yes" replies point to.  {"status": "none"} when none was asked. */
int br_app_previsit_show(struct br_app *app, json_t *in, json_t **out,
                         struct br_err *err);
/* in {"patient_id", "episode_id", "date"}: makes the unconfirmed answers
 * the intake of episode_id (default: the patient's one open episode),
 * merged as br_app_intake_record merges; out {"previsit", "intake"}. */
int br_app_previsit_confirm(struct br_app *app, json_t *in, json_t **out,
                            struct br_err *err);

/* in {"clinic_id"} (on the API, the caller's; on the command line,
 * optional: every clinic's): the patients whose unconfirmed pre-visit
 * answers point to an emergency, the latest first: [{"patient_id",
 * "name", "previsit_id", "updated_at", "tier", "flags", "reasons"}]. */
int br_app_previsit_alerts(struct br_app *app, json_t *in, json_t **out,
                           struct br_err *err);
/* The same list appended to list, inside the caller's open transaction
 * (a page that gathers several lists in one), auditing each patient
 * listed; clinic_id 0: every clinic's. */
int br_app_previsit_alerts_read(struct br_app *app, int64_t clinic_id,
                                json_t *list, struct br_err *err);

/* The patient's side (the caller is a patient's account). */

/* in {}: the signed-in patient's pre-visit intake: "status" ("none",
 * "requested", "answering", "sent", "confirmed"), and while it is open
 * the answers kept, the red-flag questions, the intake fields' kinds
 * and ranges, the vocabulary of the coded lists, the tier and the
 * safety-net advice. */
int br_app_me_previsit(struct br_app *app, json_t *in, json_t **out,
                       struct br_err *err);
/* in {"patient_id", "intake", "red_flags", "finished"}
 * (br_previsit_answer_fields): keeps the patient's answers so far (they
 * replace the earlier ones); out {"id", "status", "tier", "emergency",
 * "safety_net", "updated_at", "sent_at"}. */
int br_app_previsit_save(struct br_app *app, json_t *in, json_t **out,
                         struct br_err *err);

#endif
