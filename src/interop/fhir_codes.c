/*
 * fhir_codes.c - backrest's own code systems as FHIR CodeSystem resources,
 * and the codes of the Observations backrest writes.
 *
 * Where a LOINC code exists it is used (pain 72514-3, sleep duration
 * 93832-4); everything else is coded in a backrest code
 * system published with the export.  Acupuncture points are the WHO
 * standard alphanumeric ids from data/charting.json (WHO 2008), so the
 * point code system is generated from the same vocabulary that charting
 * checks against.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/charting.h"
#include "model/instruments.h"
#include "model/library.h"
#include "model/sleep_device.h"
#include "model/vocab.h"
#include "core/redflag.h"
#include "interop/fhir_internal.h"
#include "store/tcm.h"

const struct br_metric_def br_metrics[BR_M_COUNT] = {
        [BR_M_PAIN] = {"pain", BR_LOINC, BR_LOINC_PAIN,
                       "Pain severity - 0-10 verbal numeric rating [Score] "
                       "- Reported",
                       "{score}"},
        [BR_M_PAIN_WORST] = {"pain-worst", BR_FHIR_CS BR_CS_OBS, "pain-worst",
                             "Worst pain of the day, 0-10", "{score}"},
        [BR_M_ACTIVITY] = {"activity", BR_FHIR_CS BR_CS_OBS, "activity",
                           "Minutes of activity in the day", "min"},
        [BR_M_TIB] = {"time-in-bed", BR_FHIR_CS BR_CS_OBS, "time-in-bed",
                      "Time in bed, got into bed to got up", "min"},
        [BR_M_TST] = {"sleep-duration", BR_LOINC, BR_LOINC_TST,
                      "Sleep duration", "min"},
        [BR_M_SOL] = {"sleep-onset-latency", BR_FHIR_CS BR_CS_OBS,
                      "sleep-onset-latency", "Sleep onset latency (SOL)",
                      "min"},
        [BR_M_WASO] = {"waso", BR_FHIR_CS BR_CS_OBS, "waso",
                       "Wake after sleep onset (WASO)", "min"},
        [BR_M_WAKES] = {"awakenings", BR_FHIR_CS BR_CS_OBS, "awakenings",
                        "Number of awakenings, not counting the final one", ""},
        [BR_M_QUALITY] = {"sleep-quality", BR_FHIR_CS BR_CS_OBS,
                          "sleep-quality",
                          "Sleep quality of the night, 0 very poor to 4 "
                          "very good",
                          ""},
        [BR_M_NOTE] = {"note", BR_FHIR_CS BR_CS_OBS, "diary-note", "Diary note",
                       NULL},
        [BR_M_SESSION_BEFORE] = {"pain-before", BR_FHIR_CS BR_CS_OBS,
                                 "session-pain-before",
                                 "Pain 0-10 before the treatment session",
                                 "{score}"},
        [BR_M_SESSION_AFTER] = {"pain-after", BR_FHIR_CS BR_CS_OBS,
                                "session-pain-after",
                                "Pain 0-10 after the treatment session",
                                "{score}"},
};

struct concept {
	const char *code, *display;
};

static const struct concept modalities[] = {
        {"acupuncture", "Acupuncture (manual needling)"},
        {"cupping", "Cupping"},
        {"electroacupuncture", "Electroacupuncture"},
        {"massage", "Massage"},
        {"moxibustion", "Moxibustion"},
        {NULL, NULL},
};

static const struct concept techniques[] = {
        {"cupping-dry", "Dry cupping"},
        {"cupping-wet", "Wet cupping"},
        {"cupping-moving", "Moving (sliding) cupping"},
        {"cupping-flash", "Flash cupping"},
        {"moxa-stick", "Moxa stick"},
        {"moxa-needle-head", "Moxa on the needle head"},
        {"moxa-indirect", "Indirect moxibustion"},
        {"moxa-box", "Moxa box"},
        {"massage-deep-tissue", "Deep tissue massage"},
        {"massage-swedish", "Swedish massage"},
        {"massage-trigger-point", "Trigger point therapy"},
        {NULL, NULL},
};

static const struct concept conditions[] = {
        {"low-back-pain", "Low back pain"},
        {"mid-back-pain", "Mid back (thoracic) pain"},
        {"neck-pain", "Neck pain"},
        {NULL, NULL},
};

static const struct concept lateralities[] = {
        {"both", "Both sides"},
        {"left", "Left side"},
        {"right", "Right side"},
        {"midline", "Midline (unpaired point)"},
        {NULL, NULL},
};

static const struct concept roles[] = {
        {"practitioner", "Practitioner"},
        {"admin", "Administrator"},
        {NULL, NULL},
};

static const struct concept tiers[] = {
        {"none", "No red flag: no referral needed"},
        {"urgent", "Urgent: same-week medical review"},
        {"emergency", "Emergency: same-day emergency department"},
        {NULL, NULL},
};

static const struct concept tcm_codes[] = {
        {"tongue", "Tongue inspection"},
        {"pulse", "Pulse palpation"},
        {"differentiation", "Eight principles and pattern differentiation"},
        {"tongue-colour", "Tongue body colour"},
        {"tongue-shape", "Tongue shape"},
        {"tongue-coat", "Tongue coat"},
        {"tongue-moisture", "Tongue moisture"},
        {"pulse-rate", "Pulse rate"},
        {"pulse-overall", "Pulse quality, overall"},
        {"pulse-left-cun", "Pulse quality, left cun"},
        {"pulse-left-guan", "Pulse quality, left guan"},
        {"pulse-left-chi", "Pulse quality, left chi"},
        {"pulse-right-cun", "Pulse quality, right cun"},
        {"pulse-right-guan", "Pulse quality, right guan"},
        {"pulse-right-chi", "Pulse quality, right chi"},
        {"principle", "Eight principles"},
        {"pattern", "Pattern (in rank order)"},
        {"treatment-principle", "Treatment principle"},
        {NULL, NULL},
};

static const struct concept moistures[] = {
        {"dry", "Dry"}, {"normal", "Normal"}, {"moist", "Moist"},
        {"wet", "Wet"}, {NULL, NULL},
};

static const struct concept other_obs[] = {
        {BR_OBS_SCREEN, "Red-flag screen"},
        {BR_OBS_HERB_AE, "Adverse effect reported for a herbal "
                         "prescription"},
        {BR_OBS_EX_LOG, "Home exercise session"},
        {BR_OBS_PACE, "Activity pacing, done on the day"},
        {BR_OBS_ROUTINE, "Bedtime routine steps done"},
        {"exercise", "Exercise (level of a ladder)"},
        {"reps", "Repetitions done"},
        {"pain-during", "Pain 0-10 during the exercise"},
        {"next-morning-pain", "Pain 0-10 the next morning"},
        {"rom-loss", "Loss of range of motion"},
        {"reinjury", "Re-injury"},
        {"paced-activity", "Paced activity"},
        {"recovered", "Recovered by the same time the next day"},
        {"flare", "Pain flare"},
        {NULL, NULL},
};

static const struct concept plan_activities[] = {
        {BR_PLAN_COURSE, "Course of treatment"},
        {BR_PLAN_EXERCISE, "Home exercise"},
        {BR_PLAN_PACING, "Activity pacing quota"},
        {BR_PLAN_ROUTINE, "Bedtime routine"},
        {NULL, NULL},
};

static const struct concept changes[] = {
        {"worse", "Worse than before the session"},
        {"same", "The same as before the session"},
        {"better", "Better than before the session"},
        {NULL, NULL},
};

static const struct {
	const char *unit, *ucum;
} units[] = {
        {"min", "min"},
        {"m", "m"},
        {"steps", "{steps}"},
        {"reps", "{reps}"},
};

const char *
br_fhir_ucum_of(const char *unit)
{
	for (size_t i = 0; unit && i < sizeof(units) / sizeof(units[0]); i++)
		if (strcmp(units[i].unit, unit) == 0)
			return units[i].ucum;
	return NULL;
}

const char *
br_fhir_unit_of(const char *ucum)
{
	for (size_t i = 0; ucum && i < sizeof(units) / sizeof(units[0]); i++)
		if (strcmp(units[i].ucum, ucum) == 0)
			return units[i].unit;
	return NULL;
}

const struct br_vocab_cs br_fhir_vocab_cs[] = {
        {"tcm-tongue-colour", "tcm.json", "tongue_colours",
         "Tongue body colours (TCM)"},
        {"tcm-tongue-shape", "tcm.json", "tongue_shapes",
         "Tongue shapes (TCM)"},
        {"tcm-tongue-coat", "tcm.json", "tongue_coats", "Tongue coats (TCM)"},
        {"tcm-pulse-quality", "tcm.json", "pulse_qualities",
         "Pulse qualities (TCM)"},
        {"tcm-pattern", "tcm_patterns.json", "patterns",
         "Pattern differentiation (TCM)"},
        {"intake-location", "intake.json", "locations",
         "Pain locations (intake)"},
        {"intake-aggravating", "intake.json", "aggravating",
         "Aggravating factors (intake)"},
        {"intake-easing", "intake.json", "easing", "Easing factors (intake)"},
        {"intake-condition", "intake.json", "conditions",
         "Known conditions (intake)"},
        {"intake-treatment", "intake.json", "treatments",
         "Current treatments (intake)"},
        {"herbal-adverse-effect", "herbal.json", "adverse_effects",
         "Adverse effects of herbal prescriptions"},
        {"bedtime-step", "bedtime.json", "steps", "Bedtime routine steps"},
        {"checkin-rule", "aftercare.json", "thresholds",
         "Check-in rules (aftercare thresholds)"},
        {NULL, NULL, NULL, NULL},
};

const char *
br_fhir_vocab_cs_name(const char *file, const char *list)
{
	for (const struct br_vocab_cs *v = br_fhir_vocab_cs; v->name; v++)
		if (strcmp(v->file, file) == 0 && strcmp(v->list, list) == 0)
			return v->name;
	return NULL;
}

const char *
br_fhir_cs_url(const char *name)
{
	static const char *const urls[] = {
	        BR_FHIR_CS BR_CS_POINT,
	        BR_FHIR_CS BR_CS_MODALITY,
	        BR_FHIR_CS BR_CS_TECHNIQUE,
	        BR_FHIR_CS BR_CS_REGION,
	        BR_FHIR_CS BR_CS_ADVERSE,
	        BR_FHIR_CS BR_CS_OBS,
	        BR_FHIR_CS BR_CS_CONDITION,
	        BR_FHIR_CS BR_CS_LATERALITY,
	        BR_FHIR_CS BR_CS_INSTRUMENT,
	        BR_FHIR_CS BR_CS_BAND,
	        BR_FHIR_CS BR_CS_REDFLAG,
	        BR_FHIR_CS BR_CS_TIER,
	        BR_FHIR_CS BR_CS_TCM,
	        BR_FHIR_CS BR_CS_PRINCIPLE,
	        BR_FHIR_CS BR_CS_ROLE,
	        BR_FHIR_CS BR_CS_MOISTURE,
	        BR_FHIR_CS "tcm-tongue-colour",
	        BR_FHIR_CS "tcm-tongue-shape",
	        BR_FHIR_CS "tcm-tongue-coat",
	        BR_FHIR_CS "tcm-pulse-quality",
	        BR_FHIR_CS "tcm-pattern",
	        BR_FHIR_CS "intake-location",
	        BR_FHIR_CS "intake-aggravating",
	        BR_FHIR_CS "intake-easing",
	        BR_FHIR_CS "intake-condition",
	        BR_FHIR_CS "intake-treatment",
	        BR_FHIR_CS "herbal-adverse-effect",
	        BR_FHIR_CS "bedtime-step",
	        BR_FHIR_CS "checkin-rule",
	        BR_FHIR_CS BR_CS_TREATMENT,
	        BR_FHIR_CS BR_CS_EXERCISE,
	        BR_FHIR_CS BR_CS_PLAN_ACT,
	        BR_FHIR_CS BR_CS_CHANGE,
	        BR_FHIR_CS BR_CS_DEV_SLEEP,
	};
	size_t base = strlen(BR_FHIR_CS);

	for (size_t i = 0; i < sizeof(urls) / sizeof(urls[0]); i++)
		if (strcmp(urls[i] + base, name) == 0)
			return urls[i];
	return NULL;
}

static const char *
find(const struct concept *c, const char *code)
{
	for (; c->code; c++)
		if (strcmp(c->code, code) == 0)
			return c->display;
	return NULL;
}

const char *
br_fhir_display(const char *cs, const char *code)
{
	if (strcmp(cs, BR_CS_MODALITY) == 0)
		return find(modalities, code);
	if (strcmp(cs, BR_CS_TECHNIQUE) == 0)
		return find(techniques, code);
	if (strcmp(cs, BR_CS_CONDITION) == 0)
		return find(conditions, code);
	if (strcmp(cs, BR_CS_LATERALITY) == 0)
		return find(lateralities, code);
	if (strcmp(cs, BR_CS_ROLE) == 0)
		return find(roles, code);
	if (strcmp(cs, BR_CS_TIER) == 0)
		return find(tiers, code);
	if (strcmp(cs, BR_CS_TCM) == 0)
		return find(tcm_codes, code);
	if (strcmp(cs, BR_CS_PLAN_ACT) == 0)
		return find(plan_activities, code);
	if (strcmp(cs, BR_CS_CHANGE) == 0)
		return find(changes, code);
	if (strcmp(cs, BR_CS_OBS) == 0)
		return find(other_obs, code);
	if (strcmp(cs, BR_CS_DEV_SLEEP) == 0)
		for (int i = 0; br_sleep_sources[i]; i++)
			if (strcmp(br_sleep_sources[i], code) == 0)
				return br_sleep_source_methods[i];
	return NULL;
}

const char *
br_fhir_obs_display(const char *code)
{
	return find(other_obs, code);
}

static json_t *
concepts(const struct concept *c)
{
	json_t *a = json_array();

	for (; c->code; c++)
		json_array_append_new(a,
		                      json_pack("{s:s, s:s}", "code", c->code,
		                                "display", c->display));
	return a;
}

/* One method per sleep source (model/sleep_device.h). */
static json_t *
sleep_method_concepts(void)
{
	json_t *a = json_array();

	for (int i = 0; br_sleep_sources[i]; i++)
		json_array_append_new(
		        a, json_pack("{s:s, s:s}", "code", br_sleep_sources[i],
		                     "display", br_sleep_source_methods[i]));
	return a;
}

