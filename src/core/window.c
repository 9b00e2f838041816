/*
 * window.c - diary window summaries (see window.h).
 */
#include "core/window.h"

#include <string.h>

#include "core/sleep.h"

static void
add(struct br_window_mean *m, double v)
{
	m->n++;
	m->mean += (v - m->mean) / m->n;
}

void
br_window_summarise(const struct br_window_day *arr, int n, int32_t from,
                    int32_t to, struct br_window_summary *out)
{
	int days = to >= from ? (int)(to - from + 1) : 0;

	memset(out, 0, sizeof(*out));
	out->pain.days = out->quality.days = days;
	out->tst_min.days = out->se_pct.days = days;
	for (int i = 0; i < n; i++) {
		const struct br_window_day *d = &arr[i];

		if (d->day < from || d->day > to)
			continue;
		out->diary_days++;
		if (d->pain != BR_UNSET)
			add(&out->pain, d->pain);
		if (d->quality != BR_UNSET)
			add(&out->quality, d->quality);
		if (d->tst_min != BR_UNSET)
			add(&out->tst_min, d->tst_min);
		if (d->se_pct >= 0)
			add(&out->se_pct, d->se_pct);
	}
}
