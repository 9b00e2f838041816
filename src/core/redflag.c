/*
 * redflag.c - red-flag screening tiers (see redflag.h).
 *
 * Sources (docs/clinical/red-flags.md): the flags by pathology follow the
 * NHS Gloucestershire / Sheffield / Lothian pathway pages (NICE CKS
 * content); the tiers follow the UK "Community red flags for low back
 * pain" sheet (September 2023) and a regional acute back pain pathway;
 * the safety-net advice is backrest's own patient-facing text.  Flags
 * beyond the four IFOMPT pathologies' core signs (multilevel-weakness,
 * major-motor-loss, systemically-unwell, raised-inflammatory-markers,
 * multi-site-pain, sudden-central-pain, inflammatory-back-pain) are the
 * other triggers those pathways name.
 */
#include "core/redflag.h"

#include <stdio.h>
#include <string.h>

#include "core/parse.h"

/* id, label, group, also, emergency, infection risk, derived */
const struct br_redflag br_redflags[] = {
        /* Cauda equina syndrome: a spinal surgical emergency. */
        {"saddle-anaesthesia",
         "saddle anaesthesia or paraesthesia (perianal, perineal)",
         "cauda-equina", NULL, true, false, false},
        {"bladder-dysfunction",
         "bladder dysfunction (retention, incontinence, hesitancy, reduced "
         "sensation of flow)",
         "cauda-equina", NULL, true, false, false},
        {"bowel-dysfunction",
         "bowel dysfunction (faecal incontinence, loss of anal sensation "
         "or tone)",
         "cauda-equina", NULL, true, false, false},
        {"sexual-dysfunction", "new sexual dysfunction", "cauda-equina", NULL,
         true, false, false},
        {"bilateral-leg-symptoms",
         "bilateral sciatica or radicular pain, or one-sided pain becoming "
         "bilateral",
         "cauda-equina", NULL, true, false, false},
        {"progressive-leg-weakness",
         "severe or progressive weakness of both legs", "cauda-equina", NULL,
         true, false, false},
        {"gait-disturbance", "gait disturbance", "cauda-equina", "spinal-cord",
         true, false, false},
        {"multilevel-weakness",
         "weakness at several levels or in several limbs (possible "
         "deteriorating spinal cord pathology)",
         "spinal-cord", NULL, true, false, false},
        /* Spinal infection. */
        {"fever", "fever, chills or rigors", "infection", NULL, false, false,
         false},
        {"systemically-unwell",
         "objectively unwell with spinal pain (systemically unwell)",
         "infection", "malignancy", false, false, false},
        {"immunosuppression",
         "immunosuppression (HIV, chemotherapy, biologics, diabetes)",
         "infection", NULL, false, true, false},
        {"iv-drug-use", "intravenous drug use", "infection", NULL, false, true,
         false},
        {"recent-infection", "recent bacterial infection", "infection", NULL,
         false, true, false},
        {"recent-spinal-procedure",
         "penetrating wound or recent spinal procedure", "infection", NULL,
         false, true, false},
        /* Spinal malignancy. */
        {"cancer-history", "past history of cancer, however long ago",
         "malignancy", NULL, false, false, false},
        {"weight-loss", "recent unexplained weight loss", "malignancy", NULL,
         false, false, false},
        {"night-pain", "persistent night pain not relieved by position",
         "malignancy", NULL, false, false, false},
        {"failure-to-improve", "failure to improve after about a month",
         "malignancy", NULL, false, false, false},
        {"thoracic-pain", "thoracic or band-like pain", "malignancy",
         "infection", false, false, false},
        {"multi-site-pain", "pain at several sites", "malignancy", NULL, false,
         false, false},
        /* Spinal fracture. */
        {"major-trauma", "major trauma", "fracture", NULL, true, false, false},
        {"osteoporosis", "known osteoporosis with new pain", "fracture", NULL,
         false, false, false},
        {"steroid-use", "prolonged corticosteroid use", "fracture", "infection",
         false, true, false},
        {"structural-deformity", "structural deformity of the spine",
         "fracture", "malignancy", false, false, false},
        {"sudden-central-pain",
         "sudden severe central pain relieved by lying down", "fracture", NULL,
         false, false, false},
        /* Other urgent triggers (the community sheet's urgent tier). */
        {"major-motor-loss", "major motor loss (power below 3/5 MRC)",
         "neurological-deficit", NULL, false, false, false},
        {"raised-inflammatory-markers", "raised inflammatory markers",
         "infection", "malignancy", false, false, false},
        {"inflammatory-back-pain",
         "inflammatory back pain (possible axial spondyloarthritis)",
         "inflammatory", NULL, false, false, false},
        /* Derived from the birth date. */
        {"age-under-15",
         "age under 15 with a first episode of back pain on record",
         "malignancy", NULL, false, false, true},
        {"age-over-60",
         "age over 60 with a first episode of back pain on record",
         "malignancy", NULL, false, false, true},
        {NULL, NULL, NULL, NULL, false, false, false},
};

