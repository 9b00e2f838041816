/*
 * fhir_export.c - records to FHIR R4 resources (see fhir.h and
 * docs/internals/FHIR.md for the mapping).
 *
 * Resource ids are made from record ids ("pat-<id>", "eoc-<episode>",
 * "enc-<session>", "proc-<session>-<modality>", "obs-<patient>-<date>-
 * <metric>"), and every resource carries a backrest identifier, so an
 * export is the same every time and an import can match what it made.
 * meta.lastUpdated is the record's created_at / updated_at.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/parse.h"
#include "interop/fhir_internal.h"
#include "model/herbal.h"
#include "model/instruments.h"
#include "model/library.h"
#include "model/vocab.h"
#include "core/redflag.h"
#include "interop/records.h"
#include "store/herbal.h"
#include "store/intake.h"
#include "store/interop.h"
#include "store/exercises.h"
#include "store/measures.h"
#include "store/pacing.h"
#include "store/plans.h"
#include "store/screenings.h"
#include "store/tcm.h"
#include "store/visits.h"

#define CAT_SYSTEM "http://terminology.hl7.org/CodeSystem/observation-category"

struct walk {
	struct br_store *s;
	const struct br_fhir_filter *f;
	br_fhir_emit_fn emit;
	void *ctx;
	const struct br_instrument_set *instruments;
};

static bool
since_ok(const struct walk *w, const char *ts)
{
	return w->f->since[0] == '\0' || strcmp(ts, w->f->since) >= 0;
}

static int
put(struct walk *w, json_t *res, struct br_err *err)
{
	if (res == NULL)
		return br_error(err, BR_ENOMEM, "", "out of memory");
	return w->emit(w->ctx, res, err);
}

void
br_fhir_full_url(json_t *resource, char *out, size_t outlen)
{
	snprintf(out, outlen, "%s/%s/%s", BR_FHIR_BASE,
	         json_string_value(json_object_get(resource, "resourceType")),
	         json_string_value(json_object_get(resource, "id")));
}

/* Small builders ---------------------------------------------------------- */

static json_t *
coding(const char *system, const char *code, const char *display)
{
	return json_pack("{s:s, s:s, s:s*}", "system", system, "code", code,
	                 "display", display);
}

static json_t *concept(const char *system, const char *code,
                       const char *display, const char *text)
{
	return json_pack("{s:[o], s:s*}", "coding",
	                 coding(system, code, display), "text", text);
}

static json_t *
reference(const char *type, const char *prefix, int64_t id)
{
	char buf[96];

	snprintf(buf, sizeof(buf), "%s/%s-%lld", type, prefix, (long long)id);
	return json_pack("{s:s}", "reference", buf);
}

static json_t *
identifier(const char *ns, const char *value)
{
	char sys[160];

	snprintf(sys, sizeof(sys), "%s%s", BR_FHIR_NS, ns);
	return json_pack("[{s:s, s:s}]", "system", sys, "value", value);
}

/* One Identifier (not a list): QuestionnaireResponse.identifier and
 * valueIdentifier. */
static json_t *
identifier1(const char *ns, const char *value)
{
	char sys[160];

	snprintf(sys, sizeof(sys), "%s%s", BR_FHIR_NS, ns);
	return json_pack("{s:s, s:s}", "system", sys, "value", value);
}

static json_t *
id_identifier(const char *ns, int64_t id)
{
	char v[24];

	snprintf(v, sizeof(v), "%lld", (long long)id);
	return identifier(ns, v);
}

static json_t *
meta(const char *ts)
{
	return ts && ts[0] ? json_pack("{s:s}", "lastUpdated", ts) : NULL;
}

static json_t *
quantity(json_int_t v, const char *unit)
{
	return json_pack("{s:I, s:s, s:s, s:s}", "value", v, "unit", unit,
	                 "system", BR_UCUM, "code", unit);
}

static json_t *
ext(const char *name, const char *value_key, json_t *value)
{
	char url[160];

	snprintf(url, sizeof(url), "%s%s", BR_FHIR_EXT, name);
	return json_pack("{s:s, s:o}", "url", url, value_key, value);
}

/* A sub-extension of a complex extension: the url is the bare name. */
static void
sub_ext(json_t *list, const char *name, const char *value_key, json_t *value)
{
	json_array_append_new(
	        list, json_pack("{s:s, s:o}", "url", name, value_key, value));
}

/* Local date and clock to a FHIR dateTime with this machine's UTC offset
 * at that moment: "2026-03-01T23:05:00+01:00". */
static void
local_datetime(int32_t day, int minutes, char out[32])
{
	struct tm tm, back;
	int y, m, d;
	time_t t;
	long off;

	br_civil_from_days(day, &y, &m, &d);
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = minutes / 60;
	tm.tm_min = minutes % 60;
	tm.tm_isdst = -1;
	t = mktime(&tm);
	off = 0;
	if (t != (time_t)-1 && localtime_r(&t, &back))
		off = back.tm_gmtoff;
	if (off == 0) {
		snprintf(out, 32, "%04d-%02d-%02dT%02d:%02d:00Z", y, m, d,
		         minutes / 60, minutes % 60);
		return;
	}
	snprintf(out, 32, "%04d-%02d-%02dT%02d:%02d:00%c%02d:%02d", y % 10000,
	         m % 100, d % 100, minutes / 60 % 100, minutes % 60,
	         off < 0 ? '-' : '+', (int)(labs(off) / 3600 % 24),
	         (int)(labs(off) % 3600 / 60));
}

/* Clinics, patients, episodes --------------------------------------------- */

static json_t *
organization(const struct br_clinic_row *c)
{
	char id[32];

	snprintf(id, sizeof(id), "org-%lld", (long long)c->id);
	return json_pack("{s:s, s:s, s:o*, s:o, s:b, s:s}", "resourceType",
	                 "Organization", "id", id, "meta", meta(c->created_at),
	                 "identifier", id_identifier(BR_NS_CLINIC, c->id),
	                 "active", 1, "name", c->name);
}

static json_t *
patient(const struct br_patient *p)
{
	char id[32], sys[160];
	json_t *ids = id_identifier(BR_NS_PATIENT, p->id);

	snprintf(id, sizeof(id), "pat-%lld", (long long)p->id);
	snprintf(sys, sizeof(sys), "%s%s", BR_FHIR_NS, BR_NS_REF);
	if (p->ref[0])
		json_array_append_new(
		        ids,
		        json_pack("{s:s, s:{s:[{s:s, s:s}]}, s:s, s:s}", "use",
		                  "usual", "type", "coding", "system",
		                  "http://terminology.hl7.org/CodeSystem/"
		                  "v2-0203",
		                  "code", "MR", "system", sys, "value",
		                  p->ref));
	return json_pack("{s:s, s:s, s:o*, s:o, s:b, s:[{s:s}], s:s, s:s*, "
	                 "s:o}",
	                 "resourceType", "Patient", "id", id, "meta",
	                 meta(p->created_at), "identifier", ids, "active", 1,
	                 "name", "text", p->name, "gender", p->sex, "birthDate",
	                 p->born[0] ? p->born : NULL, "managingOrganization",
	                 reference("Organization", "org", p->clinic_id));
}

static const char *
condition_code(const char *region)
{
	return strcmp(region, "neck") == 0       ? "neck-pain"
	       : strcmp(region, "mid-back") == 0 ? "mid-back-pain"
	                                         : "low-back-pain";
}

static json_t *
condition(const struct br_episode *e)
{
	const char *code = condition_code(e->region);
	const char *display = br_fhir_display(BR_CS_CONDITION, code);
	json_t *codings = json_pack(
	        "[o]", coding(br_fhir_cs_url(BR_CS_CONDITION), code, display));
	bool closed = strcmp(e->status, "closed") == 0;
	char id[32];

	snprintf(id, sizeof(id), "cond-%lld", (long long)e->id);
	if (e->icd10[0])
		/* Codes with a fifth character (M54.50) are ICD-10-CM. */
		json_array_append_new(
		        codings,
		        coding(strlen(e->icd10) > 5 ? "http://hl7.org/fhir/sid/"
		                                      "icd-10-cm"
		                                    : "http://hl7.org/fhir/sid/"
		                                      "icd-10",
		               e->icd10, NULL));
	return json_pack(
	        "{s:s, s:s, s:o*, s:[o], s:o, s:{s:[{s:s, s:s}]}, "
	        "s:{s:[{s:s, s:s}]}, s:[{s:[{s:s, s:s}]}], s:{s:o, s:s}, "
	        "s:[o], s:o, s:s}",
	        "resourceType", "Condition", "id", id, "meta",
	        meta(e->created_at), "extension",
	        ext(BR_EXT_SCIATICA, "valueBoolean", json_boolean(e->sciatica)),
	        "identifier", id_identifier(BR_NS_CONDITION, e->id),
	        "clinicalStatus", "coding", "system",
	        "http://terminology.hl7.org/CodeSystem/condition-clinical",
	        "code", closed ? "inactive" : "active", "verificationStatus",
	        "coding", "system",
	        "http://terminology.hl7.org/CodeSystem/condition-ver-status",
	        "code", "confirmed", "category", "coding", "system",
	        "http://terminology.hl7.org/CodeSystem/condition-category",
	        "code", "problem-list-item", "code", "coding", codings, "text",
	        display, "bodySite",
	        concept(br_fhir_cs_url(BR_CS_REGION), e->region, e->region,
	                NULL),
	        "subject", reference("Patient", "pat", e->patient_id),
	        "onsetDateTime", e->onset);
}

