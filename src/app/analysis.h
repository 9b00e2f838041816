/*
 * analysis.h - use cases of the analytics: one patient's pain-sleep cycle.
 * Same contract as app.h (JSON in, JSON out, one transaction, audited).
 */
#ifndef BR_APP_ANALYSIS_H
#define BR_APP_ANALYSIS_H

#include "app/app.h"

/*
 * The pain-sleep cycle of one patient (core/sleep_pain.h, sleep.md):
 * in {"patient_id", "from", "to"} (the period defaults to the patient's
 * first and last diary day); out {"patient_id", "from", "to", "days",
 * "paired_days", "missing_days", "level", "sleep_to_pain", "pain_to_sleep",
 * "pattern", "sentence", "method"}.  A direction is null when it could not
 * be estimated (with the reason in "not_estimated").
 */
int br_app_analyze_sleep_pain(struct br_app *app, json_t *in, json_t **out,
                              struct br_err *err);

#endif
