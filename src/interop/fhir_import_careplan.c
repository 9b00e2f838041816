/*
 * fhir_import_careplan.c - FHIR import of plans, the home program and
 * check-ins: ServiceRequest (courses, routine, exercise, pacing), log
 * Observations, routine ticks, the check-in QuestionnaireResponse and
 * CarePlan.
 */
#include <float.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "interop/fhir_import_internal.h"
#include "model/checks_plan.h"

/* Plans, the home program and check-ins ------------------------------------ */

/* A number from min to max; max DBL_MAX: of min or more (a record's
 * range is its apply's to check). */
static bool
get_num(struct entry *e, json_t *v, const char *path, double min, double max,
        double *out)
{
	if (!json_is_number(v))
		return fi_reject(e, "%s must be a number", path);
	*out = json_number_value(v);
	if (!(*out >= min && *out <= max) && max == DBL_MAX)
		return fi_reject(e, "%s must be a number of %g or more, not %g",
		                 path, min, *out);
	if (!(*out >= min && *out <= max))
		return fi_reject(e, "%s must be from %g to %g, not %g", path,
		                 min, max, *out);
	return true;
}

static bool
get_bool(struct entry *e, json_t *v, const char *path, bool *out)
{
	if (!json_is_boolean(v))
		return fi_reject(e, "%s must be true or false", path);
	*out = json_is_true(v);
	return true;
}

/* The component of a log Observation with backrest code, or NULL. */
static json_t *
component_of(json_t *res, const char *code)
{
	const char *k;
	json_t *c;
	size_t i;

	json_array_foreach(json_object_get(res, "component"), i, c)
	{
		if (fi_has_coding(json_object_get(c, "code"),
		                  BR_FHIR_CS BR_CS_OBS, &k) &&
		    strcmp(k, code) == 0)
			return c;
	}
	return NULL;
}

static void *
new_rec(struct imp *im, size_t size)
{
	void *p = calloc(1, size);

	if (p == NULL)
		im->fatal = BR_ENOMEM;
	return p;
}

/* Reads a list of bedtime-step codings (each item of list, at key, or the
 * item itself when key is NULL) into r, as they came; steps ticked false
 * are left out.  The routine's rules (steps of backrest's bedtime list,
 * each once) are the app's apply's (write_entry). */
static bool
read_steps_list(struct entry *x, json_t *list, const char *path,
                bool components, struct br_routine *r)
{
	const char *cs = BR_FHIR_CS "bedtime-step", *code;
	json_t *it;
	size_t i;

	memset(r, 0, sizeof(*r));
	json_array_foreach(list, i, it)
	{
		json_t *cc = components ? json_object_get(it, "code") : it;
		char at[48];
		bool done = true;

		snprintf(at, sizeof(at), "%s[%zu]", path, i);
		if (!fi_has_coding(cc, cs, &code))
			return fi_reject(x, "%s must be a coding of %s", at,
			                 cs);
		if (components &&
		    !get_bool(x, json_object_get(it, "valueBoolean"),
		              "component.valueBoolean", &done))
			return false;
		if (!done)
			continue;
		if (r->n == BR_ROUTINE_MAX)
			return fi_reject(x, "%s has more than %d steps", path,
			                 BR_ROUTINE_MAX);
		if (!fi_copy(x, at, code, r->steps[r->n], BR_ROUTINE_STEP_MAX))
			return false;
		r->n++;
	}
	return true;
}

static bool
same_steps(const struct br_routine *a, const struct br_routine *b)
{
	if (a->n != b->n)
		return false;
	for (int i = 0; i < a->n; i++) {
		bool found = false;

		for (int k = 0; k < b->n; k++)
			found = found || strcmp(a->steps[i], b->steps[k]) == 0;
		if (!found)
			return false;
	}
	return true;
}

static const char *const course_defaults[] = {"sessions", "per_week", "trial",
                                              NULL};

