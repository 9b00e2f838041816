/*
 * intake.h - the intake history of an episode: onset, pain locations and
 * radiation, aggravating and easing factors, physical and lifestyle
 * factors, known conditions, current treatments and medicines, sleep
 * history and the patient's goals (migration 003).
 *
 * One record per episode, kept as typed columns and child tables.  Unset
 * values: "" for text and codes, BR_UNSET for whole numbers and yes/no
 * (0/1), a negative weight.  A list counts only when recorded[] says it
 * was asked; recorded with no items means "none".
 *
 * Memory: records are filled into caller storage and own no heap memory
 * (the struct is large: allocate it rather than keep it on the stack).
 *
 * The record structs are in model/intake.h.
 */
#ifndef BR_STORE_INTAKE_H
#define BR_STORE_INTAKE_H

#include "model/intake.h"
#include "store/store.h"

/* The intake of an episode, or BR_ENOTFOUND. */
int br_store_intake_get(struct br_store *s, int64_t patient_id,
                        int64_t episode_id, struct br_intake *out,
                        struct br_err *err);
/* Inserts the intake or replaces the stored one with all its lists. */
int br_store_intake_put(struct br_store *s, const struct br_intake *x,
                        struct br_err *err);

#endif
