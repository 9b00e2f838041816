/*
 * exercises.c - exercise prescriptions and logs (see exercises.h).
 */
#include "store/exercises.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_internal.h"

#define RX_COLS                                                                \
	"patient_id, prescription_id, episode_id, exercise, reps, "            \
	"every_days, day, active, usual_morning, created_at"
#define LOG_COLS                                                               \
	"patient_id, log_id, episode_id, exercise, day, reps, pain_during, "   \
	"next_morning, rom_loss, reinjury, created_at"

int
br_store_exercise_rx_insert(struct br_store *s, const struct br_exercise_rx *x,
                            struct br_err *err)
{
	static const char q[] = "INSERT INTO exercise_prescriptions (" RX_COLS
	                        ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
	                        "$10)";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, x->patient_id);
	br_db_bind_i64(st, 2, x->id);
	br_db_bind_i64(st, 3, x->episode_id);
	br_db_bind_text(st, 4, x->exercise);
	br_db_bind_i64(st, 5, x->reps);
	br_db_bind_i64(st, 6, x->every_days);
	br_db_bind_text(st, 7, x->day);
	br_db_bind_i64(st, 8, x->active);
	br_db_bind_int_opt(st, 9, x->usual_morning);
	br_db_bind_text(st, 10, x->created_at);
	return br_db_run(st, err);
}

static void
read_rx(struct br_db_stmt *st, void *elem)
{
	struct br_exercise_rx *x = elem;

	x->patient_id = br_db_col_i64(st, 0);
	x->id = br_db_col_i64(st, 1);
	x->episode_id = br_db_col_i64(st, 2);
	br_db_col_copy(st, 3, x->exercise, sizeof(x->exercise));
	x->reps = (int)br_db_col_i64(st, 4);
	x->every_days = (int)br_db_col_i64(st, 5);
	br_db_col_copy(st, 6, x->day, sizeof(x->day));
	x->active = br_db_col_i64(st, 7) != 0;
	x->usual_morning = br_db_col_int_opt(st, 8);
	br_db_col_copy(st, 9, x->created_at, sizeof(x->created_at));
}

int
br_store_exercise_rx_list(struct br_store *s, int64_t patient_id,
                          int64_t episode_id, struct br_exercise_rx **out,
                          size_t *n, struct br_err *err)
{
	static const char q[] = "SELECT " RX_COLS
	                        " FROM exercise_prescriptions WHERE patient_id "
	                        "= $1 AND episode_id = $2 AND active = 1 ORDER "
	                        "BY day, prescription_id";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, patient_id);
	br_db_bind_i64(st, 2, episode_id);
	return br_db_collect(st, sizeof(**out), read_rx, (void **)out, n, err);
}

int
br_store_exercise_rx_history(struct br_store *s, int64_t patient_id,
                             int64_t episode_id, struct br_exercise_rx **out,
                             size_t *n, struct br_err *err)
{
	static const char q[] = "SELECT " RX_COLS
	                        " FROM exercise_prescriptions WHERE patient_id "
	                        "= $1 AND episode_id = $2 ORDER BY day, "
	                        "prescription_id";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, patient_id);
	br_db_bind_i64(st, 2, episode_id);
	return br_db_collect(st, sizeof(**out), read_rx, (void **)out, n, err);
}

int
br_store_exercise_rx_deactivate(struct br_store *s, int64_t patient_id,
                                int64_t rx_id, struct br_err *err)
{
	static const char q[] = "UPDATE exercise_prescriptions SET active = 0 "
	                        "WHERE patient_id = $1 AND prescription_id = "
	                        "$2";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, patient_id);
	br_db_bind_i64(st, 2, rx_id);
	return br_db_run(st, err);
}

static void
read_log(struct br_db_stmt *st, void *elem)
{
	struct br_exercise_log *x = elem;

	memset(x, 0, sizeof(*x));
	x->patient_id = br_db_col_i64(st, 0);
	x->id = br_db_col_i64(st, 1);
	x->episode_id = br_db_col_i64(st, 2);
	br_db_col_copy(st, 3, x->exercise, sizeof(x->exercise));
	br_db_col_copy(st, 4, x->day, sizeof(x->day));
	x->reps = (int)br_db_col_i64(st, 5);
	x->pain_during = (int)br_db_col_i64(st, 6);
	x->next_morning = br_db_col_int_opt(st, 7);
	x->rom_loss = br_db_col_i64(st, 8) != 0;
	x->reinjury = br_db_col_i64(st, 9) != 0;
	br_db_col_copy(st, 10, x->created_at, sizeof(x->created_at));
}

int
br_store_exercise_log_get(struct br_store *s, int64_t patient_id,
                          int64_t episode_id, const char *exercise,
                          const char *day, struct br_exercise_log *out,
                          struct br_err *err)
{
	static const char q[] =
	        "SELECT " LOG_COLS
	        " FROM exercise_logs WHERE patient_id = $1 AND "
	        "episode_id = $2 AND exercise = $3 AND day = $4";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, patient_id);
	br_db_bind_i64(st, 2, episode_id);
	br_db_bind_text(st, 3, exercise);
	br_db_bind_text(st, 4, day);
	rc = br_db_step(st, err);
	if (rc == 1)
		read_log(st, out);
	br_db_done(st);
	if (rc == 0)
		return br_error(err, BR_ENOTFOUND, "date",
		                "no %s session is logged on %s", exercise, day);
	return rc < 0 ? rc : 0;
}

int
br_store_exercise_log_put(struct br_store *s, const struct br_exercise_log *x,
                          struct br_err *err)
{
	static const char q[] =
	        "INSERT INTO exercise_logs (" LOG_COLS
	        ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON "
	        "CONFLICT (patient_id, episode_id, exercise, day) DO UPDATE "
	        "SET reps = excluded.reps, pain_during = excluded.pain_during, "
	        "next_morning = excluded.next_morning, rom_loss = "
	        "excluded.rom_loss, reinjury = excluded.reinjury";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, x->patient_id);
	br_db_bind_i64(st, 2, x->id);
	br_db_bind_i64(st, 3, x->episode_id);
	br_db_bind_text(st, 4, x->exercise);
	br_db_bind_text(st, 5, x->day);
	br_db_bind_i64(st, 6, x->reps);
	br_db_bind_i64(st, 7, x->pain_during);
	br_db_bind_int_opt(st, 8, x->next_morning);
	br_db_bind_i64(st, 9, x->rom_loss);
	br_db_bind_i64(st, 10, x->reinjury);
	br_db_bind_text(st, 11, x->created_at);
	return br_db_run(st, err);
}

int
br_store_exercise_log_list(struct br_store *s, int64_t patient_id,
                           int64_t episode_id, const char *exercise,
                           struct br_exercise_log **out, size_t *n,
                           struct br_err *err)
{
	static const char q[] = "SELECT " LOG_COLS
	                        " FROM exercise_logs WHERE patient_id = $1 AND "
	                        "episode_id = $2 AND ($3 IS NULL OR exercise = "
	                        "$3) ORDER BY day, log_id";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, patient_id);
	br_db_bind_i64(st, 2, episode_id);
	br_db_bind_text(st, 3, exercise);
	return br_db_collect(st, sizeof(**out), read_log, (void **)out, n, err);
}
