/*
 * checkin.c - aftercare advice and the next-day check-in (see checkin.h).
 */
#include "app/checkin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/charting.h"
#include "app/internal.h"
#include "model/checks_clinical.h"
#include "model/vocab.h"
#include "core/visits.h"

#define AFTERCARE "aftercare.json"

/* One threshold of the data file, as core/visits.h evaluates it. */
struct rule_def {
	const char *code;
	const char *label;
	const char *event; /* NULL: no adverse event */
	struct br_checkin_rule rule;
};

static int
change_named(const char *s)
{
	for (int i = 0; s && br_checkin_change_names[i]; i++)
		if (strcmp(s, br_checkin_change_names[i]) == 0)
			return i + BR_CHANGE_WORSE;
	return BR_CHANGE_ANY;
}

static int
change_of(json_t *v)
{
	return change_named(json_string_value(v));
}

/* The thresholds of the data file; returns how many (at most max). */
static int
load_rules(struct rule_def *out, int max)
{
	json_t *arr = json_object_get(br_vocab_file(AFTERCARE), "thresholds");
	size_t i;
	json_t *t;
	int n = 0;

	json_array_foreach(arr, i, t)
	{
		json_t *when = json_object_get(t, "when"), *v;
		struct rule_def *d = &out[n];

		if (n == max)
			break;
		d->code = json_string_value(json_object_get(t, "code"));
		d->label = json_string_value(json_object_get(t, "label"));
		d->event = json_string_value(json_object_get(t, "event"));
		if (d->code == NULL || !json_is_object(when))
			continue;
		v = json_object_get(when, "soreness_at_least");
		d->rule.soreness_at_least =
		        json_is_integer(v) ? (int)json_integer_value(v) : -1;
		v = json_object_get(when, "soreness_rise_over_pain_after");
		d->rule.rise_over_pain_after =
		        json_is_integer(v) ? (int)json_integer_value(v) : -1;
		d->rule.energy = change_of(json_object_get(when, "energy"));
		d->rule.mood = change_of(json_object_get(when, "mood"));
		d->rule.unusual =
		        json_is_true(json_object_get(when, "unusual"));
		n++;
	}
	return n;
}

static const struct rule_def *
find_rule(const struct rule_def *defs, int n, const char *code)
{
	for (int i = 0; i < n; i++)
		if (strcmp(defs[i].code, code) == 0)
			return &defs[i];
	return NULL;
}

json_t *
br_view_checkin(const struct br_checkin *c)
{
	struct rule_def defs[BR_CHECKIN_RULES * 2];
	int n_defs = load_rules(defs, BR_CHECKIN_RULES * 2);
	json_t *rules = json_array();
	int32_t d1, d0;
	int days = 0;

	if (br_parse_date("date", c->day, &d1, NULL) == 0 &&
	    br_parse_date("date", c->session_day, &d0, NULL) == 0)
		days = (int)(d1 - d0);
	for (int i = 0; i < c->n_rules; i++) {
		const struct rule_def *d = find_rule(defs, n_defs, c->rules[i]);

		json_array_append_new(
		        rules, json_pack("{s:s, s:o, s:o}", "code", c->rules[i],
		                         "label",
		                         d && d->label ? json_string(d->label)
		                                       : json_null(),
		                         "event",
		                         d && d->event ? json_string(d->event)
		                                       : json_null()));
	}
	return json_pack("{s:I, s:I, s:s, s:s, s:i, s:i, s:s, s:s, s:o, s:b, "
	                 "s:b, s:o, s:s}",
	                 "session_id", (json_int_t)c->session_id, "episode_id",
	                 (json_int_t)c->episode_id, "session_date",
	                 c->session_day, "date", c->day, "days_after", days,
	                 "soreness", c->soreness, "energy", c->energy, "mood",
	                 c->mood, "unusual", br_json_text_opt(c->unusual),
	                 "adverse", c->adverse, "needs_review", c->n_rules > 0,
	                 "rules", rules, "created_at", c->created_at);
}

json_t *
br_aftercare_advice(void)
{
	json_t *arr = json_object_get(br_vocab_file(AFTERCARE), "advice");
	json_t *out = json_array(), *a;
	size_t i;

	json_array_foreach(arr, i, a)
	{
		json_t *t = json_object_get(a, "text");

		if (json_is_string(t))
			json_array_append(out, t);
	}
	return out;
}

