/*
 * herbal.c - use cases: herbal prescriptions as written, reported adverse
 * effects, the end of a prescription, and the patient handout (see
 * herbal.h).
 *
 * Adverse effects and the end of a prescription may be recorded after the
 * episode closed: what a patient reports about a medicine must always
 * find its way into the record.  New prescriptions need an open episode.
 */
#include "app/herbal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "model/checks_clinical.h"
#include "model/vocab.h"
#include "core/utf8.h"
#include "store/tcm.h"

#define VOCAB "herbal.json"
#define SEE   "backrest herbal vocab"

/* Views ------------------------------------------------------------------ */

static json_t *
formula_json(const struct br_herbal *x)
{
	return json_pack("{s:o, s:o, s:o}", "pinyin",
	                 br_json_text_opt(x->pinyin), "chinese",
	                 br_json_text_opt(x->chinese), "english",
	                 br_json_text_opt(x->english));
}

static json_t *
adverse_json(const struct br_herbal_adverse *a)
{
	return json_pack("{s:I, s:s, s:s, s:o, s:o, s:s}", "id",
	                 (json_int_t)a->id, "date", a->day, "effect", a->effect,
	                 "severity", br_json_text_opt(a->severity), "note",
	                 br_json_text_opt(a->note), "created_at",
	                 a->created_at);
}

/* Every field, with the adverse effects in adv[0..n) that belong to it. */
static json_t *
herbal_json(const struct br_herbal *x, const struct br_herbal_adverse *adv,
            size_t n)
{
	json_t *v = json_object(), *effects = json_array();

	for (size_t i = 0; i < n; i++)
		if (adv[i].prescription_id == x->id)
			json_array_append_new(effects, adverse_json(&adv[i]));
	json_object_set_new(v, "id", json_integer(x->id));
	json_object_set_new(v, "episode_id", json_integer(x->episode_id));
	json_object_set_new(v, "patient_id", json_integer(x->patient_id));
	json_object_set_new(v, "session_id",
	                    x->session_id ? json_integer(x->session_id)
	                                  : json_null());
	json_object_set_new(v, "practitioner_id",
	                    x->practitioner_id
	                            ? json_integer(x->practitioner_id)
	                            : json_null());
	json_object_set_new(v, "date", json_string(x->day));
	json_object_set_new(v, "formula", formula_json(x));
	json_object_set_new(v, "form", json_string(x->form));
	json_object_set_new(v, "route", json_string(br_herbal_route(x->form)));
	json_object_set_new(v, "dose", json_string(x->dose));
	json_object_set_new(v, "duration", br_json_text_opt(x->duration));
	json_object_set_new(v, "instructions",
	                    br_json_text_opt(x->instructions));
	json_object_set_new(v, "modifications",
	                    br_json_text_opt(x->modifications));
	json_object_set_new(v, "pharmacy", br_json_text_opt(x->pharmacy));
	json_object_set_new(v, "status",
	                    json_string(x->ended_on[0] ? "ended" : "current"));
	json_object_set_new(v, "ended_on", br_json_text_opt(x->ended_on));
	json_object_set_new(v, "end_reason", br_json_text_opt(x->end_reason));
	json_object_set_new(v, "adverse_effects", effects);
	json_object_set_new(v, "created_at", json_string(x->created_at));
	return v;
}

/* The prescription x with all its adverse effects, read from the store. */
static int
load_view(struct br_app *app, const struct br_herbal *x, json_t **view,
          struct br_err *err)
{
	struct br_herbal_adverse *adv = NULL;
	size_t n = 0;
	int rc = br_store_herbal_adverse_list(app->store, x->patient_id,
	                                      x->episode_id, &adv, &n, err);

	if (rc == 0)
		*view = herbal_json(x, adv, n);
	free(adv);
	return rc;
}

/* Use cases -------------------------------------------------------------- */

