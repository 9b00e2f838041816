/*
 * auth.h - signing in and out of the web app, checking a session, and the
 * CSRF token that goes with it.
 *
 * A session token is 32 random bytes (libsodium randombytes_buf), handed to
 * the browser once as 64 hex characters in an HttpOnly cookie.  The store
 * keeps only BLAKE2b-256(token), so a copy of the database cannot be
 * replayed as a login.  A session ends when it was idle longer than
 * idle_s, when it is older than max_s, on logout, or when the user's
 * password changes.
 *
 * The CSRF token is BLAKE2b keyed with the session token over a fixed
 * label: it needs no storage, changes with every session, cannot be
 * computed without the HttpOnly cookie, and is compared in constant time.
 *
 * Failed logins slow further attempts down rather than block them
 * (docs/internals/AUTH.md): each key -- the pair of account and client
 * address, the address, and the account as tried from addresses it has
 * never signed in from -- waits 1, 2, 4 ... time units after a few free
 * failures, up to a cap.  While a key waits even a correct password is
 * refused (429 with the wait), so guessing cannot continue; an account's
 * owner signing in from an address they have signed in from before only
 * waits for the pair, which only their own mistakes there grow.
 */
#ifndef BR_APP_AUTH_H
#define BR_APP_AUTH_H

#include <stdbool.h>
#include <stdint.h>

#include "app/app.h"
#include "store/users.h"

#define BR_TOKEN_HEX 65 /* 64 hex characters and the NUL */

struct br_auth_config {
	int64_t idle_s;  /* idle expiry, seconds */
	int64_t max_s;   /* absolute expiry, seconds */
	int64_t unit_ms; /* the login throttle's time unit, milliseconds:
	                    every delay, cap and window is a multiple */
};

/* Defaults: 30 min idle, 12 h absolute, a throttle unit of 1 s. */
void br_auth_config_init(struct br_auth_config *c);

/*
 * Checks email and password (app->origin is the client address).  On
 * success writes a new session token into token, the user into *user
 * (password_hash cleared) and the session's absolute end into
 * *expires_at.  Failures: BR_EPERM "the email or password is wrong"
 * (the same sentence whether or not the account exists, with the same
 * argon2 cost), or BR_EPERM with *retry_after > 0 (seconds, rounded
 * up) while throttled; BR_EINVAL for a malformed request.  Every attempt
 * is audited.
 */
int br_auth_login(struct br_app *app, const struct br_auth_config *cfg,
                  json_t *in, char token[BR_TOKEN_HEX], struct br_user *user,
                  int64_t *expires_at, int *retry_after, struct br_err *err);

/*
 * Resolves a session token (as sent by the browser) to its user: BR_EPERM
 * with a sentence when the token is malformed, unknown, revoked or
 * expired, or the account is disabled.  Refreshes the idle timer.
 */
int br_auth_check(struct br_app *app, const struct br_auth_config *cfg,
                  const char *token, struct br_user *user, int64_t *expires_at,
                  struct br_err *err);

/* Revokes the session of token (audited as auth.logout). */
int br_auth_logout(struct br_app *app, const char *token, struct br_err *err);

/* The CSRF token of a session token, 64 hex characters. */
void br_auth_csrf(const char *token, char out[BR_TOKEN_HEX]);
/* True when given (may be NULL) is the CSRF token of token; constant
 * time. */
bool br_auth_csrf_ok(const char *token, const char *given);

/*
 * One-time links (app/invitations.c) use these.  br_auth_session_open
 * starts a session for user_id inside the caller's open transaction, as a
 * successful sign-in does (the address becomes familiar to the account):
 * the new token goes into token and its absolute end into *expires_at.
 * The token is valid only once the transaction commits.
 */
int br_auth_session_open(struct br_app *app, const struct br_auth_config *cfg,
                         int64_t user_id, char token[BR_TOKEN_HEX],
                         int64_t *expires_at, struct br_err *err);
/*
 * Link look-ups are throttled like sign-ins, under one key: the client
 * address (10 free failures, then 1, 2, 4 ... units, at most 300).  Inside
 * the caller's transaction: br_auth_link_wait sets *retry_after (seconds,
 * rounded up; 0 when the address may try now); br_auth_link_failed counts
 * one failure (an unknown, used, expired or revoked link).
 */
int br_auth_link_wait(struct br_app *app, const struct br_auth_config *cfg,
                      int *retry_after, struct br_err *err);
int br_auth_link_failed(struct br_app *app, const struct br_auth_config *cfg,
                        struct br_err *err);

#endif
