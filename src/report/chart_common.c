/*
 * chart_common.c - pieces the charts share (chart_internal.h).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/parse.h"
#include "report/chart.h"
#include "report/chart_internal.h"

static const struct br_text_style small_muted = {9, C_MUTED, BR_ANCHOR_END, 0};

double
chart_xday(const struct chart_x *f, double day)
{
	double span = (double)f->to - (double)f->from;

	if (span <= 0)
		return (f->x0 + f->x1) / 2;
	return f->x0 + (day - (double)f->from) / span * (f->x1 - f->x0);
}

double
chart_y(const struct chart_panel *p, double v)
{
	double span = p->vmax - p->vmin;

	if (span <= 0)
		return (p->y0 + p->y1) / 2;
	return p->y1 - (v - p->vmin) / span * (p->y1 - p->y0);
}

void
chart_day_label(int32_t day, char out[16])
{
	static const char *const mon[] = {"Jan", "Feb", "Mar", "Apr",
	                                  "May", "Jun", "Jul", "Aug",
	                                  "Sep", "Oct", "Nov", "Dec"};
	int y, m, d;

	br_civil_from_days(day, &y, &m, &d);
	snprintf(out, 16, "%d %s", d, mon[(m - 1) % 12]);
}

void
chart_grid(struct br_canvas *c, const struct chart_panel *p,
           const double *ticks, int n, const char *fmt)
{
	const struct br_style frame = {C_GRID, NULL, 1, 0, 0};
	const struct br_style grid = {C_GRID, NULL, 0.5, 0, 0};
	char label[32];

	c->ops->rect(c->ctx, p->x.x0, p->y0, p->x.x1 - p->x.x0, p->y1 - p->y0,
	             &frame);
	for (int i = 0; i < n; i++) {
		double y = chart_y(p, ticks[i]);

		if (ticks[i] > p->vmin && ticks[i] < p->vmax)
			c->ops->line(c->ctx, p->x.x0, y, p->x.x1, y, &grid);
		snprintf(label, sizeof(label), fmt, ticks[i]);
		c->ops->text(c->ctx, p->x.x0 - 4, y + 3, label, &small_muted);
	}
}

void
chart_date_axis(struct br_canvas *c, const struct chart_x *f, double y,
                int ticks)
{
	struct br_text_style t = {9, C_MUTED, BR_ANCHOR_MIDDLE, 0};
	int32_t span = f->to - f->from;
	int32_t prev = INT32_MIN;
	int n = span >= ticks ? ticks : span;
	char label[16];

	for (int i = 0; i <= n; i++) {
		int32_t day =
		        n == 0 ? f->from
		               : f->from + (int32_t)((int64_t)span * i / n);

		if (day == prev)
			continue;
		prev = day;
		chart_day_label(day, label);
		t.anchor = i == 0 && n > 0   ? BR_ANCHOR_START
		           : i == n && n > 0 ? BR_ANCHOR_END
		                             : BR_ANCHOR_MIDDLE;
		c->ops->text(c->ctx, chart_xday(f, day), y, label, &t);
	}
}

void
chart_sessions(struct br_canvas *c, const struct chart_x *f, double y0,
               double y1, const int32_t *days, int n)
{
	const struct br_style s = {C_MARK, NULL, 0.8, 0, 1};

	for (int i = 0; i < n; i++) {
		double x;

		if (days[i] < f->from || days[i] > f->to)
			continue;
		x = chart_xday(f, days[i]);
		c->ops->line(c->ctx, x, y0, x, y1, &s);
	}
}

void
chart_values(struct br_canvas *c, const struct chart_panel *p,
             const double *vals, int n, const char *color)
{
	const struct br_style dot = {NULL, color, 0, 0.45, 0};
	const struct br_style mean = {color, NULL, 1.6, 0, 0};
	double *xy = malloc(sizeof(double) * 2 * (size_t)(n > 0 ? n : 1));
	double sum = 0;
	int cnt = 0, run = 0;

	for (int i = 0; i < n; i++)
		if (!isnan(vals[i]))
			c->ops->circle(c->ctx, chart_xday(&p->x, p->x.from + i),
			               chart_y(p, vals[i]), 1.6, &dot);
	if (xy == NULL)
		return;
	for (int i = 0; i < n; i++) {
		if (!isnan(vals[i])) {
			sum += vals[i];
			cnt++;
		}
		if (i >= BR_CHART_MEAN_DAYS &&
		    !isnan(vals[i - BR_CHART_MEAN_DAYS])) {
			sum -= vals[i - BR_CHART_MEAN_DAYS];
			cnt--;
		}
		if (cnt >= BR_CHART_MEAN_MIN) {
			xy[2 * run] = chart_xday(&p->x, p->x.from + i);
			xy[2 * run + 1] = chart_y(p, sum / cnt);
			run++;
			continue;
		}
		if (run > 0)
			c->ops->polyline(c->ctx, xy, run, &mean);
		run = 0;
	}
	if (run > 0)
		c->ops->polyline(c->ctx, xy, run, &mean);
	free(xy);
}

double
chart_legend_dot(struct br_canvas *c, double x, double y, const char *color,
                 const char *label)
{
	const struct br_style dot = {NULL, color, 0, 0.45, 0};
	const struct br_text_style t = {9, C_INK, BR_ANCHOR_START, 0};

	c->ops->circle(c->ctx, x + 3, y - 3, 2.5, &dot);
	c->ops->text(c->ctx, x + 9, y, label, &t);
	return x + 9 + 5.2 * (double)strlen(label) + 12;
}

double
chart_legend_line(struct br_canvas *c, double x, double y, const char *color,
                  const char *label, int dashed)
{
	struct br_style s = {color, NULL, dashed ? 0.8 : 1.6, 0, dashed != 0};
	const struct br_text_style t = {9, C_INK, BR_ANCHOR_START, 0};

	c->ops->line(c->ctx, x, y - 3, x + 14, y - 3, &s);
	c->ops->text(c->ctx, x + 18, y, label, &t);
	return x + 18 + 5.2 * (double)strlen(label) + 12;
}

void
chart_message(struct br_canvas *c, double x, double y, const char *s)
{
	const struct br_text_style t = {10, C_MUTED, BR_ANCHOR_MIDDLE, 0};

	c->ops->text(c->ctx, x, y, s, &t);
}
