/*
 * redflag.h - red flags for serious spinal pathology and the urgency tier
 * they call for (docs/clinical/red-flags.md).
 *
 * A screen is a set of flag ids: those a practitioner found (cauda equina
 * signs, infection, malignancy and fracture flags) and those
 * derived from the record (the age triggers of the urgent tier).
 * br_redflag_screen() turns the set into a tier, the suspected
 * pathologies, one reason per trigger, the action for the practitioner
 * and the patient's safety-net advice:
 *
 *   emergency  any cauda equina sign; deteriorating spinal cord signs;
 *              fever (or feeling systemically unwell) with an infection
 *              risk factor; major trauma
 *   urgent     every other flag: cancer history, weight loss, steroid
 *              use, osteoporosis, immunosuppression, the age triggers ...
 *   none       no flag
 *
 * Single red flags are weak evidence (IFOMPT, Finucane et al. 2020); backrest
 * errs on the side of referral and leaves the judgement, recorded with a
 * reason, to the clinician who clears a screen.  Pure functions; the
 * returned strings are static.
 */
#ifndef BR_CORE_REDFLAG_H
#define BR_CORE_REDFLAG_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"

#define BR_REDFLAG_MAX       40 /* flags in one screen */
#define BR_REDFLAG_REASON    200
#define BR_REDFLAG_ACTION    640
#define BR_REDFLAG_SUSPECTED 8

enum br_tier {
	BR_TIER_NONE,
	BR_TIER_URGENT,
	BR_TIER_EMERGENCY,
};

struct br_redflag {
	const char *id;      /* e.g. "saddle-anaesthesia" */
	const char *label;   /* what it means, in a few words */
	const char *group;   /* cauda-equina, infection, malignancy ... */
	const char *also;    /* a second pathology it points to, or NULL */
	bool emergency;      /* emergency on its own */
	bool infection_risk; /* with fever: suspected spinal infection */
	bool derived;        /* set from the record, never by hand */
};

/* The flags, in screening order; the last entry has a NULL id. */
extern const struct br_redflag br_redflags[];

/* The flag with id, or NULL. */
const struct br_redflag *br_redflag_find(const char *id);

struct br_screen_result {
	enum br_tier tier;
	int n_suspected;
	const char *suspected[BR_REDFLAG_SUSPECTED]; /* pathology ids */
	int n_reasons;
	char reasons[BR_REDFLAG_MAX + 1][BR_REDFLAG_REASON];
	char action[BR_REDFLAG_ACTION];
	const char *safety_net;
};

/*
 * Screens n flag ids (duplicates are ignored).  BR_EINVAL naming the flag
 * when an id is unknown or there are more than BR_REDFLAG_MAX.
 */
int br_redflag_screen(const char *const *flags, int n,
                      struct br_screen_result *out, struct br_err *err);

/* "none", "urgent", "emergency". */
const char *br_tier_name(enum br_tier t);
/* The tier named s, or -1. */
int br_tier_parse(const char *s);
/* The referral in a few words, for messages ("refer to the emergency
 * department or emergency spinal service now"); "" for none. */
const char *br_tier_referral(enum br_tier t);

/*
 * The age trigger of the urgent tier (age under 15 or over 60 with a
 * first-ever episode of back pain): the derived flag id for a patient of
 * age years, or NULL.
 */
const char *br_redflag_age_flag(int age);

/* Whole years from born to on (day numbers); -1 when on < born. */
int br_age_years(int32_t born, int32_t on);

#endif
