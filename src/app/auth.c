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
	c->unit_ms = 1000;
}

/*
 * The throttle (docs/internals/AUTH.md has the reasoning).  A key's delay
 * after n failures is 0 while n <= free, else 2^(n - free - 1) units,
 * at most cap units, counted from its latest failure; a key quiet for
 * WINDOW units starts again from 0.
 */
struct throttle_kind {
	const char *label;
	int free;
	int64_t cap; /* units */
};
static const struct throttle_kind pair_kind = {"pair", 3, 60};
static const struct throttle_kind address_kind = {"address", 10, 300};
static const struct throttle_kind account_kind = {"account", 5, 900};
static const struct throttle_kind link_kind = {"link", 10, 300};
#define WINDOW_UNITS 3600
/* An address an account signed in from stays familiar this long. */
#define KNOWN_S (400 * 86400)

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

/* The hex BLAKE2b-256 of label and the parts, NUL-separated: a throttle
 * or familiarity key that names no email or address in the store. */
static void
key_of(char out[BR_TOKEN_HEX], const char *label, const char *a, const char *b)
{
	crypto_generichash_state st;
	unsigned char h[32];

	crypto_generichash_init(&st, NULL, 0, sizeof(h));
	crypto_generichash_update(&st, (const unsigned char *)label,
	                          strlen(label) + 1);
	crypto_generichash_update(&st, (const unsigned char *)a, strlen(a) + 1);
	if (b)
		crypto_generichash_update(&st, (const unsigned char *)b,
		                          strlen(b) + 1);
	crypto_generichash_final(&st, h, sizeof(h));
	sodium_bin2hex(out, BR_TOKEN_HEX, h, sizeof(h));
}

/* Milliseconds key must still wait at now_ms (0: it may try now). */
static int
wait_ms(struct br_app *app, const struct br_auth_config *cfg,
        const struct throttle_kind *k, const char *key, int64_t now_ms,
        int64_t *wait, struct br_err *err)
{
	struct br_login_throttle t;
	int64_t d;
	int rc = br_store_login_throttle_get(app->store, key, &t, err);

	if (rc < 0)
		return rc;
	if (t.failures <= k->free ||
	    now_ms - t.last_ms > WINDOW_UNITS * cfg->unit_ms)
		return 0;
	d = t.failures - k->free - 1 >= 30
	            ? k->cap
	            : (int64_t)1 << (t.failures - k->free - 1);
	d = (d > k->cap ? k->cap : d) * cfg->unit_ms;
	d = t.last_ms + d - now_ms;
	if (d > *wait)
		*wait = d;
	return 0;
}

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * The first transaction of a login: looks the account up, decides whether
 * (account, address) is familiar, and either refuses (throttled, audited)
 * or counts the attempt as a failure in advance, so parallel guesses see
 * each other (a right password takes it back).
 */
static int
login_gate(struct br_app *app, const struct br_auth_config *cfg,
           const char *email, const char *keys[3], struct br_user *user,
           bool *known, bool *familiar, int *retry_after, struct br_err *err)
{
	char kkey[BR_TOKEN_HEX], uid[24];
	int64_t t = now_ms(), wait = 0;
	int rc = br_store_begin(app->store, err);

	if (rc < 0)
		return rc;
	*known = *familiar = false;
	rc = br_store_user_by_email(app->store, email, user, err);
	if (rc == 0) {
		*known = true;
		snprintf(uid, sizeof(uid), "%lld", (long long)user->id);
		key_of(kkey, "known", uid, app->origin);
		rc = br_store_login_known_get(app->store, kkey, familiar, err);
	} else if (rc == BR_ENOTFOUND) {
		br_err_clear(err);
		rc = 0;
	}
	if (rc == 0)
		rc = wait_ms(app, cfg, &pair_kind, keys[0], t, &wait, err);
	if (rc == 0 && !*familiar)
		rc = wait_ms(app, cfg, &address_kind, keys[1], t, &wait, err);
	if (rc == 0 && !*familiar)
		rc = wait_ms(app, cfg, &account_kind, keys[2], t, &wait, err);
	if (rc == 0 && wait > 0) {
		*retry_after = (int)((wait + 999) / 1000);
		rc = audit_login(app, "throttled", 0, err);
	} else {
		int64_t window = WINDOW_UNITS * cfg->unit_ms;

		for (int i = 0; rc == 0 && i < (*familiar ? 1 : 3); i++)
			rc = br_store_login_throttle_bump(app->store, keys[i],
			                                  t, window, err);
	}
	if (rc == 0)
		rc = br_store_commit(app->store, err);
	else
		br_store_rollback(app->store);
	if (rc < 0) {
		*retry_after = 0;
		sodium_memzero(user->password_hash,
		               sizeof(user->password_hash));
	}
	return rc;
}

