/*
 * tcm.h - traditional Chinese medicine findings of one visit: tongue,
 * pulse, the eight principles, pattern differentiation and the treatment
 * principle (migration 003).
 *
 * An assessment belongs to one session (at most one per session), so it
 * stays optional on every visit and is dated by its session.  Unset
 * values: "" for text and codes, BR_UNSET for whole numbers, 0 for ids.
 *
 * Memory: records are filled into caller storage and own no heap memory;
 * list functions return an array the caller frees with free().
 */
#ifndef BR_MODEL_TCM_H
#define BR_MODEL_TCM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "model/intake.h"
#include "model/records.h"

#define BR_TCM_MAX_LIST     12
#define BR_TCM_MAX_PATTERNS 6

/* Pulse positions: overall and cun, guan, chi on each wrist. */
enum br_pulse_pos {
	BR_PULSE_OVERALL,
	BR_PULSE_LEFT_CUN,
	BR_PULSE_LEFT_GUAN,
	BR_PULSE_LEFT_CHI,
	BR_PULSE_RIGHT_CUN,
	BR_PULSE_RIGHT_GUAN,
	BR_PULSE_RIGHT_CHI,
	BR_PULSE_NPOS
};

/* "overall", "left-cun", ... "right-chi" (indexed by enum br_pulse_pos,
 * NULL-terminated). */
extern const char *const br_pulse_positions[];
/* The eight principles in their canonical order (NULL-terminated). */
extern const char *const br_tcm_principles[];
/* Tongue moisture (NULL-terminated). */
extern const char *const br_tcm_moistures[];

struct br_tcm {
	int64_t id;
	int64_t patient_id;
	int64_t episode_id;
	int64_t session_id;
	int64_t practitioner_id; /* 0 when none */
	int64_t prefilled_from;  /* the assessment carried forward, or 0 */
	char day[11];            /* the session's date */
	/* tongue */
	char tongue_colour[BR_CODE_LEN];
	int n_shape;
	char shape[BR_TCM_MAX_LIST][BR_CODE_LEN];
	int n_coat;
	char coat[BR_TCM_MAX_LIST][BR_CODE_LEN];
	char tongue_moisture[8];
	char tongue_note[BR_SHORT_NOTE];
	/* pulse */
	int pulse_rate; /* beats per minute or BR_UNSET */
	int n_pulse[BR_PULSE_NPOS];
	char pulse[BR_PULSE_NPOS][BR_TCM_MAX_LIST][BR_CODE_LEN];
	char pulse_note[BR_SHORT_NOTE];
	/* differentiation */
	int n_principles;
	char principles[8][12];
	int n_patterns;
	char patterns[BR_TCM_MAX_PATTERNS][BR_CODE_LEN * 2]; /* rank order */
	char pattern_note[BR_NOTE_MAX];
	char treatment_principle[BR_SHORT_NOTE];
	char created_at[BR_TS_LEN];
};

void br_tcm_init(struct br_tcm *x);

#endif
