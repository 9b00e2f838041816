/*
 * corrections.c - corrections with history, entered-in-error and signed
 * sessions (app/corrections.h).
 */
#include "app/corrections.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "model/checks.h"
#include "store/users.h"
#include "store/versions.h"

/* A correctable field: its key in the kind's model table and where its
 * value lives in the record.  A kind gains a field by a line here. */
enum cf_type { CF_INT, CF_CLOCK, CF_TEXT };
struct cfield {
	const char *key;
	enum cf_type type;
	size_t off, size;
};

#define DAY_INT(k, m)                                                          \
	{                                                                      \
		k, CF_INT, offsetof(struct br_diary_day, m), 0                 \
	}
#define DAY_CLOCK(k, m)                                                        \
	{                                                                      \
		k, CF_CLOCK, offsetof(struct br_diary_day, m), 0               \
	}
#define SES_INT(k, m)                                                          \
	{                                                                      \
		k, CF_INT, offsetof(struct br_session, m), 0                   \
	}

static const struct cfield diary_cfields[] = {
        DAY_CLOCK("bed", night.bed),
        DAY_CLOCK("try", night.try_),
        DAY_INT("sol", night.sol),
        DAY_INT("wakes", night.wakes),
        DAY_INT("waso", night.waso),
        DAY_CLOCK("final", night.final),
        DAY_CLOCK("up", night.up),
        DAY_INT("quality", night.quality),
        DAY_INT("pain", pain),
        DAY_INT("pain_worst", pain_worst),
        DAY_INT("activity_min", activity_min),
        {"note", CF_TEXT, offsetof(struct br_diary_day, note),
         sizeof(((struct br_diary_day *)0)->note)},
        {NULL, CF_INT, 0, 0},
};

static const struct cfield session_cfields[] = {
        SES_INT("pain_before", pain_before),
        SES_INT("pain_after", pain_after),
        SES_INT("needles", needles),
        SES_INT("minutes", retention_min),
        SES_INT("depth_mm", depth_mm),
        {"note", CF_TEXT, offsetof(struct br_session, note),
         sizeof(((struct br_session *)0)->note)},
        {NULL, CF_INT, 0, 0},
};

/* The request tables: the correctable keys (their ranges and vocabulary
 * are the kind's, checked with the model's table), reason, version. */
#define REASON                                                                 \
	{                                                                      \
		.key = "reason", .type = BR_FT_TEXT, .min = 1, .max = 500,     \
		.doc = "why the record is corrected"                           \
	}
#define VERSION                                                                \
	{                                                                      \
		.key = "version", .type = BR_FT_INT, .min = 1, .max = 1000000, \
		.doc = "the version being corrected (as If-Match)"             \
	}
/* Whole numbers: the range is the kind's model table's (checked by
 * br_in_int_field), not repeated here. */
#define ANYINT(k, d)                                                           \
	{                                                                      \
		.key = k, .type = BR_FT_INT, .doc = d                          \
	}
#define CLOCK(k, d)                                                            \
	{                                                                      \
		.key = k, .type = BR_FT_CLOCK, .doc = d                        \
	}
#define NOTE                                                                   \
	{                                                                      \
		.key = "note", .type = BR_FT_TEXT, .max = BR_NOTE_MAX - 1,     \
		.doc = "free-text note"                                        \
	}

#define PATH_ID(k, d)                                                          \
	{                                                                      \
		.key = k, .type = BR_FT_ID, .flags = BR_FF_PATH, .doc = d      \
	}
#define PATH_DATE                                                              \
	{                                                                      \
		.key = "date", .type = BR_FT_DATE, .flags = BR_FF_PATH,        \
		.doc = "the diary day"                                         \
	}

static const struct br_field correct_session[] = {
        PATH_ID("patient_id", "the patient"),
        PATH_ID("session_id", "the session"),
        ANYINT("pain_before", "pain before treatment, 0-10"),
        ANYINT("pain_after", "pain after treatment, 0-10"),
        ANYINT("needles", "needles inserted"),
        ANYINT("minutes", "needle retention, minutes"),
        ANYINT("depth_mm", "needling depth, mm"),
        NOTE,
        REASON,
        VERSION,
        {.key = NULL},
};
const struct br_fields br_correct_session_fields = {
        "SessionCorrection", "A correction of a session", correct_session};

