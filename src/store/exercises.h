/*
 * exercises.h - stored home exercises: prescriptions (an exercise level
 * with reps, days between sessions and the usual morning pain it is
 * judged against) and the patient's logged sessions, one per exercise and
 * day.
 *
 * Same conventions as store.h.
 *
 * The record structs are in model/exercises.h.
 */
#ifndef BR_STORE_EXERCISES_H
#define BR_STORE_EXERCISES_H

#include "model/exercises.h"
#include "store/store.h"

int br_store_exercise_rx_insert(struct br_store *s,
                                const struct br_exercise_rx *x,
                                struct br_err *err);
/* Active prescriptions of an episode by day, then id; caller frees. */
int br_store_exercise_rx_list(struct br_store *s, int64_t patient_id,
                              int64_t episode_id, struct br_exercise_rx **out,
                              size_t *n, struct br_err *err);
/* Every prescription of an episode, active or replaced, by day, then id
 * (the progression history; export); caller frees. */
int br_store_exercise_rx_history(struct br_store *s, int64_t patient_id,
                                 int64_t episode_id,
                                 struct br_exercise_rx **out, size_t *n,
                                 struct br_err *err);
int br_store_exercise_rx_deactivate(struct br_store *s, int64_t patient_id,
                                    int64_t rx_id, struct br_err *err);

/* The log of exercise on day, or BR_ENOTFOUND. */
int br_store_exercise_log_get(struct br_store *s, int64_t patient_id,
                              int64_t episode_id, const char *exercise,
                              const char *day, struct br_exercise_log *out,
                              struct br_err *err);
/* Inserts, or replaces the log of the same exercise and day. */
int br_store_exercise_log_put(struct br_store *s,
                              const struct br_exercise_log *x,
                              struct br_err *err);
/* Logs of an episode (of one exercise when not NULL) by day; caller
 * frees. */
int br_store_exercise_log_list(struct br_store *s, int64_t patient_id,
                               int64_t episode_id, const char *exercise,
                               struct br_exercise_log **out, size_t *n,
                               struct br_err *err);

#endif
