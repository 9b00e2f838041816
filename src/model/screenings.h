/*
 * screenings.h - the records of red-flag screens of an episode: the flags found
 * (and those derived from the record), the tier and the advice shown, and
 * the clinician's clearance (who, when, why).
 *
 * Same conventions as records.h.
 */
#ifndef BR_MODEL_SCREENINGS_H
#define BR_MODEL_SCREENINGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "model/records.h"

#define BR_SCREENING_MAX_FLAGS 40
#define BR_SCREENING_ACTION    640
#define BR_ACTOR_MAX           121

struct br_screening {
	int64_t id;
	int64_t patient_id;
	int64_t episode_id;
	int64_t session_id; /* the visit it was taken at, or 0 */
	char day[11];
	char tier[12]; /* none, urgent, emergency */
	char screened_by[BR_ACTOR_MAX];
	char action[BR_SCREENING_ACTION];
	char cleared_at[BR_TS_LEN]; /* "" while not cleared */
	char cleared_by[BR_ACTOR_MAX];
	char clear_reason[BR_NOTE_MAX];
	int n_flags;
	char flags[BR_SCREENING_MAX_FLAGS][32];
	char created_at[BR_TS_LEN];
};

#endif
