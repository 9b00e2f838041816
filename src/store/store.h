/*
 * store.h - the care record's storage: the only interface to the database.
 *
 * All SQL lives behind this header (in src/store/<area>.c); callers see
 * records as plain structs.  br_store_open() picks the backend from the
 * target (a file path selects SQLite) and applies pending migrations.
 *
 * Transactions: every write happens between br_store_begin() (BEGIN
 * IMMEDIATE on SQLite) and br_store_commit(); on any error the caller
 * calls br_store_rollback().  Reads may run inside or outside one.
 *
 * Memory: records are filled into caller storage; list functions return an
 * array the caller frees with free().  Strings in records are fixed-size
 * arrays, so records own no heap memory.
 *
 * The record structs are in model/records.h.
 */
#ifndef BR_STORE_STORE_H
#define BR_STORE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/sleep.h"
#include "model/records.h"

struct br_store;

/* Opens (creating when absent) and migrates the store at target: a file
 * path (SQLite) or a libpq URI "postgresql://..." (PostgreSQL; the
 * database must exist). */
int br_store_open(const char *target, struct br_store **out,
                  struct br_err *err);
/* Opens and migrates the store at target only when it holds a backrest
 * database (of any schema version): a missing file or a database without
 * the schema is BR_ENOTFOUND, field "db", with a sentence naming target
 * (a URI without its password) and how to create one; nothing is
 * created. */
int br_store_open_existing(const char *target, struct br_store **out,
                           struct br_err *err);
void br_store_close(struct br_store *s);
/* Whether target selects the PostgreSQL backend. */
bool br_store_target_is_pg(const char *target);
/* Schema version after migration. */
int br_store_schema_version(struct br_store *s);

int br_store_begin(struct br_store *s, struct br_err *err);
int br_store_begin_read(struct br_store *s, struct br_err *err);
int br_store_commit(struct br_store *s, struct br_err *err);
void br_store_rollback(struct br_store *s);
/* Ends a transaction begun with br_store_begin_read (it wrote nothing):
 * unlike br_store_commit it does not count as a commit, so the caller may
 * still run a use case again after a later BR_EBUSY. */
int br_store_end_read(struct br_store *s, struct br_err *err);
/*
 * Retrying: a transaction may fail with BR_EBUSY when a concurrent one
 * wrote what it read (PostgreSQL's serialization failure or deadlock,
 * SQLite's busy timeout).  The whole transaction is then run again, by
 * the caller that began it (br_app_call), when it committed nothing
 * before failing: br_store_commits() counts the transactions committed on
 * s; br_store_retry_wait(attempt) sleeps a short random while, growing
 * with attempt.
 */
uint64_t br_store_commits(struct br_store *s);
/* Many small writes follow (on) or are done (off), as in the demo
 * generator: PostgreSQL then sends them without waiting for each result
 * (pipeline mode); a failure shows at the next read or the commit. */
void br_store_bulk_write(struct br_store *s, bool on);
void br_store_retry_wait(int attempt);
/*
 * A store group: the connections of one process to one database (the
 * server's thread pool, one store per thread).  Members take turns at a
 * mutex before BEGIN IMMEDIATE (SQLite) instead of polling SQLite's busy
 * handler, which sleeps 1, 2, 5, 10 ... ms and made the tail of
 * concurrent writes: a waiting writer starts as soon as the other
 * commits.  Held from br_store_begin() to br_store_commit() or
 * br_store_rollback().  PostgreSQL's writers run concurrently; other
 * processes are still waited for by the busy timeout.  The group is the
 * caller's (br_store_group_free after every member is closed); a store
 * joins at most one group, for its whole life.
 */
struct br_store_group;

