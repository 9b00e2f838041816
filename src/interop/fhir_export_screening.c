/*
 * fhir_export_screening.c - FHIR export of red-flag screens and TCM
 * assessments (Observations).
 */
#include <stdio.h>
#include <stdlib.h>

#include "interop/fhir_export_internal.h"

/* Red-flag screens ------------------------------------------------------- */

json_t *
fe_screening_obs(const struct br_screening *x)
{
	json_t *exts = json_pack("[o]", fe_episode_ext(x->episode_id));
	json_t *comps = json_array();
	char id[40], ident[24];

	snprintf(id, sizeof(id), "obs-rf-%lld", (long long)x->id);
	snprintf(ident, sizeof(ident), "%lld", (long long)x->id);
	if (x->screened_by[0])
		json_array_append_new(exts,
		                      fe_ext(BR_EXT_SCREENED, "valueString",
		                             json_string(x->screened_by)));
	if (x->cleared_at[0]) {
		json_t *sub = json_array();

		fe_sub_ext(sub, "at", "valueDateTime",
		           json_string(x->cleared_at));
		if (x->cleared_by[0])
			fe_sub_ext(sub, "by", "valueString",
			           json_string(x->cleared_by));
		if (x->clear_reason[0])
			fe_sub_ext(sub, "reason", "valueString",
			           json_string(x->clear_reason));
		json_array_append_new(exts,
		                      json_pack("{s:s, s:o}", "url",
		                                BR_FHIR_EXT BR_EXT_CLEARANCE,
		                                "extension", sub));
	}
	for (int i = 0; i < x->n_flags; i++) {
		const struct br_redflag *f = br_redflag_find(x->flags[i]);

		json_array_append_new(
		        comps,
		        json_pack("{s:o, s:b}", "code",
		                  fe_concept(br_fhir_cs_url(BR_CS_REDFLAG),
		                             x->flags[i], f ? f->label : NULL,
		                             NULL),
		                  "valueBoolean", 1));
	}
	if (json_array_size(comps) == 0) {
		json_decref(comps);
		comps = NULL;
	}
	return json_pack(
	        "{s:s, s:s, s:o*, s:o, s:o, s:s, s:[{s:[{s:s, s:s, s:s}]}], "
	        "s:o, s:o, s:o*, s:s, s:o, s:o*, s:o*}",
	        "resourceType", "Observation", "id", id, "meta",
	        fe_meta(x->created_at), "extension", exts, "identifier",
	        fe_identifier(BR_NS_SCREENING, ident), "status", "final",
	        "category", "coding", "system", CAT_SYSTEM, "code", "survey",
	        "display", "Survey", "code",
	        fe_concept(br_fhir_cs_url(BR_CS_OBS), BR_OBS_SCREEN,
	                   br_fhir_obs_display(BR_OBS_SCREEN),
	                   br_fhir_obs_display(BR_OBS_SCREEN)),
	        "subject", fe_reference("Patient", "pat", x->patient_id),
	        "encounter",
	        x->session_id ? fe_reference("Encounter", "enc", x->session_id)
	                      : NULL,
	        "effectiveDateTime", x->day, "valueCodeableConcept",
	        fe_concept(br_fhir_cs_url(BR_CS_TIER), x->tier,
	                   br_fhir_display(BR_CS_TIER, x->tier), NULL),
	        "note",
	        x->action[0] ? json_pack("[{s:s}]", "text", x->action) : NULL,
	        "component", comps);
}

/* TCM --------------------------------------------------------------------- */

static json_t *
tcm_component(const char *what, const char *cs, const char *file,
              const char *list, const char *code)
{
	const char *label = file ? br_vocab_label(file, list, code) : NULL;

	return json_pack("{s:o, s:o}", "code",
	                 fe_concept(br_fhir_cs_url(BR_CS_TCM), what,
	                            br_fhir_display(BR_CS_TCM, what), NULL),
	                 "valueCodeableConcept",
	                 fe_concept(br_fhir_cs_url(cs), code, label, NULL));
}

