/*
 * adherence.c - attended against planned visits, and long gaps (see
 * adherence.h).
 */
#include "core/adherence.h"

#include <string.h>

#include "core/visits.h"

#define MEDIAN_MAX 512 /* gaps looked at for the median of a schedule */

/* The median gap in days between consecutive scheduled (not cancelled)
 * visits, or -1 when there are fewer than two. */
static double
schedule_median_gap(const struct br_adherence_visit *v, size_t n)
{
	int gaps[MEDIAN_MAX], k = 0;
	int32_t prev = 0;
	bool have = false;

	for (size_t i = 0; i < n && k < MEDIAN_MAX; i++) {
		if (v[i].status == BR_VISIT_CANCELLED)
			continue;
		if (have && v[i].day > prev) {
			int g = (int)(v[i].day - prev), j = k++;

			/* insertion sort */
			while (j > 0 && gaps[j - 1] > g) {
				gaps[j] = gaps[j - 1];
				j--;
			}
			gaps[j] = g;
		}
		if (!have || v[i].day > prev)
			prev = v[i].day;
		have = true;
	}
	if (k == 0)
		return -1;
	return k % 2 ? gaps[k / 2] : (gaps[k / 2 - 1] + gaps[k / 2]) / 2.0;
}

static void
add_gap(struct br_adherence *a, int32_t from, int32_t to, bool open)
{
	int days = (int)(to - from);

	if (days > a->longest_gap_days)
		a->longest_gap_days = days;
	if (a->planned_gap_days <= 0 || days <= 1.5 * a->planned_gap_days)
		return;
	if (a->n_long_gaps < BR_ADHERENCE_MAX_GAPS) {
		struct br_adherence_gap *g = &a->long_gaps[a->n_long_gaps];

		g->from = from;
		g->to = to;
		g->days = days;
		g->open = open;
	}
	a->n_long_gaps++;
}

void
br_adherence_compute(const struct br_adherence_visit *visits, size_t n,
                     int32_t today, double per_week, int course_sessions,
                     struct br_adherence *out)
{
	int32_t last = 0;
	bool have_last = false;

	memset(out, 0, sizeof(*out));
	out->visits = (int)n;
	out->course_sessions = course_sessions;
	out->planned_gap_days =
	        per_week > 0 ? 7.0 / per_week : schedule_median_gap(visits, n);
	for (size_t i = 0; i < n; i++) {
		const struct br_adherence_visit *v = &visits[i];

		switch (v->status) {
		case BR_VISIT_CANCELLED:
			out->cancelled++;
			continue;
		case BR_VISIT_ATTENDED:
			out->attended++;
			if (have_last)
				add_gap(out, last, v->day, false);
			last = v->day;
			have_last = true;
			break;
		case BR_VISIT_MISSED:
			out->missed++;
			break;
		default:
			if (v->day <= today)
				out->unrecorded++;
			else
				out->upcoming++;
			break;
		}
	}
	out->due = out->attended + out->missed + out->unrecorded;
	out->rate = out->due > 0 ? (double)out->attended / out->due : -1;
	/* An open gap: a visit fell due after the last attended one, none
	 * was attended since, and it is already too long. */
	if (have_last && out->planned_gap_days > 0 &&
	    today - last > 1.5 * out->planned_gap_days) {
		bool due_since = false;

		for (size_t i = 0; i < n; i++)
			if (visits[i].day > last && visits[i].day <= today &&
			    visits[i].status != BR_VISIT_CANCELLED)
				due_since = true;
		if (due_since)
			add_gap(out, last, today, true);
	}
}
