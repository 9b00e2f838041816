/*
 * users.h - accounts, web sessions and login throttling in the store
 * (migration 004).  Same rules as store.h: records are filled into caller
 * storage and own no heap memory; list functions return an array the
 * caller frees with free().  Writes happen inside br_store_begin() /
 * br_store_commit() like every other write.
 *
 * Secrets: a user's password_hash is the encoded argon2id string from
 * libsodium; a web session is stored only as the hash of its token.
 * Neither ever leaves the process.
 */
#ifndef BR_STORE_USERS_H
#define BR_STORE_USERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "store/store.h"

#define BR_EMAIL_MAX 255 /* 254 bytes (RFC 5321 path limit) and the NUL */
#define BR_HASH_MAX  128 /* crypto_pwhash_STRBYTES */

struct br_user {
	int64_t id;
	int64_t clinic_id; /* 0 when none (an admin without a clinic) */
	char email[BR_EMAIL_MAX];
	char name[BR_NAME_MAX];
	char role[16];      /* admin, practitioner, patient */
	int64_t patient_id; /* the patient a patient account belongs to, or 0 */
	char password_hash[BR_HASH_MAX];
	bool disabled;
	char created_at[BR_TS_LEN];
};

int br_store_user_insert(struct br_store *s, const struct br_user *u,
                         struct br_err *err);
/* BR_ENOTFOUND (field "user_id") when there is no such user. */
int br_store_user_get(struct br_store *s, int64_t id, struct br_user *out,
                      struct br_err *err);
/* By email, compared case-insensitively; BR_ENOTFOUND (field "email"). */
int br_store_user_by_email(struct br_store *s, const char *email,
                           struct br_user *out, struct br_err *err);
/* All users by email; caller frees *out. */
int br_store_user_list(struct br_store *s, struct br_user **out, size_t *n,
                       struct br_err *err);
/* Replaces the password hash and revokes every session of the user. */
int br_store_user_set_password(struct br_store *s, int64_t id, const char *hash,
                               struct br_err *err);

/* 0 when the clinic exists, else BR_ENOTFOUND (field "clinic_id"). */
int br_store_clinic_exists(struct br_store *s, int64_t id, struct br_err *err);

/* Accounts as an administrator changes them ----------------------------- */

/* Sets disabled; disabling also revokes every session of the user. */
int br_store_user_set_disabled(struct br_store *s, int64_t id, bool disabled,
                               struct br_err *err);
/* Sets the role and clinic (clinic_id 0: none) and revokes every session
 * of the user, so the new rights apply from the next sign-in. */
int br_store_user_set_role(struct br_store *s, int64_t id, const char *role,
                           int64_t clinic_id, struct br_err *err);
/* The number of accounts. */
int br_store_user_count(struct br_store *s, int64_t *n, struct br_err *err);
/* Renames a clinic (the caller has looked it up). */
int br_store_clinic_rename(struct br_store *s, int64_t id, const char *name,
                           struct br_err *err);

/* Web sessions ---------------------------------------------------------- */

struct br_auth_session {
	char token_hash[65]; /* hex BLAKE2b-256 of the token */
	int64_t user_id;
	int64_t created_at; /* epoch seconds */
	int64_t last_seen;
	int64_t expires_at; /* absolute end */
	char origin[64];
	bool revoked;
};

int br_store_auth_session_insert(struct br_store *s,
                                 const struct br_auth_session *a,
                                 struct br_err *err);
/* BR_ENOTFOUND when no session has this hash. */
int br_store_auth_session_get(struct br_store *s, const char *token_hash,
                              struct br_auth_session *out, struct br_err *err);
int br_store_auth_session_touch(struct br_store *s, const char *token_hash,
                                int64_t now, struct br_err *err);
int br_store_auth_session_revoke(struct br_store *s, const char *token_hash,
                                 struct br_err *err);
/* Deletes sessions that ended (revoked, or past expires_at) before
 * before. */
int br_store_auth_session_prune(struct br_store *s, int64_t before,
                                struct br_err *err);

/* Login throttling ------------------------------------------------------ */

/* Login throttling (app/auth.c): the failures under one key (zeros when
 * there are none). */
struct br_login_throttle {
	int failures;
	int64_t last_ms; /* epoch milliseconds of the latest */
};
int br_store_login_throttle_get(struct br_store *s, const char *key,
                                struct br_login_throttle *out,
                                struct br_err *err);
/* Counts one more failure under key at now_ms (the count starts again at 1
 * when the latest is older than window_ms), and drops every key quiet for
 * longer than window_ms. */
int br_store_login_throttle_bump(struct br_store *s, const char *key,
                                 int64_t now_ms, int64_t window_ms,
                                 struct br_err *err);
/* Takes one failure back (a provisional one, when the password was
 * right). */
int br_store_login_throttle_undo(struct br_store *s, const char *key,
                                 struct br_err *err);
int br_store_login_throttle_clear(struct br_store *s, const char *key,
                                  struct br_err *err);
/* *known is true when key (a hash of an account and an address) was
 * recorded by br_store_login_known_put. */
int br_store_login_known_get(struct br_store *s, const char *key, bool *known,
                             struct br_err *err);
/* Records key for user_id at now (epoch seconds) and forgets keys last
 * used before prune_before. */
int br_store_login_known_put(struct br_store *s, const char *key,
                             int64_t user_id, int64_t now, int64_t prune_before,
                             struct br_err *err);

#endif
