/*
 * overview.c - practice-wide counts for the overview screen.
 */
#include <stdio.h>
#include <string.h>

#include "core/parse.h"
#include "store/store_internal.h"

/* One count: a and b bind $1 and $2 when given, clinic (when not 0) the
 * next parameter. */
static int
count(struct br_store *s, const char *q, const char *a, const char *b,
      int64_t clinic, int64_t *out, struct br_err *err)
{
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);
	int n = 1;

	if (rc < 0)
		return rc;
	if (a)
		br_db_bind_text(st, n++, a);
	if (b)
		br_db_bind_text(st, n++, b);
	if (clinic)
		br_db_bind_i64(st, n, clinic);
	rc = br_db_step(st, err);
	*out = rc == 1 ? br_db_col_i64(st, 0) : 0;
	br_db_done(st);
	return rc < 0 ? rc : 0;
}

/* Per patient of clinic $n (patients_clinic_key), a scalar subquery over
 * that patient's rows (the keys that begin with patient_id): neither
 * planner can turn it into a scan of the network's rows. */
#define PER_PATIENT(agg, sub, n)                                               \
	"SELECT " agg "((SELECT " sub ")) FROM patients p WHERE p.clinic_id "  \
	"= $" #n

/*
 * One clinic's counts read that clinic's rows only; the network's read
 * the index ranges of what they count (episodes by status, sessions and
 * diary days by day: migration 015), never every diary row.
 */
int
br_store_overview(struct br_store *s, int64_t clinic_id, const char *today,
                  struct br_overview *out, struct br_err *err)
{
	/* Every clinic's [0], one clinic's [1]. */
	static const char *const q_pat[] = {
	        "SELECT count(*) FROM patients",
	        "SELECT count(*) FROM patients WHERE clinic_id = $1"};
	static const char *const q_open[] = {
	        "SELECT count(*) FROM episodes WHERE status = 'open'",
	        PER_PATIENT("sum",
	                    "count(*) FROM episodes x WHERE x.patient_id "
	                    "= p.patient_id AND x.status = 'open'",
	                    1)};
	static const char *const q_closed[] = {
	        "SELECT count(*) FROM episodes WHERE status = 'closed'",
	        PER_PATIENT("sum",
	                    "count(*) FROM episodes x WHERE x.patient_id "
	                    "= p.patient_id AND x.status = 'closed'",
	                    1)};
	static const char *const q_active[] = {
	        "SELECT count(DISTINCT patient_id) FROM episodes WHERE status "
	        "= 'open'",
	        PER_PATIENT("count",
	                    "x.patient_id FROM episodes x WHERE "
	                    "x.patient_id = p.patient_id AND x.status "
	                    "= 'open' LIMIT 1",
	                    1)};
	static const char *const q_sess[] = {
	        "SELECT count(*) FROM sessions WHERE day > $1 AND day <= $2",
	        PER_PATIENT("sum",
	                    "count(*) FROM sessions x WHERE x.patient_id "
	                    "= p.patient_id AND x.day > $1 AND x.day <= "
	                    "$2",
	                    3)};
	static const char *const q_dpat[] = {
	        "SELECT count(DISTINCT patient_id) FROM diary_days WHERE day > "
	        "$1 AND day <= $2",
	        PER_PATIENT("count",
	                    "x.day FROM diary_days x WHERE "
	                    "x.patient_id = p.patient_id AND x.day > $1 "
	                    "AND x.day <= $2 LIMIT 1",
	                    3)};
	static const char *const q_ddays[] = {
	        "SELECT count(*) FROM diary_days WHERE day > $1 AND day <= $2",
	        PER_PATIENT("sum",
	                    "count(*) FROM diary_days x WHERE "
	                    "x.patient_id = p.patient_id AND x.day > $1 "
	                    "AND x.day <= $2",
	                    3)};
	char d30[BR_DATE_LEN], d7[BR_DATE_LEN];
	int k = clinic_id ? 1 : 0;
	int64_t c = clinic_id;
	int32_t t;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = br_parse_date("today", today, &t, err);
	if (rc < 0)
		return rc;
	br_format_date(t - 30, d30);
	br_format_date(t - 7, d7);
	rc = count(s, q_pat[k], NULL, NULL, c, &out->patients, err);
	if (rc == 0)
		rc = count(s, q_open[k], NULL, NULL, c, &out->open_episodes,
		           err);
	if (rc == 0)
		rc = count(s, q_closed[k], NULL, NULL, c, &out->closed_episodes,
		           err);
	if (rc == 0)
		rc = count(s, q_active[k], NULL, NULL, c, &out->active_patients,
		           err);
	if (rc == 0)
		rc = count(s, q_sess[k], d30, today, c, &out->sessions_30d,
		           err);
	if (rc == 0)
		rc = count(s, q_dpat[k], d7, today, c, &out->diary_patients_7d,
		           err);
	if (rc == 0)
		rc = count(s, q_ddays[k], d7, today, c, &out->diary_days_7d,
		           err);
	return rc;
}
