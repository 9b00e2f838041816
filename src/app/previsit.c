/*
 * previsit.c - use cases: the pre-visit intake by link (see previsit.h).
 *
 * The answers are checked in full on every save, as the intake's own
 * input is (app/intake.h: the field table, each value, the rules between
 * fields), so what the practitioner confirms is an intake the intake's
 * use case would take; the rules that need the stored intake run again
 * when it is confirmed.  The red-flag replies are read here: a JSON
 * object of the questions' flag ids (model/previsit.h), each "yes", "no"
 * or "unsure"; the tier is the project's rule over the "yes" flags
 * (core/redflag.h).
 */
#include "app/previsit.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/intake.h"
#include "app/internal.h"
#include "app/invitations.h"
#include "core/redflag.h"
#include "model/intake_fields.h"
#include "model/previsit.h"
#include "model/vocab.h"
#include "store/intake.h"
#include "store/previsit.h"
#include "store/users.h"

/* Helpers --------------------------------------------------------------- */

static const char *
status_of(const struct br_previsit *v)
{
	if (v->confirmed_at[0])
		return "confirmed";
	if (v->sent_at[0])
		return "sent";
	if (v->updated_at[0])
		return "answering";
	return "requested";
}

static const struct br_previsit_question *
question(const char *flag)
{
	for (const struct br_previsit_question *q = br_previsit_questions;
	     q->flag; q++)
		if (strcmp(q->flag, flag) == 0)
			return q;
	return NULL;
}

/* The flags of rf (a JSON object of replies) answered "yes", in the order
 * of the questions; returns their count. */
static int
yes_flags(json_t *rf, const char *flags[BR_REDFLAG_MAX])
{
	int n = 0;

	for (const struct br_previsit_question *q = br_previsit_questions;
	     q->flag && n < BR_REDFLAG_MAX; q++) {
		const char *r = json_string_value(json_object_get(rf, q->flag));

		if (r && strcmp(r, "yes") == 0)
			flags[n++] = q->flag;
	}
	return n;
}

/* The screen of the "yes" flags of rf (every id is a known flag: the
 * questions' table is checked against core's by a unit test). */
static void
screen(json_t *rf, struct br_screen_result *r)
{
	const char *flags[BR_REDFLAG_MAX];
	int n = yes_flags(rf, flags);

	if (br_redflag_screen(flags, n, r, NULL) < 0) {
		memset(r, 0, sizeof(*r));
		r->tier = BR_TIER_NONE;
	}
}

static json_t *
string_list(const char *const *items, int n)
{
	json_t *a = json_array();

	for (int i = 0; i < n; i++)
		json_array_append_new(a, json_string(items[i]));
	return a;
}

/* A NULL-terminated list of names as a JSON array. */
static json_t *
names_list(const char *const *names)
{
	int n = 0;

	while (names[n])
		n++;
	return string_list(names, n);
}

static json_t *
reasons_of(const struct br_screen_result *r)
{
	json_t *a = json_array();

	for (int i = 0; i < r->n_reasons; i++)
		json_array_append_new(a, json_string(r->reasons[i]));
	return a;
}

/* A stored JSON object, or an empty one. */
static json_t *
load_object(const char *text)
{
	json_t *v = json_loads(text, 0, NULL);

	if (!json_is_object(v)) {
		json_decref(v);
		v = json_object();
	}
	return v;
}

/* The caller's own patient (a patient account only). */
static int
caller_patient(struct br_app *app, int64_t *patient_id, struct br_err *err)
{
	struct br_user u;
	int rc = br_store_user_get(app->store, app->user_id, &u, err);

	sodium_memzero(u.password_hash, sizeof(u.password_hash));
	if (rc == 0 && (strcmp(u.role, "patient") != 0 || u.patient_id == 0))
		rc = br_error(err, BR_EPERM, "",
		              "only a patient's account answers the pre-visit "
		              "questions");
	if (rc == 0)
		*patient_id = u.patient_id;
	return rc;
}

/* The patient named by in's patient_id, which a practitioner calling on
 * the API may reach only in their own clinic (the route's scope checks
 * it too); another reads as missing. */
static int
load_patient(struct br_app *app, json_t *in, struct br_patient *p,
             struct br_err *err)
{
	struct br_user u;
	int rc = br_app_load_patient(app, in, p, err);

