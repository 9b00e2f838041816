/*
 * fhir_codes.c - backrest's own code systems as FHIR CodeSystem resources,
 * and the codes of the Observations backrest writes.
 *
 * Where a LOINC code exists it is used (pain 72514-3, sleep duration
 * 93832-4, INTEROP.md 1.4); everything else is coded in a backrest code
 * system published with the export.  Acupuncture points are the WHO
 * standard alphanumeric ids from data/charting.json (WHO 2008), so the
 * point code system is generated from the same vocabulary that charting
 * checks against.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/charting.h"
#include "interop/fhir_internal.h"

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

const char *
br_fhir_cs_url(const char *name)
{
	static const char *const urls[] = {
	        BR_FHIR_CS BR_CS_POINT,     BR_FHIR_CS BR_CS_MODALITY,
	        BR_FHIR_CS BR_CS_TECHNIQUE, BR_FHIR_CS BR_CS_REGION,
	        BR_FHIR_CS BR_CS_ADVERSE,   BR_FHIR_CS BR_CS_OBS,
	        BR_FHIR_CS BR_CS_CONDITION, BR_FHIR_CS BR_CS_LATERALITY,
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
	return NULL;
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
	json_t *a = json_array();

	for (int m = 0; m < BR_M_COUNT; m++)
		if (strcmp(br_metrics[m].system, BR_LOINC) != 0)
			json_array_append_new(
			        a, json_pack("{s:s, s:s}", "code",
			                     br_metrics[m].code, "display",
			                     br_metrics[m].display));
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

int
br_fhir_code_systems(br_fhir_emit_fn emit, void *ctx, struct br_err *err)
{
	json_t *cs[8];
	int rc = 0;

	cs[0] = code_system(BR_CS_POINT,
	                    "Acupuncture points (WHO standard ids)",
	                    "WHO Standard Acupuncture Point Locations in the "
	                    "Western Pacific Region (2008): alphanumeric point "
	                    "ids of the 14 channels, the WHO extra points and "
	                    "a-shi points.",
	                    point_concepts());
	cs[1] = code_system(BR_CS_MODALITY, "Treatment modalities",
	                    "The modalities of a backrest treatment session.",
	                    concepts(modalities));
	cs[2] = code_system(BR_CS_TECHNIQUE, "Treatment techniques",
	                    "Types of cupping, moxibustion and massage "
	                    "(STRICTA co-interventions).",
	                    concepts(techniques));
	cs[3] = code_system(BR_CS_REGION, "Body regions treated",
	                    "Body regions charted for a session or an episode.",
	                    word_concepts("regions"));
	cs[4] = code_system(BR_CS_ADVERSE, "Adverse events after treatment",
	                    "Adverse events charted for a treatment session.",
	                    word_concepts("adverse_events"));
	cs[5] = code_system(BR_CS_OBS, "backrest observations",
	                    "Diary and session observations that have no LOINC "
	                    "code (sleep quality, SOL, WASO, awakenings, time "
	                    "in bed, worst pain, activity, session pain).",
	                    metric_concepts());
	cs[6] = code_system(BR_CS_CONDITION, "Back pain conditions",
	                    "The condition of an episode of care, by region.",
	                    concepts(conditions));
	cs[7] = code_system(BR_CS_LATERALITY, "Laterality of a point",
	                    "On which side an acupuncture point was needled.",
	                    concepts(lateralities));
	for (size_t i = 0; i < 8; i++) {
		if (rc == 0 && cs[i] == NULL)
			rc = br_error(err, BR_ENOMEM, "", "out of memory");
		if (rc == 0)
			rc = emit(ctx, cs[i], err);
		else
			json_decref(cs[i]);
	}
	return rc;
}
