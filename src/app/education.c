/*
 * education.c - patient-education cards at the right moment (see
 * education.h).
 */
#include "app/education.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/checkin.h"
#include "app/internal.h"
#include "model/vocab.h"
#include "core/education.h"
#include "store/visits.h"

#define EDUCATION "education.json"

static int
rule_int(json_t *obj, const char *key, int dflt)
{
	json_t *v = json_object_get(obj, key);

	return json_is_integer(v) ? (int)json_integer_value(v) : dflt;
}

static void
load_rules(struct br_edu_rules *r)
{
	json_t *rules = json_object_get(br_vocab_file(EDUCATION), "rules");
	json_t *flare = json_object_get(rules, "flare");
	json_t *trial = json_object_get(rules, "trial");

	r->first_week_days = rule_int(rules, "first_week_days", 7);
	r->flare_rise = rule_int(flare, "rise", 2);
	r->flare_lookback = rule_int(flare, "lookback_days", 7);
	r->flare_recent = rule_int(flare, "recent_days", 3);
	r->flare_min_days = rule_int(flare, "min_days", 3);
	r->trial_default = rule_int(trial, "default_sessions", 4);
	r->trial_before = rule_int(trial, "before", 1);
	r->trial_after = rule_int(trial, "after", 0);
}

static unsigned
card_moments(json_t *card)
{
	unsigned m = 0;
	size_t i;
	json_t *v;

	json_array_foreach(json_object_get(card, "moments"), i, v)
	{
		m |= br_edu_moment_from(json_string_value(v));
	}
	return m;
}

static json_t *
moment_names(unsigned m)
{
	json_t *arr = json_array();

	for (int i = 0; br_edu_moment_names[i]; i++)
		if (m & (1u << i))
			json_array_append_new(
			        arr, json_string(br_edu_moment_names[i]));
	return arr;
}

/* The episode education is about: the newest open one, else the newest;
 * false when the patient has none. */
static int
pick_episode(struct br_app *app, int64_t patient, struct br_episode *out,
             bool *found, struct br_err *err)
{
	struct br_episode *arr = NULL;
	size_t n = 0;
	int rc = br_store_episode_list(app->store, patient, &arr, &n, err);

	*found = false;
	for (size_t i = 0; rc == 0 && i < n; i++) {
		bool open = strcmp(arr[i].status, "open") == 0, better = true;

		if (*found) {
			bool cur_open = strcmp(out->status, "open") == 0;

			better = open != cur_open ? open
			                          : strcmp(arr[i].opened_on,
			                                   out->opened_on) >= 0;
		}
		if (better) {
			*out = arr[i];
			*found = true;
		}
	}
	free(arr);
	return rc;
}

/* The sessions of e: how many, the aftercare after the latest (today or
 * yesterday), and a check-in waiting since then. */
static int
session_state(struct br_app *app, const struct br_episode *e, int *count,
              json_t *result, struct br_err *err)
{
	struct br_session *arr = NULL;
	struct br_checkin c;
	size_t n = 0;
	int rc = br_store_session_list(app->store, e->patient_id, e->id, &arr,
	                               &n, err);

	*count = (int)n;
	json_object_set_new(result, "aftercare", json_null());
	json_object_set_new(result, "checkin_due", json_null());
	if (rc == 0 && n > 0) {
		const struct br_session *last = &arr[n - 1];
		int32_t day;

		rc = br_parse_date("date", last->day, &day, err);
		if (rc == 0 && day <= app->today && day >= app->today - 1)
			json_object_set_new(result, "aftercare",
			                    br_aftercare_advice());
		if (rc == 0 && day < app->today && day >= app->today - 2) {
			struct br_err none = BR_ERR_INIT;

			if (br_store_checkin_get(app->store, e->patient_id,
			                         last->id, &c,
			                         &none) == BR_ENOTFOUND)
				json_object_set_new(
				        result, "checkin_due",
				        json_pack("{s:I, s:s}", "session_id",
				                  (json_int_t)last->id,
				                  "session_date", last->day));
		}
	}
	free(arr);
	return rc;
}

/* The diary pain of the patient over the days that matter for a flare. */
static int
pain_days(struct br_app *app, int64_t patient, const struct br_edu_rules *r,
          struct br_edu_pain **out, size_t *n, struct br_err *err)
{
	struct br_diary_day *days = NULL;
	char from[BR_DATE_LEN], to[BR_DATE_LEN];
	size_t nd = 0, k = 0;
	int rc;

