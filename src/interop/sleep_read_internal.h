/*
 * sleep_read_internal.h - what the readers of sleep exports share: the
 * readers of files (sleep_read.c: Apple Health, Fitbit, CSV) and of
 * the answers of trackers' web APIs (sleep_read_api.c: Oura, Withings)
 * feed the same periods through the same helpers.
 */
#ifndef BR_INTEROP_SLEEP_READ_INTERNAL_H
#define BR_INTEROP_SLEEP_READ_INTERNAL_H

#include <jansson.h>
#include <stdio.h>

#include "interop/sleep_import.h"

/* Refuses a record from start to end that ends before it starts or lasts
 * over 24 hours: one sentence beginning with where, which names it.
 * Returns 0 or BR_EINVAL. */
int br_sleep_check_period(int64_t start, int64_t end, const char *where,
                          struct br_err *err);

/* Appends a period of the reader's file: start and end (instants), the
 * local offset at start, its state, main (1, 0, -1 as in
 * br_sleep_period) and device (br_sleep_device_index).  A period that
 * ends before it starts or lasts over 24 hours refuses the file
 * (br_sleep_check_period); one that ends as it starts is counted but
 * kept out.  Counts r->records.  Returns 0,
 * BR_EINVAL, BR_ETOOBIG (more than BR_SLEEP_PERIODS_MAX) or BR_ENOMEM. */
int br_sleep_add_period(struct br_sleep_read *r, int64_t start, int64_t end,
                        int off, int state, int main_, int device,
                        const char *where, struct br_err *err);

/* The index of the device named name[0..len) (added when new; 0 when len
 * is 0, when the name holds a control character, or when
 * BR_SLEEP_DEVICES are named already). */
int br_sleep_device_index(struct br_sleep_read *r, const char *name,
                          size_t len);

/* Reads the rest of f (after the head bytes already read) whole, up to
 * BR_SLEEP_JSON_MAX, and parses it as JSON into *doc (the caller
 * decrefs it).  kind names the file in the sentence when it is too large
 * ("a Fitbit sleep file is larger than 32 MB").  Returns 0, BR_EINVAL
 * (not JSON: the sentence gives the line), BR_ETOOBIG, BR_EIO or
 * BR_ENOMEM. */
int br_sleep_load_json(FILE *f, const char *head, size_t head_len,
                       const char *kind, json_t **doc, struct br_err *err);

/* The readers of sleep_read_api.c (see sleep_import.h for the formats). */
int br_sleep_read_oura(struct br_sleep_read *r, FILE *f, const char *head,
                       size_t head_len, struct br_err *err);
int br_sleep_read_withings(struct br_sleep_read *r, FILE *f, const char *head,
                           size_t head_len, struct br_err *err);

#endif
