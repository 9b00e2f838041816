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
	bool gate_held; /* the group's write gate, locked by this store */
	struct br_db_stmt stmts[BR_STMT_CACHE]; /* slot empty when sql NULL */
};

/* A store group (store.h; group.c). */
struct br_audit_wait;
struct br_store_group {
	pthread_mutex_t gate;        /* the write gate (SQLite members only) */
	pthread_mutex_t lock;        /* guards the fields below */
	pthread_cond_t done;         /* a batch of audit rows was committed */
	struct br_audit_wait *queue; /* rows waiting for the next batch */
	bool committing;             /* a member is committing a batch */
};

/* Takes and gives back s's turn at its group's write gate; no-ops
 * outside a group or on PostgreSQL. */
void br_store_gate_take(struct br_store *s);
void br_store_gate_release(struct br_store *s);

/* Makes room for element n in *arr (capacity *cap, elements of elem
 * bytes), doubling as needed. */
int br_store_grow(void **arr, size_t *cap, size_t n, size_t elem,
                  struct br_err *err);

#endif
