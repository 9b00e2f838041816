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
 */
#ifndef BR_MODEL_INTAKE_H
#define BR_MODEL_INTAKE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "model/records.h"

#define BR_CODE_LEN        32  /* a vocabulary code and its NUL */
#define BR_SHORT_NOTE      501 /* short free-text notes */
#define BR_INTAKE_MAX_LIST 16
#define BR_INTAKE_MAX_MEDS 16

enum br_intake_list {
	BR_INTAKE_LOCATIONS,
	BR_INTAKE_AGGRAVATING,
	BR_INTAKE_EASING,
	BR_INTAKE_CONDITIONS,
	BR_INTAKE_TREATMENTS,
	BR_INTAKE_MEDICINES,
	BR_INTAKE_NLISTS
};

struct br_intake_location {
	char location[BR_CODE_LEN];
	char side[8]; /* left, right, both, central, or "" */
};

struct br_intake_medicine {
	char name[BR_NAME_MAX];
	char dose[BR_NAME_MAX]; /* as the patient reports it */
	char kind[16];          /* prescription, otc, herbal, supplement */
	char purpose[8];        /* pain, sleep, other */
};

struct br_intake {
	int64_t patient_id;
	int64_t episode_id;
	int64_t practitioner_id; /* 0 when none */
	char recorded_on[11];
	/* onset and pain */
	char onset_mode[16];
	char onset_note[BR_SHORT_NOTE];
	int n_locations;
	struct br_intake_location locations[BR_INTAKE_MAX_LIST];
	char radiation[16];
	char radiation_side[8];
	int n_aggravating;
	char aggravating[BR_INTAKE_MAX_LIST][BR_CODE_LEN];
	int n_easing;
	char easing[BR_INTAKE_MAX_LIST][BR_CODE_LEN];
	/* physical and lifestyle factors */
	char work[16];
	int sitting_hours;
	char lifting[8];
	char lifting_technique[8];
	char activity[12];
	int height_cm;
	double weight_kg; /* < 0 when not recorded */
	char smoking[8];
	int cigarettes_per_day;
	char lifestyle_note[BR_SHORT_NOTE];
	/* known conditions, current treatments and medicines */
	int n_conditions;
	char conditions[BR_INTAKE_MAX_LIST][BR_CODE_LEN];
	char conditions_note[BR_SHORT_NOTE];
	int n_treatments;
	char treatments[BR_INTAKE_MAX_LIST][BR_CODE_LEN];
	char treatments_note[BR_SHORT_NOTE];
	int n_medicines;
	struct br_intake_medicine medicines[BR_INTAKE_MAX_MEDS];
	/* sleep history */
	int position_difficulty; /* 0/1 or BR_UNSET */
	int night_pain;
	int pain_wakes; /* usual awakenings from pain per night */
	char sleep_position[8];
	char mattress[8];
	int mattress_years;
	int pillows;
	int knee_pillow;
	char sleep_note[BR_SHORT_NOTE];
	/* in the patient's own words */
	char goals[BR_NOTE_MAX];
	bool recorded[BR_INTAKE_NLISTS];
	char created_at[BR_TS_LEN];
	char updated_at[BR_TS_LEN];
};

void br_intake_init(struct br_intake *x);

#endif