static json_t *
episode_of_care(const struct br_episode *e, int64_t clinic_id)
{
	char id[32];
	json_t *exts = NULL;

	snprintf(id, sizeof(id), "eoc-%lld", (long long)e->id);
	if (e->risk_group[0])
		exts = json_pack("[o]", ext(BR_EXT_RISK, "valueCode",
		                            json_string(e->risk_group)));
	return json_pack(
	        "{s:s, s:s, s:o*, s:o*, s:o, s:s, s:[{s:o, s:i}], s:o, s:o, "
	        "s:{s:s, s:s*}, s:o*}",
	        "resourceType", "EpisodeOfCare", "id", id, "meta",
	        meta(e->created_at), "extension", exts, "identifier",
	        id_identifier(BR_NS_EPISODE, e->id), "status",
	        strcmp(e->status, "closed") == 0 ? "finished" : "active",
	        "diagnosis", "condition", reference("Condition", "cond", e->id),
	        "rank", 1, "patient",
	        reference("Patient", "pat", e->patient_id),
	        "managingOrganization",
	        reference("Organization", "org", clinic_id), "period", "start",
	        e->opened_on, "end", e->closed_on[0] ? e->closed_on : NULL,
	        "careManager",
	        e->practitioner_id ? reference("PractitionerRole", "prr",
	                                       e->practitioner_id)
	                           : NULL);
}

/* Sessions ----------------------------------------------------------------- */

static bool
has(const struct br_session *x, const char *m)
{
	for (int i = 0; i < x->n_modalities; i++)
		if (strcmp(x->modalities[i], m) == 0)
			return true;
	return false;
}

/* The modality that carries a session-wide list: the first of prefer[]
 * the session has, else its first modality. */
static const char *
carrier(const struct br_session *x, const char *const *prefer)
{
	for (int i = 0; prefer[i]; i++)
		if (has(x, prefer[i]))
			return prefer[i];
	return x->modalities[0];
}

static json_t *
encounter(const struct br_session *x, int64_t clinic_id, int64_t visit_id)
{
	char id[32];

	snprintf(id, sizeof(id), "enc-%lld", (long long)x->id);
	return json_pack(
	        "{s:s, s:s, s:o*, s:o, s:s, s:{s:s, s:s, s:s}, s:o, s:[o], "
	        "s:{s:s, s:s}, s:o, s:o*, s:o*}",
	        "resourceType", "Encounter", "id", id, "meta",
	        meta(x->created_at), "identifier",
	        id_identifier(BR_NS_SESSION, x->id), "status", "finished",
	        "class", "system",
	        "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code",
	        "AMB", "display", "ambulatory", "subject",
	        reference("Patient", "pat", x->patient_id), "episodeOfCare",
	        reference("EpisodeOfCare", "eoc", x->episode_id), "period",
	        "start", x->day, "end", x->day, "serviceProvider",
	        reference("Organization", "org", clinic_id), "participant",
	        x->practitioner_id
	                ? json_pack("[{s:o}]", "individual",
	                            reference("PractitionerRole", "prr",
	                                      x->practitioner_id))
	                : NULL,
	        "appointment",
	        visit_id ? json_pack("[o]",
	                             reference("Appointment", "appt", visit_id))
	                 : NULL);
}