/* Every concept of a vocabulary list of charting.json: code = display. */
static json_t *
word_concepts(const char *list)
{
	json_t *a = json_array(), *v;
	size_t i;

	json_array_foreach(json_object_get(br_charting_data(), list), i, v)
	{
		json_array_append_new(
		        a, json_pack("{s:O, s:O}", "code", v, "display", v));
	}
	return a;
}

/* The WHO point ids: each channel's and extra group's points 1..n, and
 * a-shi; the display names the channel (and the pinyin of common
 * points). */
static json_t *
point_concepts(void)
{
	static const char *const groups[] = {"channels", "extra"};
	json_t *vocab = br_charting_data(), *a = json_array(), *c;
	json_t *common = json_object_get(vocab, "common");
	size_t i, j;

	for (size_t g = 0; g < 2; g++)
		json_array_foreach(json_object_get(vocab, groups[g]), i, c)
		{
			const char *id =
			        json_string_value(json_object_get(c, "id"));
			const char *name =
			        json_string_value(json_object_get(c, "name"));
			json_int_t n = json_integer_value(
			        json_object_get(c, "points"));

			for (json_int_t k = 1; k <= n; k++) {
				char code[40], display[128];
				const char *pinyin = NULL;
				json_t *p;

				snprintf(code, sizeof(code), "%s%lld", id,
				         (long long)k);
				json_array_foreach(common, j, p)
				{
					if (strcmp(json_string_value(
					                   json_object_get(
					                           p, "id")),
					           code) == 0)
						pinyin = json_string_value(
						        json_object_get(
						                p, "pinyin"));
				}
				if (name)
					snprintf(display, sizeof(display),
					         "%s %lld%s%s%s", name,
					         (long long)k,
					         pinyin ? " (" : "",
					         pinyin ? pinyin : "",
					         pinyin ? ")" : "");
				else
					snprintf(display, sizeof(display),
					         "Extra point %s%s%s%s", code,
					         pinyin ? " (" : "",
					         pinyin ? pinyin : "",
					         pinyin ? ")" : "");
				json_array_append_new(
				        a, json_pack("{s:s, s:s}", "code", code,
				                     "display", display));
			}
		}
	json_array_append_new(a,
	                      json_pack("{s:s, s:s}", "code", "ashi", "display",
	                                "A-shi point (tender point)"));
	return a;
}