	if (rc < 0 || app->user_id == 0)
		return rc;
	rc = br_store_user_get(app->store, app->user_id, &u, err);
	sodium_memzero(u.password_hash, sizeof(u.password_hash));
	if (rc == 0 && strcmp(u.role, "practitioner") == 0 &&
	    u.clinic_id != p->clinic_id)
		rc = br_error(err, BR_ENOTFOUND, "patient_id",
		              "there is no patient %lld", (long long)p->id);
	return rc;
}

/* The labels of the intake's lists (the scalars' are the model's). */
static const char *const list_labels[][2] = {
        {"locations", "Where it hurts"},
        {"aggravating", "What makes it worse"},
        {"easing", "What makes it better"},
        {"conditions", "Other health conditions"},
        {"treatments", "Treatments tried before"},
        {"medicines", "Medicines taken now"},
        {NULL, NULL},
};

/* The practitioner's view of v: its state, the answers, each red-flag
 * reply with its question, and what the "yes" replies point to. */
static json_t *
previsit_view(const struct br_previsit *v)
{
	struct br_screen_result *r = malloc(sizeof(*r));
	json_t *rf = load_object(v->red_flags), *replies = json_array();
	json_t *labels = json_object(), *view;

	if (r == NULL) {
		json_decref(rf);
		json_decref(replies);
		json_decref(labels);
		return NULL;
	}
	for (const struct br_previsit_question *q = br_previsit_questions;
	     q->flag; q++) {
		const char *reply =
		        json_string_value(json_object_get(rf, q->flag));
		const struct br_redflag *f = br_redflag_find(q->flag);

		if (reply)
			json_array_append_new(
			        replies,
			        json_pack("{s:s, s:s, s:s, s:s, s:b}", "flag",
			                  q->flag, "question", q->text, "reply",
			                  reply, "label", f ? f->label : "",
			                  "emergency", f && f->emergency));
	}
	screen(rf, r);
	for (size_t i = 0; i < BR_INTAKE_NFIELDS; i++)
		json_object_set_new(labels, br_intake_fields[i].key,
		                    json_string(br_intake_fields[i].text));
	for (int i = 0; list_labels[i][0]; i++)
		json_object_set_new(labels, list_labels[i][0],
		                    json_string(list_labels[i][1]));
	view = json_pack(
	        "{s:I, s:I, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, "
	        "s:s, s:o, s:s, s:s}",
	        "id", (json_int_t)v->id, "patient_id",
	        (json_int_t)v->patient_id, "status", status_of(v),
	        "requested_at", v->requested_at, "updated_at",
	        br_json_text_opt(v->updated_at), "sent_at",
	        br_json_text_opt(v->sent_at), "confirmed_at",
	        br_json_text_opt(v->confirmed_at), "confirmed_by",
	        br_json_text_opt(v->confirmed_by), "episode_id",
	        v->episode_id ? json_integer(v->episode_id) : json_null(),
	        "answers", load_object(v->answers), "labels", labels,
	        "red_flags", replies, "tier", br_tier_name(r->tier), "reasons",
	        reasons_of(r), "safety_net", r->safety_net ? r->safety_net : "",
	        "note",
	        "the patient's own answers: the red-flag screen is the "
	        "practitioner's to record");
	json_decref(rf);
	free(r);
	return view;
}

/* The safety net as the project words it (the same in every screen). */
static const char *
safety_net(void)
{
	struct br_screen_result *r = malloc(sizeof(*r));
	const char *s = "";

	if (r && br_redflag_screen(NULL, 0, r, NULL) == 0 && r->safety_net)
		s = r->safety_net;
	free(r);
	return s;
}

/* Requesting ----------------------------------------------------------- */

int
br_app_previsit_request(struct br_app *app, json_t *in, json_t **out,
                        struct br_err *err)
{
	static const char *const keys[] = {"patient_id", "email",    "name",
	                                   "days",       "base_url", NULL};
	struct br_invite_req *r = calloc(1, sizeof(*r));
	struct br_previsit *v = calloc(1, sizeof(*v));
	struct br_patient p;
	json_t *result = NULL;
	char base[256], link[320];
	const char *name = NULL;
	int64_t pid = 0;
	int days = BR_UNSET;
	bool email = false, account = false;
	int rc;

