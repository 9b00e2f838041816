/*
 * requests_tmp.h - TEMPORARY field tables of the clinical record kinds'
 * requests, until the model's own tables (next to each record kind's
 * check in src/model) take their place in the route table.  Names only
 * and broad types; the record kinds' checks stay in src/app meanwhile.
 * Delete this file and requests_tmp.c then.
 */
#ifndef BR_MODEL_REQUESTS_TMP_H
#define BR_MODEL_REQUESTS_TMP_H

#include <stdbool.h>

#include "model/field.h"

extern const struct br_fields br_tmp_patient_add, br_tmp_episode_open,
        br_tmp_diary_day, br_tmp_session;

/* True for one of these tables: the API checks only its field names. */
bool br_tmp_is(const struct br_fields *t);

#endif
