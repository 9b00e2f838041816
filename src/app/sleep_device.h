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

/* One night as its JSON view (sol_min null when unknown). */
json_t *br_view_device_night(const struct br_device_night_rec *r);

#endif