	if (r == NULL || v == NULL) {
		free(r);
		free(v);
		return br_error(err, BR_ENOMEM, "", "out of memory");
	}
	rc = br_in_only(in, keys, err);
	if (rc == 0)
		rc = br_in_id(in, "patient_id", &pid, err);
	email = br_in_has(in, "email");
	/* With an email, the fields an invitation takes are checked as it
	 * checks them (the link may create the account). */
	if (rc == 0 && email) {
		json_t *inv = json_pack("{s:s, s:I}", "role", "patient",
		                        "patient_id", (json_int_t)pid);

		for (int i = 1; keys[i]; i++)
			if (br_in_has(in, keys[i]))
				json_object_set(inv, keys[i],
				                json_object_get(in, keys[i]));
		rc = br_app_invite_read(inv, r, err);
		json_decref(inv);
		r->previsit = true;
	}
	if (rc == 0)
		rc = br_in_text(in, "name", BR_NAME_MAX - 1, false, &name, err);
	if (rc == 0)
		rc = br_in_int(in, "days", 1, BR_INVITE_DAYS_MAX, &days, err);
	if (rc == 0)
		rc = br_app_invite_base_url(in, base, err);
	if (rc == 0)
		rc = br_store_begin(app->store, err);
	if (rc < 0) {
		free(r);
		free(v);
		return rc;
	}
	rc = load_patient(app, in, &p, err);
	if (rc == 0)
		rc = br_store_previsit_account(app->store, p.id, &account, err);
	if (rc == 0 && !account && !email)
		rc = br_error(err, BR_EINVAL, "email",
		              "email is needed: patient %lld has no account "
		              "yet, and the link will create one",
		              (long long)p.id);
	if (rc == 0) {
		rc = br_store_previsit_open(app->store, p.id, v, err);
		if (rc == BR_ENOTFOUND) {
			br_err_clear(err);
			memset(v, 0, sizeof(*v));
			v->patient_id = p.id;
			v->id = br_store_new_id();
			v->requested_by = app->user_id;
			br_store_now(v->requested_at);
			snprintf(v->answers, sizeof(v->answers), "{}");
			snprintf(v->red_flags, sizeof(v->red_flags), "{}");
			snprintf(v->tier, sizeof(v->tier), "none");
			rc = br_store_previsit_insert(app->store, v, err);
		}
	}
	if (rc == 0)
		rc = br_app_audit(app, "previsit.request", p.id, "previsit",
		                  v->id, err);
	if (rc == 0 && account) {
		char *qr;

		snprintf(link, sizeof(link), "%s/previsit", base);
		qr = br_invite_qr_svg(link, err);
		rc = qr ? 0 : err->code;
		if (rc == 0)
			result = json_pack("{s:s, s:s}", "link", link, "qr_svg",
			                   qr);
		free(qr);
	} else if (rc == 0) {
		rc = br_app_invite_apply(app, r, &result, err);
	}
	if (rc == 0) {
		json_object_set_new(result, "account", json_boolean(account));
		json_object_set_new(result, "previsit", previsit_view(v));
	}
	sodium_memzero(r, sizeof(*r));
	free(r);
	free(v);
	return br_app_finish(app, rc, result, out, err);
}

/* Reviewing and confirming --------------------------------------------- */

int
br_app_previsit_show(struct br_app *app, json_t *in, json_t **out,
                     struct br_err *err)
{
	static const char *const keys[] = {"patient_id", NULL};
	struct br_previsit *v;
	struct br_patient p;
	json_t *view = NULL;
	bool found = false;
	int rc = br_in_only(in, keys, err);

	if (rc < 0)
		return rc;
	v = malloc(sizeof(*v));
	if (v == NULL)
		return br_error(err, BR_ENOMEM, "", "out of memory");
	rc = br_store_begin(app->store, err);
	if (rc < 0) {
		free(v);
		return rc;
	}
	rc = load_patient(app, in, &p, err);
	if (rc == 0) {
		rc = br_store_previsit_last(app->store, p.id, v, err);
		found = rc == 0;
		if (rc == BR_ENOTFOUND) {
			br_err_clear(err);
			rc = 0;
		}
	}
	if (rc == 0)
		rc = br_app_audit(app, "previsit.read", p.id, "previsit",
		                  found ? v->id : 0, err);
	if (rc == 0) {
		view = found ? previsit_view(v)
		             : json_pack("{s:s, s:I}", "status", "none",
		                         "patient_id", (json_int_t)p.id);
		if (view == NULL)
			rc = br_error(err, BR_ENOMEM, "", "out of memory");
	}
	free(v);
	return br_app_finish(app, rc, view, out, err);
}