static void
read_course(struct imp *im, struct entry *x, int64_t pid, int64_t eid,
            const char *status, const char *day)
{
	struct br_plan_item *it = new_rec(im, sizeof(*it));
	json_t *repeat = json_object_get(
	        json_object_get(x->res, "occurrenceTiming"), "repeat");
	json_t *pw = fi_find_ext(x->res, BR_EXT_PER_WEEK);
	json_t *trial = fi_find_ext(x->res, BR_EXT_TRIAL);
	json_t *ended = fi_find_ext(x->res, BR_EXT_ENDED), *e;
	const char *t = NULL, *note;
	size_t i, len = 0;

	x->rec.plan = it;
	x->sub = S_COURSE;
	if (it == NULL)
		return;
	/* As it came: the treatment, the course's numbers and how they fit
	 * are br_app_plan_item_apply's to check (write_entry). */
	br_plan_item_init(it);
	if (!fi_has_coding(json_object_get(x->res, "code"),
	                   BR_FHIR_CS BR_CS_TREATMENT, &t)) {
		fi_reject(x, "code must be a coding of %s%s", BR_FHIR_CS,
		          BR_CS_TREATMENT);
		return;
	}
	if (!fi_copy(x, "code", t, it->treatment, sizeof(it->treatment)))
		return;
	snprintf(it->status, sizeof(it->status), "%s",
	         strcmp(status, "active") == 0      ? "active"
	         : strcmp(status, "revoked") == 0   ? "stopped"
	         : strcmp(status, "completed") == 0 ? "done"
	                                            : "");
	if (!it->status[0]) {
		fi_reject(x,
		          "status %.20s is not imported (active, revoked or "
		          "completed)",
		          status);
		return;
	}
	if (json_object_get(repeat, "count") &&
	    !fi_get_count(x, json_object_get(repeat, "count"),
	                  "occurrenceTiming.repeat.count", &it->sessions))
		return;
	if (pw) {
		if (!get_num(x, json_object_get(pw, "valueDecimal"),
		             "the visits-per-week extension", 0, DBL_MAX,
		             &it->per_week))
			return;
	} else if (json_object_get(repeat, "frequency")) {
		const char *unit = fi_str(repeat, "periodUnit");
		int freq;
		double period;

		if (!fi_get_count(x, json_object_get(repeat, "frequency"),
		                  "occurrenceTiming.repeat.frequency", &freq) ||
		    !get_num(x, json_object_get(repeat, "period"),
		             "occurrenceTiming.repeat.period", 0.001, DBL_MAX,
		             &period))
			return;
		if (unit == NULL ||
		    (strcmp(unit, "wk") != 0 && strcmp(unit, "d") != 0)) {
			fi_reject(x,
			          "occurrenceTiming.repeat.periodUnit must be "
			          "wk or d");
			return;
		}
		it->per_week = freq / period * (strcmp(unit, "d") == 0 ? 7 : 1);
	}
	if (trial &&
	    !fi_get_count(x, json_object_get(trial, "valuePositiveInt"),
	                  "the trial-checkpoint extension", &it->trial))
		return;
	json_array_foreach(json_object_get(x->res, "extension"), i, e)
	{
		const char *u = fi_str(e, "url"), *v = fi_str(e, "valueCode");

		if (u == NULL || strcmp(u, BR_FHIR_EXT BR_EXT_DEFAULTED) != 0)
			continue;
		if (!fi_in_list(course_defaults, v)) {
			fi_reject(x, "the course-default extension must be "
			             "sessions, per_week or trial");
			return;
		}
		if (strstr(it->defaulted, v) == NULL)
			len += (size_t)snprintf(it->defaulted + len,
			                        sizeof(it->defaulted) - len,
			                        "%s%s", len ? "," : "", v);
	}
	if (ended && !fi_get_date(x, fi_ext_part(ended, "date"), "valueDate",
	                          "ended.date", true, it->ended_on))
		return;
	if ((strcmp(it->status, "active") == 0) != (ended == NULL)) {
		fi_reject(x, "status %s %s the ended extension", status,
		          ended ? "contradicts" : "needs");
		return;
	}
	note = fi_first_note(x->res);
	if (note &&
	    !fi_copy(x, "note[0].text", note, it->note, sizeof(it->note)))
		return;
	if (!fi_claim(im, x, BR_REC_PLAN_ITEM, pid, &it->id, it->created_at))
		return;
	it->patient_id = pid;
	it->episode_id = eid;
	snprintf(it->day, sizeof(it->day), "%s", day);
}

