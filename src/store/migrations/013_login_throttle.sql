-- 013: login throttling by growing, capped delays instead of blocks (see
-- docs/internals/AUTH.md).  One row per throttling key replaces one row
-- per failure; keys and addresses are stored as hashes only.

DROP TABLE login_failures;

-- Failed sign-ins under one key: BLAKE2b-256 (hex) of "pair", "address"
-- or "account" with the email and/or client address.  failures counts the
-- attempts since the key was last quiet for a whole window; last_ms is
-- the time of the latest (epoch milliseconds).
CREATE TABLE login_throttle (
	key       TEXT PRIMARY KEY,
	failures  INTEGER NOT NULL,
	last_ms   INTEGER NOT NULL
);
CREATE INDEX login_throttle_last ON login_throttle (last_ms);

-- Addresses an account has signed in from successfully: the key is
-- BLAKE2b-256 (hex) of the user id and the address, so the table does not
-- list where anyone was.
CREATE TABLE login_known (
	key      TEXT PRIMARY KEY,
	user_id  INTEGER NOT NULL,
	at       INTEGER NOT NULL
);
CREATE INDEX login_known_at ON login_known (at);