static json_t *
metric_concepts(void)
{
	json_t *a = concepts(other_obs);

	for (int m = 0; m < BR_M_COUNT; m++)
		if (strcmp(br_metrics[m].system, BR_LOINC) != 0)
			json_array_append_new(
			        a, json_pack("{s:s, s:s}", "code",
			                     br_metrics[m].code, "display",
			                     br_metrics[m].display));
	return a;
}

/* The entries of a vocabulary list: code, and label or name. */
static json_t *
vocab_concepts(const char *file, const char *list)
{
	json_t *a = json_array(), *v;
	size_t i;

	json_array_foreach(json_object_get(br_vocab_file(file), list), i, v)
	{
		const char *code =
		        json_string_value(json_object_get(v, "code"));
		const char *label = br_vocab_label(file, list, code);

		json_array_append_new(a, json_pack("{s:s, s:s}", "code", code,
		                                   "display",
		                                   label ? label : code));
	}
	return a;
}

static json_t *
redflag_concepts(void)
{
	json_t *a = json_array();

	for (const struct br_redflag *f = br_redflags; f->id; f++)
		json_array_append_new(a, json_pack("{s:s, s:s}", "code", f->id,
		                                   "display", f->label));
	return a;
}

static json_t *
principle_concepts(void)
{
	json_t *a = json_array();

	for (int i = 0; br_tcm_principles[i]; i++) {
		char d[32];

		snprintf(d, sizeof(d), "%s", br_tcm_principles[i]);
		d[0] = (char)(d[0] - 'a' + 'A');
		json_array_append_new(a, json_pack("{s:s, s:s}", "code",
		                                   br_tcm_principles[i],
		                                   "display", d));
	}
	return a;
}

