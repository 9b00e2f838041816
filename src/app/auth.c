/*
 * auth.c - sessions, logins and CSRF tokens for the web app (see auth.h).
 */
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app/auth.h"
#include "app/internal.h"

static const char csrf_label[] = "backrest csrf v1";

void
br_auth_config_init(struct br_auth_config *c)
{
	c->idle_s = 30 * 60;
	c->max_s = 12 * 3600;
	c->account_limit = 5;
	c->address_limit = 20;
	c->window_s = 15 * 60;
}

/* The token's 32 bytes, or false when it is not 64 hex characters. */
static bool
token_bytes(const char *token, unsigned char out[32])
{
	size_t n = 0;

	if (token == NULL || strlen(token) != 64)
		return false;
	if (sodium_hex2bin(out, 32, token, 64, NULL, &n, NULL) != 0)
		return false;
	return n == 32;
}

static void
token_hash(const unsigned char raw[32], char out[BR_TOKEN_HEX])
{
	unsigned char h[32];

	crypto_generichash(h, sizeof(h), raw, 32, NULL, 0);
	sodium_bin2hex(out, BR_TOKEN_HEX, h, sizeof(h));
}

void
br_auth_csrf(const char *token, char out[BR_TOKEN_HEX])
{
	unsigned char raw[32], h[32];

	out[0] = '\0';
	if (!token_bytes(token, raw))
		return;
	crypto_generichash(h, sizeof(h), (const unsigned char *)csrf_label,
	                   sizeof(csrf_label) - 1, raw, sizeof(raw));
	sodium_bin2hex(out, BR_TOKEN_HEX, h, sizeof(h));
	sodium_memzero(raw, sizeof(raw));
}

bool
br_auth_csrf_ok(const char *token, const char *given)
{
	char want[BR_TOKEN_HEX];
	bool ok;

	if (given == NULL || strlen(given) != 64)
		return false;
	br_auth_csrf(token, want);
	ok = want[0] != '\0' && sodium_memcmp(want, given, 64) == 0;
	sodium_memzero(want, sizeof(want));
	return ok;
}

/* A hash of a random password, verified against when the account does
 * not exist so that both cases cost the same. */
