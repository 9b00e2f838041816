/*
 * measures.h - stored questionnaire scores: the measure, its item answers
 * (response codes; skipped items NULL) and its subscores, and the risk
 * group a STarT Back measure sets on its episode.
 *
 * Same conventions as store.h: records in caller storage, lists as arrays
 * the caller frees with free(), writes inside br_store_begin/commit.
 */
#ifndef BR_STORE_MEASURES_H
#define BR_STORE_MEASURES_H

#include "store/store.h"

#define BR_MEASURE_MAX_ITEMS     64
#define BR_MEASURE_MAX_SUBSCORES 4
#define BR_MEASURE_NOTES_MAX     1400 /* notes joined by '\n' */

struct br_measure {
	int64_t id;
	int64_t patient_id;
	int64_t episode_id;
	char instrument[24];
	char day[11];
	bool has_score;
	double score;
	char band[24]; /* "" when none */
	int answered;
	bool complete;
	char version[81];
	char recall[81];
	char notes[BR_MEASURE_NOTES_MAX];
	int n_items;
	int codes[BR_MEASURE_MAX_ITEMS]; /* BR_UNSET (-1): skipped */
	int n_subscores;
	char subscore_ids[BR_MEASURE_MAX_SUBSCORES][24];
	bool sub_has[BR_MEASURE_MAX_SUBSCORES];
	double subscores[BR_MEASURE_MAX_SUBSCORES];
	char created_at[BR_TS_LEN];
};

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
