/*
 * corrections.c - corrections with history, entered-in-error and signed
 * sessions (app/corrections.h); the record kinds are in
 * corrections_kinds.c.
 */
#include "app/corrections.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/corrections_internal.h"
#include "app/internal.h"
#include "model/checks.h"
#include "store/users.h"
#include "store/versions.h"

#define REASON_MAX 500

static const struct br_field correct_fields[] = {
        {.key = "reason",
         .type = BR_FT_TEXT,
         .min = 1,
         .max = REASON_MAX,
         .doc = "why the record is corrected (required)"},
        {.key = "version",
         .type = BR_FT_INT,
         .min = 1,
         .max = 1000000,
         .doc = "the version being corrected (as If-Match)"},
        {.key = NULL},
};
const struct br_fields br_correct_fields = {
        "Correction",
        "the fields corrected (null clears one), why, and the version "
        "corrected",
        correct_fields};

static const struct br_field void_fields[] = {
        {.key = "reason",
         .type = BR_FT_TEXT,
         .min = 1,
         .max = REASON_MAX,
         .doc = "why the record was entered in error (required)"},
        {.key = "version",
         .type = BR_FT_INT,
         .min = 1,
         .max = 1000000,
         .doc = "the version marked (as If-Match)"},
        {.key = NULL},
};
const struct br_fields br_void_fields = {
        "EnteredInError", "why the record was entered in error", void_fields};

/* Fields ---------------------------------------------------------------- */

static void *
at(void *rec, size_t off)
{
	return (char *)rec + off;
}

static const void *
at_c(const void *rec, size_t off)
{
	return (const char *)rec + off;
}

static int
get_int(const void *rec, size_t off)
{
	int v;

	memcpy(&v, at_c(rec, off), sizeof(v));
	return v;
}

static void
put_int(void *rec, size_t off, int v)
{
	memcpy(at(rec, off), &v, sizeof(v));
}

/* A number as JSON: a whole one as an integer. */
static json_t *
number(double v)
{
	if (v == floor(v) && fabs(v) < 1e15)
		return json_integer((json_int_t)v);
	return json_real(v);
}

json_t *
br_cf_get(const struct cfield *f, const void *rec)
{
	char clock[8];
	double d;
	bool b;
	int v;

	switch (f->store) {
	case CF_INT:
		return br_json_int_opt(get_int(rec, f->off));
	case CF_CLOCK:
		v = get_int(rec, f->off);
		if (v == BR_UNSET)
			return json_null();
		snprintf(clock, sizeof(clock), "%02d:%02d", v / 60 % 24,
		         v % 60);
		return json_string(clock);
	case CF_TRI:
		v = get_int(rec, f->off);
		return v == BR_UNSET ? json_null() : json_boolean(v != 0);
	case CF_BOOL:
		memcpy(&b, at_c(rec, f->off), sizeof(b));
		return json_boolean(b);
	case CF_NUM:
		memcpy(&d, at_c(rec, f->off), sizeof(d));
		return d < 0 ? json_null() : number(d);
	case CF_TEXT:
		return br_json_text_opt(at_c(rec, f->off));
	case CF_WORD: /* the word: field_json, which knows the table */
		return br_json_int_opt(get_int(rec, f->off));
	case CF_LIST: {
		json_t *a = json_array();

		v = get_int(rec, f->off);
		for (int i = 0; i < v && i < f->max; i++)
			json_array_append_new(
			        a,
			        json_string(at_c(
			                rec, f->items + (size_t)i * f->size)));
		return a;
	}
	case CF_HOOK:
		return f->get(rec);
	}
	return json_null();
}

struct list_fill {
	const struct cfield *f;
	void *rec;
	int n;
};

static int
list_item(void *ctx, const char *item, int pos, struct br_err *err)
{
	struct list_fill *lf = ctx;

	if (lf->n == lf->f->max)
		return br_error(err, BR_EINVAL, lf->f->key,
		                "%s may have at most %d items, not %d",
		                lf->f->key, lf->f->max, pos);
	if (strlen(item) >= lf->f->size)
		return br_error(err, BR_EINVAL, lf->f->key,
		                "%s: item %d is too long", lf->f->key, pos);
	snprintf(at(lf->rec, lf->f->items + (size_t)lf->n * lf->f->size),
	         lf->f->size, "%s", item);
	lf->n++;
	return 0;
}

