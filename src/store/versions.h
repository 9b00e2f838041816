/*
 * versions.h - the earlier versions of corrected records
 * (record_versions), and the reads and deletes a correction needs.
 *
 * A record is named by its patient and a key: its id as decimal text
 * (a session ...) or, for a diary day, its date.  Version 1 is the record
 * as first written; each correction, signature or entered-in-error adds
 * one row holding the record as it was before (snapshot) and what
 * changed.  Everything here runs in the caller's transaction.
 */
#ifndef BR_STORE_VERSIONS_H
#define BR_STORE_VERSIONS_H

#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"

struct br_record_version {
	int64_t patient_id;
	const char *key;    /* "123" or "2026-12-01" */
	int version;        /* after the change, 2 or more */
	const char *kind;   /* "session", "diary_day" */
	const char *action; /* correct, amend, sign, void */
	const char *actor;
	const char *origin;
	const char *at; /* timestamp */
	const char *reason;
	const char *changes;  /* JSON object text */
	const char *snapshot; /* JSON object text */
};

/* The kind and patient (and episode, 0 for a patient or a voided record)
 * of record id, looked up over the record tables with ids ("session",
 * "measure", "screening", "visit", "herbal", "plan_item",
 * "exercise_log", "pacing_log", "tcm", "episode", "patient") and
 * record_versions (a voided record's id still answers).  BR_ENOTFOUND
 * when unknown. */
int br_store_record_find(struct br_store *s, int64_t id, char kind[24],
                         int64_t *patient_id, int64_t *episode_id,
                         struct br_err *err);

/* The session of patient_id with id; BR_ENOTFOUND naming "id". */
int br_store_session_get(struct br_store *s, int64_t patient_id, int64_t id,
                         struct br_session *out, struct br_err *err);
/* Deletes the rows of a record (its own and its lists', not its
 * versions) of kind "measure", "screening", "visit", "checkin" (id: its
 * session's), "herbal" (with its adverse effects), "plan_item",
 * "exercise_log", "pacing_log", "tcm", "intake" (id: its episode's) or
 * "session" (its visit and prescriptions unlinked); bumps the cohort
 * stamp. */
int br_store_record_delete(struct br_store *s, const char *kind,
                           int64_t patient_id, int64_t id, struct br_err *err);
/* The first record that needs session id ("check-in", "TCM
 * assessment") into what, or "" when none (a visit and a prescription
 * are unlinked when it is deleted). */
int br_store_session_referrers(struct br_store *s, int64_t patient_id,
                               int64_t id, char what[32], struct br_err *err);
/* br_store_record_delete of a session. */
int br_store_session_delete(struct br_store *s, int64_t patient_id, int64_t id,
                            struct br_err *err);
/* Deletes a diary day and rebuilds the patient's series cache. */
int br_store_diary_delete(struct br_store *s, int64_t patient_id,
                          const char *day, struct br_err *err);

/* The highest version of the record (1 when never changed), whether it
 * was voided and whether it was signed explicitly. */
int br_store_version_state(struct br_store *s, int64_t patient_id,
                           const char *key, int *version, bool *voided,
                           bool *signed_, struct br_err *err);
int br_store_version_add(struct br_store *s, const struct br_record_version *v,
                         struct br_err *err);
/* Calls fn for each version row of the record, oldest first; a negative
 * return from fn stops the scan and is returned (so in the next too). */
int
br_store_version_scan(struct br_store *s, int64_t patient_id, const char *key,
                      int (*fn)(void *ctx, const struct br_record_version *v),
                      void *ctx, struct br_err *err);
/* Calls fn for each entered-in-error record of the patient (its 'void'
 * version: kind, key and the snapshot of the record), by key. */
int br_store_voided_scan(struct br_store *s, int64_t patient_id,
                         int (*fn)(void *ctx,
                                   const struct br_record_version *v),
                         void *ctx, struct br_err *err);
/* Calls fn for each record of the patient that was corrected or amended
 * and not entered in error (key, kind and its latest version), by key. */
int br_store_corrected_scan(struct br_store *s, int64_t patient_id,
                            int (*fn)(void *ctx,
                                      const struct br_record_version *v),
                            void *ctx, struct br_err *err);

#endif