/* The treatments of the evidence table (plan items). */
static json_t *
treatment_concepts(void)
{
	const struct br_evidence *ev = br_library_evidence();
	json_t *a = json_array();

	for (int i = 0; i < ev->n_treatments; i++)
		json_array_append_new(
		        a, json_pack("{s:s, s:s}", "code", ev->treatments[i].id,
		                     "display", ev->treatments[i].label));
	return a;
}

/* Every level of every ladder of the exercise library. */
static json_t *
exercise_concepts(void)
{
	const struct br_exercises *lib = br_library_exercises();
	json_t *a = json_array();

	for (int i = 0; i < lib->n_levels; i++)
		json_array_append_new(a, json_pack("{s:s, s:s}", "code",
		                                   lib->levels[i].id, "display",
		                                   lib->levels[i].label));
	return a;
}

static json_t *
code_system(const char *name, const char *title, const char *description,
            json_t *list)
{
	char id[64], machine[64];
	size_t k = 0;
	bool up = true;

	snprintf(id, sizeof(id), "backrest-%s", name);
	/* "acupuncture-point" -> "BackrestAcupuncturePoint" */
	k = (size_t)snprintf(machine, sizeof(machine), "Backrest");
	for (const char *p = name; *p && k + 1 < sizeof(machine); p++) {
		if (*p == '-') {
			up = true;
			continue;
		}
		machine[k++] = up && *p >= 'a' && *p <= 'z'
		                       ? (char)(*p - 'a' + 'A')
		                       : *p;
		up = false;
	}
	machine[k] = '\0';
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b, "
	                 "s:s, s:s, s:I, s:o}",
	                 "resourceType", "CodeSystem", "id", id, "url",
	                 br_fhir_cs_url(name), "version", "1", "name", machine,
	                 "title", title, "status", "active", "publisher",
	                 "backrest", "caseSensitive", 1, "description",
	                 description, "content", "complete", "count",
	                 (json_int_t)json_array_size(list), "concept", list);
}