int
br_cf_set(struct br_app *app, const struct ckind *k, const struct cfield *f,
          json_t *in, void *rec, struct br_err *err)
{
	const struct br_field *mf = br_fields_get(k->model, f->key, err);
	bool given = br_in_has(in, f->key), b = false;
	double d = -1;
	int v = BR_UNSET, rc = 0;

	if (mf == NULL)
		return BR_EINVAL;
	switch (f->store) {
	case CF_INT:
		rc = br_in_int_field(in, k->model, f->key, &v, err);
		put_int(rec, f->off, v);
		break;
	case CF_CLOCK:
		rc = br_in_clock(in, f->key, &v, err);
		put_int(rec, f->off, v);
		break;
	case CF_TRI:
		rc = br_in_bool(in, f->key, &b, err);
		put_int(rec, f->off, given ? b : BR_UNSET);
		break;
	case CF_BOOL:
		rc = br_in_bool(in, f->key, &b, err);
		memcpy(at(rec, f->off), &b, sizeof(b));
		break;
	case CF_NUM:
		rc = br_in_double_field(in, k->model, f->key, &d, err);
		memcpy(at(rec, f->off), &d, sizeof(d));
		break;
	case CF_TEXT:
		rc = br_in_text_field(in, k->model, f->key, at(rec, f->off),
		                      f->size, err);
		break;
	case CF_WORD:
		rc = br_in_enum(in, f->key, mf->values, false, &v, err);
		put_int(rec, f->off, v < 0 ? BR_UNSET : v);
		break;
	case CF_LIST: {
		struct list_fill lf = {f, rec, 0};

		rc = br_in_list(in, f->key, list_item, &lf, err);
		put_int(rec, f->off, lf.n);
		break;
	}
	case CF_HOOK:
		rc = f->set(app, in, f->key, rec, err);
		break;
	}
	return rc;
}

/* The word of a CF_WORD field (its index into the model's values). */
static json_t *
word_json(const struct ckind *k, const struct cfield *f, const void *rec)
{
	const struct br_field *mf = br_fields_find(k->model, f->key);
	int v = get_int(rec, f->off);

	if (v == BR_UNSET || mf == NULL || mf->values == NULL)
		return json_null();
	return json_string(mf->values[v]);
}

static json_t *
field_json(const struct ckind *k, const struct cfield *f, const void *rec)
{
	return f->store == CF_WORD ? word_json(k, f, rec) : br_cf_get(f, rec);
}

json_t *
br_crec_json(const struct ckind *k, const void *rec)
{
	json_t *o;
	int64_t id;

	if (k->view)
		return k->view(rec);
	o = json_object();
	if (k->id_off != (size_t)-1) {
		memcpy(&id, at_c(rec, k->id_off), sizeof(id));
		json_object_set_new(o, "id", json_integer(id));
	}
	if (k->episode_off != (size_t)-1) {
		memcpy(&id, at_c(rec, k->episode_off), sizeof(id));
		json_object_set_new(o, "episode_id", json_integer(id));
	}
	for (const struct cfield *f = k->fields; f && f->key; f++)
		json_object_set_new(o, f->key, field_json(k, f, rec));
	if (k->created_off != (size_t)-1)
		json_object_set_new(o, "created_at",
		                    json_string(at_c(rec, k->created_off)));
	return o;
}

/* Which fields a correction takes -------------------------------------- */

static const struct ckind *
kind_of_model(const struct br_fields *model)
{
	for (size_t i = 0; br_ckinds[i]; i++)
		if (br_ckinds[i]->model == model)
			return br_ckinds[i];
	return NULL;
}

static const struct cfield *
mapped(const struct ckind *k, const char *key)
{
	for (const struct cfield *f = k->fields; f && f->key; f++)
		if (strcmp(f->key, key) == 0)
			return f;
	return NULL;
}

static bool
fixed(const struct ckind *k, const char *key)
{
	for (const char *const *p = k->fixed; p && *p; p++)
		if (strcmp(*p, key) == 0)
			return true;
	return false;
}

/* A model field a correction of k takes: not the record's name nor a
 * link (an id), not set by the server, not an option of the add
 * command; a kind with a field map must map it. */
static bool
takes(const struct ckind *k, const struct br_field *mf)
{
	if (mf->type == BR_FT_ID || (mf->flags & (BR_FF_PATH | BR_FF_SERVER)))
		return false;
	if ((k->id_key && strcmp(mf->key, k->id_key) == 0) || fixed(k, mf->key))
		return false;
	return k->fields == NULL || mapped(k, mf->key) != NULL;
}

bool
br_correct_takes(const struct br_fields *model, const char *key)
{
	const struct ckind *k = kind_of_model(model);
	const struct br_field *mf = br_fields_find(model, key);

	return k && mf && takes(k, mf);
}

int
br_correct_check(const struct br_fields *model, json_t *in, bool strict,
                 struct br_err *err)
{
	const struct ckind *k = kind_of_model(model);
	struct br_field tab[96];
	struct br_fields t = {model->name, model->doc, tab};
	size_t n = 0;
	const char *key;
	json_t *v;

