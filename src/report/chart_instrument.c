/*
 * chart_instrument.c - one questionnaire's trajectory with the MCID band
 * (chart.h).
 */
#include <math.h>
#include <stdio.h>

#include "report/chart.h"
#include "report/chart_internal.h"

#define W 310.0
#define H 170.0

void
br_chart_instrument(struct br_canvas *c, const struct br_chart_instrument *q)
{
	const struct br_style band = {NULL, C_BAND, 0, 0.25, 0};
	const struct br_style line = {C_GRID, NULL, 1, 0, 0};
	const struct br_style dot = {C_SCORE, C_SCORE, 1, 0, 0};
	const struct br_text_style title = {11, C_INK, BR_ANCHOR_START, 1};
	const struct br_text_style value = {9, C_INK, BR_ANCHOR_MIDDLE, 0};
	const struct br_text_style note = {8, C_MUTED, BR_ANCHOR_START, 0};
	struct chart_x f = {36, W - 12, q->from, q->to};
	struct chart_panel p = {f, 24, 126, q->min, q->max};
	double ticks[3] = {q->min, (q->min + q->max) / 2, q->max};
	double xy[2 * 64];
	char label[96];
	int np = 0;

	if (f.to < f.from)
		f.to = f.from;
	p.x = f;
	snprintf(label, sizeof(label), "%s trajectory", q->name);
	c->ops->begin(c->ctx, W, H, label);
	snprintf(label, sizeof(label), "%s (%s is better)", q->name,
	         q->higher_better ? "higher" : "lower");
	c->ops->text(c->ctx, f.x0, 14, label, &title);
	if (q->n > 0) {
		double base = q->scores[0].score;
		double m = q->mcid > 0 ? q->mcid
		           : q->mcid_percent > 0
		                   ? fabs(base) * q->mcid_percent / 100
		                   : 0;

		if (m > 0) {
			double lo = fmax(base - m, q->min),
			       hi = fmin(base + m, q->max);

			c->ops->rect(c->ctx, f.x0, chart_y(&p, hi), f.x1 - f.x0,
			             chart_y(&p, lo) - chart_y(&p, hi), &band);
		}
	}
	chart_grid(c, &p, ticks, 3, q->max - q->min >= 20 ? "%.0f" : "%.1f");
	for (int i = 0; i < q->n && np < 64; i++) {
		if (q->scores[i].day < f.from || q->scores[i].day > f.to)
			continue;
		xy[2 * np] = chart_xday(&f, q->scores[i].day);
		xy[2 * np + 1] = chart_y(&p, q->scores[i].score);
		np++;
	}
	c->ops->polyline(c->ctx, xy, np, &line);
	for (int i = 0; i < np; i++) {
		c->ops->circle(c->ctx, xy[2 * i], xy[2 * i + 1], 2.8, &dot);
		if (np <= 8) {
			snprintf(label, sizeof(label), "%g",
			         round(q->scores[i].score * 10) / 10);
			c->ops->text(c->ctx, xy[2 * i], xy[2 * i + 1] - 6,
			             label, &value);
		}
	}
	if (q->n == 0)
		chart_message(c, W / 2, 80, "not given in this episode");
	chart_date_axis(c, &f, 140, 2);
	if (q->mcid > 0)
		snprintf(label, sizeof(label),
		         "shaded: within %g point%s of the first score (MCID)",
		         q->mcid, q->mcid == 1 ? "" : "s");
	else if (q->mcid_percent > 0)
		snprintf(label, sizeof(label),
		         "shaded: within %g%% of the first score (MCID)",
		         q->mcid_percent);
	else
		snprintf(label, sizeof(label), "no published MCID");
	c->ops->text(c->ctx, f.x0, 162, label, &note);
	c->ops->end(c->ctx);
}
