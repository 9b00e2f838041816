/*
 * plan.c - use cases: the care plan (see plan.h).
 *
 * Course defaults (sessions, visits a week, trial checkpoint) come from
 * data/evidence.json, each with the source it rests on; a value given on
 * the command line wins, and the item records which values were defaults.
 */
#include "app/plan.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "model/checks_plan.h"
#include "model/requests.h"
#include "model/vocab.h"
#include "core/embed.h"
#include "core/redflag.h"
#include "store/screenings.h"

int
br_app_referral(struct br_app *app, const struct br_episode *e, bool *refer,
                json_t **referral, char *text, size_t len, struct br_err *err)
{
	struct br_screening *x = malloc(sizeof(*x));
	struct br_screen_result *r = malloc(sizeof(*r));
	const char *flags[BR_SCREENING_MAX_FLAGS];
	int n = 0, rc;

	*refer = false;
	if (referral)
		*referral = NULL;
	if (text && len)
		text[0] = '\0';
	rc = x && r ? br_store_screening_blocking(app->store, e->patient_id,
	                                          e->id, x, err)
	            : br_error(err, BR_ENOMEM, "", "out of memory");
	if (rc == 1) {
		json_t *reasons = json_array();
		int t = br_tier_parse(x->tier);
		enum br_tier tier = t == BR_TIER_EMERGENCY ? BR_TIER_EMERGENCY
		                                           : BR_TIER_URGENT;
		struct br_screening *arr = NULL;
		size_t ns = 0;

		*refer = true;
		/* The blocking screen's flags need the list read back. */
		rc = br_store_screening_list(app->store, e->patient_id, e->id,
		                             &arr, &ns, err);
		for (size_t i = 0; rc == 0 && i < ns; i++)
			if (arr[i].id == x->id)
				*x = arr[i];
		free(arr);
		for (int i = 0; i < x->n_flags; i++)
			if (br_redflag_find(x->flags[i]))
				flags[n++] = x->flags[i];
		if (br_redflag_screen(flags, n, r, NULL) == 0)
			for (int i = 0; i < r->n_reasons; i++)
				json_array_append_new(
				        reasons, json_string(r->reasons[i]));
		if (referral && rc == 0)
			*referral = json_pack("{s:s, s:o}", "urgency",
			                      br_tier_name(tier), "reasons",
			                      reasons);
		else
			json_decref(reasons);
		if (text && len)
			snprintf(text, len, "%s (screen of %s)",
			         br_tier_referral(tier), x->day);
	} else if (rc == 0 && referral) {
		*referral = json_null();
	}
	free(x);
	free(r);
	if (rc == 0 && referral && *referral == NULL)
		rc = br_error(err, BR_ENOMEM, "", "out of memory");
	return rc;
}

static bool
counts_for(const struct br_treatment *t, const struct br_session *x)
{
	for (int i = 0; i < t->n_modalities; i++)
		for (int j = 0; j < x->n_modalities; j++)
			if (strcmp(t->modalities[i], x->modalities[j]) == 0)
				return true;
	return false;
}

int
br_app_course_sessions(const struct br_plan_item *items, size_t n_items,
                       size_t idx, const struct br_session *sessions,
                       size_t n_sessions, int32_t *first)
{
	const struct br_evidence *ev = br_library_evidence();
	const struct br_plan_item *it = &items[idx];
	int t = br_evidence_treatment(ev, it->treatment), count = 0;
	bool earlier = false;

	*first = INT32_MIN;
	if (t < 0 || ev->treatments[t].n_modalities == 0)
		return -1;
	for (size_t i = 0; i < idx && i < n_items; i++)
		earlier = earlier ||
		          strcmp(items[i].treatment, it->treatment) == 0;
	for (size_t i = 0; i < n_sessions; i++) {
		int32_t d;

		if (!counts_for(&ev->treatments[t], &sessions[i]) ||
		    (earlier && strcmp(sessions[i].day, it->day) < 0) ||
		    br_parse_date("date", sessions[i].day, &d, NULL) < 0)
			continue;
		if (count++ == 0)
			*first = d;
	}
	return count;
}

