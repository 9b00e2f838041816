/*
 * overview.c - practice-wide counts for the overview screen.
 */
#include <stdio.h>
#include <string.h>

#include "core/parse.h"
#include "store/store_internal.h"

static int
count(struct br_store *s, const char *q, const char *a, const char *b,
      int64_t *out, struct br_err *err)
{
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	if (a)
		br_db_bind_text(st, 1, a);
	if (b)
		br_db_bind_text(st, 2, b);
	rc = br_db_step(st, err);
	*out = rc == 1 ? br_db_col_i64(st, 0) : 0;
	br_db_done(st);
	return rc < 0 ? rc : 0;
}

int
br_store_overview(struct br_store *s, const char *today,
                  struct br_overview *out, struct br_err *err)
{
	static const char q_pat[] = "SELECT count(*) FROM patients";
	static const char q_open[] =
	        "SELECT count(*) FROM episodes WHERE status = 'open'";
	static const char q_closed[] =
	        "SELECT count(*) FROM episodes WHERE status = 'closed'";
	static const char q_active[] = "SELECT count(DISTINCT patient_id) "
	                               "FROM episodes WHERE status = 'open'";
	static const char q_sess[] = "SELECT count(*) FROM sessions "
	                             "WHERE day > $1 AND day <= $2";
	static const char q_dpat[] = "SELECT count(DISTINCT patient_id) FROM "
	                             "diary_days WHERE day > $1 AND day <= $2";
	static const char q_ddays[] = "SELECT count(*) FROM diary_days "
	                              "WHERE day > $1 AND day <= $2";
	char d30[BR_DATE_LEN], d7[BR_DATE_LEN];
	int32_t t;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = br_parse_date("today", today, &t, err);
	if (rc < 0)
		return rc;
	br_format_date(t - 30, d30);
	br_format_date(t - 7, d7);
	rc = count(s, q_pat, NULL, NULL, &out->patients, err);
	if (rc == 0)
		rc = count(s, q_open, NULL, NULL, &out->open_episodes, err);
	if (rc == 0)
		rc = count(s, q_closed, NULL, NULL, &out->closed_episodes, err);
	if (rc == 0)
		rc = count(s, q_active, NULL, NULL, &out->active_patients, err);
	if (rc == 0)
		rc = count(s, q_sess, d30, today, &out->sessions_30d, err);
	if (rc == 0)
		rc = count(s, q_dpat, d7, today, &out->diary_patients_7d, err);
	if (rc == 0)
		rc = count(s, q_ddays, d7, today, &out->diary_days_7d, err);
	return rc;
}
