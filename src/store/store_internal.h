/*
 * store_internal.h - the store handle, shared by the store's area files
 * only.  Callers outside src/store see struct br_store as opaque.
 */
#ifndef BR_STORE_INTERNAL_H
#define BR_STORE_INTERNAL_H

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
	uint64_t commits;      /* transactions committed */
	pthread_mutex_t *gate; /* br_store_set_write_gate, borrowed */
	bool gate_held;        /* gate locked by this connection's write */
	struct br_db_stmt stmts[BR_STMT_CACHE]; /* slot empty when sql NULL */
};

/* Makes room for element n in *arr (capacity *cap, elements of elem
 * bytes), doubling as needed. */
int br_store_grow(void **arr, size_t *cap, size_t n, size_t elem,
                  struct br_err *err);

#endif