static void
read_routine_sr(struct imp *im, struct entry *x, int64_t pid, int64_t eid,
                const char *day)
{
	struct routine_rec *rr = new_rec(im, sizeof(*rr));
	struct br_routine stored;
	int rc;

	x->rec.routine = rr;
	x->sub = S_ROUTINE;
	if (rr == NULL ||
	    !read_steps_list(x, json_object_get(x->res, "orderDetail"),
	                     "orderDetail", false, &rr->r) ||
	    !fi_unique_key(im, x, "bedtime routine", "episode", eid))
		return;
	if (rr->r.n == 0) {
		fi_reject(x, "orderDetail must name the routine's steps");
		return;
	}
	rr->patient_id = pid;
	rr->episode_id = eid;
	snprintf(rr->r.day, sizeof(rr->r.day), "%s", day);
	rc = br_store_routine_get(im->s, pid, eid, &stored, im->err);
	if (rc < 0) {
		fi_reject_err(im, x, rc, im->err);
		return;
	}
	x->exists = same_steps(&stored, &rr->r) &&
	            strcmp(stored.day, rr->r.day) == 0;
	x->rec_id = eid;
}

static void
read_exercise_sr(struct imp *im, struct entry *x, int64_t pid, int64_t eid,
                 const char *status, const char *day)
{
	struct br_exercise_rx *r = new_rec(im, sizeof(*r));
	json_t *q = json_object_get(x->res, "quantityQuantity");
	json_t *repeat = json_object_get(
	        json_object_get(x->res, "occurrenceTiming"), "repeat");
	json_t *usual = fi_find_ext(x->res, BR_EXT_USUAL);
	const char *id = NULL;

	x->rec.rx = r;
	x->sub = S_EXERCISE;
	if (r == NULL)
		return;
	/* As it came: the level, reps, days between and usual morning pain
	 * are br_app_exercise_assign_apply's to check (write_entry), and to
	 * fill from the library where not given. */
	br_exercise_rx_init(r);
	if (!fi_has_coding(json_object_get(x->res, "code"),
	                   BR_FHIR_CS BR_CS_EXERCISE, &id)) {
		fi_reject(x, "code must be a coding of %s%s", BR_FHIR_CS,
		          BR_CS_EXERCISE);
		return;
	}
	if (strcmp(status, "active") != 0 && strcmp(status, "completed") != 0 &&
	    strcmp(status, "revoked") != 0) {
		fi_reject(x,
		          "status %.20s is not imported (active, completed or "
		          "revoked)",
		          status);
		return;
	}
	if (!fi_copy(x, "code", id, r->exercise, sizeof(r->exercise)))
		return;
	r->active = strcmp(status, "active") == 0;
	if (q && !fi_get_count(x, json_object_get(q, "value"),
	                       "quantityQuantity.value", &r->reps))
		return;
	if (json_object_get(repeat, "period")) {
		const char *unit = fi_str(repeat, "periodUnit");

		if (unit == NULL || strcmp(unit, "d") != 0) {
			fi_reject(x,
			          "occurrenceTiming.repeat.periodUnit must be "
			          "d (days between sessions)");
			return;
		}
		if (!fi_get_count(x, json_object_get(repeat, "period"),
		                  "occurrenceTiming.repeat.period",
		                  &r->every_days))
			return;
	}
	if (usual && !fi_get_count(x, json_object_get(usual, "valueInteger"),
	                           "the usual-morning-pain extension",
	                           &r->usual_morning))
		return;
	if (!fi_claim(im, x, BR_REC_EXERCISE_RX, pid, &r->id, r->created_at))
		return;
	r->patient_id = pid;
	r->episode_id = eid;
	snprintf(r->day, sizeof(r->day), "%s", day);
}

