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

#include "model/charting.h"
#include "app/internal.h"
#include "app/screening.h"
#include "app/visits.h"

static const char *const modalities[] = {"acupuncture", "electroacupuncture",
                                         "cupping",     "moxibustion",
                                         "massage",     NULL};
static const char *const positions[] = {"prone", "supine", "side", NULL};
static const char *const massages[] = {"deep-tissue", "swedish",
                                       "trigger-point", NULL};
static const char *const cuppings[] = {"dry", "wet", "moving", "flash", NULL};
static const char *const moxas[] = {"stick", "needle-head", "indirect", "box",
                                    NULL};
static const char *const stimulations[] = {"none", "manual", "electrical",
                                           NULL};
static const char *const waveforms[] = {"continuous", "dense-disperse",
                                        "intermittent", NULL};

static const char *const session_keys[] = {
        "episode_id", "date",        "modality",   "points",      "needles",
        "minutes",    "depth_mm",    "deqi",       "stimulation", "needle_size",
        "ea_hz",      "ea_waveform", "ea_minutes", "ea_ma",       "position",
        "cupping",    "moxa",        "massage",    "regions",     "pain_before",
        "pain_after", "adverse",     "note",       "flags",       "visit_id",
        NULL};

/* Orders by the leading string of each element (for qsort). */
static int
cmp_str(const void *a, const void *b)
{
	return strcmp(a, b);
}

static int
add_modality(void *ctx, const char *item, int pos, struct br_err *err)
{
	struct br_session *x = ctx;
	int idx, rc = br_parse_enum("modality", item, modalities, &idx, err);

	(void)pos;
	if (rc < 0)
		return rc;
	for (int i = 0; i < x->n_modalities; i++)
		if (strcmp(x->modalities[i], item) == 0)
			return br_error(err, BR_EINVAL, "modality",
			                "modality %s is listed twice", item);
	if (x->n_modalities == BR_MAX_LIST)
		return br_error(err, BR_EINVAL, "modality",
		                "too many modalities");
	snprintf(x->modalities[x->n_modalities++], 20, "%s", item);
	return 0;
}

