/*
 * phase.h - how long an episode has lasted and its phase under each
 * guideline's definition (docs/clinical/thresholds.md): Cochrane 2025 acute < 6
 * weeks, subacute 6-12, chronic > 12; ACP 2017 acute < 4, subacute 4-12,
 * chronic > 12.  Weeks are days / 7, so "chronic > 12 weeks" starts on day
 * 85.  Pure.
 */
#ifndef BR_CORE_PHASE_H
#define BR_CORE_PHASE_H

#include <stdint.h>

enum br_phase_id { BR_PHASE_ACUTE, BR_PHASE_SUBACUTE, BR_PHASE_CHRONIC };

struct br_phase {
	int32_t days; /* today - onset, >= 0 */
	double weeks; /* days / 7, one decimal */
	enum br_phase_id cochrane;
	enum br_phase_id acp;
};

/* Phase of an episode with the given onset, on day today (onset <= today;
 * a later onset is treated as day 0). */
void br_phase_of(int32_t onset, int32_t today, struct br_phase *out);

/* "acute", "subacute" or "chronic". */
const char *br_phase_name(enum br_phase_id p);

#endif
