/*
 * sleep_pain.h - one patient's pain-sleep cycle (docs/clinical/sleep.md).
 *
 * Two within-person OLS models over the patient's own diary:
 *   sleep -> pain:  pain_t   = a + b (q_t - mean q) + c pain_{t-1} + d t + e
 *   pain -> sleep:  q_{t+1}  = a' + b' (pain_t - mean pain) + c' q_t + d' t +
 * e' where q_t is the sleep quality (0-4) of the night before day t and pain_t
 * day t's pain (0-10).  b and b' are reported per 1 SD of their predictor,
 * in outcome points, with a t-based 95% interval and a moving-block
 * bootstrap 95% interval (percentile method; blocks of round(n^(1/3))
 * rows kept within 3-7 days; a fixed seed, so the same diary always gives
 * the same answer).  The interval that decides is the envelope of the two
 * (lower of the lower ends, higher of the upper ends): a direction counts
 * only when both exclude zero.
 *
 * Minimum data: under 14 paired days (days with both a quality and a pain
 * rating) no estimate; 14-27 exploratory; 28 or more before a plain-
 * language sentence.  A direction also needs 10 model rows (days that
 * have the lagged value too), so its OLS keeps 6 residual degrees of
 * freedom.  Pure: no I/O; allocates only working arrays it frees.
 */
#ifndef BR_CORE_SLEEP_PAIN_H
#define BR_CORE_SLEEP_PAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BR_SP_MIN_DAYS      14   /* fewer paired days: no estimate */
#define BR_SP_SENTENCE_DAYS 28   /* at least: a plain-language sentence */
#define BR_SP_MIN_ROWS      10   /* model rows a direction needs (df >= 6) */
#define BR_SP_RESAMPLES     1999 /* bootstrap resamples */
#define BR_SP_SEED          20120501UL
#define BR_SP_BLOCK_MIN     3
#define BR_SP_BLOCK_MAX     7
#define BR_SP_SENTENCE_MAX  1200

/* One diary day: values are BR_UNSET (-1) when not reported. */
struct br_sp_day {
	int32_t day; /* day number */
	int pain;    /* day's pain 0-10 */
	int quality; /* quality 0-4 of the night before the day */
};

enum br_sp_level {
	BR_SP_NONE,        /* < 14 paired days */
	BR_SP_EXPLORATORY, /* 14-27 */
	BR_SP_SUFFICIENT,  /* >= 28 */
};

enum br_sp_pattern {
	BR_SP_INSUFFICIENT,
	BR_SP_NO_CLEAR,
	BR_SP_SLEEP_THEN_PAIN,
	BR_SP_PAIN_THEN_SLEEP,
	BR_SP_BOTH,
};

struct br_sp_direction {
	bool estimated;     /* false: see reason */
	const char *reason; /* why there is no estimate, or NULL */
	int n;              /* model rows (days with outcome, predictor, lag) */
	double estimate;    /* b per 1 SD of the predictor, outcome points */
	double per_point;   /* b per 1 point of the predictor */
	double predictor_sd;
	double se;         /* standard error of estimate (OLS) */
	int df;            /* residual degrees of freedom */
	double ci_t[2];    /* t-based 95% interval */
	double ci_boot[2]; /* moving-block bootstrap 95% interval */
	int boot_used;     /* resamples that could be fitted */
	double ci[2];      /* the deciding interval: envelope of the two */
	bool counts;       /* estimated and ci excludes zero */
};

struct br_sp_result {
	int32_t from, to; /* the period analysed */
	int days;         /* days in the period */
	int paired_days;  /* days with both a quality and a pain rating */
	int missing_days; /* days - paired_days */
	enum br_sp_level level;
	int block_days; /* bootstrap block length used */
	int resamples;
	unsigned long seed;
	struct br_sp_direction sleep_to_pain, pain_to_sleep;
	enum br_sp_pattern pattern;
	bool device; /* the sleep measure is a tracker's total sleep */
};

/*
 * Analyses the days of arr (any order, at most one entry per day) that fall
 * in [from, to].  Returns 0, BR_EINVAL when to < from or the period is over
 * 20 years, or BR_ENOMEM.
 */
int br_sleep_pain_analyze(const struct br_sp_day *arr, size_t n, int32_t from,
                          int32_t to, struct br_sp_result *out);

/* The same with a sleep tracker's total sleep time (minutes, in the
 * quality member of arr) as the sleep measure: the same models, minimum
 * data and wording, the sentence speaking of minutes of sleep the device
 * recorded. */
int br_sleep_pain_analyze_device(const struct br_sp_day *arr, size_t n,
                                 int32_t from, int32_t to,
                                 struct br_sp_result *out);

const char *br_sp_pattern_name(enum br_sp_pattern p);
const char *br_sp_level_name(enum br_sp_level l);

/* The plain-language sentence under the wording rules of
 * docs/clinical/sleep.md (an association within one person, not proof;
 * names confounders; never "significant"); written to buf (always
 * NUL-terminated). */
void br_sleep_pain_sentence(const struct br_sp_result *r, char *buf,
                            size_t len);

#endif
