/*
 * screening.h - use cases: red-flag screening of an episode
 * (docs/clinical/red-flags.md), clearing a screen, and the block it puts on
 * charting sessions. Conventions as in app.h.
 *
 * A screen is printed as {"tier": "none"|"urgent"|"emergency",
 * "suspected": [...], "reasons": [...], "action", "safety_net"} with the
 * record's "id", "episode_id", "session_id", "date", "flags",
 * "screened_by", "created_at" and "cleared" (null, or {"at", "by",
 * "reason"}).
 *
 * While an urgent or emergency screen of an episode is not cleared, no
 * session can be charted for it and no screen without flags can be
 * recorded: the clearance, with who, when and why, comes first.
 */
#ifndef BR_APP_SCREENING_H
#define BR_APP_SCREENING_H

#include "app/app.h"
#include "core/redflag.h"
#include "model/checks_clinical.h"

/* in {"episode_id", "none", "flags", "date"} (br_screen_fields): begin,
 * br_app_screen_apply, audit "screening.create", commit. */
int br_app_screen(struct br_app *app, json_t *in, json_t **out,
                  struct br_err *err);

/*
 * Records a screen of e inside the caller's open transaction, which it
 * neither begins nor ends nor audits.  x comes filled with the screen's
 * day, the flags found (ids a practitioner may record, or derived ones
 * an import carries), session_id (the visit it was taken at, or 0) and
 * optionally screened_by (default: the app's actor); x passes
 * br_rec_screening_check, the episode must be open and the day neither
 * after today nor before its onset, and a screen without flags is
 * refused while one is waiting for clearance.  Adds the age trigger where
 * it applies, works out the tier and action (r), sets id, patient_id,
 * created_at (and session_id 0 unless the tier is none) and inserts it.
 * With app->history the episode may be closed and the id and created_at
 * x comes with are kept; with app->restore (an import) the flags are the
 * ones it came with (the age trigger included, when it was found then),
 * a tier it names must be the one its flags give, and its screened_by,
 * action and clearance are kept.
 */
int br_app_screen_apply(struct br_app *app, const struct br_episode *e,
                        struct br_screening *x, struct br_screen_result *r,
                        struct br_err *err);
/* in {"episode_id", "reason"}: clears the waiting screen(s). */
int br_app_screen_clear(struct br_app *app, json_t *in, json_t **out,
                        struct br_err *err);
/* in {"episode_id"}; out: the screens, oldest first. */
int br_app_screen_list(struct br_app *app, json_t *in, json_t **out,
                       struct br_err *err);
/* The flag ids a practitioner may record; in {}. */
int br_app_screen_flags(struct br_app *app, json_t *in, json_t **out,
                        struct br_err *err);

/* Reads key of in: "none", or flag ids (a list or comma-separated);
 * refuses unknown and derived ids (model/checks_clinical.h); n is 0 for
 * "none".  ids are static. */
int br_app_read_flags(json_t *in, const char *key, struct br_flag_input *out,
                      struct br_err *err);

/* Within a transaction: BR_ECONFLICT naming the referral when e has an
 * urgent or emergency screen that is not cleared. */
int br_app_screen_blocked(struct br_app *app, const struct br_episode *e,
                          struct br_err *err);

/*
 * Within a transaction: the re-screen at a visit on day.  With no flag
 * found it records a "none" screen linked to session_id, sets *view and
 * returns 0: chart the session.  With a flag it records the screen (not
 * linked: the session will not exist), sets *keep and returns BR_ECONFLICT
 * naming the referral: the caller commits the screen and writes nothing
 * else.  Any other error: roll back.
 */
int br_app_screen_visit(struct br_app *app, const struct br_episode *e,
                        int32_t day, const struct br_flag_input *flags,
                        int64_t session_id, json_t **view, bool *keep,
                        struct br_err *err);

#endif
