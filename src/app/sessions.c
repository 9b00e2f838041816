/*
 * sessions.c - use cases: chart a treatment session and list an episode's
 * sessions.
 *
 * A session records one or more modalities with the STRICTA details that
 * belong to them; a detail of a modality that was not given (a massage
 * type without massage, electroacupuncture settings without
 * electroacupuncture) is refused rather than silently stored.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "model/charting.h"
#include "model/checks.h"
#include "app/screening.h"
#include "app/visits.h"

static int
add_modality(void *ctx, const char *item, int pos, struct br_err *err)
{
	struct br_session *x = ctx;

	(void)pos;
	/* Typed input names each modality once; an import may repeat one. */
	if (br_rec_session_has(x, item))
		return br_error(err, BR_EINVAL, "modality",
		                "modality %s is listed twice", item);
	return br_rec_session_word(x, "modality", item, err);
}

static int
add_point(void *ctx, const char *item, int pos, struct br_err *err)
{
	struct br_session *x = ctx;
	struct br_session_point p;
	int rc = br_charting_point("points", item, p.point, sizeof(p.point),
	                           p.side, sizeof(p.side), err);

	(void)pos;
	if (rc < 0)
		return rc;
	for (int i = 0; i < x->n_points; i++)
		if (strcmp(x->points[i].point, p.point) == 0 &&
		    strcmp(p.point, "ashi") != 0)
			return br_error(err, BR_EINVAL, "points",
			                "point %s is listed twice", p.point);
	if (x->n_points == BR_MAX_POINTS)
		return br_error(err, BR_EINVAL, "points",
		                "at most %d points can be charted per session",
		                BR_MAX_POINTS);
	/* a-shi points may recur; keep one row with the widest side. */
	for (int i = 0; i < x->n_points; i++)
		if (strcmp(x->points[i].point, "ashi") == 0 &&
		    strcmp(p.point, "ashi") == 0) {
			snprintf(x->points[i].side, sizeof(x->points[i].side),
			         "both");
			return 0;
		}
	x->points[x->n_points++] = p;
	return 0;
}

static int
add_region(void *ctx, const char *item, int pos, struct br_err *err)
{
	struct br_session *x = ctx;

	(void)pos;
	return br_rec_session_word(x, "regions", item, err);
}

static int
add_adverse(void *ctx, const char *item, int pos, struct br_err *err)
{
	(void)pos;
	/* "none" records that there was none. */
	return br_rec_session_word(ctx, "adverse", item, err);
}

/* Copies the chosen name of an enum field into out. */
static int
enum_field(json_t *in, const char *key, const char *const *names, char *out,
           size_t outlen, struct br_err *err)
{
	int idx, rc = br_in_enum(in, key, names, false, &idx, err);

	if (rc == 0 && idx >= 0)
		snprintf(out, outlen, "%s", names[idx]);
	return rc;
}

/* The lists of a session and their item readers. */
static const struct {
	const char *key;
	int (*add)(void *ctx, const char *item, int pos, struct br_err *err);
} lists[] = {
        {"modality", add_modality},
        {"points", add_point},
        {"regions", add_region},
        {"adverse", add_adverse},
        {NULL, NULL},
};

int
br_app_session_list_set(json_t *in, const char *key, struct br_session *x,
                        struct br_err *err)
{
	int rc = 0;

	for (size_t i = 0; lists[i].key; i++) {
		if (strcmp(lists[i].key, key) != 0)
			continue;
		if (i == 0)
			x->n_modalities = 0;
		else if (i == 1)
			x->n_points = 0;
		else if (i == 2)
			x->n_regions = 0;
		else
			x->n_adverse = 0;
		rc = br_in_list(in, key, lists[i].add, x, err);
		/* Absent, null, "", "," and [] all name no modality. */
		if (rc == 0 && i == 0 && x->n_modalities == 0)
			rc = br_error(
			        err, BR_EINVAL, "modality",
			        "modality is required (acupuncture, "
			        "electroacupuncture, cupping, moxibustion "
			        "or massage)");
		return rc;
	}
	return br_field_unknown(key, err);
}

