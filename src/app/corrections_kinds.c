/*
 * corrections_kinds.c - the record kinds a correction takes: for each,
 * where its model table's fields live in the record, how the record is
 * found, written again through the kind's own rules, and taken out when
 * entered in error (corrections_internal.h).
 *
 * A kind whose records others refer to (a session, a patient, an
 * episode, a herbal prescription) is written in place by its correct
 * function, which runs its apply's rules.  The others are taken out and
 * written again by their apply, inside the same transaction, so a
 * correction is refused exactly as the record would be; an apply that
 * numbers what it stores (a screen, a visit, a TCM assessment) or sets
 * its time (a check-in) has its record put back under its own id and
 * time afterwards.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/checkin.h"
#include "app/corrections_internal.h"
#include "app/exercise.h"
#include "app/herbal.h"
#include "app/intake.h"
#include "app/internal.h"
#include "app/measures.h"
#include "app/pacing.h"
#include "app/plan.h"
#include "app/screening.h"
#include "app/tcm.h"
#include "app/visits.h"
#include "core/visits.h"
#include "model/checks.h"
#include "model/checks_clinical.h"
#include "model/checks_plan.h"
#include "model/checks_tcm.h"
#include "model/intake_fields.h"
#include "store/exercises.h"
#include "store/measures.h"
#include "store/pacing.h"
#include "store/screenings.h"
#include "store/tcm.h"
#include "store/versions.h"

#define NONE              ((size_t)-1)
#define MEMBER_SIZE(T, m) sizeof(((T *)0)->m)
#define F(T, k, s, m)                                                          \
	{                                                                      \
		.key = k, .store = s, .off = offsetof(T, m),                   \
		.size = MEMBER_SIZE(T, m)                                      \
	}
#define LIST(T, k, n, arr)                                                     \
	{                                                                      \
		.key = k, .store = CF_LIST, .off = offsetof(T, n),             \
		.items = offsetof(T, arr), .size = MEMBER_SIZE(T, arr[0]),     \
		.max = (int)(MEMBER_SIZE(T, arr) / MEMBER_SIZE(T, arr[0]))     \
	}
#define HOOK(k, g, s)                                                          \
	{                                                                      \
		.key = k, .store = CF_HOOK, .get = g, .set = s                 \
	}
#define END                                                                    \
	{                                                                      \
		.key = NULL                                                    \
	}

/* A record of a list (the episode's measures ...) by id; out (n bytes
 * each) gets it, or BR_ENOTFOUND. */
static int
pick(const void *arr, size_t n, size_t size, size_t id_off, int64_t id,
     void *out, struct br_err *err)
{
	for (size_t i = 0; i < n; i++) {
		const char *p = (const char *)arr + i * size;
		int64_t v;

		memcpy(&v, p + id_off, sizeof(v));
		if (v == id) {
			memcpy(out, p, size);
			return 0;
		}
	}
	return br_error(err, BR_ENOTFOUND, "id", "there is no record %lld",
	                (long long)id);
}

#define PICK(call, T, r, err)                                                  \
	do {                                                                   \
		T *arr_ = NULL;                                                \
		size_t n_ = 0;                                                 \
		int rc_ = (call);                                              \
		if (rc_ == 0)                                                  \
			rc_ = pick(arr_, n_, sizeof(T), offsetof(T, id),       \
			           (r)->id, (r)->rec, err);                    \
		free(arr_);                                                    \
		return rc_;                                                    \
	} while (0)

static int
episode_of(struct br_app *app, const struct crec *r, struct br_episode *e,
           struct br_err *err)
{
	return br_store_episode_get(app->store, r->episode_id, e, err);
}

/* The rows of r taken out, then written again by the kind's apply. */
static int
take_out(struct br_app *app, const struct crec *r, struct br_err *err)
{
	return br_store_record_delete(app->store, r->k->name, r->patient_id,
	                              r->id, err);
}

static int
remove_rows(struct br_app *app, struct crec *r, json_t *snapshot,
            struct br_err *err)
{
	(void)snapshot;
	return take_out(app, r, err);
}

/* Diary days ------------------------------------------------------------ */

static const struct cfield day_fields[] = {
        F(struct br_diary_day, "bed", CF_CLOCK, night.bed),
        F(struct br_diary_day, "try", CF_CLOCK, night.try_),
        F(struct br_diary_day, "sol", CF_INT, night.sol),
        F(struct br_diary_day, "wakes", CF_INT, night.wakes),
        F(struct br_diary_day, "waso", CF_INT, night.waso),
        F(struct br_diary_day, "final", CF_CLOCK, night.final),
        F(struct br_diary_day, "up", CF_CLOCK, night.up),
        F(struct br_diary_day, "quality", CF_INT, night.quality),
        F(struct br_diary_day, "pain", CF_INT, pain),
        F(struct br_diary_day, "pain_worst", CF_INT, pain_worst),
        F(struct br_diary_day, "activity_min", CF_INT, activity_min),
        F(struct br_diary_day, "note", CF_TEXT, note),
        END,
};
/* The routine's ticks are records of their own; entry_id is the sending
 * device's, not the day's. */
static const char *const day_fixed[] = {"routine", "entry_id", NULL};