static int
login(struct br_app *app, const struct br_auth_config *cfg, json_t *in,
      char token[BR_TOKEN_HEX], struct br_user *user, int64_t *expires_at,
      int *retry_after, struct br_err *err)
{
	static const char *const keys[] = {"email", "password", NULL};
	static const char wrong[] = "the email or password is wrong";
	char email[BR_EMAIL_MAX], kpair[BR_TOKEN_HEX], kaddr[BR_TOKEN_HEX],
	        kacct[BR_TOKEN_HEX], kknown[BR_TOKEN_HEX], uid[24];
	const char *tkeys[3] = {kpair, kaddr, kacct};
	struct br_auth_session sess;
	unsigned char raw[32];
	const char *e, *pw;
	bool known, familiar, ok;
	int64_t now;
	int rc;

	*retry_after = 0;
	token[0] = '\0';
	memset(user, 0, sizeof(*user));
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
	key_of(kpair, "pair", email, app->origin);
	key_of(kaddr, "address", app->origin, NULL);
	key_of(kacct, "account", email, NULL);
	app->actor = email;

	/* Throttling first: no password is checked while a key waits. */
	rc = login_gate(app, cfg, email, tkeys, user, &known, &familiar,
	                retry_after, err);
	if (rc < 0)
		return rc;
	if (*retry_after > 0)
		return br_error(err, BR_EPERM, "",
		                "too many failed sign-ins; try again in %d "
		                "seconds",
		                *retry_after);

	pthread_once(&dummy_once, make_dummy);
	ok = crypto_pwhash_str_verify(known ? user->password_hash : dummy_hash,
	                              pw, strlen(pw)) == 0;
	ok = ok && known && !user->disabled;
	sodium_memzero(user->password_hash, sizeof(user->password_hash));

	rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	if (!ok) {
		rc = audit_login(app, "denied", known ? user->id : 0, err);
		if (rc == 0)
			rc = br_store_commit(app->store, err);
		else
			br_store_rollback(app->store);
		return rc < 0 ? rc : br_error(err, BR_EPERM, "", wrong);
	}
	now = time(NULL);
	randombytes_buf(raw, sizeof(raw));
	memset(&sess, 0, sizeof(sess));
	token_hash(raw, sess.token_hash);
	sess.user_id = user->id;
	sess.created_at = now;
	sess.last_seen = now;
	sess.expires_at = now + cfg->max_s;
	snprintf(sess.origin, sizeof(sess.origin), "%s", app->origin);
	/* The attempt was counted in advance: the pair starts again, the
	 * address and the account get theirs back.  The address is
	 * familiar from now on. */
	snprintf(uid, sizeof(uid), "%lld", (long long)user->id);
	key_of(kknown, "known", uid, app->origin);
	rc = br_store_login_throttle_clear(app->store, kpair, err);
	for (int i = 1; rc == 0 && !familiar && i < 3; i++)
		rc = br_store_login_throttle_undo(app->store, tkeys[i], err);
	if (rc == 0)
		rc = br_store_login_known_put(app->store, kknown, user->id, now,
		                              now - KNOWN_S, err);
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

/* The audit names the email being signed in; the caller's actor is given
 * back afterwards, since login's copy of the email lives on its stack. */
int
br_auth_login(struct br_app *app, const struct br_auth_config *cfg, json_t *in,
              char token[BR_TOKEN_HEX], struct br_user *user,
              int64_t *expires_at, int *retry_after, struct br_err *err)
{
	const char *actor = app->actor;
	int rc = login(app, cfg, in, token, user, expires_at, retry_after, err);

	app->actor = actor;
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

int
br_auth_session_open(struct br_app *app, const struct br_auth_config *cfg,
                     int64_t user_id, char token[BR_TOKEN_HEX],
                     int64_t *expires_at, struct br_err *err)
{
	struct br_auth_session sess;
	unsigned char raw[32];
	char kknown[BR_TOKEN_HEX], uid[24];
	int64_t now = time(NULL);
	int rc;

	token[0] = '\0';
	randombytes_buf(raw, sizeof(raw));
	memset(&sess, 0, sizeof(sess));
	token_hash(raw, sess.token_hash);
	sess.user_id = user_id;
	sess.created_at = now;
	sess.last_seen = now;
	sess.expires_at = now + cfg->max_s;
	snprintf(sess.origin, sizeof(sess.origin), "%s", app->origin);
	snprintf(uid, sizeof(uid), "%lld", (long long)user_id);
	key_of(kknown, "known", uid, app->origin);
	rc = br_store_login_known_put(app->store, kknown, user_id, now,
	                              now - KNOWN_S, err);
	if (rc == 0)
		rc = br_store_auth_session_prune(app->store, now - cfg->max_s,
		                                 err);
	if (rc == 0)
		rc = br_store_auth_session_insert(app->store, &sess, err);
	if (rc == 0) {
		sodium_bin2hex(token, BR_TOKEN_HEX, raw, sizeof(raw));
		*expires_at = sess.expires_at;
	}
	sodium_memzero(raw, sizeof(raw));
	return rc;
}

int
br_auth_link_wait(struct br_app *app, const struct br_auth_config *cfg,
                  int *retry_after, struct br_err *err)
{
	char key[BR_TOKEN_HEX];
	int64_t wait = 0;
	int rc;

	key_of(key, "link", app->origin, NULL);
	rc = wait_ms(app, cfg, &link_kind, key, now_ms(), &wait, err);
	*retry_after = rc == 0 && wait > 0 ? (int)((wait + 999) / 1000) : 0;
	return rc;
}

int
br_auth_link_failed(struct br_app *app, const struct br_auth_config *cfg,
                    struct br_err *err)
{
	char key[BR_TOKEN_HEX];

	key_of(key, "link", app->origin, NULL);
	return br_store_login_throttle_bump(app->store, key, now_ms(),
	                                    WINDOW_UNITS * cfg->unit_ms, err);
}
