/*
 * plans.h - the records of care plans: the courses and other items of an
 * episode's plan (plan_items), the bedtime routine the plan carries
 * (plan_routine_steps) and the routine steps a patient ticks on a diary
 * day (diary_routine_ticks).
 *
 * Same conventions as records.h: plain structs that own no heap memory.
 */
#ifndef BR_MODEL_PLANS_H
#define BR_MODEL_PLANS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "model/records.h"

#define BR_PLAN_TREATMENT_MAX 32
#define BR_ROUTINE_MAX        16 /* steps in a routine */
#define BR_ROUTINE_STEP_MAX   32

struct br_plan_item {
	int64_t id;
	int64_t patient_id;
	int64_t episode_id;
	char treatment[BR_PLAN_TREATMENT_MAX];
	int sessions;    /* BR_UNSET when not set */
	double per_week; /* < 0 when not set */
	int trial;       /* BR_UNSET when not set */
	char note[BR_NOTE_MAX];
	char status[8]; /* active, stopped, done */
	char day[11];   /* the day it was planned */
	char ended_on[11];
	char defaulted[40]; /* fields taken from defaults, comma-separated */
	char created_at[BR_TS_LEN];
};

/* A set of routine steps. */
struct br_routine {
	int n;
	char steps[BR_ROUTINE_MAX][BR_ROUTINE_STEP_MAX];
	char day[11]; /* when the plan's routine was set ("" for ticks) */
};

/* One routine step ticked on a diary day. */
struct br_routine_tick {
	char day[11];
	char step[BR_ROUTINE_STEP_MAX];
};

#endif
