/*
 * invitations.h - one-time links that create an account or set a new
 * password (migration 016).  Same rules as store.h: records
 * are filled into caller storage; list functions return an array the
 * caller frees with free().  Writes happen inside br_store_begin() /
 * br_store_commit().
 *
 * Secrets: only the hex BLAKE2b-256 of an invitation's token is stored;
 * the token itself never reaches the store.
 */
#ifndef BR_STORE_INVITATIONS_H
#define BR_STORE_INVITATIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "store/store.h"
#include "store/users.h"

struct br_invitation {
	int64_t id;
	char token_hash[65]; /* hex BLAKE2b-256 of the token */
	char kind[8];        /* "account" or "reset" */
	char email[BR_EMAIL_MAX];
	char name[BR_NAME_MAX];
	char role[16];
	int64_t clinic_id;  /* 0 for none */
	int64_t patient_id; /* 0 for none */
	int64_t user_id;    /* reset: the account; account: once used */
	int64_t created_by; /* the user who invited, 0 on the command line */
	char created_at[BR_TS_LEN];
	int64_t expires_at;         /* epoch seconds */
	char used_at[BR_TS_LEN];    /* "" while unused */
	char revoked_at[BR_TS_LEN]; /* "" while not revoked */
};

int br_store_invitation_insert(struct br_store *s,
                               const struct br_invitation *v,
                               struct br_err *err);
/* By the token's hash; BR_ENOTFOUND (field "token") when none has it. */
int br_store_invitation_by_hash(struct br_store *s, const char *token_hash,
                                struct br_invitation *out, struct br_err *err);
/* BR_ENOTFOUND (field "invitation_id") when there is none. */
int br_store_invitation_get(struct br_store *s, int64_t id,
                            struct br_invitation *out, struct br_err *err);
/* Marks it used at `at` by user_id. */
int br_store_invitation_use(struct br_store *s, int64_t id, int64_t user_id,
                            const char *at, struct br_err *err);
/* Marks it revoked at `at`. */
int br_store_invitation_revoke(struct br_store *s, int64_t id, const char *at,
                               struct br_err *err);
/* Revokes every open (unused, unrevoked) invitation of the same email,
 * patient (0: none) and account (a reset's; 0: none): a new link replaces
 * the old one, and a practitioner's new link touches no other patient's
 * or clinic's. */
int br_store_invitation_revoke_open(struct br_store *s, const char *email,
                                    int64_t patient_id, int64_t user_id,
                                    const char *at, struct br_err *err);
/* Invitations, newest first: of one patient when patient_id is not 0,
 * else every one; caller frees *out. */
int br_store_invitation_list(struct br_store *s, int64_t patient_id,
                             struct br_invitation **out, size_t *n,
                             struct br_err *err);

#endif