static json_t *
needling_ext(const struct br_session *x)
{
	json_t *sub = json_array();

	if (x->needles != BR_UNSET)
		sub_ext(sub, "needles", "valueInteger",
		        json_integer(x->needles));
	if (x->retention_min != BR_UNSET)
		sub_ext(sub, "retention", "valueDuration",
		        quantity(x->retention_min, "min"));
	if (x->depth_mm != BR_UNSET)
		sub_ext(sub, "depth", "valueQuantity",
		        quantity(x->depth_mm, "mm"));
	if (x->deqi != BR_UNSET)
		sub_ext(sub, "deqi", "valueBoolean", json_boolean(x->deqi));
	if (x->stimulation[0])
		sub_ext(sub, "stimulation", "valueCode",
		        json_string(x->stimulation));
	if (x->needle_size[0])
		sub_ext(sub, "needleSize", "valueString",
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
		sub_ext(sub, "frequency", "valueString", json_string(x->ea_hz));
	if (x->ea_waveform[0])
		sub_ext(sub, "waveform", "valueCode",
		        json_string(x->ea_waveform));
	if (x->ea_minutes != BR_UNSET)
		sub_ext(sub, "duration", "valueDuration",
		        quantity(x->ea_minutes, "min"));
	if (x->ea_ma >= 0)
		sub_ext(sub, "current", "valueQuantity",
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
	return ext(BR_EXT_TECHNIQUE, "valueCoding",
	           coding(br_fhir_cs_url(BR_CS_TECHNIQUE), code,
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
	        ext(BR_EXT_LATERALITY, "valueCode", json_string(p->side)),
	        "coding", coding(br_fhir_cs_url(BR_CS_POINT), p->point, NULL),
	        "text", text);
}

static json_t *
procedure(const struct br_session *x, const char *mod, bool first)
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
		json_array_append_new(exts, ext(BR_EXT_POSITION, "valueCode",
		                                json_string(x->position)));
	if (strcmp(carrier(x, point_pref), mod) == 0)
		for (int i = 0; i < x->n_points; i++)
			json_array_append_new(sites, point_site(&x->points[i]));
	if (strcmp(carrier(x, region_pref), mod) == 0)
		for (int i = 0; i < x->n_regions; i++)
			json_array_append_new(
			        sites,
			        concept(br_fhir_cs_url(BR_CS_REGION),
			                x->regions[i], x->regions[i], NULL));
	if (first && x->n_adverse > 0) {
		comps = json_array();
		for (int i = 0; i < x->n_adverse; i++)
			json_array_append_new(
			        comps,
			        concept(br_fhir_cs_url(BR_CS_ADVERSE),
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
	        meta(x->created_at), "extension", exts, "identifier",
	        identifier(BR_NS_PROCEDURE, ident), "status", "completed",
	        "code",
	        concept(br_fhir_cs_url(BR_CS_MODALITY), mod,
	                br_fhir_display(BR_CS_MODALITY, mod),
	                br_fhir_display(BR_CS_MODALITY, mod)),
	        "subject", reference("Patient", "pat", x->patient_id),
	        "encounter", reference("Encounter", "enc", x->id),
	        "performedDateTime", x->day, "reasonReference",
	        reference("Condition", "cond", x->episode_id), "bodySite",
	        sites, "complication", comps, "note", note);
}

/* Observations ------------------------------------------------------------ */

static json_t *
observation_code(enum br_metric m)
{
	const struct br_metric_def *d = &br_metrics[m];
	json_t *codings =
	        json_pack("[o]", coding(d->system, d->code, d->display));

	/* Session pain is the LOINC pain score, qualified by backrest's
	 * before/after code. */
	if (m == BR_M_SESSION_BEFORE || m == BR_M_SESSION_AFTER)
		json_array_insert_new(codings, 0,
		                      coding(BR_LOINC, BR_LOINC_PAIN,
		                             br_metrics[BR_M_PAIN].display));
	return json_pack("{s:o, s:s}", "coding", codings, "text", d->display);
}

static json_t *
observation_value(json_t *obs, enum br_metric m, int v, const char *text)
{
	const struct br_metric_def *d = &br_metrics[m];

	if (obs == NULL)
		return NULL;
	if (d->unit == NULL)
		json_object_set_new(obs, "valueString", json_string(text));
	else if (v == BR_UNSET)
		json_object_set_new(
		        obs, "dataAbsentReason",
		        json_pack("{s:[{s:s, s:s}]}", "coding", "system",
		                  "http://terminology.hl7.org/CodeSystem/"
		                  "data-absent-reason",
		                  "code", "unknown"));
	else if (d->unit[0] == '\0')
		json_object_set_new(obs, "valueInteger", json_integer(v));
	else
		json_object_set_new(obs, "valueQuantity", quantity(v, d->unit));
	return obs;
}

static json_t *
observation(enum br_metric m, const char *id, const char *ns, const char *ident,
            const char *ts, int64_t patient_id, int64_t session_id,
            json_t *effective_period, const char *day)
{
	return json_pack(
	        "{s:s, s:s, s:o*, s:o, s:s, s:[{s:[{s:s, s:s, s:s}]}], s:o, "
	        "s:o, s:o*, s:o*, s:s*}",
	        "resourceType", "Observation", "id", id, "meta", meta(ts),
	        "identifier", identifier(ns, ident), "status", "final",
	        "category", "coding", "system", CAT_SYSTEM, "code", "survey",
	        "display", "Survey", "code", observation_code(m), "subject",
	        reference("Patient", "pat", patient_id), "encounter",
	        session_id ? reference("Encounter", "enc", session_id) : NULL,
	        "effectivePeriod", effective_period, "effectiveDateTime",
	        effective_period ? NULL : day);
}

static int
session_pain(struct walk *w, const struct br_session *x, enum br_metric m,
             int v, struct br_err *err)
{
	char id[64], ident[48];

	if (v == BR_UNSET)
		return 0;
	snprintf(id, sizeof(id), "obs-%lld-%s", (long long)x->id,
	         br_metrics[m].key);
	snprintf(ident, sizeof(ident), "%lld:%s", (long long)x->id,
	         br_metrics[m].key);
	return put(w,
	           observation_value(observation(m, id, BR_NS_SESS_OBS, ident,
	                                         x->created_at, x->patient_id,
	                                         x->id, NULL, x->day),
	                             m, v, NULL),
	           err);
}

static int
session_resources(struct walk *w, const struct br_session *x, int64_t clinic_id,
                  int64_t visit_id, struct br_err *err)
{
	int rc = put(w, encounter(x, clinic_id, visit_id), err);

	for (int i = 0; rc == 0 && i < x->n_modalities; i++)
		rc = put(w, procedure(x, x->modalities[i], i == 0), err);
	if (rc == 0)
		rc = session_pain(w, x, BR_M_SESSION_BEFORE, x->pain_before,
		                  err);
	if (rc == 0)
		rc = session_pain(w, x, BR_M_SESSION_AFTER, x->pain_after, err);
	return rc;
}

static json_t *
period(const int32_t dates[4], const int clocks[4], int a, int b)
{
	char start[32] = "", end[32] = "";

	if (clocks[a] != BR_UNSET)
		local_datetime(dates[a], clocks[a], start);
	if (clocks[b] != BR_UNSET)
		local_datetime(dates[b], clocks[b], end);
	return json_pack("{s:s*, s:s*}", "start", start[0] ? start : NULL,
	                 "end", end[0] ? end : NULL);
}

static int
diary_metric(struct walk *w, const struct br_diary_day *d, enum br_metric m,
             int v, const char *text, json_t *effective_period,
             struct br_err *err)
{
	char id[80], ident[80];

	snprintf(id, sizeof(id), "obs-%lld-%s-%s", (long long)d->patient_id,
	         d->day, br_metrics[m].key);
	snprintf(ident, sizeof(ident), "%lld:%s:%s", (long long)d->patient_id,
	         d->day, br_metrics[m].key);
	return put(w,
	           observation_value(observation(m, id, BR_NS_DIARY, ident,
	                                         d->updated_at, d->patient_id,
	                                         0, effective_period, d->day),
	                             m, v, text),
	           err);
}

static int
diary_resources(struct walk *w, const struct br_diary_day *d,
                struct br_err *err)
{
	const struct br_night *n = &d->night;
	const int clocks[4] = {n->bed, n->try_, n->final, n->up};
	struct br_sleep_metrics sm;
	int32_t dates[4], day;
	int rc = 0;

	if (br_parse_date("date", d->day, &day, err) < 0)
		return BR_EDB;
	br_rec_night_days(day, n, dates);
	br_sleep_derive(n, &sm);
	if (n->bed != BR_UNSET || n->up != BR_UNSET)
		rc = diary_metric(w, d, BR_M_TIB, sm.tib_min, NULL,
		                  period(dates, clocks, 0, 3), err);
	if (rc == 0 && (n->try_ != BR_UNSET || n->final != BR_UNSET))
		rc = diary_metric(w, d, BR_M_TST, sm.tst_min, NULL,
		                  period(dates, clocks, 1, 2), err);
	if (rc == 0 && n->sol != BR_UNSET)
		rc = diary_metric(w, d, BR_M_SOL, n->sol, NULL, NULL, err);
	if (rc == 0 && n->waso != BR_UNSET)
		rc = diary_metric(w, d, BR_M_WASO, n->waso, NULL, NULL, err);
	if (rc == 0 && n->wakes != BR_UNSET)
		rc = diary_metric(w, d, BR_M_WAKES, n->wakes, NULL, NULL, err);
	if (rc == 0 && n->quality != BR_UNSET)
		rc = diary_metric(w, d, BR_M_QUALITY, n->quality, NULL, NULL,
		                  err);
	if (rc == 0 && d->pain != BR_UNSET)
		rc = diary_metric(w, d, BR_M_PAIN, d->pain, NULL, NULL, err);
	if (rc == 0 && d->pain_worst != BR_UNSET)
		rc = diary_metric(w, d, BR_M_PAIN_WORST, d->pain_worst, NULL,
		                  NULL, err);
	if (rc == 0 && d->activity_min != BR_UNSET)
		rc = diary_metric(w, d, BR_M_ACTIVITY, d->activity_min, NULL,
		                  NULL, err);
	if (rc == 0 && d->note[0])
		rc = diary_metric(w, d, BR_M_NOTE, BR_UNSET, d->note, NULL,
		                  err);
	return rc;
}

/* The bedtime-routine steps ticked on a diary day (ticks[0..n), all of
 * that day): one Observation, a component per step done. */
static json_t *
routine_obs(const struct br_diary_day *d, const struct br_routine_tick *ticks,
            size_t n)
{
	const char *cs = br_fhir_vocab_cs_name("bedtime.json", "steps");
	const char *label = br_fhir_display(BR_CS_OBS, BR_OBS_ROUTINE);
	json_t *comps = json_array();
	char id[80], ident[80];

	for (size_t i = 0; i < n; i++)
		json_array_append_new(
		        comps,
		        json_pack(
		                "{s:o, s:b}", "code",
		                concept(br_fhir_cs_url(cs), ticks[i].step,
		                        br_vocab_label("bedtime.json", "steps",
		                                       ticks[i].step),
		                        NULL),
		                "valueBoolean", 1));
	snprintf(id, sizeof(id), "obs-%lld-%s-routine",
	         (long long)d->patient_id, d->day);
	snprintf(ident, sizeof(ident), "%lld:%s:routine",
	         (long long)d->patient_id, d->day);
	return json_pack(
	        "{s:s, s:s, s:o*, s:o, s:s, s:[{s:[{s:s, s:s, s:s}]}], s:o, "
	        "s:o, s:s, s:o}",
	        "resourceType", "Observation", "id", id, "meta",
	        meta(d->updated_at), "identifier",
	        identifier(BR_NS_DIARY, ident), "status", "final", "category",
	        "coding", "system", CAT_SYSTEM, "code", "survey", "display",
	        "Survey", "code",
	        concept(br_fhir_cs_url(BR_CS_OBS), BR_OBS_ROUTINE, label,
	                label),
	        "subject", reference("Patient", "pat", d->patient_id),
	        "effectiveDateTime", d->day, "component", comps);
}

/* Practitioners ----------------------------------------------------------- */

static json_t *
role_ref(int64_t user_id)
{
	return user_id ? reference("PractitionerRole", "prr", user_id) : NULL;
}

static json_t *
practitioner(const struct br_user *u)
{
	char id[32];

	snprintf(id, sizeof(id), "prac-%lld", (long long)u->id);
	return json_pack(
	        "{s:s, s:s, s:o*, s:o, s:b, s:o*, s:[{s:s, s:s, "
	        "s:s}]}",
	        "resourceType", "Practitioner", "id", id, "meta",
	        meta(u->created_at), "identifier",
	        id_identifier(BR_NS_PRACT, u->id), "active", !u->disabled,
	        "name",
	        u->name[0] ? json_pack("[{s:s}]", "text", u->name) : NULL,
	        "telecom", "system", "email", "value", u->email, "use", "work");
}

static json_t *
practitioner_role(const struct br_user *u)
{
	char id[32];

	snprintf(id, sizeof(id), "prr-%lld", (long long)u->id);
	return json_pack(
	        "{s:s, s:s, s:o*, s:o, s:b, s:o, s:o*, s:[o]}", "resourceType",
	        "PractitionerRole", "id", id, "meta", meta(u->created_at),
	        "identifier", id_identifier(BR_NS_PRACT_ROLE, u->id), "active",
	        !u->disabled, "practitioner",
	        reference("Practitioner", "prac", u->id), "organization",
	        u->clinic_id ? reference("Organization", "org", u->clinic_id)
	                     : NULL,
	        "code",
	        concept(br_fhir_cs_url(BR_CS_ROLE), u->role,
	                br_fhir_display(BR_CS_ROLE, u->role), NULL));
}

/* Instruments: Questionnaire, QuestionnaireResponse, score Observation ---- */

static json_t *
episode_ext(int64_t episode_id)
{
	return ext(BR_EXT_EPISODE, "valueReference",
	           reference("EpisodeOfCare", "eoc", episode_id));
}

static const char *
loinc_of(const struct br_instrument *in, const char *key)
{
	return json_string_value(
	        json_object_get(json_object_get(in->doc, "loinc"), key));
}

static json_t *
questionnaire(const struct br_instrument *in)
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
		                  code ? json_pack("[o]",
		                                   coding(BR_LOINC, code, NULL))
		                       : NULL,
		                  "text", it->label, "type", "integer"));
	}
	return json_pack(
	        "{s:s, s:s, s:s, s:o, s:s, s:s, s:s, s:s, s:[s], "
	        "s:o*, s:s, s:o}",
	        "resourceType", "Questionnaire", "id", id, "url", url,
	        "identifier", identifier(BR_NS_INSTRUMENT, in->id), "version",
	        in->version, "name", name, "title", in->name, "status",
	        "active", "subjectType", "Patient", "code",
	        panel ? json_pack("[o]", coding(BR_LOINC, panel, NULL)) : NULL,
	        "description", in->citation ? in->citation : in->name, "item",
	        items);
}

static const struct br_instrument *
instrument_of(const struct br_instrument_set *set, const char *id)
{
	for (int i = 0; set && i < set->n; i++)
		if (strcmp(set->items[i]->id, id) == 0)
			return set->items[i];
	return NULL;
}