/* The prescription's fields of in (checked by br_herbal_fields). */
static void
read_prescription(json_t *in, struct br_herbal *x)
{
	const struct {
		const char *key;
		char *out;
		size_t size;
	} f[] = {
	        {"pinyin", x->pinyin, sizeof(x->pinyin)},
	        {"chinese", x->chinese, sizeof(x->chinese)},
	        {"english", x->english, sizeof(x->english)},
	        {"form", x->form, sizeof(x->form)},
	        {"dose", x->dose, sizeof(x->dose)},
	        {"duration", x->duration, sizeof(x->duration)},
	        {"instructions", x->instructions, sizeof(x->instructions)},
	        {"modifications", x->modifications, sizeof(x->modifications)},
	        {"pharmacy", x->pharmacy, sizeof(x->pharmacy)},
	};

	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		const char *v =
		        json_string_value(json_object_get(in, f[i].key));

		snprintf(f[i].out, f[i].size, "%s", v ? v : "");
	}
}

/* The rules of br_app_herbal_apply, which a correction runs too; sets
 * x's patient, episode and day. */
static int
herbal_rules(struct br_app *app, const struct br_episode *e,
             struct br_herbal *x, struct br_err *err)
{
	struct br_session_ref ref;
	int32_t day = INT32_MIN;
	int rc = br_rec_herbal_check(x, err);

	if (rc == 0 && x->day[0])
		rc = br_parse_date("date", x->day, &day, err);
	if (rc < 0)
		return rc;
	if (!app->history && strcmp(e->status, "open") != 0)
		return br_error(err, BR_ECONFLICT, "episode_id",
		                "episode %lld is closed; open a new episode to "
		                "prescribe",
		                (long long)e->id);
	if (x->session_id) {
		rc = br_store_session_ref(app->store, x->session_id,
		                          "session_id", &ref, err);
		/* Another patient's session answers as a missing one (no
		 * existence oracle); the same patient's is theirs to see. */
		if (rc == 0 && ref.patient_id != e->patient_id)
			rc = br_error(err, BR_ENOTFOUND, "session_id",
			              "there is no session %lld",
			              (long long)x->session_id);
		else if (rc == 0 && ref.episode_id != e->id)
			rc = br_error(err, BR_EINVAL, "session_id",
			              "session %lld belongs to another episode",
			              (long long)x->session_id);
		if (rc == 0 && day == INT32_MIN)
			br_parse_date("date", ref.day, &day, NULL);
		else if (rc == 0) {
			char d[BR_DATE_LEN];

			br_format_date(day, d);
			if (strcmp(d, ref.day) != 0)
				rc = br_error(err, BR_EINVAL, "date",
				              "date must be the session's date "
				              "(%s) when session_id is given",
				              ref.day);
		}
		if (rc < 0)
			return rc;
	}
	if (day == INT32_MIN)
		day = app->today;
	rc = br_app_not_before_onset(e, "date", day, err);
	if (rc < 0)
		return rc;
	x->patient_id = e->patient_id;
	x->episode_id = e->id;
	br_format_date(day, x->day);
	return 0;
}

int
br_app_herbal_apply(struct br_app *app, const struct br_episode *e,
                    struct br_herbal *x, struct br_err *err)
{
	int rc = herbal_rules(app, e, x, err);

	if (rc < 0)
		return rc;
	if (x->id == 0)
		x->id = br_store_new_id();
	if (!app->history || !x->created_at[0])
		br_store_now(x->created_at);
	return br_store_herbal_insert(app->store, x, err);
}

int
br_app_herbal_correct(struct br_app *app, const struct br_episode *e,
                      struct br_herbal *x, struct br_err *err)
{
	int rc = herbal_rules(app, e, x, err);

	return rc < 0 ? rc : br_store_herbal_update(app->store, x, err);
}

int
br_app_herbal_add(struct br_app *app, json_t *in, json_t **out,
                  struct br_err *err)
{
	struct br_herbal *x = calloc(1, sizeof(*x));
	struct br_episode e;
	int32_t day = INT32_MIN;
	json_t *view = NULL;
	int rc;

