/*
 * tcm.c - use cases: record, show and list the TCM assessment of a visit,
 * and the latest one as the start of the next (see tcm.h).
 *
 * Findings are coded from data/tcm.json and data/tcm_patterns.json; codes
 * of one group (thin and thick coat, floating and deep pulse) exclude each
 * other at one site.  backrest records the practitioner's differentiation;
 * it never infers a pattern from the findings.
 */
#include "app/tcm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "model/checks_tcm.h"
#include "model/vocab.h"

#define VOCAB    "tcm.json"
#define PATTERNS "tcm_patterns.json"
#define SEE      "backrest tcm vocab"

/* Input fields, one per finding; the pulse keys follow enum
 * br_pulse_pos. */
enum tfield {
	T_TONGUE_COLOUR,
	T_TONGUE_SHAPE,
	T_TONGUE_COAT,
	T_TONGUE_MOISTURE,
	T_TONGUE_NOTE,
	T_PULSE, /* BR_PULSE_NPOS keys from here */
	T_PULSE_RATE = T_PULSE + BR_PULSE_NPOS,
	T_PULSE_NOTE,
	T_PRINCIPLES,
	T_PATTERNS,
	T_PATTERN_NOTE,
	T_TREATMENT_PRINCIPLE,
	T_NFIELDS
};

struct patch {
	struct br_tcm v;
	bool given[T_NFIELDS];
	bool cleared[T_NFIELDS];
	bool from_last;
};

/* A coded list being read into x. */
struct list_ctx {
	const char *key;
	struct br_tcm *x;
};

static int
add_code(void *ctx, const char *item, int pos, struct br_err *err)
{
	struct list_ctx *c = ctx;

	(void)pos;
	return br_rec_tcm_add(c->x, c->key, item, err);
}

static int
read_text(json_t *in, enum tfield f, char *out, size_t size, struct br_err *err)
{
	const char *text;
	int rc =
	        br_in_text(in, br_tcm_findings[f], size - 1, false, &text, err);

	if (rc == 0 && text)
		snprintf(out, size, "%s", text);
	return rc;
}

/* Reads field f of in (checked by br_tcm_fields) into x. */
static int
read_field(json_t *in, enum tfield f, struct br_tcm *x, struct br_err *err)
{
	struct list_ctx c = {br_tcm_findings[f], x};

	switch (f) {
	case T_TONGUE_COLOUR:
		return read_text(in, f, x->tongue_colour,
		                 sizeof(x->tongue_colour), err);
	case T_TONGUE_MOISTURE:
		return read_text(in, f, x->tongue_moisture,
		                 sizeof(x->tongue_moisture), err);
	case T_TONGUE_NOTE:
		return read_text(in, f, x->tongue_note, sizeof(x->tongue_note),
		                 err);
	case T_PULSE_RATE:
		return br_in_int_field(in, &br_tcm_fields, br_tcm_findings[f],
		                       &x->pulse_rate, err);
	case T_PULSE_NOTE:
		return read_text(in, f, x->pulse_note, sizeof(x->pulse_note),
		                 err);
	case T_PATTERN_NOTE:
		return read_text(in, f, x->pattern_note,
		                 sizeof(x->pattern_note), err);
	case T_TREATMENT_PRINCIPLE:
		return read_text(in, f, x->treatment_principle,
		                 sizeof(x->treatment_principle), err);
	default:
		return br_in_list(in, c.key, add_code, &c, err);
	}
}

/* Copies field f from src to dst. */
static void
copy_field(struct br_tcm *dst, const struct br_tcm *src, enum tfield f)
{
#define COPY(m) memcpy(&dst->m, &src->m, sizeof(dst->m))
	switch (f) {
	case T_TONGUE_COLOUR:
		COPY(tongue_colour);
		break;
	case T_TONGUE_SHAPE:
		COPY(n_shape);
		COPY(shape);
		break;
	case T_TONGUE_COAT:
		COPY(n_coat);
		COPY(coat);
		break;
	case T_TONGUE_MOISTURE:
		COPY(tongue_moisture);
		break;
	case T_TONGUE_NOTE:
		COPY(tongue_note);
		break;
	case T_PULSE_RATE:
		COPY(pulse_rate);
		break;
	case T_PULSE_NOTE:
		COPY(pulse_note);
		break;
	case T_PRINCIPLES:
		COPY(n_principles);
		COPY(principles);
		break;
	case T_PATTERNS:
		COPY(n_patterns);
		COPY(patterns);
		break;
	case T_PATTERN_NOTE:
		COPY(pattern_note);
		break;
	case T_TREATMENT_PRINCIPLE:
		COPY(treatment_principle);
		break;
	default: {
		int p = (int)f - T_PULSE;

		dst->n_pulse[p] = src->n_pulse[p];
		memcpy(dst->pulse[p], src->pulse[p], sizeof(dst->pulse[p]));
		break;
	}
	}
#undef COPY
}