static json_t *
measure_qr(const struct br_measure *m, const struct br_instrument *in)
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
	exts = json_pack("[o]", episode_ext(m->episode_id));
	if (m->version[0])
		json_array_append_new(exts, ext(BR_EXT_VERSION, "valueString",
		                                json_string(m->version)));
	if (m->recall[0])
		json_array_append_new(exts, ext(BR_EXT_RECALL, "valueString",
		                                json_string(m->recall)));
	return json_pack("{s:s, s:s, s:o*, s:o, s:o, s:s, s:s, s:o, s:s, "
	                 "s:o}",
	                 "resourceType", "QuestionnaireResponse", "id", id,
	                 "meta", meta(m->created_at), "extension", exts,
	                 "identifier", identifier1(BR_NS_MEASURE, ident),
	                 "questionnaire", url, "status", "completed", "subject",
	                 reference("Patient", "pat", m->patient_id), "authored",
	                 m->day, "item", items);
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
		json_array_append_new(codings, coding(BR_LOINC, loinc, NULL));
	if (sub)
		snprintf(code, sizeof(code), "%s.%s", instrument, sub);
	else
		snprintf(code, sizeof(code), "%s", instrument);
	json_array_append_new(codings,
	                      coding(br_fhir_cs_url(BR_CS_INSTRUMENT), code,
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

static json_t *
measure_obs(const struct br_measure *m, const struct br_instrument *in)
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
	        meta(m->created_at), "extension", episode_ext(m->episode_id),
	        "identifier", identifier(BR_NS_SCORE, ident), "status", "final",
	        "category", "coding", "system", CAT_SYSTEM, "code", "survey",
	        "display", "Survey", "code",
	        score_code(in, m->instrument, NULL,
	                   in ? loinc_of(in, "score") : NULL),
	        "subject", reference("Patient", "pat", m->patient_id),
	        "effectiveDateTime", m->day, "derivedFrom",
	        reference("QuestionnaireResponse", "qr-m", m->id),
	        "interpretation",
	        m->band[0]
	                ? json_pack("[o]", concept(br_fhir_cs_url(BR_CS_BAND),
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

/* Red-flag screens ------------------------------------------------------- */

static json_t *
screening_obs(const struct br_screening *x)
{
	json_t *exts = json_pack("[o]", episode_ext(x->episode_id));
	json_t *comps = json_array();
	char id[40], ident[24];

	snprintf(id, sizeof(id), "obs-rf-%lld", (long long)x->id);
	snprintf(ident, sizeof(ident), "%lld", (long long)x->id);
	if (x->screened_by[0])
		json_array_append_new(exts, ext(BR_EXT_SCREENED, "valueString",
		                                json_string(x->screened_by)));
	if (x->cleared_at[0]) {
		json_t *sub = json_array();

		sub_ext(sub, "at", "valueDateTime", json_string(x->cleared_at));
		if (x->cleared_by[0])
			sub_ext(sub, "by", "valueString",
			        json_string(x->cleared_by));
		if (x->clear_reason[0])
			sub_ext(sub, "reason", "valueString",
			        json_string(x->clear_reason));
		json_array_append_new(exts,
		                      json_pack("{s:s, s:o}", "url",
		                                BR_FHIR_EXT BR_EXT_CLEARANCE,
		                                "extension", sub));
	}
	for (int i = 0; i < x->n_flags; i++) {
		const struct br_redflag *f = br_redflag_find(x->flags[i]);

		json_array_append_new(
		        comps, json_pack("{s:o, s:b}", "code",
		                         concept(br_fhir_cs_url(BR_CS_REDFLAG),
		                                 x->flags[i],
		                                 f ? f->label : NULL, NULL),
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
	        meta(x->created_at), "extension", exts, "identifier",
	        identifier(BR_NS_SCREENING, ident), "status", "final",
	        "category", "coding", "system", CAT_SYSTEM, "code", "survey",
	        "display", "Survey", "code",
	        concept(br_fhir_cs_url(BR_CS_OBS), BR_OBS_SCREEN,
	                br_fhir_obs_display(BR_OBS_SCREEN),
	                br_fhir_obs_display(BR_OBS_SCREEN)),
	        "subject", reference("Patient", "pat", x->patient_id),
	        "encounter",
	        x->session_id ? reference("Encounter", "enc", x->session_id)
	                      : NULL,
	        "effectiveDateTime", x->day, "valueCodeableConcept",
	        concept(br_fhir_cs_url(BR_CS_TIER), x->tier,
	                br_fhir_display(BR_CS_TIER, x->tier), NULL),
	        "note",
	        x->action[0] ? json_pack("[{s:s}]", "text", x->action) : NULL,
	        "component", comps);
}

/* Intake ------------------------------------------------------------------ */

static json_t *
intake_qr(const struct br_intake *x)
{
	char id[48], ident[24];
	json_t *exts = json_pack("[o, o]", episode_ext(x->episode_id),
	                         ext(BR_EXT_CREATED, "valueDateTime",
	                             json_string(x->created_at)));

	snprintf(id, sizeof(id), "qr-intake-%lld", (long long)x->episode_id);
	snprintf(ident, sizeof(ident), "%lld", (long long)x->episode_id);
	return json_pack(
	        "{s:s, s:s, s:o*, s:o, s:o, s:s, s:s, s:o, s:s, s:o*, s:o}",
	        "resourceType", "QuestionnaireResponse", "id", id, "meta",
	        meta(x->updated_at), "extension", exts, "identifier",
	        identifier1(BR_NS_INTAKE, ident), "questionnaire",
	        BR_FHIR_BASE "/Questionnaire/" BR_Q_INTAKE, "status",
	        "completed", "subject",
	        reference("Patient", "pat", x->patient_id), "authored",
	        x->recorded_on, "author", role_ref(x->practitioner_id), "item",
	        br_fhir_intake_items(x));
}

static json_t *
intake_condition(const struct br_intake *x, const char *code)
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
	        meta(x->updated_at), "identifier",
	        identifier(BR_NS_INTAKE_COND, ident), "clinicalStatus",
	        "coding", "system",
	        "http://terminology.hl7.org/CodeSystem/condition-clinical",
	        "code", "active", "verificationStatus", "coding", "system",
	        "http://terminology.hl7.org/CodeSystem/condition-ver-status",
	        "code", "unconfirmed", "category", "coding", "system",
	        "http://terminology.hl7.org/CodeSystem/condition-category",
	        "code", "problem-list-item", "code",
	        concept(br_fhir_cs_url(cs), code,
	                br_vocab_label("intake.json", "conditions", code),
	                br_vocab_label("intake.json", "conditions", code)),
	        "subject", reference("Patient", "pat", x->patient_id),
	        "recordedDate", x->recorded_on, "evidence", "detail",
	        reference("QuestionnaireResponse", "qr-intake", x->episode_id));
}

/* TCM --------------------------------------------------------------------- */

static json_t *
tcm_component(const char *what, const char *cs, const char *file,
              const char *list, const char *code)
{
	const char *label = file ? br_vocab_label(file, list, code) : NULL;

	return json_pack("{s:o, s:o}", "code",
	                 concept(br_fhir_cs_url(BR_CS_TCM), what,
	                         br_fhir_display(BR_CS_TCM, what), NULL),
	                 "valueCodeableConcept",
	                 concept(br_fhir_cs_url(cs), code, label, NULL));
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
		exts = json_pack("[o]", ext(BR_EXT_PREFILLED, "valueIdentifier",
		                            identifier1(BR_NS_TCM_REC, v)));
	}
	if (json_array_size(comps) == 0) {
		json_decref(comps);
		comps = NULL;
	}
	return json_pack(
	        "{s:s, s:s, s:o*, s:o*, s:o, s:s, s:[{s:[{s:s, s:s, s:s}]}], "
	        "s:o, s:o, s:o, s:s, s:o*, s:o*, s:o*}",
	        "resourceType", "Observation", "id", id, "meta",
	        meta(x->created_at), "extension", exts, "identifier",
	        identifier(BR_NS_TCM, ident), "status", "final", "category",
	        "coding", "system", CAT_SYSTEM, "code", "exam", "display",
	        "Exam", "code",
	        concept(br_fhir_cs_url(BR_CS_TCM), part,
	                br_fhir_display(BR_CS_TCM, part),
	                br_fhir_display(BR_CS_TCM, part)),
	        "subject", reference("Patient", "pat", x->patient_id),
	        "encounter", reference("Encounter", "enc", x->session_id),
	        "effectiveDateTime", x->day, "performer",
	        x->practitioner_id
	                ? json_pack("[o]", role_ref(x->practitioner_id))
	                : NULL,
	        "note",
	        note && note[0] ? json_pack("[{s:s}]", "text", note) : NULL,
	        "component", comps);
}

static int
tcm_resources(struct walk *w, const struct br_tcm *x, struct br_err *err)
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
	             ? put(w, tcm_obs(x, "tongue", c, x->tongue_note), err)
	             : (json_decref(c), 0);
	c = json_array();
	if (x->pulse_rate != BR_UNSET)
		json_array_append_new(
		        c, json_pack("{s:o, s:o}", "code",
		                     concept(br_fhir_cs_url(BR_CS_TCM),
		                             "pulse-rate",
		                             br_fhir_display(BR_CS_TCM,
		                                             "pulse-rate"),
		                             NULL),
		                     "valueQuantity",
		                     quantity(x->pulse_rate, "/min")));
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
		rc = put(w, tcm_obs(x, "pulse", c, x->pulse_note), err);
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
		                     concept(br_fhir_cs_url(BR_CS_TCM),
		                             "treatment-principle",
		                             br_fhir_display(
		                                     BR_CS_TCM,
		                                     "treatment-principle"),
		                             NULL),
		                     "valueString", x->treatment_principle));
	/* Always written: it carries the assessment when nothing else
	 * does. */
	if (rc == 0)
		rc = put(w, tcm_obs(x, "differentiation", c, x->pattern_note),
		         err);
	else
		json_decref(c);
	return rc;
}

/* Herbal prescriptions --------------------------------------------------- */