/* The JSON of an item with the sessions that count towards it. */
static json_t *
item_view(const struct br_plan_item *it, int done)
{
	const struct br_evidence *ev = br_library_evidence();
	int t = br_evidence_treatment(ev, it->treatment);
	json_t *defaults = json_null(), *fields;

	if (it->defaulted[0] && t >= 0) {
		char buf[sizeof(it->defaulted)];

		fields = json_array();
		snprintf(buf, sizeof(buf), "%s", it->defaulted);
		for (char *p = buf, *q; p && *p; p = q) {
			q = strchr(p, ',');
			if (q)
				*q++ = '\0';
			json_array_append_new(fields, json_string(p));
		}
		defaults = json_pack("{s:o, s:s}", "fields", fields, "source",
		                     ev->treatments[t].course.source);
	}
	return json_pack(
	        "{s:I, s:I, s:s, s:s, s:o, s:o, s:o, s:o, s:s, s:s, s:o, s:o, "
	        "s:o, s:o, s:s}",
	        "id", (json_int_t)it->id, "episode_id",
	        (json_int_t)it->episode_id, "treatment", it->treatment, "label",
	        t >= 0 ? ev->treatments[t].label : it->treatment, "sessions",
	        br_json_int_opt(it->sessions), "per_week",
	        it->per_week > 0 ? json_real(it->per_week) : json_null(),
	        "trial", br_json_int_opt(it->trial), "note",
	        br_json_text_opt(it->note), "status", it->status, "date",
	        it->day, "ended_on", br_json_text_opt(it->ended_on),
	        "sessions_done", done < 0 ? json_null() : json_integer(done),
	        "trial_reached",
	        done < 0 || it->trial == BR_UNSET
	                ? json_null()
	                : json_boolean(done >= it->trial),
	        "defaults", defaults, "created_at", it->created_at);
}

/* The items of e with their session counts. */
static int
items_view(struct br_app *app, const struct br_episode *e, json_t **out,
           struct br_err *err)
{
	struct br_plan_item *items = NULL;
	struct br_session *sessions = NULL;
	size_t n = 0, ns = 0;
	int rc = br_store_plan_item_list(app->store, e->patient_id, e->id,
	                                 &items, &n, err);

	if (rc == 0)
		rc = br_store_session_list(app->store, e->patient_id, e->id,
		                           &sessions, &ns, err);
	*out = rc == 0 ? json_array() : NULL;
	for (size_t i = 0; rc == 0 && i < n; i++) {
		int32_t first;

		json_array_append_new(
		        *out,
		        item_view(&items[i],
		                  br_app_course_sessions(items, n, i, sessions,
		                                         ns, &first)));
	}
	free(items);
	free(sessions);
	return rc;
}

/* The view of item id of e, or NULL (err filled). */
static json_t *
one_item(struct br_app *app, const struct br_episode *e, int64_t id,
         struct br_err *err)
{
	json_t *all = NULL, *v, *found = NULL;
	size_t i;

	if (items_view(app, e, &all, err) < 0)
		return NULL;
	json_array_foreach(all, i, v)
	{
		if (json_integer_value(json_object_get(v, "id")) == id)
			found = json_incref(v);
	}
	json_decref(all);
	return found;
}

json_t *
br_app_routine_view(const struct br_routine *r)
{
	json_t *a = json_array();

	for (int i = 0; i < r->n; i++) {
		const char *label =
		        br_vocab_label("bedtime.json", "steps", r->steps[i]);

		json_array_append_new(
		        a, json_pack("{s:s, s:s}", "step", r->steps[i], "label",
		                     label ? label : r->steps[i]));
	}
	return a;
}

