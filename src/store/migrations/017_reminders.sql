-- 017: reminders by email, and the client-made ids of diary entries.
-- Same rules as 001: patient_id first in every key of a patient's record.

-- What a patient wants to be reminded of; no row = the defaults
-- (appointments and questionnaires on, the diary nudge off until the
-- patient asks for it).  diary_after_days: nudge after this many days
-- without an entry; quiet_from/quiet_to: no nudge between these local
-- clock times (minutes after midnight; the span may cross midnight).
CREATE TABLE reminder_prefs (
	patient_id        INTEGER NOT NULL REFERENCES patients (patient_id),
	appointment       INTEGER NOT NULL DEFAULT 1 CHECK (appointment IN (0, 1)),
	questionnaire     INTEGER NOT NULL DEFAULT 1 CHECK (questionnaire IN (0, 1)),
	diary             INTEGER NOT NULL DEFAULT 0 CHECK (diary IN (0, 1)),
	diary_after_days  INTEGER NOT NULL DEFAULT 3 CHECK (diary_after_days BETWEEN 1 AND 30),
	quiet_from        INTEGER NOT NULL DEFAULT 1260 CHECK (quiet_from BETWEEN 0 AND 1439),
	quiet_to          INTEGER NOT NULL DEFAULT 480 CHECK (quiet_to BETWEEN 0 AND 1439),
	updated_at        TEXT NOT NULL,
	PRIMARY KEY (patient_id)
);

-- One reminder of one item (a visit, a questionnaire falling due, a gap
-- in the diary), claimed by a pass before it is sent: state 'claimed'
-- (claimed_ms: when, epoch milliseconds; another pass may take it over
-- only after a lease far longer than a send may take), 'sent', or
-- 'failed' (the next pass claims it again).  attempts counts the claims.
CREATE TABLE reminder_sends (
	patient_id  INTEGER NOT NULL REFERENCES patients (patient_id),
	kind        TEXT NOT NULL CHECK (kind IN ('appointment', 'questionnaire', 'diary')),
	item        TEXT NOT NULL,
	state       TEXT NOT NULL CHECK (state IN ('claimed', 'sent', 'failed')),
	attempts    INTEGER NOT NULL,
	claimed_ms  INTEGER NOT NULL,
	sent_at     TEXT,
	PRIMARY KEY (patient_id, kind, item)
);

-- The one-time links that stop one kind of reminder: BLAKE2b-256 (hex) of
-- the link's secret, never the secret.  used_at: when it was followed.
CREATE TABLE reminder_stop_tokens (
	patient_id  INTEGER NOT NULL REFERENCES patients (patient_id),
	token_hash  TEXT NOT NULL,
	kind        TEXT NOT NULL CHECK (kind IN ('appointment', 'questionnaire', 'diary')),
	created_at  TEXT NOT NULL,
	used_at     TEXT,
	PRIMARY KEY (patient_id, token_hash)
);

-- A diary entry's id, made by the phone that sent it, so a send repeated
-- after a lost answer is recognised and not applied twice.
CREATE TABLE diary_entries (
	patient_id  INTEGER NOT NULL REFERENCES patients (patient_id),
	entry_id    TEXT NOT NULL,
	day         TEXT NOT NULL,
	received_at TEXT NOT NULL,
	PRIMARY KEY (patient_id, entry_id)
);
