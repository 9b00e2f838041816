/*
 * drafts.h - questionnaires a patient has started and not yet sent
 * (migration 019: measure_drafts): the answers given so far, kept so the
 * patient can pause and resume.  A draft is never scored.
 *
 * Same conventions as store.h: records in caller storage, lists as arrays
 * the caller frees with free(), writes inside br_store_begin/commit.
 */
#ifndef BR_STORE_DRAFTS_H
#define BR_STORE_DRAFTS_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "model/records.h"
#include "store/store.h"

#define BR_DRAFT_ANSWERS_MAX 1024 /* the answers as a JSON array */

struct br_measure_draft {
	int64_t patient_id;
	char instrument[24];
	char answers[BR_DRAFT_ANSWERS_MAX]; /* JSON array: codes, null */
	char updated_at[BR_TS_LEN];
};

/* Inserts or replaces the patient's draft of d->instrument. */
int br_store_draft_put(struct br_store *s, const struct br_measure_draft *d,
                       struct br_err *err);
/* The patient's drafts by instrument; caller frees *out. */
int br_store_draft_list(struct br_store *s, int64_t patient_id,
                        struct br_measure_draft **out, size_t *n,
                        struct br_err *err);
/* Removes the patient's draft of instrument (none is not an error). */
int br_store_draft_delete(struct br_store *s, int64_t patient_id,
                          const char *instrument, struct br_err *err);

#endif