static int
add_clear(void *ctx, const char *item, int pos, struct br_err *err)
{
	struct patch *p = ctx;

	(void)pos;
	(void)err;
	for (int f = 0; f < T_NFIELDS; f++)
		if (strcmp(br_tcm_findings[f], item) == 0)
			p->cleared[f] = true;
	return 0;
}

/* The fields of in (checked against br_tcm_fields), their findings
 * checked on their own. */
static int
read_patch(struct br_app *app, json_t *in, struct patch *p, struct br_err *err)
{
	int rc;

	memset(p, 0, sizeof(*p));
	br_tcm_init(&p->v);
	rc = br_fields_check(in, &br_tcm_fields, app->typed_input, err);
	if (rc == 0)
		rc = br_in_bool(in, "from_last", &p->from_last, err);
	for (int f = 0; rc == 0 && f < T_NFIELDS; f++) {
		p->given[f] = br_in_has(in, br_tcm_findings[f]);
		rc = read_field(in, (enum tfield)f, &p->v, err);
	}
	if (rc == 0)
		rc = br_in_list(in, "clear", add_clear, p, err);
	for (int f = 0; rc == 0 && f < T_NFIELDS; f++)
		if (p->given[f] && p->cleared[f])
			rc = br_error(err, BR_EINVAL, br_tcm_findings[f],
			              "%s is both given and cleared",
			              br_tcm_findings[f]);
	if (rc == 0)
		rc = br_rec_tcm_check_findings(&p->v, err);
	return rc;
}

/* Views ------------------------------------------------------------------ */

static json_t *
code_list(int n, const char *arr, size_t stride)
{
	json_t *a = json_array();

	for (int i = 0; i < n; i++)
		json_array_append_new(a, json_string(arr + (size_t)i * stride));
	return a;
}

json_t *
br_view_tcm(const struct br_tcm *x)
{
	json_t *v = json_object(), *pats = json_array();

	json_object_set_new(v, "id", json_integer(x->id));
	json_object_set_new(v, "session_id", json_integer(x->session_id));
	json_object_set_new(v, "episode_id", json_integer(x->episode_id));
	json_object_set_new(v, "patient_id", json_integer(x->patient_id));
	json_object_set_new(v, "practitioner_id",
	                    x->practitioner_id
	                            ? json_integer(x->practitioner_id)
	                            : json_null());
	json_object_set_new(v, "date", json_string(x->day));
	json_object_set_new(v, "tongue_colour",
	                    br_json_text_opt(x->tongue_colour));
	json_object_set_new(v, "tongue_shape",
	                    code_list(x->n_shape, x->shape[0], BR_CODE_LEN));
	json_object_set_new(v, "tongue_coat",
	                    code_list(x->n_coat, x->coat[0], BR_CODE_LEN));
	json_object_set_new(v, "tongue_moisture",
	                    br_json_text_opt(x->tongue_moisture));
	json_object_set_new(v, "tongue_note", br_json_text_opt(x->tongue_note));
	for (int p = 0; p < BR_PULSE_NPOS; p++)
		json_object_set_new(
		        v, br_tcm_findings[T_PULSE + p],
		        code_list(x->n_pulse[p], x->pulse[p][0], BR_CODE_LEN));
	json_object_set_new(v, "pulse_rate", br_json_int_opt(x->pulse_rate));
	json_object_set_new(v, "pulse_note", br_json_text_opt(x->pulse_note));
	json_object_set_new(v, "eight_principles",
	                    code_list(x->n_principles, x->principles[0],
	                              sizeof(x->principles[0])));
	for (int i = 0; i < x->n_patterns; i++) {
		json_t *e = br_vocab_find(PATTERNS, "patterns", x->patterns[i]);

		json_array_append_new(
		        pats, json_pack("{s:s, s:o, s:o}", "code",
		                        x->patterns[i], "name",
		                        br_json_text_opt(json_string_value(
		                                json_object_get(e, "name"))),
		                        "zh",
		                        br_json_text_opt(json_string_value(
		                                json_object_get(e, "zh")))));
	}
	json_object_set_new(v, "patterns", pats);
	json_object_set_new(v, "pattern_note",
	                    br_json_text_opt(x->pattern_note));
	json_object_set_new(v, "treatment_principle",
	                    br_json_text_opt(x->treatment_principle));
	json_object_set_new(v, "prefilled_from",
	                    x->prefilled_from ? json_integer(x->prefilled_from)
	                                      : json_null());
	json_object_set_new(v, "created_at", json_string(x->created_at));
	return v;
}