static void
read_pacing_sr(struct imp *im, struct entry *x, int64_t pid, int64_t eid,
               const char *status, const char *day)
{
	struct br_pacing_quota *p = new_rec(im, sizeof(*p));
	json_t *q = json_object_get(x->res, "quantityQuantity");
	json_t *step = fi_find_ext(x->res, BR_EXT_PACING);
	const char *activity = fi_str(json_object_get(x->res, "code"), "text");
	const char *unit = br_fhir_unit_of(fi_str(q, "code"));

	x->rec.quota = p;
	x->sub = S_PACING;
	if (p == NULL)
		return;
	/* As it came: the activity, baseline, step and interval are
	 * br_app_pace_set_apply's to check (write_entry), and to fill with
	 * the defaults where not given. */
	br_pacing_quota_init(p);
	if (strcmp(status, "active") != 0 && strcmp(status, "completed") != 0) {
		fi_reject(x,
		          "status %.20s is not imported (active or completed)",
		          status);
		return;
	}
	if (activity == NULL || !activity[0]) {
		fi_reject(x, "code.text (the paced activity) is required");
		return;
	}
	if (!fi_copy(x, "code.text", activity, p->activity,
	             sizeof(p->activity)))
		return;
	if (unit == NULL && fi_str(q, "code") == NULL)
		unit = br_fhir_ucum_of(fi_str(q, "unit")) ? fi_str(q, "unit")
		                                          : NULL;
	if (!json_is_object(q) || unit == NULL) {
		fi_reject(x,
		          "quantityQuantity (the baseline) is required in min, "
		          "m, {steps} or {reps}");
		return;
	}
	snprintf(p->unit, sizeof(p->unit), "%s", unit);
	if (!get_num(x, json_object_get(q, "value"), "quantityQuantity.value",
	             0, DBL_MAX, &p->baseline))
		return;
	if (step &&
	    ((fi_ext_part(step, "percent") &&
	      !get_num(x,
	               json_object_get(fi_ext_part(step, "percent"),
	                               "valueDecimal"),
	               "pacing-step.percent", 0, DBL_MAX, &p->step_pct)) ||
	     (fi_ext_part(step, "every") &&
	      !fi_get_count(x,
	                    json_object_get(fi_ext_part(step, "every"),
	                                    "valueInteger"),
	                    "pacing-step.every", &p->every_days))))
		return;
	if (!fi_claim(im, x, BR_REC_PACING_QUOTA, pid, &p->id, p->created_at))
		return;
	p->patient_id = pid;
	p->episode_id = eid;
	snprintf(p->day, sizeof(p->day), "%s", day);
}

/* A ServiceRequest of a backrest care plan: its category (plan-activity)
 * says which record it is. */
void
fi_read_servreq(struct imp *im, struct entry *x)
{
	static const char *const kinds_[][2] = {
	        {BR_PLAN_COURSE, BR_NS_PLAN_ITEM},
	        {BR_PLAN_ROUTINE, BR_NS_ROUTINE},
	        {BR_PLAN_EXERCISE, BR_NS_EXERCISE_RX},
	        {BR_PLAN_PACING, BR_NS_PACING},
	};
	const char *kind = NULL, *ns = NULL, *status, *intent, *k;
	char day[BR_DATE_LEN];
	int64_t pid, eid;
	json_t *c;
	size_t i;

	json_array_foreach(json_object_get(x->res, "category"), i, c)
	{
		if (fi_has_coding(c, BR_FHIR_CS BR_CS_PLAN_ACT, &k))
			kind = k;
	}
	for (i = 0; kind && i < sizeof(kinds_) / sizeof(kinds_[0]); i++)
		if (strcmp(kind, kinds_[i][0]) == 0)
			ns = kinds_[i][1];
	if (ns == NULL) {
		if (im->o->skip_unknown)
			x->kind = K_UNKNOWN;
		else
			fi_reject(x,
			          "backrest imports care-plan ServiceRequests "
			          "only (category in CodeSystem/%s); use "
			          "--skip-unknown to skip it",
			          BR_CS_PLAN_ACT);
		return;
	}
	if (!fi_match_ident(im, x, ns) ||
	    !fi_resolve_patient(im, x, x->res, "subject", &pid) ||
	    !fi_episode_of(im, x, pid, &eid, NULL) ||
	    !fi_get_date(x, x->res, "authoredOn", "authoredOn", true, day))
		return;
	status = fi_get_str(x, x->res, "status", "status");
	intent = fi_get_str(x, x->res, "intent", "intent");
	if (x->bad)
		return;
	if (status == NULL) {
		fi_reject(x, "status is required");
		return;
	}
	if (intent == NULL ||
	    (strcmp(intent, "plan") != 0 && strcmp(intent, "order") != 0)) {
		fi_reject(x, "intent must be plan (or order)");
		return;
	}
	x->patient_id = pid;
	if (strcmp(kind, BR_PLAN_COURSE) == 0)
		read_course(im, x, pid, eid, status, day);
	else if (strcmp(kind, BR_PLAN_ROUTINE) == 0)
		read_routine_sr(im, x, pid, eid, day);
	else if (strcmp(kind, BR_PLAN_EXERCISE) == 0)
		read_exercise_sr(im, x, pid, eid, status, day);
	else
		read_pacing_sr(im, x, pid, eid, status, day);
}

/* The common part of an exercise or pacing log: identifier, patient,
 * episode, day. */
