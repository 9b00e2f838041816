/*
 * measures.c - questionnaire scores, their item answers and subscores
 * (see measures.h).
 */
#include "store/measures.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_internal.h"

#define MEASURE_COLS                                                           \
	"patient_id, measure_id, episode_id, instrument, day, score, band, "   \
	"answered, complete, version, recall, notes, created_at, source"

int
br_store_measure_insert(struct br_store *s, const struct br_measure *m,
                        struct br_err *err)
{
	static const char q[] = "INSERT INTO measures (" MEASURE_COLS
	                        ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
	                        "$10, $11, $12, $13, $14)";
	static const char q_item[] = "INSERT INTO measure_items (patient_id, "
	                             "measure_id, item, code) VALUES ($1, $2, "
	                             "$3, $4)";
	static const char q_sub[] = "INSERT INTO measure_subscores "
	                            "(patient_id, measure_id, subscore, value) "
	                            "VALUES ($1, $2, $3, $4)";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, m->patient_id);
	br_db_bind_i64(st, 2, m->id);
	br_db_bind_i64(st, 3, m->episode_id);
	br_db_bind_text(st, 4, m->instrument);
	br_db_bind_text(st, 5, m->day);
	if (m->has_score)
		br_db_bind_double(st, 6, m->score);
	else
		br_db_bind_text(st, 6, NULL);
	br_db_bind_text(st, 7, m->band);
	br_db_bind_i64(st, 8, m->answered);
	br_db_bind_i64(st, 9, m->complete);
	br_db_bind_text(st, 10, m->version);
	br_db_bind_text(st, 11, m->recall);
	br_db_bind_text(st, 12, m->notes);
	br_db_bind_text(st, 13, m->created_at);
	br_db_bind_text(st, 14, m->source[0] ? m->source : "practitioner");
	rc = br_db_run(st, err);
	for (int i = 0; rc == 0 && i < m->n_items; i++) {
		rc = br_db_prepare(s, q_item, &st, err);
		if (rc < 0)
			break;
		br_db_bind_i64(st, 1, m->patient_id);
		br_db_bind_i64(st, 2, m->id);
		br_db_bind_i64(st, 3, i + 1);
		br_db_bind_int_opt(st, 4, m->codes[i]);
		rc = br_db_run(st, err);
	}
	for (int i = 0; rc == 0 && i < m->n_subscores; i++) {
		rc = br_db_prepare(s, q_sub, &st, err);
		if (rc < 0)
			break;
		br_db_bind_i64(st, 1, m->patient_id);
		br_db_bind_i64(st, 2, m->id);
		br_db_bind_text(st, 3, m->subscore_ids[i]);
		if (m->sub_has[i])
			br_db_bind_double(st, 4, m->subscores[i]);
		else
			br_db_bind_text(st, 4, NULL);
		rc = br_db_run(st, err);
	}
	return rc;
}

static void
read_measure(struct br_db_stmt *st, void *elem)
{
	struct br_measure *m = elem;

	memset(m, 0, sizeof(*m));
	m->patient_id = br_db_col_i64(st, 0);
	m->id = br_db_col_i64(st, 1);
	m->episode_id = br_db_col_i64(st, 2);
	br_db_col_copy(st, 3, m->instrument, sizeof(m->instrument));
	br_db_col_copy(st, 4, m->day, sizeof(m->day));
	m->has_score = !br_db_col_is_null(st, 5);
	m->score = m->has_score ? br_db_col_double(st, 5) : 0;
	br_db_col_copy(st, 6, m->band, sizeof(m->band));
	m->answered = (int)br_db_col_i64(st, 7);
	m->complete = br_db_col_i64(st, 8) != 0;
	br_db_col_copy(st, 9, m->version, sizeof(m->version));
	br_db_col_copy(st, 10, m->recall, sizeof(m->recall));
	br_db_col_copy(st, 11, m->notes, sizeof(m->notes));
	br_db_col_copy(st, 12, m->created_at, sizeof(m->created_at));
	br_db_col_copy(st, 13, m->source, sizeof(m->source));
}

static struct br_measure *
find(struct br_measure *arr, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (arr[i].id == id)
			return &arr[i];
	return NULL;
}

