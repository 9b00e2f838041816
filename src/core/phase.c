/*
 * phase.c - episode duration and phase (see phase.h).
 */
#include "core/phase.h"

#include <math.h>

static enum br_phase_id
classify(int32_t days, int acute_weeks)
{
	if (days < acute_weeks * 7)
		return BR_PHASE_ACUTE;
	if (days <= 12 * 7)
		return BR_PHASE_SUBACUTE;
	return BR_PHASE_CHRONIC;
}

void
br_phase_of(int32_t onset, int32_t today, struct br_phase *out)
{
	out->days = today > onset ? today - onset : 0;
	out->weeks = round(out->days / 7.0 * 10.0) / 10.0;
	out->cochrane = classify(out->days, 6);
	out->acp = classify(out->days, 4);
}

const char *
br_phase_name(enum br_phase_id p)
{
	switch (p) {
	case BR_PHASE_ACUTE:
		return "acute";
	case BR_PHASE_SUBACUTE:
		return "subacute";
	case BR_PHASE_CHRONIC:
		return "chronic";
	}
	return "unknown";
}