static const struct br_field correct_diary[] = {
        PATH_ID("patient_id", "the patient"),
        PATH_DATE,
        CLOCK("bed", "went to bed"),
        CLOCK("try", "tried to sleep"),
        ANYINT("sol", "minutes to fall asleep"),
        ANYINT("wakes", "awakenings"),
        ANYINT("waso", "minutes awake after sleep onset"),
        CLOCK("final", "final awakening"),
        CLOCK("up", "got up"),
        ANYINT("quality", "sleep quality, 0-4"),
        ANYINT("pain", "usual pain, 0-10"),
        ANYINT("pain_worst", "worst pain, 0-10"),
        ANYINT("activity_min", "minutes of activity"),
        NOTE,
        REASON,
        VERSION,
        {.key = NULL},
};
const struct br_fields br_correct_diary_fields = {
        "DiaryCorrection", "A correction of a diary day", correct_diary};

static const struct br_field void_session[] = {
        PATH_ID("patient_id", "the patient"),
        PATH_ID("session_id", "the session"),
        REASON,
        VERSION,
        {.key = NULL},
};
const struct br_fields br_void_session_fields = {
        "SessionVoid", "A session entered in error", void_session};

static const struct br_field void_diary[] = {
        PATH_ID("patient_id", "the patient"),
        PATH_DATE,
        REASON,
        VERSION,
        {.key = NULL},
};
const struct br_fields br_void_diary_fields = {
        "DiaryVoid", "A diary day entered in error", void_diary};

/* The record being corrected. */
struct rec {
	const char *kind; /* "session", "diary_day" */
	char key[24];     /* id or date */
	int64_t patient_id, id;
	struct br_session ses;
	struct br_diary_day day;
	void *base;
	const struct cfield *cf;
	const struct br_fields *model;
	int version;
	bool voided, signed_;
};

static json_t *
rec_view(const struct rec *r)
{
	return strcmp(r->kind, "session") == 0 ? br_view_session(&r->ses)
	                                       : br_view_diary_day(&r->day);
}

static json_t *
field_json(const struct cfield *f, const void *base)
{
	const char *p = (const char *)base + f->off;
	int v;

	if (f->type == CF_TEXT)
		return json_string(p);
	memcpy(&v, p, sizeof(v));
	return v == BR_UNSET ? json_null() : json_integer(v);
}

/* Finds the record of in: "id" (a session) or "patient_id" + "date". */
static int
load(struct br_app *app, json_t *in, struct rec *r, struct br_err *err)
{
	int64_t episode_id = 0;
	char kind[24] = "";
	int rc;

	memset(r, 0, sizeof(*r));
	if (br_in_has(in, "id") || br_in_has(in, "session_id")) {
		const char *k = br_in_has(in, "id") ? "id" : "session_id";

		rc = br_in_id(in, k, &r->id, err);
		snprintf(r->key, sizeof(r->key), "%lld", (long long)r->id);
		if (rc == 0)
			rc = br_store_record_find(app->store, r->id, kind,
			                          &r->patient_id, &episode_id,
			                          err);
		if (rc < 0)
			return rc;
		r->kind = "session";
		if (br_in_has(in, "patient_id")) {
			int64_t pid;

			rc = br_in_id(in, "patient_id", &pid, err);
			if (rc == 0 && pid != r->patient_id)
				rc = br_error(err, BR_ENOTFOUND, "id",
				              "there is no record %lld",
				              (long long)r->id);
			if (rc < 0)
				return rc;
		}
	} else {
		int32_t day;

		r->kind = "diary_day";
		rc = br_in_id(in, "patient_id", &r->patient_id, err);
		if (rc == 0)
			rc = br_in_date(in, "date", true, &day, err);
		if (rc < 0)
			return rc;
		br_format_date(day, r->key);
	}
	rc = br_store_version_state(app->store, r->patient_id, r->key,
	                            &r->version, &r->voided, &r->signed_, err);
	if (rc == 0 && r->voided)
		return BR_ENOTFOUND; /* err filled by the caller */
	if (rc < 0)
		return rc;
	if (strcmp(r->kind, "session") == 0) {
		rc = br_store_session_get(app->store, r->patient_id, r->id,
		                          &r->ses, err);
		r->base = &r->ses;
		r->cf = session_cfields;
		r->model = &br_session_fields;
	} else {
		rc = br_store_diary_get(app->store, r->patient_id, r->key,
		                        &r->day, err);
		r->base = &r->day;
		r->cf = diary_cfields;
		r->model = &br_diary_fields;
	}
	return rc;
}

