/*
 * screenings.h - stored red-flag screens of an episode: the flags found
 * (and those derived from the record), the tier and the advice shown, and
 * the clinician's clearance (who, when, why).
 *
 * Same conventions as store.h.
 */
#ifndef BR_STORE_SCREENINGS_H
#define BR_STORE_SCREENINGS_H

#include "store/store.h"

#define BR_SCREENING_MAX_FLAGS 40
#define BR_SCREENING_ACTION    640
#define BR_ACTOR_MAX           121

struct br_screening {
	int64_t id;
	int64_t patient_id;
	int64_t episode_id;
	int64_t session_id; /* the visit it was taken at, or 0 */
	char day[11];
	char tier[12]; /* none, urgent, emergency */
	char screened_by[BR_ACTOR_MAX];
	char action[BR_SCREENING_ACTION];
	char cleared_at[BR_TS_LEN]; /* "" while not cleared */
	char cleared_by[BR_ACTOR_MAX];
	char clear_reason[BR_NOTE_MAX];
	int n_flags;
	char flags[BR_SCREENING_MAX_FLAGS][32];
	char created_at[BR_TS_LEN];
};

int br_store_screening_insert(struct br_store *s, const struct br_screening *x,
                              struct br_err *err);
/* Screens of an episode, oldest first (by day, then id); caller frees. */
int br_store_screening_list(struct br_store *s, int64_t patient_id,
                            int64_t episode_id, struct br_screening **out,
                            size_t *n, struct br_err *err);
/* The latest urgent or emergency screen of the episode that is not
 * cleared: 1 and *out filled, or 0 when there is none. */
int br_store_screening_blocking(struct br_store *s, int64_t patient_id,
                                int64_t episode_id, struct br_screening *out,
                                struct br_err *err);
/* Clears every urgent or emergency screen of the episode that is not yet
 * cleared; *n is how many. */
int br_store_screening_clear(struct br_store *s, int64_t patient_id,
                             int64_t episode_id, const char *at, const char *by,
                             const char *reason, int *n, struct br_err *err);
/* Sets *out when a cleared screen of the episode carried flag. */
int br_store_screening_flag_cleared(struct br_store *s, int64_t patient_id,
                                    int64_t episode_id, const char *flag,
                                    bool *out, struct br_err *err);

#endif
