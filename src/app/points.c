/*
 * points.c - use case: how an episode's point prescription changed from
 * visit to visit (see tcm.h, br_app_session_points).
 *
 * Sessions without points (a massage-only visit, say) are skipped: each
 * prescription is compared with the previous session that charted
 * points, so a visit without needling does not read as "every point
 * dropped, then added again".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "app/tcm.h"
#include "core/points.h"

_Static_assert(BR_MAX_POINTS <= BR_POINTS_MAX,
               "core/points.h must hold a session's points");

static int
to_refs(const struct br_session *x, struct br_point_ref *out)
{
	for (int i = 0; i < x->n_points; i++) {
		snprintf(out[i].point, sizeof(out[i].point), "%s",
		         x->points[i].point);
		snprintf(out[i].side, sizeof(out[i].side), "%s",
		         x->points[i].side);
	}
	return x->n_points;
}

static json_t *
point_json(const struct br_point_ref *p)
{
	return json_pack("{s:s, s:s}", "point", p->point, "side", p->side);
}

static json_t *
point_list(const struct br_point_ref *refs, const int *idx, int n)
{
	json_t *a = json_array();

	for (int i = 0; i < n; i++)
		json_array_append_new(a, point_json(&refs[idx[i]]));
	return a;
}

/* One visit: its points and the change from prev (NULL for the first). */
static json_t *
visit_json(const struct br_session *x, const struct br_session *prev,
           const struct br_point_ref *cur, int n_cur,
           const struct br_point_ref *old, int n_old)
{
	struct br_points_diff d;
	json_t *v, *all = json_array(), *moved = json_array();

	br_points_diff(old, n_old, cur, n_cur, &d);
	for (int i = 0; i < n_cur; i++)
		json_array_append_new(all, point_json(&cur[i]));
	for (int i = 0; i < d.n_moved; i++)
		json_array_append_new(moved,
		                      json_pack("{s:s, s:s, s:s}", "point",
		                                cur[d.moved[i]].point, "from",
		                                old[d.moved_from[i]].side, "to",
		                                cur[d.moved[i]].side));
	v = json_pack("{s:I, s:s, s:o, s:o}", "session_id", (json_int_t)x->id,
	              "date", x->day, "previous_session_id",
	              prev ? json_integer(prev->id) : json_null(), "points",
	              all);
	json_object_set_new(v, "added", point_list(cur, d.added, d.n_added));
	json_object_set_new(v, "dropped",
	                    point_list(old, d.dropped, d.n_dropped));
	json_object_set_new(v, "kept", point_list(cur, d.kept, d.n_kept));
	json_object_set_new(v, "side_changed", moved);
	return v;
}

/* Per point over the episode: sessions that used it, first and last. */
static json_t *
point_summary(const struct br_session *arr, size_t n)
{
	json_t *byname = json_object(), *list = json_array();
	const char *key;
	json_t *v;

	for (size_t i = 0; i < n; i++)
		for (int k = 0; k < arr[i].n_points; k++) {
			const char *id = arr[i].points[k].point;
			json_t *e = json_object_get(byname, id);

			if (e == NULL) {
				e = json_pack("{s:s, s:i, s:s, s:s}", "point",
				              id, "sessions", 0, "first",
				              arr[i].day, "last", arr[i].day);
				json_object_set_new(byname, id, e);
			}
			json_object_set_new(
			        e, "sessions",
			        json_integer(json_integer_value(json_object_get(
			                             e, "sessions")) +
			                     1));
			json_object_set_new(e, "last", json_string(arr[i].day));
		}
	/* Most used first, then by id. */
	json_object_foreach(byname, key, v)
	{
		size_t at = json_array_size(list);
		json_int_t c =
		        json_integer_value(json_object_get(v, "sessions"));

		for (size_t j = 0; j < json_array_size(list); j++) {
			json_t *o = json_array_get(list, j);
			json_int_t oc = json_integer_value(
			        json_object_get(o, "sessions"));

			const char *ok =
			        json_string_value(json_object_get(o, "point"));

			if (c > oc || (c == oc && strcmp(key, ok) < 0)) {
				at = j;
				break;
			}
		}
		json_array_insert(list, at, v);
	}
	json_decref(byname);
	return list;
}

int
br_app_session_points(struct br_app *app, json_t *in, json_t **out,
                      struct br_err *err)
{
	static const char *const keys[] = {"episode_id", NULL};
	struct br_point_ref cur[BR_POINTS_MAX], old[BR_POINTS_MAX];
	struct br_session *arr = NULL;
	const struct br_session *prev = NULL;
	struct br_episode e;
	json_t *result = NULL, *visits;
	int64_t id;
	int n_old = 0, without = 0;
	size_t n = 0;
	int rc = br_in_only(in, keys, err);

	if (rc == 0)
		rc = br_in_id(in, "episode_id", &id, err);
	if (rc == 0)
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
		visits = json_array();
		for (size_t i = 0; i < n; i++) {
			int n_cur;

			if (arr[i].n_points == 0) {
				without++;
				continue;
			}
			n_cur = to_refs(&arr[i], cur);
			json_array_append_new(visits,
			                      visit_json(&arr[i], prev, cur,
			                                 n_cur, old, n_old));
			memcpy(old, cur, sizeof(cur[0]) * (size_t)n_cur);
			n_old = n_cur;
			prev = &arr[i];
		}
		result = json_pack("{s:I, s:I, s:o, s:o, s:i}", "episode_id",
		                   (json_int_t)e.id, "patient_id",
		                   (json_int_t)e.patient_id, "visits", visits,
		                   "points", point_summary(arr, n),
		                   "sessions_without_points", without);
	}
	free(arr);
	return br_app_finish(app, rc, result, out, err);
}
