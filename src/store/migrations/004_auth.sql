-- 004: accounts, web sessions and login throttling .  The users
-- and audit_log tables come from 001; this adds what the web server needs.
-- Times used for expiry are integer epoch seconds (UTC), so the checks are
-- integer comparisons in both backends.

-- A signed-in browser.  Only a hash of the session token is stored
-- (BLAKE2b-256, hex): a copy of the database does not let anyone sign in.
CREATE TABLE auth_sessions (
	token_hash  TEXT PRIMARY KEY,
	user_id     INTEGER NOT NULL REFERENCES users(user_id),
	created_at  INTEGER NOT NULL,
	last_seen   INTEGER NOT NULL,
	expires_at  INTEGER NOT NULL,
	origin      TEXT NOT NULL,
	revoked     INTEGER NOT NULL DEFAULT 0 CHECK (revoked IN (0, 1))
);
CREATE INDEX auth_sessions_user ON auth_sessions (user_id);

-- Failed logins, one row each, keyed "account:<email>" or "address:<ip>".
-- Rows older than the throttling window are pruned on every insert.
CREATE TABLE login_failures (
	key  TEXT NOT NULL,
	at   INTEGER NOT NULL
);
CREATE INDEX login_failures_key ON login_failures (key, at);

CREATE INDEX audit_user ON audit_log (user_id, at);
CREATE INDEX users_patient ON users (patient_id) WHERE patient_id IS NOT NULL;
