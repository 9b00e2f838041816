/*
 * patients.c - patient records.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"
#include "store/patient_query.h"
#include "store/series.h"
#include "store/store_internal.h"

#define PATIENT_COLS "patient_id, clinic_id, name, born, sex, ref, created_at"

static void
read_patient(struct br_db_stmt *st, void *elem)
{
	struct br_patient *p = elem;

	memset(p, 0, sizeof(*p));
	p->id = br_db_col_i64(st, 0);
	p->clinic_id = br_db_col_i64(st, 1);
	br_db_col_copy(st, 2, p->name, sizeof(p->name));
	br_db_col_copy(st, 3, p->born, sizeof(p->born));
	br_db_col_copy(st, 4, p->sex, sizeof(p->sex));
	br_db_col_copy(st, 5, p->ref, sizeof(p->ref));
	br_db_col_copy(st, 6, p->created_at, sizeof(p->created_at));
}

int
br_store_patient_insert(struct br_store *s, const struct br_patient *p,
                        struct br_err *err)
{
	static const char q[] = "INSERT INTO patients (" PATIENT_COLS
	                        ", name_key) VALUES ($1, $2, $3, $4, $5, $6, "
	                        "$7, $8)";
	struct br_db_stmt *st;
	char key[sizeof(p->name) * 2];
	/* What the cohort image holds changes (store/series_file.h). */
	int rc = br_store_series_bump(s, p->id, err);

	if (rc == 0)
		rc = br_db_prepare(s, q, &st, err);
	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, p->id);
	br_db_bind_i64(st, 2, p->clinic_id);
	br_db_bind_text(st, 3, p->name);
	br_db_bind_text(st, 4, p->born);
	br_db_bind_text(st, 5, p->sex[0] ? p->sex : "unknown");
	br_db_bind_text(st, 6, p->ref);
	br_db_bind_text(st, 7, p->created_at);
	br_utf8_fold(p->name, key, sizeof(key));
	br_db_bind_text(st, 8, key);
	return br_db_run(st, err);
}

int
br_store_patient_update(struct br_store *s, const struct br_patient *p,
                        struct br_err *err)
{
	static const char q[] =
	        "UPDATE patients SET name = $2, born = $3, sex = $4, ref = $5, "
	        "name_key = $6 WHERE patient_id = $1";
	struct br_db_stmt *st;
	char key[sizeof(p->name) * 2];
	/* What the cohort image holds changes (store/series_file.h). */
	int rc = br_store_series_bump(s, p->id, err);

	if (rc == 0)
		rc = br_db_prepare(s, q, &st, err);
	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, p->id);
	br_db_bind_text(st, 2, p->name);
	br_db_bind_text(st, 3, p->born);
	br_db_bind_text(st, 4, p->sex[0] ? p->sex : "unknown");
	br_db_bind_text(st, 5, p->ref);
	br_utf8_fold(p->name, key, sizeof(key));
	br_db_bind_text(st, 6, key);
	return br_db_run(st, err);
}

int
br_store_patient_get(struct br_store *s, int64_t id, struct br_patient *out,
                     struct br_err *err)
{
	static const char q[] =
	        "SELECT " PATIENT_COLS " FROM patients WHERE patient_id = $1";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, id);
	rc = br_db_step(st, err);
	if (rc == 1)
		read_patient(st, out);
	br_db_done(st);
	if (rc == 0)
		return br_error(err, BR_ENOTFOUND, "patient_id",
		                "there is no patient %lld", (long long)id);
	return rc < 0 ? rc : 0;
}

int
br_store_patient_list(struct br_store *s, struct br_patient **out, size_t *n,
                      struct br_err *err)
{
	static const char q[] = "SELECT " PATIENT_COLS
	                        " FROM patients ORDER BY name, patient_id";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	return br_db_collect(st, sizeof(**out), read_patient, (void **)out, n,
	                     err);
}

/* The patient list and search -------------------------------------------- */

#define PAGE_SELECT "SELECT " PATIENT_COLS " FROM patients WHERE "
#define PAGE_ORDER                                                             \
	"(name_key, patient_id) > (COALESCE($1, ''), $2) ORDER BY name_key, "  \
	"patient_id "                                                          \
	"LIMIT $3"
/* What text matches: a word of the folded name beginning with it ($4 is
 * "% text%", escaped), the reference, or the birth date. */
#define PAGE_TEXT                                                              \
	"(' ' || name_key LIKE $4 ESCAPE '\\' OR ref = $5 OR born = $5) AND "