/* A routine step of data/bedtime.json. */
static int
check_step(const char *field, const char *step, struct br_err *err)
{
	return br_vocab_check("bedtime.json", "steps", field, step,
	                      "backrest plan routine", err);
}

/* The steps of a routine: routine steps of data/bedtime.json, each once,
 * at most BR_ROUTINE_MAX; field names them. */
static int
check_steps(const struct br_routine *r, const char *field, struct br_err *err)
{
	int rc = 0;

	if (r->n < 0 || r->n > BR_ROUTINE_MAX)
		return br_error(err, BR_EINVAL, field,
		                "at most %d routine steps", BR_ROUTINE_MAX);
	for (int i = 0; rc == 0 && i < r->n; i++) {
		rc = check_step(field, r->steps[i], err);
		for (int j = 0; rc == 0 && j < i; j++)
			if (strcmp(r->steps[i], r->steps[j]) == 0)
				rc = br_error(err, BR_EINVAL, field,
				              "%s lists %s twice", field,
				              r->steps[i]);
	}
	return rc;
}

struct routine_ctx {
	struct br_routine *r;
	const char *key;
	bool none;
};

static int
add_step(void *ctx, const char *item, int pos, struct br_err *err)
{
	struct routine_ctx *c = ctx;
	int rc;

	(void)pos;
	if (strcmp(item, "none") == 0) {
		c->none = true;
		return 0;
	}
	rc = check_step(c->key, item, err);
	if (rc < 0)
		return rc;
	for (int i = 0; i < c->r->n; i++)
		if (strcmp(c->r->steps[i], item) == 0)
			return 0;
	if (c->r->n == BR_ROUTINE_MAX)
		return br_error(err, BR_EINVAL, c->key,
		                "at most %d routine steps", BR_ROUTINE_MAX);
	snprintf(c->r->steps[c->r->n++], BR_ROUTINE_STEP_MAX, "%s", item);
	return 0;
}

int
br_app_read_routine(json_t *in, const char *key, struct br_routine *out,
                    struct br_err *err)
{
	struct routine_ctx c = {out, key, false};
	int rc;

	memset(out, 0, sizeof(*out));
	rc = br_in_list(in, key, add_step, &c, err);
	if (rc == 0 && c.none && out->n > 0)
		rc = br_error(err, BR_EINVAL, key,
		              "%s: 'none' cannot be combined with steps", key);
	if (rc == 0 && !c.none && out->n == 0)
		rc = br_error(err, BR_EINVAL, key,
		              "%s must be 'none' or routine step ids", key);
	return rc;
}

static json_t *
option_view(const struct br_evidence *ev, const struct br_option *o,
            const struct br_phase *ph)
{
	const struct br_treatment *t = &ev->treatments[o->treatment];
	json_t *cells = json_array();

	for (int i = 0; i < o->n_cells; i++) {
		const struct br_option_cell *c = &o->cells[i];
		const struct br_ev_entry *e = c->entry;
		char none[200];

		if (e) {
			json_array_append_new(
			        cells,
			        json_pack("{s:s, s:s, s:o, s:o, s:s, s:s}",
			                  "source", br_source_id(e->source),
			                  "position",
			                  br_position_name(e->position),
			                  "certainty",
			                  br_json_text_opt(e->certainty),
			                  "strength",
			                  br_json_text_opt(e->strength),
			                  "finding", e->finding, "citation",
			                  e->citation));
			continue;
		}
		snprintf(none, sizeof(none),
		         "No entry from this source for this treatment in the "
		         "%s phase: nothing is recommended here.",
		         br_phase_name(br_source_phase(c->source, ph)));
		json_array_append_new(
		        cells,
		        json_pack("{s:s, s:s, s:n, s:n, s:s, s:s}", "source",
		                  br_source_id(c->source), "position",
		                  "no-recommendation", "certainty", "strength",
		                  "finding", none, "citation",
		                  ev->source_citation[c->source]));
	}
	return json_pack("{s:s, s:s, s:b, s:o}", "treatment", t->id, "label",
	                 t->label, "matched", o->matched, "evidence", cells);
}

