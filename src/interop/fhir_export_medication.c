/*
 * fhir_export_medication.c - FHIR export of herbal prescriptions
 * (MedicationRequest) and their adverse effects (Observation).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "interop/fhir_export_internal.h"

/* Herbal prescriptions --------------------------------------------------- */

json_t *
fe_herbal_mr(const struct br_herbal *x)
{
	json_t *exts = json_pack(
	        "[o, o]", fe_episode_ext(x->episode_id),
	        fe_ext(BR_EXT_FORM, "valueCode", json_string(x->form)));
	json_t *names = json_array();
	const char *status = !x->ended_on[0] ? "active"
	                     : strcmp(x->end_reason, "completed") == 0
	                             ? "completed"
	                             : "stopped";
	char id[40], ident[24];

	snprintf(id, sizeof(id), "mr-%lld", (long long)x->id);
	snprintf(ident, sizeof(ident), "%lld", (long long)x->id);
	if (x->chinese[0])
		fe_sub_ext(names, "chinese", "valueString",
		           json_string(x->chinese));
	if (x->english[0])
		fe_sub_ext(names, "english", "valueString",
		           json_string(x->english));
	if (json_array_size(names))
		json_array_append_new(exts,
		                      json_pack("{s:s, s:o}", "url",
		                                BR_FHIR_EXT BR_EXT_FORMULA,
		                                "extension", names));
	else
		json_decref(names);
	if (x->duration[0])
		json_array_append_new(exts,
		                      fe_ext(BR_EXT_DURATION, "valueString",
		                             json_string(x->duration)));
	if (x->pharmacy[0])
		json_array_append_new(exts,
		                      fe_ext(BR_EXT_PHARMACY, "valueString",
		                             json_string(x->pharmacy)));
	if (x->ended_on[0]) {
		json_t *sub = json_array();

		fe_sub_ext(sub, "date", "valueDate", json_string(x->ended_on));
		if (x->end_reason[0])
			fe_sub_ext(sub, "reason", "valueCode",
			           json_string(x->end_reason));
		json_array_append_new(exts, json_pack("{s:s, s:o}", "url",
		                                      BR_FHIR_EXT BR_EXT_ENDED,
		                                      "extension", sub));
	}
	return json_pack(
	        "{s:s, s:s, s:o*, s:o, s:o, s:s, s:s, s:{s:s}, s:o, s:o*, "
	        "s:s, s:o*, s:[{s:s*, s:s*, s:{s:s}}], s:o*}",
	        "resourceType", "MedicationRequest", "id", id, "meta",
	        fe_meta(x->created_at), "extension", exts, "identifier",
	        fe_identifier(BR_NS_HERBAL, ident), "status", status, "intent",
	        "order", "medicationCodeableConcept", "text", x->pinyin,
	        "subject", fe_reference("Patient", "pat", x->patient_id),
	        "encounter",
	        x->session_id ? fe_reference("Encounter", "enc", x->session_id)
	                      : NULL,
	        "authoredOn", x->day, "requester",
	        fe_role_ref(x->practitioner_id), "dosageInstruction", "text",
	        x->dose[0] ? x->dose : NULL, "patientInstruction",
	        x->instructions[0] ? x->instructions : NULL, "route", "text",
	        br_herbal_route(x->form), "note",
	        x->modifications[0]
	                ? json_pack("[{s:s}]", "text", x->modifications)
	                : NULL);
}

json_t *
fe_herbal_ae_obs(const struct br_herbal_adverse *a)
{
	char id[40], ident[24];
	const char *cs =
	        br_fhir_vocab_cs_name("herbal.json", "adverse_effects");

	snprintf(id, sizeof(id), "obs-hae-%lld", (long long)a->id);
	snprintf(ident, sizeof(ident), "%lld", (long long)a->id);
	return json_pack(
	        "{s:s, s:s, s:o*, s:o*, s:o, s:s, s:[{s:[{s:s, s:s, s:s}]}], "
	        "s:o, s:o, s:[o], s:s, s:o, s:o*}",
	        "resourceType", "Observation", "id", id, "meta",
	        fe_meta(a->created_at), "extension",
	        a->severity[0]
	                ? json_pack("[o]", fe_ext(BR_EXT_SEVERITY, "valueCode",
	                                          json_string(a->severity)))
	                : NULL,
	        "identifier", fe_identifier(BR_NS_HERBAL_AE, ident), "status",
	        "final", "category", "coding", "system", CAT_SYSTEM, "code",
	        "survey", "display", "Survey", "code",
	        fe_concept(br_fhir_cs_url(BR_CS_OBS), BR_OBS_HERB_AE,
	                   br_fhir_obs_display(BR_OBS_HERB_AE),
	                   br_fhir_obs_display(BR_OBS_HERB_AE)),
	        "subject", fe_reference("Patient", "pat", a->patient_id),
	        "focus",
	        fe_reference("MedicationRequest", "mr", a->prescription_id),
	        "effectiveDateTime", a->day, "valueCodeableConcept",
	        fe_concept(br_fhir_cs_url(cs), a->effect,
	                   br_vocab_label("herbal.json", "adverse_effects",
	                                  a->effect),
	                   NULL),
	        "note",
	        a->note[0] ? json_pack("[{s:s}]", "text", a->note) : NULL);
}
