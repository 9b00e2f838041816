/*
 * patients.c - patient records.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
	                        ") VALUES ($1, $2, $3, $4, $5, $6, $7)";
	struct br_db_stmt *st;
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
