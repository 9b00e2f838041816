/*
 * csv_internal.h - what the CSV reader (csv_read.c) and writer
 * (csv_write.c) share: the table kinds and their columns (csv.c).
 */
#ifndef BR_INTEROP_CSV_INTERNAL_H
#define BR_INTEROP_CSV_INTERNAL_H

#include <stdbool.h>
#include <stdio.h>

#include "model/instruments.h"
#include "interop/csv.h"

enum { K_DIARY, K_SESSIONS, K_MEASURES, K_OUTCOMES, K_DEVICE_SLEEP };

#define MAX_COLS 40
/* The columns after responder_percent: the diary-pain row's windows. */
#define OUTCOME_WINDOW_COLS 9

/* Shared columns and cells (defined in the csv*.c files). */

/* csv.c */
extern const char *const ci_diary_ignored[];
const char *const *ci_columns(int kind);

/* csv_write.c */
const struct br_instrument *ci_instrument(const struct br_instrument_set *set,
                                          const char *id);

#endif
