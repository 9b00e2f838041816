/*
 * tcm.h - traditional Chinese medicine findings of one visit: tongue,
 * pulse, the eight principles, pattern differentiation and the treatment
 * principle (migration 003).
 *
 * An assessment belongs to one session (at most one per session), so it
 * stays optional on every visit and is dated by its session.  Unset
 * values: "" for text and codes, BR_UNSET for whole numbers, 0 for ids.
 *
 * Memory: records are filled into caller storage and own no heap memory;
 * list functions return an array the caller frees with free().
 *
 * The record structs are in model/tcm.h.
 */
#ifndef BR_STORE_TCM_H
#define BR_STORE_TCM_H

#include "model/tcm.h"
#include "store/intake.h"
#include "store/store.h"

int br_store_tcm_insert(struct br_store *s, const struct br_tcm *x,
                        struct br_err *err);
/* An episode's assessments by session date (then session id), with all
 * their lists; caller frees *out. */
int br_store_tcm_list(struct br_store *s, int64_t patient_id,
                      int64_t episode_id, struct br_tcm **out, size_t *n,
                      struct br_err *err);

/* Where a session belongs, found by its id alone. */
struct br_session_ref {
	int64_t patient_id;
	int64_t episode_id;
	int64_t session_id;
	char day[11];
};

/* BR_ENOTFOUND (field) when there is no such session. */
int br_store_session_ref(struct br_store *s, int64_t session_id,
                         const char *field, struct br_session_ref *out,
                         struct br_err *err);

#endif
