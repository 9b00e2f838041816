/*
 * invitations.c - one-time links and the administrator's account changes
 * (see invitations.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/invitations.h"
#include "store/store_internal.h"

#define INV_COLS                                                               \
	"invitation_id, token_hash, kind, email, name, role, clinic_id, "      \
	"patient_id, user_id, created_by, created_at, expires_at, used_at, "   \
	"revoked_at"

static void
read_inv(struct br_db_stmt *st, void *elem)
{
	struct br_invitation *v = elem;

	memset(v, 0, sizeof(*v));
	v->id = br_db_col_i64(st, 0);
	br_db_col_copy(st, 1, v->token_hash, sizeof(v->token_hash));
	br_db_col_copy(st, 2, v->kind, sizeof(v->kind));
	br_db_col_copy(st, 3, v->email, sizeof(v->email));
	br_db_col_copy(st, 4, v->name, sizeof(v->name));
	br_db_col_copy(st, 5, v->role, sizeof(v->role));
	v->clinic_id = br_db_col_i64(st, 6);
	v->patient_id = br_db_col_i64(st, 7);
	v->user_id = br_db_col_i64(st, 8);
	v->created_by = br_db_col_i64(st, 9);
	br_db_col_copy(st, 10, v->created_at, sizeof(v->created_at));
	v->expires_at = br_db_col_i64(st, 11);
	br_db_col_copy(st, 12, v->used_at, sizeof(v->used_at));
	br_db_col_copy(st, 13, v->revoked_at, sizeof(v->revoked_at));
}

int
br_store_invitation_insert(struct br_store *s, const struct br_invitation *v,
                           struct br_err *err)
{
	static const char q[] = "INSERT INTO invitations (" INV_COLS
	                        ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
	                        "$10, $11, $12, NULL, NULL)";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, v->id);
	br_db_bind_text(st, 2, v->token_hash);
	br_db_bind_text(st, 3, v->kind);
	br_db_bind_text(st, 4, v->email);
	br_db_bind_text(st, 5, v->name[0] ? v->name : "");
	br_db_bind_text(st, 6, v->role);
	br_store_bind_id_opt(st, 7, v->clinic_id);
	br_store_bind_id_opt(st, 8, v->patient_id);
	br_store_bind_id_opt(st, 9, v->user_id);
	br_store_bind_id_opt(st, 10, v->created_by);
	br_db_bind_text(st, 11, v->created_at);
	br_db_bind_i64(st, 12, v->expires_at);
	return br_db_run(st, err);
}

static int
get_one(struct br_db_stmt *st, struct br_invitation *out, const char *field,
        struct br_err *err)
{
	int rc = br_db_step(st, err);

	if (rc == 1)
		read_inv(st, out);
	br_db_done(st);
	if (rc == 0)
		return br_error(err, BR_ENOTFOUND, field,
		                "there is no such invitation");
	return rc < 0 ? rc : 0;
}

int
br_store_invitation_by_hash(struct br_store *s, const char *token_hash,
                            struct br_invitation *out, struct br_err *err)
{
	static const char q[] =
	        "SELECT " INV_COLS " FROM invitations WHERE token_hash = $1";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_text(st, 1, token_hash);
	return get_one(st, out, "token", err);
}

int
br_store_invitation_get(struct br_store *s, int64_t id,
                        struct br_invitation *out, struct br_err *err)
{
	static const char q[] =
	        "SELECT " INV_COLS " FROM invitations WHERE invitation_id = $1";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, id);
	return get_one(st, out, "invitation_id", err);
}

int
br_store_invitation_use(struct br_store *s, int64_t id, int64_t user_id,
                        const char *at, struct br_err *err)
{
	static const char q[] = "UPDATE invitations SET used_at = $2, "
	                        "user_id = $3 WHERE invitation_id = $1";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, id);
	br_db_bind_text(st, 2, at);
	br_db_bind_i64(st, 3, user_id);
	return br_db_run(st, err);
}

int
br_store_invitation_revoke(struct br_store *s, int64_t id, const char *at,
                           struct br_err *err)
{
	static const char q[] = "UPDATE invitations SET revoked_at = $2 "
	                        "WHERE invitation_id = $1";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, id);
	br_db_bind_text(st, 2, at);
	return br_db_run(st, err);
}

int
br_store_invitation_revoke_open(struct br_store *s, const char *email,
                                int64_t patient_id, int64_t user_id,
                                const char *at, struct br_err *err)
{
	static const char q[] =
	        "UPDATE invitations SET revoked_at = $4 WHERE used_at IS NULL "
	        "AND revoked_at IS NULL AND lower(email) = lower($1) "
	        "AND COALESCE(patient_id, 0) = $2 AND COALESCE(user_id, 0) = "
	        "$3";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_text(st, 1, email);
	br_db_bind_i64(st, 2, patient_id);
	br_db_bind_i64(st, 3, user_id);
	br_db_bind_text(st, 4, at);
	return br_db_run(st, err);
}

int
br_store_invitation_list(struct br_store *s, int64_t patient_id,
                         struct br_invitation **out, size_t *n,
                         struct br_err *err)
{
	static const char q_patient[] =
	        "SELECT " INV_COLS " FROM invitations WHERE patient_id = $1 "
	        "ORDER BY created_at DESC, invitation_id DESC";
	static const char q_all[] =
	        "SELECT " INV_COLS " FROM invitations WHERE $1 = 0 "
	        "ORDER BY created_at DESC, invitation_id DESC LIMIT 1000";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, patient_id ? q_patient : q_all, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, patient_id);
	return br_db_collect(st, sizeof(**out), read_inv, (void **)out, n, err);
}