static int
day_load(struct br_app *app, struct crec *r, struct br_err *err)
{
	return br_store_diary_get(app->store, r->patient_id, r->date, r->rec,
	                          err);
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
day_write(struct br_app *app, struct crec *r, struct br_err *err)
{
	/* Not an import: the day's time is now. */
	bool history = app->history;
	int rc;

	app->history = false;
	rc = br_app_diary_apply(app, r->patient_id, r->date, day_keep, r->rec,
	                        NULL, NULL, err);
	app->history = history;
	return rc;
}

static int
day_remove(struct br_app *app, struct crec *r, json_t *snapshot,
           struct br_err *err)
{
	(void)snapshot;
	return br_store_diary_delete(app->store, r->patient_id, r->date, err);
}

static const struct ckind k_day = {
        .name = "diary_day",
        .audit = "diary",
        .noun = "diary day",
        .id_key = "date",
        .model = &br_diary_fields,
        .fields = day_fields,
        .fixed = day_fixed,
        .size = sizeof(struct br_diary_day),
        .id_off = NONE,
        .episode_off = NONE,
        .created_off = NONE,
        .flags = CK_PATIENT,
        .load = day_load,
        .write = day_write,
        .remove = day_remove,
};

/* Sessions -------------------------------------------------------------- */

static json_t *
session_list_json(const struct br_session *x, const char *key)
{
	json_t *a = json_array();

	if (strcmp(key, "modality") == 0)
		for (int i = 0; i < x->n_modalities; i++)
			json_array_append_new(a, json_string(x->modalities[i]));
	else if (strcmp(key, "regions") == 0)
		for (int i = 0; i < x->n_regions; i++)
			json_array_append_new(a, json_string(x->regions[i]));
	else if (strcmp(key, "adverse") == 0)
		for (int i = 0; i < x->n_adverse; i++)
			json_array_append_new(a, json_string(x->adverse[i]));
	else
		for (int i = 0; i < x->n_points; i++) {
			const struct br_session_point *p = &x->points[i];
			char text[32];

			/* As typed: BL23:L, DU4 (midline), ashi:both. */
			snprintf(text, sizeof(text), "%s%s%.1s", p->point,
			         strcmp(p->side, "midline") == 0 ||
			                         strcmp(p->side, "both") == 0
			                 ? ""
			                 : ":",
			         strcmp(p->side, "midline") == 0 ||
			                         strcmp(p->side, "both") == 0
			                 ? ""
			                 : (strcmp(p->side, "left") == 0
			                            ? "L"
			                            : "R"));
			json_array_append_new(a, json_string(text));
		}
	return a;
}

static json_t *
get_modality(const void *rec)
{
	return session_list_json(rec, "modality");
}
static json_t *
get_points(const void *rec)
{
	return session_list_json(rec, "points");
}
static json_t *
get_regions(const void *rec)
{
	return session_list_json(rec, "regions");
}
static json_t *
get_adverse(const void *rec)
{
	return session_list_json(rec, "adverse");
}

static int
set_session_list(struct br_app *app, json_t *in, const char *key, void *rec,
                 struct br_err *err)
{
	(void)app;
	return br_app_session_list_set(in, key, rec, err);
}

static const struct cfield session_fields[] = {
        F(struct br_session, "date", CF_TEXT, day),
        HOOK("modality", get_modality, set_session_list),
        HOOK("points", get_points, set_session_list),
        F(struct br_session, "needles", CF_INT, needles),
        F(struct br_session, "minutes", CF_INT, retention_min),
        F(struct br_session, "depth_mm", CF_INT, depth_mm),
        F(struct br_session, "deqi", CF_TRI, deqi),
        F(struct br_session, "stimulation", CF_TEXT, stimulation),
        F(struct br_session, "needle_size", CF_TEXT, needle_size),
        F(struct br_session, "ea_hz", CF_TEXT, ea_hz),
        F(struct br_session, "ea_waveform", CF_TEXT, ea_waveform),
        F(struct br_session, "ea_minutes", CF_INT, ea_minutes),
        F(struct br_session, "ea_ma", CF_NUM, ea_ma),
        F(struct br_session, "position", CF_TEXT, position),
        F(struct br_session, "cupping", CF_TEXT, cupping),
        F(struct br_session, "moxa", CF_TEXT, moxa),
        F(struct br_session, "massage", CF_TEXT, massage),
        HOOK("regions", get_regions, set_session_list),
        F(struct br_session, "pain_before", CF_INT, pain_before),
        F(struct br_session, "pain_after", CF_INT, pain_after),
        HOOK("adverse", get_adverse, set_session_list),
        F(struct br_session, "note", CF_TEXT, note),
        END,
};
/* Red flags found at the visit are a screen of their own. */
static const char *const session_fixed[] = {"flags", NULL};

static int
session_load(struct br_app *app, struct crec *r, struct br_err *err)
{
	return br_store_session_get(app->store, r->patient_id, r->id, r->rec,
	                            err);
}

static int
session_write(struct br_app *app, struct crec *r, struct br_err *err)
{
	return br_app_session_correct(app, r->rec, err);
}

static int
session_remove(struct br_app *app, struct crec *r, json_t *snapshot,
               struct br_err *err)
{
	char what[32] = "";
	int rc = br_store_session_referrers(app->store, r->patient_id, r->id,
	                                    what, err);

	(void)snapshot;
	if (rc == 0 && what[0])
		rc = br_error(err, BR_ECONFLICT, "id",
		              "session %lld has a %s: mark that entered in "
		              "error first",
		              (long long)r->id, what);
	return rc < 0 ? rc : take_out(app, r, err);
}

static const struct ckind k_session = {
        .name = "session",
        .audit = "session",
        .noun = "session",
        .id_key = "session_id",
        .model = &br_session_fields,
        .fields = session_fields,
        .fixed = session_fixed,
        .size = sizeof(struct br_session),
        .id_off = offsetof(struct br_session, id),
        .episode_off = offsetof(struct br_session, episode_id),
        .created_off = offsetof(struct br_session, created_at),
        .flags = CK_SIGNS,
        .load = session_load,
        .write = session_write,
        .remove = session_remove,
};

/* Measures -------------------------------------------------------------- */

static json_t *
get_answers(const void *rec)
{
	const struct br_measure *m = rec;
	json_t *a = json_array();

	for (int i = 0; i < m->n_items; i++)
		json_array_append_new(a, br_json_int_opt(m->codes[i]));
	return a;
}

static int
set_answers(struct br_app *app, json_t *in, const char *key, void *rec,
            struct br_err *err)
{
	struct br_measure *m = rec;
	int n = 0, rc;

	(void)app;
	rc = br_field_codes(key, json_object_get(in, key), m->codes,
	                    BR_MEASURE_MAX_ITEMS, &n, err);
	if (rc == 0 && n > BR_MEASURE_MAX_ITEMS)
		rc = br_error(err, BR_EINVAL, key,
		              "answers may have at most %d items, not %d",
		              BR_MEASURE_MAX_ITEMS, n);
	if (rc == 0)
		m->n_items = n;
	return rc;
}

static const struct cfield measure_fields[] = {
        F(struct br_measure, "instrument", CF_TEXT, instrument),
        HOOK("answers", get_answers, set_answers),
        F(struct br_measure, "date", CF_TEXT, day),
        END,
};

static int
measure_load(struct br_app *app, struct crec *r, struct br_err *err)
{
	PICK(br_store_measure_list(app->store, r->patient_id, r->episode_id,
	                           NULL, &arr_, &n_, err),
	     struct br_measure, r, err);
}

static int
measure_write(struct br_app *app, struct crec *r, struct br_err *err)
{
	const struct br_measure *was = r->orig;
	struct br_measure *m = r->rec;
	struct br_episode e;
	/* The score follows the answers (and the instrument). */
	int rc = br_app_measure_rescore(app, m, err);

	if (rc == 0)
		rc = episode_of(app, r, &e, err);
	if (rc == 0)
		rc = take_out(app, r, err);
	if (rc == 0)
		rc = br_app_measure_apply(app, &e, m, err);
	if (rc == 0 && strcmp(was->instrument, m->instrument) != 0)
		rc = br_app_measure_removed(app, &e, was->instrument, err);
	return rc;
}

static int
measure_remove(struct br_app *app, struct crec *r, json_t *snapshot,
               struct br_err *err)
{
	const struct br_measure *m = r->rec;
	struct br_episode e;
	int rc = episode_of(app, r, &e, err);

	(void)snapshot;
	if (rc == 0)
		rc = take_out(app, r, err);
	/* The risk group follows the measures left. */
	if (rc == 0)
		rc = br_app_measure_removed(app, &e, m->instrument, err);
	return rc;
}

static const struct ckind k_measure = {
        .name = "measure",
        .audit = "measure",
        .noun = "measure",
        .id_key = "measure_id",
        .model = &br_measure_fields,
        .fields = measure_fields,
        .size = sizeof(struct br_measure),
        .id_off = offsetof(struct br_measure, id),
        .episode_off = offsetof(struct br_measure, episode_id),
        .created_off = offsetof(struct br_measure, created_at),
        .load = measure_load,
        .write = measure_write,
        .remove = measure_remove,
};

/* Red-flag screens ------------------------------------------------------ */

static json_t *
get_none(const void *rec)
{
	const struct br_screening *x = rec;

	return json_boolean(x->n_flags == 0);
}

static int
set_none(struct br_app *app, json_t *in, const char *key, void *rec,
         struct br_err *err)
{
	struct br_screening *x = rec;
	bool none = false;
	int rc = br_in_bool(in, key, &none, err);

	(void)app;
	if (rc == 0 && none)
		x->n_flags = 0;
	return rc;
}

static json_t *
get_flags(const void *rec)
{
	const struct br_screening *x = rec;
	json_t *a = json_array();

	for (int i = 0; i < x->n_flags; i++)
		json_array_append_new(a, json_string(x->flags[i]));
	return a;
}

static int
set_flags(struct br_app *app, json_t *in, const char *key, void *rec,
          struct br_err *err)
{
	struct br_screening *x = rec;
	struct br_flag_input f;
	int rc;

	(void)app;
	if (!br_in_has(in, key))
		return br_error(err, BR_EINVAL, key,
		                "%s must be 'none' or red-flag ids (see "
		                "'backrest screen flags')",
		                key);
	rc = br_app_read_flags(in, key, &f, err);
	if (rc < 0)
		return rc;
	x->n_flags = 0;
	for (int i = 0; i < f.n && i < BR_SCREENING_MAX_FLAGS; i++)
		snprintf(x->flags[x->n_flags++], sizeof(x->flags[0]), "%s",
		         f.ids[i]);
	return 0;
}

static const struct cfield screening_fields[] = {
        HOOK("none", get_none, set_none),
        HOOK("flags", get_flags, set_flags),
        F(struct br_screening, "date", CF_TEXT, day),
        END,
};

static int
screening_load(struct br_app *app, struct crec *r, struct br_err *err)
{
	PICK(br_store_screening_list(app->store, r->patient_id, r->episode_id,
	                             &arr_, &n_, err),
	     struct br_screening, r, err);
}

static int
screening_write(struct br_app *app, struct crec *r, struct br_err *err)
{
	const struct br_screening *was = r->orig;
	struct br_screening *x = r->rec;
	struct br_screen_result res;
	struct br_episode e;
	int rc = episode_of(app, r, &e, err);

	if (rc == 0)
		rc = take_out(app, r, err);
	if (rc == 0)
		rc = br_app_screen_apply(app, &e, x, &res, err);
	/* Back under its own id, with who screened it, when, and its
	 * clearance. */
	if (rc == 0)
		rc = br_store_record_delete(app->store, "screening",
		                            r->patient_id, x->id, err);
	if (rc == 0) {
		x->id = r->id;
		memcpy(x->screened_by, was->screened_by,
		       sizeof(x->screened_by));
		memcpy(x->cleared_at, was->cleared_at, sizeof(x->cleared_at));
		memcpy(x->cleared_by, was->cleared_by, sizeof(x->cleared_by));
		memcpy(x->clear_reason, was->clear_reason,
		       sizeof(x->clear_reason));
		memcpy(x->created_at, was->created_at, sizeof(x->created_at));
		rc = br_store_screening_insert(app->store, x, err);
	}
	return rc;
}

static const struct ckind k_screening = {
        .name = "screening",
        .audit = "screening",
        .noun = "screen",
        .id_key = "screening_id",
        .model = &br_screen_fields,
        .fields = screening_fields,
        .size = sizeof(struct br_screening),
        .id_off = offsetof(struct br_screening, id),
        .episode_off = offsetof(struct br_screening, episode_id),
        .created_off = offsetof(struct br_screening, created_at),
        .load = screening_load,
        .write = screening_write,
        .remove = remove_rows,
};

/* Visits ---------------------------------------------------------------- */

static json_t *
get_at(const void *rec)
{
	const struct br_visit *v = rec;
	char at[BR_DATETIME_LEN];

	br_format_datetime(v->starts_at, at);
	return json_string(at);
}

static int
set_at(struct br_app *app, json_t *in, const char *key, void *rec,
       struct br_err *err)
{
	struct br_visit *v = rec;
	const char *s = json_string_value(json_object_get(in, key));
	int32_t day;
	int minute;
	int rc;

	(void)app;
	if (s == NULL)
		return br_error(err, BR_EINVAL, key, "%s is required", key);
	rc = br_parse_datetime(key, s, &day, &minute, err);
	if (rc == 0)
		v->starts_at = br_local_minute(day, minute);
	return rc;
}

static const struct cfield visit_fields[] = {
        HOOK("at", get_at, set_at),
        F(struct br_visit, "minutes", CF_INT, minutes),
        F(struct br_visit, "where", CF_TEXT, place),
        F(struct br_visit, "address", CF_TEXT, address),
        END,
};
/* Another practitioner is a new booking. */
static const char *const visit_fixed[] = {"practitioner_id", NULL};

static int
visit_load(struct br_app *app, struct crec *r, struct br_err *err)
{
	return br_store_visit_get(app->store, r->id, "id", r->rec, err);
}

static int
visit_write(struct br_app *app, struct crec *r, struct br_err *err)
{
	const struct br_visit *was = r->orig;
	struct br_visit *v = r->rec;
	struct br_episode e;
	int rc = episode_of(app, r, &e, err);

	if (rc == 0)
		rc = take_out(app, r, err);
	if (rc == 0)
		rc = br_app_visit_apply(app, &e, v, err);
	/* Back under its own id, as attended, missed or cancelled as it
	 * was, with its session. */
	if (rc == 0)
		rc = br_store_record_delete(app->store, "visit", r->patient_id,
		                            v->id, err);
	if (rc == 0) {
		v->id = r->id;
		memcpy(v->status, was->status, sizeof(v->status));
		v->session_id = was->session_id;
		memcpy(v->created_at, was->created_at, sizeof(v->created_at));
		rc = br_store_visit_insert(app->store, v, err);
	}
	return rc;
}

static const struct ckind k_visit = {
        .name = "visit",
        .audit = "visit",
        .noun = "visit",
        .id_key = "visit_id",
        .model = &br_visit_fields,
        .fields = visit_fields,
        .fixed = visit_fixed,
        .size = sizeof(struct br_visit),
        .id_off = offsetof(struct br_visit, id),
        .episode_off = offsetof(struct br_visit, episode_id),
        .created_off = offsetof(struct br_visit, created_at),
        .load = visit_load,
        .write = visit_write,
        .remove = remove_rows,
};

/* Check-ins (named by their session) ----------------------------------- */

static const struct cfield checkin_fields[] = {
        F(struct br_checkin, "date", CF_TEXT, day),
        F(struct br_checkin, "soreness", CF_INT, soreness),
        F(struct br_checkin, "energy", CF_TEXT, energy),
        F(struct br_checkin, "mood", CF_TEXT, mood),
        F(struct br_checkin, "unusual", CF_TEXT, unusual),
        END,
};

static int
checkin_load(struct br_app *app, struct crec *r, struct br_err *err)
{
	int rc = br_store_checkin_get(app->store, r->patient_id, r->id, r->rec,
	                              err);

	if (rc == BR_ENOTFOUND)
		return br_error(err, BR_ENOTFOUND, "session_id",
		                "session %lld has no check-in",
		                (long long)r->id);
	return rc;
}

static int
checkin_write(struct br_app *app, struct crec *r, struct br_err *err)
{
	const struct br_checkin *was = r->orig;
	struct br_checkin *c = r->rec;
	struct br_session_brief s;
	int rc = br_store_session_brief(app->store, r->id, "session_id", &s,
	                                err);

	if (rc == 0)
		rc = take_out(app, r, err);
	if (rc == 0)
		rc = br_app_checkin_apply(app, &s, c, err);
	/* Answered when it was answered. */
	if (rc == 0)
		rc = take_out(app, r, err);
	if (rc == 0) {
		memcpy(c->created_at, was->created_at, sizeof(c->created_at));
		rc = br_store_checkin_insert(app->store, c, err);
	}
	return rc;
}

static const struct ckind k_checkin = {
        .name = "checkin",
        .audit = "checkin",
        .noun = "check-in",
        .id_key = NULL, /* br_app_checkin_* take the session's */
        .model = &br_checkin_fields,
        .fields = checkin_fields,
        .size = sizeof(struct br_checkin),
        .id_off = NONE,
        .episode_off = offsetof(struct br_checkin, episode_id),
        .created_off = offsetof(struct br_checkin, created_at),
        .load = checkin_load,
        .write = checkin_write,
        .remove = remove_rows,
};

/* Herbal prescriptions ------------------------------------------------- */

static const struct cfield herbal_fields[] = {
        F(struct br_herbal, "date", CF_TEXT, day),
        F(struct br_herbal, "pinyin", CF_TEXT, pinyin),
        F(struct br_herbal, "chinese", CF_TEXT, chinese),
        F(struct br_herbal, "english", CF_TEXT, english),
        F(struct br_herbal, "form", CF_TEXT, form),
        F(struct br_herbal, "dose", CF_TEXT, dose),
        F(struct br_herbal, "duration", CF_TEXT, duration),
        F(struct br_herbal, "instructions", CF_TEXT, instructions),
        F(struct br_herbal, "modifications", CF_TEXT, modifications),
        F(struct br_herbal, "pharmacy", CF_TEXT, pharmacy),
        END,
};

static int
herbal_load(struct br_app *app, struct crec *r, struct br_err *err)
{
	return br_store_herbal_get(app->store, r->id, "id", r->rec, err);
}

static int
herbal_write(struct br_app *app, struct crec *r, struct br_err *err)
{
	struct br_episode e;
	int rc = episode_of(app, r, &e, err);

	return rc < 0 ? rc : br_app_herbal_correct(app, &e, r->rec, err);
}

/* The adverse effects reported for it leave with it: they are kept in
 * its last version. */
static int
herbal_remove(struct br_app *app, struct crec *r, json_t *snapshot,
              struct br_err *err)
{
	struct br_herbal_adverse *arr = NULL;
	json_t *list = json_array();
	size_t n = 0;
	int rc = br_store_herbal_adverse_list(app->store, r->patient_id,
	                                      r->episode_id, &arr, &n, err);

	for (size_t i = 0; rc == 0 && i < n; i++)
		if (arr[i].prescription_id == r->id)
			json_array_append_new(
			        list,
			        json_pack("{s:s, s:s, s:o, s:s}", "date",
			                  arr[i].day, "effect", arr[i].effect,
			                  "severity",
			                  br_json_text_opt(arr[i].severity),
			                  "note", arr[i].note));
	free(arr);
	if (json_array_size(list))
		json_object_set(snapshot, "adverse_effects", list);
	json_decref(list);
	return rc < 0 ? rc : take_out(app, r, err);
}

static const struct ckind k_herbal = {
        .name = "herbal",
        .audit = "herbal",
        .noun = "prescription",
        .id_key = "prescription_id",
        .model = &br_herbal_fields,
        .fields = herbal_fields,
        .size = sizeof(struct br_herbal),
        .id_off = offsetof(struct br_herbal, id),
        .episode_off = offsetof(struct br_herbal, episode_id),
        .created_off = offsetof(struct br_herbal, created_at),
        .load = herbal_load,
        .write = herbal_write,
        .remove = herbal_remove,
};

/* Plan items ------------------------------------------------------------ */

static const struct cfield plan_fields[] = {
        F(struct br_plan_item, "treatment", CF_TEXT, treatment),
        F(struct br_plan_item, "sessions", CF_INT, sessions),
        F(struct br_plan_item, "per_week", CF_NUM, per_week),
        F(struct br_plan_item, "trial", CF_INT, trial),
        F(struct br_plan_item, "note", CF_TEXT, note),
        END,
};

static int
plan_load(struct br_app *app, struct crec *r, struct br_err *err)
{
	PICK(br_store_plan_item_list(app->store, r->patient_id, r->episode_id,
	                             &arr_, &n_, err),
	     struct br_plan_item, r, err);
}

static int
plan_write(struct br_app *app, struct crec *r, struct br_err *err)
{
	struct br_episode e;
	int rc = episode_of(app, r, &e, err);

	if (rc == 0)
		rc = take_out(app, r, err);
	return rc < 0 ? rc : br_app_plan_item_apply(app, &e, r->rec, err);
}

static const struct ckind k_plan = {
        .name = "plan_item",
        .audit = "plan",
        .noun = "plan item",
        .id_key = "item_id",
        .model = &br_plan_item_fields,
        .fields = plan_fields,
        .size = sizeof(struct br_plan_item),
        .id_off = offsetof(struct br_plan_item, id),
        .episode_off = offsetof(struct br_plan_item, episode_id),
        .created_off = offsetof(struct br_plan_item, created_at),
        .load = plan_load,
        .write = plan_write,
        .remove = remove_rows,
};

/* Exercise logs --------------------------------------------------------- */

static const struct cfield exercise_fields[] = {
        F(struct br_exercise_log, "exercise", CF_TEXT, exercise),
        F(struct br_exercise_log, "date", CF_TEXT, day),
        F(struct br_exercise_log, "reps", CF_INT, reps),
        F(struct br_exercise_log, "pain_during", CF_INT, pain_during),
        F(struct br_exercise_log, "next_morning", CF_INT, next_morning),
        F(struct br_exercise_log, "rom_loss", CF_BOOL, rom_loss),
        F(struct br_exercise_log, "reinjury", CF_BOOL, reinjury),
        END,
};

static int
exercise_load(struct br_app *app, struct crec *r, struct br_err *err)
{
	PICK(br_store_exercise_log_list(app->store, r->patient_id,
	                                r->episode_id, NULL, &arr_, &n_, err),
	     struct br_exercise_log, r, err);
}

static int
exercise_write(struct br_app *app, struct crec *r, struct br_err *err)
{
	struct br_exercise_log *l = r->rec, other;
	struct br_episode e;
	int rc = episode_of(app, r, &e, err);

	/* A log of the same exercise and day would take this one in. */
	if (rc == 0 &&
	    br_store_exercise_log_get(app->store, r->patient_id, e.id,
	                              l->exercise, l->day, &other, err) == 0 &&
	    other.id != r->id)
		return br_error(err, BR_ECONFLICT, "date",
		                "%s already has a log on %s (%lld): correct "
		                "that one",
		                l->exercise, l->day, (long long)other.id);
	br_err_clear(err);
	if (rc == 0)
		rc = take_out(app, r, err);
	return rc < 0 ? rc : br_app_exercise_log_apply(app, &e, l, err);
}

static const struct ckind k_exercise = {
        .name = "exercise_log",
        .audit = "exercise",
        .noun = "exercise log",
        .id_key = "exercise_log_id",
        .model = &br_exercise_log_fields,
        .fields = exercise_fields,
        .size = sizeof(struct br_exercise_log),
        .id_off = offsetof(struct br_exercise_log, id),
        .episode_off = offsetof(struct br_exercise_log, episode_id),
        .created_off = offsetof(struct br_exercise_log, created_at),
        .load = exercise_load,
        .write = exercise_write,
        .remove = remove_rows,
};

/* Pacing logs ----------------------------------------------------------- */

static const struct cfield pacing_fields[] = {
        F(struct br_pacing_log, "activity", CF_TEXT, activity),
        F(struct br_pacing_log, "date", CF_TEXT, day),
        F(struct br_pacing_log, "done", CF_NUM, done),
        F(struct br_pacing_log, "recovered", CF_WORD, recovered),
        F(struct br_pacing_log, "flare", CF_BOOL, flare),
        END,
};

static int
pacing_load(struct br_app *app, struct crec *r, struct br_err *err)
{
	PICK(br_store_pacing_log_all(app->store, r->patient_id, r->episode_id,
	                             &arr_, &n_, err),
	     struct br_pacing_log, r, err);
}

static int
pacing_write(struct br_app *app, struct crec *r, struct br_err *err)
{
	struct br_pacing_log *l = r->rec, *arr = NULL;
	struct br_episode e;
	size_t n = 0;
	int rc = episode_of(app, r, &e, err);

	/* A log of the same activity and day would be replaced. */
	if (rc == 0)
		rc = br_store_pacing_log_list(app->store, r->patient_id, e.id,
		                              l->activity, l->day, &arr, &n,
		                              err);
	for (size_t i = 0; rc == 0 && i < n; i++)
		if (strcmp(arr[i].day, l->day) == 0 && arr[i].id != r->id)
			rc = br_error(err, BR_ECONFLICT, "date",
			              "%s already has a log on %s (%lld): "
			              "correct that one",
			              l->activity, l->day,
			              (long long)arr[i].id);
	free(arr);
	if (rc == 0)
		rc = take_out(app, r, err);
	return rc < 0 ? rc : br_app_pace_log_apply(app, &e, l, NULL, err);
}

static const struct ckind k_pacing = {
        .name = "pacing_log",
        .audit = "pacing",
        .noun = "pacing log",
        .id_key = "pacing_log_id",
        .model = &br_pace_log_fields,
        .fields = pacing_fields,
        .size = sizeof(struct br_pacing_log),
        .id_off = offsetof(struct br_pacing_log, id),
        .episode_off = offsetof(struct br_pacing_log, episode_id),
        .created_off = offsetof(struct br_pacing_log, created_at),
        .load = pacing_load,
        .write = pacing_write,
        .remove = remove_rows,
};

/* TCM assessments ------------------------------------------------------- */

static const struct cfield tcm_fields[] = {
        F(struct br_tcm, "tongue_colour", CF_TEXT, tongue_colour),
        LIST(struct br_tcm, "tongue_shape", n_shape, shape),
        LIST(struct br_tcm, "tongue_coat", n_coat, coat),
        F(struct br_tcm, "tongue_moisture", CF_TEXT, tongue_moisture),
        F(struct br_tcm, "tongue_note", CF_TEXT, tongue_note),
        LIST(struct br_tcm, "pulse", n_pulse[BR_PULSE_OVERALL],
             pulse[BR_PULSE_OVERALL]),
        LIST(struct br_tcm, "pulse_left_cun", n_pulse[BR_PULSE_LEFT_CUN],
             pulse[BR_PULSE_LEFT_CUN]),
        LIST(struct br_tcm, "pulse_left_guan", n_pulse[BR_PULSE_LEFT_GUAN],
             pulse[BR_PULSE_LEFT_GUAN]),
        LIST(struct br_tcm, "pulse_left_chi", n_pulse[BR_PULSE_LEFT_CHI],
             pulse[BR_PULSE_LEFT_CHI]),
        LIST(struct br_tcm, "pulse_right_cun", n_pulse[BR_PULSE_RIGHT_CUN],
             pulse[BR_PULSE_RIGHT_CUN]),
        LIST(struct br_tcm, "pulse_right_guan", n_pulse[BR_PULSE_RIGHT_GUAN],
             pulse[BR_PULSE_RIGHT_GUAN]),
        LIST(struct br_tcm, "pulse_right_chi", n_pulse[BR_PULSE_RIGHT_CHI],
             pulse[BR_PULSE_RIGHT_CHI]),
        F(struct br_tcm, "pulse_rate", CF_INT, pulse_rate),
        F(struct br_tcm, "pulse_note", CF_TEXT, pulse_note),
        LIST(struct br_tcm, "eight_principles", n_principles, principles),
        LIST(struct br_tcm, "patterns", n_patterns, patterns),
        F(struct br_tcm, "pattern_note", CF_TEXT, pattern_note),
        F(struct br_tcm, "treatment_principle", CF_TEXT, treatment_principle),
        END,
};
/* How "tcm add" starts a new assessment, not what it holds. */
static const char *const tcm_fixed[] = {"from_last", "clear", NULL};

static int
tcm_load(struct br_app *app, struct crec *r, struct br_err *err)
{
	PICK(br_store_tcm_list(app->store, r->patient_id, r->episode_id, &arr_,
	                       &n_, err),
	     struct br_tcm, r, err);
}

static int
tcm_write(struct br_app *app, struct crec *r, struct br_err *err)
{
	const struct br_tcm *was = r->orig;
	struct br_tcm *x = r->rec;
	struct br_session_ref ref;
	int rc = br_store_session_ref(app->store, x->session_id, "session_id",
	                              &ref, err);

	if (rc == 0)
		rc = take_out(app, r, err);
	if (rc == 0)
		rc = br_app_tcm_apply(app, &ref, x, err);
	/* Back under its own id and time. */
	if (rc == 0)
		rc = br_store_record_delete(app->store, "tcm", r->patient_id,
		                            x->id, err);
	if (rc == 0) {
		x->id = r->id;
		memcpy(x->created_at, was->created_at, sizeof(x->created_at));
		rc = br_store_tcm_insert(app->store, x, err);
	}
	return rc;
}

static const struct ckind k_tcm = {
        .name = "tcm",
        .audit = "tcm",
        .noun = "TCM assessment",
        .id_key = "assessment_id",
        .model = &br_tcm_fields,
        .fields = tcm_fields,
        .fixed = tcm_fixed,
        .size = sizeof(struct br_tcm),
        .id_off = offsetof(struct br_tcm, id),
        .episode_off = offsetof(struct br_tcm, episode_id),
        .created_off = offsetof(struct br_tcm, created_at),
        .load = tcm_load,
        .write = tcm_write,
        .remove = remove_rows,
};

/* Patients and episodes ------------------------------------------------- */

static const struct cfield patient_fields[] = {
        F(struct br_patient, "name", CF_TEXT, name),
        F(struct br_patient, "born", CF_TEXT, born),
        F(struct br_patient, "sex", CF_TEXT, sex),
        F(struct br_patient, "ref", CF_TEXT, ref),
        END,
};

static int
patient_load(struct br_app *app, struct crec *r, struct br_err *err)
{
	return br_store_patient_get(app->store, r->id, r->rec, err);
}

static int
patient_write(struct br_app *app, struct crec *r, struct br_err *err)
{
	return br_app_patient_correct(app, r->rec, err);
}

static const struct ckind k_patient = {
        .name = "patient",
        .audit = "patient",
        .noun = "patient",
        .id_key = "patient_id",
        .model = &br_patient_fields,
        .fields = patient_fields,
        .size = sizeof(struct br_patient),
        .id_off = offsetof(struct br_patient, id),
        .episode_off = NONE,
        .created_off = offsetof(struct br_patient, created_at),
        .flags = CK_KEEP,
        .load = patient_load,
        .write = patient_write,
};

static const struct cfield episode_fields[] = {
        F(struct br_episode, "onset", CF_TEXT, onset),
        F(struct br_episode, "region", CF_TEXT, region),
        F(struct br_episode, "sciatica", CF_BOOL, sciatica),
        F(struct br_episode, "code", CF_TEXT, icd10),
        END,
};

static int
episode_load(struct br_app *app, struct crec *r, struct br_err *err)
{
	return br_store_episode_get(app->store, r->id, r->rec, err);
}

static int
episode_write(struct br_app *app, struct crec *r, struct br_err *err)
{
	return br_app_episode_correct(app, r->rec, err);
}

static const struct ckind k_episode = {
        .name = "episode",
        .audit = "episode",
        .noun = "episode",
        .id_key = "episode_id",
        .model = &br_episode_fields,
        .fields = episode_fields,
        .size = sizeof(struct br_episode),
        .id_off = offsetof(struct br_episode, id),
        .episode_off = NONE,
        .created_off = offsetof(struct br_episode, created_at),
        .flags = CK_KEEP,
        .load = episode_load,
        .write = episode_write,
};

/* Intakes (named by their episode) -------------------------------------- */

static int
intake_load(struct br_app *app, struct crec *r, struct br_err *err)
{
	int rc = br_store_intake_get(app->store, r->patient_id, r->id, r->rec,
	                             err);

	if (rc == BR_ENOTFOUND)
		return br_error(err, BR_ENOTFOUND, "episode_id",
		                "episode %lld has no intake", (long long)r->id);
	return rc;
}

/* The intake's own merge: null clears a field or a list. */
static int
intake_merge(struct br_app *app, json_t *in, struct crec *r, struct br_err *err)
{
	json_t *m = json_object(), *clear = json_array(), *v;
	const char *key;
	int rc;

	json_object_foreach(in, key, v)
	{
		if (json_is_null(v))
			json_array_append_new(clear, json_string(key));
		else
			json_object_set(m, key, v);
	}
	if (json_array_size(clear))
		json_object_set(m, "clear", clear);
	json_object_set_new(m, "episode_id", json_integer(r->id));
	rc = br_app_intake_patch(app, m, r->rec, err);
	json_decref(clear);
	json_decref(m);
	return rc;
}

static int
intake_write(struct br_app *app, struct crec *r, struct br_err *err)
{
	struct br_intake *x = r->rec;
	struct br_episode e;
	int rc = br_store_episode_get(app->store, r->id, &e, err);

	x->updated_at[0] = '\0'; /* changed now */
	return rc < 0 ? rc : br_app_intake_apply(app, &e, x, err);
}

static json_t *
intake_view(const void *rec)
{
	return br_view_intake(rec);
}

static const char *const intake_fixed[] = {"clear", NULL};

static const struct ckind k_intake = {
        .name = "intake",
        .audit = "intake",
        .noun = "intake",
        .id_key = NULL, /* br_app_intake_* take the episode's */
        .model = &br_intake_input_fields,
        .fixed = intake_fixed,
        .size = sizeof(struct br_intake),
        .id_off = NONE,
        .episode_off = offsetof(struct br_intake, episode_id),
        .created_off = offsetof(struct br_intake, created_at),
        .load = intake_load,
        .merge = intake_merge,
        .write = intake_write,
        .remove = remove_rows,
        .view = intake_view,
};

/* The table ------------------------------------------------------------- */

const struct ckind *const br_ckinds[] = {
        &k_day,     &k_session, &k_measure, &k_screening, &k_visit,
        &k_checkin, &k_herbal,  &k_plan,    &k_exercise,  &k_pacing,
        &k_tcm,     &k_intake,  &k_patient, &k_episode,   NULL,
};

const struct ckind *
br_ckind_named(const char *name)
{
	for (size_t i = 0; br_ckinds[i]; i++)
		if (strcmp(br_ckinds[i]->name, name) == 0)
			return br_ckinds[i];
	return NULL;
}
