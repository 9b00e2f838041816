/*
 * fhir_export_encounter.c - FHIR export of sessions (Encounter and its
 * Procedures) and visits (Appointment).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "interop/fhir_export_internal.h"
#include "model/checks.h"

/* Sessions ----------------------------------------------------------------- */

/* The modality that carries a session-wide list: the first of prefer[]
 * the session has, else its first modality. */
static const char *
carrier(const struct br_session *x, const char *const *prefer)
{
	for (int i = 0; prefer[i]; i++)
		if (br_rec_session_has(x, prefer[i]))
			return prefer[i];
	return x->modalities[0];
}

json_t *
fe_encounter(const struct br_session *x, int64_t clinic_id, int64_t visit_id)
{
	char id[32];

	snprintf(id, sizeof(id), "enc-%lld", (long long)x->id);
	return json_pack(
	        "{s:s, s:s, s:o*, s:o, s:s, s:{s:s, s:s, s:s}, s:o, s:[o], "
	        "s:{s:s, s:s}, s:o, s:o*, s:o*}",
	        "resourceType", "Encounter", "id", id, "meta",
	        fe_meta(x->created_at), "identifier",
	        fe_id_identifier(BR_NS_SESSION, x->id), "status", "finished",
	        "class", "system",
	        "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code",
	        "AMB", "display", "ambulatory", "subject",
	        fe_reference("Patient", "pat", x->patient_id), "episodeOfCare",
	        fe_reference("EpisodeOfCare", "eoc", x->episode_id), "period",
	        "start", x->day, "end", x->day, "serviceProvider",
	        fe_reference("Organization", "org", clinic_id), "participant",
	        x->practitioner_id
	                ? json_pack("[{s:o}]", "individual",
	                            fe_reference("PractitionerRole", "prr",
	                                         x->practitioner_id))
	                : NULL,
	        "appointment",
	        visit_id ? json_pack("[o]", fe_reference("Appointment", "appt",
	                                                 visit_id))
	                 : NULL);
}

static json_t *
needling_ext(const struct br_session *x)
{
	json_t *sub = json_array();

	if (x->needles != BR_UNSET)
		fe_sub_ext(sub, "needles", "valueInteger",
		           json_integer(x->needles));
	if (x->retention_min != BR_UNSET)
		fe_sub_ext(sub, "retention", "valueDuration",
		           fe_quantity(x->retention_min, "min"));
	if (x->depth_mm != BR_UNSET)
		fe_sub_ext(sub, "depth", "valueQuantity",
		           fe_quantity(x->depth_mm, "mm"));
	if (x->deqi != BR_UNSET)
		fe_sub_ext(sub, "deqi", "valueBoolean", json_boolean(x->deqi));
	if (x->stimulation[0])
		fe_sub_ext(sub, "stimulation", "valueCode",
		           json_string(x->stimulation));
	if (x->needle_size[0])
		fe_sub_ext(sub, "needleSize", "valueString",
		           json_string(x->needle_size));
	if (json_array_size(sub) == 0) {
		json_decref(sub);
		return NULL;
	}
	return json_pack("{s:s, s:o}", "url", BR_FHIR_EXT BR_EXT_NEEDLING,
	                 "extension", sub);
}

static json_t *
ea_ext(const struct br_session *x)
{
	json_t *sub = json_array();

	if (x->ea_hz[0])
		fe_sub_ext(sub, "frequency", "valueString",
		           json_string(x->ea_hz));
	if (x->ea_waveform[0])
		fe_sub_ext(sub, "waveform", "valueCode",
		           json_string(x->ea_waveform));
	if (x->ea_minutes != BR_UNSET)
		fe_sub_ext(sub, "duration", "valueDuration",
		           fe_quantity(x->ea_minutes, "min"));
	if (x->ea_ma >= 0)
		fe_sub_ext(sub, "current", "valueQuantity",
		           json_pack("{s:f, s:s, s:s, s:s}", "value", x->ea_ma,
		                     "unit", "mA", "system", BR_UCUM, "code",
		                     "mA"));
	if (json_array_size(sub) == 0) {
		json_decref(sub);
		return NULL;
	}
	return json_pack("{s:s, s:o}", "url", BR_FHIR_EXT BR_EXT_EA,
	                 "extension", sub);
}

static json_t *
technique_ext(const char *prefix, const char *type)
{
	char code[40];

	snprintf(code, sizeof(code), "%s-%s", prefix, type);
	return fe_ext(BR_EXT_TECHNIQUE, "valueCoding",
	              fe_coding(br_fhir_cs_url(BR_CS_TECHNIQUE), code,
	                        br_fhir_display(BR_CS_TECHNIQUE, code)));
}

static json_t *
point_site(const struct br_session_point *p)
{
	char text[48];

	snprintf(text, sizeof(text), "%s (%s)", p->point,
	         strcmp(p->side, "both") == 0 ? "both sides" : p->side);
	return json_pack(
	        "{s:[o], s:[o], s:s}", "extension",
	        fe_ext(BR_EXT_LATERALITY, "valueCode", json_string(p->side)),
	        "coding",
	        fe_coding(br_fhir_cs_url(BR_CS_POINT), p->point, NULL), "text",
	        text);
}

