/*
 * records.h - the care record's core records: clinics, patients,
 * episodes, diary days and treatment sessions.
 *
 * Records are plain structs with fixed-size strings, so they own no heap
 * memory; src/store reads and writes them, src/model checks them.
 */
#ifndef BR_MODEL_RECORDS_H
#define BR_MODEL_RECORDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/sleep.h"

#define BR_NAME_MAX   121  /* names: 120 bytes and the NUL */
#define BR_REF_MAX    65   /* external ids */
#define BR_NOTE_MAX   2001 /* free-text notes */
#define BR_TS_LEN     21   /* "YYYY-MM-DDTHH:MM:SSZ" */
#define BR_MAX_POINTS 40
#define BR_MAX_LIST   16 /* modalities, regions, adverse events */

/* Clinics ---------------------------------------------------------------- */

struct br_clinic {
	int64_t id;
	char name[BR_NAME_MAX];
};

/* Patients --------------------------------------------------------------- */

struct br_patient {
	int64_t id;
	int64_t clinic_id;
	char name[BR_NAME_MAX];
	char born[11]; /* "" when unknown */
	char sex[8];   /* female, male, other, unknown */
	char ref[BR_REF_MAX];
	char created_at[BR_TS_LEN];
};

/* Episodes --------------------------------------------------------------- */

struct br_episode {
	int64_t id;
	int64_t patient_id;
	int64_t practitioner_id; /* 0 when none */
	char region[16];
	char onset[11];
	bool sciatica;
	char icd10[16];
	char status[8]; /* open, closed */
	char opened_on[11];
	char closed_on[11];
	char risk_group[8]; /* "" until a STarT Back measure sets it */
	char created_at[BR_TS_LEN];
};

/* Diary ------------------------------------------------------------------ */

struct br_diary_day {
	int64_t patient_id;
	char day[11];
	struct br_night night; /* BR_UNSET where not reported */
	int pain;              /* 0-10 or BR_UNSET */
	int pain_worst;
	int activity_min;
	char note[BR_NOTE_MAX];
	char updated_at[BR_TS_LEN];
};

void br_diary_day_init(struct br_diary_day *d);

/* Sessions --------------------------------------------------------------- */

struct br_session_point {
	char point[12]; /* WHO standard id, e.g. "BL23", or "ashi" */
	char side[8];   /* both, left, right, midline */
};

struct br_session {
	int64_t id;
	int64_t patient_id;
	int64_t episode_id;
	int64_t practitioner_id; /* 0 when none */
	char day[11];
	int n_modalities;
	char modalities[BR_MAX_LIST][20];
	int n_points;
	struct br_session_point points[BR_MAX_POINTS];
	int n_regions;
	char regions[BR_MAX_LIST][24];
	int n_adverse;
	char adverse[BR_MAX_LIST][24];
	char position[8]; /* "" when not recorded */
	int needles;      /* BR_UNSET when not recorded */
	int retention_min;
	int depth_mm;
	int deqi; /* 0/1 or BR_UNSET */
	char stimulation[12];
	char needle_size[24];
	char ea_hz[16];
	char ea_waveform[16];
	int ea_minutes;
	double ea_ma; /* < 0 when not recorded */
	char cupping[12];
	char moxa[12];
	char massage[16];
	int pain_before;
	int pain_after;
	char note[BR_NOTE_MAX];
	char created_at[BR_TS_LEN];
};

void br_session_init(struct br_session *x);

#endif
