/*
 * drafts.c - questionnaire drafts (see drafts.h).
 */
#include "store/drafts.h"

#include <stdlib.h>
#include <string.h>

#include "store/store_internal.h"

int
br_store_draft_put(struct br_store *s, const struct br_measure_draft *d,
                   struct br_err *err)
{
	static const char q[] =
	        "INSERT INTO measure_drafts (patient_id, instrument, answers, "
	        "updated_at) VALUES ($1, $2, $3, $4) ON CONFLICT (patient_id, "
	        "instrument) DO UPDATE SET answers = excluded.answers, "
	        "updated_at = excluded.updated_at";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, d->patient_id);
	br_db_bind_text(st, 2, d->instrument);
	br_db_bind_text(st, 3, d->answers);
	br_db_bind_text(st, 4, d->updated_at);
	return br_db_run(st, err);
}

static void
read_draft(struct br_db_stmt *st, void *elem)
{
	struct br_measure_draft *d = elem;

	memset(d, 0, sizeof(*d));
	d->patient_id = br_db_col_i64(st, 0);
	br_db_col_copy(st, 1, d->instrument, sizeof(d->instrument));
	br_db_col_copy(st, 2, d->answers, sizeof(d->answers));
	br_db_col_copy(st, 3, d->updated_at, sizeof(d->updated_at));
}

int
br_store_draft_list(struct br_store *s, int64_t patient_id,
                    struct br_measure_draft **out, size_t *n,
                    struct br_err *err)
{
	static const char q[] = "SELECT patient_id, instrument, answers, "
	                        "updated_at FROM measure_drafts WHERE "
	                        "patient_id = $1 ORDER BY instrument";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	*out = NULL;
	*n = 0;
	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, patient_id);
	return br_db_collect(st, sizeof(**out), read_draft, (void **)out, n,
	                     err);
}

int
br_store_draft_delete(struct br_store *s, int64_t patient_id,
                      const char *instrument, struct br_err *err)
{
	static const char q[] = "DELETE FROM measure_drafts WHERE patient_id = "
	                        "$1 AND instrument = $2";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, patient_id);
	br_db_bind_text(st, 2, instrument);
	return br_db_run(st, err);
}
