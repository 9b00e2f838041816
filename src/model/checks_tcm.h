/*
 * checks_tcm.h - the rules of the TCM assessment of a visit, written
 * once: the field table of the input "tcm add" takes (coded findings
 * from data/tcm.json and data/tcm_patterns.json, the fixed lists, the
 * pulse rate's range, note lengths) and the check of a filled record
 * (codes in their vocabularies, codes of one group not together at one
 * site, each code once, the table's ranges, at least one finding), with
 * one sentence naming the field.  The use case (app/tcm.c) checks its
 * input against the table and the record with the check; an importer
 * that builds the same record runs the same check.
 *
 * Everything here is static data or a pure function; nothing allocates.
 */
#ifndef BR_MODEL_CHECKS_TCM_H
#define BR_MODEL_CHECKS_TCM_H

#include "core/err.h"
#include "model/field.h"
#include "model/tcm.h"

/* The input of tcm add. */
extern const struct br_fields br_tcm_fields;

/* The findings of an assessment by input name, in the order of the
 * record: tongue_colour, tongue_shape, tongue_coat, tongue_moisture,
 * tongue_note, pulse and the six positions (enum br_pulse_pos order),
 * pulse_rate, pulse_note, eight_principles, patterns, pattern_note,
 * treatment_principle (NULL-terminated); what "clear" may name. */
extern const char *const br_tcm_findings[];

/* Adds code to the coded list of x named key (tongue_shape, tongue_coat,
 * pulse..., eight_principles, patterns): refuses a repeat and more than
 * the list holds; the vocabulary is the check's. */
int br_rec_tcm_add(struct br_tcm *x, const char *key, const char *code,
                   struct br_err *err);

/* Every finding x holds: codes in their vocabularies, each once, no two
 * of one group at one site, the pulse rate in the table's range.  Does
 * not ask for a finding (a patch may carry none). */
int br_rec_tcm_check_findings(const struct br_tcm *x, struct br_err *err);
/* br_rec_tcm_check_findings and at least one finding: a whole record. */
int br_rec_tcm_check(const struct br_tcm *x, struct br_err *err);

#endif
