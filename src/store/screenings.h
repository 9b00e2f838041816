/*
 * screenings.h - stored red-flag screens of an episode: the flags found
 * (and those derived from the record), the tier and the advice shown, and
 * the clinician's clearance (who, when, why).
 *
 * Same conventions as store.h.
 *
 * The record structs are in model/screenings.h.
 */
#ifndef BR_STORE_SCREENINGS_H
#define BR_STORE_SCREENINGS_H

#include "model/screenings.h"
#include "store/store.h"

int br_store_screening_insert(struct br_store *s, const struct br_screening *x,
                              struct br_err *err);
/* Screens of an episode, oldest first (by day, then id); caller frees. */
int br_store_screening_list(struct br_store *s, int64_t patient_id,
                            int64_t episode_id, struct br_screening **out,
                            size_t *n, struct br_err *err);
/* The latest urgent or emergency screen of the episode that is not
 * cleared: 1 and *out filled, or 0 when there is none. */
int br_store_screening_blocking(struct br_store *s, int64_t patient_id,
                                int64_t episode_id, struct br_screening *out,
                                struct br_err *err);
/* Clears every urgent or emergency screen of the episode that is not yet
 * cleared; *n is how many. */
int br_store_screening_clear(struct br_store *s, int64_t patient_id,
                             int64_t episode_id, const char *at, const char *by,
                             const char *reason, int *n, struct br_err *err);
/* Sets *out when a cleared screen of the episode carried flag. */
int br_store_screening_flag_cleared(struct br_store *s, int64_t patient_id,
                                    int64_t episode_id, const char *flag,
                                    bool *out, struct br_err *err);

#endif
