/*
 * auth_sessions.c - web sessions and failed-login records (see users.h).
 */
#include <stdio.h>
#include <string.h>

#include "store/store_internal.h"
#include "store/users.h"

int
br_store_auth_session_insert(struct br_store *s,
                             const struct br_auth_session *a,
                             struct br_err *err)
{
	static const char q[] =
	        "INSERT INTO auth_sessions (token_hash, user_id, created_at, "
	        "last_seen, expires_at, origin, revoked) VALUES ($1, $2, $3, "
	        "$4, $5, $6, 0)";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_text(st, 1, a->token_hash);
	br_db_bind_i64(st, 2, a->user_id);
	br_db_bind_i64(st, 3, a->created_at);
	br_db_bind_i64(st, 4, a->last_seen);
	br_db_bind_i64(st, 5, a->expires_at);
	br_db_bind_text(st, 6, a->origin[0] ? a->origin : "unknown");
	return br_db_run(st, err);
}

int
br_store_auth_session_get(struct br_store *s, const char *token_hash,
                          struct br_auth_session *out, struct br_err *err)
{
	static const char q[] =
	        "SELECT token_hash, user_id, created_at, last_seen, "
	        "expires_at, origin, revoked FROM auth_sessions WHERE "
	        "token_hash = $1";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_text(st, 1, token_hash);
	rc = br_db_step(st, err);
	if (rc == 1) {
		memset(out, 0, sizeof(*out));
		br_db_col_copy(st, 0, out->token_hash, sizeof(out->token_hash));
		out->user_id = br_db_col_i64(st, 1);
		out->created_at = br_db_col_i64(st, 2);
		out->last_seen = br_db_col_i64(st, 3);
		out->expires_at = br_db_col_i64(st, 4);
		br_db_col_copy(st, 5, out->origin, sizeof(out->origin));
		out->revoked = br_db_col_i64(st, 6) != 0;
	}
	br_db_done(st);
	if (rc == 0)
		return br_error(err, BR_ENOTFOUND, "session",
		                "there is no such session");
	return rc < 0 ? rc : 0;
}

int
br_store_auth_session_touch(struct br_store *s, const char *token_hash,
                            int64_t now, struct br_err *err)
{
	static const char q[] = "UPDATE auth_sessions SET last_seen = $2 "
	                        "WHERE token_hash = $1 AND last_seen < $2";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_text(st, 1, token_hash);
	br_db_bind_i64(st, 2, now);
	return br_db_run(st, err);
}

int
br_store_auth_session_revoke(struct br_store *s, const char *token_hash,
                             struct br_err *err)
{
	static const char q[] =
	        "UPDATE auth_sessions SET revoked = 1 WHERE token_hash = $1";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_text(st, 1, token_hash);
	return br_db_run(st, err);
}

int
br_store_auth_session_prune(struct br_store *s, int64_t before,
                            struct br_err *err)
{
	static const char q[] = "DELETE FROM auth_sessions WHERE expires_at < "
	                        "$1 OR (revoked = 1 AND last_seen < $1)";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, before);
	return br_db_run(st, err);
}

int
br_store_login_throttle_get(struct br_store *s, const char *key,
                            struct br_login_throttle *out, struct br_err *err)
{
	static const char q[] =
	        "SELECT failures, last_ms FROM login_throttle WHERE key = $1";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	memset(out, 0, sizeof(*out));
	if (rc < 0)
		return rc;
	br_db_bind_text(st, 1, key);
	rc = br_db_step(st, err);
	if (rc == 1) {
		out->failures = (int)br_db_col_i64(st, 0);
		out->last_ms = br_db_col_i64(st, 1);
	}
	br_db_done(st);
	return rc < 0 ? rc : 0;
}

int
br_store_login_throttle_bump(struct br_store *s, const char *key,
                             int64_t now_ms, int64_t window_ms,
                             struct br_err *err)
{
	static const char prune[] =
	        "DELETE FROM login_throttle WHERE last_ms < $1";
	static const char up[] =
	        "INSERT INTO login_throttle (key, failures, last_ms) VALUES "
	        "($1, 1, $2) ON CONFLICT (key) DO UPDATE SET failures = CASE "
	        "WHEN login_throttle.last_ms < $3 THEN 1 ELSE "
	        "login_throttle.failures + 1 END, last_ms = $2";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, prune, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, now_ms - window_ms);
	rc = br_db_run(st, err);
	if (rc == 0)
		rc = br_db_prepare(s, up, &st, err);
	if (rc < 0)
		return rc;
	br_db_bind_text(st, 1, key);
	br_db_bind_i64(st, 2, now_ms);
	br_db_bind_i64(st, 3, now_ms - window_ms);
	return br_db_run(st, err);
}

int
br_store_login_throttle_undo(struct br_store *s, const char *key,
                             struct br_err *err)
{
	static const char q[] = "UPDATE login_throttle SET failures = failures "
	                        "- 1 WHERE key = $1 AND failures > 0";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_text(st, 1, key);
	return br_db_run(st, err);
}

int
br_store_login_throttle_clear(struct br_store *s, const char *key,
                              struct br_err *err)
{
	static const char q[] = "DELETE FROM login_throttle WHERE key = $1";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_text(st, 1, key);
	return br_db_run(st, err);
}

int
br_store_login_known_get(struct br_store *s, const char *key, bool *known,
                         struct br_err *err)
{
	static const char q[] = "SELECT 1 FROM login_known WHERE key = $1";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	*known = false;
	if (rc < 0)
		return rc;
	br_db_bind_text(st, 1, key);
	rc = br_db_step(st, err);
	*known = rc == 1;
	br_db_done(st);
	return rc < 0 ? rc : 0;
}

int
br_store_login_known_put(struct br_store *s, const char *key, int64_t user_id,
                         int64_t now, int64_t prune_before, struct br_err *err)
{
	static const char prune[] = "DELETE FROM login_known WHERE at < $1";
	static const char up[] =
	        "INSERT INTO login_known (key, user_id, at) VALUES ($1, $2, "
	        "$3) ON CONFLICT (key) DO UPDATE SET at = $3";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, prune, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, prune_before);
	rc = br_db_run(st, err);
	if (rc == 0)
		rc = br_db_prepare(s, up, &st, err);
	if (rc < 0)
		return rc;
	br_db_bind_text(st, 1, key);
	br_db_bind_i64(st, 2, user_id);
	br_db_bind_i64(st, 3, now);
	return br_db_run(st, err);
}
