/*
 * visits.h - use cases of appointments (visits): book one visit or a
 * course from the plan, list, cancel, record attended or missed,
 * adherence, and the iCalendar export and secret calendar feeds.
 * Conventions as in app.h.  Design notes: docs/internals/VISITS.md.
 *
 * Times are the clinic's local wall-clock time ("YYYY-MM-DDTHH:MM").
 * "Now" is the clock when app->today is the real date, else the start of
 * app->today (so a fixed --today gives repeatable results).  A new visit
 * must not start before now; a visit can be recorded as attended or
 * missed from its day on.
 *
 * practitioner_id 0 is the local operator of the command line (no
 * account).  A practitioner is never booked twice at once, nor a patient.
 *
 * A home visit's address is shown to the practitioner concerned, the
 * local operator and the patient; other callers get "address": null and
 * "address_hidden": true.
 *
 * Use cases that take a visit also take an optional "episode_id" (the
 * path parameter of an episode-scoped API route): a visit outside that
 * episode reads as missing.
 */
#ifndef BR_APP_VISITS_H
#define BR_APP_VISITS_H

#include "app/app.h"
#include "core/adherence.h"
#include "store/visits.h"

/* in {"episode_id", "at", "minutes", "where", "address",
 * "practitioner_id"} (br_visit_fields): begin, the practitioner (given,
 * else the caller, else the episode's), br_app_visit_apply, audit
 * "visit.create", commit; out: the visit. */
int br_app_visit_book(struct br_app *app, json_t *in, json_t **out,
                      struct br_err *err);
/*
 * Books the visit v of episode e inside the caller's open transaction,
 * which it neither begins nor ends nor audits.  v comes filled with its
 * practitioner_id (checked by the caller; 0: the local operator),
 * starts_at, minutes, place and address; it must pass br_rec_visit_check,
 * the episode must be open and neither the practitioner nor the patient
 * may have a booked or attended visit overlapping it.  Sets id,
 * patient_id, episode_id, status "booked" and the timestamps, and
 * inserts it.  With app->history the episode may be closed and the id
 * and timestamps v comes with are kept; with app->restore (an import) v
 * also comes with its status (one of booked, attended, missed,
 * cancelled) and session_id, which are kept, and the times it took are
 * not checked again (they were free when it was booked).
 */
int br_app_visit_apply(struct br_app *app, const struct br_episode *e,
                       struct br_visit *v, struct br_err *err);
/* in {"from", "to" (dates, default today and a week on), "practitioner_id",
 * "patient_id", "episode_id"}; with episode_id or patient_id and no dates,
 * every visit.  out: visits by start; a booked visit carries "checkin", the
 * latest check-in of its episode before it (or null). */
int br_app_visit_list(struct br_app *app, json_t *in, json_t **out,
                      struct br_err *err);
/* in {"visit_id", "episode_id"}; out: the visit. */
int br_app_visit_cancel(struct br_app *app, json_t *in, json_t **out,
                        struct br_err *err);
int br_app_visit_attend(struct br_app *app, json_t *in, json_t **out,
                        struct br_err *err);
int br_app_visit_missed(struct br_app *app, json_t *in, json_t **out,
                        struct br_err *err);

/* A course's dates: in {"episode_id", "item_id", "sessions", "per_week",
 * "start", "minutes", "where", "address", "practitioner_id"}; out: the
 * proposed visits, each with the visit it would overlap ("conflict"). */
int br_app_visit_propose(struct br_app *app, json_t *in, json_t **out,
                         struct br_err *err);
/* As propose, then books every proposed visit, or none when one would
 * overlap (BR_ECONFLICT).  out: {"visits": [...]} and the course. */
int br_app_visit_book_course(struct br_app *app, json_t *in, json_t **out,
                             struct br_err *err);

/* in {"episode_id"}; out: br_view_adherence of the episode. */
int br_app_visit_adherence(struct br_app *app, json_t *in, json_t **out,
                           struct br_err *err);

/* in {"practitioner_id"} or {"patient_id"}; out: {"ics": the calendar,
 * "events": n}. */
int br_app_visit_ics(struct br_app *app, json_t *in, json_t **out,
                     struct br_err *err);
/* in {"practitioner_id"} or {"patient_id"}; out: the feed with its secret
 * "key" and "path" (shown once; only a hash is stored). */
int br_app_visit_feed_create(struct br_app *app, json_t *in, json_t **out,
                             struct br_err *err);
/* in {"feed_id", "patient_id", "practitioner_id"}; out: the feed.  With
 * patient_id or practitioner_id, a feed of another owner reads as
 * missing (the API names the owner the caller may reach). */
int br_app_visit_feed_revoke(struct br_app *app, json_t *in, json_t **out,
                             struct br_err *err);
/* in {}; out: every feed (never a key). */
int br_app_visit_feed_list(struct br_app *app, json_t *in, json_t **out,
                           struct br_err *err);
/* The public feed: in {"key"}; out: {"ics"}.  An unknown, malformed or
 * revoked key is BR_ENOTFOUND, all alike. */
int br_app_visit_feed(struct br_app *app, json_t *in, json_t **out,
                      struct br_err *err);

/* For other use cases, inside their transaction ---------------------- */

/*
 * Adherence of an episode as of app->today: its visits, and the planned
 * frequency of its active course (plan_items: the newest active item with
 * per_week), per core/adherence.h.  The review and the report call this.
 */
int br_visits_adherence(struct br_app *app, const struct br_episode *e,
                        struct br_adherence *out, struct br_err *err);
/* {"visits", "due", "attended", "missed", "unrecorded", "cancelled",
 * "upcoming", "rate", "planned_gap_days", "course_sessions",
 * "longest_gap_days", "long_gaps": [{"from", "to", "days", "open"}]}. */
json_t *br_view_adherence(const struct br_adherence *a);

/*
 * Links the session just charted (session_id on day of episode e) to its
 * visit and records the visit as attended: visit_id when given (it must
 * be a booked or attended visit of e on that day without a session),
 * else the one booked or attended visit of e on that day without a
 * session, when there is exactly one.  *linked is the visit's id, or 0.
 */
int br_visits_link_session(struct br_app *app, const struct br_episode *e,
                           int64_t session_id, int32_t day, int64_t visit_id,
                           int64_t *linked, struct br_err *err);

/* Sets "visit_id" (or null) on each session object of list (views of
 * episode e's sessions). */
int br_visits_annotate_sessions(struct br_app *app, const struct br_episode *e,
                                json_t *list, struct br_err *err);

/* "Now" as a local minute (see above). */
int64_t br_visits_now(const struct br_app *app);

#endif
