/*
 * chart_internal.h - what the chart files share: colours, the date axis,
 * value panels with dots, rolling means and markers.
 */
#ifndef BR_REPORT_CHART_INTERNAL_H
#define BR_REPORT_CHART_INTERNAL_H

#include <stdint.h>

#include "report/canvas.h"

#define C_INK    "#222222"
#define C_MUTED  "#666666"
#define C_GRID   "#dddddd"
#define C_PAIN   "#c0392b"
#define C_SLEEP  "#2e5e9e"
#define C_SE     "#1f7a6d"
#define C_MARK   "#8e44ad"
#define C_BAND   "#f1c40f"
#define C_TARGET "#27ae60"
#define C_SCORE  "#34495e"

/* The horizontal mapping of days [from, to] onto [x0, x1]. */
struct chart_x {
	double x0, x1;
	int32_t from, to;
};

double chart_xday(const struct chart_x *f, double day);

/* A panel: values on [vmin, vmax] mapped onto [y1 (bottom), y0 (top)]. */
struct chart_panel {
	struct chart_x x;
	double y0, y1;
	double vmin, vmax;
};

double chart_y(const struct chart_panel *p, double v);

/* Panel frame and horizontal grid lines with labels at ticks. */
void chart_grid(struct br_canvas *c, const struct chart_panel *p,
                const double *ticks, int n, const char *fmt);
/* Date labels under the x axis at y (up to ticks + 1, always the first
 * and last day), as "3 Mar". */
void chart_date_axis(struct br_canvas *c, const struct chart_x *f, double y,
                     int ticks);
/* Vertical session markers across [y0, y1]. */
void chart_sessions(struct br_canvas *c, const struct chart_x *f, double y0,
                    double y1, const int32_t *days, int n);
/* vals[i] is day from + i (NaN: not reported): dots for the values and
 * the rolling mean (>= BR_CHART_MEAN_MIN of BR_CHART_MEAN_DAYS days) as
 * line pieces that stop at gaps. */
void chart_values(struct br_canvas *c, const struct chart_panel *p,
                  const double *vals, int n, const char *color);
/* Legend entries left to right from x at baseline y: a dot, a line, a
 * marker. */
double chart_legend_dot(struct br_canvas *c, double x, double y,
                        const char *color, const char *label);
double chart_legend_line(struct br_canvas *c, double x, double y,
                         const char *color, const char *label, int dashed);
/* A short message centred in the box (no data, out of memory). */
void chart_message(struct br_canvas *c, double x, double y, const char *s);
/* "3 Mar" for a day number. */
void chart_day_label(int32_t day, char out[16]);

#endif
