/*
 * sleep_import.h - sleep from a phone's or tracker's export: the readers
 * of each format and the import use case.
 *
 * Readers stream their file and keep only sleep: an Apple Health
 * export.xml (or the export.zip holding it) is read with expat and every
 * element but the sleep-analysis Records is dropped as it passes; a
 * Fitbit (Google Takeout) sleep-*.json is one month of logs, read whole
 * up to BR_SLEEP_JSON_MAX, as are the saved answers of the Oura and
 * Withings web APIs; the generic CSV (docs/csv.md) a row at a time
 * with libcsv (docs/sleep-import.md describes every format and where
 * its description was published).  What is kept is the periods
 * (core/sleep_device.h), at
 * most BR_SLEEP_PERIODS_MAX, and up to 31 device names.  A reader stops at
 * the first bad record with one sentence naming it (its line, or its log
 * and entry) and the reason.
 *
 * The use case derives the nights (core/sleep_device.h) and stores them
 * as device nights (model/sleep_device.h) in one transaction, audited;
 * nothing is written when the file is refused, and importing the same
 * file again changes nothing.  The file itself is never stored.
 */
#ifndef BR_INTEROP_SLEEP_IMPORT_H
#define BR_INTEROP_SLEEP_IMPORT_H

#include <limits.h>
#include <stdio.h>

#include "app/app.h"
#include "model/sleep_device.h"

#define BR_SLEEP_PERIODS_MAX 1000000     /* sleep records in one file */
#define BR_SLEEP_JSON_MAX    (32L << 20) /* one JSON file */
#define BR_SLEEP_DEVICES     32          /* device 0 is "none named" */
#define BR_SLEEP_UPLOAD_MAX  (64L << 20) /* an upload's bytes (the API) */

struct br_sleep_read {
	struct br_sleep_period *p; /* owned; n of cap */
	size_t n, cap;
	char devices[BR_SLEEP_DEVICES][BR_SLEEP_DEVICE_MAX];
	int n_devices;
	long records; /* sleep records read */
	long skipped; /* records dropped: of other kinds, or sleep the file
	                 cannot place in time (an Oura document without
	                 phases) */
	/* Set by the caller for a file whose times carry no local offset
	 * (withings), else BR_SLEEP_NO_OFFSET: minutes east of UTC. */
	int utc_offset_min;
};
#define BR_SLEEP_NO_OFFSET INT_MIN

void br_sleep_read_init(struct br_sleep_read *r);
void br_sleep_read_free(struct br_sleep_read *r);

/* Reads f as source (one of br_sleep_sources) into r.  A withings file
 * needs r->utc_offset_min.  Returns 0, BR_EINVAL (the file is refused:
 * err names the record and the reason), BR_ETOOBIG, BR_EIO or
 * BR_ENOMEM. */
int br_sleep_read(struct br_sleep_read *r, const char *source, FILE *f,
                  struct br_err *err);

/* The device names of the bits in devices, joined with ", " into out
 * (at most n bytes). */
void br_sleep_read_devices(const struct br_sleep_read *r, uint32_t devices,
                           char *out, size_t n);

/* backrest import sleep FILE --patient ID --source S [--utc-offset O].
 * in {"patient_id", "file", "source", "utc_offset"} (the offset for a
 * withings file only, which needs it); out {"patient_id", "source",
 * "records", "skipped", "nights", "created", "updated", "unchanged"}. */
int br_app_import_sleep(struct br_app *app, json_t *in, json_t **out,
                        struct br_err *err);

/* The same from a body in memory (an upload): in {"patient_id",
 * "source", "utc_offset"} and the bytes. */
int br_app_import_sleep_buffer(struct br_app *app, json_t *in, const void *data,
                               size_t len, json_t **out, struct br_err *err);

#endif