	if (k == NULL)
		return br_error(err, BR_EINVAL, "", "%s is not corrected",
		                model->name);
	json_object_foreach(in, key, v)
	{
		const struct br_field *mf =
		        br_fields_find(&br_correct_fields, key);

		if (mf == NULL) {
			mf = br_fields_find(model, key);
			if (mf == NULL)
				return br_field_unknown(key, err);
			if (!takes(k, mf) && (k->flags & CK_KEEP))
				return br_error(err, BR_EINVAL, key,
				                "%s is not corrected here",
				                key);
			if (!takes(k, mf))
				return br_error(
				        err, BR_EINVAL, key,
				        "%s is not corrected: mark the %s "
				        "entered in error and record it again",
				        key, k->noun);
		}
		if (n + 1 == sizeof(tab) / sizeof(tab[0]))
			return br_error(err, BR_EINVAL, key, "too many fields");
		tab[n++] = *mf;
	}
	tab[n].key = NULL;
	return br_fields_check(in, &t, strict, err);
}

/* The record ------------------------------------------------------------ */

static void
crec_free(struct crec *r)
{
	free(r->rec);
	free(r->orig);
	r->rec = r->orig = NULL;
}

static int
not_found(const struct crec *r, const char *field, struct br_err *err)
{
	return br_error(err, BR_ENOTFOUND, field, "there is no record %s",
	                r->key);
}

static int
late_rank(const char *key)
{
	static const char *const late[] = {"date", "episode_id", "patient_id",
	                                   NULL};

	for (int i = 0; late[i]; i++)
		if (strcmp(late[i], key) == 0)
			return i + 1;
	return 0;
}

/* The key of in naming the record, and the kind it implies (NULL: any
 * kind with an id). */
static const char *
name_key(json_t *in, const struct ckind *by, const struct ckind **kind)
{
	static const char *const any[] = {"id", "record_id", NULL};

	*kind = by;
	if (by)
		return strcmp(by->name, "checkin") == 0 ? "session_id"
		                                        : "episode_id";
	for (const char *const *p = any; *p; p++)
		if (br_in_has(in, *p))
			return *p;
	/* A kind's own key; then a diary day's date (other kinds have a
	 * date field), the episode's and the patient's, as routes below
	 * them carry them too. */
	for (int pass = 0; pass < 4; pass++)
		for (size_t i = 0; br_ckinds[i]; i++) {
			const char *k = br_ckinds[i]->id_key;

			if (k && late_rank(k) == pass && br_in_has(in, k)) {
				*kind = br_ckinds[i];
				return k;
			}
		}
	return NULL;
}

/* Finds the record in names (see corrections.h); by: the check-in or
 * intake entry points.  r->k and r->key are set when it returns
 * BR_ENOTFOUND for a voided record (r->voided). */
static int
find(struct br_app *app, json_t *in, const struct ckind *by, struct crec *r,
     const char **field, struct br_err *err)
{
	const struct ckind *want;
	const char *key = name_key(in, by, &want);
	int64_t pid = 0;
	int rc;

	memset(r, 0, sizeof(*r));
	*field = key ? key : "id";
	if (key == NULL)
		return br_error(err, BR_EINVAL, "id",
		                "id is required: the record to correct");
	if (br_in_has(in, "patient_id") &&
	    (rc = br_in_id(in, "patient_id", &pid, err)) < 0)
		return rc;
	if (want && strcmp(want->name, "diary_day") == 0) {
		int32_t day;

		r->k = want;
		r->patient_id = pid;
		rc = br_in_date(in, "date", true, &day, err);
		if (rc < 0)
			return rc;
		br_format_date(day, r->date);
		snprintf(r->key, sizeof(r->key), "%s", r->date);
		if (pid == 0)
			return br_error(err, BR_EINVAL, "patient_id",
			                "patient_id is required");
	} else {
		char kind[24] = "";

		rc = br_in_id(in, key, &r->id, err);
		if (rc < 0)
			return rc;
		snprintf(r->key, sizeof(r->key), "%lld", (long long)r->id);
		if (by) {
			/* A check-in by its session, an intake by its
			 * episode: the parent's patient. */
			rc = br_store_record_find(app->store, r->id, kind,
			                          &r->patient_id,
			                          &r->episode_id, err);
			if (rc == 0 &&
			    strcmp(kind, strcmp(by->name, "checkin") == 0
			                         ? "session"
			                         : "episode") != 0)
				rc = BR_ENOTFOUND;
			if (strcmp(by->name, "intake") == 0)
				r->episode_id = r->id;
			snprintf(r->key, sizeof(r->key), "%s:%lld", by->name,
			         (long long)r->id);
			r->k = by;
		} else {
			rc = br_store_record_find(app->store, r->id, kind,
			                          &r->patient_id,
			                          &r->episode_id, err);
			r->k = rc == 0 ? br_ckind_named(kind) : NULL;
			if (rc == 0 && (r->k == NULL || (want && want != r->k)))
				rc = BR_ENOTFOUND;
			if (r->k && strcmp(r->k->name, "episode") == 0)
				r->episode_id = r->id;
		}
		if (rc == 0 && pid && pid != r->patient_id)
			rc = BR_ENOTFOUND;
		if (rc < 0) {
			br_err_clear(err);
			return not_found(r, key, err);
		}
	}
	rc = br_store_version_state(app->store, r->patient_id, r->key,
	                            &r->version, &r->voided, &r->signed_, err);
	if (rc == 0 && r->voided)
		return not_found(r, key, err);
	if (rc < 0)
		return rc;
	r->rec = calloc(1, r->k->size);
	r->orig = calloc(1, r->k->size);
	if (r->rec == NULL || r->orig == NULL)
		return br_error(err, BR_ENOMEM, "", "out of memory");
	rc = r->k->load(app, r, err);
	if (rc == BR_ENOTFOUND) {
		br_err_clear(err);
		return not_found(r, key, err);
	}
	if (rc == 0)
		memcpy(r->orig, r->rec, r->k->size);
	return rc;
}