/* Signed: explicitly, or BR_SIGN_AFTER_HOURS after it was charted: the
 * timestamps are ISO 8601 UTC of one shape, so the charting time moved on
 * by whole days compares with now as text. */
_Static_assert(BR_SIGN_AFTER_HOURS % 24 == 0,
               "signed_now moves the charting time by whole days");
static bool
signed_now(const struct rec *r)
{
	char now[BR_TS_LEN], due[BR_TS_LEN], day[BR_DATE_LEN];
	int32_t d;

	if (strcmp(r->kind, "session") != 0)
		return false;
	if (r->signed_)
		return true;
	snprintf(day, sizeof(day), "%.10s", r->ses.created_at);
	if (br_parse_date("created_at", day, &d, NULL) < 0)
		return false;
	br_format_date(d + BR_SIGN_AFTER_HOURS / 24, day);
	snprintf(due, sizeof(due), "%s%s", day, r->ses.created_at + 10);
	br_store_now(now);
	return strcmp(now, due) >= 0;
}

/* Who may change r: a practitioner their clinic's records (the API's
 * scope check), an admin nothing clinical, a patient their own diary
 * days within BR_PATIENT_EDIT_DAYS days. */
static int
may_change(struct br_app *app, const struct rec *r, struct br_err *err)
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
	    strcmp(r->kind, "diary_day") == 0) {
		if (br_parse_date("date", r->key, &day, err) < 0)
			return BR_EINVAL;
		if (app->today - day <= BR_PATIENT_EDIT_DAYS)
			return 0;
		return br_error(
		        err, BR_EPERM, "date",
		        "a diary day older than %d days is corrected by "
		        "your practitioner: please ask them",
		        BR_PATIENT_EDIT_DAYS);
	}
	return br_error(err, BR_ENOTFOUND, "id", "there is no record %s",
	                r->key);
}