	if (x == NULL)
		return br_error(err, BR_ENOMEM, "", "out of memory");
	rc = br_fields_check(in, &br_herbal_fields, app->typed_input, err);
	if (rc == 0) {
		read_prescription(in, x);
		rc = br_rec_herbal_check(x, err);
	}
	if (rc == 0)
		rc = br_in_date(in, "date", false, &day, err);
	if (rc == 0 && day != INT32_MIN) {
		rc = br_app_not_future(app, "date", day, err);
		br_format_date(day, x->day);
	}
	if (rc == 0 && br_in_has(in, "session_id"))
		rc = br_in_id(in, "session_id", &x->session_id, err);
	if (rc == 0)
		rc = br_store_begin(app->store, err);
	if (rc < 0) {
		free(x);
		return rc;
	}
	x->practitioner_id = app->user_id;
	rc = br_app_load_episode(app, in, &e, err);
	if (rc == 0)
		rc = br_app_herbal_apply(app, &e, x, err);
	if (rc == 0)
		rc = br_app_audit(app, "herbal.create", x->patient_id, "herbal",
		                  x->id, err);
	if (rc == 0)
		view = herbal_json(x, NULL, 0);
	free(x);
	return br_app_finish(app, rc, view, out, err);
}

/* Refuses day before prescription x was written. */
static int
not_before_prescription(const struct br_herbal *x, int32_t day,
                        struct br_err *err)
{
	int32_t prescribed;

	if (br_parse_date("date", x->day, &prescribed, NULL) == 0 &&
	    day < prescribed)
		return br_error(err, BR_EINVAL, "date",
		                "date must not be before the prescription "
		                "(%s)",
		                x->day);
	return 0;
}

/* Loads the prescription named by "prescription_id" and checks a date
 * (today when absent) against it; inside the transaction. */
static int
load_prescription(struct br_app *app, json_t *in, int32_t *day,
                  struct br_herbal *x, struct br_err *err)
{
	int64_t id;
	int rc = br_in_id(in, "prescription_id", &id, err);

	if (rc == 0)
		rc = br_store_herbal_get(app->store, id, "prescription_id", x,
		                         err);
	/* Under an episode-scoped API route: only that episode's. */
	if (rc == 0 && br_in_has(in, "episode_id")) {
		int64_t episode_id;

		rc = br_in_id(in, "episode_id", &episode_id, err);
		/* Answered as a missing one: no existence oracle. */
		if (rc == 0 && x->episode_id != episode_id)
			rc = br_error(err, BR_ENOTFOUND, "prescription_id",
			              "there is no herbal prescription %lld",
			              (long long)id);
	}
	if (rc < 0)
		return rc;
	if (*day == INT32_MIN)
		*day = app->today;
	return not_before_prescription(x, *day, err);
}

struct effects_ctx {
	int n;
	char codes[16][BR_CODE_LEN];
};

static int
add_effect(void *ctx, const char *item, int pos, struct br_err *err)
{
	struct effects_ctx *c = ctx;
	int rc = br_vocab_check(VOCAB, "adverse_effects", "effects", item, SEE,
	                        err);

	(void)pos;
	if (rc < 0)
		return rc;
	for (int i = 0; i < c->n; i++)
		if (strcmp(c->codes[i], item) == 0)
			return br_error(err, BR_EINVAL, "effects",
			                "effects lists %s twice", item);
	if (c->n == 16)
		return br_error(err, BR_EINVAL, "effects",
		                "effects lists more than 16 items");
	snprintf(c->codes[c->n++], BR_CODE_LEN, "%s", item);
	return 0;
}

int
br_app_herbal_adverse_apply(struct br_app *app, const struct br_herbal *x,
                            struct br_herbal_adverse *a, struct br_err *err)
{
	int32_t day;
	int sev, rc = br_vocab_check(VOCAB, "adverse_effects", "effects",
	                             a->effect, SEE, err);

	if (rc == 0 && a->severity[0])
		rc = br_parse_enum("severity", a->severity,
		                   br_herbal_severities, &sev, err);
	if (rc == 0 && strcmp(a->effect, "other") == 0 && !a->note[0])
		rc = br_error(err, BR_EINVAL, "note",
		              "note is required to describe an 'other' "
		              "effect");
	if (rc == 0)
		rc = br_parse_date("date", a->day, &day, err);
	if (rc == 0)
		rc = br_app_not_future(app, "date", day, err);
	if (rc == 0)
		rc = not_before_prescription(x, day, err);
	if (rc < 0)
		return rc;
	a->patient_id = x->patient_id;
	a->prescription_id = x->id;
	if (a->id == 0)
		a->id = br_store_new_id();
	if (!a->created_at[0])
		br_store_now(a->created_at);
	return br_store_herbal_adverse_insert(app->store, a, err);
}