/* Suspected pathologies, most serious first. */
static const char *const pathologies[] = {
        "cauda-equina", "spinal-cord",          "infection",    "fracture",
        "malignancy",   "neurological-deficit", "inflammatory", NULL};

static const char safety_net[] =
        "Go to the emergency department straight away if you develop "
        "numbness between the legs or around the back passage, trouble "
        "passing or controlling urine or stools, or weakness in both legs.";

const struct br_redflag *
br_redflag_find(const char *id)
{
	for (const struct br_redflag *f = br_redflags; f->id; f++)
		if (strcmp(f->id, id) == 0)
			return f;
	return NULL;
}

const char *
br_tier_name(enum br_tier t)
{
	switch (t) {
	case BR_TIER_NONE:
		return "none";
	case BR_TIER_URGENT:
		return "urgent";
	case BR_TIER_EMERGENCY:
		return "emergency";
	}
	return "none";
}

int
br_tier_parse(const char *s)
{
	for (int t = BR_TIER_NONE; t <= BR_TIER_EMERGENCY; t++)
		if (strcmp(s, br_tier_name((enum br_tier)t)) == 0)
			return t;
	return -1;
}

const char *
br_tier_referral(enum br_tier t)
{
	switch (t) {
	case BR_TIER_NONE:
		return "";
	case BR_TIER_URGENT:
		return "refer for a same-week medical review (GP or physician)";
	case BR_TIER_EMERGENCY:
		return "refer to the emergency department or emergency spinal "
		       "service now";
	}
	return "";
}

const char *
br_redflag_age_flag(int age)
{
	if (age < 0)
		return NULL;
	if (age < 15)
		return "age-under-15";
	if (age > 60)
		return "age-over-60";
	return NULL;
}

int
br_age_years(int32_t born, int32_t on)
{
	int by, bm, bd, y, m, d, age;

	if (on < born)
		return -1;
	br_civil_from_days(born, &by, &bm, &bd);
	br_civil_from_days(on, &y, &m, &d);
	age = y - by;
	if (m < bm || (m == bm && d < bd))
		age--;
	return age;
}

static bool
has(const struct br_redflag *const *set, int n, const char *group,
    bool want_risk)
{
	for (int i = 0; i < n; i++)
		if ((group && strcmp(set[i]->group, group) == 0) ||
		    (want_risk && set[i]->infection_risk))
			return true;
	return false;
}

static void
suspect(struct br_screen_result *out, const char *group)
{
	if (group == NULL)
		return;
	for (int i = 0; i < out->n_suspected; i++)
		if (strcmp(out->suspected[i], group) == 0)
			return;
	if (out->n_suspected < BR_REDFLAG_SUSPECTED)
		out->suspected[out->n_suspected++] = group;
}

static bool
suspected(const struct br_screen_result *out, const char *group)
{
	for (int i = 0; i < out->n_suspected; i++)
		if (strcmp(out->suspected[i], group) == 0)
			return true;
	return false;
}

static void
append(char *buf, size_t len, const char *text)
{
	size_t n = strlen(buf);

	if (n < len)
		snprintf(buf + n, len - n, "%s", text);
}

