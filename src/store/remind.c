/*
 * remind.c - reminder choices, claims, stop links and diary entry ids
 * (see remind.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/remind.h"
#include "store/store_internal.h"

void
br_remind_prefs_init(struct br_remind_prefs *p, int64_t patient_id)
{
	memset(p, 0, sizeof(*p));
	p->patient_id = patient_id;
	p->appointment = true;
	p->questionnaire = true;
	p->diary = false;
	p->diary_after_days = 3;
	p->quiet_from = 21 * 60;
	p->quiet_to = 8 * 60;
}

#define PREF_COLS                                                              \
	"patient_id, appointment, questionnaire, diary, diary_after_days, "    \
	"quiet_from, quiet_to, updated_at"
#define PREF_NCOLS 8

static void
read_prefs(struct br_db_stmt *st, int col, struct br_remind_prefs *p)
{
	p->patient_id = br_db_col_i64(st, col);
	p->appointment = br_db_col_i64(st, col + 1) != 0;
	p->questionnaire = br_db_col_i64(st, col + 2) != 0;
	p->diary = br_db_col_i64(st, col + 3) != 0;
	p->diary_after_days = (int)br_db_col_i64(st, col + 4);
	p->quiet_from = (int)br_db_col_i64(st, col + 5);
	p->quiet_to = (int)br_db_col_i64(st, col + 6);
	br_db_col_copy(st, col + 7, p->updated_at, sizeof(p->updated_at));
}

int
br_store_remind_prefs_get(struct br_store *s, int64_t patient_id,
                          struct br_remind_prefs *out, struct br_err *err)
{
	static const char q[] = "SELECT " PREF_COLS
	                        " FROM reminder_prefs WHERE patient_id = $1";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	br_remind_prefs_init(out, patient_id);
	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, patient_id);
	rc = br_db_step(st, err);
	if (rc == 1)
		read_prefs(st, 0, out);
	br_db_done(st);
	return rc < 0 ? rc : 0;
}

int
br_store_remind_prefs_put(struct br_store *s, const struct br_remind_prefs *p,
                          struct br_err *err)
{
	static const char q[] = "INSERT INTO reminder_prefs (" PREF_COLS
	                        ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
	                        "ON CONFLICT (patient_id) DO UPDATE SET "
	                        "appointment = excluded.appointment, "
	                        "questionnaire = excluded.questionnaire, "
	                        "diary = excluded.diary, "
	                        "diary_after_days = excluded.diary_after_days, "
	                        "quiet_from = excluded.quiet_from, quiet_to = "
	                        "excluded.quiet_to, "
	                        "updated_at = excluded.updated_at";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, p->patient_id);
	br_db_bind_i64(st, 2, p->appointment ? 1 : 0);
	br_db_bind_i64(st, 3, p->questionnaire ? 1 : 0);
	br_db_bind_i64(st, 4, p->diary ? 1 : 0);
	br_db_bind_i64(st, 5, p->diary_after_days);
	br_db_bind_i64(st, 6, p->quiet_from);
	br_db_bind_i64(st, 7, p->quiet_to);
	br_db_bind_text(st, 8, p->updated_at);
	return br_db_run(st, err);
}

/* The first text column of a one-row query with one id parameter. */
static int
one_text(struct br_store *s, const char *q, int64_t id, char *out,
         size_t outlen, struct br_err *err)
{
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	out[0] = '\0';
	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, id);
	rc = br_db_step(st, err);
	if (rc == 1)
		br_db_col_copy(st, 0, out, outlen);
	br_db_done(st);
	return rc < 0 ? rc : 0;
}

int
br_store_remind_email(struct br_store *s, int64_t patient_id,
                      char out[BR_REMIND_EMAIL_LEN], struct br_err *err)
{
	static const char q[] =
	        "SELECT email FROM users WHERE role = 'patient' AND "
	        "patient_id = $1 AND disabled = 0 ORDER BY user_id LIMIT 1";

	return one_text(s, q, patient_id, out, BR_REMIND_EMAIL_LEN, err);
}

int
br_store_remind_clinic(struct br_store *s, int64_t patient_id, char *out,
                       size_t outlen, struct br_err *err)
{
	static const char q[] =
	        "SELECT c.name FROM patients p JOIN clinics c ON "
	        "c.clinic_id = p.clinic_id WHERE p.patient_id = $1";

	return one_text(s, q, patient_id, out, outlen, err);
}

static void
read_visit(struct br_db_stmt *st, void *elem)
{
	struct br_remind_visit *v = elem;

	v->patient_id = br_db_col_i64(st, 0);
	v->visit_id = br_db_col_i64(st, 1);
	br_db_col_copy(st, 2, v->day, sizeof(v->day));
	v->start_min = (int)br_db_col_i64(st, 3);
	v->home = strcmp(br_db_col_text(st, 4), "home") == 0;
}

int
br_store_remind_visits(struct br_store *s, int64_t from, int64_t to,
                       struct br_remind_visit **out, size_t *n,
                       struct br_err *err)
{
	static const char q[] = "SELECT patient_id, visit_id, day, start_min, "
	                        "place FROM visits "
	                        "WHERE status = 'booked' AND starts_at > $1 "
	                        "AND starts_at <= $2 "
	                        "ORDER BY starts_at, patient_id, visit_id";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, from);
	br_db_bind_i64(st, 2, to);
	return br_db_collect(st, sizeof(**out), read_visit, (void **)out, n,
	                     err);
}