static json_t *
herbal_mr(const struct br_herbal *x)
{
	json_t *exts =
	        json_pack("[o, o]", episode_ext(x->episode_id),
	                  ext(BR_EXT_FORM, "valueCode", json_string(x->form)));
	json_t *names = json_array();
	const char *status = !x->ended_on[0] ? "active"
	                     : strcmp(x->end_reason, "completed") == 0
	                             ? "completed"
	                             : "stopped";
	char id[40], ident[24];

	snprintf(id, sizeof(id), "mr-%lld", (long long)x->id);
	snprintf(ident, sizeof(ident), "%lld", (long long)x->id);
	if (x->chinese[0])
		sub_ext(names, "chinese", "valueString",
		        json_string(x->chinese));
	if (x->english[0])
		sub_ext(names, "english", "valueString",
		        json_string(x->english));
	if (json_array_size(names))
		json_array_append_new(exts,
		                      json_pack("{s:s, s:o}", "url",
		                                BR_FHIR_EXT BR_EXT_FORMULA,
		                                "extension", names));
	else
		json_decref(names);
	if (x->duration[0])
		json_array_append_new(exts, ext(BR_EXT_DURATION, "valueString",
		                                json_string(x->duration)));
	if (x->pharmacy[0])
		json_array_append_new(exts, ext(BR_EXT_PHARMACY, "valueString",
		                                json_string(x->pharmacy)));
	if (x->ended_on[0]) {
		json_t *sub = json_array();

		sub_ext(sub, "date", "valueDate", json_string(x->ended_on));
		if (x->end_reason[0])
			sub_ext(sub, "reason", "valueCode",
			        json_string(x->end_reason));
		json_array_append_new(exts, json_pack("{s:s, s:o}", "url",
		                                      BR_FHIR_EXT BR_EXT_ENDED,
		                                      "extension", sub));
	}
	return json_pack(
	        "{s:s, s:s, s:o*, s:o, s:o, s:s, s:s, s:{s:s}, s:o, s:o*, "
	        "s:s, s:o*, s:[{s:s*, s:s*, s:{s:s}}], s:o*}",
	        "resourceType", "MedicationRequest", "id", id, "meta",
	        meta(x->created_at), "extension", exts, "identifier",
	        identifier(BR_NS_HERBAL, ident), "status", status, "intent",
	        "order", "medicationCodeableConcept", "text", x->pinyin,
	        "subject", reference("Patient", "pat", x->patient_id),
	        "encounter",
	        x->session_id ? reference("Encounter", "enc", x->session_id)
	                      : NULL,
	        "authoredOn", x->day, "requester", role_ref(x->practitioner_id),
	        "dosageInstruction", "text", x->dose[0] ? x->dose : NULL,
	        "patientInstruction",
	        x->instructions[0] ? x->instructions : NULL, "route", "text",
	        br_herbal_route(x->form), "note",
	        x->modifications[0]
	                ? json_pack("[{s:s}]", "text", x->modifications)
	                : NULL);
}

static json_t *
herbal_ae_obs(const struct br_herbal_adverse *a)
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
	        meta(a->created_at), "extension",
	        a->severity[0]
	                ? json_pack("[o]", ext(BR_EXT_SEVERITY, "valueCode",
	                                       json_string(a->severity)))
	                : NULL,
	        "identifier", identifier(BR_NS_HERBAL_AE, ident), "status",
	        "final", "category", "coding", "system", CAT_SYSTEM, "code",
	        "survey", "display", "Survey", "code",
	        concept(br_fhir_cs_url(BR_CS_OBS), BR_OBS_HERB_AE,
	                br_fhir_obs_display(BR_OBS_HERB_AE),
	                br_fhir_obs_display(BR_OBS_HERB_AE)),
	        "subject", reference("Patient", "pat", a->patient_id), "focus",
	        reference("MedicationRequest", "mr", a->prescription_id),
	        "effectiveDateTime", a->day, "valueCodeableConcept",
	        concept(br_fhir_cs_url(cs), a->effect,
	                br_vocab_label("herbal.json", "adverse_effects",
	                               a->effect),
	                NULL),
	        "note",
	        a->note[0] ? json_pack("[{s:s}]", "text", a->note) : NULL);
}

/* Plans, the home program and check-ins ------------------------------------ */

static json_t *
plan_category(const char *kind)
{
	return json_pack("[o]",
	                 concept(br_fhir_cs_url(BR_CS_PLAN_ACT), kind,
	                         br_fhir_display(BR_CS_PLAN_ACT, kind), NULL));
}

/* The common frame of a plan ServiceRequest. */
static json_t *
plan_request(const char *id, const char *ts, const char *ns, int64_t ident,
             int64_t patient_id, int64_t episode_id, const char *status,
             const char *kind, json_t *code, const char *day)
{
	char v[24], cp[40];

	snprintf(v, sizeof(v), "%lld", (long long)ident);
	snprintf(cp, sizeof(cp), "CarePlan/cp-%lld", (long long)episode_id);
	return json_pack("{s:s, s:s, s:o*, s:[o], s:o, s:[{s:s}], s:s, s:s, "
	                 "s:o, s:o, s:o, s:s, s:[o]}",
	                 "resourceType", "ServiceRequest", "id", id, "meta",
	                 meta(ts), "extension", episode_ext(episode_id),
	                 "identifier", identifier(ns, v), "basedOn",
	                 "reference", cp, "status", status, "intent", "plan",
	                 "category", plan_category(kind), "code", code,
	                 "subject", reference("Patient", "pat", patient_id),
	                 "authoredOn", day, "reasonReference",
	                 reference("Condition", "cond", episode_id));
}

static void
add_ext(json_t *res, json_t *e)
{
	json_array_append_new(json_object_get(res, "extension"), e);
}

/* Visits a week as Timing frequency / period: the smallest whole period
 * in weeks that makes the frequency whole (1.5 a week: 3 every 2 weeks);
 * 0 when none up to 12 weeks does (the extension still carries it). */
static int
per_week_timing(double per_week, int *period)
{
	for (int k = 1; k <= 12; k++) {
		double f = per_week * k;
		long r = lround(f);

		if (r >= 1 && fabs(f - (double)r) < 1e-9) {
			*period = k;
			return (int)r;
		}
	}
	return 0;
}

/* A course (plan item): what was planned, its sessions, visits a week,
 * trial checkpoint and note, with the values that were defaults. */
static json_t *
course_request(const struct br_plan_item *it)
{
	const struct br_evidence *ev = br_library_evidence();
	int t = br_evidence_treatment(ev, it->treatment), period = 0, freq = 0;
	const char *label = t >= 0 ? ev->treatments[t].label : it->treatment;
	const char *status = strcmp(it->status, "stopped") == 0 ? "revoked"
	                     : strcmp(it->status, "done") == 0  ? "completed"
	                                                        : "active";
	json_t *repeat = json_object(), *sr;
	char id[40];

	snprintf(id, sizeof(id), "sr-plan-%lld", (long long)it->id);
	sr = plan_request(id, it->created_at, BR_NS_PLAN_ITEM, it->id,
	                  it->patient_id, it->episode_id, status,
	                  BR_PLAN_COURSE,
	                  concept(br_fhir_cs_url(BR_CS_TREATMENT),
	                          it->treatment, label, label),
	                  it->day);
	if (sr == NULL) {
		json_decref(repeat);
		return NULL;
	}
	if (it->sessions != BR_UNSET)
		json_object_set_new(repeat, "count",
		                    json_integer(it->sessions));
	if (it->per_week > 0) {
		add_ext(sr, ext(BR_EXT_PER_WEEK, "valueDecimal",
		                json_real(it->per_week)));
		freq = per_week_timing(it->per_week, &period);
	}
	if (freq > 0) {
		json_object_set_new(repeat, "frequency", json_integer(freq));
		json_object_set_new(repeat, "period", json_integer(period));
		json_object_set_new(repeat, "periodUnit", json_string("wk"));
	}
	if (json_object_size(repeat))
		json_object_set_new(sr, "occurrenceTiming",
		                    json_pack("{s:o}", "repeat", repeat));
	else
		json_decref(repeat);
	if (it->trial != BR_UNSET)
		add_ext(sr, ext(BR_EXT_TRIAL, "valuePositiveInt",
		                json_integer(it->trial)));
	if (it->defaulted[0]) {
		char buf[sizeof(it->defaulted)];

		snprintf(buf, sizeof(buf), "%s", it->defaulted);
		for (char *p = buf, *q; p && *p; p = q) {
			q = strchr(p, ',');
			if (q)
				*q++ = '\0';
			add_ext(sr, ext(BR_EXT_DEFAULTED, "valueCode",
			                json_string(p)));
		}
	}
	if (it->ended_on[0]) {
		json_t *sub = json_array();

		sub_ext(sub, "date", "valueDate", json_string(it->ended_on));
		add_ext(sr,
		        json_pack("{s:s, s:o}", "url", BR_FHIR_EXT BR_EXT_ENDED,
		                  "extension", sub));
	}
	if (it->note[0])
		json_object_set_new(sr, "note",
		                    json_pack("[{s:s}]", "text", it->note));
	return sr;
}

/* The bedtime routine of an episode's plan: one ServiceRequest, a step
 * per orderDetail. */
static json_t *
routine_request(const struct br_episode *e, const struct br_routine *r)
{
	const char *cs = br_fhir_vocab_cs_name("bedtime.json", "steps");
	const char *label = br_fhir_display(BR_CS_PLAN_ACT, BR_PLAN_ROUTINE);
	json_t *details = json_array(), *sr;
	char id[40];

	for (int i = 0; i < r->n; i++) {
		const char *l =
		        br_vocab_label("bedtime.json", "steps", r->steps[i]);

		json_array_append_new(details,
		                      concept(br_fhir_cs_url(cs), r->steps[i],
		                              l, l ? l : r->steps[i]));
	}
	snprintf(id, sizeof(id), "sr-routine-%lld", (long long)e->id);
	sr = plan_request(id, NULL, BR_NS_ROUTINE, e->id, e->patient_id, e->id,
	                  strcmp(e->status, "open") == 0 ? "active"
	                                                 : "completed",
	                  BR_PLAN_ROUTINE,
	                  concept(br_fhir_cs_url(BR_CS_PLAN_ACT),
	                          BR_PLAN_ROUTINE, label, label),
	                  r->day);
	if (sr)
		json_object_set_new(sr, "orderDetail", details);
	else
		json_decref(details);
	return sr;
}

/* An exercise prescription: the level, reps and days between sessions;
 * replaces the earlier prescription of the same ladder (prev, 0: none). */
