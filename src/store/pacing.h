/*
 * pacing.h - stored activity pacing: the quota settings of an activity
 * (the latest per activity counts) and the patient's daily logs, one per
 * activity and day.
 *
 * Same conventions as store.h.
 */
#ifndef BR_STORE_PACING_H
#define BR_STORE_PACING_H

#include "store/store.h"

#define BR_ACTIVITY_MAX 41 /* 40 bytes and the NUL */

struct br_pacing_quota {
	int64_t id;
	int64_t patient_id;
	int64_t episode_id;
	char activity[BR_ACTIVITY_MAX];
	char unit[8]; /* min, m, steps, reps */
	double baseline;
	double step_pct;
	int every_days;
	char day[11];
	char created_at[BR_TS_LEN];
};

int br_store_pacing_quota_insert(struct br_store *s,
                                 const struct br_pacing_quota *x,
                                 struct br_err *err);
/* The latest setting of each activity of an episode, by activity; caller
 * frees. */
int br_store_pacing_quota_list(struct br_store *s, int64_t patient_id,
                               int64_t episode_id, struct br_pacing_quota **out,
                               size_t *n, struct br_err *err);

/* Every setting of every activity of an episode (the history: export), by
 * activity, day, id; caller frees. */
int br_store_pacing_quota_history(struct br_store *s, int64_t patient_id,
                                  int64_t episode_id,
                                  struct br_pacing_quota **out, size_t *n,
                                  struct br_err *err);

struct br_pacing_log {
	int64_t id;
	int64_t patient_id;
	int64_t episode_id;
	char activity[BR_ACTIVITY_MAX];
	char day[11];
	double done;
	int recovered; /* 1, 0, or BR_UNSET */
	bool flare;
	char created_at[BR_TS_LEN];
};

/* Inserts, or replaces the log of the same activity and day. */
int br_store_pacing_log_put(struct br_store *s, const struct br_pacing_log *x,
                            struct br_err *err);
/* Logs of an activity from day from on, by day; caller frees. */
int br_store_pacing_log_list(struct br_store *s, int64_t patient_id,
                             int64_t episode_id, const char *activity,
                             const char *from, struct br_pacing_log **out,
                             size_t *n, struct br_err *err);

/* Every log of an episode, by activity, day; caller frees. */
int br_store_pacing_log_all(struct br_store *s, int64_t patient_id,
                            int64_t episode_id, struct br_pacing_log **out,
                            size_t *n, struct br_err *err);

#endif