int br_store_group_new(struct br_store_group **out, struct br_err *err);
void br_store_group_free(struct br_store_group *g);
void br_store_group_join(struct br_store *s, struct br_store_group *g);
/*
 * Group commit (SQLite; on PostgreSQL every commit returns flushed and
 * these are no-ops).  br_store_group_sync_start() opens a connection of
 * the group's own and a syncer thread; members that join afterwards
 * commit without waiting for the disk (synchronous=NORMAL: the commit is
 * in the WAL file, not yet flushed), and the syncer flushes the WAL
 * whenever commits were written since its last flush, so one flush
 * covers every commit written while the previous one ran.
 *
 * The rule that keeps "acknowledged means on disk": after its work on s,
 * a caller takes br_store_sync_point(s) and answers only once the group
 * says that point is synced.  The point covers the caller's own commits
 * and every commit of the group that its reads could have seen (a commit
 * is visible to others before it is flushed), so no answer shows data
 * that a power cut could take back.  0: nothing to wait for.  A flush
 * that fails makes every later wait fail (BR_EIO): whether anything after
 * the last good flush is on disk is then unknown.
 *
 * Waiting: br_store_group_synced() checks; br_store_group_wait() blocks;
 * br_store_group_notify() returns at once and has the syncer thread call
 * fn(arg, rc) when the point is synced (rc 0) or cannot be (rc < 0), in
 * any order, with w (the caller's storage, untouched after fn starts)
 * queued until then.
 */
typedef void (*br_store_synced_fn)(void *arg, int rc);
struct br_store_sync_wait {
	uint64_t point;
	br_store_synced_fn fn;
	void *arg;
	struct br_store_sync_wait *next;
};

int br_store_group_sync_start(struct br_store_group *g, const char *target,
                              struct br_err *err);
uint64_t br_store_sync_point(struct br_store *s);
bool br_store_group_synced(struct br_store_group *g, uint64_t point);
int br_store_group_wait(struct br_store_group *g, uint64_t point,
                        struct br_err *err);
void br_store_group_notify(struct br_store_group *g,
                           struct br_store_sync_wait *w, uint64_t point,
                           br_store_synced_fn fn, void *arg);
/* Flushes done by the group's syncer so far (0 without one). */
uint64_t br_store_group_flushes(struct br_store_group *g);
/* Rolls back a write transaction that is still open on s (a caller that
 * began one and neither committed nor rolled back: a bug), so the group's
 * gate cannot stay taken by a connection that has moved on; true when
 * there was one.  For the end of each server request. */
bool br_store_abandon_write(struct br_store *s);

/*
 * WAL checkpoints off the request path (SQLite; no-ops on PostgreSQL):
 * br_store_checkpoint_auto(s, false) stops s's commits from copying the
 * WAL into the database whenever it reaches 1,000 pages (with two fsyncs,
 * while every writer waits) except as a backstop at 64 MB;
 * br_store_checkpoint(s) copies what it can now (passive: never waits for
 * nor blocks a writer or reader), for a background thread.  Durability
 * is the same either way: a commit is in the WAL when it returns.
 */
void br_store_checkpoint_auto(struct br_store *s, bool on);
int br_store_checkpoint(struct br_store *s, struct br_err *err);

/* A new record id: 53 bits (safe as a JSON number), time-ordered, unique
 * within this process, made without a central sequence. */
int64_t br_store_new_id(void);
/* The current UTC time as "YYYY-MM-DDTHH:MM:SSZ". */
void br_store_now(char out[BR_TS_LEN]);

/* Clinics -------------------------------------------------------------- */

/* The first clinic, created with name when there is none. */
int br_store_clinic_default(struct br_store *s, const char *name,
                            struct br_clinic *out, struct br_err *err);

/* Patients ------------------------------------------------------------- */

int br_store_patient_insert(struct br_store *s, const struct br_patient *p,
                            struct br_err *err);
/* Writes p's name, born, sex and ref over the stored patient p->id (a
 * correction). */
int br_store_patient_update(struct br_store *s, const struct br_patient *p,
                            struct br_err *err);
/* BR_ENOTFOUND when there is no such patient. */
int br_store_patient_get(struct br_store *s, int64_t id, struct br_patient *out,
                         struct br_err *err);
/* All patients by name; caller frees *out. */
int br_store_patient_list(struct br_store *s, struct br_patient **out,
                          size_t *n, struct br_err *err);

/* Episodes ------------------------------------------------------------- */

int br_store_episode_insert(struct br_store *s, const struct br_episode *e,
                            struct br_err *err);
/* Writes e's region, onset, sciatica and icd10 over the stored episode
 * e->id (a correction). */
int br_store_episode_update(struct br_store *s, const struct br_episode *e,
                            struct br_err *err);
int br_store_episode_get(struct br_store *s, int64_t id, struct br_episode *out,
                         struct br_err *err);
int br_store_episode_list(struct br_store *s, int64_t patient_id,
                          struct br_episode **out, size_t *n,
                          struct br_err *err);