/* Reads the item answers and subscores of the measures in arr. */
static int
read_children(struct br_store *s, int64_t patient_id, int64_t episode_id,
              struct br_measure *arr, size_t n, struct br_err *err)
{
	static const char q_items[] =
	        "SELECT i.measure_id, i.item, i.code FROM measure_items i "
	        "JOIN measures m ON m.patient_id = i.patient_id AND "
	        "m.measure_id = i.measure_id WHERE m.patient_id = $1 AND "
	        "m.episode_id = $2 ORDER BY i.measure_id, i.item";
	static const char q_subs[] =
	        "SELECT c.measure_id, c.subscore, c.value FROM "
	        "measure_subscores c JOIN measures m ON m.patient_id = "
	        "c.patient_id AND m.measure_id = c.measure_id WHERE "
	        "m.patient_id = $1 AND m.episode_id = $2 ORDER BY "
	        "c.measure_id, c.subscore";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q_items, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, patient_id);
	br_db_bind_i64(st, 2, episode_id);
	while ((rc = br_db_step(st, err)) == 1) {
		struct br_measure *m = find(arr, n, br_db_col_i64(st, 0));
		int64_t item = br_db_col_i64(st, 1);

		if (m == NULL || item < 1 || item > BR_MEASURE_MAX_ITEMS)
			continue;
		m->codes[item - 1] = br_db_col_int_opt(st, 2);
		if (item > m->n_items)
			m->n_items = (int)item;
	}
	br_db_done(st);
	if (rc < 0)
		return rc;
	rc = br_db_prepare(s, q_subs, &st, err);
	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, patient_id);
	br_db_bind_i64(st, 2, episode_id);
	while ((rc = br_db_step(st, err)) == 1) {
		struct br_measure *m = find(arr, n, br_db_col_i64(st, 0));
		int k;

		if (m == NULL || m->n_subscores == BR_MEASURE_MAX_SUBSCORES)
			continue;
		k = m->n_subscores++;
		br_db_col_copy(st, 1, m->subscore_ids[k],
		               sizeof(m->subscore_ids[k]));
		m->sub_has[k] = !br_db_col_is_null(st, 2);
		m->subscores[k] = m->sub_has[k] ? br_db_col_double(st, 2) : 0;
	}
	br_db_done(st);
	return rc < 0 ? rc : 0;
}

int
br_store_measure_list(struct br_store *s, int64_t patient_id,
                      int64_t episode_id, const char *instrument,
                      struct br_measure **out, size_t *n, struct br_err *err)
{
	static const char q[] = "SELECT " MEASURE_COLS
	                        " FROM measures WHERE patient_id = $1 AND "
	                        "episode_id = $2 AND ($3 IS NULL OR "
	                        "instrument = $3) ORDER BY day, measure_id";
	struct br_measure *arr = NULL;
	struct br_db_stmt *st;
	size_t len = 0;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, patient_id);
	br_db_bind_i64(st, 2, episode_id);
	br_db_bind_text(st, 3, instrument);
	rc = br_db_collect(st, sizeof(*arr), read_measure, (void **)&arr, &len,
	                   err);
	if (rc == 0 && len > 0)
		rc = read_children(s, patient_id, episode_id, arr, len, err);
	if (rc < 0) {
		free(arr);
		return rc;
	}
	*out = arr;
	*n = len;
	return 0;
}

int
br_store_measure_latest(struct br_store *s, int64_t patient_id,
                        int64_t episode_id, const char *instrument,
                        struct br_measure *out, struct br_err *err)
{
	static const char q[] = "SELECT " MEASURE_COLS
	                        " FROM measures WHERE patient_id = $1 AND "
	                        "episode_id = $2 AND instrument = $3 ORDER BY "
	                        "day DESC, measure_id DESC LIMIT 1";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, patient_id);
	br_db_bind_i64(st, 2, episode_id);
	br_db_bind_text(st, 3, instrument);
	rc = br_db_step(st, err);
	if (rc == 1)
		read_measure(st, out);
	br_db_done(st);
	if (rc == 0)
		return br_error(err, BR_ENOTFOUND, "instrument",
		                "the episode has no %s measure", instrument);
	return rc < 0 ? rc : 0;
}

int
br_store_episode_set_risk_group(struct br_store *s, int64_t patient_id,
                                int64_t episode_id, const char *group,
                                struct br_err *err)
{
	static const char q[] = "UPDATE episodes SET risk_group = $3 WHERE "
	                        "patient_id = $1 AND episode_id = $2";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, patient_id);
	br_db_bind_i64(st, 2, episode_id);
	br_db_bind_text(st, 3, group);
	return br_db_run(st, err);
}
