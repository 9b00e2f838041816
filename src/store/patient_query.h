/*
 * patient_query.h - the patient list of a clinic or a practitioner, paged
 * by keyset, and finding patients by name, reference or birth date.
 *
 * Each reads only the rows of its scope through indexes (migration 015):
 * a clinic's patients by (clinic_id, name_key, patient_id), a
 * practitioner's through their open episodes.  name_key is the name
 * folded by br_utf8_fold (core/utf8.h), written with the patient.
 */
#ifndef BR_STORE_PATIENT_QUERY_H
#define BR_STORE_PATIENT_QUERY_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "store/store.h"

struct br_patient_scope {
	int64_t clinic_id;       /* 0: every clinic */
	int64_t practitioner_id; /* 0: any; else the patients with an open
	                            episode of theirs */
};

/*
 * Up to limit patients of scope ordered by folded name, then id, after
 * the patient after (0: from the first).  text, when not NULL, keeps
 * those with a word of their name beginning with it (both folded: case
 * and Latin accents do not matter), whose reference is text, or who
 * were born on it (text a date YYYY-MM-DD).  BR_ENOTFOUND (field "after") when
 * after is not a patient of the scope.  Caller frees *out.
 */
int br_store_patient_page(struct br_store *s, const struct br_patient_scope *sc,
                          const char *text, int64_t after, int limit,
                          struct br_patient **out, size_t *n,
                          struct br_err *err);

/* Writes the folded name of every patient that has none (the migration
 * that added it; inside its transaction). */
int br_store_patient_keys_fill(struct br_store *s, struct br_err *err);

#endif