int br_store_episode_close(struct br_store *s, int64_t patient_id,
                           int64_t episode_id, const char *closed_on,
                           struct br_err *err);

/* Diary ---------------------------------------------------------------- */

/* The stored day, or BR_ENOTFOUND. */
int br_store_diary_get(struct br_store *s, int64_t patient_id, const char *day,
                       struct br_diary_day *out, struct br_err *err);
/* Inserts or replaces the whole day. */
int br_store_diary_put(struct br_store *s, const struct br_diary_day *d,
                       struct br_err *err);
/* Days in [from, to] ("" for open ends), oldest first; caller frees. */
int br_store_diary_list(struct br_store *s, int64_t patient_id,
                        const char *from, const char *to,
                        struct br_diary_day **out, size_t *n,
                        struct br_err *err);
/* The same days one at a time, without the array: fn(ctx, day) for each
 * (d is borrowed for the call); a negative return from fn stops the scan
 * and is returned. */
int br_store_diary_scan(struct br_store *s, int64_t patient_id,
                        const char *from, const char *to,
                        int (*fn)(void *ctx, const struct br_diary_day *d),
                        void *ctx, struct br_err *err);

/* Sessions ------------------------------------------------------------- */

int br_store_session_insert(struct br_store *s, const struct br_session *x,
                            struct br_err *err);
/* Writes x over the stored session of its id (a correction): the row
 * and its lists. */
int br_store_session_update(struct br_store *s, const struct br_session *x,
                            struct br_err *err);
/* Sessions of an episode by date; caller frees *out. */
int br_store_session_list(struct br_store *s, int64_t patient_id,
                          int64_t episode_id, struct br_session **out,
                          size_t *n, struct br_err *err);

/* Audit ------------------------------------------------------------------ */

struct br_audit_entry {
	int64_t user_id;     /* 0 for the command line */
	const char *actor;   /* "cli:<login>" or a user's email */
	const char *action;  /* "patient.read", "diary.write", ... */
	int64_t patient_id;  /* 0 when none */
	const char *record;  /* e.g. "episode/123", or NULL */
	const char *origin;  /* "cli" or the client address */
	const char *outcome; /* "ok", "denied", ... */
};

/* Appends a within the caller's transaction. */
int br_store_audit_append(struct br_store *s, const struct br_audit_entry *a,
                          struct br_err *err);
/*
 * Appends a and commits it in a transaction of its own (the caller has
 * none open): the audit row of a read, which writes nothing else.  Returns
 * once the row is committed (0) or failed (nothing written).
 *
 * Group commit (the rows of concurrent readers in one transaction) was
 * tried and dropped: on this 2-core machine with synchronous=NORMAL a
 * commit costs ~25 us of CPU and no fsync, so readers almost never
 * overlap in it (1.04 rows a batch with 8 request threads under wrk).
 */
int br_store_audit_commit(struct br_store *s, const struct br_audit_entry *a,
                          struct br_err *err);

/* Demo truth ------------------------------------------------------------- */

struct br_demo_truth {
	int64_t patient_id;
	int64_t seed;
	const char *arm;
	bool responder;
	bool poor_sleeper;
	double baseline_pain;
	double pain_sd;
	double pain_phi;
	double sleep_pain_beta; /* planted, per 1 SD of sleep quality */
	double pain_sleep_beta; /* planted, per 1 SD of pain */
	int diary_days;         /* diary rows written */
	int sessions;           /* sessions written */
	int measures;           /* measures written */
};

int br_store_demo_truth_insert(struct br_store *s,
                               const struct br_demo_truth *t,
                               struct br_err *err);

/* Practice overview ------------------------------------------------------ */

struct br_overview {
	int64_t patients;
	int64_t open_episodes;
	int64_t closed_episodes;
	int64_t sessions_30d;      /* sessions in the 30 days up to today */
	int64_t diary_patients_7d; /* patients with a diary day in 7 days */
	int64_t diary_days_7d;     /* diary days in the last 7 days */
	int64_t active_patients;   /* patients with an open episode */
};

/* Over every clinic (clinic_id 0) or over one clinic's patients. */
int br_store_overview(struct br_store *s, int64_t clinic_id, const char *today,
                      struct br_overview *out, struct br_err *err);

#endif
