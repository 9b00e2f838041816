/*
 * exercises.h - the records of home exercises: prescriptions (an exercise level
 * with reps, days between sessions and the usual morning pain it is
 * judged against) and the patient's logged sessions, one per exercise and
 * day.
 *
 * Same conventions as records.h.
 */
#ifndef BR_MODEL_EXERCISES_H
#define BR_MODEL_EXERCISES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "model/records.h"

#define BR_EXERCISE_ID_MAX 32

struct br_exercise_rx {
	int64_t id;
	int64_t patient_id;
	int64_t episode_id;
	char exercise[BR_EXERCISE_ID_MAX];
	int reps;
	int every_days;
	char day[11];
	bool active;
	int usual_morning; /* 0-10, or BR_UNSET */
	char created_at[BR_TS_LEN];
};

struct br_exercise_log {
	int64_t id;
	int64_t patient_id;
	int64_t episode_id;
	char exercise[BR_EXERCISE_ID_MAX];
	char day[11];
	int reps;
	int pain_during;
	int next_morning; /* BR_UNSET when not logged */
	bool rom_loss;
	bool reinjury;
	char created_at[BR_TS_LEN];
};

#endif
