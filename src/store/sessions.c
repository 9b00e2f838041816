/*
 * sessions.c - treatment sessions and their lists (modalities, points with
 * laterality, regions, adverse events), charted to STRICTA level.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/series.h"
#include "store/store_internal.h"

#define SESSION_COLS                                                           \
	"patient_id, session_id, episode_id, practitioner_id, day, position, " \
	"needles, retention_min, depth_mm, deqi, stimulation, needle_size, "   \
	"ea_hz, ea_waveform, ea_minutes, ea_ma, cupping, moxa, massage, "      \
	"pain_before, pain_after, note, created_at"

static int
insert_child(struct br_store *s, const char *q, const struct br_session *x,
             const char *a, const char *b, struct br_err *err)
{
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, x->patient_id);
	br_db_bind_i64(st, 2, x->id);
	br_db_bind_text(st, 3, a);
	if (b)
		br_db_bind_text(st, 4, b);
	return br_db_run(st, err);
}

/* The session row by q (an INSERT or the UPDATE: the same parameters),
 * then its lists. */
static int
write_session(struct br_store *s, const char *q, const struct br_session *x,
              struct br_err *err)
{
	static const char q_mod[] = "INSERT INTO session_modalities "
	                            "(patient_id, session_id, modality) "
	                            "VALUES ($1, $2, $3)";
	static const char q_point[] = "INSERT INTO session_points (patient_id, "
	                              "session_id, point, side) "
	                              "VALUES ($1, $2, $3, $4)";
	static const char q_region[] = "INSERT INTO session_regions "
	                               "(patient_id, session_id, region) "
	                               "VALUES ($1, $2, $3)";
	static const char q_adverse[] = "INSERT INTO session_adverse_events "
	                                "(patient_id, session_id, event) "
	                                "VALUES ($1, $2, $3)";
	struct br_db_stmt *st;
	/* What the cohort image holds changes (store/series_file.h). */
	int rc = br_store_series_bump(s, x->patient_id, err);

	if (rc == 0)
		rc = br_db_prepare(s, q, &st, err);
	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, x->patient_id);
	br_db_bind_i64(st, 2, x->id);
	br_db_bind_i64(st, 3, x->episode_id);
	if (x->practitioner_id)
		br_db_bind_i64(st, 4, x->practitioner_id);
	else
		br_db_bind_text(st, 4, NULL);
	br_db_bind_text(st, 5, x->day);
	br_db_bind_text(st, 6, x->position);
	br_db_bind_int_opt(st, 7, x->needles);
	br_db_bind_int_opt(st, 8, x->retention_min);
	br_db_bind_int_opt(st, 9, x->depth_mm);
	br_db_bind_int_opt(st, 10, x->deqi);
	br_db_bind_text(st, 11, x->stimulation);
	br_db_bind_text(st, 12, x->needle_size);
	br_db_bind_text(st, 13, x->ea_hz);
	br_db_bind_text(st, 14, x->ea_waveform);
	br_db_bind_int_opt(st, 15, x->ea_minutes);
	if (x->ea_ma >= 0)
		br_db_bind_double(st, 16, x->ea_ma);
	else
		br_db_bind_text(st, 16, NULL);
	br_db_bind_text(st, 17, x->cupping);
	br_db_bind_text(st, 18, x->moxa);
	br_db_bind_text(st, 19, x->massage);
	br_db_bind_int_opt(st, 20, x->pain_before);
	br_db_bind_int_opt(st, 21, x->pain_after);
	br_db_bind_text(st, 22, x->note);
	br_db_bind_text(st, 23, x->created_at);
	rc = br_db_run(st, err);
	for (int i = 0; rc == 0 && i < x->n_modalities; i++)
		rc = insert_child(s, q_mod, x, x->modalities[i], NULL, err);
	for (int i = 0; rc == 0 && i < x->n_points; i++)
		rc = insert_child(s, q_point, x, x->points[i].point,
		                  x->points[i].side, err);
	for (int i = 0; rc == 0 && i < x->n_regions; i++)
		rc = insert_child(s, q_region, x, x->regions[i], NULL, err);
	for (int i = 0; rc == 0 && i < x->n_adverse; i++)
		rc = insert_child(s, q_adverse, x, x->adverse[i], NULL, err);
	return rc;
}

int
br_store_session_insert(struct br_store *s, const struct br_session *x,
                        struct br_err *err)
{
	static const char q[] =
	        "INSERT INTO sessions (" SESSION_COLS
	        ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, "
	        "$13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23)";

	return write_session(s, q, x, err);
}

int
br_store_session_update(struct br_store *s, const struct br_session *x,
                        struct br_err *err)
{
	static const char q[] =
	        "UPDATE sessions SET episode_id = $3, practitioner_id = $4, "
	        "day = $5, position = $6, needles = $7, retention_min = $8, "
	        "depth_mm = $9, deqi = $10, stimulation = $11, needle_size = "
	        "$12, ea_hz = $13, ea_waveform = $14, ea_minutes = $15, ea_ma "
	        "= $16, cupping = $17, moxa = $18, massage = $19, pain_before "
	        "= $20, pain_after = $21, note = $22, created_at = $23 "
	        "WHERE patient_id = $1 AND session_id = $2";
	static const char *const lists[] = {
	        "DELETE FROM session_modalities WHERE patient_id = $1 AND "
	        "session_id = $2",
	        "DELETE FROM session_points WHERE patient_id = $1 AND "
	        "session_id = $2",
	        "DELETE FROM session_regions WHERE patient_id = $1 AND "
	        "session_id = $2",
	        "DELETE FROM session_adverse_events WHERE patient_id = $1 AND "
	        "session_id = $2",
	};
	int rc = 0;