static bool
read_log_frame(struct imp *im, struct entry *x, const char *ns, int64_t *pid,
               int64_t *eid, char day[BR_DATE_LEN])
{
	return fi_match_ident(im, x, ns) &&
	       fi_resolve_patient(im, x, x->res, "subject", pid) &&
	       fi_episode_of(im, x, *pid, eid, NULL) &&
	       fi_get_date(x, x->res, "effectiveDateTime", "effectiveDateTime",
	                   true, day);
}

/* An exercise log as it came; its rules (the library's exercise, the
 * ranges, assigned on or before its day) are
 * br_app_exercise_log_apply's (write_entry). */
void
fi_read_exercise_log(struct imp *im, struct entry *x)
{
	struct br_exercise_log *l = new_rec(im, sizeof(*l));
	json_t *ex = component_of(x->res, "exercise"), *v;
	const char *id = NULL;
	char key[160];

	x->rec.exlog = l;
	x->sub = S_EX_LOG;
	if (l == NULL)
		return;
	br_exercise_log_init(l);
	if (!read_log_frame(im, x, BR_NS_EXERCISE_LOG, &l->patient_id,
	                    &l->episode_id, l->day))
		return;
	if (!fi_has_coding(json_object_get(ex, "valueCodeableConcept"),
	                   BR_FHIR_CS BR_CS_EXERCISE, &id)) {
		fi_reject(x,
		          "the exercise component must be a coding of "
		          "%s%s",
		          BR_FHIR_CS, BR_CS_EXERCISE);
		return;
	}
	if (!fi_copy(x, "the exercise component", id, l->exercise,
	             sizeof(l->exercise)))
		return;
	if (!fi_get_count(x,
	                  json_object_get(component_of(x->res, "reps"),
	                                  "valueInteger"),
	                  "the reps component", &l->reps) ||
	    !fi_get_count(x,
	                  json_object_get(component_of(x->res, "pain-during"),
	                                  "valueInteger"),
	                  "the pain-during component", &l->pain_during))
		return;
	v = component_of(x->res, "next-morning-pain");
	if (v &&
	    !fi_get_count(x, json_object_get(v, "valueInteger"),
	                  "the next-morning-pain component", &l->next_morning))
		return;
	v = component_of(x->res, "rom-loss");
	if (v && !get_bool(x, json_object_get(v, "valueBoolean"),
	                   "the rom-loss component", &l->rom_loss))
		return;
	v = component_of(x->res, "reinjury");
	if (v && !get_bool(x, json_object_get(v, "valueBoolean"),
	                   "the reinjury component", &l->reinjury))
		return;
	snprintf(key, sizeof(key), "exercise log|%lld|%s|%s",
	         (long long)l->episode_id, l->exercise, l->day);
	if (!fi_unique(im, x, "exercise log of that exercise and day", key) ||
	    !fi_claim(im, x, BR_REC_EXERCISE_LOG, l->patient_id, &l->id,
	              l->created_at))
		return;
	x->patient_id = l->patient_id;
}

/* A pacing log as it came; its rules (the activity's name, the range of
 * done, a quota set on or before its day) are br_app_pace_log_apply's
 * (write_entry). */
void
fi_read_pacing_log(struct imp *im, struct entry *x)
{
	struct br_pacing_log *l = new_rec(im, sizeof(*l));
	json_t *q = json_object_get(x->res, "valueQuantity"), *v;
	char key[160];
	bool b = false;

	x->rec.pacelog = l;
	x->sub = S_PACE_LOG;
	if (l == NULL)
		return;
	br_pacing_log_init(l);
	if (!read_log_frame(im, x, BR_NS_PACING_LOG, &l->patient_id,
	                    &l->episode_id, l->day))
		return;
	v = component_of(x->res, "paced-activity");
	if (!json_is_string(json_object_get(v, "valueString"))) {
		fi_reject(x, "the paced-activity component (valueString) is "
		             "required");
		return;
	}
	if (!fi_set_text(x, "the paced-activity component",
	                 json_object_get(v, "valueString"), l->activity,
	                 sizeof(l->activity)))
		return;
	if (!json_is_object(q)) {
		fi_reject(x, "valueQuantity (what was done) is required");
		return;
	}
	if (!get_num(x, json_object_get(q, "value"), "valueQuantity.value", 0,
	             DBL_MAX, &l->done))
		return;
	v = component_of(x->res, "recovered");
	if (v) {
		if (!get_bool(x, json_object_get(v, "valueBoolean"),
		              "the recovered component", &b))
			return;
		l->recovered = b;
	}
	v = component_of(x->res, "flare");
	if (v && !get_bool(x, json_object_get(v, "valueBoolean"),
	                   "the flare component", &l->flare))
		return;
	snprintf(key, sizeof(key), "pacing log|%lld|%s|%s",
	         (long long)l->episode_id, l->activity, l->day);
	if (!fi_unique(im, x, "pacing log of that activity and day", key) ||
	    !fi_claim(im, x, BR_REC_PACING_LOG, l->patient_id, &l->id,
	              l->created_at))
		return;
	x->patient_id = l->patient_id;
}