/* The episode the answers become the intake of: episode_id's (the
 * patient's), else the patient's one open episode. */
static int
pick_episode(struct br_app *app, json_t *in, const struct br_patient *p,
             struct br_episode *e, struct br_err *err)
{
	struct br_episode *eps = NULL;
	size_t n = 0, open = 0;
	int rc;

	if (br_in_has(in, "episode_id")) {
		rc = br_app_load_episode(app, in, e, err);
		if (rc == 0 && e->patient_id != p->id)
			rc = br_error(err, BR_ENOTFOUND, "episode_id",
			              "there is no episode %lld",
			              (long long)e->id);
		return rc;
	}
	rc = br_store_episode_list(app->store, p->id, &eps, &n, err);
	for (size_t i = 0; rc == 0 && i < n; i++)
		if (strcmp(eps[i].status, "open") == 0) {
			if (open++ == 0)
				*e = eps[i];
		}
	free(eps);
	if (rc == 0 && open == 0)
		rc = br_error(err, BR_ECONFLICT, "episode_id",
		              "episode_id is needed: patient %lld has no open "
		              "episode; open one first",
		              (long long)p->id);
	else if (rc == 0 && open > 1)
		rc = br_error(err, BR_EINVAL, "episode_id",
		              "episode_id is needed: patient %lld has %zu open "
		              "episodes",
		              (long long)p->id, open);
	return rc;
}

int
br_app_previsit_confirm(struct br_app *app, json_t *in, json_t **out,
                        struct br_err *err)
{
	static const char *const keys[] = {"patient_id", "episode_id", "date",
	                                   NULL};
	struct br_previsit *v = malloc(sizeof(*v));
	struct br_intake *x = malloc(sizeof(*x));
	struct br_patient p;
	struct br_episode e;
	json_t *answers = NULL, *result = NULL;
	int32_t date = INT32_MIN;
	int64_t eid = 0;
	bool exists = false;
	int rc = v && x ? 0 : br_error(err, BR_ENOMEM, "", "out of memory");

	if (rc == 0)
		rc = br_in_only(in, keys, err);
	if (rc == 0 && br_in_has(in, "episode_id"))
		rc = br_in_id(in, "episode_id", &eid, err);
	if (rc == 0)
		rc = br_in_date(in, "date", false, &date, err);
	if (rc == 0 && date != INT32_MIN)
		rc = br_app_not_future(app, "date", date, err);
	if (rc == 0)
		rc = br_store_begin(app->store, err);
	if (rc < 0) {
		free(v);
		free(x);
		return rc;
	}
	rc = load_patient(app, in, &p, err);
	if (rc == 0) {
		rc = br_store_previsit_open(app->store, p.id, v, err);
		if (rc == BR_ENOTFOUND) {
			br_err_clear(err);
			rc = br_error(
			        err, BR_ECONFLICT, "patient_id",
			        "patient_id %lld has no pre-visit answers "
			        "waiting to be confirmed",
			        (long long)p.id);
		}
	}
	if (rc == 0 && v->updated_at[0] == '\0')
		rc = br_error(err, BR_ECONFLICT, "patient_id",
		              "patient_id %lld has not answered the pre-visit "
		              "questions yet",
		              (long long)p.id);
	if (rc == 0)
		rc = pick_episode(app, in, &p, &e, err);
	if (rc == 0) {
		answers = load_object(v->answers);
		rc = br_app_intake_merge(app, &e, answers, date, x, &exists,
		                         err);
	}
	if (rc == 0)
		rc = br_store_intake_get(app->store, e.patient_id, e.id, x,
		                         err);
	if (rc == 0) {
		br_store_now(v->confirmed_at);
		snprintf(v->confirmed_by, sizeof(v->confirmed_by), "%s",
		         app->actor ? app->actor : "");
		v->episode_id = e.id;
		rc = br_store_previsit_confirm(app->store, v, err);
	}
	if (rc == 0)
		rc = br_app_audit(app, "previsit.confirm", p.id, "previsit",
		                  v->id, err);
	if (rc == 0)
		rc = br_app_audit(app,
		                  exists ? "intake.update" : "intake.create",
		                  p.id, "intake", e.id, err);
	if (rc == 0)
		result = json_pack("{s:o, s:o}", "previsit", previsit_view(v),
		                   "intake", br_view_intake(x));
	json_decref(answers);
	free(v);
	free(x);
	return br_app_finish(app, rc, result, out, err);
}

