-- 001: the care record.  Every patient-scoped table carries patient_id
-- first in its primary key, unique constraints and foreign keys, so the
-- data can be distributed by patient (docs/scale-out.md).  Ids are 53-bit
-- integers made by the client (store/id.c), never a central sequence.
-- Dates are ISO 8601 text (YYYY-MM-DD), timestamps ISO 8601 UTC text,
-- clock times minutes after midnight.  Reference tables: clinics, users.

CREATE TABLE clinics (
	clinic_id   INTEGER PRIMARY KEY,
	name        TEXT NOT NULL,
	created_at  TEXT NOT NULL
);

CREATE TABLE users (
	user_id       INTEGER PRIMARY KEY,
	clinic_id     INTEGER REFERENCES clinics(clinic_id),
	email         TEXT NOT NULL UNIQUE,
	name          TEXT,
	role          TEXT NOT NULL CHECK (role IN ('admin', 'practitioner', 'patient')),
	patient_id    INTEGER,
	password_hash TEXT,
	disabled      INTEGER NOT NULL DEFAULT 0,
	created_at    TEXT NOT NULL
);

CREATE TABLE patients (
	patient_id  INTEGER PRIMARY KEY,
	clinic_id   INTEGER NOT NULL REFERENCES clinics(clinic_id),
	name        TEXT NOT NULL,
	born        TEXT,
	sex         TEXT NOT NULL DEFAULT 'unknown'
	            CHECK (sex IN ('female', 'male', 'other', 'unknown')),
	ref         TEXT,
	created_at  TEXT NOT NULL
);
CREATE INDEX patients_clinic ON patients (clinic_id, name);
CREATE INDEX patients_ref ON patients (ref) WHERE ref IS NOT NULL;

CREATE TABLE episodes (
	patient_id      INTEGER NOT NULL REFERENCES patients(patient_id),
	episode_id      INTEGER NOT NULL,
	practitioner_id INTEGER,
	region          TEXT NOT NULL DEFAULT 'low-back'
	                CHECK (region IN ('low-back', 'mid-back', 'neck')),
	onset           TEXT NOT NULL,
	sciatica        INTEGER NOT NULL DEFAULT 0,
	icd10           TEXT,
	status          TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
	opened_on       TEXT NOT NULL,
	closed_on       TEXT,
	risk_group      TEXT CHECK (risk_group IN ('low', 'medium', 'high')),
	created_at      TEXT NOT NULL,
	PRIMARY KEY (patient_id, episode_id)
);
CREATE INDEX episodes_id ON episodes (episode_id);

-- One diary day D: the night before D (morning report, Consensus Sleep
-- Diary fields) and day D's pain and activity (evening report).
CREATE TABLE diary_days (
	patient_id    INTEGER NOT NULL REFERENCES patients(patient_id),
	day           TEXT NOT NULL,
	bed           INTEGER CHECK (bed BETWEEN 0 AND 1439),
	try           INTEGER CHECK (try BETWEEN 0 AND 1439),
	sol           INTEGER CHECK (sol BETWEEN 0 AND 1440),
	wakes         INTEGER CHECK (wakes BETWEEN 0 AND 100),
	waso          INTEGER CHECK (waso BETWEEN 0 AND 1440),
	final         INTEGER CHECK (final BETWEEN 0 AND 1439),
	up            INTEGER CHECK (up BETWEEN 0 AND 1439),
	quality       INTEGER CHECK (quality BETWEEN 0 AND 4),
	pain          INTEGER CHECK (pain BETWEEN 0 AND 10),
	pain_worst    INTEGER CHECK (pain_worst BETWEEN 0 AND 10),
	activity_min  INTEGER CHECK (activity_min BETWEEN 0 AND 1440),
	note          TEXT,
	updated_at    TEXT NOT NULL,
	PRIMARY KEY (patient_id, day)
) WITHOUT ROWID;