static int
emit_all(json_t **cs, size_t n, br_fhir_emit_fn emit, void *ctx,
         struct br_err *err)
{
	int rc = 0;

	for (size_t i = 0; i < n; i++) {
		if (rc == 0 && cs[i] == NULL)
			rc = br_error(err, BR_ENOMEM, "", "out of memory");
		if (rc == 0)
			rc = emit(ctx, cs[i], err);
		else
			json_decref(cs[i]);
	}
	return rc;
}

int
br_fhir_code_systems(br_fhir_emit_fn emit, void *ctx, struct br_err *err)
{
	json_t *cs[48];
	size_t n = 0;

	cs[n++] = code_system(BR_CS_POINT,
	                      "Acupuncture points (WHO standard ids)",
	                      "WHO Standard Acupuncture Point Locations in the "
	                      "Western Pacific Region (2008): alphanumeric "
	                      "point ids of the 14 channels, the WHO extra "
	                      "points and a-shi points.",
	                      point_concepts());
	cs[n++] = code_system(BR_CS_MODALITY, "Treatment modalities",
	                      "The modalities of a backrest treatment session.",
	                      concepts(modalities));
	cs[n++] = code_system(BR_CS_TECHNIQUE, "Treatment techniques",
	                      "Types of cupping, moxibustion and massage "
	                      "(STRICTA co-interventions).",
	                      concepts(techniques));
	cs[n++] = code_system(BR_CS_REGION, "Body regions treated",
	                      "Body regions charted for a session or an "
	                      "episode.",
	                      word_concepts("regions"));
	cs[n++] = code_system(BR_CS_ADVERSE, "Adverse events after treatment",
	                      "Adverse events charted for a treatment session.",
	                      word_concepts("adverse_events"));
	cs[n++] = code_system(BR_CS_OBS, "backrest observations",
	                      "Diary and session observations that have no "
	                      "LOINC code (sleep quality, SOL, WASO, "
	                      "awakenings, time in bed, worst pain, activity, "
	                      "session pain), the red-flag screen and herbal "
	                      "adverse effects.",
	                      metric_concepts());
	cs[n++] = code_system(BR_CS_CONDITION, "Back pain conditions",
	                      "The condition of an episode of care, by region.",
	                      concepts(conditions));
	cs[n++] = code_system(BR_CS_LATERALITY, "Laterality of a point",
	                      "On which side an acupuncture point was needled.",
	                      concepts(lateralities));
	cs[n++] = code_system(BR_CS_ROLE, "backrest user roles",
	                      "The role of a backrest account that charts.",
	                      concepts(roles));
	cs[n++] = code_system(BR_CS_REDFLAG, "Red flags of back pain",
	                      "The red flags of backrest's screen (Finucane "
	                      "et al. 2020).",
	                      redflag_concepts());
	cs[n++] = code_system(BR_CS_TIER, "Red-flag screen tiers",
	                      "The referral tier a red-flag screen sets "
	                      "(emergency, urgent or none).",
	                      concepts(tiers));
	cs[n++] = code_system(BR_CS_TCM, "TCM findings",
	                      "The Observations and components of a TCM "
	                      "assessment: tongue, pulse, differentiation.",
	                      concepts(tcm_codes));
	cs[n++] = code_system(BR_CS_PRINCIPLE, "Eight principles (TCM)",
	                      "The eight principles of differentiation.",
	                      principle_concepts());
	cs[n++] = code_system(BR_CS_MOISTURE, "Tongue moisture (TCM)",
	                      "How moist the tongue is.", concepts(moistures));
	cs[n++] = code_system(BR_CS_TREATMENT, "Treatments of a care plan",
	                      "The treatments of backrest's evidence table "
	                      "(data/evidence.json) that a plan item names.",
	                      treatment_concepts());
	cs[n++] =
	        code_system(BR_CS_EXERCISE, "Home exercises",
	                    "The levels of the ladders of backrest's exercise "
	                    "library (data/exercises.json), easiest first.",
	                    exercise_concepts());
	cs[n++] =
	        code_system(BR_CS_PLAN_ACT, "Kinds of plan activity",
	                    "What a ServiceRequest of a backrest care plan "
	                    "asks for: a course of treatment, a home "
	                    "exercise, a pacing quota or the bedtime routine.",
	                    concepts(plan_activities));
	cs[n++] = code_system(BR_CS_CHANGE, "Change since the session",
	                      "Energy and mood the day after a session, "
	                      "compared with before it.",
	                      concepts(changes));
	cs[n++] = code_system(BR_CS_DEV_SLEEP, "Sleep tracker methods",
	                      "How a device night's figures were made: the "
	                      "kind of export they were read from, read with "
	                      "the Consensus Sleep Diary's definitions (Carney "
	                      "et al. 2012). None is polysomnography.",
	                      sleep_method_concepts());
	for (const struct br_vocab_cs *v = br_fhir_vocab_cs; v->name; v++)
		cs[n++] = code_system(v->name, v->title,
		                      json_string_value(json_object_get(
		                              br_vocab_file(v->file), "about")),
		                      vocab_concepts(v->file, v->list));
	return emit_all(cs, n, emit, ctx, err);
}

