/*
 * demo.c - the table of what the demo generator planted (demo_truth).
 */
#include "store/store_internal.h"

int
br_store_demo_truth_insert(struct br_store *s, const struct br_demo_truth *t,
                           struct br_err *err)
{
	static const char q[] =
	        "INSERT INTO demo_truth (patient_id, seed, arm, responder, "
	        "poor_sleeper, baseline_pain, pain_sd, pain_phi, "
	        "sleep_pain_beta, pain_sleep_beta, diary_days, sessions, "
	        "measures) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, "
	        "$11, $12, $13)";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, t->patient_id);
	br_db_bind_i64(st, 2, t->seed);
	br_db_bind_text(st, 3, t->arm);
	br_db_bind_i64(st, 4, t->responder);
	br_db_bind_i64(st, 5, t->poor_sleeper);
	br_db_bind_double(st, 6, t->baseline_pain);
	br_db_bind_double(st, 7, t->pain_sd);
	br_db_bind_double(st, 8, t->pain_phi);
	br_db_bind_double(st, 9, t->sleep_pain_beta);
	br_db_bind_double(st, 10, t->pain_sleep_beta);
	br_db_bind_i64(st, 11, t->diary_days);
	br_db_bind_i64(st, 12, t->sessions);
	br_db_bind_i64(st, 13, t->measures);
	return br_db_run(st, err);
}