/* Alerts ---------------------------------------------------------------- */

int
br_app_previsit_alerts_read(struct br_app *app, int64_t clinic_id, json_t *list,
                            struct br_err *err)
{
	struct br_previsit_alert *a = NULL;
	struct br_screen_result *r = malloc(sizeof(*r));
	size_t n = 0;
	int rc =
	        r ? br_store_previsit_alerts(app->store, clinic_id, &a, &n, err)
	          : br_error(err, BR_ENOMEM, "", "out of memory");

	for (size_t i = 0; rc == 0 && i < n; i++) {
		json_t *rf = load_object(a[i].red_flags);
		const char *flags[BR_REDFLAG_MAX];
		int nf = yes_flags(rf, flags);

		screen(rf, r);
		json_array_append_new(
		        list,
		        json_pack("{s:I, s:s, s:I, s:s, s:s, s:o, s:o}",
		                  "patient_id", (json_int_t)a[i].patient_id,
		                  "name", a[i].name, "previsit_id",
		                  (json_int_t)a[i].id, "updated_at",
		                  a[i].updated_at, "tier",
		                  br_tier_name(r->tier), "flags",
		                  string_list(flags, nf), "reasons",
		                  reasons_of(r)));
		json_decref(rf);
		rc = br_app_audit(app, "previsit.alert.read", a[i].patient_id,
		                  "previsit", a[i].id, err);
	}
	free(a);
	free(r);
	return rc;
}

int
br_app_previsit_alerts(struct br_app *app, json_t *in, json_t **out,
                       struct br_err *err)
{
	static const char *const keys[] = {"clinic_id", NULL};
	json_t *list;
	int64_t clinic = 0;
	int rc = br_in_only(in, keys, err);

	if (rc == 0 && br_in_has(in, "clinic_id"))
		rc = br_in_id(in, "clinic_id", &clinic, err);
	if (rc < 0)
		return rc;
	rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	list = json_array();
	rc = br_app_previsit_alerts_read(app, clinic, list, err);
	return br_app_finish(app, rc, list, out, err);
}

/* The patient's side ---------------------------------------------------- */

static const char *
kind_name(enum br_intake_kind k)
{
	switch (k) {
	case BR_INTAKE_ENUM:
		return "enum";
	case BR_INTAKE_INT:
		return "int";
	case BR_INTAKE_KG:
		return "number";
	case BR_INTAKE_BOOL:
		return "bool";
	case BR_INTAKE_TEXT:
		return "text";
	}
	return "text";
}

/* The intake's scalar fields as the page needs them: kind, range or
 * length, choices (the model's table, so no range is written twice). */
static json_t *
fields_view(void)
{
	json_t *a = json_array();

	for (size_t i = 0; i < BR_INTAKE_NFIELDS; i++) {
		const struct br_intake_field *f = &br_intake_fields[i];
		json_t *o = json_pack("{s:s, s:s}", "key", f->key, "kind",
		                      kind_name(f->kind));

		if (f->kind == BR_INTAKE_ENUM) {
			json_t *names = json_array();

			for (int k = 0; f->names[k]; k++)
				json_array_append_new(names,
				                      json_string(f->names[k]));
			json_object_set_new(o, "values", names);
		} else if (f->kind != BR_INTAKE_BOOL) {
			json_object_set_new(o, "min", json_integer(f->min));
			json_object_set_new(o, "max", json_integer(f->max));
		}
		json_array_append_new(a, o);
	}
	return a;
}

/* The coded lists' codes and labels, and the lists' fixed choices. */
static json_t *
vocabulary_view(void)
{
	static const char *const lists[] = {"locations",  "aggravating",
	                                    "easing",     "conditions",
	                                    "treatments", NULL};
	json_t *file = br_vocab_file("intake.json"), *v = json_object();

	for (int i = 0; lists[i]; i++) {
		json_t *l = json_object_get(file, lists[i]);

		json_object_set_new(v, lists[i],
		                    l ? json_deep_copy(l) : json_array());
	}
	json_object_set_new(v, "location_side",
	                    names_list(br_intake_location_sides));
	json_object_set_new(v, "medicine_purpose",
	                    names_list(br_intake_med_purposes));
	return v;
}

