/*
 * sleep_device.h - the device night: one night a sleep tracker or phone
 * recorded, derived with the diary's definitions (core/sleep_device.h)
 * and kept as its own record beside the patient's diary, which it never
 * overwrites.  One per patient, diary day and source.
 *
 * The field tables here are the one description of the record (its
 * figures and their ranges), of the import request and of the list's
 * query; the command line, the API and its description read them.
 *
 * Same conventions as records.h.
 */
#ifndef BR_MODEL_SLEEP_DEVICE_H
#define BR_MODEL_SLEEP_DEVICE_H

#include <stdint.h>

#include "core/err.h"
#include "core/sleep_device.h"
#include "model/field.h"
#include "model/records.h"

#define BR_SLEEP_SOURCE_MAX 16 /* "apple-health" and the NUL */
#define BR_SLEEP_DEVICE_MAX 81 /* 80 bytes and the NUL */

/* The formats an import reads, NULL-terminated: "apple-health" (the
 * Health app's export.xml or export.zip), "fitbit" (Google Takeout's
 * sleep-*.json), "csv" (docs/csv.md), "oura" (the Oura API's sleep
 * documents), "withings" (the Withings API's Sleep v2 - Get answer);
 * docs/sleep-import.md describes each. */
extern const char *const br_sleep_sources[];
/* How each source's figures were made, in words for a reader of an
 * export (the FHIR method's display), aligned with br_sleep_sources. */
extern const char *const br_sleep_source_methods[];

struct br_device_night_rec {
	int64_t patient_id;
	char night[11]; /* the diary day: the night before it */
	char source[BR_SLEEP_SOURCE_MAX];
	char device[BR_SLEEP_DEVICE_MAX]; /* "" when the file names none */
	int in_bed_min, asleep_min;
	int sol_min; /* BR_UNSET when the device recorded no bedtime */
	int waso_min, awakenings;
	double se_pct;
	int naps, nap_min;
	char imported_at[BR_TS_LEN];
};

/* The record's figures (DeviceNight), the import (a file or an uploaded
 * body, its source, the patient), the list's query (from, to). */
extern const struct br_fields br_device_night_fields;
extern const struct br_fields br_req_sleep_import;
extern const struct br_fields br_req_sleep_upload;
extern const struct br_fields br_req_sleep_list;
/* The days a comparison of diary and device sleep covers. */
extern const struct br_fields br_req_sleep_compare;
/* The pain-sleep analysis's query: from, to, and the sleep measure
 * ("quality", the diary's, or "device", a tracker's total sleep). */
extern const struct br_fields br_req_sleep_pain_query;

/* Fills r from the derived night d (patient, source and device set by
 * the caller). */
void br_device_night_from(struct br_device_night_rec *r,
                          const struct br_device_night *d);

/* The record's rules: a known source, every figure in its table's range,
 * asleep within in bed, SOL and WASO within in bed. */
int br_rec_device_night_check(const struct br_device_night_rec *r,
                              struct br_err *err);

#endif
