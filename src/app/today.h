/*
 * today.h - use case: the practitioner's Today page in one answer: the
 * day's appointments, who needs attention and the clinic's patients with
 * the figures the page shows.  Conventions as in app.h.
 *
 * It reads the clinic's records a page of patients at a time, each table
 * once per page (store/clinic_load.h), and runs per patient the rules the
 * single-patient views run: what is due (app/due.h), the care summary's
 * current episode (the last open one, else the first), its last 7 diary
 * days and sessions, the red-flag status (pages.h, safety net) and the
 * outcome's pain change (outcome.h), so its figures agree with theirs.
 *
 * today prints {"date", "figures", "appointments", "attention",
 * "patients"}:
 *   figures       {"patients", "open_episodes", "diary_this_week": open
 *                 episodes with a diary day in the last 7}
 *   appointments  the visits of the day of the current open episodes,
 *                 not cancelled, in time order: each the visit as the
 *                 visit list shows it with "due": what is due at it in
 *                 words (questionnaires, the trial review, a red-flag
 *                 re-screen, exercise and pacing reviews)
 *   attention     groups, most urgent first, each {"group", "title",
 *                 "items": [{"patient_id", "name", "badge": {"tone":
 *                 "bad"|"warn"|"ok", "text"}, "why", "link": the chart's
 *                 section or null}]}: any alerts first (see today.c),
 *                 then "red-flags" (uncleared urgent or emergency
 *                 screens, emergency first), "trial-reviews" (trial
 *                 checkpoints reached), "not-responding" (current open
 *                 episodes past 4 sessions whose diary pain changed by
 *                 less than the minimal important change, either way),
 *                 "diary-missing" (current open episodes with fewer than
 *                 4 of the last 7 days, fewest first), "due-today" (the
 *                 rest of what is due: re-screens, questionnaires,
 *                 exercises, pacing)
 *   patients      every patient of the clinic, uncleared emergency
 *                 screens first, then urgent, then the rest, each in the
 *                 patient list's order: {"id", "name", "ref",
 *                 "screening": null (no open episode) or {"last": null
 *                 or {"date", "tier", "cleared"}, "waiting": null or
 *                 {"date", "tier", "referral"}}, "episode": null or {"id",
 *                 "status", "phase", "duration_weeks"}, "diary": {"days",
 *                 "pain": the last 7 days' mean or null}, "sessions":
 *                 {"count", "last": date or null}}
 *
 * Audited as one read of the clinic ("today.read").
 */
#ifndef BR_APP_TODAY_H
#define BR_APP_TODAY_H

#include "app/app.h"

/* in {"clinic_id"} (the API sets it to the practitioner's clinic; absent:
 * every clinic).  The answer is written as JSON text (core/jsonw.h, no
 * jansson tree of a row per patient): br_app_today_text gives it, *out
 * the caller's (free()), *len its length; br_app_today parses it. */
int br_app_today_text(struct br_app *app, json_t *in, char **out, size_t *len,
                      struct br_err *err);
int br_app_today(struct br_app *app, json_t *in, json_t **out,
                 struct br_err *err);

#endif
