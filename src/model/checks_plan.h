/*
 * checks_plan.h - the rules of the care plan's items, the home exercise
 * program's assignments and logs, and the pacing quotas and logs, written
 * once: their field tables (the input fields of the use cases that write
 * them, with types, ranges and vocabularies) and the check of a filled
 * record (ranges read from the same tables, the treatment and exercise
 * vocabularies of the embedded libraries, and the cross-field rules),
 * with one sentence naming the field by its input key.  The use cases
 * (app/plan.c, exercise.c, pacing.c) check their input against the table
 * and the record with the check; an importer that builds one of these
 * records runs the same check.
 *
 * Everything here is static data or a pure function over the record and
 * the embedded reference data (model/library.h); nothing allocates.
 */
#ifndef BR_MODEL_CHECKS_PLAN_H
#define BR_MODEL_CHECKS_PLAN_H

#include "core/err.h"
#include "model/exercises.h"
#include "model/field.h"
#include "model/pacing.h"
#include "model/plans.h"

/* The input fields of plan add, exercise assign, exercise log, pace set
 * and pace log. */
extern const struct br_fields br_plan_item_fields;
extern const struct br_fields br_exercise_assign_fields;
extern const struct br_fields br_exercise_log_fields;
extern const struct br_fields br_pace_set_fields;
extern const struct br_fields br_pace_log_fields;

/* What a pacing baseline counts; a pacing log's recovered answer ("no",
 * "yes": the index is the stored 0 or 1).  NULL-terminated. */
extern const char *const br_pace_units[];
extern const char *const br_pace_recovered[];

/* A pacing quota's step and interval when not given. */
#define BR_PACE_STEP_PCT_DEFAULT 10
#define BR_PACE_EVERY_DEFAULT    7

/* Every field "not given": zero, BR_UNSET, a negative number where the
 * struct says so. */
void br_plan_item_init(struct br_plan_item *it);
void br_exercise_rx_init(struct br_exercise_rx *x);
void br_exercise_log_init(struct br_exercise_log *l);
void br_pacing_quota_init(struct br_pacing_quota *q);
void br_pacing_log_init(struct br_pacing_log *l);

/*
 * A course's sessions, visits a week and trial checkpoint not given take
 * the evidence table's default for the treatment, when it has one (the
 * trial no later than the last session), and it->defaulted names them
 * ("sessions,per_week,trial").  An unknown treatment is left alone (the
 * check refuses it).
 */
void br_rec_plan_item_defaults(struct br_plan_item *it);
/* The treatment is in the evidence table; sessions, per_week and trial in
 * range (per_week above 0); the trial checkpoint not after the last
 * session; the status active, stopped or done. */
int br_rec_plan_item_check(const struct br_plan_item *it, struct br_err *err);

/* Reps and days between sessions not given take the library level's. */
void br_rec_exercise_rx_defaults(struct br_exercise_rx *x);
/* The exercise is a level of the library; reps, every and usual_morning
 * in range. */
int br_rec_exercise_rx_check(const struct br_exercise_rx *x,
                             struct br_err *err);

/* The exercise is a level of the library, the date a date, reps,
 * pain_during and next_morning in range, and reps and pain_during given
 * (a log's first entry of the day needs them). */
int br_rec_exercise_log_check(const struct br_exercise_log *l,
                              struct br_err *err);

/* Step and interval not given take the defaults above. */
void br_rec_pacing_quota_defaults(struct br_pacing_quota *q);
/* The activity a short name on one line; the unit one of br_pace_units;
 * the baseline above 0 and in range; step_pct and every in range. */
int br_rec_pacing_quota_check(const struct br_pacing_quota *q,
                              struct br_err *err);
/* The activity a short name on one line, the date a date, done in range,
 * recovered 0, 1 or not given. */
int br_rec_pacing_log_check(const struct br_pacing_log *l, struct br_err *err);

#endif
