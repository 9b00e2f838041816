/*
 * measures.h - stored questionnaire scores: the measure, its item answers
 * (response codes; skipped items NULL) and its subscores, and the risk
 * group a STarT Back measure sets on its episode.
 *
 * Same conventions as store.h: records in caller storage, lists as arrays
 * the caller frees with free(), writes inside br_store_begin/commit.
 *
 * The record structs are in model/measures.h.
 */
#ifndef BR_STORE_MEASURES_H
#define BR_STORE_MEASURES_H

#include "model/measures.h"
#include "store/store.h"

int br_store_measure_insert(struct br_store *s, const struct br_measure *m,
                            struct br_err *err);
/* Measures of an episode (of one instrument when instrument is not NULL),
 * by day then id; caller frees *out. */
int br_store_measure_list(struct br_store *s, int64_t patient_id,
                          int64_t episode_id, const char *instrument,
                          struct br_measure **out, size_t *n,
                          struct br_err *err);
/* The latest measure of instrument in the episode (by day, then id), or
 * BR_ENOTFOUND. */
int br_store_measure_latest(struct br_store *s, int64_t patient_id,
                            int64_t episode_id, const char *instrument,
                            struct br_measure *out, struct br_err *err);
/* Sets (or with "" clears) the episode's STarT Back risk group. */
int br_store_episode_set_risk_group(struct br_store *s, int64_t patient_id,
                                    int64_t episode_id, const char *group,
                                    struct br_err *err);

#endif
