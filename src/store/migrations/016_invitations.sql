-- 016: invitations instead of printed passwords (docs/internals/AUTH.md).
-- An invitation is a one-time link: its token (32 random bytes) is shown
-- once and only BLAKE2b-256(token), hex, is stored, so a copy of the
-- database cannot be used to activate an account.  kind 'account' creates
-- the account described here when used; kind 'reset' sets a new password
-- for the existing account user_id.  Times used for expiry are integer
-- epoch seconds, compared as integers in both backends.  A coordinator-
-- local table (sign-in bookkeeping, docs/scale-out.md): patient_id names
-- the patient of a patient account without a foreign key.
CREATE TABLE invitations (
	invitation_id  INTEGER PRIMARY KEY,
	token_hash     TEXT NOT NULL UNIQUE,
	kind           TEXT NOT NULL CHECK (kind IN ('account', 'reset')),
	email          TEXT NOT NULL,
	name           TEXT,
	role           TEXT NOT NULL,
	clinic_id      INTEGER,
	patient_id     INTEGER,
	user_id        INTEGER,
	created_by     INTEGER,
	created_at     TEXT NOT NULL,
	expires_at     INTEGER NOT NULL,
	used_at        TEXT,
	revoked_at     TEXT
);
CREATE INDEX invitations_patient ON invitations (patient_id)
	WHERE patient_id IS NOT NULL;
CREATE INDEX invitations_email ON invitations (email);