/* Signed: explicitly, or BR_SIGN_AFTER_HOURS after it was charted: the
 * timestamps are ISO 8601 UTC of one shape, so the charting time moved on
 * by whole days compares with now as text. */
_Static_assert(BR_SIGN_AFTER_HOURS % 24 == 0,
               "signed_now moves the charting time by whole days");
static bool
signed_now(const struct crec *r)
{
	char now[BR_TS_LEN], due[BR_TS_LEN], day[BR_DATE_LEN];
	const char *created;
	int32_t d;

	if (!(r->k->flags & CK_SIGNS) || r->rec == NULL)
		return false;
	if (r->signed_)
		return true;
	created = at_c(r->rec, r->k->created_off);
	snprintf(day, sizeof(day), "%.10s", created);
	if (br_parse_date("created_at", day, &d, NULL) < 0)
		return false;
	br_format_date(d + BR_SIGN_AFTER_HOURS / 24, day);
	snprintf(due, sizeof(due), "%s%s", day, created + 10);
	br_store_now(now);
	return strcmp(now, due) >= 0;
}

/* Who may change r: a practitioner their clinic's records (the API's
 * scope check), an admin nothing clinical, a patient their own diary
 * days within BR_PATIENT_EDIT_DAYS days. */
static int
may_change(struct br_app *app, const struct crec *r, const char *field,
           struct br_err *err)
{
	struct br_user u;
	int32_t day;
	int rc;

	if (app->user_id == 0)
		return 0; /* the command line: the server's operator */
	rc = br_store_user_get(app->store, app->user_id, &u, err);
	if (rc < 0)
		return rc;
	if (strcmp(u.role, "practitioner") == 0)
		return 0;
	if (strcmp(u.role, "patient") == 0 && u.patient_id == r->patient_id &&
	    (r->k->flags & CK_PATIENT)) {
		if (br_parse_date("date", r->date, &day, err) < 0)
			return BR_EINVAL;
		if (app->today - day <= BR_PATIENT_EDIT_DAYS)
			return 0;
		return br_error(
		        err, BR_EPERM, "date",
		        "a diary day older than %d days is corrected by "
		        "your practitioner: please ask them",
		        BR_PATIENT_EDIT_DAYS);
	}
	if (strcmp(u.role, "patient") == 0 && u.patient_id == r->patient_id)
		return br_error(err, BR_EPERM, field,
		                "your practitioner corrects this record: "
		                "please ask them");
	return not_found(r, field, err);
}

static int
load_checked(struct br_app *app, json_t *in, const struct ckind *by,
             struct crec *r, const char **field, struct br_err *err)
{
	int rc = find(app, in, by, r, field, err);

	if (rc == 0)
		rc = may_change(app, r, *field, err);
	return rc;
}

static int
check_version(json_t *in, const struct crec *r, struct br_err *err)
{
	int v;
	int rc;

	if (!br_in_has(in, "version"))
		return 0;
	rc = br_in_int(in, "version", 1, 1000000, &v, err);
	if (rc == 0 && v != r->version)
		rc = br_error(err, BR_ECONFLICT, "version",
		              "the record was changed meanwhile: its current "
		              "version is %d",
		              r->version);
	return rc;
}

static int
read_reason(json_t *in, const char *why, const char **reason,
            struct br_err *err)
{
	int rc = br_in_text(in, "reason", REASON_MAX, false, reason, err);

	if (rc == 0 && (*reason == NULL || !(*reason)[0]))
		rc = br_error(err, BR_EINVAL, "reason",
		              "reason is required: say why the record %s", why);
	return rc;
}

static int
add_version(struct br_app *app, const struct crec *r, const char *action,
            const char *reason, json_t *changes, json_t *snapshot,
            struct br_err *err)
{
	char now[BR_TS_LEN];
	char *ch = json_dumps(changes, JSON_COMPACT | JSON_SORT_KEYS);
	char *sn = json_dumps(snapshot, JSON_COMPACT | JSON_SORT_KEYS);
	struct br_record_version v = {
	        .patient_id = r->patient_id,
	        .key = r->key,
	        .version = r->version + 1,
	        .kind = r->k->name,
	        .action = action,
	        .actor = app->actor ? app->actor : "",
	        .origin = app->origin ? app->origin : "",
	        .at = now,
	        .reason = reason ? reason : "",
	        .changes = ch ? ch : "{}",
	        .snapshot = sn ? sn : "{}",
	};
	int rc;

