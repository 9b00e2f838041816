/*
 * audit_filter.h - the audit log as the administration page reads it:
 * filtered by patient, user, action, outcome and a time range, paged by
 * id (newest first).  Appending is in store.h, the plain listing in
 * audit_query.h.
 */
#ifndef BR_STORE_AUDIT_FILTER_H
#define BR_STORE_AUDIT_FILTER_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "store/audit_query.h"
#include "store/store.h"

/* Every member 0 or NULL means "any". */
struct br_audit_filter {
	int64_t patient_id;
	int64_t user_id;
	const char *action;  /* exact */
	const char *outcome; /* exact */
	const char *from;    /* at >= from (an ISO time or date) */
	const char *until;   /* at < until */
	int64_t before;      /* audit_id < before: the next page */
	int limit;
};

/* The entries f selects, newest first, at most f->limit; caller frees
 * *out. */
int br_store_audit_filter(struct br_store *s, const struct br_audit_filter *f,
                          struct br_audit_row **out, size_t *n,
                          struct br_err *err);

#endif
