/*
 * interop.h - store operations that only import and export need: every
 * clinic, a clinic or session by id, a clinic with a given id, and the
 * identifiers of records imported from other systems (interop_links,
 * migration 006).  Same conventions as store.h (records in caller
 * storage, lists freed by the caller with free()).
 */
#ifndef BR_STORE_INTEROP_H
#define BR_STORE_INTEROP_H

#include "store/store.h"
#include "store/users.h"

struct br_clinic_row {
	int64_t id;
	char name[BR_NAME_MAX];
	char created_at[BR_TS_LEN];
};

/* All clinics by id; caller frees *out. */
int br_store_clinic_list(struct br_store *s, struct br_clinic_row **out,
                         size_t *n, struct br_err *err);
/* BR_ENOTFOUND when there is no such clinic. */
int br_store_clinic_get(struct br_store *s, int64_t id,
                        struct br_clinic_row *out, struct br_err *err);
int br_store_clinic_insert(struct br_store *s, const struct br_clinic_row *c,
                           struct br_err *err);

/* *patient_id (and *episode_id) of session id, or BR_ENOTFOUND. */
int br_store_session_owner(struct br_store *s, int64_t session_id,
                           int64_t *patient_id, int64_t *episode_id,
                           struct br_err *err);

/* The record imported for (resource_type, system, value): its id and
 * patient, or BR_ENOTFOUND. */
int br_store_link_get(struct br_store *s, const char *resource_type,
                      const char *system, const char *value, int64_t *record_id,
                      int64_t *patient_id, struct br_err *err);
/* Records the link (an existing one is left as it is). */
int br_store_link_put(struct br_store *s, const char *resource_type,
                      const char *system, const char *value, int64_t record_id,
                      int64_t patient_id, struct br_err *err);

/* Users exported as Practitioner: every practitioner (of clinic_id when
 * it is not 0) and every user that a record of the patients selected
 * (patient_id, clinic_id; 0: any) names as its practitioner, by id.  Password
 * hashes are not read.  Caller frees *out. */
int br_store_interop_practitioners(struct br_store *s, int64_t patient_id,
                                   int64_t clinic_id, struct br_user **out,
                                   size_t *n, struct br_err *err);

/* Records matched by id on import. */
enum br_interop_rec {
	BR_REC_MEASURE,
	BR_REC_SCREENING,
	BR_REC_TCM,
	BR_REC_HERBAL,
	BR_REC_HERBAL_ADVERSE,
	BR_REC_USER,
	BR_REC_PLAN_ITEM,
	BR_REC_EXERCISE_RX,
	BR_REC_EXERCISE_LOG,
	BR_REC_PACING_QUOTA,
	BR_REC_PACING_LOG,
};

/* 1 when record id of kind is stored for patient_id (any patient_id for
 * a user), 0 when it is not. */
int br_store_interop_exists(struct br_store *s, enum br_interop_rec kind,
                            int64_t patient_id, int64_t id, struct br_err *err);
/* The id of the TCM assessment of the session, or 0. */
int br_store_interop_tcm_of_session(struct br_store *s, int64_t patient_id,
                                    int64_t session_id, int64_t *assessment_id,
                                    struct br_err *err);

/* Staging of a streamed import: a temporary table of (patient key, order,
 * file, line, resource text), read back grouped by key.  Open drops what
 * a previous import left; all of it lives in SQLite's temporary store. */
int br_store_stage_open(struct br_store *s, struct br_err *err);
/* pkey "": a resource of no patient (read back first). */
int br_store_stage_put(struct br_store *s, const char *pkey, int64_t seq,
                       int file, int64_t line, const char *body,
                       struct br_err *err);
/* Called for each row by key then order (strings borrowed for the call),
 * then once with pkey NULL; a negative return stops the scan. */
typedef int (*br_store_stage_fn)(void *ctx, const char *pkey, int file,
                                 int64_t line, const char *body,
                                 struct br_err *err);
int br_store_stage_scan(struct br_store *s, br_store_stage_fn fn, void *ctx,
                        struct br_err *err);
void br_store_stage_close(struct br_store *s);

#endif