	br_store_now(now);
	rc = br_store_version_add(app->store, &v, err);
	free(ch);
	free(sn);
	return rc;
}

static json_t *
result(const struct crec *r, int version, json_t *changes)
{
	json_t *o = json_object();

	json_object_set_new(o, "kind", json_string(r->k->name));
	if (r->date[0])
		json_object_set_new(o, "date", json_string(r->date));
	else
		json_object_set_new(o, "id", json_integer(r->id));
	json_object_set_new(o, "patient_id", json_integer(r->patient_id));
	json_object_set_new(o, "version", json_integer(version));
	if (changes)
		json_object_set(o, "changes", changes);
	return o;
}

static int
audit(struct br_app *app, const struct crec *r, const char *what,
      struct br_err *err)
{
	char action[48];

	snprintf(action, sizeof(action), "%s.%s", r->k->audit, what);
	return br_app_audit(app, action, r->patient_id, r->k->name, r->id, err);
}

/* Refusals are audited in a transaction of their own. */
static int
refused(struct br_app *app, const struct crec *r, const char *what, int rc)
{
	if ((rc == BR_EPERM || rc == BR_ENOTFOUND) && r->k && r->patient_id &&
	    app->user_id) {
		struct br_err e2 = {0};
		char action[48];

		snprintf(action, sizeof(action), "%s.%s.denied", r->k->audit,
		         what);
		br_app_audit_commit(app, action, r->patient_id, r->k->name,
		                    r->id, &e2);
	}
	return rc;
}

/* The keys of in that name the record (checked by find). */
static bool
naming(const struct crec *r, const char *key)
{
	static const char *const names[] = {"id", "record_id", "patient_id",
	                                    NULL};

	for (const char *const *p = names; *p; p++)
		if (strcmp(*p, key) == 0)
			return true;
	if (r->k->id_key && strcmp(r->k->id_key, key) == 0)
		return true;
	/* A check-in's session, an intake's episode. */
	return r->k->id_key == NULL && (strcmp(key, "session_id") == 0 ||
	                                strcmp(key, "episode_id") == 0);
}

/* The record's fields in in, as a new object (an empty value from the
 * command line clears a field that is not text, as null does). */
static json_t *
fields_of(struct br_app *app, const struct crec *r, json_t *in)
{
	json_t *o = json_object(), *v;
	const char *key;

	json_object_foreach(in, key, v)
	{
		const struct br_field *mf;

		if (naming(r, key) || strcmp(key, "reason") == 0 ||
		    strcmp(key, "version") == 0)
			continue;
		mf = br_fields_find(r->k->model, key);
		if (!app->typed_input && json_is_string(v) &&
		    !json_string_value(v)[0] && mf && mf->type != BR_FT_TEXT)
			v = json_null();
		json_object_set(o, key, v);
	}
	return o;
}

/* Sets the fields of in on r->rec with the kind's checks. */
static int
set_fields(struct br_app *app, struct crec *r, json_t *in, struct br_err *err)
{
	const char *key;
	json_t *v;
	int rc = 0;

	if (r->k->merge)
		return r->k->merge(app, in, r, err);
	json_object_foreach(in, key, v)
	{
		const struct cfield *f = mapped(r->k, key);

		(void)v;
		rc = f ? br_cf_set(app, r->k, f, in, r->rec, err)
		       : br_field_unknown(key, err);
		if (rc < 0)
			break;
	}
	return rc;
}

/* What changed among the keys given: {key: {"from", "to"}}. */
static json_t *
changes_of(json_t *before, json_t *after, json_t *given)
{
	json_t *changes = json_object(), *v;
	const char *key;

	json_object_foreach(given, key, v)
	{
		json_t *from = json_object_get(before, key),
		       *to = json_object_get(after, key);

		if (from == NULL)
			from = json_null();
		if (to == NULL)
			to = json_null();
		if (!json_equal(from, to))
			json_object_set_new(
			        changes, key,
			        json_pack("{s:O,s:O}", "from", from, "to", to));
	}
	return changes;
}

/* Writes r->rec through the kind's rules as a record of its time (its
 * episode may have closed since; its timestamps are kept). */
static int
write_rec(struct br_app *app, struct crec *r, struct br_err *err)
{
	bool history = app->history;
	int rc;

	app->history = true;
	rc = r->k->write(app, r, err);
	app->history = history;
	return rc;
}

static int
edit(struct br_app *app, json_t *in, const struct ckind *by, json_t **out,
     struct br_err *err)
{
	struct crec r;
	const char *reason = NULL, *field = "id";
	json_t *given = NULL, *before = NULL, *after = NULL, *changes = NULL;
	int rc = br_store_begin(app->store, err);