/* Reads and checks every field of in into x (not yet the episode). */
static int
read_session(json_t *in, bool typed, struct br_session *x, struct br_err *err)
{
	const struct br_fields *t = &br_session_fields;
	const char *text;
	bool deqi = false;
	int rc = br_fields_check(in, t, typed, err);

	for (size_t i = 0; rc == 0 && lists[i].key; i++)
		rc = br_app_session_list_set(in, lists[i].key, x, err);
	if (rc == 0)
		rc = br_in_int_field(in, t, "needles", &x->needles, err);
	if (rc == 0)
		rc = br_in_int_field(in, t, "minutes", &x->retention_min, err);
	if (rc == 0)
		rc = br_in_int_field(in, t, "depth_mm", &x->depth_mm, err);
	if (rc == 0 && br_in_has(in, "deqi")) {
		rc = br_in_bool(in, "deqi", &deqi, err);
		x->deqi = deqi;
	}
	if (rc == 0)
		rc = enum_field(in, "stimulation", br_rec_stimulations,
		                x->stimulation, sizeof(x->stimulation), err);
	if (rc == 0)
		rc = br_in_text(in, "needle_size", sizeof(x->needle_size) - 1,
		                false, &text, err);
	if (rc == 0 && text)
		snprintf(x->needle_size, sizeof(x->needle_size), "%s", text);
	if (rc == 0)
		rc = br_in_text(in, "ea_hz", sizeof(x->ea_hz) - 1, false, &text,
		                err);
	if (rc == 0 && text) {
		rc = br_rec_session_hz(text, err);
		snprintf(x->ea_hz, sizeof(x->ea_hz), "%s", text);
	}
	if (rc == 0)
		rc = enum_field(in, "ea_waveform", br_rec_waveforms,
		                x->ea_waveform, sizeof(x->ea_waveform), err);
	if (rc == 0)
		rc = br_in_int_field(in, t, "ea_minutes", &x->ea_minutes, err);
	if (rc == 0)
		rc = br_in_double_field(in, t, "ea_ma", &x->ea_ma, err);
	if (rc == 0)
		rc = enum_field(in, "position", br_rec_positions, x->position,
		                sizeof(x->position), err);
	if (rc == 0)
		rc = enum_field(in, "cupping", br_rec_cuppings, x->cupping,
		                sizeof(x->cupping), err);
	if (rc == 0)
		rc = enum_field(in, "moxa", br_rec_moxas, x->moxa,
		                sizeof(x->moxa), err);
	if (rc == 0)
		rc = enum_field(in, "massage", br_rec_massages, x->massage,
		                sizeof(x->massage), err);
	if (rc == 0)
		rc = br_in_int_field(in, t, "pain_before", &x->pain_before,
		                     err);
	if (rc == 0)
		rc = br_in_int_field(in, t, "pain_after", &x->pain_after, err);
	if (rc == 0)
		rc = br_in_text(in, "note", BR_NOTE_MAX - 1, false, &text, err);
	if (rc == 0 && text)
		snprintf(x->note, sizeof(x->note), "%s", text);
	if (rc < 0)
		return rc;
	/* The record's rules before the store is touched (model/checks.h);
	 * br_app_session_apply runs them again with the episode's. */
	return br_rec_session_check(x, err);
}

/* The rules of br_app_session_apply, which a correction runs too. */
static int
session_rules(struct br_app *app, struct br_session *x, struct br_err *err)
{
	struct br_episode e;
	int32_t day;
	int rc = br_parse_date("date", x->day, &day, err);

	if (rc == 0)
		rc = br_app_not_future(app, "date", day, err);
	/* Ranges, details that belong to a modality of this session, the
	 * canonical order of the lists: the record's rules (model/checks.h). */
	if (rc == 0)
		rc = br_rec_session_check(x, err);
	if (rc == 0)
		rc = br_store_episode_get(app->store, x->episode_id, &e, err);
	if (rc == 0 && x->patient_id && x->patient_id != e.patient_id)
		rc = br_error(err, BR_EINVAL, "patient_id",
		              "episode %lld belongs to another patient",
		              (long long)e.id);
	if (rc == 0)
		rc = br_app_not_before_onset(&e, "date", day, err);
	if (rc < 0)
		return rc;
	x->patient_id = e.patient_id;
	return 0;
}

int
br_app_session_apply(struct br_app *app, struct br_session *x,
                     struct br_err *err)
{
	int rc = session_rules(app, x, err);

