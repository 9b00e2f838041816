/*
 * fhir_export_questionnaire.c - FHIR export of instruments
 * (Questionnaire), measures (QuestionnaireResponse, score Observation)
 * and the intake (QuestionnaireResponse, known-condition Conditions).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "interop/fhir_export_internal.h"

/* Instruments: Questionnaire, QuestionnaireResponse, score Observation ---- */

json_t *
fe_episode_ext(int64_t episode_id)
{
	return fe_ext(BR_EXT_EPISODE, "valueReference",
	              fe_reference("EpisodeOfCare", "eoc", episode_id));
}

static const char *
loinc_of(const struct br_instrument *in, const char *key)
{
	return json_string_value(
	        json_object_get(json_object_get(in->doc, "loinc"), key));
}

json_t *
fe_questionnaire(const struct br_instrument *in)
{
	char id[40], url[160], name[64];
	json_t *items = json_array();
	json_t *item_codes =
	        json_object_get(json_object_get(in->doc, "loinc"), "items");
	const char *panel = loinc_of(in, "panel");
	size_t k = 0;

	snprintf(id, sizeof(id), "q-%s", in->id);
	snprintf(url, sizeof(url), "%s/Questionnaire/%s", BR_FHIR_BASE, in->id);
	k = (size_t)snprintf(name, sizeof(name), "Backrest");
	for (const char *p = in->id; *p && k + 1 < sizeof(name); p++)
		if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9'))
			name[k++] = *p >= 'a' ? (char)(*p - 'a' + 'A') : *p;
	name[k] = '\0';
	for (int i = 0; i < in->n_items; i++) {
		const struct br_instr_item *it = &in->items[i];
		const char *code = json_string_value(
		        json_array_get(item_codes, (size_t)i));

		json_array_append_new(
		        items,
		        json_pack("{s:[o, o], s:s, s:o*, s:s, s:s}",
		                  "extension",
		                  json_pack("{s:s, s:i}", "url",
		                            "http://hl7.org/fhir/"
		                            "StructureDefinition/minValue",
		                            "valueInteger", it->min),
		                  json_pack("{s:s, s:i}", "url",
		                            "http://hl7.org/fhir/"
		                            "StructureDefinition/maxValue",
		                            "valueInteger", it->max),
		                  "linkId", it->id, "code",
		                  code ? json_pack("[o]", fe_coding(BR_LOINC,
		                                                    code, NULL))
		                       : NULL,
		                  "text", it->label, "type", "integer"));
	}
	return json_pack(
	        "{s:s, s:s, s:s, s:o, s:s, s:s, s:s, s:s, s:[s], "
	        "s:o*, s:s, s:o}",
	        "resourceType", "Questionnaire", "id", id, "url", url,
	        "identifier", fe_identifier(BR_NS_INSTRUMENT, in->id),
	        "version", in->version, "name", name, "title", in->name,
	        "status", "active", "subjectType", "Patient", "code",
	        panel ? json_pack("[o]", fe_coding(BR_LOINC, panel, NULL))
	              : NULL,
	        "description", in->citation ? in->citation : in->name, "item",
	        items);
}

const struct br_instrument *
fe_instrument_of(const struct br_instrument_set *set, const char *id)
{
	for (int i = 0; set && i < set->n; i++)
		if (strcmp(set->items[i]->id, id) == 0)
			return set->items[i];
	return NULL;
}