static char dummy_hash[crypto_pwhash_STRBYTES];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void
make_dummy(void)
{
	unsigned char pw[16];

	randombytes_buf(pw, sizeof(pw));
	if (crypto_pwhash_str(dummy_hash, (const char *)pw, sizeof(pw),
	                      crypto_pwhash_OPSLIMIT_INTERACTIVE,
	                      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		dummy_hash[0] = '\0';
}

static int
audit_login(struct br_app *app, const char *outcome, int64_t user_id,
            struct br_err *err)
{
	char record[64] = "";
	struct br_audit_entry a = {
	        .user_id = user_id,
	        .actor = app->actor,
	        .action = "auth.login",
	        .patient_id = 0,
	        .record = record,
	        .origin = app->origin,
	        .outcome = outcome,
	};

	if (user_id)
		snprintf(record, sizeof(record), "user/%lld",
		         (long long)user_id);
	return br_store_audit_append(app->store, &a, err);
}

/* Seconds until the oldest failure under key leaves the window, or 0 when
 * key is under its limit. */
static int
throttled(struct br_app *app, const struct br_auth_config *cfg, const char *key,
          int limit, int64_t now, int *retry, struct br_err *err)
{
	int64_t oldest;
	int count, rc;

	rc = br_store_login_failure_count(app->store, key, now - cfg->window_s,
	                                  &count, &oldest, err);
	if (rc < 0)
		return rc;
	if (count >= limit) {
		int64_t r = oldest + cfg->window_s - now;
		*retry = r < 1 ? 1 : (int)r;
	}
	return 0;
}

int
br_auth_login(struct br_app *app, const struct br_auth_config *cfg, json_t *in,
              char token[BR_TOKEN_HEX], struct br_user *user,
              int64_t *expires_at, int *retry_after, struct br_err *err)
{
	static const char *const keys[] = {"email", "password", NULL};
	static const char wrong[] = "the email or password is wrong";
	char akey[BR_EMAIL_MAX + 16], ikey[96], email[BR_EMAIL_MAX];
	struct br_auth_session sess;
	unsigned char raw[32];
	const char *e, *pw;
	bool known, ok;
	int64_t now = time(NULL);
	int rc;

	*retry_after = 0;
	token[0] = '\0';
	rc = br_in_only(in, keys, err);
	if (rc == 0)
		rc = br_in_text(in, "email", BR_EMAIL_MAX - 1, true, &e, err);
	if (rc == 0)
		rc = br_in_text(in, "password", 1024, true, &pw, err);
	if (rc < 0)
		return rc;
	for (size_t i = 0;; i++) {
		email[i] =
		        (char)(e[i] >= 'A' && e[i] <= 'Z' ? e[i] + 32 : e[i]);
		if (e[i] == '\0')
			break;
	}
	snprintf(akey, sizeof(akey), "account:%s", email);
	snprintf(ikey, sizeof(ikey), "address:%s", app->origin);
	app->actor = email;

	/* Throttling first: no password is checked while limited. */
	rc = throttled(app, cfg, akey, cfg->account_limit, now, retry_after,
	               err);
	if (rc == 0)
		rc = throttled(app, cfg, ikey, cfg->address_limit, now,
		               retry_after, err);
	if (rc < 0)
		return rc;
	if (*retry_after > 0) {
		rc = br_store_begin(app->store, err);
		if (rc == 0)
			rc = audit_login(app, "throttled", 0, err);
		if (rc == 0)
			rc = br_store_commit(app->store, err);
		else
			br_store_rollback(app->store);
		if (rc < 0)
			return rc;
		return br_error(err, BR_EPERM, "",
		                "too many failed sign-ins; try again in %d "
		                "minutes",
		                (*retry_after + 59) / 60);
	}

	rc = br_store_user_by_email(app->store, email, user, err);
	if (rc < 0 && rc != BR_ENOTFOUND)
		return rc;
	br_err_clear(err);
	known = rc == 0;
	pthread_once(&dummy_once, make_dummy);
	ok = crypto_pwhash_str_verify(known ? user->password_hash : dummy_hash,
	                              pw, strlen(pw)) == 0;
	ok = ok && known && !user->disabled;
	sodium_memzero(user->password_hash, sizeof(user->password_hash));

	rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	if (!ok) {
		rc = br_store_login_failure_add(app->store, akey, now,
		                                cfg->window_s, err);
		if (rc == 0)
			rc = br_store_login_failure_add(app->store, ikey, now,
			                                cfg->window_s, err);
		if (rc == 0)
			rc = audit_login(app, "denied", known ? user->id : 0,
			                 err);
		if (rc == 0)
			rc = br_store_commit(app->store, err);
		else
			br_store_rollback(app->store);
		return rc < 0 ? rc : br_error(err, BR_EPERM, "", wrong);
	}
	randombytes_buf(raw, sizeof(raw));
	memset(&sess, 0, sizeof(sess));
	token_hash(raw, sess.token_hash);
	sess.user_id = user->id;
	sess.created_at = now;
	sess.last_seen = now;
	sess.expires_at = now + cfg->max_s;
	snprintf(sess.origin, sizeof(sess.origin), "%s", app->origin);
	rc = br_store_login_failure_clear(app->store, akey, err);
	if (rc == 0)
		rc = br_store_auth_session_prune(app->store, now - cfg->max_s,
		                                 err);
	if (rc == 0)
		rc = br_store_auth_session_insert(app->store, &sess, err);
	if (rc == 0) {
		app->user_id = user->id;
		rc = audit_login(app, "ok", user->id, err);
	}
	if (rc == 0)
		rc = br_store_commit(app->store, err);
	else
		br_store_rollback(app->store);
	if (rc == 0) {
		sodium_bin2hex(token, BR_TOKEN_HEX, raw, sizeof(raw));
		*expires_at = sess.expires_at;
	}
	sodium_memzero(raw, sizeof(raw));
	return rc;
}

int
br_auth_check(struct br_app *app, const struct br_auth_config *cfg,
              const char *token, struct br_user *user, int64_t *expires_at,
              struct br_err *err)
{
	static const char again[] = "your session has ended; sign in again";
	struct br_auth_session sess;
	unsigned char raw[32];
	char hash[BR_TOKEN_HEX];
	int64_t now = time(NULL), touch_after;
	int rc;

	if (!token_bytes(token, raw))
		return br_error(err, BR_EPERM, "", "sign in first");
	token_hash(raw, hash);
	sodium_memzero(raw, sizeof(raw));
	/* Both look-ups in one read transaction: one snapshot, and one
	 * round of the store's locks instead of two. */
	rc = br_store_begin_read(app->store, err);
	if (rc < 0)
		return rc;
	rc = br_store_auth_session_get(app->store, hash, &sess, err);
	if (rc == 0 && !(sess.revoked || now >= sess.expires_at ||
	                 now - sess.last_seen > cfg->idle_s))
		rc = br_store_user_get(app->store, sess.user_id, user, err);
	else if (rc == 0)
		rc = BR_ENOTFOUND;
	if (rc == 0 || rc == BR_ENOTFOUND) {
		int end = br_store_end_read(app->store, err);

		rc = rc < 0 ? rc : end;
	} else {
		br_store_rollback(app->store);
	}
	sodium_memzero(user->password_hash, sizeof(user->password_hash));
	if (rc == BR_ENOTFOUND)
		return br_error(err, BR_EPERM, "", again);
	if (rc < 0)
		return rc;
	if (user->disabled)
		return br_error(err, BR_EPERM, "", again);
	*expires_at = sess.expires_at;
	/* Refresh the idle timer at most every idle/10 s (at most 60 s), so
	 * reads do not all turn into writes. */
	touch_after = cfg->idle_s / 10 > 60 ? 60 : cfg->idle_s / 10;
	if (now - sess.last_seen > touch_after) {
		rc = br_store_begin(app->store, err);
		if (rc == 0)
			rc = br_store_auth_session_touch(app->store, hash, now,
			                                 err);
		if (rc == 0)
			rc = br_store_commit(app->store, err);
		else
			br_store_rollback(app->store);
		if (rc < 0)
			return rc;
	}
	return 0;
}

int
br_auth_logout(struct br_app *app, const char *token, struct br_err *err)
{
	unsigned char raw[32];
	char hash[BR_TOKEN_HEX];
	int rc;

	if (!token_bytes(token, raw))
		return br_error(err, BR_EPERM, "", "sign in first");
	token_hash(raw, hash);
	sodium_memzero(raw, sizeof(raw));
	rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	rc = br_store_auth_session_revoke(app->store, hash, err);
	if (rc == 0)
		rc = br_app_audit(app, "auth.logout", 0, "user", app->user_id,
		                  err);
	if (rc == 0)
		return br_store_commit(app->store, err);
	br_store_rollback(app->store);
	return rc;
}
