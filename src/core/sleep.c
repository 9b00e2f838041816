/*
 * sleep.c - Consensus Sleep Diary arithmetic (see sleep.h).
 *
 * Each reported time is placed on a timeline that starts at the first
 * reported time: a later field that reads earlier on the clock has crossed
 * midnight.  The whole night must fit in 24 hours.
 */
#include "core/sleep.h"

#include <math.h>

void
br_night_init(struct br_night *n)
{
	n->bed = n->try_ = n->sol = n->wakes = n->waso = BR_UNSET;
	n->final = n->up = n->quality = BR_UNSET;
}

/* Positions of bed, try, final, up on one timeline (BR_UNSET kept);
 * returns the span from the first to the last reported time. */
static int
timeline(const struct br_night *n, int pos[4])
{
	const int t[4] = {n->bed, n->try_, n->final, n->up};
	int first = BR_UNSET, prev = BR_UNSET;

	for (int i = 0; i < 4; i++) {
		pos[i] = BR_UNSET;
		if (t[i] == BR_UNSET)
			continue;
		if (prev == BR_UNSET) {
			pos[i] = t[i];
			first = t[i];
		} else {
			pos[i] = prev +
			         ((t[i] - prev % 1440) % 1440 + 1440) % 1440;
		}
		prev = pos[i];
	}
	return prev == BR_UNSET ? 0 : prev - first;
}

int
br_night_check(const struct br_night *n, struct br_err *err)
{
	int pos[4];
	int span = timeline(n, pos);

	if (span >= 1440)
		return br_error(err, BR_EINVAL, "up",
		                "the night's times must run bed, try, final, "
		                "up within 24 hours");
	if (pos[1] != BR_UNSET && pos[2] != BR_UNSET) {
		int night = pos[2] - pos[1];
		int sol = n->sol == BR_UNSET ? 0 : n->sol;
		int waso = n->waso == BR_UNSET ? 0 : n->waso;

		if (sol > night)
			return br_error(err, BR_EINVAL, "sol",
			                "sol of %d minutes is longer than the "
			                "%d minutes from try to final",
			                sol, night);
		if (sol + waso > night)
			return br_error(err, BR_EINVAL, "waso",
			                "sol (%d) plus waso (%d) is longer "
			                "than the %d minutes from try to final",
			                sol, waso, night);
	}
	if (n->wakes == 0 && n->waso > 0)
		return br_error(err, BR_EINVAL, "waso",
		                "waso of %d minutes needs at least one "
		                "awakening, but wakes is 0",
		                n->waso);
	return 0;
}

void
br_sleep_derive(const struct br_night *n, struct br_sleep_metrics *out)
{
	int pos[4];

	out->tib_min = out->tst_min = out->twak_min = BR_UNSET;
	out->se_pct = -1.0;
	if (timeline(n, pos) >= 1440)
		return;
	if (pos[0] != BR_UNSET && pos[3] != BR_UNSET)
		out->tib_min = pos[3] - pos[0];
	if (pos[2] != BR_UNSET && pos[3] != BR_UNSET)
		out->twak_min = pos[3] - pos[2];
	if (pos[1] != BR_UNSET && pos[2] != BR_UNSET && n->sol != BR_UNSET &&
	    n->waso != BR_UNSET) {
		int tst = pos[2] - pos[1] - n->sol - n->waso;
		out->tst_min = tst < 0 ? 0 : tst;
	}
	if (out->tib_min > 0 && out->tst_min != BR_UNSET)
		out->se_pct =
		        round(1000.0 * out->tst_min / out->tib_min) / 10.0;
}
