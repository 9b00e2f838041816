/*
 * window.h - summaries of a diary over a window of days: means of pain and
 * sleep figures with the number of days that reported them, so every
 * figure can be shown next to its completeness.  No interpolation: a day
 * without the value does not count.  Pure.
 */
#ifndef BR_CORE_WINDOW_H
#define BR_CORE_WINDOW_H

#include <stdint.h>

struct br_window_day {
	int32_t day;   /* day number */
	int pain;      /* 0-10 or BR_UNSET */
	int quality;   /* 0-4 or BR_UNSET */
	int tst_min;   /* or BR_UNSET */
	double se_pct; /* < 0 when unknown */
};

struct br_window_mean {
	int days;    /* days in the window */
	int n;       /* days that reported the value */
	double mean; /* meaningful only when n > 0 */
};

struct br_window_summary {
	struct br_window_mean pain, quality, tst_min, se_pct;
	int diary_days; /* days with any entry */
};

/* Summarises the days of arr (any order) that fall in [from, to]. */
void br_window_summarise(const struct br_window_day *arr, int n, int32_t from,
                         int32_t to, struct br_window_summary *out);

#endif