static json_t *
questions_view(void)
{
	json_t *a = json_array();

	for (const struct br_previsit_question *q = br_previsit_questions;
	     q->flag; q++) {
		const struct br_redflag *f = br_redflag_find(q->flag);

		json_array_append_new(
		        a, json_pack("{s:s, s:s, s:b}", "flag", q->flag, "text",
		                     q->text, "emergency", f && f->emergency));
	}
	return a;
}

int
br_app_me_previsit(struct br_app *app, json_t *in, json_t **out,
                   struct br_err *err)
{
	static const char *const keys[] = {NULL};
	struct br_previsit *v;
	struct br_screen_result *r;
	json_t *view = NULL;
	int64_t pid = 0;
	bool found = false;
	int rc = br_in_only(in, keys, err);

	if (rc < 0)
		return rc;
	v = malloc(sizeof(*v));
	r = malloc(sizeof(*r));
	if (v == NULL || r == NULL) {
		free(v);
		free(r);
		return br_error(err, BR_ENOMEM, "", "out of memory");
	}
	rc = br_store_begin(app->store, err);
	if (rc == 0)
		rc = caller_patient(app, &pid, err);
	if (rc == 0) {
		rc = br_store_previsit_last(app->store, pid, v, err);
		found = rc == 0;
		if (rc == BR_ENOTFOUND) {
			br_err_clear(err);
			rc = 0;
		}
	}
	if (rc == 0)
		rc = br_app_audit(app, "previsit.read", pid, "previsit",
		                  found ? v->id : 0, err);
	if (rc == 0) {
		view = json_pack("{s:s, s:I, s:s}", "status",
		                 found ? status_of(v) : "none", "patient_id",
		                 (json_int_t)pid, "safety_net", safety_net());
		if (found && !v->confirmed_at[0]) {
			json_t *rf = load_object(v->red_flags);

			screen(rf, r);
			json_object_set_new(view, "id", json_integer(v->id));
			json_object_set_new(view, "answers",
			                    load_object(v->answers));
			json_object_set_new(view, "red_flags", rf);
			json_object_set_new(view, "tier",
			                    json_string(br_tier_name(r->tier)));
			json_object_set_new(view, "updated_at",
			                    br_json_text_opt(v->updated_at));
			json_object_set_new(view, "sent_at",
			                    br_json_text_opt(v->sent_at));
			json_object_set_new(view, "questions",
			                    questions_view());
			json_object_set_new(view, "fields", fields_view());
			json_object_set_new(view, "vocabulary",
			                    vocabulary_view());
		}
	}
	free(v);
	free(r);
	return br_app_finish(app, rc, view, out, err);
}

/* The replies of in's "red_flags" into a new object (*out): each key a
 * question's flag, each value one of the replies; null is no reply. */
static int
read_replies(json_t *in, json_t **out, struct br_err *err)
{
	json_t *rf = json_object_get(in, "red_flags"), *v;
	const char *key;
	char field[48];

	*out = json_object();
	if (rf == NULL || json_is_null(rf))
		return 0;
	if (!json_is_object(rf))
		return br_error(err, BR_EINVAL, "red_flags",
		                "red_flags must be an object of replies");
	json_object_foreach(rf, key, v)
	{
		const char *s = json_string_value(v);
		bool ok = false;

		snprintf(field, sizeof(field), "red_flags.%s", key);
		if (question(key) == NULL)
			return br_field_unknown(field, err);
		if (json_is_null(v))
			continue;
		for (int i = 0; s && br_previsit_replies[i]; i++)
			ok = ok || strcmp(s, br_previsit_replies[i]) == 0;
		if (!ok)
			return br_error(err, BR_EINVAL, field,
			                "%s must be yes, no or unsure", field);
		json_object_set_new(*out, key, json_string(s));
	}
	return 0;
}

/* The intake answers of in, checked; *out: a new object of those given
 * (null values left out). */