/* The bedtime-routine steps ticked on a diary day. */
void
fi_read_ticks(struct imp *im, struct entry *x)
{
	struct routine_rec *rr = new_rec(im, sizeof(*rr));
	struct br_routine stored;
	char date[BR_DATE_LEN], key[80];
	const char *dt;
	int32_t day;
	int mins, rc;

	x->rec.routine = rr;
	x->sub = S_TICKS;
	if (rr == NULL || !fi_check_idents(x) ||
	    !fi_resolve_patient(im, x, x->res, "subject", &rr->patient_id))
		return;
	dt = fi_get_str(x, x->res, "effectiveDateTime", "effectiveDateTime");
	if (x->bad)
		return;
	if (dt == NULL || !fi_parse_dt(dt, &day, &mins, NULL)) {
		fi_reject(x, "effectiveDateTime must be the diary date "
		             "(YYYY-MM-DD)");
		return;
	}
	if (!fi_diary_day_of(x, rr->patient_id, &day) ||
	    !read_steps_list(x, json_object_get(x->res, "component"),
	                     "component", true, &rr->r))
		return;
	br_format_date(day, date);
	snprintf(key, sizeof(key), "routine ticks|%lld|%s",
	         (long long)rr->patient_id, date);
	if (!fi_unique(im, x, "routine ticks of that day", key))
		return;
	memcpy(rr->r.day, date, sizeof(rr->r.day));
	rc = br_store_routine_ticks_get(im->s, rr->patient_id, date, &stored,
	                                im->err);
	if (rc < 0) {
		fi_reject_err(im, x, rc, im->err);
		return;
	}
	x->exists = same_steps(&stored, &rr->r);
	x->patient_id = rr->patient_id;
}

/* The answer of item linkId of a QuestionnaireResponse, or NULL. */
static json_t *
answer_of(json_t *res, const char *link)
{
	json_t *it;
	size_t i;

	json_array_foreach(json_object_get(res, "item"), i, it)
	{
		if (fi_str(it, "linkId") &&
		    strcmp(fi_str(it, "linkId"), link) == 0)
			return json_array_get(json_object_get(it, "answer"), 0);
	}
	return NULL;
}

/* The next-day check-in of a session: its answers, the rules that fired
 * and whether it was an adverse event, as they came; the check-in's
 * rules are br_app_checkin_apply's (write_entry). */