/* Loads the session named by in (and in episode_id, when given). */
static int
load_session(struct br_app *app, json_t *in, struct br_session_brief *s,
             struct br_err *err)
{
	int64_t id, episode = 0;
	int rc = br_in_id(in, "session_id", &id, err);

	if (rc == 0 && br_in_has(in, "episode_id"))
		rc = br_in_id(in, "episode_id", &episode, err);
	if (rc == 0)
		rc = br_store_session_brief(app->store, id, "session_id", s,
		                            err);
	if (rc == 0 && episode && s->episode_id != episode)
		rc = br_error(err, BR_ENOTFOUND, "session_id",
		              "there is no session %lld", (long long)id);
	return rc;
}

/* A restored check-in (app->restore) keeps the rules that fired and
 * whether it was an adverse event, as it came (the session's adverse
 * events already hold theirs); each rule must be one of the data file's
 * thresholds. */
static int
kept_rules(const struct br_checkin *c, struct br_err *err)
{
	struct rule_def defs[BR_CHECKIN_RULES * 2];
	int n_defs = load_rules(defs, BR_CHECKIN_RULES * 2);
	char q[48];

	if (c->n_rules < 0 || c->n_rules > BR_CHECKIN_RULES)
		return br_error(err, BR_EINVAL, "rules",
		                "a check-in has at most %d rules",
		                BR_CHECKIN_RULES);
	for (int i = 0; i < c->n_rules; i++) {
		if (find_rule(defs, n_defs, c->rules[i]) != NULL)
			continue;
		br_quote_value(c->rules[i], q, sizeof(q));
		return br_error(err, BR_EINVAL, "rules",
		                "rule '%s' is not one of the aftercare "
		                "thresholds",
		                q);
	}
	return 0;
}

int
br_app_checkin_apply(struct br_app *app, const struct br_session_brief *s,
                     struct br_checkin *c, struct br_err *err)
{
	struct rule_def defs[BR_CHECKIN_RULES];
	struct br_checkin_answers a;
	struct br_checkin old;
	struct br_err ignored = BR_ERR_INIT;
	int32_t day;
	int n_defs, rc;

	c->patient_id = s->patient_id;
	c->session_id = s->id;
	c->episode_id = s->episode_id;
	snprintf(c->session_day, sizeof(c->session_day), "%s", s->day);
	if (!app->restore) {
		c->adverse = false;
		c->n_rules = 0;
	}
	rc = br_rec_checkin_check(c, err);
	if (rc == 0)
		rc = br_parse_date("date", c->day, &day, err);
	if (rc == 0)
		rc = br_app_not_future(app, "date", day, err);
	if (rc == 0 && app->restore)
		rc = kept_rules(c, err);
	if (rc < 0)
		return rc;
	if (br_store_checkin_get(app->store, s->patient_id, s->id, &old,
	                         &ignored) == 0)
		return br_error(err, BR_ECONFLICT, "session_id",
		                "session %lld already has a check-in, from %s",
		                (long long)s->id, old.day);
	if (!app->history || !c->created_at[0])
		br_store_now(c->created_at);
	/* Restored: the rules fired then, and their adverse events are the
	 * session's already. */
	if (app->restore)
		return br_store_checkin_insert(app->store, c, err);
	a.soreness = c->soreness;
	a.energy = change_named(c->energy);
	a.mood = change_named(c->mood);
	a.unusual = c->unusual[0] != '\0';
	a.pain_after = s->pain_after;
	n_defs = load_rules(defs, BR_CHECKIN_RULES);
	for (int i = 0; i < n_defs; i++) {
		if (!br_checkin_rule_fires(&defs[i].rule, &a))
			continue;
		snprintf(c->rules[c->n_rules++], BR_CHECKIN_CODE, "%s",
		         defs[i].code);
		if (defs[i].event == NULL)
			continue;
		c->adverse = true;
		rc = br_charting_word("adverse_events", "event", defs[i].event,
		                      err);
		if (rc == 0)
			rc = br_store_session_adverse_add(app->store,
			                                  s->patient_id, s->id,
			                                  defs[i].event, err);
		if (rc < 0)
			return rc;
	}
	return br_store_checkin_insert(app->store, c, err);
}

