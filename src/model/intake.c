/*
 * intake.c - the intake record's unset values (see intake.h).
 */
#include "model/intake.h"

#include <string.h>

void
br_intake_init(struct br_intake *x)
{
	memset(x, 0, sizeof(*x));
	x->sitting_hours = x->height_cm = x->cigarettes_per_day = BR_UNSET;
	x->position_difficulty = x->night_pain = x->pain_wakes = BR_UNSET;
	x->mattress_years = x->pillows = x->knee_pillow = BR_UNSET;
	x->weight_kg = -1.0;
}