static json_t *
exercise_request(const struct br_exercise_rx *x, int64_t prev)
{
	const struct br_exercises *lib = br_library_exercises();
	int i = br_exercises_find(lib, x->exercise);
	const char *label = i >= 0 ? lib->levels[i].label : x->exercise;
	char id[40], text[160];
	json_t *sr;

	snprintf(id, sizeof(id), "sr-ex-%lld", (long long)x->id);
	sr = plan_request(id, x->created_at, BR_NS_EXERCISE_RX, x->id,
	                  x->patient_id, x->episode_id,
	                  x->active ? "active" : "completed", BR_PLAN_EXERCISE,
	                  concept(br_fhir_cs_url(BR_CS_EXERCISE), x->exercise,
	                          i >= 0 ? lib->levels[i].label : NULL, label),
	                  x->day);
	if (sr == NULL)
		return NULL;
	snprintf(text, sizeof(text), "%s: %d reps every %d days", label,
	         x->reps, x->every_days);
	json_object_set_new(sr, "quantityQuantity",
	                    quantity(x->reps, "{reps}"));
	json_object_set_new(sr, "occurrenceTiming",
	                    json_pack("{s:{s:i, s:i, s:s}}", "repeat",
	                              "frequency", 1, "period", x->every_days,
	                              "periodUnit", "d"));
	json_object_set_new(sr, "patientInstruction", json_string(text));
	if (x->usual_morning != BR_UNSET)
		add_ext(sr, ext(BR_EXT_USUAL, "valueInteger",
		                json_integer(x->usual_morning)));
	if (prev)
		json_object_set_new(sr, "replaces",
		                    json_pack("[o]", reference("ServiceRequest",
		                                               "sr-ex", prev)));
	return sr;
}

/* A pacing quota setting: the baseline as the quantity, the step and its
 * interval in pacing-step; the latest setting of an activity is active,
 * earlier ones completed (prev: the setting it replaced, 0: none). */
static json_t *
pacing_request(const struct br_pacing_quota *q, bool latest, int64_t prev)
{
	const char *ucum = br_fhir_ucum_of(q->unit);
	json_t *sub = json_array(), *sr;
	char id[40];

	snprintf(id, sizeof(id), "sr-pace-%lld", (long long)q->id);
	sr = plan_request(
	        id, q->created_at, BR_NS_PACING, q->id, q->patient_id,
	        q->episode_id, latest ? "active" : "completed", BR_PLAN_PACING,
	        concept(br_fhir_cs_url(BR_CS_PLAN_ACT), BR_PLAN_PACING,
	                br_fhir_display(BR_CS_PLAN_ACT, BR_PLAN_PACING),
	                q->activity),
	        q->day);
	if (sr == NULL) {
		json_decref(sub);
		return NULL;
	}
	json_object_set_new(sr, "quantityQuantity",
	                    json_pack("{s:f, s:s, s:s, s:s*}", "value",
	                              q->baseline, "unit", q->unit, "system",
	                              BR_UCUM, "code", ucum));
	sub_ext(sub, "percent", "valueDecimal", json_real(q->step_pct));
	sub_ext(sub, "every", "valueInteger", json_integer(q->every_days));
	add_ext(sr, json_pack("{s:s, s:o}", "url", BR_FHIR_EXT BR_EXT_PACING,
	                      "extension", sub));
	if (prev)
		json_object_set_new(
		        sr, "replaces",
		        json_pack("[o]", reference("ServiceRequest", "sr-pace",
		                                   prev)));
	return sr;
}

/* The patient's goals from the intake, as a Goal the CarePlan names. */
static json_t *
intake_goal(const struct br_intake *in, const struct br_episode *e)
{
	char id[40], v[24];

	snprintf(id, sizeof(id), "goal-i-%lld", (long long)e->id);
	snprintf(v, sizeof(v), "%lld", (long long)e->id);
	return json_pack(
	        "{s:s, s:s, s:o*, s:[o], s:o, s:s, s:{s:s}, s:o, s:s*, s:o, "
	        "s:[o]}",
	        "resourceType", "Goal", "id", id, "meta", meta(in->updated_at),
	        "extension", episode_ext(e->id), "identifier",
	        identifier(BR_NS_GOAL, v), "lifecycleStatus",
	        strcmp(e->status, "open") == 0 ? "active" : "completed",
	        "description", "text", in->goals, "subject",
	        reference("Patient", "pat", e->patient_id), "startDate",
	        in->recorded_on[0] ? in->recorded_on : NULL, "expressedBy",
	        reference("Patient", "pat", e->patient_id), "addresses",
	        reference("Condition", "cond", e->id));
}

static json_t *
care_plan(const struct br_episode *e, json_t *activities, bool goal)
{
	char id[40], v[24];

	snprintf(id, sizeof(id), "cp-%lld", (long long)e->id);
	snprintf(v, sizeof(v), "%lld", (long long)e->id);
	if (json_array_size(activities) == 0) {
		json_decref(activities);
		activities = NULL;
	}
	return json_pack(
	        "{s:s, s:s, s:[o], s:o, s:s, s:s, s:s, s:o, s:{s:s, s:s*}, "
	        "s:[o], s:o*, s:o*}",
	        "resourceType", "CarePlan", "id", id, "extension",
	        episode_ext(e->id), "identifier",
	        identifier(BR_NS_CARE_PLAN, v), "status",
	        strcmp(e->status, "open") == 0 ? "active" : "completed",
	        "intent", "plan", "title", "Care plan", "subject",
	        reference("Patient", "pat", e->patient_id), "period", "start",
	        e->opened_on, "end", e->closed_on[0] ? e->closed_on : NULL,
	        "addresses", reference("Condition", "cond", e->id), "goal",
	        goal ? json_pack("[o]", reference("Goal", "goal-i", e->id))
	             : NULL,
	        "activity", activities);
}

/* A component of a log Observation, code in backrest's observation
 * system. */
static json_t *
obs_component(const char *code, const char *value_key, json_t *value)
{
	return json_pack("{s:o, s:o}", "code",
	                 concept(br_fhir_cs_url(BR_CS_OBS), code,
	                         br_fhir_display(BR_CS_OBS, code), NULL),
	                 value_key, value);
}

static json_t *
log_observation(const char *id, const char *ts, const char *ns, int64_t ident,
                int64_t patient_id, int64_t episode_id, const char *code,
                const char *day, json_t *components)
{
	char v[24];

	snprintf(v, sizeof(v), "%lld", (long long)ident);
	return json_pack(
	        "{s:s, s:s, s:o*, s:[o], s:o, s:s, s:[{s:[{s:s, s:s, s:s}]}, "
	        "{s:[{s:s, s:s, s:s}]}], s:o, s:o, s:s, s:o}",
	        "resourceType", "Observation", "id", id, "meta", meta(ts),
	        "extension", episode_ext(episode_id), "identifier",
	        identifier(ns, v), "status", "final", "category", "coding",
	        "system", CAT_SYSTEM, "code", "survey", "display", "Survey",
	        "coding", "system", CAT_SYSTEM, "code", "activity", "display",
	        "Activity", "code",
	        concept(br_fhir_cs_url(BR_CS_OBS), code,
	                br_fhir_display(BR_CS_OBS, code),
	                br_fhir_display(BR_CS_OBS, code)),
	        "subject", reference("Patient", "pat", patient_id),
	        "effectiveDateTime", day, "component", components);
}

/* A logged exercise session; basedOn the prescription of that exercise
 * in force on the day (rx 0: none). */
static json_t *
exercise_log_obs(const struct br_exercise_log *l, int64_t rx)
{
	const struct br_exercises *lib = br_library_exercises();
	int i = br_exercises_find(lib, l->exercise);
	json_t *c = json_array(), *o;
	char id[40];

	json_array_append_new(
	        c,
	        obs_component(
	                "exercise", "valueCodeableConcept",
	                concept(br_fhir_cs_url(BR_CS_EXERCISE), l->exercise,
	                        i >= 0 ? lib->levels[i].label : NULL, NULL)));
	json_array_append_new(c, obs_component("reps", "valueInteger",
	                                       json_integer(l->reps)));
	json_array_append_new(c, obs_component("pain-during", "valueInteger",
	                                       json_integer(l->pain_during)));
	if (l->next_morning != BR_UNSET)
		json_array_append_new(
		        c, obs_component("next-morning-pain", "valueInteger",
		                         json_integer(l->next_morning)));
	json_array_append_new(c, obs_component("rom-loss", "valueBoolean",
	                                       json_boolean(l->rom_loss)));
	json_array_append_new(c, obs_component("reinjury", "valueBoolean",
	                                       json_boolean(l->reinjury)));
	snprintf(id, sizeof(id), "obs-exl-%lld", (long long)l->id);
	o = log_observation(id, l->created_at, BR_NS_EXERCISE_LOG, l->id,
	                    l->patient_id, l->episode_id, BR_OBS_EX_LOG, l->day,
	                    c);
	if (o && rx)
		json_object_set_new(o, "basedOn",
		                    json_pack("[o]", reference("ServiceRequest",
		                                               "sr-ex", rx)));
	return o;
}

/* A pacing log: what was done as the value (in the activity's unit, unit
 * NULL when no setting names one), the activity, recovery and flare as
 * components. */
static json_t *
pacing_log_obs(const struct br_pacing_log *l, const char *unit)
{
	json_t *c = json_array(), *o;
	char id[40];

	json_array_append_new(c, obs_component("paced-activity", "valueString",
	                                       json_string(l->activity)));
	if (l->recovered != BR_UNSET)
		json_array_append_new(
		        c, obs_component("recovered", "valueBoolean",
		                         json_boolean(l->recovered)));
	json_array_append_new(c, obs_component("flare", "valueBoolean",
	                                       json_boolean(l->flare)));
	snprintf(id, sizeof(id), "obs-pl-%lld", (long long)l->id);
	o = log_observation(id, l->created_at, BR_NS_PACING_LOG, l->id,
	                    l->patient_id, l->episode_id, BR_OBS_PACE, l->day,
	                    c);
	if (o)
		json_object_set_new(o, "valueQuantity",
		                    json_pack("{s:f, s:s*, s:s, s:s*}", "value",
		                              l->done, "unit", unit, "system",
		                              BR_UCUM, "code",
		                              br_fhir_ucum_of(unit)));
	return o;
}

/* The next-day check-in of a session as a QuestionnaireResponse of the
 * aftercare Questionnaire; the rules that fired and whether it counted as
 * an adverse event ride along as extensions (the adverse events
 * themselves are the session Procedure's complications). */