int
br_app_herbal_adverse(struct br_app *app, json_t *in, json_t **out,
                      struct br_err *err)
{
	static const char *const keys[] = {
	        "prescription_id", "episode_id", "date", "effects",
	        "severity",        "note",       NULL};
	struct effects_ctx c = {0};
	struct br_herbal_adverse a;
	struct br_herbal x;
	const char *note = NULL;
	json_t *view = NULL;
	int32_t day = INT32_MIN;
	int sev = -1, rc = br_in_only(in, keys, err);
	int64_t id;

	memset(&a, 0, sizeof(a));
	if (rc == 0)
		rc = br_in_id(in, "prescription_id", &id, err);
	if (rc == 0)
		rc = br_in_date(in, "date", false, &day, err);
	if (rc == 0 && day != INT32_MIN)
		rc = br_app_not_future(app, "date", day, err);
	if (rc == 0 && !br_in_has(in, "effects"))
		rc = br_error(err, BR_EINVAL, "effects",
		              "effects is required ('%s' lists the codes)",
		              SEE);
	if (rc == 0)
		rc = br_in_list(in, "effects", add_effect, &c, err);
	if (rc == 0 && c.n == 0)
		rc = br_error(err, BR_EINVAL, "effects",
		              "effects must list at least one effect");
	if (rc == 0)
		rc = br_in_enum(in, "severity", br_herbal_severities, false,
		                &sev, err);
	if (rc == 0)
		rc = br_in_text(in, "note", BR_SHORT_NOTE - 1, false, &note,
		                err);
	if (rc == 0)
		rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	rc = load_prescription(app, in, &day, &x, err);
	if (rc == 0) {
		br_format_date(day, a.day);
		if (sev >= 0)
			snprintf(a.severity, sizeof(a.severity), "%s",
			         br_herbal_severities[sev]);
		if (note)
			snprintf(a.note, sizeof(a.note), "%s", note);
		br_store_now(a.created_at);
	}
	/* One record an effect, each through the apply (an 'other' effect
	 * needs the note). */
	for (int i = 0; rc == 0 && i < c.n; i++) {
		a.id = 0;
		snprintf(a.effect, sizeof(a.effect), "%s", c.codes[i]);
		rc = br_app_herbal_adverse_apply(app, &x, &a, err);
	}
	if (rc == 0)
		rc = br_app_audit(app, "herbal.adverse", x.patient_id, "herbal",
		                  x.id, err);
	if (rc == 0)
		rc = load_view(app, &x, &view, err);
	return br_app_finish(app, rc, view, out, err);
}

int
br_app_herbal_stop(struct br_app *app, json_t *in, json_t **out,
                   struct br_err *err)
{
	static const char *const keys[] = {"prescription_id", "episode_id",
	                                   "date", "reason", NULL};
	struct br_herbal x;
	json_t *view = NULL;
	int32_t day = INT32_MIN;
	int reason, rc = br_in_only(in, keys, err);
	int64_t id;

	if (rc == 0)
		rc = br_in_id(in, "prescription_id", &id, err);
	if (rc == 0)
		rc = br_in_date(in, "date", false, &day, err);
	if (rc == 0 && day != INT32_MIN)
		rc = br_app_not_future(app, "date", day, err);
	if (rc == 0)
		rc = br_in_enum(in, "reason", br_herbal_end_reasons, true,
		                &reason, err);
	if (rc == 0)
		rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	rc = load_prescription(app, in, &day, &x, err);
	if (rc == 0 && x.ended_on[0])
		rc = br_error(err, BR_ECONFLICT, "prescription_id",
		              "prescription %lld already ended on %s",
		              (long long)x.id, x.ended_on);
	if (rc == 0) {
		br_format_date(day, x.ended_on);
		snprintf(x.end_reason, sizeof(x.end_reason), "%s",
		         br_herbal_end_reasons[reason]);
		rc = br_store_herbal_end(app->store, x.patient_id, x.id,
		                         x.ended_on, x.end_reason, err);
	}
	if (rc == 0)
		rc = br_app_audit(app, "herbal.stop", x.patient_id, "herbal",
		                  x.id, err);
	if (rc == 0)
		rc = load_view(app, &x, &view, err);
	return br_app_finish(app, rc, view, out, err);
}

