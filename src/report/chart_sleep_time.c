/*
 * chart_sleep_time.c - total sleep time by night, the diary's beside a
 * sleep tracker's (chart.h): two series on one panel, never joined
 * across a night one of them did not record.
 */
#include <math.h>
#include <stdlib.h>

#include "report/chart.h"
#include "report/chart_internal.h"

#define W        640.0
#define LEFT     40.0
#define RIGHT    12.0
#define MAX_DAYS 3700
#define C_DEVICE "#d35400"

static const struct br_text_style title_style = {11, C_INK, BR_ANCHOR_START, 1};

void
br_chart_sleep_time(struct br_canvas *c, const struct br_chart_diary *d)
{
	static const double ticks[] = {0, 180, 360, 540, 720};
	struct chart_x f = {LEFT, W - RIGHT, d->from, d->to};
	struct chart_panel p;
	double *diary, *device, x;
	int n, any_diary = 0, any_device = 0;

	if (f.to < f.from)
		f.to = f.from;
	if ((int64_t)f.to - f.from >= MAX_DAYS)
		f.from = f.to - (MAX_DAYS - 1);
	p = (struct chart_panel){f, 24, 124, 0, 720};
	n = f.to - f.from + 1;
	diary = malloc(sizeof(double) * (size_t)n);
	device = malloc(sizeof(double) * (size_t)n);
	c->ops->begin(c->ctx, W, 170,
	              "Total sleep time by night, from the diary and from a "
	              "sleep tracker, with 7-day means and treatment "
	              "sessions");
	c->ops->text(c->ctx, LEFT, 14,
	             "Total sleep time (minutes): diary and device",
	             &title_style);
	chart_grid(c, &p, ticks, 5, "%.0f");
	chart_sessions(c, &f, p.y0, p.y1, d->sessions, d->n_sessions);
	if (diary == NULL || device == NULL) {
		chart_message(c, W / 2, 80, "chart not drawn: out of memory");
	} else {
		for (int i = 0; i < n; i++)
			diary[i] = device[i] = NAN;
		for (int i = 0; i < d->n; i++) {
			const struct br_chart_day *x0 = &d->days[i];

			if (x0->day < f.from || x0->day > f.to)
				continue;
			if (x0->tst_min >= 0) {
				diary[x0->day - f.from] =
				        x0->tst_min > 720 ? 720 : x0->tst_min;
				any_diary = 1;
			}
			if (x0->device_tst_min >= 0) {
				device[x0->day - f.from] =
				        x0->device_tst_min > 720
				                ? 720
				                : x0->device_tst_min;
				any_device = 1;
			}
		}
		if (!any_diary && !any_device)
			chart_message(c, W / 2, 80, "no night recorded");
		chart_values(c, &p, diary, n, C_SLEEP);
		chart_values(c, &p, device, n, C_DEVICE);
	}
	chart_date_axis(c, &f, 138, 5);
	x = chart_legend_dot(c, LEFT, 162, C_SLEEP, "diary");
	x = chart_legend_dot(c, x, 162, C_DEVICE, "device");
	x = chart_legend_line(c, x, 162, C_MUTED, "7-day mean (3+ nights)", 0);
	chart_legend_line(c, x, 162, C_MARK, "treatment session", 1);
	c->ops->end(c->ctx);
	free(diary);
	free(device);
}