	memset(&r, 0, sizeof(r));
	if (rc < 0)
		return rc;
	rc = load_checked(app, in, by, &r, &field, err);
	if (rc == 0) {
		given = fields_of(app, &r, in);
		rc = br_correct_check(r.k->model, given, app->typed_input, err);
	}
	if (rc == 0)
		rc = read_reason(in, "is corrected", &reason, err);
	if (rc == 0)
		rc = check_version(in, &r, err);
	if (rc == 0 && json_object_size(given) == 0)
		rc = br_error(
		        err, BR_EINVAL, "reason",
		        "nothing to correct: give a field with a new value");
	if (rc == 0) {
		before = br_crec_json(r.k, r.orig);
		rc = set_fields(app, &r, given, err);
	}
	if (rc == 0)
		rc = write_rec(app, &r, err);
	if (rc == 0) {
		after = br_crec_json(r.k, r.rec);
		changes = changes_of(before, after, given);
		if (json_object_size(changes) == 0)
			rc = br_error(err, BR_EINVAL, "reason",
			              "nothing to correct: the values given "
			              "are the record's");
	}
	if (rc == 0)
		rc = add_version(app, &r, signed_now(&r) ? "amend" : "correct",
		                 reason, changes, before, err);
	if (rc == 0)
		rc = audit(app, &r, "correct", err);
	json_decref(given);
	json_decref(before);
	if (rc < 0) {
		json_decref(after);
		json_decref(changes);
		rc = br_app_finish(app, rc, NULL, out, err);
		refused(app, &r, "correct", rc);
		crec_free(&r);
		return rc;
	}
	{
		json_t *res = result(&r, r.version + 1, changes);

		json_object_set_new(res, "record", after);
		json_decref(changes);
		crec_free(&r);
		return br_app_finish(app, 0, res, out, err);
	}
}

static int
void_rec(struct br_app *app, json_t *in, const struct ckind *by, json_t **out,
         struct br_err *err)
{
	struct crec r;
	const char *reason = NULL, *field = "id";
	json_t *snapshot = NULL;
	int rc = br_store_begin(app->store, err);

	memset(&r, 0, sizeof(r));
	if (rc < 0)
		return rc;
	rc = load_checked(app, in, by, &r, &field, err);
	if (rc == 0) {
		json_t *rest = fields_of(app, &r, in);
		const char *key;
		json_t *v;

		json_object_foreach(rest, key, v)
		{
			(void)v;
			if (rc == 0)
				rc = br_field_unknown(key, err);
		}
		json_decref(rest);
	}
	if (rc == 0 && (r.k->flags & CK_KEEP))
		rc = br_error(err, BR_EINVAL, field,
		              "%s %s is not entered in error: correct its "
		              "details",
		              strchr("aeiou", r.k->noun[0]) ? "an" : "a",
		              r.k->noun);
	if (rc == 0)
		rc = read_reason(in, "was entered in error", &reason, err);
	if (rc == 0)
		rc = check_version(in, &r, err);
	if (rc == 0) {
		snapshot = br_crec_json(r.k, r.rec);
		rc = r.k->remove(app, &r, snapshot, err);
	}
	if (rc == 0) {
		json_t *ch = json_object();

		rc = add_version(app, &r, "void", reason, ch, snapshot, err);
		json_decref(ch);
	}
	if (rc == 0)
		rc = audit(app, &r, "void", err);
	json_decref(snapshot);
	if (rc < 0) {
		rc = br_app_finish(app, rc, NULL, out, err);
		refused(app, &r, "void", rc);
		crec_free(&r);
		return rc;
	}
	{
		json_t *res = result(&r, r.version + 1, NULL);

		json_object_set_new(res, "status",
		                    json_string("entered-in-error"));
		crec_free(&r);
		return br_app_finish(app, 0, res, out, err);
	}
}

int
br_app_record_sign(struct br_app *app, json_t *in, json_t **out,
                   struct br_err *err)
{
	struct crec r;
	const char *field = "id";
	json_t *snapshot = NULL;
	int rc = br_store_begin(app->store, err);

	memset(&r, 0, sizeof(r));
	if (rc < 0)
		return rc;
	rc = load_checked(app, in, NULL, &r, &field, err);
	if (rc == 0 && !(r.k->flags & CK_SIGNS))
		rc = br_error(err, BR_EINVAL, field,
		              "only a session is signed");
	if (rc == 0 && r.signed_)
		rc = br_error(err, BR_ECONFLICT, field,
		              "session %s is already signed", r.key);
	if (rc == 0) {
		json_t *ch = json_object();

		snapshot = br_crec_json(r.k, r.rec);
		rc = add_version(app, &r, "sign", "", ch, snapshot, err);
		json_decref(ch);
	}
	if (rc == 0)
		rc = audit(app, &r, "sign", err);
	json_decref(snapshot);
	if (rc < 0) {
		rc = br_app_finish(app, rc, NULL, out, err);
		refused(app, &r, "sign", rc);
		crec_free(&r);
		return rc;
	}
	{
		json_t *res = result(&r, r.version + 1, NULL);

		json_object_set_new(res, "signed", json_true());
		crec_free(&r);
		return br_app_finish(app, 0, res, out, err);
	}
}

