/*
 * herbal.h - herbal formulas and topicals as prescribed, and the adverse
 * effects the patient reported (migration 003).
 *
 * backrest records what the practitioner wrote (names, form, dose,
 * duration, instructions, pharmacy); it never suggests a formula or a
 * dose.  Unset values: "" for text, 0 for ids.
 *
 * Memory: records are filled into caller storage and own no heap memory;
 * list functions return an array the caller frees with free().
 *
 * The record structs are in model/herbal.h.
 */
#ifndef BR_STORE_HERBAL_H
#define BR_STORE_HERBAL_H

#include "model/herbal.h"
#include "store/intake.h"
#include "store/store.h"

int br_store_herbal_insert(struct br_store *s, const struct br_herbal *x,
                           struct br_err *err);
/* Writes x over the stored prescription of its id (a correction). */
int br_store_herbal_update(struct br_store *s, const struct br_herbal *x,
                           struct br_err *err);
/* By id alone; BR_ENOTFOUND names field. */
int br_store_herbal_get(struct br_store *s, int64_t id, const char *field,
                        struct br_herbal *out, struct br_err *err);
/* An episode's prescriptions by date; caller frees *out. */
int br_store_herbal_list(struct br_store *s, int64_t patient_id,
                         int64_t episode_id, struct br_herbal **out, size_t *n,
                         struct br_err *err);
/* Records the end of a prescription. */
int br_store_herbal_end(struct br_store *s, int64_t patient_id, int64_t id,
                        const char *ended_on, const char *reason,
                        struct br_err *err);

int br_store_herbal_adverse_insert(struct br_store *s,
                                   const struct br_herbal_adverse *a,
                                   struct br_err *err);
/* Adverse effects reported for an episode's prescriptions, by date;
 * caller frees *out. */
int br_store_herbal_adverse_list(struct br_store *s, int64_t patient_id,
                                 int64_t episode_id,
                                 struct br_herbal_adverse **out, size_t *n,
                                 struct br_err *err);

#endif
