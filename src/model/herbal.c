/*
 * herbal.c - the herbal prescription record's fixed vocabularies (see
 * herbal.h).
 */
#include "model/herbal.h"

#include <string.h>

const char *const br_herbal_forms[] = {
        "decoction", "granules", "powder",   "pills", "tablets",
        "capsules",  "tincture", "liniment", "oil",   "ointment",
        "plaster",   "soak",     NULL};
const char *const br_herbal_topical_forms[] = {"liniment", "oil",  "ointment",
                                               "plaster",  "soak", NULL};
const char *const br_herbal_end_reasons[] = {"completed",      "adverse-effect",
                                             "patient-choice", "changed",
                                             "other",          NULL};
const char *const br_herbal_severities[] = {"mild", "moderate", "severe", NULL};

const char *
br_herbal_route(const char *form)
{
	for (int i = 0; br_herbal_topical_forms[i]; i++)
		if (strcmp(form, br_herbal_topical_forms[i]) == 0)
			return "topical";
	return "internal";
}