int
br_fhir_instrument_code_systems(const struct br_instrument_set *set,
                                br_fhir_emit_fn emit, void *ctx,
                                struct br_err *err)
{
	json_t *scores = json_array(), *bands = json_array(), *cs[2];

	for (int i = 0; set && i < set->n; i++) {
		const struct br_instrument *in = set->items[i];

		json_array_append_new(scores,
		                      json_pack("{s:s, s:s}", "code", in->id,
		                                "display", in->name));
		for (int k = 0; k < in->n_subscores; k++) {
			char code[64];

			snprintf(code, sizeof(code), "%s.%s", in->id,
			         in->subscores[k].id);
			json_array_append_new(
			        scores,
			        json_pack("{s:s, s:s}", "code", code, "display",
			                  in->subscores[k].label
			                          ? in->subscores[k].label
			                          : code));
		}
		for (int k = 0; k < in->n_bands; k++) {
			char code[64];

			snprintf(code, sizeof(code), "%s.%s", in->id,
			         in->bands[k].id);
			json_array_append_new(
			        bands,
			        json_pack("{s:s, s:s}", "code", code, "display",
			                  in->bands[k].label
			                          ? in->bands[k].label
			                          : in->bands[k].id));
		}
	}
	cs[0] = code_system(BR_CS_INSTRUMENT, "Instrument scores",
	                    "The total and subscores of backrest's "
	                    "instruments (data/instruments): <instrument> and "
	                    "<instrument>.<subscore>.",
	                    scores);
	cs[1] = code_system(BR_CS_BAND, "Instrument bands",
	                    "The published bands of backrest's instruments: "
	                    "<instrument>.<band>.",
	                    bands);
	return emit_all(cs, 2, emit, ctx, err);
}