/* Loads an episode's prescriptions and adverse effects for the reads. */
static int
load_episode(struct br_app *app, json_t *in, struct br_episode *e,
             struct br_herbal **arr, size_t *n, struct br_herbal_adverse **adv,
             size_t *n_adv, struct br_err *err)
{
	static const char *const keys[] = {"episode_id", NULL};
	int64_t id;
	int rc = br_in_only(in, keys, err);

	if (rc == 0)
		rc = br_in_id(in, "episode_id", &id, err);
	if (rc == 0)
		rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	rc = br_app_load_episode(app, in, e, err);
	if (rc == 0)
		rc = br_store_herbal_list(app->store, e->patient_id, e->id, arr,
		                          n, err);
	if (rc == 0)
		rc = br_store_herbal_adverse_list(app->store, e->patient_id,
		                                  e->id, adv, n_adv, err);
	if (rc == 0)
		rc = br_app_audit(app, "herbal.read", e->patient_id, "episode",
		                  e->id, err);
	if (rc < 0) {
		br_store_rollback(app->store);
		free(*arr);
		free(*adv);
		*arr = NULL;
		*adv = NULL;
	}
	return rc;
}

int
br_app_herbal_list(struct br_app *app, json_t *in, json_t **out,
                   struct br_err *err)
{
	struct br_herbal *arr = NULL;
	struct br_herbal_adverse *adv = NULL;
	struct br_episode e;
	size_t n = 0, n_adv = 0;
	json_t *list;
	int rc = load_episode(app, in, &e, &arr, &n, &adv, &n_adv, err);

	if (rc < 0)
		return rc;
	list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, herbal_json(&arr[i], adv, n_adv));
	free(arr);
	free(adv);
	return br_app_finish(app, 0, list, out, err);
}

int
br_app_herbal_handout(struct br_app *app, json_t *in, json_t **out,
                      struct br_err *err)
{
	struct br_herbal *arr = NULL;
	struct br_herbal_adverse *adv = NULL;
	struct br_episode e;
	size_t n = 0, n_adv = 0;
	json_t *list, *doc;
	int rc = load_episode(app, in, &e, &arr, &n, &adv, &n_adv, err);

	if (rc < 0)
		return rc;
	list = json_array();
	for (size_t i = 0; i < n; i++) {
		const struct br_herbal *x = &arr[i];

		if (x->ended_on[0])
			continue;
		json_array_append_new(
		        list,
		        json_pack("{s:o, s:s, s:s, s:s, s:o, s:o, s:o, s:o, "
		                  "s:s}",
		                  "formula", formula_json(x), "form", x->form,
		                  "route", br_herbal_route(x->form), "dose",
		                  x->dose, "duration",
		                  br_json_text_opt(x->duration), "instructions",
		                  br_json_text_opt(x->instructions),
		                  "modifications",
		                  br_json_text_opt(x->modifications),
		                  "pharmacy", br_json_text_opt(x->pharmacy),
		                  "prescribed_on", x->day));
	}
	doc = json_pack("{s:I, s:I, s:o, s:o}", "patient_id",
	                (json_int_t)e.patient_id, "episode_id",
	                (json_int_t)e.id, "prescriptions", list, "advice",
	                json_deep_copy(json_object_get(br_vocab_file(VOCAB),
	                                               "advice")));
	free(arr);
	free(adv);
	return br_app_finish(app, 0, doc, out, err);
}

static json_t *
names_array(const char *const *names)
{
	json_t *a = json_array();

	for (int i = 0; names[i]; i++)
		json_array_append_new(a, json_string(names[i]));
	return a;
}

int
br_app_herbal_vocab(struct br_app *app, json_t *in, json_t **out,
                    struct br_err *err)
{
	static const char *const keys[] = {NULL};
	json_t *v;
	int rc = br_in_only(in, keys, err);

	(void)app;
	if (rc < 0)
		return rc;
	v = json_deep_copy(br_vocab_file(VOCAB));
	json_object_set_new(
	        v, "fixed",
	        json_pack("{s:o, s:o, s:o, s:o}", "form",
	                  names_array(br_herbal_forms), "topical_forms",
	                  names_array(br_herbal_topical_forms), "end_reason",
	                  names_array(br_herbal_end_reasons), "severity",
	                  names_array(br_herbal_severities)));
	*out = v;
	return v ? 0 : br_error(err, BR_ENOMEM, "", "out of memory");
}