static int
check_version(json_t *in, const struct rec *r, struct br_err *err)
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
add_version(struct br_app *app, const struct rec *r, const char *action,
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
	        .kind = r->kind,
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
result(const struct rec *r, int version, json_t *changes)
{
	json_t *o = json_object();

	json_object_set_new(o, "kind", json_string(r->kind));
	if (r->id)
		json_object_set_new(o, "id", json_integer(r->id));
	else
		json_object_set_new(o, "date", json_string(r->key));
	json_object_set_new(o, "patient_id", json_integer(r->patient_id));
	json_object_set_new(o, "version", json_integer(version));
	if (changes)
		json_object_set(o, "changes", changes);
	return o;
}

static int
audit(struct br_app *app, const struct rec *r, const char *what,
      struct br_err *err)
{
	char action[48];

	snprintf(action, sizeof(action), "%s.%s",
	         strcmp(r->kind, "session") == 0 ? "session" : "diary", what);
	return br_app_audit(app, action, r->patient_id, r->kind, r->id, err);
}

/* Reads the changed fields of in onto r's record; fills changes. */
static int
set_fields(json_t *in, struct rec *r, json_t *changes, struct br_err *err)
{
	int rc = 0;

	for (const struct cfield *f = r->cf; rc == 0 && f->key; f++) {
		char *p = (char *)r->base + f->off;
		json_t *old;
		int v;

		if (!br_in_has(in, f->key))
			continue;
		old = field_json(f, r->base);
		if (f->type == CF_TEXT) {
			rc = br_in_text_field(in, r->model, f->key, p, f->size,
			                      err);
		} else {
			memcpy(&v, p, sizeof(v));
			rc = f->type == CF_CLOCK
			             ? br_in_clock(in, f->key, &v, err)
			             : br_in_int_field(in, r->model, f->key, &v,
			                               err);
			memcpy(p, &v, sizeof(v));
		}
		if (rc == 0) {
			json_t *now = field_json(f, r->base);

			if (!json_equal(old, now))
				json_object_set_new(changes, f->key,
				                    json_pack("{s:O,s:O}",
				                              "from", old, "to",
				                              now));
			json_decref(now);
		}
		json_decref(old);
	}
	return rc;
}

static int
day_keep(void *ctx, struct br_diary_day *d, struct br_err *err)
{
	const struct br_diary_day *want = ctx;

	(void)err;
	*d = *want;
	d->updated_at[0] = '\0';
	return 0;
}

static int
write_rec(struct br_app *app, struct rec *r, struct br_err *err)
{
	if (strcmp(r->kind, "session") == 0) {
		int rc = br_store_session_delete(app->store, r->patient_id,
		                                 r->id, err);

		return rc < 0 ? rc : br_app_session_apply(app, &r->ses, err);
	}
	return br_app_diary_apply(app, r->patient_id, r->key, day_keep, &r->day,
	                          NULL, NULL, err);
}

static int
not_found(const struct rec *r, struct br_err *err)
{
	return br_error(err, BR_ENOTFOUND, r->id ? "id" : "date",
	                "there is no record %s", r->key);
}

static int
load_checked(struct br_app *app, json_t *in, struct rec *r, struct br_err *err)
{
	int rc = load(app, in, r, err);

	if (rc == BR_ENOTFOUND)
		return not_found(r, err);
	if (rc == 0)
		rc = may_change(app, r, err);
	return rc;
}

/* Refusals are audited in a transaction of their own. */
static int
refused(struct br_app *app, const struct rec *r, int rc)
{
	if ((rc == BR_EPERM || rc == BR_ENOTFOUND) && r->patient_id &&
	    app->user_id) {
		struct br_err e2 = {0};
		char action[48];

		snprintf(action, sizeof(action), "%s.correct.denied",
		         r->kind && strcmp(r->kind, "session") == 0 ? "session"
		                                                    : "diary");
		br_app_audit_commit(app, action, r->patient_id, r->kind, r->id,
		                    &e2);
	}
	return rc;
}

int
br_app_record_edit(struct br_app *app, json_t *in, json_t **out,
                   struct br_err *err)
{
	struct rec r;
	const char *reason = NULL;
	json_t *changes = json_object(), *snapshot = NULL;
	int rc = br_store_begin(app->store, err);

	if (rc < 0) {
		json_decref(changes);
		return rc;
	}
	rc = load_checked(app, in, &r, err);
	if (rc == 0) {
		const struct br_fields *t = strcmp(r.kind, "session") == 0
		                                    ? &br_correct_session_fields
		                                    : &br_correct_diary_fields;
		const char *allowed[32];
		size_t n = 0;

		allowed[n++] = "id";
		for (const struct br_field *f = t->fields; f->key && n < 31;
		     f++)
			allowed[n++] = f->key;
		allowed[n] = NULL;
		rc = br_in_only(in, allowed, err);
	}
	if (rc == 0)
		rc = br_in_text(in, "reason", 500, true, &reason, err);
	if (rc == 0 && (!reason || !reason[0]))
		rc = br_error(err, BR_EINVAL, "reason",
		              "reason is required: say why the record is "
		              "corrected");
	if (rc == 0)
		rc = check_version(in, &r, err);
	if (rc == 0) {
		snapshot = rec_view(&r);
		rc = set_fields(in, &r, changes, err);
	}
	if (rc == 0 && json_object_size(changes) == 0)
		rc = br_error(
		        err, BR_EINVAL, "reason",
		        "nothing to correct: give a field with a new value");
	if (rc == 0 && strcmp(r.kind, "session") == 0)
		rc = br_rec_session_check(&r.ses, err);
	if (rc == 0 && strcmp(r.kind, "diary_day") == 0)
		rc = br_rec_day_check(&r.day, err);
	if (rc == 0)
		rc = write_rec(app, &r, err);
	if (rc == 0)
		rc = add_version(app, &r, signed_now(&r) ? "amend" : "correct",
		                 reason, changes, snapshot, err);
	if (rc == 0)
		rc = audit(app, &r, "correct", err);
	json_decref(snapshot);
	if (rc < 0) {
		json_decref(changes);
		rc = br_app_finish(app, rc, NULL, out, err);
		return refused(app, &r, rc);
	}
	{
		json_t *res = result(&r, r.version + 1, changes);

		json_object_set_new(res, "record", rec_view(&r));
		json_decref(changes);
		return br_app_finish(app, 0, res, out, err);
	}
}

int
br_app_record_void(struct br_app *app, json_t *in, json_t **out,
                   struct br_err *err)
{
	struct rec r;
	const char *reason = NULL;
	json_t *snapshot = NULL;
	int rc = br_store_begin(app->store, err);

	if (rc < 0)
		return rc;
	rc = load_checked(app, in, &r, err);
	if (rc == 0)
		rc = br_in_text(in, "reason", 500, true, &reason, err);
	if (rc == 0 && (!reason || !reason[0]))
		rc = br_error(err, BR_EINVAL, "reason",
		              "reason is required: say why the record was "
		              "entered in error");
	if (rc == 0)
		rc = check_version(in, &r, err);
	if (rc == 0) {
		snapshot = rec_view(&r);
		rc = strcmp(r.kind, "session") == 0
		             ? br_store_session_delete(app->store, r.patient_id,
		                                       r.id, err)
		             : br_store_diary_delete(app->store, r.patient_id,
		                                     r.key, err);
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
		return refused(app, &r, rc);
	}
	{
		json_t *res = result(&r, r.version + 1, NULL);

		json_object_set_new(res, "status",
		                    json_string("entered-in-error"));
		return br_app_finish(app, 0, res, out, err);
	}
}

int
br_app_record_sign(struct br_app *app, json_t *in, json_t **out,
                   struct br_err *err)
{
	struct rec r;
	json_t *snapshot = NULL;
	int rc = br_store_begin(app->store, err);

	if (rc < 0)
		return rc;
	rc = load_checked(app, in, &r, err);
	if (rc == 0 && strcmp(r.kind, "session") != 0)
		rc = br_error(err, BR_EINVAL, "id", "only a session is signed");
	if (rc == 0 && r.signed_)
		rc = br_error(err, BR_ECONFLICT, "id",
		              "session %s is already signed", r.key);
	if (rc == 0) {
		json_t *ch = json_object();

		snapshot = rec_view(&r);
		rc = add_version(app, &r, "sign", "", ch, snapshot, err);
		json_decref(ch);
	}
	if (rc == 0)
		rc = audit(app, &r, "sign", err);
	json_decref(snapshot);
	if (rc < 0) {
		rc = br_app_finish(app, rc, NULL, out, err);
		return refused(app, &r, rc);
	}
	{
		json_t *res = result(&r, r.version + 1, NULL);

		json_object_set_new(res, "signed", json_true());
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

int
br_app_record_history(struct br_app *app, json_t *in, json_t **out,
                      struct br_err *err)
{
	struct rec r;
	json_t *arr = json_array();
	int rc = br_store_begin(app->store, err);

	if (rc < 0) {
		json_decref(arr);
		return rc;
	}
	rc = load(app, in, &r, err);
	/* A voided record's history is still shown. */
	if (rc == BR_ENOTFOUND && r.voided)
		rc = 0, br_err_clear(err);
	else if (rc == BR_ENOTFOUND)
		rc = not_found(&r, err);
	if (rc == 0 && app->user_id) {
		struct br_user u;

		rc = br_store_user_get(app->store, app->user_id, &u, err);
		if (rc == 0 && strcmp(u.role, "admin") == 0)
			rc = not_found(&r, err);
	}
	if (rc == 0)
		rc = br_store_version_scan(app->store, r.patient_id, r.key,
		                           add_row, arr, err);
	if (rc == 0)
		rc = audit(app, &r, "history", err);
	if (rc < 0) {
		json_decref(arr);
		rc = br_app_finish(app, rc, NULL, out, err);
		return refused(app, &r, rc);
	}
	{
		json_t *res = result(&r, r.version, NULL);

		json_object_set_new(res, "voided", json_boolean(r.voided));
		json_object_set_new(res, "signed",
		                    json_boolean(!r.voided && signed_now(&r)));
		json_object_set_new(res, "versions", arr);
		return br_app_finish(app, 0, res, out, err);
	}
}

int
br_app_record_get(struct br_app *app, json_t *in, json_t **out,
                  struct br_err *err)
{
	struct rec r;
	int rc = br_store_begin(app->store, err);

	if (rc < 0)
		return rc;
	rc = load(app, in, &r, err);
	if (rc == BR_ENOTFOUND)
		rc = not_found(&r, err);
	if (rc == 0)
		rc = audit(app, &r, "read", err);
	if (rc < 0)
		return br_app_finish(app, rc, NULL, out, err);
	{
		json_t *res = result(&r, r.version, NULL);

		json_object_set_new(res, "signed",
		                    json_boolean(signed_now(&r)));
		json_object_set_new(
		        res, "corrected",
		        json_boolean(r.version > 1 + (r.signed_ ? 1 : 0)));
		json_object_set_new(res, "record", rec_view(&r));
		return br_app_finish(app, 0, res, out, err);
	}
}

struct voided {
	const struct br_voided_fns *fns;
	struct br_err *err;
};

static int
voided_one(void *ctx, const struct br_record_version *v)
{
	struct voided *vc = ctx;
	json_t *snap = json_loads(v->snapshot, 0, NULL),
	       *changes = json_object();
	struct rec r;
	int rc;

	memset(&r, 0, sizeof(r));
	r.patient_id = v->patient_id;
	if (strcmp(v->kind, "session") == 0) {
		const char *day =
		        json_string_value(json_object_get(snap, "date"));
		const char *at =
		        json_string_value(json_object_get(snap, "created_at"));

		br_session_init(&r.ses);
		r.ses.id = json_integer_value(json_object_get(snap, "id"));
		r.ses.patient_id = v->patient_id;
		r.ses.episode_id =
		        json_integer_value(json_object_get(snap, "episode_id"));
		snprintf(r.ses.day, sizeof(r.ses.day), "%s", day ? day : "");
		snprintf(r.ses.created_at, sizeof(r.ses.created_at), "%s",
		         at ? at : v->at);
		r.base = &r.ses;
		r.cf = session_cfields;
		r.model = &br_session_fields;
	} else {
		br_diary_day_init(&r.day);
		r.day.patient_id = v->patient_id;
		snprintf(r.day.day, sizeof(r.day.day), "%s", v->key);
		snprintf(r.day.updated_at, sizeof(r.day.updated_at), "%s",
		         v->at);
		r.base = &r.day;
		r.cf = diary_cfields;
		r.model = &br_diary_fields;
	}
	/* The snapshot is the record's view, whose keys are its input's. */
	rc = snap ? set_fields(snap, &r, changes, vc->err) : BR_EDB;
	if (rc == 0 && r.base == &r.ses)
		rc = vc->fns->on_session(vc->fns->ctx, &r.ses, vc->err);
	else if (rc == 0)
		rc = vc->fns->on_day(vc->fns->ctx, &r.day, vc->err);
	json_decref(snap);
	json_decref(changes);
	return rc;
}

int
br_app_voided_records(struct br_store *s, int64_t patient_id,
                      const struct br_voided_fns *fns, struct br_err *err)
{
	struct voided vc = {fns, err};

	return br_store_voided_scan(s, patient_id, voided_one, &vc, err);
}