static json_t *
checkin_qr(const struct br_checkin *c)
{
	const char *const changes[] = {c->energy, c->mood};
	const char *const links[] = {"energy", "mood"};
	json_t *exts = json_pack("[o]", episode_ext(c->episode_id));
	json_t *items = json_array();
	char id[40], v[24];

	json_array_append_new(exts, ext(BR_EXT_ADVERSE, "valueBoolean",
	                                json_boolean(c->adverse)));
	for (int i = 0; i < c->n_rules; i++)
		json_array_append_new(exts, ext(BR_EXT_RULE, "valueCode",
		                                json_string(c->rules[i])));
	json_array_append_new(items, json_pack("{s:s, s:[{s:i}]}", "linkId",
	                                       "soreness", "answer",
	                                       "valueInteger", c->soreness));
	for (int i = 0; i < 2; i++)
		json_array_append_new(
		        items, json_pack("{s:s, s:[{s:o}]}", "linkId", links[i],
		                         "answer", "valueCoding",
		                         coding(br_fhir_cs_url(BR_CS_CHANGE),
		                                changes[i],
		                                br_fhir_display(BR_CS_CHANGE,
		                                                changes[i]))));
	if (c->unusual[0])
		json_array_append_new(items,
		                      json_pack("{s:s, s:[{s:s}]}", "linkId",
		                                "unusual", "answer",
		                                "valueString", c->unusual));
	snprintf(id, sizeof(id), "qr-ci-%lld", (long long)c->session_id);
	snprintf(v, sizeof(v), "%lld", (long long)c->session_id);
	return json_pack(
	        "{s:s, s:s, s:o*, s:o, s:o, s:s, s:s, s:o, s:o, "
	        "s:s, s:o}",
	        "resourceType", "QuestionnaireResponse", "id", id, "meta",
	        meta(c->created_at), "extension", exts, "identifier",
	        identifier1(BR_NS_CHECKIN, v), "questionnaire",
	        BR_FHIR_BASE "/Questionnaire/" BR_Q_AFTERCARE, "status",
	        "completed", "subject",
	        reference("Patient", "pat", c->patient_id), "encounter",
	        reference("Encounter", "enc", c->session_id), "authored",
	        c->day, "item", items);
}

/* Emits sr when its record passes the --since filter (ts: then *fresh),
 * else drops it; either way its reference joins the CarePlan's
 * activities. */
static int
put_activity(struct walk *w, json_t *acts, json_t *sr, const char *ts,
             bool *fresh, struct br_err *err)
{
	if (sr == NULL)
		return br_error(err, BR_ENOMEM, "", "out of memory");
	json_array_append_new(
	        acts, json_pack("{s:{s:o}}", "reference", "reference",
	                        json_sprintf("ServiceRequest/%s",
	                                     json_string_value(json_object_get(
	                                             sr, "id")))));
	if (since_ok(w, ts)) {
		*fresh = true;
		return put(w, sr, err);
	}
	json_decref(sr);
	return 0;
}

/* An episode's records of plan, home program and check-ins, in a fixed
 * order: the ServiceRequests (courses, routine, exercises, pacing), the
 * intake Goal, the CarePlan naming them, then the exercise and pacing logs
 * and the check-ins. */
static int
plan_resources(struct walk *w, const struct br_episode *e,
               const struct br_intake *in, struct br_err *err)
{
	const struct br_exercises *lib = br_library_exercises();
	struct br_plan_item *items = NULL;
	struct br_exercise_rx *rx = NULL;
	struct br_exercise_log *exl = NULL;
	struct br_pacing_quota *pq = NULL;
	struct br_pacing_log *pl = NULL;
	struct br_checkin *ci = NULL;
	struct br_routine r;
	size_t ni = 0, nrx = 0, nexl = 0, npq = 0, npl = 0, nci = 0;
	json_t *acts = json_array();
	bool goal = in && in->goals[0], fresh = false;
	int64_t pid = e->patient_id;
	int rc = br_store_plan_item_list(w->s, pid, e->id, &items, &ni, err);

	if (rc == 0)
		rc = br_store_routine_get(w->s, pid, e->id, &r, err);
	if (rc == 0)
		rc = br_store_exercise_rx_history(w->s, pid, e->id, &rx, &nrx,
		                                  err);
	if (rc == 0)
		rc = br_store_pacing_quota_history(w->s, pid, e->id, &pq, &npq,
		                                   err);
	if (rc == 0)
		rc = br_store_exercise_log_list(w->s, pid, e->id, NULL, &exl,
		                                &nexl, err);
	if (rc == 0)
		rc = br_store_pacing_log_all(w->s, pid, e->id, &pl, &npl, err);
	if (rc == 0)
		rc = br_store_checkin_list(w->s, pid, e->id, &ci, &nci, err);
	for (size_t i = 0; rc == 0 && i < ni; i++)
		rc = put_activity(w, acts, course_request(&items[i]),
		                  items[i].created_at, &fresh, err);
	if (rc == 0 && r.n > 0)
		rc = put_activity(w, acts, routine_request(e, &r), r.day,
		                  &fresh, err);
	for (size_t i = 0; rc == 0 && i < nrx; i++) {
		int k = br_exercises_find(lib, rx[i].exercise);
		int64_t prev = 0;

		for (size_t j = 0; k >= 0 && j < i; j++) {
			int m = br_exercises_find(lib, rx[j].exercise);

			if (m >= 0 &&
			    lib->levels[m].ladder == lib->levels[k].ladder)
				prev = rx[j].id;
		}
		rc = put_activity(w, acts, exercise_request(&rx[i], prev),
		                  rx[i].created_at, &fresh, err);
	}
	for (size_t i = 0; rc == 0 && i < npq; i++) {
		bool latest = i + 1 == npq ||
		              strcmp(pq[i + 1].activity, pq[i].activity) != 0;
		bool first = i == 0 ||
		             strcmp(pq[i - 1].activity, pq[i].activity) != 0;

		rc = put_activity(w, acts,
		                  pacing_request(&pq[i], latest,
		                                 first ? 0 : pq[i - 1].id),
		                  pq[i].created_at, &fresh, err);
	}
	if (rc == 0 && goal && since_ok(w, in->updated_at)) {
		fresh = true;
		rc = put(w, intake_goal(in, e), err);
	}
	/* The CarePlan has no time of its own: it comes with any of its
	 * parts. */
	if (rc == 0 && fresh) {
		rc = put(w, care_plan(e, json_incref(acts), goal), err);
	}
	for (size_t i = 0; rc == 0 && i < nexl; i++) {
		int64_t based = 0;

		if (!since_ok(w, exl[i].created_at))
			continue;
		for (size_t j = 0; j < nrx; j++)
			if (strcmp(rx[j].exercise, exl[i].exercise) == 0 &&
			    strcmp(rx[j].day, exl[i].day) <= 0)
				based = rx[j].id;
		rc = put(w, exercise_log_obs(&exl[i], based), err);
	}
	for (size_t i = 0; rc == 0 && i < npl; i++) {
		const char *unit = NULL;

		if (!since_ok(w, pl[i].created_at))
			continue;
		for (size_t j = 0; j < npq; j++)
			if (strcmp(pq[j].activity, pl[i].activity) == 0)
				unit = pq[j].unit;
		rc = put(w, pacing_log_obs(&pl[i], unit), err);
	}
	for (size_t i = 0; rc == 0 && i < nci; i++)
		if (since_ok(w, ci[i].created_at))
			rc = put(w, checkin_qr(&ci[i]), err);
	json_decref(acts);
	free(items);
	free(rx);
	free(exl);
	free(pq);
	free(pl);
	free(ci);
	return rc;
}

/* The records of an episode besides its sessions, in a fixed order. */
static int
care_resources(struct walk *w, const struct br_episode *e, struct br_err *err)
{
	struct br_intake *in = malloc(sizeof(*in));
	struct br_measure *ms = NULL;
	struct br_screening *sc = NULL;
	struct br_tcm *tc = NULL;
	struct br_herbal *hb = NULL;
	struct br_herbal_adverse *ae = NULL;
	size_t nm = 0, ns = 0, nt = 0, nh = 0, na = 0;
	bool has_intake;
	int rc;

	if (in == NULL)
		return br_error(err, BR_ENOMEM, "", "out of memory");
	rc = br_store_intake_get(w->s, e->patient_id, e->id, in, err);
	has_intake = rc == 0;
	if (rc == BR_ENOTFOUND) {
		br_err_clear(err);
		rc = 0;
	} else if (rc == 0 && since_ok(w, in->updated_at)) {
		rc = put(w, intake_qr(in), err);
		for (int i = 0; rc == 0 && i < in->n_conditions; i++)
			rc = put(w, intake_condition(in, in->conditions[i]),
			         err);
	}
	if (rc == 0)
		rc = br_store_measure_list(w->s, e->patient_id, e->id, NULL,
		                           &ms, &nm, err);
	for (size_t i = 0; rc == 0 && i < nm; i++) {
		const struct br_instrument *def =
		        instrument_of(w->instruments, ms[i].instrument);

		if (!since_ok(w, ms[i].created_at))
			continue;
		rc = put(w, measure_qr(&ms[i], def), err);
		if (rc == 0)
			rc = put(w, measure_obs(&ms[i], def), err);
	}
	if (rc == 0)
		rc = br_store_screening_list(w->s, e->patient_id, e->id, &sc,
		                             &ns, err);
	for (size_t i = 0; rc == 0 && i < ns; i++)
		if (since_ok(w, sc[i].created_at))
			rc = put(w, screening_obs(&sc[i]), err);
	if (rc == 0)
		rc = br_store_tcm_list(w->s, e->patient_id, e->id, &tc, &nt,
		                       err);
	for (size_t i = 0; rc == 0 && i < nt; i++)
		if (since_ok(w, tc[i].created_at))
			rc = tcm_resources(w, &tc[i], err);
	if (rc == 0)
		rc = br_store_herbal_list(w->s, e->patient_id, e->id, &hb, &nh,
		                          err);
	for (size_t i = 0; rc == 0 && i < nh; i++)
		if (since_ok(w, hb[i].created_at))
			rc = put(w, herbal_mr(&hb[i]), err);
	if (rc == 0)
		rc = br_store_herbal_adverse_list(w->s, e->patient_id, e->id,
		                                  &ae, &na, err);
	for (size_t i = 0; rc == 0 && i < na; i++)
		if (since_ok(w, ae[i].created_at))
			rc = put(w, herbal_ae_obs(&ae[i]), err);
	if (rc == 0)
		rc = plan_resources(w, e, has_intake ? in : NULL, err);
	free(in);
	free(ms);
	free(sc);
	free(tc);
	free(hb);
	free(ae);
	return rc;
}