static bool
has_modality(const struct br_session *x, const char *m)
{
	for (int i = 0; i < x->n_modalities; i++)
		if (strcmp(x->modalities[i], m) == 0)
			return true;
	return false;
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
add_word(struct br_session *x, const char *list, const char *field,
         const char *item, int *n, char (*arr)[24], struct br_err *err)
{
	int rc = br_charting_word(list, field, item, err);

	(void)x;
	if (rc < 0)
		return rc;
	for (int i = 0; i < *n; i++)
		if (strcmp(arr[i], item) == 0)
			return 0;
	if (*n == BR_MAX_LIST)
		return br_error(err, BR_EINVAL, field, "too many %s", field);
	snprintf(arr[(*n)++], 24, "%s", item);
	return 0;
}

static int
add_region(void *ctx, const char *item, int pos, struct br_err *err)
{
	struct br_session *x = ctx;

	(void)pos;
	return add_word(x, "regions", "regions", item, &x->n_regions,
	                x->regions, err);
}

static int
add_adverse(void *ctx, const char *item, int pos, struct br_err *err)
{
	struct br_session *x = ctx;

	(void)pos;
	if (strcmp(item, "none") == 0)
		return 0;
	return add_word(x, "adverse_events", "adverse", item, &x->n_adverse,
	                x->adverse, err);
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

/* "2", "100" or "2/100": frequencies of 1-200 Hz. */
static int
check_hz(const char *s, struct br_err *err)
{
	char q[48], a[8] = "", b[8] = "";
	size_t n = strcspn(s, "/");
	long v;

	if (n == 0 || n >= sizeof(a))
		goto bad;
	memcpy(a, s, n);
	if (br_parse_long("ea_hz", a, 1, 200, &v, NULL) < 0)
		goto bad;
	if (s[n] == '/') {
		if (strlen(s + n + 1) >= sizeof(b))
			goto bad;
		snprintf(b, sizeof(b), "%s", s + n + 1);
		if (br_parse_long("ea_hz", b, 1, 200, &v, NULL) < 0)
			goto bad;
	}
	return 0;
bad:
	br_quote_value(s, q, sizeof(q));
	return br_error(err, BR_EINVAL, "ea_hz",
	                "ea_hz must be a frequency of 1-200 Hz, or two as "
	                "2/100 for dense-disperse, not '%s'",
	                q);
}

/* Reads and checks every field of in into x (not yet the episode). */
static int
read_session(json_t *in, struct br_session *x, struct br_err *err)
{
	const char *text;
	bool deqi = false, ea_ma_given = false;
	int rc = br_in_only(in, session_keys, err);

	if (rc == 0)
		rc = br_in_list(in, "modality", add_modality, x, err);
	/* Absent, null, "", "," and [] all name no modality. */
	if (rc == 0 && x->n_modalities == 0)
		rc = br_error(err, BR_EINVAL, "modality",
		              "modality is required (acupuncture, "
		              "electroacupuncture, cupping, moxibustion or "
		              "massage)");
	if (rc == 0)
		rc = br_in_list(in, "points", add_point, x, err);
	if (rc == 0)
		rc = br_in_list(in, "regions", add_region, x, err);
	if (rc == 0)
		rc = br_in_list(in, "adverse", add_adverse, x, err);
	if (rc == 0)
		rc = br_in_int(in, "needles", 0, 200, &x->needles, err);
	if (rc == 0)
		rc = br_in_int(in, "minutes", 1, 240, &x->retention_min, err);
	if (rc == 0)
		rc = br_in_int(in, "depth_mm", 0, 150, &x->depth_mm, err);
	if (rc == 0 && br_in_has(in, "deqi")) {
		rc = br_in_bool(in, "deqi", &deqi, err);
		x->deqi = deqi;
	}
	if (rc == 0)
		rc = enum_field(in, "stimulation", stimulations, x->stimulation,
		                sizeof(x->stimulation), err);
	if (rc == 0)
		rc = br_in_text(in, "needle_size", sizeof(x->needle_size) - 1,
		                false, &text, err);
	if (rc == 0 && text)
		snprintf(x->needle_size, sizeof(x->needle_size), "%s", text);
	if (rc == 0)
		rc = br_in_text(in, "ea_hz", sizeof(x->ea_hz) - 1, false, &text,
		                err);
	if (rc == 0 && text) {
		rc = check_hz(text, err);
		snprintf(x->ea_hz, sizeof(x->ea_hz), "%s", text);
	}
	if (rc == 0)
		rc = enum_field(in, "ea_waveform", waveforms, x->ea_waveform,
		                sizeof(x->ea_waveform), err);
	if (rc == 0)
		rc = br_in_int(in, "ea_minutes", 1, 240, &x->ea_minutes, err);
	if (rc == 0)
		rc = br_in_double(in, "ea_ma", 0, 50, &x->ea_ma, &ea_ma_given,
		                  err);
	if (rc == 0)
		rc = enum_field(in, "position", positions, x->position,
		                sizeof(x->position), err);
	if (rc == 0)
		rc = enum_field(in, "cupping", cuppings, x->cupping,
		                sizeof(x->cupping), err);
	if (rc == 0)
		rc = enum_field(in, "moxa", moxas, x->moxa, sizeof(x->moxa),
		                err);
	if (rc == 0)
		rc = enum_field(in, "massage", massages, x->massage,
		                sizeof(x->massage), err);
	if (rc == 0)
		rc = br_in_int(in, "pain_before", 0, 10, &x->pain_before, err);
	if (rc == 0)
		rc = br_in_int(in, "pain_after", 0, 10, &x->pain_after, err);
	if (rc == 0)
		rc = br_in_text(in, "note", BR_NOTE_MAX - 1, false, &text, err);
	if (rc == 0 && text)
		snprintf(x->note, sizeof(x->note), "%s", text);
	if (rc < 0)
		return rc;

	/* Details must belong to a modality of this session. */
	bool needling = has_modality(x, "acupuncture") ||
	                has_modality(x, "electroacupuncture");
	if ((x->ea_hz[0] || x->ea_waveform[0] || x->ea_minutes != BR_UNSET ||
	     ea_ma_given) &&
	    !has_modality(x, "electroacupuncture"))
		return br_error(err, BR_EINVAL, "ea_hz",
		                "electroacupuncture settings need the "
		                "electroacupuncture modality");
	if (x->massage[0] && !has_modality(x, "massage"))
		return br_error(err, BR_EINVAL, "massage",
		                "a massage type needs the massage modality");
	if (x->cupping[0] && !has_modality(x, "cupping"))
		return br_error(err, BR_EINVAL, "cupping",
		                "a cupping type needs the cupping modality");
	if (x->moxa[0] && !has_modality(x, "moxibustion"))
		return br_error(err, BR_EINVAL, "moxa",
		                "a moxa type needs the moxibustion modality");
	if (!needling &&
	    (x->needles != BR_UNSET || x->retention_min != BR_UNSET ||
	     x->depth_mm != BR_UNSET || x->deqi != BR_UNSET ||
	     x->needle_size[0] || x->stimulation[0]))
		return br_error(err, BR_EINVAL, "minutes",
		                "needling details (needles, minutes, depth, "
		                "deqi, stimulation, needle size) need "
		                "acupuncture or electroacupuncture");
	if (x->n_points > 0 && !needling && !has_modality(x, "moxibustion") &&
	    !has_modality(x, "cupping"))
		return br_error(err, BR_EINVAL, "points",
		                "points are charted with acupuncture, "
		                "electroacupuncture, moxibustion or cupping");
	/* Lists are kept in one canonical order, as they are read back. */
	qsort(x->modalities, (size_t)x->n_modalities, sizeof(x->modalities[0]),
	      cmp_str);
	qsort(x->regions, (size_t)x->n_regions, sizeof(x->regions[0]), cmp_str);
	qsort(x->adverse, (size_t)x->n_adverse, sizeof(x->adverse[0]), cmp_str);
	qsort(x->points, (size_t)x->n_points, sizeof(x->points[0]), cmp_str);
	if (has_modality(x, "electroacupuncture") && !x->stimulation[0])
		snprintf(x->stimulation, sizeof(x->stimulation), "electrical");
	return 0;
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
	int32_t day, onset;
	bool keep = false;
	int rc;

	if (x == NULL)
		return br_error(err, BR_ENOMEM, "", "out of memory");
	br_session_init(x);
	rc = br_in_date(in, "date", true, &day, err);
	if (rc == 0)
		rc = br_app_not_future(app, "date", day, err);
	if (rc == 0)
		rc = read_session(in, x, err);
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
	if (rc == 0 && br_parse_date("onset", e.onset, &onset, NULL) == 0 &&
	    day < onset)
		rc = br_error(err, BR_EINVAL, "date",
		              "date must not be before the episode's onset "
		              "(%s)",
		              e.onset);
	if (rc == 0)
		x->id = br_store_new_id();
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
	if (rc == 0) {
		x->patient_id = e.patient_id;
		x->episode_id = e.id;
		x->practitioner_id = app->user_id;
		br_format_date(day, x->day);
		br_store_now(x->created_at);
		rc = br_store_session_insert(app->store, x, err);
	}
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