static json_t *
tcm_obs(const struct br_tcm *x, const char *part, json_t *comps,
        const char *note)
{
	char id[64], ident[48];
	json_t *exts = NULL;

	snprintf(id, sizeof(id), "obs-tcm-%lld-%s", (long long)x->id, part);
	snprintf(ident, sizeof(ident), "%lld:%s", (long long)x->id, part);
	if (x->prefilled_from) {
		char v[24];

		snprintf(v, sizeof(v), "%lld", (long long)x->prefilled_from);
		exts = json_pack("[o]",
		                 fe_ext(BR_EXT_PREFILLED, "valueIdentifier",
		                        fe_identifier1(BR_NS_TCM_REC, v)));
	}
	if (json_array_size(comps) == 0) {
		json_decref(comps);
		comps = NULL;
	}
	return json_pack(
	        "{s:s, s:s, s:o*, s:o*, s:o, s:s, s:[{s:[{s:s, s:s, s:s}]}], "
	        "s:o, s:o, s:o, s:s, s:o*, s:o*, s:o*}",
	        "resourceType", "Observation", "id", id, "meta",
	        fe_meta(x->created_at), "extension", exts, "identifier",
	        fe_identifier(BR_NS_TCM, ident), "status", "final", "category",
	        "coding", "system", CAT_SYSTEM, "code", "exam", "display",
	        "Exam", "code",
	        fe_concept(br_fhir_cs_url(BR_CS_TCM), part,
	                   br_fhir_display(BR_CS_TCM, part),
	                   br_fhir_display(BR_CS_TCM, part)),
	        "subject", fe_reference("Patient", "pat", x->patient_id),
	        "encounter", fe_reference("Encounter", "enc", x->session_id),
	        "effectiveDateTime", x->day, "performer",
	        x->practitioner_id
	                ? json_pack("[o]", fe_role_ref(x->practitioner_id))
	                : NULL,
	        "note",
	        note && note[0] ? json_pack("[{s:s}]", "text", note) : NULL,
	        "component", comps);
}

int
fe_tcm_resources(struct walk *w, const struct br_tcm *x, struct br_err *err)
{
	json_t *c = json_array();
	int rc;

	if (x->tongue_colour[0])
		json_array_append_new(
		        c, tcm_component("tongue-colour", "tcm-tongue-colour",
		                         "tcm.json", "tongue_colours",
		                         x->tongue_colour));
	for (int i = 0; i < x->n_shape; i++)
		json_array_append_new(
		        c, tcm_component("tongue-shape", "tcm-tongue-shape",
		                         "tcm.json", "tongue_shapes",
		                         x->shape[i]));
	for (int i = 0; i < x->n_coat; i++)
		json_array_append_new(
		        c,
		        tcm_component("tongue-coat", "tcm-tongue-coat",
		                      "tcm.json", "tongue_coats", x->coat[i]));
	if (x->tongue_moisture[0])
		json_array_append_new(
		        c, tcm_component("tongue-moisture", BR_CS_MOISTURE,
		                         NULL, NULL, x->tongue_moisture));
	rc = json_array_size(c) || x->tongue_note[0]
	             ? fe_put(w, tcm_obs(x, "tongue", c, x->tongue_note), err)
	             : (json_decref(c), 0);
	c = json_array();
	if (x->pulse_rate != BR_UNSET)
		json_array_append_new(
		        c, json_pack("{s:o, s:o}", "code",
		                     fe_concept(br_fhir_cs_url(BR_CS_TCM),
		                                "pulse-rate",
		                                br_fhir_display(BR_CS_TCM,
		                                                "pulse-rate"),
		                                NULL),
		                     "valueQuantity",
		                     fe_quantity(x->pulse_rate, "/min")));
	for (int p = 0; p < BR_PULSE_NPOS; p++)
		for (int i = 0; i < x->n_pulse[p]; i++) {
			char what[32];

			snprintf(what, sizeof(what), "pulse-%s",
			         br_pulse_positions[p]);
			json_array_append_new(
			        c, tcm_component(what, "tcm-pulse-quality",
			                         "tcm.json", "pulse_qualities",
			                         x->pulse[p][i]));
		}
	if (rc == 0 && (json_array_size(c) || x->pulse_note[0]))
		rc = fe_put(w, tcm_obs(x, "pulse", c, x->pulse_note), err);
	else
		json_decref(c);
	c = json_array();
	for (int i = 0; i < x->n_principles; i++)
		json_array_append_new(c, tcm_component("principle",
		                                       BR_CS_PRINCIPLE, NULL,
		                                       NULL, x->principles[i]));
	for (int i = 0; i < x->n_patterns; i++) {
		json_t *pc = tcm_component("pattern", "tcm-pattern", NULL, NULL,
		                           x->patterns[i]);
		json_t *cc = json_object_get(pc, "valueCodeableConcept");
		const char *name = br_vocab_label("tcm_patterns.json",
		                                  "patterns", x->patterns[i]);

		if (name)
			json_object_set_new(
			        json_array_get(json_object_get(cc, "coding"),
			                       0),
			        "display", json_string(name));
		json_array_append_new(c, pc);
	}
	if (x->treatment_principle[0])
		json_array_append_new(
		        c, json_pack("{s:o, s:s}", "code",
		                     fe_concept(br_fhir_cs_url(BR_CS_TCM),
		                                "treatment-principle",
		                                br_fhir_display(
		                                        BR_CS_TCM,
		                                        "treatment-principle"),
		                                NULL),
		                     "valueString", x->treatment_principle));
	/* Always written: it carries the assessment when nothing else
	 * does. */
	if (rc == 0)
		rc = fe_put(w,
		            tcm_obs(x, "differentiation", c, x->pattern_note),
		            err);
	else
		json_decref(c);
	return rc;
}