/* Use cases -------------------------------------------------------------- */

/* Finds the session of "session_id"; when the input also names an
 * episode (an episode-scoped API route), the session must be in it, and
 * otherwise reads as missing. */
static int
load_session(struct br_app *app, json_t *in, int64_t session_id,
             struct br_session_ref *ref, struct br_err *err)
{
	int64_t episode_id;
	int rc = br_store_session_ref(app->store, session_id, "session_id", ref,
	                              err);

	if (rc == 0 && br_in_has(in, "episode_id")) {
		rc = br_in_id(in, "episode_id", &episode_id, err);
		/* Answered as a missing one: no existence oracle. */
		if (rc == 0 && ref->episode_id != episode_id)
			rc = br_error(err, BR_ENOTFOUND, "session_id",
			              "there is no session %lld",
			              (long long)session_id);
	}
	return rc;
}

/* The latest assessment in arr before (day, session) (all when day is
 * NULL), or NULL. */
static const struct br_tcm *
latest_before(const struct br_tcm *arr, size_t n, const char *day,
              int64_t session_id)
{
	const struct br_tcm *last = NULL;

	for (size_t i = 0; i < n; i++) {
		int c = day ? strcmp(arr[i].day, day) : -1;

		if (c < 0 || (c == 0 && arr[i].session_id < session_id))
			last = &arr[i];
	}
	return last;
}

int
br_app_tcm_apply(struct br_app *app, const struct br_session_ref *ref,
                 struct br_tcm *x, struct br_err *err)
{
	struct br_tcm *arr = NULL;
	struct br_episode e;
	size_t n = 0;
	int rc = br_rec_tcm_check(x, err);

	if (rc == 0)
		rc = br_store_episode_get(app->store, ref->episode_id, &e, err);
	if (rc == 0 && !app->history && strcmp(e.status, "open") != 0)
		rc = br_error(err, BR_ECONFLICT, "session_id",
		              "episode %lld is closed; its sessions can no "
		              "longer be charted",
		              (long long)e.id);
	if (rc == 0)
		rc = br_store_tcm_list(app->store, ref->patient_id,
		                       ref->episode_id, &arr, &n, err);
	for (size_t i = 0; rc == 0 && i < n; i++)
		if (arr[i].session_id == ref->session_id)
			rc = br_error(err, BR_ECONFLICT, "session_id",
			              "session %lld already has a TCM "
			              "assessment",
			              (long long)ref->session_id);
	free(arr);
	if (rc < 0)
		return rc;
	/* History keeps its id and when it was recorded. */
	if (!app->history || x->id == 0)
		x->id = br_store_new_id();
	x->patient_id = ref->patient_id;
	x->episode_id = ref->episode_id;
	x->session_id = ref->session_id;
	memcpy(x->day, ref->day, sizeof(x->day));
	if (!app->history || !x->created_at[0])
		br_store_now(x->created_at);
	return br_store_tcm_insert(app->store, x, err);
}

int
br_app_tcm_add(struct br_app *app, json_t *in, json_t **out, struct br_err *err)
{
	struct patch *p = malloc(sizeof(*p));
	struct br_tcm *x = malloc(sizeof(*x)), *arr = NULL;
	const struct br_tcm *base = NULL;
	struct br_session_ref ref;
	int64_t session_id;
	size_t n = 0;
	int rc;

	if (p == NULL || x == NULL) {
		free(p);
		free(x);
		return br_error(err, BR_ENOMEM, "", "out of memory");
	}
	rc = read_patch(app, in, p, err);
	if (rc == 0)
		rc = br_in_id(in, "session_id", &session_id, err);
	if (rc == 0)
		rc = br_store_begin(app->store, err);
	if (rc < 0) {
		free(p);
		free(x);
		return rc;
	}
	rc = load_session(app, in, session_id, &ref, err);
	if (rc == 0 && p->from_last) {
		rc = br_store_tcm_list(app->store, ref.patient_id,
		                       ref.episode_id, &arr, &n, err);
		if (rc == 0)
			base = latest_before(arr, n, ref.day, ref.session_id);
	}
	if (rc == 0) {
		br_tcm_init(x);
		for (int f = 0; base && f < T_NFIELDS; f++)
			copy_field(x, base, (enum tfield)f);
		for (int f = 0; f < T_NFIELDS; f++)
			if (p->given[f] || p->cleared[f])
				copy_field(x, &p->v, (enum tfield)f);
		x->prefilled_from = base ? base->id : 0;
		x->practitioner_id = app->user_id;
		rc = br_app_tcm_apply(app, &ref, x, err);
	}
	if (rc == 0)
		rc = br_app_audit(app, "tcm.create", x->patient_id, "tcm",
		                  x->id, err);
	/* Answer with what is stored (lists in storage order). */
	free(arr);
	arr = NULL;
	if (rc == 0)
		rc = br_store_tcm_list(app->store, ref.patient_id,
		                       ref.episode_id, &arr, &n, err);
	for (size_t i = 0; rc == 0 && i < n; i++)
		if (arr[i].id == x->id)
			*x = arr[i];
	rc = br_app_finish(app, rc, rc < 0 ? NULL : br_view_tcm(x), out, err);
	free(arr);
	free(p);
	free(x);
	return rc;
}

