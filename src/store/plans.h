/*
 * plans.h - stored care plans: the courses and other items of an
 * episode's plan (plan_items), the bedtime routine the plan carries
 * (plan_routine_steps) and the routine steps a patient ticks on a diary
 * day (diary_routine_ticks).
 *
 * Same conventions as store.h: records in caller storage, lists as arrays
 * the caller frees with free(), writes inside br_store_begin/commit.
 *
 * The record structs are in model/plans.h.
 */
#ifndef BR_STORE_PLANS_H
#define BR_STORE_PLANS_H

#include "model/plans.h"
#include "store/store.h"

int br_store_plan_item_insert(struct br_store *s, const struct br_plan_item *x,
                              struct br_err *err);
/* Items of an episode by day, then id; caller frees *out. */
int br_store_plan_item_list(struct br_store *s, int64_t patient_id,
                            int64_t episode_id, struct br_plan_item **out,
                            size_t *n, struct br_err *err);
/* Ends an item: status stopped or done, on day. */
int br_store_plan_item_end(struct br_store *s, int64_t patient_id,
                           int64_t item_id, const char *status, const char *day,
                           struct br_err *err);

/* Replaces the episode's routine with r (r->n 0: none). */
int br_store_routine_set(struct br_store *s, int64_t patient_id,
                         int64_t episode_id, const struct br_routine *r,
                         struct br_err *err);
int br_store_routine_get(struct br_store *s, int64_t patient_id,
                         int64_t episode_id, struct br_routine *out,
                         struct br_err *err);

/* Replaces the steps ticked on a diary day. */
int br_store_routine_ticks_set(struct br_store *s, int64_t patient_id,
                               const char *day, const struct br_routine *r,
                               struct br_err *err);
int br_store_routine_ticks_get(struct br_store *s, int64_t patient_id,
                               const char *day, struct br_routine *out,
                               struct br_err *err);
/* The ticks of every day in [from, to] ("" for open ends) with any, in
 * date order: fn(ctx, day, ticks) once per such day, ticks as
 * br_store_routine_ticks_get gives them (borrowed for the call); a
 * negative return from fn stops the scan and is returned. */
int br_store_routine_ticks_scan(struct br_store *s, int64_t patient_id,
                                const char *from, const char *to,
                                int (*fn)(void *ctx, const char *day,
                                          const struct br_routine *r),
                                void *ctx, struct br_err *err);

/* The ticks of a patient's diary days from..to ("" for open ends), by day
 * then step; caller frees *out. */
int br_store_routine_ticks_list(struct br_store *s, int64_t patient_id,
                                const char *from, const char *to,
                                struct br_routine_tick **out, size_t *n,
                                struct br_err *err);

#endif