json_t *
fe_measure_qr(const struct br_measure *m, const struct br_instrument *in)
{
	char id[40], ident[24], url[160];
	json_t *items = json_array(), *exts;

	snprintf(id, sizeof(id), "qr-m-%lld", (long long)m->id);
	snprintf(ident, sizeof(ident), "%lld", (long long)m->id);
	snprintf(url, sizeof(url), "%s/Questionnaire/%s", BR_FHIR_BASE,
	         m->instrument);
	for (int i = 0; i < m->n_items; i++) {
		const char *link =
		        in && i < in->n_items ? in->items[i].id : NULL;
		char n[16];

		if (link == NULL) {
			snprintf(n, sizeof(n), "%d", i + 1);
			link = n;
		}
		json_array_append_new(
		        items,
		        json_pack("{s:s, s:s*, s:o*}", "linkId", link, "text",
		                  in && i < in->n_items ? in->items[i].label
		                                        : NULL,
		                  "answer",
		                  m->codes[i] == BR_UNSET
		                          ? NULL
		                          : json_pack("[{s:i}]", "valueInteger",
		                                      m->codes[i])));
	}
	exts = json_pack("[o]", fe_episode_ext(m->episode_id));
	if (m->version[0])
		json_array_append_new(exts,
		                      fe_ext(BR_EXT_VERSION, "valueString",
		                             json_string(m->version)));
	if (m->recall[0])
		json_array_append_new(exts, fe_ext(BR_EXT_RECALL, "valueString",
		                                   json_string(m->recall)));
	return json_pack("{s:s, s:s, s:o*, s:o, s:o, s:s, s:s, s:o, s:s, "
	                 "s:o}",
	                 "resourceType", "QuestionnaireResponse", "id", id,
	                 "meta", fe_meta(m->created_at), "extension", exts,
	                 "identifier", fe_identifier1(BR_NS_MEASURE, ident),
	                 "questionnaire", url, "status", "completed", "subject",
	                 fe_reference("Patient", "pat", m->patient_id),
	                 "authored", m->day, "item", items);
}

static json_t *
score_quantity(double v, int decimals)
{
	double scale = 1;

	for (int i = 0; i < decimals; i++)
		scale *= 10;
	v = (double)(long long)(v * scale + (v < 0 ? -0.5 : 0.5)) / scale;
	return json_pack("{s:f, s:s, s:s, s:s}", "value", v, "unit", "{score}",
	                 "system", BR_UCUM, "code", "{score}");
}

static json_t *
score_code(const struct br_instrument *in, const char *instrument,
           const char *sub, const char *loinc)
{
	char code[64];
	json_t *codings = json_array();

	if (loinc)
		json_array_append_new(codings,
		                      fe_coding(BR_LOINC, loinc, NULL));
	if (sub)
		snprintf(code, sizeof(code), "%s.%s", instrument, sub);
	else
		snprintf(code, sizeof(code), "%s", instrument);
	json_array_append_new(codings,
	                      fe_coding(br_fhir_cs_url(BR_CS_INSTRUMENT), code,
	                                sub || in == NULL ? NULL : in->name));
	return json_pack("{s:o, s:s}", "coding", codings, "text",
	                 in && !sub ? in->name : code);
}

static json_t *
absent(void)
{
	return json_pack("{s:[{s:s, s:s}]}", "coding", "system",
	                 "http://terminology.hl7.org/CodeSystem/"
	                 "data-absent-reason",
	                 "code", "unknown");
}

json_t *
fe_measure_obs(const struct br_measure *m, const struct br_instrument *in)
{
	json_t *subs = json_object_get(
	        json_object_get(in ? in->doc : NULL, "loinc"), "subscores");
	json_t *comps = json_array(), *notes = NULL, *obs;
	int decimals = in ? in->decimals : 3;
	char id[40], ident[24], band[64];

	snprintf(id, sizeof(id), "obs-m-%lld", (long long)m->id);
	snprintf(ident, sizeof(ident), "%lld", (long long)m->id);
	for (int k = 0; k < m->n_subscores; k++) {
		json_t *c = json_pack(
		        "{s:o}", "code",
		        score_code(in, m->instrument, m->subscore_ids[k],
		                   json_string_value(json_object_get(
		                           subs, m->subscore_ids[k]))));

		if (m->sub_has[k])
			json_object_set_new(c, "valueQuantity",
			                    score_quantity(m->subscores[k], 0));
		else
			json_object_set_new(c, "dataAbsentReason", absent());
		json_array_append_new(comps, c);
	}
	for (const char *p = m->notes; *p;) {
		size_t n = strcspn(p, "\n");

		if (notes == NULL)
			notes = json_array();
		json_array_append_new(notes, json_pack("{s:s%}", "text", p, n));
		p += n;
		if (*p == '\n')
			p++;
	}
	if (json_array_size(comps) == 0) {
		json_decref(comps);
		comps = NULL;
	}
	snprintf(band, sizeof(band), "%s.%s", m->instrument, m->band);
	obs = json_pack(
	        "{s:s, s:s, s:o*, s:[o], s:o, s:s, s:[{s:[{s:s, s:s, s:s}]}], "
	        "s:o, s:o, s:s, s:[o], s:o*, s:o*, s:o*}",
	        "resourceType", "Observation", "id", id, "meta",
	        fe_meta(m->created_at), "extension",
	        fe_episode_ext(m->episode_id), "identifier",
	        fe_identifier(BR_NS_SCORE, ident), "status", "final",
	        "category", "coding", "system", CAT_SYSTEM, "code", "survey",
	        "display", "Survey", "code",
	        score_code(in, m->instrument, NULL,
	                   in ? loinc_of(in, "score") : NULL),
	        "subject", fe_reference("Patient", "pat", m->patient_id),
	        "effectiveDateTime", m->day, "derivedFrom",
	        fe_reference("QuestionnaireResponse", "qr-m", m->id),
	        "interpretation",
	        m->band[0] ? json_pack("[o]",
	                               fe_concept(br_fhir_cs_url(BR_CS_BAND),
	                                          band, NULL, m->band))
	                   : NULL,
	        "note", notes, "component", comps);
	if (obs == NULL)
		return NULL;
	if (m->has_score)
		json_object_set_new(obs, "valueQuantity",
		                    score_quantity(m->score, decimals));
	else
		json_object_set_new(obs, "dataAbsentReason", absent());
	return obs;
}

