/*
 * corrections.h - use cases: correct a record with history, mark it
 * entered-in-error, sign a session, and show a record's versions.
 *
 * Which fields of a kind may be corrected is a table in corrections.c
 * (the key of the kind's field table in src/model and where the value
 * lives in the record); the ranges, types and documentation are the
 * model's.  A correction runs in one transaction: load the record, set
 * the changed fields, run the kind's check and apply-level rules, write
 * (the series cache and cohort stamp follow through the store's own
 * hooks), append the earlier version, audit "<kind>.correct".
 *
 * Records are named by "id" (a session) or by "patient_id" and "date"
 * (a diary day).  "version", when given, must be the record's current
 * version (else BR_ECONFLICT, with the current one in the message).
 *
 * Entered-in-error: the record's rows leave the store (so no view,
 * figure, outcome, cohort, due list or report can see it) and the whole
 * record is kept as the snapshot of its 'void' version.
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

/* The request tables of a correction (the route's body and the CLI's
 * options): the correctable fields of a kind, plus reason and version. */
extern const struct br_fields br_correct_session_fields;
extern const struct br_fields br_correct_diary_fields;
extern const struct br_fields br_void_session_fields;
extern const struct br_fields br_void_diary_fields;

/* in {"id" | "patient_id"+"date", fields..., "reason", "version"};
 * out {"kind", "id" or "date", "version", "record", "changes"}. */
int br_app_record_edit(struct br_app *app, json_t *in, json_t **out,
                       struct br_err *err);
/* in {"id" | "patient_id"+"date", "reason"}; out as edit. */
int br_app_record_void(struct br_app *app, json_t *in, json_t **out,
                       struct br_err *err);
/* in {"id"} of a session; out as edit. */
int br_app_record_sign(struct br_app *app, json_t *in, json_t **out,
                       struct br_err *err);
/* in {"id" | "patient_id"+"date"}; out {"kind", "version", "signed",
 * "corrected", "record"}: the record as it is now. */
int br_app_record_get(struct br_app *app, json_t *in, json_t **out,
                      struct br_err *err);
/* in {"id" | "patient_id"+"date"}; out {"kind", "version", "voided",
 * "signed", "versions": [...]}. */
int br_app_record_history(struct br_app *app, json_t *in, json_t **out,
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
