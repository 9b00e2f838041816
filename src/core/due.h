/*
 * due.h - what is due for a patient on a day: diary days
 * missing, an exercise whose rest days are over, questionnaires due again
 * (every 4 sessions or 4 weeks by default) and a
 * trial checkpoint reached.  Pure functions over day numbers.
 */
#ifndef BR_CORE_DUE_H
#define BR_CORE_DUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BR_DUE_DIARY_DAYS       7  /* look back this many days */
#define BR_DUE_MEASURE_SESSIONS 4  /* questionnaires again after ... */
#define BR_DUE_MEASURE_DAYS     28 /* ... 4 sessions or 4 weeks */

/*
 * The days in [from, to] with no entry in present (sorted ascending),
 * at most max of them into out; returns how many are missing in all.
 */
int br_due_missing_days(const int32_t *present, size_t n, int32_t from,
                        int32_t to, int32_t *out, int max);

/* An exercise assigned on assigned, to be done every every_days, last
 * logged on last (INT32_MIN: never): due on today? */
bool br_due_exercise(int32_t assigned, int every_days, int32_t last,
                     int32_t today);

/* A questionnaire last scored on last, with sessions_since sessions after
 * that day: due again on today (4 sessions or 28 days)? */
bool br_due_measure(int32_t last, int sessions_since, int32_t today);

/* A course's trial checkpoint is reached (trial 0: none). */
bool br_due_trial(int sessions, int trial);

#endif
