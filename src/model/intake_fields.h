/*
 * intake_fields.h - the scalar fields of an intake history, described once:
 * key, kind, place in struct br_intake, allowed values or range, and a
 * short label; plus the fixed choices of the lists (medicine kind and
 * purpose, side of a pain location).  The use cases (app/intake.c) and the
 * FHIR mapping (interop/fhir_intake.c) both read this table, so the
 * command line, the API and an imported Questionnaire accept the same
 * values.  Everything here is static data; nothing is allocated.
 */
#ifndef BR_MODEL_INTAKE_FIELDS_H
#define BR_MODEL_INTAKE_FIELDS_H

#include <stddef.h>

#include "model/field.h"
#include "model/intake.h"

enum br_intake_kind {
	BR_INTAKE_ENUM, /* a code of names (char[]) */
	BR_INTAKE_INT,  /* a whole number min..max (int) */
	BR_INTAKE_KG,   /* a weight min..max (double) */
	BR_INTAKE_BOOL, /* yes or no (int) */
	BR_INTAKE_TEXT, /* free text of at most max bytes (char[]) */
};

struct br_intake_field {
	const char *key; /* the input and view name, and FHIR linkId */
	enum br_intake_kind kind;
	size_t off, size;         /* the member of struct br_intake */
	const char *const *names; /* BR_INTAKE_ENUM, NULL-terminated */
	long min, max;
	const char *text; /* a short label in our own words */
};

#define BR_INTAKE_NFIELDS 26
extern const struct br_intake_field br_intake_fields[BR_INTAKE_NFIELDS];

/* The input of intake (record or amend the history): the date, every
 * scalar field above with its vocabulary or range, the lists, and
 * "clear" naming br_intake_clearable (every scalar and list key,
 * NULL-terminated). */
extern const struct br_fields br_intake_input_fields;
extern const char *const br_intake_clearable[];
/* The same scalars and lists without episode_id, date and clear: the
 * answers of a pre-visit intake (model/previsit.h), which has no episode
 * yet.  The members alone, for a table that takes them as an object. */
extern const struct br_fields br_intake_answer_fields;
extern const struct br_field br_intake_answer_members[];

/* NULL-terminated fixed choices of the lists. */
extern const char *const br_intake_med_kinds[];
extern const char *const br_intake_med_purposes[];
extern const char *const br_intake_location_sides[];

/* The member of x that f describes. */
void *br_intake_at(struct br_intake *x, const struct br_intake_field *f);
const void *br_intake_at_c(const struct br_intake *x,
                           const struct br_intake_field *f);

#endif
