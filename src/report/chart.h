/*
 * chart.h - the report's charts, drawn on a canvas (canvas.h): pure
 * functions of the structs below, so the same data always gives the same
 * drawing (golden SVG tests in tests/unit/report/).
 *
 * What is drawn as data is what was recorded: a day without a value is a
 * gap, never a joined line.  The 7-day mean is a derived line, drawn only
 * where at least 3 of the 7 days (the day and the 6 before it) reported
 * the value, and labelled as such.
 *
 * Every function allocates only scratch memory; when that fails the chart
 * says so in its box instead of drawing the data.
 */
#ifndef BR_REPORT_CHART_H
#define BR_REPORT_CHART_H

#include <stdint.h>

#include "model/bodymap.h"
#include "model/records.h"
#include "report/canvas.h"

#define BR_CHART_MEAN_DAYS 7 /* the rolling mean's window */
#define BR_CHART_MEAN_MIN  3 /* days needed in it */

/* One diary day; BR_UNSET (-1) / se_pct < 0 where not reported. */
struct br_chart_day {
	int32_t day; /* day number */
	int pain;    /* 0-10 */
	int quality; /* 0-4 */
	int tst_min;
	double se_pct;
	int device_tst_min; /* a tracker's total sleep that night, or -1 */
};

struct br_chart_diary {
	int32_t from, to;                /* the x range, inclusive */
	const struct br_chart_day *days; /* ascending by day */
	int n;
	const int32_t *sessions; /* treatment session days */
	int n_sessions;
};

/* Pain (0-10) and sleep quality (0-4) over time, two panels sharing the
 * date axis: daily values as dots, the 7-day mean as a line, sessions as
 * vertical markers.  640 x 300. */
void br_chart_pain_sleep(struct br_canvas *c, const struct br_chart_diary *d);

/* Sleep efficiency (TST / time in bed, %) with its 7-day mean, the 85%
 * mark (docs/clinical/sleep.md) and sessions.  640 x 170. */
void br_chart_sleep_efficiency(struct br_canvas *c,
                               const struct br_chart_diary *d);

/* Total sleep time by night: the diary's and a sleep tracker's as two
 * series (dots and 7-day means), sessions as markers.  640 x 170. */
void br_chart_sleep_time(struct br_canvas *c, const struct br_chart_diary *d);

struct br_chart_score {
	int32_t day;
	double score;
};

/* One questionnaire's scores over the episode with the MCID band: the
 * scores within one MCID of the baseline (the first score), i.e. change
 * too small to count.  310 x 170. */
struct br_chart_instrument {
	const char *name;    /* e.g. "RMDQ" */
	double min, max;     /* the score's scale */
	int higher_better;   /* 1: higher is better, 0: higher is worse */
	double mcid;         /* points; <= 0 when the MCID is a percent */
	double mcid_percent; /* of baseline; <= 0 when none */
	const struct br_chart_score *scores; /* ascending by day */
	int n;
	int32_t from, to; /* the x range */
};

void br_chart_instrument(struct br_canvas *c,
                         const struct br_chart_instrument *q);

/* Adherence per week as a share of days (0-1), up to 3 series: the diary
 * kept, and the home program (exercise done, pacing at quota) once the
 * plan records exist.  A week without a value (NaN) is a gap.
 * 640 x 150. */
#define BR_CHART_ADHERENCE_SERIES 3
struct br_chart_adherence {
	int32_t from; /* the first week's first day */
	int weeks;
	int n_series;
	const char *label[BR_CHART_ADHERENCE_SERIES];
	const double *share[BR_CHART_ADHERENCE_SERIES]; /* [weeks] */
};

void br_chart_adherence(struct br_canvas *c,
                        const struct br_chart_adherence *a);

/* A session's points on the body map (model/bodymap.h), seen from behind:
 * the figure, and each point the map shows filled on its side ("both":
 * on the two), its marker named "BL23, left" (a midline point by its id).
 * Points the map does not show are not drawn: the caption under the map
 * names them.  The map's own box (200 x 420). */
struct br_chart_bodymap {
	const struct br_bodymap *map;
	const char *title; /* the picture's accessible name */
	const struct br_session_point *points;
	int n;
};

void br_chart_bodymap(struct br_canvas *c, const struct br_chart_bodymap *b);

#endif
