/*
 * tcm.h - use cases of TCM charting: the assessment of a visit (tongue,
 * pulse, eight principles, patterns, treatment principle) and the history
 * of an episode's point prescription.  Conventions as in app.h.
 *
 * An assessment is its own record linked to one session, so it stays
 * optional on every visit.  "Pre-filled from the last visit" works two
 * ways: "tcm last EPISODE_ID" returns the latest assessment for a form to
 * start from, and "from_last" makes "tcm add" start from the latest
 * assessment before that session, overlaid with the fields given; the new
 * record keeps "prefilled_from" so carried-forward findings stay visible.
 *
 * The use cases found by session also take an optional "episode_id" (the
 * path parameter of an episode-scoped API route): a session outside that
 * episode reads as missing.
 */
#ifndef BR_APP_TCM_H
#define BR_APP_TCM_H

#include "app/app.h"
#include "store/tcm.h"

/* in {"session_id", fields ..., "from_last", "clear"} (br_tcm_fields):
 * begin, the fields given over the previous assessment (from_last),
 * br_app_tcm_apply, audit "tcm.create", commit; out: the assessment. */
int br_app_tcm_add(struct br_app *app, json_t *in, json_t **out,
                   struct br_err *err);
/*
 * Stores the assessment x of the session ref inside the caller's open
 * transaction, which it neither begins nor ends nor audits.  x comes
 * filled with its findings, practitioner_id and prefilled_from; it must
 * pass br_rec_tcm_check, the session's episode must be open and the
 * session must have no assessment yet.  Sets id, patient_id,
 * episode_id, session_id, day (the session's) and created_at, and
 * inserts it.  With app->history (an import of an assessment of the
 * past) the episode may be closed and the id and created_at x comes with
 * are kept.
 */
int br_app_tcm_apply(struct br_app *app, const struct br_session_ref *ref,
                     struct br_tcm *x, struct br_err *err);
/* in {"session_id"}; out: its assessment (BR_ENOTFOUND when none). */
int br_app_tcm_show(struct br_app *app, json_t *in, json_t **out,
                    struct br_err *err);
/* in {"episode_id"}; out: {"episode_id", "patient_id", "assessment": the
 * latest assessment, or null}. */
int br_app_tcm_last(struct br_app *app, json_t *in, json_t **out,
                    struct br_err *err);
/* in {"episode_id"}; out: the episode's assessments by date. */
int br_app_tcm_list(struct br_app *app, json_t *in, json_t **out,
                    struct br_err *err);
/* The codes of every finding and pattern; in {}. */
int br_app_tcm_vocab(struct br_app *app, json_t *in, json_t **out,
                     struct br_err *err);

/* in {"episode_id"}; out: {"episode_id", "patient_id", "visits": [per
 * session with points: "points", "previous_session_id", "added",
 * "dropped", "kept", "side_changed"], "points": [per point: "point",
 * "sessions", "first", "last"], "sessions_without_points"}. */
int br_app_session_points(struct br_app *app, json_t *in, json_t **out,
                          struct br_err *err);

json_t *br_view_tcm(const struct br_tcm *x);

#endif
