/*
 * checks_intake.h - the check of an intake history record, written once:
 * every scalar field in its vocabulary or range (model/intake_fields.h),
 * the coded lists in the intake vocabulary (data/intake.json), each code
 * once, the medicines named with a known kind and purpose, and the rules
 * between fields (cigarettes need smoking current ...), with one
 * sentence naming the field.  The use case (app/intake.c) checks its
 * input against br_intake_input_fields and the merged record with
 * br_rec_intake_check; an importer that builds the same record runs the
 * same check.
 *
 * Pure functions; nothing allocates.
 */
#ifndef BR_MODEL_CHECKS_INTAKE_H
#define BR_MODEL_CHECKS_INTAKE_H

#include "core/err.h"
#include "model/intake.h"

/* Adds code to the coded list l of x (not locations or medicines):
 * refuses a repeat and more than the list holds. */
int br_rec_intake_add_code(struct br_intake *x, enum br_intake_list l,
                           const char *code, struct br_err *err);
/* Adds a pain location (code, side "" or one of
 * br_intake_location_sides) to x: refuses a repeat and more than the
 * list holds. */
int br_rec_intake_add_location(struct br_intake *x, const char *code,
                               const char *side, struct br_err *err);

/* Every value x holds on its own: scalars in their vocabularies or
 * ranges, list codes in the vocabulary and each once, medicines named,
 * their kind and purpose known.  No rule between fields (a patch of the
 * input passes this before it is merged). */
int br_rec_intake_check_values(const struct br_intake *x, struct br_err *err);
/* br_rec_intake_check_values and the rules between fields: a whole
 * record. */
int br_rec_intake_check(const struct br_intake *x, struct br_err *err);

#endif