#define PAGE_CLINIC(n) "clinic_id = $" #n " AND "
#define PAGE_PRACT(n)                                                          \
	"patient_id IN (SELECT patient_id FROM episodes WHERE "                \
	"practitioner_id = $" #n " AND status = 'open') AND "

/* The key of after within scope, or BR_ENOTFOUND. */
static int
page_start(struct br_store *s, const struct br_patient_scope *sc, int64_t after,
           char *key, size_t n, struct br_err *err)
{
	static const char q[] = "SELECT name_key, clinic_id FROM patients "
	                        "WHERE patient_id = $1";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, after);
	rc = br_db_step(st, err);
	if (rc == 1) {
		br_db_col_copy(st, 0, key, n);
		if (sc->clinic_id && br_db_col_i64(st, 1) != sc->clinic_id)
			rc = 0;
	}
	br_db_done(st);
	if (rc == 0)
		return br_error(err, BR_ENOTFOUND, "after",
		                "after %lld names no patient of this list",
		                (long long)after);
	return rc < 0 ? rc : 0;
}

int
br_store_patient_page(struct br_store *s, const struct br_patient_scope *sc,
                      const char *text, int64_t after, int limit,
                      struct br_patient **out, size_t *n, struct br_err *err)
{
	/* [text][clinic][practitioner] */
	static const char *const q[2][2][2] = {
	        {{PAGE_SELECT PAGE_ORDER, PAGE_SELECT PAGE_PRACT(4) PAGE_ORDER},
	         {PAGE_SELECT PAGE_CLINIC(4) PAGE_ORDER,
	          PAGE_SELECT PAGE_CLINIC(4) PAGE_PRACT(5) PAGE_ORDER}},
	        {{PAGE_SELECT PAGE_TEXT PAGE_ORDER,
	          PAGE_SELECT PAGE_TEXT PAGE_PRACT(6) PAGE_ORDER},
	         {PAGE_SELECT PAGE_CLINIC(6) PAGE_TEXT PAGE_ORDER,
	          PAGE_SELECT PAGE_CLINIC(6) PAGE_PRACT(7)
	                  PAGE_TEXT PAGE_ORDER}}};
	struct br_db_stmt *st;
	char key[2 * BR_NAME_MAX] = "", like[2 * BR_NAME_MAX + 8];
	int t = text != NULL, c = sc->clinic_id != 0;
	int p = sc->practitioner_id != 0, k = 4, rc = 0;

	*out = NULL;
	*n = 0;
	if (after)
		rc = page_start(s, sc, after, key, sizeof(key), err);
	if (rc == 0)
		rc = br_db_prepare(s, q[t][c][p], &st, err);
	if (rc < 0)
		return rc;
	br_db_bind_text(st, 1, key);
	br_db_bind_i64(st, 2, after);
	br_db_bind_i64(st, 3, limit);
	if (t) {
		char folded[2 * BR_NAME_MAX];
		size_t o = 0;

		/* "% " then text folded, LIKE's own characters escaped. */
		br_utf8_fold(text, folded, sizeof(folded));
		like[o++] = '%';
		like[o++] = ' ';
		for (const char *x = folded; *x && o + 3 < sizeof(like); x++) {
			if (*x == '%' || *x == '_' || *x == '\\')
				like[o++] = '\\';
			like[o++] = *x;
		}
		like[o++] = '%';
		like[o] = '\0';
		br_db_bind_text(st, k++, like);
		br_db_bind_text(st, k++, text);
	}
	if (c)
		br_db_bind_i64(st, k++, sc->clinic_id);
	if (p)
		br_db_bind_i64(st, k, sc->practitioner_id);
	return br_db_collect(st, sizeof(**out), read_patient, (void **)out, n,
	                     err);
}

int
br_store_patient_keys_fill(struct br_store *s, struct br_err *err)
{
	static const char q_get[] =
	        "SELECT " PATIENT_COLS " FROM patients WHERE name_key IS NULL";
	static const char q_set[] =
	        "UPDATE patients SET name_key = $1 WHERE patient_id = $2";
	struct br_patient *ps = NULL;
	struct br_db_stmt *st;
	size_t n = 0;
	int rc = br_db_prepare(s, q_get, &st, err);

	if (rc == 0)
		rc = br_db_collect(st, sizeof(*ps), read_patient, (void **)&ps,
		                   &n, err);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		char key[sizeof(ps->name) * 2];

		br_utf8_fold(ps[i].name, key, sizeof(key));
		rc = br_db_prepare(s, q_set, &st, err);
		if (rc < 0)
			break;
		br_db_bind_text(st, 1, key);
		br_db_bind_i64(st, 2, ps[i].id);
		rc = br_db_run(st, err);
	}
	free(ps);
	return rc;
}
