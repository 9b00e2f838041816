/*
 * chart_adherence.c - adherence per week as bars (chart.h): the diary now;
 * exercise and pacing join as series from the plan records.
 */
#include <math.h>
#include <stdio.h>

#include "report/chart.h"
#include "report/chart_internal.h"

#define W 640.0
#define H 150.0

static const char *const colors[BR_CHART_ADHERENCE_SERIES] = {C_SLEEP, C_SE,
                                                              C_MARK};

void
br_chart_adherence(struct br_canvas *c, const struct br_chart_adherence *a)
{
	static const double ticks[] = {0, 50, 100};
	const struct br_text_style title = {11, C_INK, BR_ANCHOR_START, 1};
	const struct br_text_style lab = {8, C_MUTED, BR_ANCHOR_MIDDLE, 0};
	int weeks = a->weeks > 0 ? a->weeks : 1;
	int ns = a->n_series < BR_CHART_ADHERENCE_SERIES
	                 ? a->n_series
	                 : BR_CHART_ADHERENCE_SERIES;
	struct chart_panel p = {{40, W - 12, a->from, a->from + weeks * 7 - 1},
	                        24,
	                        114,
	                        0,
	                        100};
	double slot = (p.x.x1 - p.x.x0) / weeks;
	double bw = ns > 0 ? slot * 0.8 / ns : 0;
	double x = 40;
	char label[16];

	c->ops->begin(c->ctx, W, H, "Adherence by week: share of days");
	c->ops->text(c->ctx, 40, 14, "Adherence by week (% of days)", &title);
	chart_grid(c, &p, ticks, 3, "%.0f");
	for (int s = 0; s < ns; s++) {
		const struct br_style bar = {NULL, colors[s], 0, 0.8, 0};

		for (int w = 0; w < a->weeks; w++) {
			double v = a->share[s][w];
			double bx = p.x.x0 + slot * w + slot * 0.1 + bw * s;

			if (isnan(v))
				continue;
			v = fmin(fmax(v, 0), 1) * 100;
			c->ops->rect(c->ctx, bx, chart_y(&p, v), bw,
			             chart_y(&p, 0) - chart_y(&p, v), &bar);
		}
	}
	for (int w = 0; w < a->weeks; w += (a->weeks + 7) / 8) {
		chart_day_label(a->from + w * 7, label);
		c->ops->text(c->ctx, p.x.x0 + slot * (w + 0.5), 126, label,
		             &lab);
	}
	if (ns == 0 || a->weeks <= 0)
		chart_message(c, W / 2, 70, "nothing recorded yet");
	for (int s = 0; s < ns; s++)
		x = chart_legend_line(c, x, 144, colors[s], a->label[s], 0);
	c->ops->end(c->ctx);
}