int
br_app_tcm_show(struct br_app *app, json_t *in, json_t **out,
                struct br_err *err)
{
	static const char *const keys[] = {"session_id", "episode_id", NULL};
	struct br_session_ref ref;
	struct br_tcm *arr = NULL;
	json_t *view = NULL;
	int64_t session_id;
	size_t n = 0;
	int rc = br_in_only(in, keys, err);

	if (rc == 0)
		rc = br_in_id(in, "session_id", &session_id, err);
	if (rc == 0)
		rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	rc = load_session(app, in, session_id, &ref, err);
	if (rc == 0)
		rc = br_store_tcm_list(app->store, ref.patient_id,
		                       ref.episode_id, &arr, &n, err);
	for (size_t i = 0; rc == 0 && i < n && !view; i++)
		if (arr[i].session_id == session_id)
			view = br_view_tcm(&arr[i]);
	if (rc == 0 && view == NULL)
		rc = br_error(err, BR_ENOTFOUND, "session_id",
		              "session %lld has no TCM assessment",
		              (long long)session_id);
	if (rc == 0)
		rc = br_app_audit(app, "tcm.read", ref.patient_id, "session",
		                  session_id, err);
	free(arr);
	return br_app_finish(app, rc, view, out, err);
}

/* Loads an episode's assessments for the read use cases. */
static int
load_episode_tcm(struct br_app *app, json_t *in, struct br_episode *e,
                 struct br_tcm **arr, size_t *n, struct br_err *err)
{
	static const char *const keys[] = {"episode_id", NULL};
	int rc = br_in_only(in, keys, err);

	if (rc == 0)
		rc = br_in_id(in, "episode_id", &e->id, err);
	if (rc == 0)
		rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	rc = br_app_load_episode(app, in, e, err);
	if (rc == 0)
		rc = br_store_tcm_list(app->store, e->patient_id, e->id, arr, n,
		                       err);
	if (rc == 0)
		rc = br_app_audit(app, "tcm.read", e->patient_id, "episode",
		                  e->id, err);
	if (rc < 0)
		br_store_rollback(app->store);
	return rc;
}

int
br_app_tcm_last(struct br_app *app, json_t *in, json_t **out,
                struct br_err *err)
{
	struct br_tcm *arr = NULL;
	struct br_episode e;
	size_t n = 0;
	int rc = load_episode_tcm(app, in, &e, &arr, &n, err);
	json_t *view;

	if (rc < 0)
		return rc;
	view = json_pack("{s:I, s:I, s:o}", "episode_id", (json_int_t)e.id,
	                 "patient_id", (json_int_t)e.patient_id, "assessment",
	                 n ? br_view_tcm(&arr[n - 1]) : json_null());
	free(arr);
	return br_app_finish(app, 0, view, out, err);
}

int
br_app_tcm_list(struct br_app *app, json_t *in, json_t **out,
                struct br_err *err)
{
	struct br_tcm *arr = NULL;
	struct br_episode e;
	size_t n = 0;
	int rc = load_episode_tcm(app, in, &e, &arr, &n, err);
	json_t *list;

	if (rc < 0)
		return rc;
	list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, br_view_tcm(&arr[i]));
	free(arr);
	return br_app_finish(app, 0, list, out, err);
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
br_app_tcm_vocab(struct br_app *app, json_t *in, json_t **out,
                 struct br_err *err)
{
	static const char *const keys[] = {NULL};
	json_t *v, *fixed;
	int rc = br_in_only(in, keys, err);

	(void)app;
	if (rc < 0)
		return rc;
	v = json_deep_copy(br_vocab_file(VOCAB));
	json_object_set_new(v, "patterns",
	                    json_deep_copy(json_object_get(
	                            br_vocab_file(PATTERNS), "patterns")));
	fixed = json_object();
	json_object_set_new(fixed, "tongue_moisture",
	                    names_array(br_tcm_moistures));
	json_object_set_new(fixed, "eight_principles",
	                    names_array(br_tcm_principles));
	json_object_set_new(fixed, "pulse_positions",
	                    names_array(br_pulse_positions));
	json_object_set_new(v, "fixed", fixed);
	*out = v;
	return v ? 0 : br_error(err, BR_ENOMEM, "", "out of memory");
}