/* Intake ------------------------------------------------------------------ */

json_t *
fe_intake_qr(const struct br_intake *x)
{
	char id[48], ident[24];
	json_t *exts = json_pack("[o, o]", fe_episode_ext(x->episode_id),
	                         fe_ext(BR_EXT_CREATED, "valueDateTime",
	                                json_string(x->created_at)));

	snprintf(id, sizeof(id), "qr-intake-%lld", (long long)x->episode_id);
	snprintf(ident, sizeof(ident), "%lld", (long long)x->episode_id);
	return json_pack(
	        "{s:s, s:s, s:o*, s:o, s:o, s:s, s:s, s:o, s:s, s:o*, s:o}",
	        "resourceType", "QuestionnaireResponse", "id", id, "meta",
	        fe_meta(x->updated_at), "extension", exts, "identifier",
	        fe_identifier1(BR_NS_INTAKE, ident), "questionnaire",
	        BR_FHIR_BASE "/Questionnaire/" BR_Q_INTAKE, "status",
	        "completed", "subject",
	        fe_reference("Patient", "pat", x->patient_id), "authored",
	        x->recorded_on, "author", fe_role_ref(x->practitioner_id),
	        "item", br_fhir_intake_items(x));
}

json_t *
fe_intake_condition(const struct br_intake *x, const char *code)
{
	char id[96], ident[80];
	const char *cs = br_fhir_vocab_cs_name("intake.json", "conditions");

	snprintf(id, sizeof(id), "cond-i-%lld-%s", (long long)x->episode_id,
	         code);
	snprintf(ident, sizeof(ident), "%lld:%s", (long long)x->episode_id,
	         code);
	return json_pack(
	        "{s:s, s:s, s:o*, s:o, s:{s:[{s:s, s:s}]}, "
	        "s:{s:[{s:s, s:s}]}, s:[{s:[{s:s, s:s}]}], s:o, s:o, s:s, "
	        "s:[{s:[o]}]}",
	        "resourceType", "Condition", "id", id, "meta",
	        fe_meta(x->updated_at), "identifier",
	        fe_identifier(BR_NS_INTAKE_COND, ident), "clinicalStatus",
	        "coding", "system",
	        "http://terminology.hl7.org/CodeSystem/condition-clinical",
	        "code", "active", "verificationStatus", "coding", "system",
	        "http://terminology.hl7.org/CodeSystem/condition-ver-status",
	        "code", "unconfirmed", "category", "coding", "system",
	        "http://terminology.hl7.org/CodeSystem/condition-category",
	        "code", "problem-list-item", "code",
	        fe_concept(br_fhir_cs_url(cs), code,
	                   br_vocab_label("intake.json", "conditions", code),
	                   br_vocab_label("intake.json", "conditions", code)),
	        "subject", fe_reference("Patient", "pat", x->patient_id),
	        "recordedDate", x->recorded_on, "evidence", "detail",
	        fe_reference("QuestionnaireResponse", "qr-intake",
	                     x->episode_id));
}
