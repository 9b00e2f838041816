/*
 * store_internal.h - the store handle, shared by the store's area files
 * only.  Callers outside src/store see struct br_store as opaque.
 */
#ifndef BR_STORE_INTERNAL_H
#define BR_STORE_INTERNAL_H

#include <pthread.h>
#include <stdbool.h>

#include "store/db.h"
#include "store/store.h"

/* Prepared statements kept per connection: an open-addressing table keyed
 * by the SQL literal's address.  Each distinct query of the store takes one
 * slot for the life of the connection; the size leaves ample room. */
#define BR_STMT_CACHE 1024

struct br_db_stmt {
	struct br_store *store;
	const char *sql; /* cache key: the literal's address */
	void *handle;
};

struct br_store {
	const struct br_db_ops *ops;
	void *conn;
	char *target; /* what br_store_open was given (owned) */
	int version;
	int n_stmts;
	uint64_t commits;             /* transactions committed */
	struct br_store_group *group; /* borrowed, or NULL */
	bool gate_held;       /* the group's write gate, locked by this store */
	int64_t changes_mark; /* ops->changes when last accounted for */
	struct br_db_stmt stmts[BR_STMT_CACHE]; /* slot empty when sql NULL */
};

/* A store group (store.h; group.c). */
struct br_store_group {
	pthread_mutex_t gate; /* the write gate (SQLite members only) */

	/* Group commit (SQLite): the counters count the members' write
	 * transactions.  begun: commits started (each takes the next number
	 * under the gate, so they are numbered in the order of the log);
	 * written: every commit up to this one has its frames in the log
	 * file; synced: every commit up to this one is on the disk. */
	pthread_mutex_t lock;   /* guards the fields below */
	pthread_cond_t wake;    /* for the syncer: written moved, or stop */
	pthread_cond_t flushed; /* for blocking waiters: synced moved */
	bool deferred;          /* the syncer runs; members defer flushes */
	bool stop, failed;      /* failed: a flush failed, nothing is sure */
	uint64_t begun, written, synced;
	uint64_t flushes;                 /* flushes done (for tests) */
	struct br_store_sync_wait *waits; /* callbacks, any order */
	struct br_store *sync_store;      /* the syncer's connection */
	pthread_t syncer;
};

/* The commit path of a group member (group.c): the number a commit
 * takes before it starts (0 outside group commit) and the record that it
 * is written (whether or not it succeeded: nothing more will be written
 * for it). */
uint64_t br_store_sync_begin(struct br_store *s);
void br_store_sync_end(struct br_store *s, uint64_t n);

/* Takes and gives back s's turn at its group's write gate; no-ops
 * outside a group or on PostgreSQL. */
void br_store_gate_take(struct br_store *s);
void br_store_gate_release(struct br_store *s);

/* Binds an optional id: 0 (none) as NULL. */
static inline void
br_store_bind_id_opt(struct br_db_stmt *st, int idx, int64_t id)
{
	if (id)
		br_db_bind_i64(st, idx, id);
	else
		br_db_bind_text(st, idx, NULL);
}

/* A pacing quota's and a pacing log's row readers (pacing.c), for any
 * query whose columns are pacing.c's QUOTA_COLS and LOG_COLS in order. */
void br_store_pacing_read_quota(struct br_db_stmt *st, void *elem);
void br_store_pacing_read_log(struct br_db_stmt *st, void *elem);

/* Makes room for element n in *arr (capacity *cap, elements of elem
 * bytes), doubling as needed. */
int br_store_grow(void **arr, size_t *cap, size_t n, size_t elem,
                  struct br_err *err);

#endif