/* The next-day check-in (data/aftercare.json questions) as a
 * Questionnaire: soreness 0-10, energy and mood against before the session
 * (checkin-change), anything unusual. */
json_t *
br_fhir_aftercare_questionnaire(void)
{
	static const char *const types[][2] = {{"soreness", "integer"},
	                                       {"energy", "choice"},
	                                       {"mood", "choice"},
	                                       {"unusual", "text"}};
	json_t *qs =
	        json_object_get(br_vocab_file("aftercare.json"), "questions");
	json_t *items = json_array();

	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		const char *text = types[i][0];
		json_t *q, *it;
		size_t k;

		json_array_foreach(qs, k, q)
		{
			const char *c =
			        json_string_value(json_object_get(q, "code"));

			if (c && strcmp(c, types[i][0]) == 0 &&
			    json_is_string(json_object_get(q, "text")))
				text = json_string_value(
				        json_object_get(q, "text"));
		}
		it = json_pack("{s:s, s:s, s:s, s:b}", "linkId", types[i][0],
		               "text", text, "type", types[i][1], "required",
		               i < 3);
		if (i == 0)
			json_object_set_new(
			        it, "extension",
			        json_pack("[{s:s, s:i}, {s:s, s:i}]", "url",
			                  "http://hl7.org/fhir/"
			                  "StructureDefinition/"
			                  "minValue",
			                  "valueInteger", 0, "url",
			                  "http://hl7.org/fhir/"
			                  "StructureDefinition/"
			                  "maxValue",
			                  "valueInteger", 10));
		if (i == 1 || i == 2) {
			json_t *opts = json_array();

			for (const struct concept *c = changes; c->code; c++)
				json_array_append_new(
				        opts, json_pack("{s:{s:s, s:s, s:s}}",
				                        "valueCoding", "system",
				                        BR_FHIR_CS BR_CS_CHANGE,
				                        "code", c->code,
				                        "display", c->display));
			json_object_set_new(it, "answerOption", opts);
		}
		json_array_append_new(items, it);
	}
	return json_pack("{s:s, s:s, s:s, s:[{s:s, s:s}], s:s, s:s, s:s, "
	                 "s:s, s:[s], s:s, s:o}",
	                 "resourceType", "Questionnaire", "id", "q-aftercare",
	                 "url", BR_FHIR_BASE "/Questionnaire/" BR_Q_AFTERCARE,
	                 "identifier", "system", BR_FHIR_NS BR_NS_INSTRUMENT,
	                 "value", BR_Q_AFTERCARE, "version", "1", "name",
	                 "BackrestAftercareCheckin", "title",
	                 "backrest next-day check-in", "status", "active",
	                 "subjectType", "Patient", "description",
	                 "The three questions the day after a treatment "
	                 "session: soreness 0-10, energy and mood compared "
	                 "with before the session, and anything unusual.",
	                 "item", items);
}
