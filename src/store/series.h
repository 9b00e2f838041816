/*
 * series.h - the per-patient series cache (table series, migration 005):
 * each patient's diary as packed typed arrays (core/series.h), kept in
 * step with diary_days on every write, in the same transaction, and
 * rebuildable from diary_days at any time (backrest reindex).
 *
 * diary_days stays the record of truth; the cache only makes the cohort
 * pass stream arrays instead of rows.  br_store_diary_put() (store.h)
 * updates the cache itself; a writer that writes many days of one patient
 * (the demo generator) may use br_store_diary_put_uncached() for each day
 * and br_store_series_replace() once.  A writer that deletes diary rows
 * calls br_store_series_refresh() for the patient.
 *
 * Both backends keep it.  Every write of the table sets a new stamp
 * (br_store_series_stamp) that store/series_file.h checks.  Memory: struct
 * br_series_buf is the caller's (core/series.h); views passed to a scan
 * callback are borrowed for the call only.
 */
#ifndef BR_STORE_SERIES_H
#define BR_STORE_SERIES_H

#include <stdbool.h>
#include <stdint.h>

#include "core/series.h"
#include "core/series_image.h"
#include "store/store.h"

/* The packed values of one diary day. */
void br_series_day_of(const struct br_diary_day *d, struct br_series_day *out);

/* br_store_diary_put() without the cache update (store/diary.c). */
int br_store_diary_put_uncached(struct br_store *s,
                                const struct br_diary_day *d,
                                struct br_err *err);

/* Sets day d in its patient's series (read, change, write back). */
int br_store_series_put_day(struct br_store *s, const struct br_diary_day *d,
                            struct br_err *err);
/* Replaces the patient's series with b (packing it). */
int br_store_series_replace(struct br_store *s, int64_t patient_id,
                            struct br_series_buf *b, struct br_err *err);
/* Loads the patient's series into b (empty when there is none). */
int br_store_series_get(struct br_store *s, int64_t patient_id,
                        struct br_series_buf *b, struct br_err *err);
/* Rebuilds one patient's series from diary_days. */
int br_store_series_refresh(struct br_store *s, int64_t patient_id,
                            struct br_err *err);

struct br_series_rebuild {
	bool check_only;   /* compare, write nothing */
	int64_t patients;  /* patients with diary rows */
	int64_t rows;      /* diary rows read */
	int64_t different; /* patients whose cache differed (or was absent) */
	int64_t orphans;   /* cached series with no diary rows */
	/* Called every 1M rows when set. */
	void (*progress)(void *ctx, int64_t rows);
	void *ctx;
};

/* Rebuilds (or checks) every series from diary_days in the caller's write
 * transaction; clears the stale mark. */
int br_store_series_rebuild(struct br_store *s, struct br_series_rebuild *r,
                            struct br_err *err);
/* True when the cache must be rebuilt before use (a database that had
 * diary rows before migration 005). */
int br_store_series_stale(struct br_store *s, bool *stale, struct br_err *err);

/* The stamp of what the cohort image holds (store/series_file.h): a
 * random value (never 0) set in the same transaction by every write of
 * the series, patients, episodes, sessions and screenings tables (SQLite
 * only), each logged in series_log with the patient it changed (migration
 * 020); 0 before the first such write since migration 011. */
int br_store_series_stamp(struct br_store *s, uint64_t *stamp,
                          struct br_err *err);
/* Sets a new stamp and logs that patient_id's part of the image changed
 * (BR_SERIES_LOG_ALL: all of it), in the caller's write transaction
 * (store/series_file.h). */
int br_store_series_bump(struct br_store *s, int64_t patient_id,
                         struct br_err *err);
#define BR_SERIES_LOG_ALL (-1)
/* Rows the log keeps: an image older than that many writes is rebuilt. */
#define BR_SERIES_LOG_KEEP 65536

/* Calls fn for every series, in patient_id order; a negative return from
 * fn stops the scan and is returned. */
int br_store_series_scan(struct br_store *s,
                         int (*fn)(void *ctx, const struct br_series *v),
                         void *ctx, struct br_err *err);
/* The same for one patient (nothing when the patient has no diary). */
int br_store_series_scan_one(struct br_store *s, int64_t patient_id,
                             int (*fn)(void *ctx, const struct br_series *v),
                             void *ctx, struct br_err *err);

/* The write log (store/series_file.h): the current stamp and the newest
 * log position (0 when the log is empty). */
int br_store_series_log_head(struct br_store *s, uint64_t *stamp, uint64_t *seq,
                             struct br_err *err);
/* The patients logged after position seq, ascending and distinct, in a
 * new array (*pids, caller frees; NULL when *n is 0): 0.  1 (nothing set)
 * when the log cannot bring an image of (seq, stamp) up to date: seq is 0
 * or no longer logged, its row holds another stamp (another history, as
 * after a restore), a reindex is logged since, or more than max patients
 * changed.  Negative on error. */
int br_store_series_log_since(struct br_store *s, uint64_t seq, uint64_t stamp,
                              size_t max, int64_t **pids, size_t *n,
                              struct br_err *err);
/* Cohort grouping: calls fn(ctx, patient_id, label, episodes) for each
 * patient and each group label it belongs to, in patient_id order, with
 * the patient's number of episodes open at some point in [from, to].  by is
 * "modality" (each modality of the patient's sessions in [from, to], "none"
 * without sessions), "phase" (the patient's latest episode's onset: label is
 * the onset date, the caller derives the phase), "risk" (latest episode's STarT
 * Back group or "unknown") or "practitioner" (latest episode's practitioner id,
 * or "none"). */
int br_store_cohort_groups(struct br_store *s, const char *by, const char *from,
                           const char *to,
                           int (*fn)(void *ctx, int64_t patient_id,
                                     const char *label, int episodes),
                           void *ctx, struct br_err *err);

struct br_cohort_counts {
	int64_t patients;      /* patients on record */
	int64_t episodes;      /* episodes open at some point in [from, to] */
	int64_t open_episodes; /* of those, still open */
};

/* The counts above over one clinic's patients (over every clinic they
 * come from the series image, store/series_file.h). */
int br_store_cohort_counts(struct br_store *s, int64_t clinic_id,
                           const char *from, const char *to,
                           struct br_cohort_counts *out, struct br_err *err);

/* Calls fn for each patient of the clinic, in patient_id order (the
 * cohort's membership when its figures are for one clinic). */
int br_store_cohort_patients(struct br_store *s, int64_t clinic_id,
                             int (*fn)(void *ctx, int64_t patient_id),
                             void *ctx, struct br_err *err);

/* Calls fn for every episode on record, in (patient_id, episode_id)
 * order, with its period, status and first and 4th session
 * (core/series_image.h). */
int br_store_cohort_episodes(struct br_store *s,
                             int (*fn)(void *ctx,
                                       const struct br_series_image_episode *e),
                             void *ctx, struct br_err *err);
/* The same for one patient's episodes. */
int br_store_cohort_episodes_one(
        struct br_store *s, int64_t patient_id,
        int (*fn)(void *ctx, const struct br_series_image_episode *e),
        void *ctx, struct br_err *err);

/* The number of patients on record. */
int br_store_patients_on_record(struct br_store *s, int64_t *n,
                                struct br_err *err);

#endif
