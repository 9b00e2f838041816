/*
 * copy.h - copying a whole store into a new, empty one of either backend
 * (backrest migrate), verified by row counts and checksums per table.
 */
#ifndef BR_STORE_COPY_H
#define BR_STORE_COPY_H

#include <stdint.h>

#include "store/store.h"

struct br_copy_table {
	char name[64];
	int64_t rows;
	uint64_t sum[2]; /* order-independent checksum of the rows */
};

struct br_copy_report {
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
 * its migrations wrote, in one transaction on to; reads the copy back and
 * commits only when every table's row count and checksum equal the
 * source's.  Both stores are migrated by this build, so their tables must
 * agree.  On error nothing is written to to.
 */
int br_store_copy(struct br_store *from, struct br_store *to,
                  struct br_copy_report *r, struct br_err *err);
void br_copy_report_free(struct br_copy_report *r);

#endif
