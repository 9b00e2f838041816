/*
 * chart_diary.c - the diary charts: pain and sleep quality over time, and
 * sleep efficiency (chart.h).
 */
#include <math.h>
#include <stdlib.h>

#include "report/chart.h"
#include "report/chart_internal.h"

#define W        640.0
#define LEFT     40.0
#define RIGHT    12.0
#define MAX_DAYS 3700 /* ten years: longer ranges are cut to their end */

static const struct br_text_style title_style = {11, C_INK, BR_ANCHOR_START, 1};
static const struct br_text_style axis_style = {9, C_MUTED, BR_ANCHOR_START, 0};

/* The x range, cut to its last MAX_DAYS days. */
static struct chart_x
x_range(const struct br_chart_diary *d)
{
	struct chart_x f = {LEFT, W - RIGHT, d->from, d->to};

	if (f.to < f.from)
		f.to = f.from;
	if ((int64_t)f.to - f.from >= MAX_DAYS)
		f.from = f.to - (MAX_DAYS - 1);
	return f;
}

/* Dense values over the x range, NaN where not reported; caller frees. */
static double *
dense(const struct br_chart_diary *d, const struct chart_x *f, int field)
{
	int n = f->to - f->from + 1;
	double *v = malloc(sizeof(double) * (size_t)n);

	if (v == NULL)
		return NULL;
	for (int i = 0; i < n; i++)
		v[i] = NAN;
	for (int i = 0; i < d->n; i++) {
		const struct br_chart_day *x = &d->days[i];
		double val = NAN;

		if (x->day < f->from || x->day > f->to)
			continue;
		switch (field) {
		case 0:
			if (x->pain >= 0)
				val = x->pain;
			break;
		case 1:
			if (x->quality >= 0)
				val = x->quality;
			break;
		default:
			if (x->se_pct >= 0)
				val = x->se_pct;
			break;
		}
		v[x->day - f->from] = val;
	}
	return v;
}

static int
has_any(const double *v, int n)
{
	for (int i = 0; i < n; i++)
		if (!isnan(v[i]))
			return 1;
	return 0;
}

void
br_chart_pain_sleep(struct br_canvas *c, const struct br_chart_diary *d)
{
	static const double pain_ticks[] = {0, 2, 4, 6, 8, 10};
	static const double q_ticks[] = {0, 1, 2, 3, 4};
	struct chart_x f = x_range(d);
	struct chart_panel pain = {f, 28, 148, 0, 10};
	struct chart_panel sleep = {f, 176, 256, 0, 4};
	int n = f.to - f.from + 1;
	double *pv = dense(d, &f, 0), *qv = dense(d, &f, 1);
	double x;

	c->ops->begin(c->ctx, W, 300,
	              "Diary pain and sleep quality by day, with 7-day "
	              "means and treatment sessions");
	c->ops->text(c->ctx, LEFT, 14, "Pain (0-10, daily average)",
	             &title_style);
	c->ops->text(c->ctx, LEFT, 170,
	             "Sleep quality (0 very poor - 4 very good)", &title_style);
	chart_grid(c, &pain, pain_ticks, 6, "%.0f");
	chart_grid(c, &sleep, q_ticks, 5, "%.0f");
	chart_sessions(c, &f, pain.y0, pain.y1, d->sessions, d->n_sessions);
	chart_sessions(c, &f, sleep.y0, sleep.y1, d->sessions, d->n_sessions);
	if (pv == NULL || qv == NULL) {
		chart_message(c, W / 2, 150, "chart not drawn: out of memory");
	} else {
		if (!has_any(pv, n))
			chart_message(c, W / 2, 92, "no pain recorded");
		if (!has_any(qv, n))
			chart_message(c, W / 2, 220,
			              "no sleep quality recorded");
		chart_values(c, &pain, pv, n, C_PAIN);
		chart_values(c, &sleep, qv, n, C_SLEEP);
	}
	chart_date_axis(c, &f, 270, 5);
	x = chart_legend_dot(c, LEFT, 292, C_MUTED, "a diary day");
	x = chart_legend_line(c, x, 292, C_MUTED, "7-day mean (3+ days)", 0);
	chart_legend_line(c, x, 292, C_MARK, "treatment session", 1);
	c->ops->end(c->ctx);
	free(pv);
	free(qv);
}

void
br_chart_sleep_efficiency(struct br_canvas *c, const struct br_chart_diary *d)
{
	static const double ticks[] = {0, 25, 50, 75, 100};
	const struct br_style target = {C_TARGET, NULL, 1, 0, 1};
	struct chart_x f = x_range(d);
	struct chart_panel p = {f, 24, 124, 0, 100};
	int n = f.to - f.from + 1;
	double *v = dense(d, &f, 2);
	double x;

	c->ops->begin(c->ctx, W, 170,
	              "Sleep efficiency by day (time asleep as a share of "
	              "time in bed), with 7-day means and treatment "
	              "sessions");
	c->ops->text(c->ctx, LEFT, 14,
	             "Sleep efficiency (% of time in bed asleep, "
	             "self-reported)",
	             &title_style);
	chart_grid(c, &p, ticks, 5, "%.0f");
	c->ops->line(c->ctx, p.x.x0, chart_y(&p, 85), p.x.x1, chart_y(&p, 85),
	             &target);
	c->ops->text(c->ctx, p.x.x0 + 4, chart_y(&p, 85) - 3, "85%",
	             &axis_style);
	chart_sessions(c, &f, p.y0, p.y1, d->sessions, d->n_sessions);
	if (v == NULL)
		chart_message(c, W / 2, 80, "chart not drawn: out of memory");
	else if (!has_any(v, n))
		chart_message(c, W / 2, 80, "no complete night recorded");
	else
		chart_values(c, &p, v, n, C_SE);
	chart_date_axis(c, &f, 138, 5);
	x = chart_legend_dot(c, LEFT, 162, C_SE, "a night");
	x = chart_legend_line(c, x, 162, C_SE, "7-day mean (3+ nights)", 0);
	x = chart_legend_line(c, x, 162, C_TARGET, "85% (CBT-I target)", 1);
	chart_legend_line(c, x, 162, C_MARK, "treatment session", 1);
	c->ops->end(c->ctx);
	free(v);
}
