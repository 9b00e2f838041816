/*
 * fhir_export_observation.c - FHIR export of the diary and session
 * metrics (Observation) and the bedtime-routine ticks of a diary day.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "interop/fhir_export_internal.h"

/* Observations ------------------------------------------------------------ */

static json_t *
observation_code(enum br_metric m)
{
	const struct br_metric_def *d = &br_metrics[m];
	json_t *codings =
	        json_pack("[o]", fe_coding(d->system, d->code, d->display));

	/* Session pain is the LOINC pain score, qualified by backrest's
	 * before/after code. */
	if (m == BR_M_SESSION_BEFORE || m == BR_M_SESSION_AFTER)
		json_array_insert_new(codings, 0,
		                      fe_coding(BR_LOINC, BR_LOINC_PAIN,
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
		json_object_set_new(obs, "valueQuantity",
		                    fe_quantity(v, d->unit));
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
	        "resourceType", "Observation", "id", id, "meta", fe_meta(ts),
	        "identifier", fe_identifier(ns, ident), "status", "final",
	        "category", "coding", "system", CAT_SYSTEM, "code", "survey",
	        "display", "Survey", "code", observation_code(m), "subject",
	        fe_reference("Patient", "pat", patient_id), "encounter",
	        session_id ? fe_reference("Encounter", "enc", session_id)
	                   : NULL,
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
	return fe_put(
	        w,
	        observation_value(observation(m, id, BR_NS_SESS_OBS, ident,
	                                      x->created_at, x->patient_id,
	                                      x->id, NULL, x->day),
	                          m, v, NULL),
	        err);
}

int
fe_session_resources(struct walk *w, const struct br_session *x,
                     int64_t clinic_id, int64_t visit_id, struct br_err *err)
{
	int rc = fe_put(w, fe_encounter(x, clinic_id, visit_id), err);

	for (int i = 0; rc == 0 && i < x->n_modalities; i++)
		rc = fe_put(w, fe_procedure(x, x->modalities[i], i == 0), err);
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
		fe_local_datetime(dates[a], clocks[a], start);
	if (clocks[b] != BR_UNSET)
		fe_local_datetime(dates[b], clocks[b], end);
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
	return fe_put(
	        w,
	        observation_value(observation(m, id, BR_NS_DIARY, ident,
	                                      d->updated_at, d->patient_id, 0,
	                                      effective_period, d->day),
	                          m, v, text),
	        err);
}

int
fe_diary_resources(struct walk *w, const struct br_diary_day *d,
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
json_t *
fe_routine_obs(const struct br_diary_day *d,
               const struct br_routine_tick *ticks, size_t n)
{
	const char *cs = br_fhir_vocab_cs_name("bedtime.json", "steps");
	const char *label = br_fhir_display(BR_CS_OBS, BR_OBS_ROUTINE);
	json_t *comps = json_array();
	char id[80], ident[80];

	for (size_t i = 0; i < n; i++)
		json_array_append_new(
		        comps,
		        json_pack("{s:o, s:b}", "code",
		                  fe_concept(br_fhir_cs_url(cs), ticks[i].step,
		                             br_vocab_label("bedtime.json",
		                                            "steps",
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
	        fe_meta(d->updated_at), "identifier",
	        fe_identifier(BR_NS_DIARY, ident), "status", "final",
	        "category", "coding", "system", CAT_SYSTEM, "code", "survey",
	        "display", "Survey", "code",
	        fe_concept(br_fhir_cs_url(BR_CS_OBS), BR_OBS_ROUTINE, label,
	                   label),
	        "subject", fe_reference("Patient", "pat", d->patient_id),
	        "effectiveDateTime", d->day, "component", comps);
}
