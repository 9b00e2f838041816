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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/parse.h"
#include "interop/fhir_internal.h"
#include "interop/records.h"
#include "store/interop.h"

#define CAT_SYSTEM "http://terminology.hl7.org/CodeSystem/observation-category"

struct walk {
	struct br_store *s;
	const struct br_fhir_filter *f;
	br_fhir_emit_fn emit;
	void *ctx;
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
	        "s:{s:s, s:s*}}",
	        "resourceType", "EpisodeOfCare", "id", id, "meta",
	        meta(e->created_at), "extension", exts, "identifier",
	        id_identifier(BR_NS_EPISODE, e->id), "status",
	        strcmp(e->status, "closed") == 0 ? "finished" : "active",
	        "diagnosis", "condition", reference("Condition", "cond", e->id),
	        "rank", 1, "patient",
	        reference("Patient", "pat", e->patient_id),
	        "managingOrganization",
	        reference("Organization", "org", clinic_id), "period", "start",
	        e->opened_on, "end", e->closed_on[0] ? e->closed_on : NULL);
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
encounter(const struct br_session *x, int64_t clinic_id)
{
	char id[32];

	snprintf(id, sizeof(id), "enc-%lld", (long long)x->id);
	return json_pack(
	        "{s:s, s:s, s:o*, s:o, s:s, s:{s:s, s:s, s:s}, s:o, s:[o], "
	        "s:{s:s, s:s}, s:o}",
	        "resourceType", "Encounter", "id", id, "meta",
	        meta(x->created_at), "identifier",
	        id_identifier(BR_NS_SESSION, x->id), "status", "finished",
	        "class", "system",
	        "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code",
	        "AMB", "display", "ambulatory", "subject",
	        reference("Patient", "pat", x->patient_id), "episodeOfCare",
	        reference("EpisodeOfCare", "eoc", x->episode_id), "period",
	        "start", x->day, "end", x->day, "serviceProvider",
	        reference("Organization", "org", clinic_id));
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
                  struct br_err *err)
{
	int rc = put(w, encounter(x, clinic_id), err);

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

/* The walk ---------------------------------------------------------------- */

static int
episode_resources(struct walk *w, const struct br_patient *p,
                  const struct br_episode *e, struct br_err *err)
{
	struct br_session *xs = NULL;
	size_t n = 0;
	int rc = 0;

	if (since_ok(w, e->created_at)) {
		rc = put(w, condition(e), err);
		if (rc == 0)
			rc = put(w, episode_of_care(e, p->clinic_id), err);
	}
	if (rc == 0)
		rc = br_store_session_list(w->s, p->id, e->id, &xs, &n, err);
	for (size_t i = 0; rc == 0 && i < n; i++)
		if (since_ok(w, xs[i].created_at))
			rc = session_resources(w, &xs[i], p->clinic_id, err);
	free(xs);
	return rc;
}

static int
patient_resources(struct walk *w, const struct br_patient *p,
                  struct br_err *err)
{
	struct br_episode *eps = NULL, one;
	struct br_diary_day *days = NULL;
	char from[BR_DATE_LEN] = "", to[BR_DATE_LEN] = "";
	size_t n = 0, nd = 0;
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
	for (size_t i = 0; rc == 0 && i < nd; i++)
		if (since_ok(w, days[i].updated_at))
			rc = diary_resources(w, &days[i], err);
	free(eps);
	free(days);
	return rc;
}

int
br_fhir_export(struct br_store *s, const struct br_fhir_filter *f,
               br_fhir_emit_fn emit, void *ctx, struct br_err *err)
{
	struct walk w = {s, f, emit, ctx};
	struct br_clinic_row *clinics = NULL;
	struct br_patient *pats = NULL, one;
	size_t nc = 0, np = 0;
	int64_t pid = f->patient_id;
	int rc = 0;

	if (f->episode_id) {
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
		pats = &one;
		np = 1;
	} else if (rc == 0) {
		rc = br_store_patient_list(s, &pats, &np, err);
	}
	if (rc < 0)
		return rc;
	if (f->code_systems)
		rc = br_fhir_code_systems(emit, ctx, err);
	if (rc == 0)
		rc = br_store_clinic_list(s, &clinics, &nc, err);
	for (size_t i = 0; rc == 0 && i < nc; i++)
		if ((!pid || clinics[i].id == one.clinic_id) &&
		    since_ok(&w, clinics[i].created_at))
			rc = put(&w, organization(&clinics[i]), err);
	for (size_t i = 0; rc == 0 && i < np; i++)
		rc = patient_resources(&w, &pats[i], err);
	free(clinics);
	if (pats != &one)
		free(pats);
	return rc;
}
