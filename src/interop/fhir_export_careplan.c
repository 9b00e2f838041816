/*
 * fhir_export_careplan.c - FHIR export of plans, the home program and
 * check-ins: ServiceRequest, Goal, CarePlan, log Observations and the
 * check-in QuestionnaireResponse.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "interop/fhir_export_internal.h"

/* Plans, the home program and check-ins ------------------------------------ */

static json_t *
plan_category(const char *kind)
{
	return json_pack(
	        "[o]", fe_concept(br_fhir_cs_url(BR_CS_PLAN_ACT), kind,
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
	                 fe_meta(ts), "extension", fe_episode_ext(episode_id),
	                 "identifier", fe_identifier(ns, v), "basedOn",
	                 "reference", cp, "status", status, "intent", "plan",
	                 "category", plan_category(kind), "code", code,
	                 "subject", fe_reference("Patient", "pat", patient_id),
	                 "authoredOn", day, "reasonReference",
	                 fe_reference("Condition", "cond", episode_id));
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
	                  fe_concept(br_fhir_cs_url(BR_CS_TREATMENT),
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
		add_ext(sr, fe_ext(BR_EXT_PER_WEEK, "valueDecimal",
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
		add_ext(sr, fe_ext(BR_EXT_TRIAL, "valuePositiveInt",
		                   json_integer(it->trial)));
	if (it->defaulted[0]) {
		char buf[sizeof(it->defaulted)];

		snprintf(buf, sizeof(buf), "%s", it->defaulted);
		for (char *p = buf, *q; p && *p; p = q) {
			q = strchr(p, ',');
			if (q)
				*q++ = '\0';
			add_ext(sr, fe_ext(BR_EXT_DEFAULTED, "valueCode",
			                   json_string(p)));
		}
	}
	if (it->ended_on[0]) {
		json_t *sub = json_array();

		fe_sub_ext(sub, "date", "valueDate", json_string(it->ended_on));
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

		json_array_append_new(details, fe_concept(br_fhir_cs_url(cs),
		                                          r->steps[i], l,
		                                          l ? l : r->steps[i]));
	}
	snprintf(id, sizeof(id), "sr-routine-%lld", (long long)e->id);
	sr = plan_request(id, NULL, BR_NS_ROUTINE, e->id, e->patient_id, e->id,
	                  strcmp(e->status, "open") == 0 ? "active"
	                                                 : "completed",
	                  BR_PLAN_ROUTINE,
	                  fe_concept(br_fhir_cs_url(BR_CS_PLAN_ACT),
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
	sr = plan_request(
	        id, x->created_at, BR_NS_EXERCISE_RX, x->id, x->patient_id,
	        x->episode_id, x->active ? "active" : "completed",
	        BR_PLAN_EXERCISE,
	        fe_concept(br_fhir_cs_url(BR_CS_EXERCISE), x->exercise,
	                   i >= 0 ? lib->levels[i].label : NULL, label),
	        x->day);
	if (sr == NULL)
		return NULL;
	snprintf(text, sizeof(text), "%s: %d reps every %d days", label,
	         x->reps, x->every_days);
	json_object_set_new(sr, "quantityQuantity",
	                    fe_quantity(x->reps, "{reps}"));
	json_object_set_new(sr, "occurrenceTiming",
	                    json_pack("{s:{s:i, s:i, s:s}}", "repeat",
	                              "frequency", 1, "period", x->every_days,
	                              "periodUnit", "d"));
	json_object_set_new(sr, "patientInstruction", json_string(text));
	if (x->usual_morning != BR_UNSET)
		add_ext(sr, fe_ext(BR_EXT_USUAL, "valueInteger",
		                   json_integer(x->usual_morning)));
	if (prev)
		json_object_set_new(
		        sr, "replaces",
		        json_pack("[o]", fe_reference("ServiceRequest", "sr-ex",
		                                      prev)));
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
	        fe_concept(br_fhir_cs_url(BR_CS_PLAN_ACT), BR_PLAN_PACING,
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
	fe_sub_ext(sub, "percent", "valueDecimal", json_real(q->step_pct));
	fe_sub_ext(sub, "every", "valueInteger", json_integer(q->every_days));
	add_ext(sr, json_pack("{s:s, s:o}", "url", BR_FHIR_EXT BR_EXT_PACING,
	                      "extension", sub));
	if (prev)
		json_object_set_new(
		        sr, "replaces",
		        json_pack("[o]", fe_reference("ServiceRequest",
		                                      "sr-pace", prev)));
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
	        "resourceType", "Goal", "id", id, "meta",
	        fe_meta(in->updated_at), "extension", fe_episode_ext(e->id),
	        "identifier", fe_identifier(BR_NS_GOAL, v), "lifecycleStatus",
	        strcmp(e->status, "open") == 0 ? "active" : "completed",
	        "description", "text", in->goals, "subject",
	        fe_reference("Patient", "pat", e->patient_id), "startDate",
	        in->recorded_on[0] ? in->recorded_on : NULL, "expressedBy",
	        fe_reference("Patient", "pat", e->patient_id), "addresses",
	        fe_reference("Condition", "cond", e->id));
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
	        fe_episode_ext(e->id), "identifier",
	        fe_identifier(BR_NS_CARE_PLAN, v), "status",
	        strcmp(e->status, "open") == 0 ? "active" : "completed",
	        "intent", "plan", "title", "Care plan", "subject",
	        fe_reference("Patient", "pat", e->patient_id), "period",
	        "start", e->opened_on, "end",
	        e->closed_on[0] ? e->closed_on : NULL, "addresses",
	        fe_reference("Condition", "cond", e->id), "goal",
	        goal ? json_pack("[o]", fe_reference("Goal", "goal-i", e->id))
	             : NULL,
	        "activity", activities);
}

/* A component of a log Observation, code in backrest's observation
 * system. */
static json_t *
obs_component(const char *code, const char *value_key, json_t *value)
{
	return json_pack("{s:o, s:o}", "code",
	                 fe_concept(br_fhir_cs_url(BR_CS_OBS), code,
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
	        "resourceType", "Observation", "id", id, "meta", fe_meta(ts),
	        "extension", fe_episode_ext(episode_id), "identifier",
	        fe_identifier(ns, v), "status", "final", "category", "coding",
	        "system", CAT_SYSTEM, "code", "survey", "display", "Survey",
	        "coding", "system", CAT_SYSTEM, "code", "activity", "display",
	        "Activity", "code",
	        fe_concept(br_fhir_cs_url(BR_CS_OBS), code,
	                   br_fhir_display(BR_CS_OBS, code),
	                   br_fhir_display(BR_CS_OBS, code)),
	        "subject", fe_reference("Patient", "pat", patient_id),
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
	        obs_component("exercise", "valueCodeableConcept",
	                      fe_concept(br_fhir_cs_url(BR_CS_EXERCISE),
	                                 l->exercise,
	                                 i >= 0 ? lib->levels[i].label : NULL,
	                                 NULL)));
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
		json_object_set_new(
		        o, "basedOn",
		        json_pack("[o]",
		                  fe_reference("ServiceRequest", "sr-ex", rx)));
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
	json_t *exts = json_pack("[o]", fe_episode_ext(c->episode_id));
	json_t *items = json_array();
	char id[40], v[24];

	json_array_append_new(exts, fe_ext(BR_EXT_ADVERSE, "valueBoolean",
	                                   json_boolean(c->adverse)));
	for (int i = 0; i < c->n_rules; i++)
		json_array_append_new(exts, fe_ext(BR_EXT_RULE, "valueCode",
		                                   json_string(c->rules[i])));
	json_array_append_new(items, json_pack("{s:s, s:[{s:i}]}", "linkId",
	                                       "soreness", "answer",
	                                       "valueInteger", c->soreness));
	for (int i = 0; i < 2; i++)
		json_array_append_new(
		        items,
		        json_pack("{s:s, s:[{s:o}]}", "linkId", links[i],
		                  "answer", "valueCoding",
		                  fe_coding(br_fhir_cs_url(BR_CS_CHANGE),
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
	        fe_meta(c->created_at), "extension", exts, "identifier",
	        fe_identifier1(BR_NS_CHECKIN, v), "questionnaire",
	        BR_FHIR_BASE "/Questionnaire/" BR_Q_AFTERCARE, "status",
	        "completed", "subject",
	        fe_reference("Patient", "pat", c->patient_id), "encounter",
	        fe_reference("Encounter", "enc", c->session_id), "authored",
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
	if (fe_since_ok(w, ts)) {
		*fresh = true;
		return fe_put(w, sr, err);
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
	if (rc == 0 && goal && fe_since_ok(w, in->updated_at)) {
		fresh = true;
		rc = fe_put(w, intake_goal(in, e), err);
	}
	/* The CarePlan has no time of its own: it comes with any of its
	 * parts. */
	if (rc == 0 && fresh) {
		rc = fe_put(w, care_plan(e, json_incref(acts), goal), err);
	}
	for (size_t i = 0; rc == 0 && i < nexl; i++) {
		int64_t based = 0;

		if (!fe_since_ok(w, exl[i].created_at))
			continue;
		for (size_t j = 0; j < nrx; j++)
			if (strcmp(rx[j].exercise, exl[i].exercise) == 0 &&
			    strcmp(rx[j].day, exl[i].day) <= 0)
				based = rx[j].id;
		rc = fe_put(w, exercise_log_obs(&exl[i], based), err);
	}
	for (size_t i = 0; rc == 0 && i < npl; i++) {
		const char *unit = NULL;

		if (!fe_since_ok(w, pl[i].created_at))
			continue;
		for (size_t j = 0; j < npq; j++)
			if (strcmp(pq[j].activity, pl[i].activity) == 0)
				unit = pq[j].unit;
		rc = fe_put(w, pacing_log_obs(&pl[i], unit), err);
	}
	for (size_t i = 0; rc == 0 && i < nci; i++)
		if (fe_since_ok(w, ci[i].created_at))
			rc = fe_put(w, checkin_qr(&ci[i]), err);
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
int
fe_care_resources(struct walk *w, const struct br_episode *e,
                  struct br_err *err)
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
	} else if (rc == 0 && fe_since_ok(w, in->updated_at)) {
		rc = fe_put(w, fe_intake_qr(in), err);
		for (int i = 0; rc == 0 && i < in->n_conditions; i++)
			rc = fe_put(w,
			            fe_intake_condition(in, in->conditions[i]),
			            err);
	}
	if (rc == 0)
		rc = br_store_measure_list(w->s, e->patient_id, e->id, NULL,
		                           &ms, &nm, err);
	for (size_t i = 0; rc == 0 && i < nm; i++) {
		const struct br_instrument *def =
		        fe_instrument_of(w->instruments, ms[i].instrument);

		if (!fe_since_ok(w, ms[i].created_at))
			continue;
		rc = fe_put(w, fe_measure_qr(&ms[i], def), err);
		if (rc == 0)
			rc = fe_put(w, fe_measure_obs(&ms[i], def), err);
	}
	if (rc == 0)
		rc = br_store_screening_list(w->s, e->patient_id, e->id, &sc,
		                             &ns, err);
	for (size_t i = 0; rc == 0 && i < ns; i++)
		if (fe_since_ok(w, sc[i].created_at))
			rc = fe_put(w, fe_screening_obs(&sc[i]), err);
	if (rc == 0)
		rc = br_store_tcm_list(w->s, e->patient_id, e->id, &tc, &nt,
		                       err);
	for (size_t i = 0; rc == 0 && i < nt; i++)
		if (fe_since_ok(w, tc[i].created_at))
			rc = fe_tcm_resources(w, &tc[i], err);
	if (rc == 0)
		rc = br_store_herbal_list(w->s, e->patient_id, e->id, &hb, &nh,
		                          err);
	for (size_t i = 0; rc == 0 && i < nh; i++)
		if (fe_since_ok(w, hb[i].created_at))
			rc = fe_put(w, fe_herbal_mr(&hb[i]), err);
	if (rc == 0)
		rc = br_store_herbal_adverse_list(w->s, e->patient_id, e->id,
		                                  &ae, &na, err);
	for (size_t i = 0; rc == 0 && i < na; i++)
		if (fe_since_ok(w, ae[i].created_at))
			rc = fe_put(w, fe_herbal_ae_obs(&ae[i]), err);
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
