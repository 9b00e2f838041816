/*
 * herbal.c - herbal prescriptions and reported adverse effects (see
 * herbal.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/herbal.h"
#include "store/store_internal.h"

#define HERBAL_COLS                                                            \
	"patient_id, prescription_id, episode_id, session_id, "                \
	"practitioner_id, day, formula_pinyin, formula_chinese, "              \
	"formula_english, form, dose, duration, instructions, modifications, " \
	"pharmacy, ended_on, end_reason, created_at"

#define ADVERSE_COLS                                                           \
	"patient_id, event_id, prescription_id, day, effect, severity, note, " \
	"created_at"

/* The row by q: the INSERT or the UPDATE, with the same parameters. */
static int
write_herbal(struct br_store *s, const char *q, const struct br_herbal *x,
             struct br_err *err)
{
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, x->patient_id);
	br_db_bind_i64(st, 2, x->id);
	br_db_bind_i64(st, 3, x->episode_id);
	br_store_bind_id_opt(st, 4, x->session_id);
	br_store_bind_id_opt(st, 5, x->practitioner_id);
	br_db_bind_text(st, 6, x->day);
	br_db_bind_text(st, 7, x->pinyin);
	br_db_bind_text(st, 8, x->chinese);
	br_db_bind_text(st, 9, x->english);
	br_db_bind_text(st, 10, x->form);
	br_db_bind_text(st, 11, x->dose);
	br_db_bind_text(st, 12, x->duration);
	br_db_bind_text(st, 13, x->instructions);
	br_db_bind_text(st, 14, x->modifications);
	br_db_bind_text(st, 15, x->pharmacy);
	br_db_bind_text(st, 16, x->ended_on);
	br_db_bind_text(st, 17, x->end_reason);
	br_db_bind_text(st, 18, x->created_at);
	return br_db_run(st, err);
}

int
br_store_herbal_insert(struct br_store *s, const struct br_herbal *x,
                       struct br_err *err)
{
	static const char q[] =
	        "INSERT INTO herbal_prescriptions (" HERBAL_COLS
	        ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, "
	        "$13, $14, $15, $16, $17, $18)";

	return write_herbal(s, q, x, err);
}

int
br_store_herbal_update(struct br_store *s, const struct br_herbal *x,
                       struct br_err *err)
{
	static const char q[] =
	        "UPDATE herbal_prescriptions SET episode_id = $3, session_id = "
	        "$4, practitioner_id = $5, day = $6, formula_pinyin = $7, "
	        "formula_chinese = $8, formula_english = $9, form = $10, dose "
	        "= "
	        "$11, duration = $12, instructions = $13, modifications = $14, "
	        "pharmacy = $15, ended_on = $16, end_reason = $17, created_at "
	        "= "
	        "$18 WHERE patient_id = $1 AND prescription_id = $2";

	return write_herbal(s, q, x, err);
}

static void
read_herbal(struct br_db_stmt *st, void *elem)
{
	struct br_herbal *x = elem;

	memset(x, 0, sizeof(*x));
	x->patient_id = br_db_col_i64(st, 0);
	x->id = br_db_col_i64(st, 1);
	x->episode_id = br_db_col_i64(st, 2);
	x->session_id = br_db_col_i64(st, 3);
	x->practitioner_id = br_db_col_i64(st, 4);
	br_db_col_copy(st, 5, x->day, sizeof(x->day));
	br_db_col_copy(st, 6, x->pinyin, sizeof(x->pinyin));
	br_db_col_copy(st, 7, x->chinese, sizeof(x->chinese));
	br_db_col_copy(st, 8, x->english, sizeof(x->english));
	br_db_col_copy(st, 9, x->form, sizeof(x->form));
	br_db_col_copy(st, 10, x->dose, sizeof(x->dose));
	br_db_col_copy(st, 11, x->duration, sizeof(x->duration));
	br_db_col_copy(st, 12, x->instructions, sizeof(x->instructions));
	br_db_col_copy(st, 13, x->modifications, sizeof(x->modifications));
	br_db_col_copy(st, 14, x->pharmacy, sizeof(x->pharmacy));
	br_db_col_copy(st, 15, x->ended_on, sizeof(x->ended_on));
	br_db_col_copy(st, 16, x->end_reason, sizeof(x->end_reason));
	br_db_col_copy(st, 17, x->created_at, sizeof(x->created_at));
}

