/*
 * corrections.h - use cases: correct a record with history, mark it
 * entered-in-error, sign a session, and show a record's versions.
 *
 * The records a person writes can be corrected: a diary day, a session,
 * a measure, a red-flag screen, a visit, a check-in, a herbal
 * prescription, a plan item, an exercise log, a pacing log, a TCM
 * assessment, an intake, and a patient's or an episode's details.  The
 * fields a correction takes are the kind's model table's (src/model),
 * checked by that table and by the kind's own rules (its apply), so a
 * correction is refused exactly as the record would be when first
 * written; the record's name and links (ids, its episode, session and
 * patient) are not corrected: mark it entered in error and write it
 * again.  A field is cleared with null (the command line: an empty
 * value, --note ''), which a required field refuses as it would when
 * first written.  A correction runs in one transaction: load the
 * record, set the fields given, write it through the kind's rules (the
 * series cache, cohort stamp, risk group and everything the reads derive
 * follow in the same transaction), append the earlier version, audit
 * "<kind>.correct".
 *
 * A record is named by its id ("id", "record_id", or its kind's key on
 * an API route: "session_id", "measure_id" ...; ids are unique across
 * kinds, so the id says what it is), a diary day by "patient_id" and
 * "date", a check-in by its session and an intake by its episode (the
 * br_app_checkin_* and br_app_intake_* entry points).  "version", when
 * given, must be the record's current version (else BR_ECONFLICT, with
 * the current one in the message).
 *
 * Entered-in-error: the record's rows leave the store (so no view,
 * figure, outcome, cohort, due list or report can see it) and the whole
 * record is kept as the snapshot of its 'void' version.  A patient and an
 * episode are not entered in error (their details are corrected); a
 * session with a check-in or a TCM assessment is not, until those are.
 *
 * Signing: a session counts as signed when a practitioner signed it or
 * BR_SIGN_AFTER_HOURS after it was charted (computed when read); a
 * correction of a signed session is an amendment and needs a reason,
 * like every correction.
 *
 * A patient may correct only their own diary days, and only within
 * BR_PATIENT_EDIT_DAYS days of the day; after that the practitioner
 * corrects them.
 *
 * Results are new JSON the caller owns (app.h).
 */
#ifndef BR_APP_CORRECTIONS_H
#define BR_APP_CORRECTIONS_H

#include "app/app.h"
#include "model/field.h"

#define BR_SIGN_AFTER_HOURS  24
#define BR_PATIENT_EDIT_DAYS 7

/* What a correction takes besides the record's fields ("reason",
 * "version"), and what entered-in-error takes (the same). */
extern const struct br_fields br_correct_fields;
extern const struct br_fields br_void_fields;

/* Whether key of the model table model is a field a correction takes
 * (model is a correctable kind's table: br_session_fields ...). */
bool br_correct_takes(const struct br_fields *model, const char *key);
/* Checks a correction's body in (its keys but the path's): each key is
 * one of br_correct_fields or a field model's kind corrects, with the
 * model table's type, range and vocabulary (null: cleared, refused for
 * a required field).  BR_EINVAL with one sentence naming the key. */
int br_correct_check(const struct br_fields *model, json_t *in, bool strict,
                     struct br_err *err);

/* in {name, fields..., "reason", "version"}; out {"kind", "id" or
 * "date", "patient_id", "version", "record", "changes"}. */
int br_app_record_edit(struct br_app *app, json_t *in, json_t **out,
                       struct br_err *err);
/* in {name, "reason", "version"}; out as edit, with "status". */
int br_app_record_void(struct br_app *app, json_t *in, json_t **out,
                       struct br_err *err);
/* in {"id"} of a session; out as edit. */
int br_app_record_sign(struct br_app *app, json_t *in, json_t **out,
                       struct br_err *err);
/* in {name}; out {"kind", "version", "signed", "corrected", "record"}:
 * the record as it is now. */
int br_app_record_get(struct br_app *app, json_t *in, json_t **out,
                      struct br_err *err);
/* in {name}; out {"kind", "version", "voided", "signed", "versions":
 * [...]}. */
int br_app_record_history(struct br_app *app, json_t *in, json_t **out,
                          struct br_err *err);

/* The same for the check-in of "session_id" and the intake of
 * "episode_id". */
int br_app_checkin_edit(struct br_app *app, json_t *in, json_t **out,
                        struct br_err *err);
int br_app_checkin_void(struct br_app *app, json_t *in, json_t **out,
                        struct br_err *err);
int br_app_checkin_history(struct br_app *app, json_t *in, json_t **out,
                           struct br_err *err);
int br_app_intake_edit(struct br_app *app, json_t *in, json_t **out,
                       struct br_err *err);
int br_app_intake_void(struct br_app *app, json_t *in, json_t **out,
                       struct br_err *err);
int br_app_intake_history(struct br_app *app, json_t *in, json_t **out,
                          struct br_err *err);

/* in {"patient_id"}; out {"records": [{"kind", "id" or "date",
 * "version"}]}: the patient's records that were corrected or amended
 * and are not entered in error, for a chart to mark them "corrected"
 * (audited "<patient>.read" as the chart's other reads). */
int br_app_record_corrected(struct br_app *app, json_t *in, json_t **out,
                            struct br_err *err);

/* The entered-in-error records of a patient as they were when voided
 * (rebuilt from their snapshots), for the FHIR export: on_session or
 * on_day per record; a negative return stops and is returned. */
struct br_voided_fns {
	int (*on_session)(void *ctx, const struct br_session *x,
	                  struct br_err *err);
	int (*on_day)(void *ctx, const struct br_diary_day *d,
	              struct br_err *err);
	void *ctx;
};
int br_app_voided_records(struct br_store *s, int64_t patient_id,
                          const struct br_voided_fns *fns, struct br_err *err);

#endif
