/*
 * pacing.h - the records of activity pacing: the quota settings of an activity
 * (the latest per activity counts) and the patient's daily logs, one per
 * activity and day.
 *
 * Same conventions as records.h.
 */
#ifndef BR_MODEL_PACING_H
#define BR_MODEL_PACING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "model/records.h"

#define BR_ACTIVITY_MAX 41 /* 40 bytes and the NUL */

struct br_pacing_quota {
	int64_t id;
	int64_t patient_id;
	int64_t episode_id;
	char activity[BR_ACTIVITY_MAX];
	char unit[8]; /* min, m, steps, reps */
	double baseline;
	double step_pct;
	int every_days;
	char day[11];
	char created_at[BR_TS_LEN];
};

struct br_pacing_log {
	int64_t id;
	int64_t patient_id;
	int64_t episode_id;
	char activity[BR_ACTIVITY_MAX];
	char day[11];
	double done;
	int recovered; /* 1, 0, or BR_UNSET */
	bool flare;
	char created_at[BR_TS_LEN];
};

#endif