int
br_store_herbal_get(struct br_store *s, int64_t id, const char *field,
                    struct br_herbal *out, struct br_err *err)
{
	static const char q[] =
	        "SELECT " HERBAL_COLS " FROM herbal_prescriptions WHERE "
	        "prescription_id = $1";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, id);
	rc = br_db_step(st, err);
	if (rc == 1)
		read_herbal(st, out);
	br_db_done(st);
	if (rc == 0)
		return br_error(err, BR_ENOTFOUND, field,
		                "there is no herbal prescription %lld",
		                (long long)id);
	return rc < 0 ? rc : 0;
}

int
br_store_herbal_list(struct br_store *s, int64_t patient_id, int64_t episode_id,
                     struct br_herbal **out, size_t *n, struct br_err *err)
{
	static const char q[] = "SELECT " HERBAL_COLS
	                        " FROM herbal_prescriptions WHERE patient_id "
	                        "= $1 AND episode_id = $2 ORDER BY day, "
	                        "prescription_id";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, patient_id);
	br_db_bind_i64(st, 2, episode_id);
	return br_db_collect(st, sizeof(**out), read_herbal, (void **)out, n,
	                     err);
}

int
br_store_herbal_end(struct br_store *s, int64_t patient_id, int64_t id,
                    const char *ended_on, const char *reason,
                    struct br_err *err)
{
	static const char q[] = "UPDATE herbal_prescriptions SET ended_on = "
	                        "$3, end_reason = $4 WHERE patient_id = $1 AND "
	                        "prescription_id = $2";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, patient_id);
	br_db_bind_i64(st, 2, id);
	br_db_bind_text(st, 3, ended_on);
	br_db_bind_text(st, 4, reason);
	return br_db_run(st, err);
}

int
br_store_herbal_adverse_insert(struct br_store *s,
                               const struct br_herbal_adverse *a,
                               struct br_err *err)
{
	static const char q[] =
	        "INSERT INTO herbal_adverse_effects (" ADVERSE_COLS
	        ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, a->patient_id);
	br_db_bind_i64(st, 2, a->id);
	br_db_bind_i64(st, 3, a->prescription_id);
	br_db_bind_text(st, 4, a->day);
	br_db_bind_text(st, 5, a->effect);
	br_db_bind_text(st, 6, a->severity);
	br_db_bind_text(st, 7, a->note);
	br_db_bind_text(st, 8, a->created_at);
	return br_db_run(st, err);
}

static void
read_adverse(struct br_db_stmt *st, void *elem)
{
	struct br_herbal_adverse *a = elem;

	a->patient_id = br_db_col_i64(st, 0);
	a->id = br_db_col_i64(st, 1);
	a->prescription_id = br_db_col_i64(st, 2);
	br_db_col_copy(st, 3, a->day, sizeof(a->day));
	br_db_col_copy(st, 4, a->effect, sizeof(a->effect));
	br_db_col_copy(st, 5, a->severity, sizeof(a->severity));
	br_db_col_copy(st, 6, a->note, sizeof(a->note));
	br_db_col_copy(st, 7, a->created_at, sizeof(a->created_at));
}

int
br_store_herbal_adverse_list(struct br_store *s, int64_t patient_id,
                             int64_t episode_id, struct br_herbal_adverse **out,
                             size_t *n, struct br_err *err)
{
	static const char q[] =
	        "SELECT a.patient_id, a.event_id, a.prescription_id, a.day, "
	        "a.effect, a.severity, a.note, a.created_at FROM "
	        "herbal_adverse_effects a JOIN herbal_prescriptions p ON "
	        "p.patient_id = a.patient_id AND p.prescription_id = "
	        "a.prescription_id WHERE p.patient_id = $1 AND p.episode_id = "
	        "$2 ORDER BY a.day, a.event_id";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, patient_id);
	br_db_bind_i64(st, 2, episode_id);
	return br_db_collect(st, sizeof(**out), read_adverse, (void **)out, n,
	                     err);
}