static int
read_intake(struct br_app *app, json_t *in, json_t **out, struct br_err *err)
{
	json_t *given = json_object_get(in, "intake"), *v;
	struct br_intake *x;
	const char *key;
	int rc;

	*out = json_object();
	if (given != NULL && !json_is_null(given) && !json_is_object(given))
		return br_error(err, BR_EINVAL, "intake",
		                "intake must be an object of the intake's "
		                "fields");
	json_object_foreach(given, key, v)
	{
		if (!json_is_null(v))
			json_object_set(*out, key, v);
	}
	x = malloc(sizeof(*x));
	if (x == NULL)
		return br_error(err, BR_ENOMEM, "", "out of memory");
	rc = br_app_intake_read_answers(app, *out, x, err);
	free(x);
	/* Named as the body names it. */
	if (rc < 0 && err && err->field[0] &&
	    strncmp(err->field, "intake", 6) != 0) {
		char field[sizeof(err->field) + 8];

		snprintf(field, sizeof(field), "intake.%s", err->field);
		snprintf(err->field, sizeof(err->field), "%.*s",
		         (int)sizeof(err->field) - 1, field);
	}
	return rc;
}

int
br_app_previsit_save(struct br_app *app, json_t *in, json_t **out,
                     struct br_err *err)
{
	static const char *const keys[] = {"patient_id", "intake", "red_flags",
	                                   "finished", NULL};
	struct br_previsit *v = NULL;
	struct br_screen_result *r = NULL;
	json_t *intake = NULL, *rf = NULL, *view = NULL;
	char *answers = NULL, *replies = NULL;
	int64_t given = 0, pid = 0;
	bool finished = false;
	int rc = br_in_only(in, keys, err);

	if (rc == 0)
		rc = br_in_id(in, "patient_id", &given, err);
	if (rc == 0)
		rc = read_intake(app, in, &intake, err);
	if (rc == 0)
		rc = read_replies(in, &rf, err);
	if (rc == 0)
		rc = br_in_bool(in, "finished", &finished, err);
	if (rc == 0) {
		answers = json_dumps(intake, JSON_COMPACT | JSON_SORT_KEYS);
		replies = json_dumps(rf, JSON_COMPACT | JSON_SORT_KEYS);
		v = malloc(sizeof(*v));
		r = malloc(sizeof(*r));
		if (answers == NULL || replies == NULL || v == NULL ||
		    r == NULL)
			rc = br_error(err, BR_ENOMEM, "", "out of memory");
		else if (strlen(answers) >= sizeof(v->answers))
			rc = br_error(err, BR_EINVAL, "intake",
			              "intake is too long: at most %zu bytes",
			              sizeof(v->answers) - 1);
		else if (strlen(replies) >= sizeof(v->red_flags))
			rc = br_error(err, BR_EINVAL, "red_flags",
			              "red_flags is too long");
	}
	if (rc == 0)
		rc = br_store_begin(app->store, err);
	if (rc < 0)
		goto out;
	rc = caller_patient(app, &pid, err);
	if (rc == 0 && pid != given)
		rc = br_error(err, BR_ENOTFOUND, "patient_id",
		              "there is no patient %lld", (long long)given);
	if (rc == 0) {
		rc = br_store_previsit_open(app->store, pid, v, err);
		if (rc == BR_ENOTFOUND) {
			br_err_clear(err);
			rc = br_error(
			        err, BR_ECONFLICT, "patient_id",
			        "there are no pre-visit questions waiting "
			        "for you: your practitioner has your "
			        "answers, or has not asked yet");
		}
	}
	if (rc == 0) {
		screen(rf, r);
		snprintf(v->answers, sizeof(v->answers), "%s", answers);
		snprintf(v->red_flags, sizeof(v->red_flags), "%s", replies);
		snprintf(v->tier, sizeof(v->tier), "%s", br_tier_name(r->tier));
		br_store_now(v->updated_at);
		if (finished && v->sent_at[0] == '\0')
			br_store_now(v->sent_at);
		rc = br_store_previsit_answer(app->store, v, err);
	}
	if (rc == 0)
		rc = br_app_audit(app, "previsit.write", pid, "previsit", v->id,
		                  err);
	if (rc == 0)
		view = json_pack("{s:I, s:s, s:s, s:b, s:s, s:s, s:o}", "id",
		                 (json_int_t)v->id, "status", status_of(v),
		                 "tier", v->tier, "emergency",
		                 r->tier == BR_TIER_EMERGENCY, "safety_net",
		                 r->safety_net ? r->safety_net : "",
		                 "updated_at", v->updated_at, "sent_at",
		                 br_json_text_opt(v->sent_at));
	rc = br_app_finish(app, rc, view, out, err);
out:
	json_decref(intake);
	json_decref(rf);
	free(answers);
	free(replies);
	free(v);
	free(r);
	return rc;
}