void
fi_read_checkin(struct imp *im, struct entry *x, int64_t pid)
{
	struct br_checkin *c = new_rec(im, sizeof(*c)), old;
	struct br_err ignored = BR_ERR_INIT;
	const char *const links[] = {"energy", "mood"};
	char *const outs[] = {c ? c->energy : NULL, c ? c->mood : NULL};
	json_t *e, *unusual;
	size_t i;

	x->rec.checkin = c;
	x->sub = S_CHECKIN;
	if (c == NULL || !fi_match_ident(im, x, BR_NS_CHECKIN) ||
	    !fi_encounter_of(im, x, pid, true, &c->session_id, &c->episode_id,
	                     c->session_day) ||
	    !fi_get_date(x, x->res, "authored", "authored", true, c->day))
		return;
	if (!fi_get_count(x,
	                  json_object_get(answer_of(x->res, "soreness"),
	                                  "valueInteger"),
	                  "the soreness answer", &c->soreness))
		return;
	for (int k = 0; k < 2; k++) {
		char path[40];
		const char *code =
		        fi_str(json_object_get(answer_of(x->res, links[k]),
		                               "valueCoding"),
		               "code");

		snprintf(path, sizeof(path), "the %s answer", links[k]);
		if (code == NULL) {
			fi_reject(x, "%s needs a valueCoding with a code",
			          path);
			return;
		}
		if (!fi_copy(x, path, code, outs[k], sizeof(c->energy)))
			return;
	}
	unusual = answer_of(x->res, "unusual");
	if (unusual && !fi_set_text(x, "the unusual answer",
	                            json_object_get(unusual, "valueString"),
	                            c->unusual, sizeof(c->unusual)))
		return;
	json_array_foreach(json_object_get(x->res, "extension"), i, e)
	{
		const char *u = fi_str(e, "url"),
		           *rule = fi_str(e, "valueCode");

		if (u && strcmp(u, BR_FHIR_EXT BR_EXT_ADVERSE) == 0 &&
		    !get_bool(x, json_object_get(e, "valueBoolean"),
		              "the checkin-adverse extension", &c->adverse))
			return;
		if (u == NULL || strcmp(u, BR_FHIR_EXT BR_EXT_RULE) != 0)
			continue;
		if (rule == NULL) {
			fi_reject(x,
			          "the checkin-rule extension needs a "
			          "valueCode (a rule of backrest's aftercare "
			          "thresholds)");
			return;
		}
		if (c->n_rules == BR_CHECKIN_RULES) {
			fi_reject(x, "more than %d checkin-rule extensions",
			          BR_CHECKIN_RULES);
			return;
		}
		if (!fi_copy(x, "the checkin-rule extension", rule,
		             c->rules[c->n_rules], BR_CHECKIN_CODE))
			return;
		c->n_rules++;
	}
	if (!fi_unique_key(im, x, "check-in", "session", c->session_id))
		return;
	if (br_store_checkin_get(im->s, pid, c->session_id, &old, &ignored) ==
	    0)
		x->exists = true;
	c->patient_id = x->patient_id = pid;
	x->rec_id = c->session_id;
	fi_ts_or_now(x, c->created_at);
}

/* A reference of a CarePlan to an entry of type (or backrest's form of
 * it, "Type/prefix...", not in the bundle); *exists is cleared when the
 * entry is new. */
static bool
plan_ref(struct imp *im, struct entry *x, json_t *r, const char *path,
         const char *type, const char *prefix, int64_t pid, bool *exists)
{
	const char *ref = fi_str(r, "reference");
	struct entry *t;
	char want[64];

	if (ref == NULL)
		return fi_reject(
		        x,
		        "%s.reference is required (backrest keeps plan "
		        "activities as ServiceRequests)",
		        path);
	t = fi_find_ref(im, ref);
	if (t) {
		if (strcmp(t->type, type) != 0)
			return fi_reject(x, "%s %.60s names a %s, not a %s",
			                 path, ref, t->type, type);
		if (t->bad)
			return fi_reject_dep(x, path, t);
		if (t->patient_id != pid)
			return fi_reject(x, "%s is about another patient",
			                 path);
		*exists = *exists && t->exists;
		return true;
	}
	snprintf(want, sizeof(want), "%s/%s", type, prefix);
	if (strncmp(ref, want, strlen(want)) == 0)
		return true;
	return fi_reject(x,
	                 "%s %.80s is neither in the bundle nor a backrest "
	                 "record",
	                 path, ref);
}

/* The CarePlan of an episode: it names the plan's ServiceRequests and the
 * Goal, which carry the records; nothing of its own is stored. */
void
fi_read_careplan(struct imp *im, struct entry *x)
{
	int64_t pid, eid;
	bool exists = true;
	json_t *a;
	size_t i;

	if (!fi_check_idents(x) ||
	    !fi_resolve_patient(im, x, x->res, "subject", &pid) ||
	    !fi_episode_of(im, x, pid, &eid, NULL))
		return;
	x->patient_id = pid;
	json_array_foreach(json_object_get(x->res, "activity"), i, a)
	{
		char path[64];

		snprintf(path, sizeof(path), "activity[%zu].reference", i);
		if (!plan_ref(im, x, json_object_get(a, "reference"), path,
		              "ServiceRequest", "sr-", pid, &exists))
			return;
	}
	json_array_foreach(json_object_get(x->res, "goal"), i, a)
	{
		char path[48];

		snprintf(path, sizeof(path), "goal[%zu]", i);
		if (!plan_ref(im, x, a, path, "Goal", "goal-", pid, &exists))
			return;
	}
	x->exists = exists;
}