static int
add_row(void *ctx, const struct br_record_version *v)
{
	json_t *arr = ctx;
	json_t *o = json_object();

	json_object_set_new(o, "version", json_integer(v->version));
	json_object_set_new(o, "action", json_string(v->action));
	json_object_set_new(o, "by", json_string(v->actor));
	json_object_set_new(o, "origin", json_string(v->origin));
	json_object_set_new(o, "at", json_string(v->at));
	json_object_set_new(o, "reason", json_string(v->reason));
	json_object_set_new(o, "changes", json_loads(v->changes, 0, NULL));
	json_object_set_new(o, "before", json_loads(v->snapshot, 0, NULL));
	json_array_append_new(arr, o);
	return 0;
}

static int
history(struct br_app *app, json_t *in, const struct ckind *by, json_t **out,
        struct br_err *err)
{
	struct crec r;
	const char *field = "id";
	json_t *arr = json_array();
	int rc = br_store_begin(app->store, err);

	if (rc < 0) {
		json_decref(arr);
		return rc;
	}
	rc = find(app, in, by, &r, &field, err);
	/* A voided record's history is still shown. */
	if (rc == BR_ENOTFOUND && r.voided)
		rc = 0, br_err_clear(err);
	if (rc == 0 && app->user_id) {
		struct br_user u;

		rc = br_store_user_get(app->store, app->user_id, &u, err);
		if (rc == 0 && strcmp(u.role, "admin") == 0)
			rc = not_found(&r, field, err);
	}
	if (rc == 0)
		rc = br_store_version_scan(app->store, r.patient_id, r.key,
		                           add_row, arr, err);
	if (rc == 0)
		rc = audit(app, &r, "history", err);
	if (rc < 0) {
		json_decref(arr);
		rc = br_app_finish(app, rc, NULL, out, err);
		refused(app, &r, "history", rc);
		crec_free(&r);
		return rc;
	}
	{
		json_t *res = result(&r, r.version, NULL);

		json_object_set_new(res, "voided", json_boolean(r.voided));
		json_object_set_new(res, "signed",
		                    json_boolean(!r.voided && signed_now(&r)));
		json_object_set_new(res, "versions", arr);
		crec_free(&r);
		return br_app_finish(app, 0, res, out, err);
	}
}

int
br_app_record_get(struct br_app *app, json_t *in, json_t **out,
                  struct br_err *err)
{
	struct crec r;
	const char *field = "id";
	int rc = br_store_begin(app->store, err);

	if (rc < 0)
		return rc;
	rc = find(app, in, NULL, &r, &field, err);
	if (rc == 0)
		rc = audit(app, &r, "read", err);
	if (rc < 0) {
		crec_free(&r);
		return br_app_finish(app, rc, NULL, out, err);
	}
	{
		json_t *res = result(&r, r.version, NULL);

		json_object_set_new(res, "signed",
		                    json_boolean(signed_now(&r)));
		json_object_set_new(
		        res, "corrected",
		        json_boolean(r.version > 1 + (r.signed_ ? 1 : 0)));
		json_object_set_new(res, "record", br_crec_json(r.k, r.rec));
		crec_free(&r);
		return br_app_finish(app, 0, res, out, err);
	}
}

int
br_app_record_edit(struct br_app *app, json_t *in, json_t **out,
                   struct br_err *err)
{
	return edit(app, in, NULL, out, err);
}

int
br_app_record_void(struct br_app *app, json_t *in, json_t **out,
                   struct br_err *err)
{
	return void_rec(app, in, NULL, out, err);
}

int
br_app_record_history(struct br_app *app, json_t *in, json_t **out,
                      struct br_err *err)
{
	return history(app, in, NULL, out, err);
}

int
br_app_checkin_edit(struct br_app *app, json_t *in, json_t **out,
                    struct br_err *err)
{
	return edit(app, in, br_ckind_named("checkin"), out, err);
}

int
br_app_checkin_void(struct br_app *app, json_t *in, json_t **out,
                    struct br_err *err)
{
	return void_rec(app, in, br_ckind_named("checkin"), out, err);
}

int
br_app_checkin_history(struct br_app *app, json_t *in, json_t **out,
                       struct br_err *err)
{
	return history(app, in, br_ckind_named("checkin"), out, err);
}

int
br_app_intake_edit(struct br_app *app, json_t *in, json_t **out,
                   struct br_err *err)
{
	return edit(app, in, br_ckind_named("intake"), out, err);
}

int
br_app_intake_void(struct br_app *app, json_t *in, json_t **out,
                   struct br_err *err)
{
	return void_rec(app, in, br_ckind_named("intake"), out, err);
}

int
br_app_intake_history(struct br_app *app, json_t *in, json_t **out,
                      struct br_err *err)
{
	return history(app, in, br_ckind_named("intake"), out, err);
}