-- A treatment session, charted to STRICTA level (MacPherson et al. 2010):
-- needling details, retention, stimulation, electroacupuncture settings,
-- co-interventions (cupping, moxibustion, massage), position, response.
CREATE TABLE sessions (
	patient_id      INTEGER NOT NULL,
	session_id      INTEGER NOT NULL,
	episode_id      INTEGER NOT NULL,
	practitioner_id INTEGER,
	day             TEXT NOT NULL,
	position        TEXT CHECK (position IN ('prone', 'supine', 'side')),
	needles         INTEGER CHECK (needles BETWEEN 0 AND 200),
	retention_min   INTEGER CHECK (retention_min BETWEEN 0 AND 240),
	depth_mm        INTEGER CHECK (depth_mm BETWEEN 0 AND 150),
	deqi            INTEGER CHECK (deqi IN (0, 1)),
	stimulation     TEXT CHECK (stimulation IN ('none', 'manual', 'electrical')),
	needle_size     TEXT,
	ea_hz           TEXT,
	ea_waveform     TEXT CHECK (ea_waveform IN ('continuous', 'dense-disperse', 'intermittent')),
	ea_minutes      INTEGER CHECK (ea_minutes BETWEEN 0 AND 240),
	ea_ma           REAL CHECK (ea_ma BETWEEN 0 AND 50),
	cupping         TEXT CHECK (cupping IN ('dry', 'wet', 'moving', 'flash')),
	moxa            TEXT CHECK (moxa IN ('stick', 'needle-head', 'indirect', 'box')),
	massage         TEXT CHECK (massage IN ('deep-tissue', 'swedish', 'trigger-point')),
	pain_before     INTEGER CHECK (pain_before BETWEEN 0 AND 10),
	pain_after      INTEGER CHECK (pain_after BETWEEN 0 AND 10),
	note            TEXT,
	created_at      TEXT NOT NULL,
	PRIMARY KEY (patient_id, session_id),
	FOREIGN KEY (patient_id, episode_id) REFERENCES episodes (patient_id, episode_id)
);
CREATE INDEX sessions_episode ON sessions (patient_id, episode_id, day);
CREATE INDEX sessions_id ON sessions (session_id);

CREATE TABLE session_modalities (
	patient_id  INTEGER NOT NULL,
	session_id  INTEGER NOT NULL,
	modality    TEXT NOT NULL CHECK (modality IN ('acupuncture', 'electroacupuncture',
	            'cupping', 'moxibustion', 'massage')),
	PRIMARY KEY (patient_id, session_id, modality),
	FOREIGN KEY (patient_id, session_id) REFERENCES sessions (patient_id, session_id)
		ON DELETE CASCADE
) WITHOUT ROWID;

CREATE TABLE session_points (
	patient_id  INTEGER NOT NULL,
	session_id  INTEGER NOT NULL,
	point       TEXT NOT NULL,
	side        TEXT NOT NULL CHECK (side IN ('both', 'left', 'right', 'midline')),
	PRIMARY KEY (patient_id, session_id, point),
	FOREIGN KEY (patient_id, session_id) REFERENCES sessions (patient_id, session_id)
		ON DELETE CASCADE
) WITHOUT ROWID;

CREATE TABLE session_regions (
	patient_id  INTEGER NOT NULL,
	session_id  INTEGER NOT NULL,
	region      TEXT NOT NULL,
	PRIMARY KEY (patient_id, session_id, region),
	FOREIGN KEY (patient_id, session_id) REFERENCES sessions (patient_id, session_id)
		ON DELETE CASCADE
) WITHOUT ROWID;

CREATE TABLE session_adverse_events (
	patient_id  INTEGER NOT NULL,
	session_id  INTEGER NOT NULL,
	event       TEXT NOT NULL,
	PRIMARY KEY (patient_id, session_id, event),
	FOREIGN KEY (patient_id, session_id) REFERENCES sessions (patient_id, session_id)
		ON DELETE CASCADE
) WITHOUT ROWID;

