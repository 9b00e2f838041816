/*
 * stricta.h - the STRICTA table (MacPherson et al. 2010, STandards for
 * Reporting Interventions in Clinical Trials of Acupuncture) of each course
 * of acupuncture: an episode with at least one acupuncture or
 * electroacupuncture session, summarised item by item (needling details,
 * treatment regimen, other interventions, setting).  For case series and
 * audits.  Items backrest does not record (style and rationale,
 * practitioner background, control) are named as not recorded.
 */
#ifndef BR_INTEROP_STRICTA_H
#define BR_INTEROP_STRICTA_H

#include <stdbool.h>
#include <stdio.h>

#include "core/err.h"
#include "store/store.h"

/* Writes the table of every course (or of episode_id) to f as CSV (one
 * row per course) or Markdown (one section per course); *courses is their
 * number.  BR_EINVAL when episode_id names an episode without
 * acupuncture. */
int br_stricta_export(struct br_store *s, int64_t episode_id, bool markdown,
                      FILE *f, long *courses, struct br_err *err);

#endif
