/*
 * audit_query.h - reading the audit log (appending is in store.h).
 */
#ifndef BR_STORE_AUDIT_QUERY_H
#define BR_STORE_AUDIT_QUERY_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "store/store.h"

struct br_audit_row {
	int64_t id;
	char at[BR_TS_LEN];
	char actor[256];
	int64_t user_id; /* 0 for none */
	char action[48];
	int64_t patient_id; /* 0 for none */
	char record[64];
	char origin[64];
	char outcome[24];
};

/* The newest limit entries, filtered by clinic_id (entries about its
 * patients or by its accounts), patient_id and user_id when they are not
 * 0, newest first; caller frees *out. */
int br_store_audit_list(struct br_store *s, int64_t clinic_id,
                        int64_t patient_id, int64_t user_id, int limit,
                        struct br_audit_row **out, size_t *n,
                        struct br_err *err);

#endif
