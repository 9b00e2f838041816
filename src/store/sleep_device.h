/*
 * sleep_device.h - stored device nights: one row per patient, diary day
 * and source, beside the diary (never in it).
 *
 * Same conventions as store.h.  The record struct is in
 * model/sleep_device.h.
 */
#ifndef BR_STORE_SLEEP_DEVICE_H
#define BR_STORE_SLEEP_DEVICE_H

#include "model/sleep_device.h"
#include "store/store.h"

/* The night of patient_id, night and source; BR_ENOTFOUND when there is
 * none. */
int br_store_device_night_get(struct br_store *s, int64_t patient_id,
                              const char *night, const char *source,
                              struct br_device_night_rec *out,
                              struct br_err *err);
/* Writes r, replacing the row of its patient, night and source. */
int br_store_device_night_put(struct br_store *s,
                              const struct br_device_night_rec *r,
                              struct br_err *err);
/* The nights of a patient from..to (inclusive; "" or NULL: open), by
 * night and source; *out allocated, caller frees. */
int br_store_device_night_list(struct br_store *s, int64_t patient_id,
                               const char *from, const char *to,
                               struct br_device_night_rec **out, size_t *n,
                               struct br_err *err);

#endif