static void
read_gap(struct br_db_stmt *st, void *elem)
{
	struct br_remind_gap *g = elem;

	read_prefs(st, 0, &g->prefs);
	br_db_col_copy(st, PREF_NCOLS, g->last, sizeof(g->last));
}

int
br_store_remind_gaps(struct br_store *s, struct br_remind_gap **out, size_t *n,
                     struct br_err *err)
{
	static const char q[] =
	        "SELECT " PREF_COLS ", (SELECT max(d.day) FROM diary_days d "
	        "WHERE d.patient_id = reminder_prefs.patient_id) "
	        "FROM reminder_prefs WHERE diary = 1 ORDER BY patient_id";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	return br_db_collect(st, sizeof(**out), read_gap, (void **)out, n, err);
}

int
br_store_remind_claim(struct br_store *s, int64_t patient_id, const char *kind,
                      const char *item, int64_t now_ms, int64_t lease_ms,
                      bool *claimed, struct br_err *err)
{
	/* One statement: a new row, or a failed or stale claim taken over;
	 * a row it did not take returns nothing. */
	static const char q[] =
	        "INSERT INTO reminder_sends (patient_id, kind, item, state, "
	        "attempts, claimed_ms) VALUES ($1, $2, $3, 'claimed', 1, $4) "
	        "ON CONFLICT (patient_id, kind, item) DO UPDATE SET "
	        "state = 'claimed', attempts = reminder_sends.attempts + 1, "
	        "claimed_ms = excluded.claimed_ms "
	        "WHERE reminder_sends.attempts < $6 AND "
	        "(reminder_sends.state = 'failed' OR "
	        "(reminder_sends.state = 'claimed' AND "
	        "reminder_sends.claimed_ms < $5)) "
	        "RETURNING attempts";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	*claimed = false;
	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, patient_id);
	br_db_bind_text(st, 2, kind);
	br_db_bind_text(st, 3, item);
	br_db_bind_i64(st, 4, now_ms);
	br_db_bind_i64(st, 5, now_ms - lease_ms);
	br_db_bind_i64(st, 6, BR_REMIND_MAX_ATTEMPTS);
	rc = br_db_step(st, err);
	*claimed = rc == 1;
	br_db_done(st);
	return rc < 0 ? rc : 0;
}

int
br_store_remind_done(struct br_store *s, int64_t patient_id, const char *kind,
                     const char *item, int64_t claimed_ms, bool sent,
                     const char *at, struct br_err *err)
{
	static const char q[] =
	        "UPDATE reminder_sends SET state = $5, sent_at = $6 "
	        "WHERE patient_id = $1 AND kind = $2 AND item = $3 AND "
	        "state = 'claimed' AND claimed_ms = $4";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, patient_id);
	br_db_bind_text(st, 2, kind);
	br_db_bind_text(st, 3, item);
	br_db_bind_i64(st, 4, claimed_ms);
	br_db_bind_text(st, 5, sent ? "sent" : "failed");
	br_db_bind_text(st, 6, sent ? at : NULL);
	return br_db_run(st, err);
}

int
br_store_remind_token_add(struct br_store *s, int64_t patient_id,
                          const char *hash, const char *kind, const char *at,
                          struct br_err *err)
{
	static const char q[] = "INSERT INTO reminder_stop_tokens (patient_id, "
	                        "token_hash, kind, "
	                        "created_at) VALUES ($1, $2, $3, $4)";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, patient_id);
	br_db_bind_text(st, 2, hash);
	br_db_bind_text(st, 3, kind);
	br_db_bind_text(st, 4, at);
	return br_db_run(st, err);
}

int
br_store_remind_token_use(struct br_store *s, int64_t patient_id,
                          const char *hash, const char *at, char kind[16],
                          struct br_err *err)
{
	static const char q[] =
	        "UPDATE reminder_stop_tokens SET used_at = $3 WHERE "
	        "patient_id = $1 AND token_hash = $2 AND used_at IS NULL "
	        "RETURNING kind";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	kind[0] = '\0';
	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, patient_id);
	br_db_bind_text(st, 2, hash);
	br_db_bind_text(st, 3, at);
	rc = br_db_step(st, err);
	if (rc == 1)
		br_db_col_copy(st, 0, kind, 16);
	br_db_done(st);
	if (rc == 0)
		return br_error(err, BR_ENOTFOUND, "token",
		                "this link has been used already or is not "
		                "valid");
	return rc < 0 ? rc : 0;
}

int
br_store_diary_entry_get(struct br_store *s, int64_t patient_id,
                         const char *entry_id, char day[BR_DATE_LEN],
                         struct br_err *err)
{
	static const char q[] = "SELECT day FROM diary_entries WHERE "
	                        "patient_id = $1 AND entry_id = $2";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	day[0] = '\0';
	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, patient_id);
	br_db_bind_text(st, 2, entry_id);
	rc = br_db_step(st, err);
	if (rc == 1)
		br_db_col_copy(st, 0, day, BR_DATE_LEN);
	br_db_done(st);
	if (rc == 0)
		return BR_ENOTFOUND;
	return rc < 0 ? rc : 0;
}

int
br_store_diary_entry_add(struct br_store *s, int64_t patient_id,
                         const char *entry_id, const char *day, const char *at,
                         struct br_err *err)
{
	static const char q[] =
	        "INSERT INTO diary_entries (patient_id, entry_id, day, "
	        "received_at) VALUES ($1, $2, $3, $4)";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, patient_id);
	br_db_bind_text(st, 2, entry_id);
	br_db_bind_text(st, 3, day);
	br_db_bind_text(st, 4, at);
	return br_db_run(st, err);
}
