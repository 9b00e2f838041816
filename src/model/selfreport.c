/*
 * selfreport.c - field tables of the patient's questionnaires (see
 * selfreport.h).
 */
#include "model/selfreport.h"

#include <stddef.h>

static const struct br_field self_measure[] = {
        {.key = "instrument",
         .type = BR_FT_TEXT,
         .min = 1,
         .max = 40,
         .flags = BR_FF_REQUIRED,
         .doc = "the questionnaire's id, one of those due (me/due)"},
        {.key = "answers",
         .type = BR_FT_CODES,
         .flags = BR_FF_REQUIRED,
         .doc = "one response code per item, in item order (null for a "
                "skipped item; the missing-item rules decide the score)"},
        {.key = NULL}};
const struct br_fields br_req_self_measure = {
        "SelfMeasure", "a questionnaire the patient answered", self_measure};

static const struct br_field draft[] = {
        {.key = "instrument",
         .type = BR_FT_TEXT,
         .min = 1,
         .max = 40,
         .flags = BR_FF_REQUIRED,
         .doc = "the questionnaire's id, one of those due (me/due)"},
        {.key = "answers",
         .type = BR_FT_CODES,
         .flags = BR_FF_REQUIRED,
         .doc = "the answers so far, in item order (null for an item not "
                "answered yet)"},
        {.key = NULL}};
const struct br_fields br_req_measure_draft = {
        "MeasureDraft", "a questionnaire the patient paused", draft};
