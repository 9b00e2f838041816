/*
 * users.c - accounts (see users.h).  Emails are stored as given and
 * matched case-insensitively (the app lowercases them on the way in).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_internal.h"
#include "store/users.h"

#define USER_COLS                                                              \
	"user_id, clinic_id, email, name, role, patient_id, password_hash, "   \
	"disabled, created_at"

static void
read_user(struct br_db_stmt *st, void *elem)
{
	struct br_user *u = elem;

	memset(u, 0, sizeof(*u));
	u->id = br_db_col_i64(st, 0);
	u->clinic_id = br_db_col_i64(st, 1);
	br_db_col_copy(st, 2, u->email, sizeof(u->email));
	br_db_col_copy(st, 3, u->name, sizeof(u->name));
	br_db_col_copy(st, 4, u->role, sizeof(u->role));
	u->patient_id = br_db_col_i64(st, 5);
	br_db_col_copy(st, 6, u->password_hash, sizeof(u->password_hash));
	u->disabled = br_db_col_i64(st, 7) != 0;
	br_db_col_copy(st, 8, u->created_at, sizeof(u->created_at));
}

int
br_store_user_insert(struct br_store *s, const struct br_user *u,
                     struct br_err *err)
{
	static const char q[] = "INSERT INTO users (" USER_COLS
	                        ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, u->id);
	br_store_bind_id_opt(st, 2, u->clinic_id);
	br_db_bind_text(st, 3, u->email);
	br_db_bind_text(st, 4, u->name);
	br_db_bind_text(st, 5, u->role);
	br_store_bind_id_opt(st, 6, u->patient_id);
	br_db_bind_text(st, 7, u->password_hash);
	br_db_bind_i64(st, 8, u->disabled ? 1 : 0);
	br_db_bind_text(st, 9, u->created_at);
	rc = br_db_run(st, err);
	if (rc == BR_ECONFLICT)
		return br_error(err, BR_ECONFLICT, "email",
		                "a user with this email already exists");
	return rc;
}

static int
get_one(struct br_db_stmt *st, struct br_user *out, const char *field,
        struct br_err *err)
{
	int rc = br_db_step(st, err);

	if (rc == 1)
		read_user(st, out);
	br_db_done(st);
	if (rc == 0)
		return br_error(err, BR_ENOTFOUND, field,
		                "there is no such user");
	return rc < 0 ? rc : 0;
}

int
br_store_user_get(struct br_store *s, int64_t id, struct br_user *out,
                  struct br_err *err)
{
	static const char q[] =
	        "SELECT " USER_COLS " FROM users WHERE user_id = $1";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, id);
	return get_one(st, out, "user_id", err);
}

int
br_store_user_by_email(struct br_store *s, const char *email,
                       struct br_user *out, struct br_err *err)
{
	static const char q[] = "SELECT " USER_COLS
	                        " FROM users WHERE lower(email) = lower($1)";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_text(st, 1, email);
	return get_one(st, out, "email", err);
}

int
br_store_user_list(struct br_store *s, struct br_user **out, size_t *n,
                   struct br_err *err)
{
	static const char q[] =
	        "SELECT " USER_COLS " FROM users ORDER BY email, user_id";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	return br_db_collect(st, sizeof(**out), read_user, (void **)out, n,
	                     err);
}

static int
revoke_sessions(struct br_store *s, int64_t id, struct br_err *err)
{
	static const char q[] =
	        "UPDATE auth_sessions SET revoked = 1 WHERE user_id = $1";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, id);
	return br_db_run(st, err);
}

int
br_store_user_set_password(struct br_store *s, int64_t id, const char *hash,
                           struct br_err *err)
{
	static const char q[] =
	        "UPDATE users SET password_hash = $2 WHERE user_id = $1";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, id);
	br_db_bind_text(st, 2, hash);
	rc = br_db_run(st, err);
	if (rc == 0)
		rc = revoke_sessions(s, id, err);
	return rc;
}

int
br_store_clinic_exists(struct br_store *s, int64_t id, struct br_err *err)
{
	static const char q[] = "SELECT 1 FROM clinics WHERE clinic_id = $1";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, id);
	rc = br_db_step(st, err);
	br_db_done(st);
	if (rc == 0)
		return br_error(err, BR_ENOTFOUND, "clinic_id",
		                "there is no clinic %lld", (long long)id);
	return rc < 0 ? rc : 0;
}

int
br_store_user_set_disabled(struct br_store *s, int64_t id, bool disabled,
                           struct br_err *err)
{
	static const char q[] =
	        "UPDATE users SET disabled = $2 WHERE user_id = $1";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, id);
	br_db_bind_i64(st, 2, disabled ? 1 : 0);
	rc = br_db_run(st, err);
	if (rc == 0 && disabled)
		rc = revoke_sessions(s, id, err);
	return rc;
}

int
br_store_user_set_role(struct br_store *s, int64_t id, const char *role,
                       int64_t clinic_id, struct br_err *err)
{
	static const char q[] = "UPDATE users SET role = $2, clinic_id = $3 "
	                        "WHERE user_id = $1";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, id);
	br_db_bind_text(st, 2, role);
	br_store_bind_id_opt(st, 3, clinic_id);
	rc = br_db_run(st, err);
	if (rc == 0)
		rc = revoke_sessions(s, id, err);
	return rc;
}

int
br_store_user_count(struct br_store *s, int64_t *n, struct br_err *err)
{
	static const char q[] = "SELECT count(*) FROM users";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	rc = br_db_step(st, err);
	*n = rc == 1 ? br_db_col_i64(st, 0) : 0;
	br_db_done(st);
	return rc < 0 ? rc : 0;
}

int
br_store_clinic_rename(struct br_store *s, int64_t id, const char *name,
                       struct br_err *err)
{
	static const char q[] =
	        "UPDATE clinics SET name = $2 WHERE clinic_id = $1";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, id);
	br_db_bind_text(st, 2, name);
	return br_db_run(st, err);
}