	br_format_date(app->today - r->flare_recent - r->flare_lookback, from);
	br_format_date(app->today, to);
	rc = br_store_diary_list(app->store, patient, from, to, &days, &nd,
	                         err);
	*out = NULL;
	*n = 0;
	if (rc == 0 && nd > 0) {
		*out = calloc(nd, sizeof(**out));
		if (*out == NULL)
			rc = br_error(err, BR_ENOMEM, "", "out of memory");
	}
	for (size_t i = 0; rc == 0 && i < nd; i++) {
		int32_t d;

		if (days[i].pain == BR_UNSET ||
		    br_parse_date("date", days[i].day, &d, NULL) < 0)
			continue;
		(*out)[k].day = d;
		(*out)[k].pain = days[i].pain;
		k++;
	}
	*n = k;
	free(days);
	return rc;
}

int
br_app_education(struct br_app *app, json_t *in, json_t **out,
                 struct br_err *err)
{
	static const char *const keys[] = {"patient_id", "all", NULL};
	struct br_visit_course *items = NULL;
	struct br_edu_pain *pain = NULL;
	struct br_edu_context ctx;
	struct br_edu_rules rules;
	struct br_edu_now now;
	struct br_patient p;
	struct br_episode e;
	json_t *result = NULL, *cards, *card;
	char today[BR_DATE_LEN], flare_day[BR_DATE_LEN];
	size_t n_items = 0, n_pain = 0, i;
	bool all = false, found = false;
	int rc = br_in_only(in, keys, err);

	if (rc == 0 && br_in_has(in, "all"))
		rc = br_in_bool(in, "all", &all, err);
	if (rc == 0)
		rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	load_rules(&rules);
	memset(&ctx, 0, sizeof(ctx));
	ctx.today = app->today;
	ctx.episode_opened = app->today - 10000; /* no episode: no week */
	rc = br_app_load_patient(app, in, &p, err);
	if (rc == 0)
		rc = pick_episode(app, p.id, &e, &found, err);
	result = json_object();
	json_object_set_new(result, "aftercare", json_null());
	json_object_set_new(result, "checkin_due", json_null());
	if (rc == 0 && found) {
		int32_t opened;

		if (br_parse_date("opened_on", e.opened_on, &opened, NULL) == 0)
			ctx.episode_opened = opened;
		rc = session_state(app, &e, &ctx.sessions, result, err);
		if (rc == 0)
			rc = br_store_visit_courses(app->store, e.patient_id,
			                            e.id, &items, &n_items,
			                            err);
		for (i = 0; rc == 0 && i < n_items; i++)
			if (items[i].trial > 0) {
				ctx.trial = items[i].trial;
				break;
			}
	}
	if (rc == 0)
		rc = pain_days(app, p.id, &rules, &pain, &n_pain, err);
	ctx.pain = pain;
	ctx.n_pain = n_pain;
	if (rc == 0 && !found)
		rules.trial_default = 0; /* no episode, no checkpoint */
	if (rc == 0)
		br_education_now(&rules, &ctx, &now);
	if (rc == 0)
		rc = br_app_audit(app, "education.read", p.id, "patient", p.id,
		                  err);
	if (rc == 0) {
		br_format_date(app->today, today);
		json_object_set_new(result, "patient_id", json_integer(p.id));
		json_object_set_new(result, "episode_id",
		                    found ? json_integer(e.id) : json_null());
		json_object_set_new(result, "date", json_string(today));
		json_object_set_new(result, "episode_day",
		                    found ? json_integer(now.episode_day)
		                          : json_null());
		json_object_set_new(result, "moments",
		                    moment_names(now.moments));
		if (now.moments & BR_EDU_FLARE) {
			br_format_date(now.flare_day, flare_day);
			json_object_set_new(
			        result, "flare",
			        json_pack("{s:s, s:i, s:f}", "date", flare_day,
			                  "pain", now.flare_pain, "usual",
			                  (double)(int)(now.usual_pain * 10 +
			                                0.5) /
			                          10));
		} else {
			json_object_set_new(result, "flare", json_null());
		}
		json_object_set_new(result, "trial",
		                    found ? json_pack("{s:i, s:i}", "sessions",
		                                      ctx.sessions,
		                                      "checkpoint", now.trial)
		                          : json_null());
		cards = json_array();
		json_array_foreach(
		        json_object_get(br_vocab_file(EDUCATION), "cards"), i,
		        card)
		{
			unsigned m = card_moments(card);
			json_t *c;

			if (!all && !br_education_due(m, now.moments))
				continue;
			c = json_pack("{s:O, s:O, s:O, s:O, s:o, s:o}", "code",
			              json_object_get(card, "code"), "title",
			              json_object_get(card, "title"), "text",
			              json_object_get(card, "text"), "source",
			              json_object_get(card, "source"),
			              "moments", moment_names(m), "why",
			              moment_names(m & now.moments));
			if (c)
				json_array_append_new(cards, c);
		}
		json_object_set_new(result, "cards", cards);
	}
	free(items);
	free(pain);
	if (rc < 0) {
		json_decref(result);
		result = NULL;
	}
	return br_app_finish(app, rc, result, out, err);
}
