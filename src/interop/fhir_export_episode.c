/*
 * fhir_export_episode.c - FHIR export of episodes: Condition and
 * EpisodeOfCare.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "interop/fhir_export_internal.h"

static const char *
condition_code(const char *region)
{
	return strcmp(region, "neck") == 0       ? "neck-pain"
	       : strcmp(region, "mid-back") == 0 ? "mid-back-pain"
	                                         : "low-back-pain";
}

json_t *
fe_condition(const struct br_episode *e)
{
	const char *code = condition_code(e->region);
	const char *display = br_fhir_display(BR_CS_CONDITION, code);
	json_t *codings =
	        json_pack("[o]", fe_coding(br_fhir_cs_url(BR_CS_CONDITION),
	                                   code, display));
	bool closed = strcmp(e->status, "closed") == 0;
	char id[32];

	snprintf(id, sizeof(id), "cond-%lld", (long long)e->id);
	if (e->icd10[0])
		/* Codes with a fifth character (M54.50) are ICD-10-CM. */
		json_array_append_new(
		        codings, fe_coding(strlen(e->icd10) > 5
		                                   ? "http://hl7.org/fhir/sid/"
		                                     "icd-10-cm"
		                                   : "http://hl7.org/fhir/sid/"
		                                     "icd-10",
		                           e->icd10, NULL));
	return json_pack(
	        "{s:s, s:s, s:o*, s:[o], s:o, s:{s:[{s:s, s:s}]}, "
	        "s:{s:[{s:s, s:s}]}, s:[{s:[{s:s, s:s}]}], s:{s:o, s:s}, "
	        "s:[o], s:o, s:s}",
	        "resourceType", "Condition", "id", id, "meta",
	        fe_meta(e->created_at), "extension",
	        fe_ext(BR_EXT_SCIATICA, "valueBoolean",
	               json_boolean(e->sciatica)),
	        "identifier", fe_id_identifier(BR_NS_CONDITION, e->id),
	        "clinicalStatus", "coding", "system",
	        "http://terminology.hl7.org/CodeSystem/condition-clinical",
	        "code", closed ? "inactive" : "active", "verificationStatus",
	        "coding", "system",
	        "http://terminology.hl7.org/CodeSystem/condition-ver-status",
	        "code", "confirmed", "category", "coding", "system",
	        "http://terminology.hl7.org/CodeSystem/condition-category",
	        "code", "problem-list-item", "code", "coding", codings, "text",
	        display, "bodySite",
	        fe_concept(br_fhir_cs_url(BR_CS_REGION), e->region, e->region,
	                   NULL),
	        "subject", fe_reference("Patient", "pat", e->patient_id),
	        "onsetDateTime", e->onset);
}

json_t *
fe_episode_of_care(const struct br_episode *e, int64_t clinic_id)
{
	char id[32];
	json_t *exts = NULL;

	snprintf(id, sizeof(id), "eoc-%lld", (long long)e->id);
	if (e->risk_group[0])
		exts = json_pack("[o]", fe_ext(BR_EXT_RISK, "valueCode",
		                               json_string(e->risk_group)));
	return json_pack(
	        "{s:s, s:s, s:o*, s:o*, s:o, s:s, s:[{s:o, s:i}], s:o, s:o, "
	        "s:{s:s, s:s*}, s:o*}",
	        "resourceType", "EpisodeOfCare", "id", id, "meta",
	        fe_meta(e->created_at), "extension", exts, "identifier",
	        fe_id_identifier(BR_NS_EPISODE, e->id), "status",
	        strcmp(e->status, "closed") == 0 ? "finished" : "active",
	        "diagnosis", "condition",
	        fe_reference("Condition", "cond", e->id), "rank", 1, "patient",
	        fe_reference("Patient", "pat", e->patient_id),
	        "managingOrganization",
	        fe_reference("Organization", "org", clinic_id), "period",
	        "start", e->opened_on, "end",
	        e->closed_on[0] ? e->closed_on : NULL, "careManager",
	        e->practitioner_id ? fe_reference("PractitionerRole", "prr",
	                                          e->practitioner_id)
	                           : NULL);
}
