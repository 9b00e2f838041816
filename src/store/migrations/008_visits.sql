-- 008: visits: appointments of a course of care, at the clinic
-- or at the patient's home; the next-day check-in after a session; secret
-- calendar feeds.  Same rules as 001: patient_id first in every key and
-- foreign key of a patient's record, client-made ids, ISO 8601 text dates.
--
-- Times of a visit are the clinic's local wall-clock time: the date, the
-- start in minutes after midnight, and starts_at = day number * 1440 +
-- start (local minutes since 1970-01-01), so overlaps are integer
-- comparisons in both backends.  The calendar feed converts to UTC.

-- practitioner_id: the user (practitioner account) who sees the patient;
-- 0 = no account, the local operator of the command line.  A practitioner
-- (0 included) is never booked twice at once: checked by the app layer
-- against booked and attended visits.  address: only for home visits.
-- session_id: the charted session of an attended visit.
CREATE TABLE visits (
	patient_id      INTEGER NOT NULL,
	visit_id        INTEGER NOT NULL,
	episode_id      INTEGER NOT NULL,
	practitioner_id INTEGER NOT NULL DEFAULT 0,
	day             TEXT NOT NULL,
	start_min       INTEGER NOT NULL CHECK (start_min BETWEEN 0 AND 1439),
	starts_at       INTEGER NOT NULL,
	minutes         INTEGER NOT NULL CHECK (minutes BETWEEN 5 AND 480),
	place           TEXT NOT NULL DEFAULT 'clinic' CHECK (place IN ('clinic', 'home')),
	address         TEXT,
	status          TEXT NOT NULL DEFAULT 'booked'
	                CHECK (status IN ('booked', 'attended', 'missed', 'cancelled')),
	session_id      INTEGER,
	created_at      TEXT NOT NULL,
	updated_at      TEXT NOT NULL,
	PRIMARY KEY (patient_id, visit_id),
	FOREIGN KEY (patient_id, episode_id) REFERENCES episodes (patient_id, episode_id),
	FOREIGN KEY (patient_id, session_id) REFERENCES sessions (patient_id, session_id),
	CHECK ((place = 'home') = (address IS NOT NULL))
);
CREATE INDEX visits_id ON visits (visit_id);
CREATE INDEX visits_episode ON visits (patient_id, episode_id, starts_at);
CREATE INDEX visits_practitioner ON visits (practitioner_id, starts_at);
CREATE UNIQUE INDEX visits_session ON visits (patient_id, session_id)
	WHERE session_id IS NOT NULL;

-- The three-question check-in the day after a session: soreness 0-10,
-- energy and mood compared with before the session, anything unusual.
-- adverse: it crossed a threshold of data/aftercare.json; the rules that
-- fired are in checkin_rules (and their adverse-event codes were added to
-- session_adverse_events).
CREATE TABLE checkins (
	patient_id  INTEGER NOT NULL,
	session_id  INTEGER NOT NULL,
	day         TEXT NOT NULL,
	soreness    INTEGER NOT NULL CHECK (soreness BETWEEN 0 AND 10),
	energy      TEXT NOT NULL CHECK (energy IN ('worse', 'same', 'better')),
	mood        TEXT NOT NULL CHECK (mood IN ('worse', 'same', 'better')),
	unusual     TEXT,
	adverse     INTEGER NOT NULL CHECK (adverse IN (0, 1)),
	created_at  TEXT NOT NULL,
	PRIMARY KEY (patient_id, session_id),
	FOREIGN KEY (patient_id, session_id) REFERENCES sessions (patient_id, session_id)
);

CREATE TABLE checkin_rules (
	patient_id  INTEGER NOT NULL,
	session_id  INTEGER NOT NULL,
	rule        TEXT NOT NULL,
	PRIMARY KEY (patient_id, session_id, rule),
	FOREIGN KEY (patient_id, session_id) REFERENCES checkins (patient_id, session_id)
		ON DELETE CASCADE
) WITHOUT ROWID;

-- A calendar feed: a secret URL that serves one practitioner's visits
-- (practitioner_id, 0 = the local operator) or one patient's (patient_id).
-- Like auth_sessions it belongs to its owner and is found by the hash of
-- its secret (BLAKE2b-256, hex), never by patient, so it is a reference
-- table keyed by feed_id.  Revoking sets revoked_at; a revoked feed
-- serves nothing.
CREATE TABLE calendar_feeds (
	feed_id          INTEGER PRIMARY KEY,
	token_hash       TEXT NOT NULL UNIQUE,
	practitioner_id  INTEGER,
	patient_id       INTEGER REFERENCES patients (patient_id),
	created_at       TEXT NOT NULL,
	created_by       TEXT NOT NULL,
	revoked_at       TEXT,
	CHECK ((practitioner_id IS NULL) <> (patient_id IS NULL))
);