int
br_app_plan(struct br_app *app, json_t *in, json_t **out, struct br_err *err)
{
	static const char *const keys[] = {"episode_id", "guideline", NULL};
	const struct br_evidence *ev = br_library_evidence();
	struct br_options *opts = NULL;
	struct br_routine routine;
	struct br_episode e;
	struct br_phase ph;
	json_t *view = NULL, *referral = NULL, *items = NULL, *options;
	int32_t onset = 0, end = app->today;
	unsigned sources = BR_SOURCES_ALL;
	bool refer = false;
	int g = 0, rc = br_in_only(in, keys, err);

	if (rc == 0)
		rc = br_in_enum(in, "guideline", br_guidelines, false, &g, err);
	if (rc < 0)
		return rc;
	if (g > 0)
		sources = 1u << (g - 1);
	rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	rc = br_app_load_episode(app, in, &e, err);
	if (rc == 0)
		rc = br_app_referral(app, &e, &refer, &referral, NULL, 0, err);
	if (rc == 0)
		rc = items_view(app, &e, &items, err);
	if (rc == 0)
		rc = br_store_routine_get(app->store, e.patient_id, e.id,
		                          &routine, err);
	if (rc == 0)
		rc = br_app_audit(app, "plan.read", e.patient_id, "episode",
		                  e.id, err);
	opts = rc == 0 ? malloc(sizeof(*opts)) : NULL;
	if (rc == 0 && opts == NULL)
		rc = br_error(err, BR_ENOMEM, "", "out of memory");
	if (rc == 0) {
		br_parse_date("onset", e.onset, &onset, NULL);
		if (e.closed_on[0])
			br_parse_date("closed_on", e.closed_on, &end, NULL);
		br_phase_of(onset, end, &ph);
		options = json_array();
		if (!refer) {
			br_plan_options(ev, &ph, br_risk_index(e.risk_group),
			                sources, opts);
			for (int i = 0; i < opts->n; i++)
				json_array_append_new(
				        options,
				        option_view(ev, &opts->items[i], &ph));
		}
		view = json_pack("{s:s, s:O, s:{s:s, s:s}, s:o, s:o, s:O, s:o}",
		                 "status", refer ? "refer" : "ok", "referral",
		                 referral, "phase", "cochrane",
		                 br_phase_name(ph.cochrane), "acp",
		                 br_phase_name(ph.acp), "risk",
		                 br_json_text_opt(e.risk_group), "options",
		                 options, "items", items, "routine",
		                 br_app_routine_view(&routine));
	}
	free(opts);
	json_decref(referral);
	json_decref(items);
	return br_app_finish(app, rc, view, out, err);
}

/* Refuses writes to a closed episode or one waiting for a referral
 * (unless the records are history: app->history). */
static int
writable(struct br_app *app, const struct br_episode *e, struct br_err *err)
{
	char text[200];
	bool refer;
	int rc;

	if (app->history)
		return 0;
	if (strcmp(e->status, "open") != 0)
		return br_error(err, BR_ECONFLICT, "episode_id",
		                "episode %lld is closed", (long long)e->id);
	rc = br_app_referral(app, e, &refer, NULL, text, sizeof(text), err);
	if (rc == 0 && refer)
		rc = br_error(err, BR_ECONFLICT, "episode_id",
		              "episode %lld has an uncleared red-flag screen: "
		              "%s; the plan waits until a clinician clears it",
		              (long long)e->id, text);
	return rc;
}

/* The fields of in (plan add's input, checked against its table) into a
 * new item; the fields not given stay unset. */
static int
read_item(struct br_app *app, json_t *in, struct br_plan_item *it,
          struct br_err *err)
{
	const struct br_fields *t = &br_plan_item_fields;
	int rc = br_fields_check(in, t, app->typed_input, err);

