/*
 * copy.h - copying a whole store into a new, empty one of either backend
 * (backrest migrate), verified by row counts and checksums per table.
 */
#ifndef BR_STORE_COPY_H
#define BR_STORE_COPY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

struct br_copy_table {
	char name[64];
	int64_t rows;
	uint64_t sum[2]; /* order-independent checksum of the rows */
};

struct br_copy_report {
	/* in: empty every table of the target first (in the copy's
	 * transaction) instead of refusing a target that holds records */
	bool replace;
	/* in: called after each table (may be NULL) */
	void (*progress)(void *ctx, const char *table, int64_t rows);
	void *ctx;
	/* out: the tables in the order copied (owned; br_copy_report_free) */
	struct br_copy_table *tables;
	int n_tables;
	int64_t rows;
	double seconds;
};

/*
 * Copies every table of from into to, which must be empty but for what
 * its migrations wrote (or is emptied first: r->replace), in one
 * transaction on to; reads the copy back and
 * commits only when every table's row count and checksum equal the
 * source's.  Both stores are migrated by this build, so their tables must
 * agree.  On error nothing is written to to.
 */
int br_store_copy(struct br_store *from, struct br_store *to,
                  struct br_copy_report *r, struct br_err *err);
void br_copy_report_free(struct br_copy_report *r);

/*
 * Counts and checksums every table of s, in one read transaction, into
 * r (tables in foreign-key order, as br_store_copy reports them).
 */
int br_store_checksums(struct br_store *s, struct br_copy_report *r,
                       struct br_err *err);

/*
 * 1 when s holds records (a row in a table its migrations do not fill),
 * naming the first such table in table; 0 when it holds none.
 */
int br_store_holds_records(struct br_store *s, char *table, size_t size,
                           struct br_err *err);

#endif