	if (rc < 0)
		return rc;
	if (x->id == 0)
		x->id = br_store_new_id();
	if (!x->created_at[0])
		br_store_now(x->created_at);
	return br_store_session_insert(app->store, x, err);
}

int
br_app_session_correct(struct br_app *app, struct br_session *x,
                       struct br_err *err)
{
	int rc = session_rules(app, x, err);

	return rc < 0 ? rc : br_store_session_update(app->store, x, err);
}

int
br_app_session_add(struct br_app *app, json_t *in, json_t **out,
                   struct br_err *err)
{
	struct br_session *x = malloc(sizeof(*x));
	struct br_flag_input flags;
	struct br_episode e;
	json_t *screening = NULL, *view;
	int64_t visit_id = 0, linked = 0;
	int32_t day;
	bool keep = false;
	int rc;

	if (x == NULL)
		return br_error(err, BR_ENOMEM, "", "out of memory");
	br_session_init(x);
	rc = br_in_date(in, "date", true, &day, err);
	if (rc == 0)
		rc = br_app_not_future(app, "date", day, err);
	if (rc == 0)
		rc = read_session(in, app->typed_input, x, err);
	if (rc == 0)
		rc = br_app_read_flags(in, "flags", &flags, err);
	if (rc == 0 && br_in_has(in, "visit_id"))
		rc = br_in_id(in, "visit_id", &visit_id, err);
	if (rc == 0)
		rc = br_store_begin(app->store, err);
	if (rc < 0) {
		free(x);
		return rc;
	}
	rc = br_app_load_episode(app, in, &e, err);
	if (rc == 0 && strcmp(e.status, "open") != 0)
		rc = br_error(err, BR_ECONFLICT, "episode_id",
		              "episode %lld is closed; open a new episode to "
		              "chart more sessions",
		              (long long)e.id);
	if (rc == 0) {
		x->id = br_store_new_id();
		x->episode_id = e.id;
		x->practitioner_id = app->user_id;
		br_format_date(day, x->day);
	}
	/* Red flags: re-screen at the visit, or honour the last screen. */
	if (rc == 0 && flags.given)
		rc = br_app_screen_visit(app, &e, day, &flags, x->id,
		                         &screening, &keep, err);
	else if (rc == 0)
		rc = br_app_screen_blocked(app, &e, err);
	if (rc < 0 && keep) {
		/* The red flag is recorded; the session is not. */
		struct br_err cerr = BR_ERR_INIT;

		free(x);
		if (br_store_commit(app->store, &cerr) < 0) {
			br_store_rollback(app->store);
			*err = cerr;
			return cerr.code;
		}
		return rc;
	}
	if (rc == 0)
		rc = br_app_session_apply(app, x, err);
	/* The visit it was charted at (app/visits.h). */
	if (rc == 0)
		rc = br_visits_link_session(app, &e, x->id, day, visit_id,
		                            &linked, err);
	if (rc == 0)
		rc = br_app_audit(app, "session.create", x->patient_id,
		                  "session", x->id, err);
	view = rc < 0 ? NULL : br_view_session(x);
	if (view)
		json_object_set_new(view, "visit_id",
		                    linked ? json_integer(linked)
		                           : json_null());
	if (view && screening)
		json_object_set_new(view, "screening", json_incref(screening));
	json_decref(screening);
	rc = br_app_finish(app, rc, view, out, err);
	free(x);
	return rc;
}

int
br_app_session_list(struct br_app *app, json_t *in, json_t **out,
                    struct br_err *err)
{
	static const char *const keys[] = {"episode_id", NULL};
	struct br_session *arr = NULL;
	struct br_episode e;
	json_t *list = NULL;
	size_t n = 0;
	int rc = br_in_only(in, keys, err);

	if (rc < 0)
		return rc;
	rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	rc = br_app_load_episode(app, in, &e, err);
	if (rc == 0)
		rc = br_store_session_list(app->store, e.patient_id, e.id, &arr,
		                           &n, err);
	if (rc == 0)
		rc = br_app_audit(app, "session.read", e.patient_id, "episode",
		                  e.id, err);
	if (rc == 0) {
		list = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(list, br_view_session(&arr[i]));
		rc = br_visits_annotate_sessions(app, &e, list, err);
	}
	free(arr);
	return br_app_finish(app, rc, list, out, err);
}