	br_plan_item_init(it);
	if (rc == 0)
		rc = br_in_text_field(in, t, "treatment", it->treatment,
		                      sizeof(it->treatment), err);
	if (rc == 0)
		rc = br_in_int_field(in, t, "sessions", &it->sessions, err);
	if (rc == 0)
		rc = br_in_double_field(in, t, "per_week", &it->per_week, err);
	if (rc == 0)
		rc = br_in_int_field(in, t, "trial", &it->trial, err);
	if (rc == 0)
		rc = br_in_text_field(in, t, "note", it->note, sizeof(it->note),
		                      err);
	return rc;
}

int
br_app_plan_item_apply(struct br_app *app, const struct br_episode *e,
                       struct br_plan_item *it, struct br_err *err)
{
	struct br_plan_item *items = NULL;
	size_t n = 0;
	int rc = writable(app, e, err);

	it->patient_id = e->patient_id;
	it->episode_id = e->id;
	if (!it->status[0])
		snprintf(it->status, sizeof(it->status), "active");
	if (!it->day[0])
		br_format_date(app->today, it->day);
	if (rc == 0)
		rc = br_rec_plan_item_check(it, err);
	if (rc == 0)
		rc = br_store_plan_item_list(app->store, e->patient_id, e->id,
		                             &items, &n, err);
	for (size_t i = 0; rc == 0 && i < n; i++)
		if (strcmp(items[i].treatment, it->treatment) == 0 &&
		    strcmp(items[i].status, "active") == 0 &&
		    strcmp(it->status, "active") == 0)
			rc = br_error(
			        err, BR_ECONFLICT, "treatment",
			        "treatment %s already has an active item "
			        "(%lld) in episode %lld; end it first with "
			        "backrest plan end",
			        it->treatment, (long long)items[i].id,
			        (long long)e->id);
	free(items);
	if (rc < 0)
		return rc;
	if (it->id == 0)
		it->id = br_store_new_id();
	if (!it->created_at[0])
		br_store_now(it->created_at);
	return br_store_plan_item_insert(app->store, it, err);
}

int
br_app_plan_add(struct br_app *app, json_t *in, json_t **out,
                struct br_err *err)
{
	struct br_plan_item *it = malloc(sizeof(*it));
	struct br_episode e;
	int rc = it ? read_item(app, in, it, err)
	            : br_error(err, BR_ENOMEM, "", "out of memory");

	/* The whole item, defaults filled, before anything is written. */
	if (rc == 0) {
		br_rec_plan_item_defaults(it);
		rc = br_rec_plan_item_check(it, err);
	}
	if (rc == 0)
		rc = br_store_begin(app->store, err);
	if (rc < 0) {
		free(it);
		return rc;
	}
	rc = br_app_load_episode(app, in, &e, err);
	if (rc == 0)
		rc = br_app_plan_item_apply(app, &e, it, err);
	if (rc == 0)
		rc = br_app_audit(app, "plan.create", e.patient_id, "plan_item",
		                  it->id, err);
	rc = br_app_finish(app, rc,
	                   rc == 0 ? one_item(app, &e, it->id, err) : NULL, out,
	                   err);
	free(it);
	return rc;
}

int
br_app_plan_end(struct br_app *app, json_t *in, json_t **out,
                struct br_err *err)
{
	static const char *const keys[] = {"episode_id", "treatment", "status",
	                                   NULL};
	struct br_plan_item *items = NULL;
	const char *treatment;
	struct br_episode e;
	int64_t id = 0;
	size_t n = 0;
	char day[BR_DATE_LEN];
	int status = 0, rc = br_in_only(in, keys, err);