json_t *
fe_procedure(const struct br_session *x, const char *mod, bool first)
{
	static const char *const point_pref[] = {
	        "acupuncture", "electroacupuncture", "moxibustion", "cupping",
	        NULL};
	static const char *const region_pref[] = {"massage",
	                                          "cupping",
	                                          "moxibustion",
	                                          "acupuncture",
	                                          "electroacupuncture",
	                                          NULL};
	json_t *exts = json_array(), *sites = json_array(), *comps = NULL;
	json_t *note = NULL;
	char id[64], ident[48];
	bool needling = strcmp(mod, "acupuncture") == 0 ||
	                strcmp(mod, "electroacupuncture") == 0;

	snprintf(id, sizeof(id), "proc-%lld-%s", (long long)x->id, mod);
	snprintf(ident, sizeof(ident), "%lld:%s", (long long)x->id, mod);
	/* Needling details on the first needling modality only. */
	if (needling && strcmp(carrier(x, point_pref), mod) == 0) {
		json_t *n = needling_ext(x);

		if (n)
			json_array_append_new(exts, n);
	}
	if (strcmp(mod, "electroacupuncture") == 0) {
		json_t *e = ea_ext(x);

		if (e)
			json_array_append_new(exts, e);
	}
	if (strcmp(mod, "cupping") == 0 && x->cupping[0])
		json_array_append_new(exts,
		                      technique_ext("cupping", x->cupping));
	if (strcmp(mod, "moxibustion") == 0 && x->moxa[0])
		json_array_append_new(exts, technique_ext("moxa", x->moxa));
	if (strcmp(mod, "massage") == 0 && x->massage[0])
		json_array_append_new(exts,
		                      technique_ext("massage", x->massage));
	if (x->position[0])
		json_array_append_new(exts, fe_ext(BR_EXT_POSITION, "valueCode",
		                                   json_string(x->position)));
	if (strcmp(carrier(x, point_pref), mod) == 0)
		for (int i = 0; i < x->n_points; i++)
			json_array_append_new(sites, point_site(&x->points[i]));
	if (strcmp(carrier(x, region_pref), mod) == 0)
		for (int i = 0; i < x->n_regions; i++)
			json_array_append_new(
			        sites,
			        fe_concept(br_fhir_cs_url(BR_CS_REGION),
			                   x->regions[i], x->regions[i], NULL));
	if (first && x->n_adverse > 0) {
		comps = json_array();
		for (int i = 0; i < x->n_adverse; i++)
			json_array_append_new(
			        comps,
			        fe_concept(br_fhir_cs_url(BR_CS_ADVERSE),
			                   x->adverse[i], x->adverse[i], NULL));
	}
	if (first && x->note[0])
		note = json_pack("[{s:s}]", "text", x->note);
	if (json_array_size(exts) == 0) {
		json_decref(exts);
		exts = NULL;
	}
	if (json_array_size(sites) == 0) {
		json_decref(sites);
		sites = NULL;
	}
	return json_pack(
	        "{s:s, s:s, s:o*, s:o*, s:o, s:s, s:o, s:o, s:o, s:s, s:[o], "
	        "s:o*, s:o*, s:o*}",
	        "resourceType", "Procedure", "id", id, "meta",
	        fe_meta(x->created_at), "extension", exts, "identifier",
	        fe_identifier(BR_NS_PROCEDURE, ident), "status", "completed",
	        "code",
	        fe_concept(br_fhir_cs_url(BR_CS_MODALITY), mod,
	                   br_fhir_display(BR_CS_MODALITY, mod),
	                   br_fhir_display(BR_CS_MODALITY, mod)),
	        "subject", fe_reference("Patient", "pat", x->patient_id),
	        "encounter", fe_reference("Encounter", "enc", x->id),
	        "performedDateTime", x->day, "reasonReference",
	        fe_reference("Condition", "cond", x->episode_id), "bodySite",
	        sites, "complication", comps, "note", note);
}

/* Visits ----------------------------------------------------------------- */

static const char *const visit_status[][2] = {
        {"booked", "booked"},
        {"attended", "fulfilled"},
        {"missed", "noshow"},
        {"cancelled", "cancelled"},
};

json_t *
fe_appointment(const struct br_visit *v)
{
	char id[32], start[32], end[32], ident[24];
	int64_t e = v->starts_at + v->minutes;
	const char *status = "booked";
	json_t *exts, *parts;

	for (size_t i = 0; i < sizeof(visit_status) / sizeof(visit_status[0]);
	     i++)
		if (strcmp(v->status, visit_status[i][0]) == 0)
			status = visit_status[i][1];
	snprintf(id, sizeof(id), "appt-%lld", (long long)v->id);
	snprintf(ident, sizeof(ident), "%lld", (long long)v->id);
	fe_local_datetime((int32_t)(v->starts_at / 1440),
	                  (int)(v->starts_at % 1440), start);
	fe_local_datetime((int32_t)(e / 1440), (int)(e % 1440), end);
	exts = json_pack(
	        "[o, o, o]", fe_episode_ext(v->episode_id),
	        fe_ext(BR_EXT_CREATED, "valueDateTime",
	               json_string(v->created_at)),
	        fe_ext(BR_EXT_PLACE, "valueCode", json_string(v->place)));
	if (v->address[0])
		json_array_append_new(
		        exts, fe_ext(BR_EXT_ADDRESS, "valueAddress",
		                     json_pack("{s:s}", "text", v->address)));
	parts = json_pack("[{s:o, s:s}]", "actor",
	                  fe_reference("Patient", "pat", v->patient_id),
	                  "status", "accepted");
	if (v->practitioner_id)
		json_array_append_new(parts,
		                      json_pack("{s:o, s:s}", "actor",
		                                fe_role_ref(v->practitioner_id),
		                                "status", "accepted"));
	return json_pack("{s:s, s:s, s:o*, s:o, s:o, s:s, s:s, s:s, s:i, "
	                 "s:o}",
	                 "resourceType", "Appointment", "id", id, "meta",
	                 fe_meta(v->updated_at), "extension", exts,
	                 "identifier", fe_identifier(BR_NS_VISIT, ident),
	                 "status", status, "start", start, "end", end,
	                 "minutesDuration", v->minutes, "participant", parts);
}