/* Corrected records of a patient ---------------------------------------- */

static int
corrected_one(void *ctx, const struct br_record_version *v)
{
	json_t *list = ctx;
	const struct ckind *k = br_ckind_named(v->kind);
	json_t *o;

	if (k == NULL)
		return 0;
	o = json_pack("{s:s, s:i}", "kind", v->kind, "version", v->version);
	if (strcmp(v->kind, "diary_day") == 0)
		json_object_set_new(o, "date", json_string(v->key));
	else if (strchr(v->key, ':'))
		json_object_set_new(
		        o, "id",
		        json_integer(
		                strtoll(strchr(v->key, ':') + 1, NULL, 10)));
	else
		json_object_set_new(o, "id",
		                    json_integer(strtoll(v->key, NULL, 10)));
	json_array_append_new(list, o);
	return 0;
}

int
br_app_record_corrected(struct br_app *app, json_t *in, json_t **out,
                        struct br_err *err)
{
	static const char *const keys[] = {"patient_id", NULL};
	json_t *list = NULL;
	int64_t pid = 0;
	int rc = br_in_only(in, keys, err);

	if (rc == 0)
		rc = br_in_id(in, "patient_id", &pid, err);
	if (rc == 0)
		rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	list = json_array();
	rc = br_store_corrected_scan(app->store, pid, corrected_one, list, err);
	if (rc == 0)
		rc = br_app_audit(app, "patient.corrections.read", pid,
		                  "patient", pid, err);
	if (rc < 0) {
		json_decref(list);
		return br_app_finish(app, rc, NULL, out, err);
	}
	return br_app_finish(app, 0, json_pack("{s:o}", "records", list), out,
	                     err);
}

/* Voided records for the FHIR export ------------------------------------ */

struct voided {
	const struct br_voided_fns *fns;
	struct br_err *err;
};

/* The record of kind k rebuilt from its snapshot into rec (initialised):
 * its name, episode, time and every field the snapshot holds that reads
 * back (one that does not is left unset). */
static void
rebuild(const struct ckind *k, json_t *snap, void *rec)
{
	struct br_app app;
	const char *created =
	        json_string_value(json_object_get(snap, "created_at"));
	int64_t id;

	memset(&app, 0, sizeof(app));
	if (k->id_off != (size_t)-1) {
		id = json_integer_value(json_object_get(snap, "id"));
		memcpy(at(rec, k->id_off), &id, sizeof(id));
	}
	if (k->episode_off != (size_t)-1) {
		id = json_integer_value(json_object_get(snap, "episode_id"));
		memcpy(at(rec, k->episode_off), &id, sizeof(id));
	}
	if (k->created_off != (size_t)-1 && created)
		snprintf(at(rec, k->created_off), BR_TS_LEN, "%s", created);
	for (const struct cfield *f = k->fields; f && f->key; f++) {
		struct br_err ignored = BR_ERR_INIT;
		json_t *one;

		if (!json_object_get(snap, f->key))
			continue;
		one = json_pack("{s:O}", f->key, json_object_get(snap, f->key));
		br_cf_set(&app, k, f, one, rec, &ignored);
		json_decref(one);
	}
}

static int
voided_one(void *ctx, const struct br_record_version *v)
{
	struct voided *vc = ctx;
	json_t *snap = json_loads(v->snapshot, 0, NULL);
	int rc = 0;

	if (snap == NULL)
		return br_error(vc->err, BR_EDB, "",
		                "a kept version is not "
		                "JSON");
	if (strcmp(v->kind, "session") == 0 && vc->fns->on_session) {
		struct br_session *x = malloc(sizeof(*x));

		if (x == NULL) {
			json_decref(snap);
			return br_error(vc->err, BR_ENOMEM, "",
			                "out of memory");
		}
		br_session_init(x);
		x->patient_id = v->patient_id;
		rebuild(br_ckind_named("session"), snap, x);
		if (!x->created_at[0])
			snprintf(x->created_at, sizeof(x->created_at), "%s",
			         v->at);
		rc = vc->fns->on_session(vc->fns->ctx, x, vc->err);
		free(x);
	} else if (strcmp(v->kind, "diary_day") == 0 && vc->fns->on_day) {
		struct br_diary_day d;

		br_diary_day_init(&d);
		d.patient_id = v->patient_id;
		snprintf(d.day, sizeof(d.day), "%s", v->key);
		snprintf(d.updated_at, sizeof(d.updated_at), "%s", v->at);
		rebuild(br_ckind_named("diary_day"), snap, &d);
		rc = vc->fns->on_day(vc->fns->ctx, &d, vc->err);
	}
	json_decref(snap);
	return rc;
}

int
br_app_voided_records(struct br_store *s, int64_t patient_id,
                      const struct br_voided_fns *fns, struct br_err *err)
{
	struct voided vc = {fns, err};

	return br_store_voided_scan(s, patient_id, voided_one, &vc, err);
}
