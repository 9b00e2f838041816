/*
 * tcm.c - the TCM assessment record: pulse positions, the eight principles,
 * unset values (see tcm.h).
 */
#include "model/tcm.h"

#include <string.h>

const char *const br_pulse_positions[] = {
        "overall",   "left-cun",   "left-guan", "left-chi",
        "right-cun", "right-guan", "right-chi", NULL};

const char *const br_tcm_principles[] = {"exterior", "interior",   "cold",
                                         "heat",     "deficiency", "excess",
                                         "yin",      "yang",       NULL};

const char *const br_tcm_moistures[] = {"dry", "normal", "moist", "wet", NULL};

void
br_tcm_init(struct br_tcm *x)
{
	memset(x, 0, sizeof(*x));
	x->pulse_rate = BR_UNSET;
}
