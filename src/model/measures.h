/*
 * measures.h - the records of questionnaire scores: the measure, its item
 * answers (response codes; skipped items NULL) and its subscores, and the risk
 * group a STarT Back measure sets on its episode.
 *
 * Same conventions as records.h: plain structs that own no heap memory.
 */
#ifndef BR_MODEL_MEASURES_H
#define BR_MODEL_MEASURES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "model/records.h"

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
	char source[16]; /* "practitioner" (also for "") or "patient" */
};

#endif
