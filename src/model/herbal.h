/*
 * herbal.h - herbal formulas and topicals as prescribed, and the adverse
 * effects the patient reported (migration 003).
 *
 * backrest records what the practitioner wrote (names, form, dose,
 * duration, instructions, pharmacy); it never suggests a formula or a
 * dose.  Unset values: "" for text, 0 for ids.
 *
 * Memory: records are filled into caller storage and own no heap memory;
 * list functions return an array the caller frees with free().
 */
#ifndef BR_MODEL_HERBAL_H
#define BR_MODEL_HERBAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "model/intake.h"
#include "model/records.h"

struct br_herbal {
	int64_t id;
	int64_t patient_id;
	int64_t episode_id;
	int64_t session_id;      /* 0 when not given at a session */
	int64_t practitioner_id; /* 0 when none */
	char day[11];            /* prescribed on */
	char pinyin[BR_NAME_MAX];
	char chinese[BR_NAME_MAX];
	char english[BR_NAME_MAX];
	char form[12];
	char dose[BR_SHORT_NOTE];   /* as written */
	char duration[BR_NAME_MAX]; /* as written */
	char instructions[BR_NOTE_MAX];
	char modifications[BR_SHORT_NOTE];
	char pharmacy[BR_NAME_MAX];
	char ended_on[11]; /* "" while current */
	char end_reason[16];
	char created_at[BR_TS_LEN];
};

struct br_herbal_adverse {
	int64_t id;
	int64_t patient_id;
	int64_t prescription_id;
	char day[11];
	char effect[BR_CODE_LEN];
	char severity[12]; /* mild, moderate, severe, or "" */
	char note[BR_SHORT_NOTE];
	char created_at[BR_TS_LEN];
};

/* Forms a prescription is written in, reasons it ends, severities of an
 * adverse effect (NULL-terminated). */
extern const char *const br_herbal_forms[];
extern const char *const br_herbal_topical_forms[];
extern const char *const br_herbal_end_reasons[];
extern const char *const br_herbal_severities[];

/* "internal" or "topical" for a form. */
const char *br_herbal_route(const char *form);

#endif
