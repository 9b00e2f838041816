/*
 * sleep.h - one night of the Consensus Sleep Diary and the metrics derived
 * from it (Carney et al. 2012; docs/clinical/sleep.md).
 *
 * A night is told in clock times (minutes after midnight) that run in order
 * bed <= try <= final <= up and may cross midnight; the derived figures
 * place each time after the one before it.  Pure functions over structs.
 */
#ifndef BR_CORE_SLEEP_H
#define BR_CORE_SLEEP_H

#include <stdbool.h>

#include "core/err.h"

#define BR_UNSET (-1) /* a diary field not reported */

struct br_night {
	int bed;     /* got into bed, minutes after midnight, or BR_UNSET */
	int try_;    /* tried to sleep */
	int sol;     /* minutes to fall asleep (SOL) */
	int wakes;   /* awakenings, not counting the final one (NWAK) */
	int waso;    /* minutes awake after sleep onset (WASO) */
	int final;   /* final awakening */
	int up;      /* got out of bed */
	int quality; /* 0 very poor .. 4 very good */
};

struct br_sleep_metrics {
	int tib_min;   /* time in bed = up - bed, or BR_UNSET */
	int tst_min;   /* total sleep = (final - try) - SOL - WASO */
	int twak_min;  /* lingering in bed = up - final */
	double se_pct; /* TST / TIB x 100, one decimal; < 0 when unknown */
};

/* A night with every field BR_UNSET. */
void br_night_init(struct br_night *n);

/*
 * Checks that the reported times and durations fit together: the times run
 * in order within 24 hours, and SOL + WASO fit between trying to sleep and
 * the final awakening.  Checks only what is reported.
 */
int br_night_check(const struct br_night *n, struct br_err *err);

/* Derives TIB, TST, TWAK and SE; a figure is BR_UNSET (SE < 0) when the
 * fields it needs are missing. */
void br_sleep_derive(const struct br_night *n, struct br_sleep_metrics *out);

#endif