static void
compose_action(struct br_screen_result *out, bool trauma)
{
	char *a = out->action;
	size_t len = sizeof(out->action);

	a[0] = '\0';
	if (out->tier == BR_TIER_NONE) {
		append(a, len,
		       "No red flags found: continue care and screen again at "
		       "every session.");
		return;
	}
	if (out->tier == BR_TIER_EMERGENCY) {
		append(a, len,
		       "Stop treatment and refer now: emergency department or "
		       "emergency spinal service, the same day. Record the "
		       "time this advice was given; no further sessions until "
		       "a clinician clears this screen.");
		if (suspected(out, "cauda-equina"))
			append(a, len,
			       " Suspected cauda equina syndrome is a spinal "
			       "surgical emergency (GIRFT national suspected "
			       "CES "
			       "pathway, 2023).");
		if (suspected(out, "malignancy"))
			append(a, len,
			       " Possible spinal malignancy as well: tell the "
			       "receiving team.");
		return;
	}
	append(a, len,
	       "Refer for a same-week medical review (GP or physician). Treat "
	       "only after a clinician clears this screen with a recorded "
	       "reason.");
	if (suspected(out, "malignancy"))
		append(a, len,
		       " Suspected tumour: urgent imaging via the doctor and a "
		       "2-week-wait cancer referral (UK).");
	if (suspected(out, "fracture") && !trauma)
		append(a, len,
		       " Suspected osteoporotic fracture: the doctor arranges "
		       "an X-ray; pain management in primary care.");
	if (suspected(out, "inflammatory"))
		append(a, len,
		       " Inflammatory back pain: urgent rheumatology review.");
}

int
br_redflag_screen(const char *const *flags, int n, struct br_screen_result *out,
                  struct br_err *err)
{
	const struct br_redflag *set[BR_REDFLAG_MAX];
	bool infection_emergency, trauma;
	int m = 0;

	memset(out, 0, sizeof(*out));
	out->safety_net = safety_net;
	for (int i = 0; i < n; i++) {
		const struct br_redflag *f = br_redflag_find(flags[i]);
		bool dup = false;
		char q[48];

		if (f == NULL) {
			br_quote_value(flags[i], q, sizeof(q));
			return br_error(err, BR_EINVAL, "flag",
			                "'%s' is not a red-flag id (see "
			                "'backrest screen flags')",
			                q);
		}
		for (int k = 0; k < m && !dup; k++)
			dup = set[k] == f;
		if (dup)
			continue;
		if (m == BR_REDFLAG_MAX)
			return br_error(err, BR_EINVAL, "flag",
			                "at most %d red flags per screen",
			                BR_REDFLAG_MAX);
		set[m++] = f;
	}
	/* Keep the table's order so reasons read the same every time. */
	for (int i = 1; i < m; i++)
		for (int k = i; k > 0 && set[k] < set[k - 1]; k--) {
			const struct br_redflag *t = set[k];

			set[k] = set[k - 1];
			set[k - 1] = t;
		}

	/* Fever (or being systemically unwell) with a risk factor. */
	infection_emergency = false;
	for (int i = 0; i < m; i++)
		if (strcmp(set[i]->id, "fever") == 0 ||
		    strcmp(set[i]->id, "systemically-unwell") == 0)
			infection_emergency = has(set, m, NULL, true);
	trauma = false;
	for (int i = 0; i < m; i++) {
		const struct br_redflag *f = set[i];
		enum br_tier t =
		        f->emergency ? BR_TIER_EMERGENCY : BR_TIER_URGENT;

		if (strcmp(f->id, "major-trauma") == 0)
			trauma = true;
		if (t > out->tier)
			out->tier = t;
		snprintf(out->reasons[out->n_reasons++], BR_REDFLAG_REASON,
		         "%s: %s (%s)", f->id, f->label, br_tier_name(t));
	}
	if (infection_emergency) {
		char *r = out->reasons[out->n_reasons++];
		bool first = true;

		append(r, BR_REDFLAG_REASON,
		       "fever or systemic illness with an infection risk "
		       "factor (");
		for (int i = 0; i < m; i++)
			if (set[i]->infection_risk) {
				append(r, BR_REDFLAG_REASON, first ? "" : ", ");
				append(r, BR_REDFLAG_REASON, set[i]->id);
				first = false;
			}
		append(r, BR_REDFLAG_REASON,
		       "): suspected spinal infection (emergency)");
		out->tier = BR_TIER_EMERGENCY;
	}
	for (int p = 0; pathologies[p]; p++)
		for (int i = 0; i < m; i++)
			if (strcmp(set[i]->group, pathologies[p]) == 0 ||
			    (set[i]->also &&
			     strcmp(set[i]->also, pathologies[p]) == 0))
				suspect(out, pathologies[p]);
	compose_action(out, trauma);
	return 0;
}