	if (rc == 0)
		rc = br_in_text(in, "treatment", 40, true, &treatment, err);
	if (rc == 0)
		rc = br_in_enum(in, "status", br_plan_item_ends, false, &status,
		                err);
	if (rc < 0)
		return rc;
	if (status < 0)
		status = 0;
	rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	rc = br_app_load_episode(app, in, &e, err);
	if (rc == 0)
		rc = br_store_plan_item_list(app->store, e.patient_id, e.id,
		                             &items, &n, err);
	for (size_t i = 0; rc == 0 && i < n; i++)
		if (strcmp(items[i].treatment, treatment) == 0 &&
		    strcmp(items[i].status, "active") == 0)
			id = items[i].id;
	free(items);
	if (rc == 0 && id == 0) {
		char q[48];

		br_quote_value(treatment, q, sizeof(q));
		rc = br_error(err, BR_ENOTFOUND, "treatment",
		              "treatment '%s' has no active item in episode "
		              "%lld",
		              q, (long long)e.id);
	}
	br_format_date(app->today, day);
	if (rc == 0)
		rc = br_store_plan_item_end(app->store, e.patient_id, id,
		                            br_plan_item_ends[status], day,
		                            err);
	if (rc == 0)
		rc = br_app_audit(app, "plan.update", e.patient_id, "plan_item",
		                  id, err);
	return br_app_finish(
	        app, rc, rc == 0 ? one_item(app, &e, id, err) : NULL, out, err);
}

int
br_app_routine_apply(struct br_app *app, const struct br_episode *e,
                     struct br_routine *r, struct br_err *err)
{
	int32_t day;
	int rc = writable(app, e, err);

	if (rc == 0 && !r->day[0])
		br_format_date(app->today, r->day);
	if (rc == 0)
		rc = br_parse_date("date", r->day, &day, err);
	if (rc == 0)
		rc = br_app_not_future(app, "date", day, err);
	if (rc == 0)
		rc = check_steps(r, "steps", err);
	if (rc == 0)
		rc = br_store_routine_set(app->store, e->patient_id, e->id, r,
		                          err);
	return rc;
}

int
br_app_routine_ticks_apply(struct br_app *app, int64_t patient_id,
                           const char *date, const struct br_routine *r,
                           struct br_err *err)
{
	struct br_patient p;
	int32_t day;
	int rc = br_parse_date("date", date, &day, err);

	if (rc == 0)
		rc = br_app_not_future(app, "date", day, err);
	if (rc == 0)
		rc = check_steps(r, "routine", err);
	if (rc == 0)
		rc = br_store_patient_get(app->store, patient_id, &p, err);
	if (rc == 0)
		rc = br_app_after_birth(&p, "date", day, err);
	if (rc == 0)
		rc = br_store_routine_ticks_set(app->store, patient_id, date, r,
		                                err);
	return rc;
}

int
br_app_plan_routine(struct br_app *app, json_t *in, json_t **out,
                    struct br_err *err)
{
	static const char *const keys[] = {"episode_id", "steps", NULL};
	struct br_routine r;
	struct br_episode e;
	json_t *view = NULL;
	int rc = br_in_only(in, keys, err);

	if (rc == 0 && !br_in_has(in, "steps"))
		rc = br_error(err, BR_EINVAL, "steps",
		              "plan routine needs --steps ID,... or --steps "
		              "none");
	if (rc == 0)
		rc = br_app_read_routine(in, "steps", &r, err);
	if (rc < 0)
		return rc;
	br_format_date(app->today, r.day);
	rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	rc = br_app_load_episode(app, in, &e, err);
	if (rc == 0)
		rc = br_app_routine_apply(app, &e, &r, err);
	if (rc == 0)
		rc = br_app_audit(app, "plan.update", e.patient_id, "episode",
		                  e.id, err);
	if (rc == 0)
		view = json_pack("{s:I, s:o}", "episode_id", (json_int_t)e.id,
		                 "routine", br_app_routine_view(&r));
	return br_app_finish(app, rc, view, out, err);
}
