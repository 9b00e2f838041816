/*
 * plans.h - stored care plans: the courses and other items of an
 * episode's plan (plan_items), the bedtime routine the plan carries
 * (plan_routine_steps) and the routine steps a patient ticks on a diary
 * day (diary_routine_ticks).
 *
 * Same conventions as store.h: records in caller storage, lists as arrays
 * the caller frees with free(), writes inside br_store_begin/commit.
 */
#ifndef BR_STORE_PLANS_H
#define BR_STORE_PLANS_H

#include "store/store.h"

#define BR_PLAN_TREATMENT_MAX 32
#define BR_ROUTINE_MAX        16 /* steps in a routine */
#define BR_ROUTINE_STEP_MAX   32

struct br_plan_item {
	int64_t id;
	int64_t patient_id;
	int64_t episode_id;
	char treatment[BR_PLAN_TREATMENT_MAX];
	int sessions;    /* BR_UNSET when not set */
	double per_week; /* < 0 when not set */
	int trial;       /* BR_UNSET when not set */
	char note[BR_NOTE_MAX];
	char status[8]; /* active, stopped, done */
	char day[11];   /* the day it was planned */
	char ended_on[11];
	char defaulted[40]; /* fields taken from defaults, comma-separated */
	char created_at[BR_TS_LEN];
};

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

/* A set of routine steps. */
struct br_routine {
	int n;
	char steps[BR_ROUTINE_MAX][BR_ROUTINE_STEP_MAX];
	char day[11]; /* when the plan's routine was set ("" for ticks) */
};

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

/* One routine step ticked on a diary day. */
struct br_routine_tick {
	char day[11];
	char step[BR_ROUTINE_STEP_MAX];
};
/* The ticks of a patient's diary days from..to ("" for open ends), by day
 * then step; caller frees *out. */
int br_store_routine_ticks_list(struct br_store *s, int64_t patient_id,
                                const char *from, const char *to,
                                struct br_routine_tick **out, size_t *n,
                                struct br_err *err);

#endif
