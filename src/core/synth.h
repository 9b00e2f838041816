/*
 * synth.h - the synthetic-patient model behind "backrest demo"
 * (docs/internals/STATISTICS.md): one patient's demographics, episode, diary
 * and sessions from a seeded random stream, with the planted truth kept beside
 * them.
 *
 * Pure given the generator: the same seed and index give the same patient.
 * Uses GSL's random number generators and distributions.  The caller owns
 * struct br_synth_patient and releases its arrays with
 * br_synth_patient_release().
 */
#ifndef BR_CORE_SYNTH_H
#define BR_CORE_SYNTH_H

#include <stdbool.h>
#include <stdint.h>

#include "core/sleep.h"

#define BR_SYNTH_MAX_POINTS 14

enum br_synth_arm { BR_ARM_ACUPUNCTURE, BR_ARM_MASSAGE, BR_ARM_USUAL_CARE };

struct br_synth_day {
	bool morning;          /* the night half was reported */
	bool evening;          /* the pain half was reported */
	struct br_night night; /* clock times, SOL, WASO, quality */
	int pain;
	int pain_worst;
	int activity_min;
};

struct br_synth_point {
	char id[10];
	const char *side; /* "both" or "midline" */
};

struct br_synth_session {
	int day_index; /* 0 = first diary day */
	bool electro;
	bool cupping;
	bool massage;
	bool acupuncture;
	const char *massage_type;
	int n_points;
	struct br_synth_point points[BR_SYNTH_MAX_POINTS];
	int needles;
	int retention_min;
	bool deqi;
	int pain_before;
	int pain_after;
	bool bruising, soreness, fatigue;
};

struct br_synth_patient {
	/* who */
	char name[64];
	char ref[24];
	const char *sex;
	int age_years;
	/* episode, in day offsets from the first diary day (negative before) */
	int onset_offset;
	bool sciatica;
	/* the planted truth */
	enum br_synth_arm arm;
	bool responder;
	bool poor_sleeper;
	double baseline_pain;
	double pain_sd;
	double pain_phi;
	double sleep_pain_raw;  /* pain points per sleep-quality point */
	double pain_sleep_raw;  /* quality points per pain point */
	double sleep_pain_beta; /* per 1 SD of observed quality */
	double pain_sleep_beta; /* per 1 SD of observed pain */
	int course_start;       /* day index of the first planned session */
	/* records */
	int n_days;
	struct br_synth_day *days; /* n_days entries */
	int n_sessions;
	struct br_synth_session *sessions;
};

/* Generates patient number index of the data set made with seed over
 * n_days days.  Returns 0, or BR_ENOMEM. */
int br_synth_patient(uint64_t seed, uint64_t index, int n_days,
                     struct br_synth_patient *out);
void br_synth_patient_release(struct br_synth_patient *p);

const char *br_synth_arm_name(enum br_synth_arm arm);

#endif
