/*
 * visits.h - appointments (visits), the next-day check-in after a
 * session, calendar feeds, and the plan's courses as visits read them
 * (migration 008; plan_items from 001).
 *
 * A visit's time is local wall-clock time held as starts_at = day number
 * * 1440 + minutes after midnight (core/visits.h).  practitioner_id 0 is
 * the local operator (no account).  Unset values: "" for text, 0 for ids.
 *
 * Memory: records are filled into caller storage and own no heap memory;
 * list functions return an array the caller frees with free().
 */
#ifndef BR_MODEL_VISITS_H
#define BR_MODEL_VISITS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "model/records.h"

#define BR_ADDRESS_MAX   401 /* a home visit's address and its NUL */
#define BR_CHECKIN_NOTE  1001
#define BR_CHECKIN_RULES 8
#define BR_CHECKIN_CODE  32

struct br_visit {
	int64_t id;
	int64_t patient_id;
	int64_t episode_id;
	int64_t practitioner_id; /* 0 = the local operator */
	int64_t starts_at;       /* local minutes since 1970-01-01 */
	int minutes;
	char place[8]; /* clinic, home */
	char address[BR_ADDRESS_MAX];
	char status[12];    /* booked, attended, missed, cancelled */
	int64_t session_id; /* 0 when none */
	char created_at[BR_TS_LEN];
	char updated_at[BR_TS_LEN];
	char patient_name[BR_NAME_MAX]; /* read from patients; not written */
};

/* Check-ins ---------------------------------------------------------- */

struct br_checkin {
	int64_t patient_id;
	int64_t session_id;
	int64_t episode_id;   /* read from sessions */
	char session_day[11]; /* read from sessions */
	char day[11];
	int soreness;
	char energy[8]; /* worse, same, better */
	char mood[8];
	char unusual[BR_CHECKIN_NOTE];
	bool adverse;
	int n_rules;
	char rules[BR_CHECKIN_RULES][BR_CHECKIN_CODE];
	char created_at[BR_TS_LEN];
};

#endif
