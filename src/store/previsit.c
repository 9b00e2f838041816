/*
 * previsit.c - pre-visit intakes (see previsit.h).
 */
#include "store/previsit.h"

#include <stdlib.h>
#include <string.h>

#include "store/store_internal.h"

#define COLS                                                                   \
	"patient_id, previsit_id, requested_by, requested_at, answers, "       \
	"red_flags, tier, updated_at, sent_at, confirmed_at, confirmed_by, "   \
	"episode_id"

int
br_store_previsit_insert(struct br_store *s, const struct br_previsit *v,
                         struct br_err *err)
{
	static const char q[] = "INSERT INTO previsit_intakes (" COLS
	                        ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
	                        "$10, $11, $12)";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, v->patient_id);
	br_db_bind_i64(st, 2, v->id);
	br_store_bind_id_opt(st, 3, v->requested_by);
	br_db_bind_text(st, 4, v->requested_at);
	br_db_bind_text(st, 5, v->answers[0] ? v->answers : "{}");
	br_db_bind_text(st, 6, v->red_flags[0] ? v->red_flags : "{}");
	br_db_bind_text(st, 7, v->tier[0] ? v->tier : "none");
	br_db_bind_text(st, 8, v->updated_at);
	br_db_bind_text(st, 9, v->sent_at);
	br_db_bind_text(st, 10, v->confirmed_at);
	br_db_bind_text(st, 11, v->confirmed_by);
	br_store_bind_id_opt(st, 12, v->episode_id);
	return br_db_run(st, err);
}

static void
read_row(struct br_db_stmt *st, struct br_previsit *v)
{
	memset(v, 0, sizeof(*v));
	v->patient_id = br_db_col_i64(st, 0);
	v->id = br_db_col_i64(st, 1);
	v->requested_by = br_db_col_i64(st, 2);
	br_db_col_copy(st, 3, v->requested_at, sizeof(v->requested_at));
	br_db_col_copy(st, 4, v->answers, sizeof(v->answers));
	br_db_col_copy(st, 5, v->red_flags, sizeof(v->red_flags));
	br_db_col_copy(st, 6, v->tier, sizeof(v->tier));
	br_db_col_copy(st, 7, v->updated_at, sizeof(v->updated_at));
	br_db_col_copy(st, 8, v->sent_at, sizeof(v->sent_at));
	br_db_col_copy(st, 9, v->confirmed_at, sizeof(v->confirmed_at));
	br_db_col_copy(st, 10, v->confirmed_by, sizeof(v->confirmed_by));
	v->episode_id = br_db_col_i64(st, 11);
}

/* One row of q (one patient_id parameter) into out. */
static int
get_one(struct br_store *s, const char *q, int64_t patient_id,
        struct br_previsit *out, struct br_err *err)
{
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, patient_id);
	rc = br_db_step(st, err);
	if (rc == 1)
		read_row(st, out);
	br_db_done(st);
	if (rc == 0)
		return br_error(err, BR_ENOTFOUND, "patient_id",
		                "patient %lld has no pre-visit intake",
		                (long long)patient_id);
	return rc < 0 ? rc : 0;
}

int
br_store_previsit_open(struct br_store *s, int64_t patient_id,
                       struct br_previsit *out, struct br_err *err)
{
	static const char q[] = "SELECT " COLS " FROM previsit_intakes WHERE "
	                        "patient_id = $1 AND confirmed_at IS NULL";

	return get_one(s, q, patient_id, out, err);
}

int
br_store_previsit_last(struct br_store *s, int64_t patient_id,
                       struct br_previsit *out, struct br_err *err)
{
	/* The unconfirmed one when there is one, else the last confirmed
	 * (ids grow with time). */
	static const char q[] =
	        "SELECT " COLS " FROM previsit_intakes WHERE patient_id = $1 "
	        "ORDER BY CASE WHEN confirmed_at IS NULL THEN 0 ELSE 1 END, "
	        "previsit_id DESC LIMIT 1";

	return get_one(s, q, patient_id, out, err);
}

int
br_store_previsit_answer(struct br_store *s, const struct br_previsit *v,
                         struct br_err *err)
{
	static const char q[] =
	        "UPDATE previsit_intakes SET answers = $3, red_flags = $4, "
	        "tier = $5, updated_at = $6, sent_at = $7 WHERE patient_id = "
	        "$1 AND previsit_id = $2";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, v->patient_id);
	br_db_bind_i64(st, 2, v->id);
	br_db_bind_text(st, 3, v->answers);
	br_db_bind_text(st, 4, v->red_flags);
	br_db_bind_text(st, 5, v->tier);
	br_db_bind_text(st, 6, v->updated_at);
	br_db_bind_text(st, 7, v->sent_at);
	return br_db_run(st, err);
}

int
br_store_previsit_confirm(struct br_store *s, const struct br_previsit *v,
                          struct br_err *err)
{
	static const char q[] =
	        "UPDATE previsit_intakes SET confirmed_at = $3, confirmed_by = "
	        "$4, episode_id = $5 WHERE patient_id = $1 AND previsit_id = "
	        "$2";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, v->patient_id);
	br_db_bind_i64(st, 2, v->id);
	br_db_bind_text(st, 3, v->confirmed_at);
	br_db_bind_text(st, 4, v->confirmed_by);
	br_store_bind_id_opt(st, 5, v->episode_id);
	return br_db_run(st, err);
}

static void
read_alert(struct br_db_stmt *st, void *elem)
{
	struct br_previsit_alert *a = elem;

	a->patient_id = br_db_col_i64(st, 0);
	a->id = br_db_col_i64(st, 1);
	br_db_col_copy(st, 2, a->name, sizeof(a->name));
	br_db_col_copy(st, 3, a->red_flags, sizeof(a->red_flags));
	br_db_col_copy(st, 4, a->updated_at, sizeof(a->updated_at));
}

int
br_store_previsit_alerts(struct br_store *s, int64_t clinic_id,
                         struct br_previsit_alert **out, size_t *n,
                         struct br_err *err)
{
#define ALERTS(where)                                                          \
	"SELECT v.patient_id, v.previsit_id, p.name, v.red_flags, "            \
	"v.updated_at FROM previsit_intakes v JOIN patients p ON "             \
	"p.patient_id = v.patient_id WHERE v.confirmed_at IS NULL AND "        \
	"v.tier = 'emergency'" where                                           \
	" ORDER BY v.updated_at DESC, v.patient_id"
	static const char q_clinic[] = ALERTS(" AND p.clinic_id = $1");
	static const char q_all[] = ALERTS("");
#undef ALERTS
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, clinic_id ? q_clinic : q_all, &st, err);

	*out = NULL;
	*n = 0;
	if (rc < 0)
		return rc;
	if (clinic_id)
		br_db_bind_i64(st, 1, clinic_id);
	return br_db_collect(st, sizeof(**out), read_alert, (void **)out, n,
	                     err);
}

int
br_store_previsit_account(struct br_store *s, int64_t patient_id, bool *has,
                          struct br_err *err)
{
	static const char q[] =
	        "SELECT count(*) FROM users WHERE role = 'patient' AND "
	        "patient_id = $1 AND disabled = 0";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	*has = false;
	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, patient_id);
	rc = br_db_step(st, err);
	if (rc == 1)
		*has = br_db_col_i64(st, 0) > 0;
	br_db_done(st);
	return rc < 0 ? rc : 0;
}
