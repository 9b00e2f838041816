/*
 * checkin.h - use cases of the aftercare advice and the next-day check-in
 * after a session (data/aftercare.json).  Conventions as in app.h.
 *
 * The check-in has three questions: soreness 0-10, energy and mood
 * compared with before the session (worse, same, better), and anything
 * unusual (free text, optional).  It is stored with its session, once,
 * on a day after the session.  The thresholds of the data file decide
 * which rules fire; a rule with an adverse-event code makes the check-in
 * an adverse event and adds that code to the session's adverse events.
 *
 * Use cases that take a session also take an optional "episode_id" (the
 * path parameter of an episode-scoped API route): a session outside that
 * episode reads as missing.
 */
#ifndef BR_APP_CHECKIN_H
#define BR_APP_CHECKIN_H

#include "app/app.h"
#include "store/visits.h"

/* in {"session_id", "episode_id", "date", "soreness", "energy", "mood",
 * "unusual"} (br_checkin_fields): begin, br_app_checkin_apply, audit
 * "checkin.create", commit; out: the check-in. */
int br_app_checkin_add(struct br_app *app, json_t *in, json_t **out,
                       struct br_err *err);
/*
 * Stores the check-in c of session s inside the caller's open
 * transaction, which it neither begins nor ends nor audits.  c comes
 * filled with its day, soreness, energy, mood and unusual; apply sets its
 * session, patient, episode and session day, checks it
 * (br_rec_checkin_check: ranges, vocabularies, after the session's day;
 * not after today), refuses a second check-in of the session, fires the
 * data file's rules (adding their adverse events to the session) and
 * inserts it.  With app->history a created_at c comes with is kept; with
 * app->restore (an import) the rules and adverse come with c too and are
 * kept as they are (each rule must be one of the data file's
 * thresholds): the session's adverse events already hold what they added
 * then.
 */
int br_app_checkin_apply(struct br_app *app, const struct br_session_brief *s,
                         struct br_checkin *c, struct br_err *err);
/* in {"episode_id"}; out: the episode's check-ins by session date. */
int br_app_checkin_list(struct br_app *app, json_t *in, json_t **out,
                        struct br_err *err);
/* in {"session_id", "episode_id"}; out: {"session_id", "session_date",
 * "aftercare": [...], "questions": [...], "checkin": the check-in or
 * null, "due": whether it is waiting to be answered}. */
int br_app_checkin_show(struct br_app *app, json_t *in, json_t **out,
                        struct br_err *err);

/* The check-in as JSON: {"session_id", "episode_id", "session_date",
 * "date", "days_after", "soreness", "energy", "mood", "unusual",
 * "adverse", "needs_review", "rules": [{"code", "label", "event"}],
 * "created_at"}. */
json_t *br_view_checkin(const struct br_checkin *c);
/* The aftercare advice lines (strings), a new array. */
json_t *br_aftercare_advice(void);

#endif