int
br_app_checkin_add(struct br_app *app, json_t *in, json_t **out,
                   struct br_err *err)
{
	struct br_checkin c;
	struct br_session_brief s;
	const char *unusual = NULL;
	int32_t day;
	int rc = br_fields_check(in, &br_checkin_fields, app->typed_input, err);

	memset(&c, 0, sizeof(c));
	if (rc == 0)
		rc = br_in_date(in, "date", false, &day, err);
	if (rc == 0 && day == INT32_MIN)
		day = app->today;
	if (rc == 0)
		rc = br_app_not_future(app, "date", day, err);
	if (rc == 0)
		rc = br_in_int_field(in, &br_checkin_fields, "soreness",
		                     &c.soreness, err);
	if (rc == 0) {
		br_format_date(day, c.day);
		snprintf(c.energy, sizeof(c.energy), "%s",
		         json_string_value(json_object_get(in, "energy")));
		snprintf(c.mood, sizeof(c.mood), "%s",
		         json_string_value(json_object_get(in, "mood")));
		unusual = json_string_value(json_object_get(in, "unusual"));
		snprintf(c.unusual, sizeof(c.unusual), "%s",
		         unusual ? unusual : "");
	}
	if (rc == 0)
		rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	rc = load_session(app, in, &s, err);
	if (rc == 0)
		rc = br_app_checkin_apply(app, &s, &c, err);
	if (rc == 0)
		rc = br_app_audit(app, "checkin.create", s.patient_id,
		                  "session", s.id, err);
	return br_app_finish(app, rc, rc < 0 ? NULL : br_view_checkin(&c), out,
	                     err);
}

int
br_app_checkin_list(struct br_app *app, json_t *in, json_t **out,
                    struct br_err *err)
{
	static const char *const keys[] = {"episode_id", NULL};
	struct br_checkin *arr = NULL;
	struct br_episode e;
	json_t *list = NULL;
	size_t n = 0;
	int rc = br_in_only(in, keys, err);

	if (rc == 0)
		rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	rc = br_app_load_episode(app, in, &e, err);
	if (rc == 0)
		rc = br_store_checkin_list(app->store, e.patient_id, e.id, &arr,
		                           &n, err);
	if (rc == 0)
		rc = br_app_audit(app, "checkin.read", e.patient_id, "episode",
		                  e.id, err);
	if (rc == 0)
		list = json_array();
	for (size_t i = 0; rc == 0 && i < n; i++)
		json_array_append_new(list, br_view_checkin(&arr[i]));
	free(arr);
	return br_app_finish(app, rc, list, out, err);
}

int
br_app_checkin_show(struct br_app *app, json_t *in, json_t **out,
                    struct br_err *err)
{
	static const char *const keys[] = {"session_id", "episode_id", NULL};
	struct br_session_brief s;
	struct br_checkin c;
	json_t *view = NULL, *answer = NULL;
	int32_t sday = 0;
	int rc = br_in_only(in, keys, err);

	if (rc == 0)
		rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	rc = load_session(app, in, &s, err);
	if (rc == 0) {
		rc = br_store_checkin_get(app->store, s.patient_id, s.id, &c,
		                          err);
		if (rc == 0)
			answer = br_view_checkin(&c);
		else if (rc == BR_ENOTFOUND) {
			br_err_clear(err);
			rc = 0;
		}
	}
	if (rc == 0)
		rc = br_parse_date("date", s.day, &sday, err);
	if (rc == 0)
		rc = br_app_audit(app, "checkin.read", s.patient_id, "session",
		                  s.id, err);
	if (rc == 0)
		view = json_pack(
		        "{s:I, s:I, s:s, s:o, s:O, s:o, s:b}", "session_id",
		        (json_int_t)s.id, "episode_id",
		        (json_int_t)s.episode_id, "session_date", s.day,
		        "aftercare", br_aftercare_advice(), "questions",
		        json_object_get(br_vocab_file(AFTERCARE), "questions"),
		        "checkin", answer ? answer : json_null(), "due",
		        answer == NULL && app->today > sday);
	else
		json_decref(answer);
	return br_app_finish(app, rc, view, out, err);
}
