/*
 * pacing.h - stored activity pacing: the quota settings of an activity
 * (the latest per activity counts) and the patient's daily logs, one per
 * activity and day.
 *
 * Same conventions as store.h.
 *
 * The record structs are in model/pacing.h.
 */
#ifndef BR_STORE_PACING_H
#define BR_STORE_PACING_H

#include "model/pacing.h"
#include "store/store.h"

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