/* Visits ----------------------------------------------------------------- */

static const char *const visit_status[][2] = {
        {"booked", "booked"},
        {"attended", "fulfilled"},
        {"missed", "noshow"},
        {"cancelled", "cancelled"},
};

static json_t *
appointment(const struct br_visit *v)
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
	local_datetime((int32_t)(v->starts_at / 1440),
	               (int)(v->starts_at % 1440), start);
	local_datetime((int32_t)(e / 1440), (int)(e % 1440), end);
	exts = json_pack("[o, o, o]", episode_ext(v->episode_id),
	                 ext(BR_EXT_CREATED, "valueDateTime",
	                     json_string(v->created_at)),
	                 ext(BR_EXT_PLACE, "valueCode", json_string(v->place)));
	if (v->address[0])
		json_array_append_new(
		        exts, ext(BR_EXT_ADDRESS, "valueAddress",
		                  json_pack("{s:s}", "text", v->address)));
	parts = json_pack("[{s:o, s:s}]", "actor",
	                  reference("Patient", "pat", v->patient_id), "status",
	                  "accepted");
	if (v->practitioner_id)
		json_array_append_new(parts,
		                      json_pack("{s:o, s:s}", "actor",
		                                role_ref(v->practitioner_id),
		                                "status", "accepted"));
	return json_pack("{s:s, s:s, s:o*, s:o, s:o, s:s, s:s, s:s, s:i, "
	                 "s:o}",
	                 "resourceType", "Appointment", "id", id, "meta",
	                 meta(v->updated_at), "extension", exts, "identifier",
	                 identifier(BR_NS_VISIT, ident), "status", status,
	                 "start", start, "end", end, "minutesDuration",
	                 v->minutes, "participant", parts);
}

/* The walk ---------------------------------------------------------------- */

static int
episode_resources(struct walk *w, const struct br_patient *p,
                  const struct br_episode *e, struct br_err *err)
{
	struct br_session *xs = NULL;
	struct br_visit *vs = NULL;
	size_t n = 0, nv = 0;
	int rc = 0;

	if (since_ok(w, e->created_at)) {
		rc = put(w, condition(e), err);
		if (rc == 0)
			rc = put(w, episode_of_care(e, p->clinic_id), err);
	}
	if (rc == 0)
		rc = br_store_visit_list(
		        w->s,
		        &(struct br_visit_filter){.patient_id = p->id,
		                                  .episode_id = e->id,
		                                  .practitioner_id = -1,
		                                  .from = INT64_MIN,
		                                  .to = INT64_MAX},
		        &vs, &nv, err);
	if (rc == 0)
		rc = br_store_session_list(w->s, p->id, e->id, &xs, &n, err);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		int64_t visit = 0;

		for (size_t k = 0; k < nv; k++)
			if (vs[k].session_id == xs[i].id)
				visit = vs[k].id;
		if (since_ok(w, xs[i].created_at))
			rc = session_resources(w, &xs[i], p->clinic_id, visit,
			                       err);
	}
	for (size_t k = 0; rc == 0 && k < nv; k++)
		if (since_ok(w, vs[k].updated_at))
			rc = put(w, appointment(&vs[k]), err);
	free(xs);
	free(vs);
	if (rc == 0)
		rc = care_resources(w, e, err);
	return rc;
}

static int
patient_resources(struct walk *w, const struct br_patient *p,
                  struct br_err *err)
{
	struct br_episode *eps = NULL, one;
	struct br_diary_day *days = NULL;
	struct br_routine_tick *ticks = NULL;
	char from[BR_DATE_LEN] = "", to[BR_DATE_LEN] = "";
	size_t n = 0, nd = 0, nt = 0;
	int rc = 0;

	if (since_ok(w, p->created_at))
		rc = put(w, patient(p), err);
	if (rc == 0 && w->f->episode_id) {
		rc = br_store_episode_get(w->s, w->f->episode_id, &one, err);
		if (rc == 0) {
			rc = episode_resources(w, p, &one, err);
			/* The episode's diary: from onset (or opening, when
			 * earlier) to closing. */
			snprintf(from, sizeof(from), "%s",
			         strcmp(one.onset, one.opened_on) < 0
			                 ? one.onset
			                 : one.opened_on);
			snprintf(to, sizeof(to), "%s", one.closed_on);
		}
	} else if (rc == 0) {
		rc = br_store_episode_list(w->s, p->id, &eps, &n, err);
		for (size_t i = 0; rc == 0 && i < n; i++)
			rc = episode_resources(w, p, &eps[i], err);
	}
	if (rc == 0)
		rc = br_store_diary_list(w->s, p->id, from, to, &days, &nd,
		                         err);
	if (rc == 0)
		rc = br_store_routine_ticks_list(w->s, p->id, from, to, &ticks,
		                                 &nt, err);
	for (size_t i = 0, t = 0; rc == 0 && i < nd; i++) {
		size_t k;

		while (t < nt && strcmp(ticks[t].day, days[i].day) < 0)
			t++;
		for (k = t; k < nt && strcmp(ticks[k].day, days[i].day) == 0;
		     k++)
			;
		if (!since_ok(w, days[i].updated_at))
			continue;
		rc = diary_resources(w, &days[i], err);
		if (rc == 0 && k > t)
			rc = put(w, routine_obs(&days[i], &ticks[t], k - t),
			         err);
	}
	free(eps);
	free(days);
	free(ticks);
	return rc;
}

/* Definitions: each instrument's Questionnaire and the intake's. */
static int
definitions(struct walk *w, struct br_err *err)
{
	int rc = 0;

	for (int i = 0; rc == 0 && w->instruments && i < w->instruments->n; i++)
		rc = put(w, questionnaire(w->instruments->items[i]), err);
	if (rc == 0) {
		json_t *q = br_fhir_intake_questionnaire();

		rc = put(w, q, err);
	}
	if (rc == 0)
		rc = put(w, br_fhir_aftercare_questionnaire(), err);
	if (rc == 0)
		rc = br_fhir_instrument_code_systems(w->instruments, w->emit,
		                                     w->ctx, err);
	return rc;
}

static int
practitioners(struct walk *w, int64_t patient_id, int64_t clinic_id,
              struct br_err *err)
{
	struct br_user *us = NULL;
	size_t n = 0;
	int rc = br_store_interop_practitioners(w->s, patient_id, clinic_id,
	                                        &us, &n, err);

	for (size_t i = 0; rc == 0 && i < n; i++) {
		if (!since_ok(w, us[i].created_at))
			continue;
		rc = put(w, practitioner(&us[i]), err);
		if (rc == 0)
			rc = put(w, practitioner_role(&us[i]), err);
	}
	free(us);
	return rc;
}

int
br_fhir_export(struct br_store *s, const struct br_fhir_filter *f,
               br_fhir_emit_fn emit, void *ctx, struct br_err *err)
{
	struct walk w = {s, f, emit, ctx, NULL};
	struct br_clinic_row *clinics = NULL;
	struct br_patient *pats = NULL, one;
	size_t nc = 0, np = 0;
	int64_t pid = f->patient_id, cid = f->clinic_id;
	int rc = br_instruments_load(f->instruments_dir, &w.instruments, err);

	if (rc == 0 && f->episode_id) {
		struct br_episode e;

		rc = br_store_episode_get(s, f->episode_id, &e, err);
		if (rc == 0 && pid && pid != e.patient_id)
			rc = br_error(
			        err, BR_EINVAL, "episode_id",
			        "episode %lld is not an episode of patient "
			        "%lld",
			        (long long)e.id, (long long)pid);
		pid = e.patient_id;
	}
	if (rc == 0 && pid) {
		rc = br_store_patient_get(s, pid, &one, err);
		if (rc == 0 && cid && one.clinic_id != cid)
			rc = br_error(err, BR_ENOTFOUND, "patient_id",
			              "there is no patient %lld in this clinic",
			              (long long)pid);
		pats = &one;
		np = 1;
		cid = rc == 0 ? one.clinic_id : 0;
	} else if (rc == 0) {
		rc = br_store_patient_list(s, &pats, &np, err);
	}
	if (rc < 0)
		return rc;
	if (f->code_systems)
		rc = br_fhir_code_systems(emit, ctx, err);
	if (rc == 0 && f->code_systems)
		rc = definitions(&w, err);
	if (rc == 0)
		rc = br_store_clinic_list(s, &clinics, &nc, err);
	for (size_t i = 0; rc == 0 && i < nc; i++)
		if ((!cid || clinics[i].id == cid) &&
		    since_ok(&w, clinics[i].created_at))
			rc = put(&w, organization(&clinics[i]), err);
	if (rc == 0)
		rc = practitioners(&w, pid, cid, err);
	for (size_t i = 0; rc == 0 && i < np; i++)
		if (!cid || pats[i].clinic_id == cid)
			rc = patient_resources(&w, &pats[i], err);
	free(clinics);
	if (pats != &one)
		free(pats);
	return rc;
}