	/* The lists are written again whole. */
	for (size_t i = 0; rc == 0 && i < sizeof(lists) / sizeof(lists[0]);
	     i++) {
		struct br_db_stmt *st;

		rc = br_db_prepare(s, lists[i], &st, err);
		if (rc < 0)
			return rc;
		br_db_bind_i64(st, 1, x->patient_id);
		br_db_bind_i64(st, 2, x->id);
		rc = br_db_run(st, err);
	}
	return rc < 0 ? rc : write_session(s, q, x, err);
}

static void
read_session(struct br_db_stmt *st, void *elem)
{
	struct br_session *x = elem;

	br_session_init(x);
	x->patient_id = br_db_col_i64(st, 0);
	x->id = br_db_col_i64(st, 1);
	x->episode_id = br_db_col_i64(st, 2);
	x->practitioner_id = br_db_col_i64(st, 3);
	br_db_col_copy(st, 4, x->day, sizeof(x->day));
	br_db_col_copy(st, 5, x->position, sizeof(x->position));
	x->needles = br_db_col_int_opt(st, 6);
	x->retention_min = br_db_col_int_opt(st, 7);
	x->depth_mm = br_db_col_int_opt(st, 8);
	x->deqi = br_db_col_int_opt(st, 9);
	br_db_col_copy(st, 10, x->stimulation, sizeof(x->stimulation));
	br_db_col_copy(st, 11, x->needle_size, sizeof(x->needle_size));
	br_db_col_copy(st, 12, x->ea_hz, sizeof(x->ea_hz));
	br_db_col_copy(st, 13, x->ea_waveform, sizeof(x->ea_waveform));
	x->ea_minutes = br_db_col_int_opt(st, 14);
	x->ea_ma = br_db_col_is_null(st, 15) ? -1.0 : br_db_col_double(st, 15);
	br_db_col_copy(st, 16, x->cupping, sizeof(x->cupping));
	br_db_col_copy(st, 17, x->moxa, sizeof(x->moxa));
	br_db_col_copy(st, 18, x->massage, sizeof(x->massage));
	x->pain_before = br_db_col_int_opt(st, 19);
	x->pain_after = br_db_col_int_opt(st, 20);
	br_db_col_copy(st, 21, x->note, sizeof(x->note));
	br_db_col_copy(st, 22, x->created_at, sizeof(x->created_at));
}

/* Reads one child list of every session in arr (ordered by session id). */
static int
read_children(struct br_store *s, const char *q, int64_t patient_id,
              int64_t episode_id, struct br_session *arr, size_t n, int kind,
              struct br_err *err)
{
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, patient_id);
	br_db_bind_i64(st, 2, episode_id);
	while ((rc = br_db_step(st, err)) == 1) {
		int64_t id = br_db_col_i64(st, 0);
		const char *a = br_db_col_text(st, 1);
		struct br_session *x = NULL;

		for (size_t i = 0; i < n && !x; i++)
			if (arr[i].id == id)
				x = &arr[i];
		if (x == NULL)
			continue;
		if (kind == 0 && x->n_modalities < BR_MAX_LIST)
			snprintf(x->modalities[x->n_modalities++], 20, "%s", a);
		else if (kind == 1 && x->n_points < BR_MAX_POINTS) {
			struct br_session_point *p = &x->points[x->n_points++];
			snprintf(p->point, sizeof(p->point), "%s", a);
			br_db_col_copy(st, 2, p->side, sizeof(p->side));
		} else if (kind == 2 && x->n_regions < BR_MAX_LIST)
			snprintf(x->regions[x->n_regions++], 24, "%s", a);
		else if (kind == 3 && x->n_adverse < BR_MAX_LIST)
			snprintf(x->adverse[x->n_adverse++], 24, "%s", a);
	}
	br_db_done(st);
	return rc < 0 ? rc : 0;
}

int
br_store_session_list(struct br_store *s, int64_t patient_id,
                      int64_t episode_id, struct br_session **out, size_t *n,
                      struct br_err *err)
{
	static const char q[] = "SELECT " SESSION_COLS
	                        " FROM sessions WHERE patient_id = $1 AND "
	                        "episode_id = $2 ORDER BY day, session_id";
#define CHILD_Q(table, cols, order)                                            \
	"SELECT c.session_id, " cols " FROM " table " c JOIN sessions s ON "   \
	"s.patient_id = c.patient_id AND s.session_id = c.session_id "         \
	"WHERE s.patient_id = $1 AND s.episode_id = $2 ORDER BY " order
	static const char q_mod[] =
	        CHILD_Q("session_modalities", "c.modality", "c.modality");
	static const char q_point[] = CHILD_Q(
	        "session_points", "c.point, c.side", "c.session_id, c.point");
	static const char q_region[] =
	        CHILD_Q("session_regions", "c.region", "c.region");
	static const char q_adverse[] =
	        CHILD_Q("session_adverse_events", "c.event", "c.event");
#undef CHILD_Q
	struct br_session *arr = NULL;
	struct br_db_stmt *st;
	size_t len = 0;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, patient_id);
	br_db_bind_i64(st, 2, episode_id);
	rc = br_db_collect(st, sizeof(*arr), read_session, (void **)&arr, &len,
	                   err);
	if (rc == 0)
		rc = read_children(s, q_mod, patient_id, episode_id, arr, len,
		                   0, err);
	if (rc == 0)
		rc = read_children(s, q_point, patient_id, episode_id, arr, len,
		                   1, err);
	if (rc == 0)
		rc = read_children(s, q_region, patient_id, episode_id, arr,
		                   len, 2, err);
	if (rc == 0)
		rc = read_children(s, q_adverse, patient_id, episode_id, arr,
		                   len, 3, err);
	if (rc < 0) {
		free(arr);
		return rc;
	}
	*out = arr;
	*n = len;
	return 0;
}