CREATE TABLE screenings (
	patient_id    INTEGER NOT NULL,
	screening_id  INTEGER NOT NULL,
	episode_id    INTEGER NOT NULL,
	session_id    INTEGER,
	day           TEXT NOT NULL,
	tier          TEXT NOT NULL CHECK (tier IN ('none', 'urgent', 'emergency')),
	screened_by   TEXT,
	cleared_at    TEXT,
	cleared_by    TEXT,
	clear_reason  TEXT,
	created_at    TEXT NOT NULL,
	PRIMARY KEY (patient_id, screening_id),
	FOREIGN KEY (patient_id, episode_id) REFERENCES episodes (patient_id, episode_id)
);
CREATE INDEX screenings_episode ON screenings (patient_id, episode_id, day);

CREATE TABLE screening_flags (
	patient_id    INTEGER NOT NULL,
	screening_id  INTEGER NOT NULL,
	flag          TEXT NOT NULL,
	PRIMARY KEY (patient_id, screening_id, flag),
	FOREIGN KEY (patient_id, screening_id) REFERENCES screenings (patient_id, screening_id)
) WITHOUT ROWID;

CREATE TABLE measures (
	patient_id  INTEGER NOT NULL,
	measure_id  INTEGER NOT NULL,
	episode_id  INTEGER NOT NULL,
	instrument  TEXT NOT NULL,
	day         TEXT NOT NULL,
	score       REAL,
	band        TEXT,
	answered    INTEGER NOT NULL,
	complete    INTEGER NOT NULL CHECK (complete IN (0, 1)),
	created_at  TEXT NOT NULL,
	PRIMARY KEY (patient_id, measure_id),
	FOREIGN KEY (patient_id, episode_id) REFERENCES episodes (patient_id, episode_id)
);
CREATE INDEX measures_episode ON measures (patient_id, episode_id, instrument, day);

-- Item answers as response codes; NULL code = skipped item.
CREATE TABLE measure_items (
	patient_id  INTEGER NOT NULL,
	measure_id  INTEGER NOT NULL,
	item        INTEGER NOT NULL,
	code        INTEGER,
	PRIMARY KEY (patient_id, measure_id, item),
	FOREIGN KEY (patient_id, measure_id) REFERENCES measures (patient_id, measure_id)
) WITHOUT ROWID;

CREATE TABLE plan_items (
	patient_id  INTEGER NOT NULL,
	item_id     INTEGER NOT NULL,
	episode_id  INTEGER NOT NULL,
	treatment   TEXT NOT NULL,
	sessions    INTEGER CHECK (sessions BETWEEN 1 AND 100),
	per_week    REAL CHECK (per_week > 0 AND per_week <= 7),
	trial       INTEGER CHECK (trial BETWEEN 1 AND 100),
	note        TEXT,
	status      TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'stopped', 'done')),
	day         TEXT NOT NULL,
	created_at  TEXT NOT NULL,
	PRIMARY KEY (patient_id, item_id),
	FOREIGN KEY (patient_id, episode_id) REFERENCES episodes (patient_id, episode_id)
);

CREATE TABLE exercise_prescriptions (
	patient_id       INTEGER NOT NULL,
	prescription_id  INTEGER NOT NULL,
	episode_id       INTEGER NOT NULL,
	exercise         TEXT NOT NULL,
	reps             INTEGER NOT NULL CHECK (reps BETWEEN 1 AND 100),
	every_days       INTEGER NOT NULL CHECK (every_days BETWEEN 1 AND 14),
	day              TEXT NOT NULL,
	active           INTEGER NOT NULL DEFAULT 1,
	created_at       TEXT NOT NULL,
	PRIMARY KEY (patient_id, prescription_id),
	FOREIGN KEY (patient_id, episode_id) REFERENCES episodes (patient_id, episode_id)
);

