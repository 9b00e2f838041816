/*
 * sleep_device.h - use cases of device nights (model/sleep_device.h):
 * the list beside the diary.  The import is interop's
 * (interop/sleep_import.h).  Same contract as app.h.
 */
#ifndef BR_APP_SLEEP_DEVICE_H
#define BR_APP_SLEEP_DEVICE_H

#include "app/app.h"
#include "model/sleep_device.h"

/* in {"patient_id", "from", "to"}; out: [DeviceNight] by night and
 * source: {"night", "source", "device", "in_bed_min", "asleep_min",
 * "sol_min", "waso_min", "awakenings", "se_pct", "naps", "nap_min",
 * "imported_at"}. */
int br_app_sleep_list(struct br_app *app, json_t *in, json_t **out,
                      struct br_err *err);

/* in {"patient_id", "from", "to"}; out: the device's side of the days
 * from..to beside the diary's total sleep, as br_app_device_sleep_json
 * gives it (the chart shows the same sentence the report prints), or
 * null when the patient has no device night in the range. */
int br_app_sleep_compare(struct br_app *app, json_t *in, json_t **out,
                         struct br_err *err);

/*
 * The device's side of a report over the days from..to (inclusive):
 * {"tst_min": [one a day, null where no device night], "nights",
 * "comparison": {"nights", "mean_min", "sd_min"}, "sentence"}, comparing
 * with the diary's total sleep diary_tst (one a day from from, BR_UNSET
 * where none).  A night two sources recorded counts the first by source
 * name.  NULL with err untouched when the patient has no device night
 * in the range; NULL with err filled on failure.  In the caller's
 * transaction.
 */
json_t *br_app_device_sleep_json(struct br_app *app, int64_t patient_id,
                                 int32_t from, int32_t to, const int *diary_tst,
                                 struct br_err *err);

/* The sentence on the difference for d (core/sleep_device.h), with the
 * caveat and its source, into out. */
void br_app_device_sleep_sentence(const struct br_sleep_diff *d, char *out,
                                  size_t n);

/* One night as its JSON view (sol_min null when unknown). */
json_t *br_view_device_night(const struct br_device_night_rec *r);

#endif
