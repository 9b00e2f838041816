/*
 * records.c - the core records' unset values (see records.h).
 */
#include "model/records.h"

#include <string.h>

void
br_diary_day_init(struct br_diary_day *d)
{
	memset(d, 0, sizeof(*d));
	br_night_init(&d->night);
	d->pain = d->pain_worst = d->activity_min = BR_UNSET;
}

void
br_session_init(struct br_session *x)
{
	memset(x, 0, sizeof(*x));
	x->needles = x->retention_min = x->depth_mm = x->deqi = BR_UNSET;
	x->ea_minutes = x->pain_before = x->pain_after = BR_UNSET;
	x->ea_ma = -1.0;
}
