/*
 * internal.h - helpers shared by the use-case files of src/app.
 */
#ifndef BR_APP_INTERNAL_H
#define BR_APP_INTERNAL_H

#include "app/app.h"
#include "app/input.h"
#include "app/view.h"
#include "core/parse.h"
#include "model/instruments.h"

/* Appends to the audit log within the current transaction. */
int br_app_audit(struct br_app *app, const char *action, int64_t patient_id,
                 const char *record_kind, int64_t record_id,
                 struct br_err *err);

/* Appends to the audit log and commits, outside a transaction: for a
 * read that wrote nothing else (br_store_audit_commit). */
int br_app_audit_commit(struct br_app *app, const char *action,
                        int64_t patient_id, const char *record_kind,
                        int64_t record_id, struct br_err *err);

/* Loads the episode and its patient's id; BR_ENOTFOUND names the field. */
int br_app_load_episode(struct br_app *app, json_t *in, struct br_episode *out,
                        struct br_err *err);
/* Loads the patient named by in's "patient_id". */
int br_app_load_patient(struct br_app *app, json_t *in, struct br_patient *out,
                        struct br_err *err);

/* Ends a use case: commits when rc is 0 and hands *result to *out, else
 * rolls back and releases *result.  Returns the final code. */
int br_app_finish(struct br_app *app, int rc, json_t *result, json_t **out,
                  struct br_err *err);

/* Refuses a date after today: "<field> <date> is after today". */
int br_app_not_future(struct br_app *app, const char *field, int32_t day,
                      struct br_err *err);

/* Refuses a date of patient p before the birth date ("<field> must not be
 * before the patient's birth date"), or before 1900 when it is unknown
 * ("<field> must be 1900-01-01 or later"). */
int br_app_after_birth(const struct br_patient *p, const char *field,
                       int32_t day, struct br_err *err);

/* Refuses a date of episode e before its onset ("<field> must not be
 * before the episode's onset (<onset>)"). */
int br_app_not_before_onset(const struct br_episode *e, const char *field,
                            int32_t day, struct br_err *err);

/* The instrument with id in app's set; BR_EINVAL naming the field
 * "instrument" (with the known ids) when there is none. */
int br_app_instrument(struct br_app *app, const char *id,
                      const struct br_instrument **out, struct br_err *err);

/* The scope of a list or count: in's clinic_id and practitioner_id
 * (0 when not given). */
struct br_patient_scope;
int br_app_scope(struct br_app *app, json_t *in, struct br_patient_scope *sc,
                 struct br_err *err);

#endif