CREATE TABLE exercise_logs (
	patient_id    INTEGER NOT NULL,
	log_id        INTEGER NOT NULL,
	episode_id    INTEGER NOT NULL,
	exercise      TEXT NOT NULL,
	day           TEXT NOT NULL,
	reps          INTEGER NOT NULL CHECK (reps BETWEEN 0 AND 1000),
	pain_during   INTEGER NOT NULL CHECK (pain_during BETWEEN 0 AND 10),
	next_morning  INTEGER CHECK (next_morning BETWEEN 0 AND 10),
	rom_loss      INTEGER NOT NULL DEFAULT 0,
	reinjury      INTEGER NOT NULL DEFAULT 0,
	created_at    TEXT NOT NULL,
	PRIMARY KEY (patient_id, log_id),
	FOREIGN KEY (patient_id, episode_id) REFERENCES episodes (patient_id, episode_id)
);
CREATE INDEX exercise_logs_episode ON exercise_logs (patient_id, episode_id, exercise, day);

CREATE TABLE pacing_quotas (
	patient_id  INTEGER NOT NULL,
	quota_id    INTEGER NOT NULL,
	episode_id  INTEGER NOT NULL,
	activity    TEXT NOT NULL,
	unit        TEXT NOT NULL CHECK (unit IN ('min', 'm', 'steps', 'reps')),
	baseline    REAL NOT NULL CHECK (baseline > 0),
	step_pct    REAL NOT NULL DEFAULT 10,
	every_days  INTEGER NOT NULL DEFAULT 7,
	day         TEXT NOT NULL,
	created_at  TEXT NOT NULL,
	PRIMARY KEY (patient_id, quota_id),
	FOREIGN KEY (patient_id, episode_id) REFERENCES episodes (patient_id, episode_id)
);

CREATE TABLE pacing_logs (
	patient_id  INTEGER NOT NULL,
	log_id      INTEGER NOT NULL,
	episode_id  INTEGER NOT NULL,
	activity    TEXT NOT NULL,
	day         TEXT NOT NULL,
	done        REAL NOT NULL CHECK (done >= 0),
	recovered   INTEGER,
	flare       INTEGER NOT NULL DEFAULT 0,
	created_at  TEXT NOT NULL,
	PRIMARY KEY (patient_id, log_id),
	FOREIGN KEY (patient_id, episode_id) REFERENCES episodes (patient_id, episode_id)
);
CREATE INDEX pacing_logs_episode ON pacing_logs (patient_id, episode_id, activity, day);

-- Append-only: who did what to which patient's record, when, from where.
CREATE TABLE audit_log (
	audit_id    INTEGER PRIMARY KEY,
	at          TEXT NOT NULL,
	actor       TEXT NOT NULL,
	user_id     INTEGER,
	action      TEXT NOT NULL,
	patient_id  INTEGER,
	record      TEXT,
	origin      TEXT NOT NULL,
	outcome     TEXT NOT NULL DEFAULT 'ok'
);
CREATE INDEX audit_patient ON audit_log (patient_id, at);

-- What the demo generator planted, so analyses can be checked against the
-- truth.  One row per demo patient, written in the same
-- transaction as the patient's records.
CREATE TABLE demo_truth (
	patient_id        INTEGER PRIMARY KEY REFERENCES patients(patient_id),
	seed              INTEGER NOT NULL,
	arm               TEXT NOT NULL,
	responder         INTEGER NOT NULL,
	poor_sleeper      INTEGER NOT NULL,
	baseline_pain     REAL NOT NULL,
	pain_sd           REAL NOT NULL,
	pain_phi          REAL NOT NULL,
	sleep_pain_beta   REAL NOT NULL,
	pain_sleep_beta   REAL NOT NULL,
	diary_days        INTEGER NOT NULL,
	sessions          INTEGER NOT NULL,
	measures          INTEGER NOT NULL
);
