/*
 * synth_tcm.h - the intake history, TCM findings per visit and herbal
 * prescriptions of a synthetic patient (core/synth.h), for "backrest
 * demo".
 *
 * Pure given the generator: the same seed and index give the same data.
 * It draws from its own random stream (seeded from seed, index and a
 * salt), so adding it changes nothing core/synth.c generates.  The
 * values are consistent with the patient: sciatica radiates below the
 * knee, poor sleepers report night pain, older patients more often
 * osteoarthritis; TCM findings follow one main back pattern (plus a sleep
 * pattern for poor sleepers) and settle in responders.  Strings are
 * static codes from data/intake.json, tcm.json, tcm_patterns.json and
 * herbal.json.  Demo prescriptions are synthetic records, not advice.
 */
#ifndef BR_CORE_SYNTH_TCM_H
#define BR_CORE_SYNTH_TCM_H

#include <stdbool.h>
#include <stdint.h>

#include "core/synth.h"

#define BR_SYNTH_MAX_VISITS 16

struct br_synth_location {
	const char *location;
	const char *side; /* NULL when not noted */
};

struct br_synth_medicine {
	const char *name, *dose, *kind, *purpose;
};

struct br_synth_intake {
	const char *onset_mode;
	int n_locations;
	struct br_synth_location locations[5];
	const char *radiation, *radiation_side; /* side NULL when none */
	int n_aggravating;
	const char *aggravating[6];
	int n_easing;
	const char *easing[5];
	const char *work;
	int sitting_hours;
	const char *lifting, *lifting_technique; /* technique NULL: none */
	const char *activity;
	int height_cm;
	double weight_kg;
	const char *smoking;
	int cigarettes_per_day; /* 0 unless a current smoker */
	int n_conditions;       /* 0: the patient reported none */
	const char *conditions[4];
	int n_treatments;
	const char *treatments[4];
	int n_medicines;
	struct br_synth_medicine medicines[4];
	bool position_difficulty, night_pain;
	int pain_wakes;
	const char *sleep_position, *mattress;
	int mattress_years, pillows;
	bool knee_pillow;
	const char *goals;
};

struct br_synth_visit {
	bool assessed; /* a TCM assessment was charted at this session */
	const char *tongue_colour, *tongue_moisture;
	int n_shape, n_coat, n_pulse, n_left_chi, n_right_chi;
	const char *shape[4], *coat[4], *pulse[4];
	const char *left_chi[2], *right_chi[2];
	int pulse_rate;
	int n_principles;
	const char *principles[4];
	int n_patterns;
	const char *patterns[2];
};

struct br_synth_herbal {
	int session_index; /* prescribed at this session */
	const char *pinyin, *chinese, *english, *form, *dose, *duration;
	const char *instructions;
	const char *adverse_effect; /* NULL when none was reported */
	int adverse_after_days;
	const char *end_reason; /* NULL while current */
	int end_after_days;
};

struct br_synth_tcm {
	struct br_synth_intake intake;
	char treatment_principle[200]; /* the same at every visit */
	int n_visits;                  /* the patient's sessions */
	struct br_synth_visit visits[BR_SYNTH_MAX_VISITS];
	int n_herbal;
	struct br_synth_herbal herbal[2];
};

/* Generates the data of patient number index of the set made with seed;
 * p is that patient from br_synth_patient().  0, or BR_ENOMEM. */
int br_synth_tcm(uint64_t seed, uint64_t index,
                 const struct br_synth_patient *p, struct br_synth_tcm *out);

#endif
