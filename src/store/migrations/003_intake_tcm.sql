-- 003: intake history, traditional Chinese medicine (TCM) findings per
-- visit, herbal prescriptions.  Same rules as 001: patient_id first in
-- every key and foreign key, client-made ids, ISO 8601 text dates.
--
-- Codes that a clinic may extend (pain locations, factors, conditions,
-- treatments, tongue and pulse findings, TCM patterns, herbal adverse
-- effects) come from data/*.json and are checked by the app layer, so
-- they carry no CHECK here; fixed choices do.

-- The intake history of an episode: one row per episode, updated in
-- place.  NULL = not recorded.  A list (locations, factors, conditions,
-- treatments, medicines) is "recorded" when it was asked; recorded with
-- no rows means the patient reported none.
CREATE TABLE intakes (
	patient_id            INTEGER NOT NULL,
	episode_id            INTEGER NOT NULL,
	practitioner_id       INTEGER,
	recorded_on           TEXT NOT NULL,
	onset_mode            TEXT CHECK (onset_mode IN ('lifting', 'twisting',
	                      'bending', 'fall', 'accident', 'sport', 'gradual',
	                      'unknown', 'other')),
	onset_note            TEXT,
	radiation             TEXT CHECK (radiation IN ('none', 'buttock',
	                      'above-knee', 'below-knee')),
	radiation_side        TEXT CHECK (radiation_side IN ('left', 'right', 'both')),
	work                  TEXT CHECK (work IN ('desk', 'standing', 'manual',
	                      'driving', 'mixed', 'not-working')),
	sitting_hours         INTEGER CHECK (sitting_hours BETWEEN 0 AND 24),
	lifting               TEXT CHECK (lifting IN ('none', 'light', 'heavy')),
	lifting_technique     TEXT CHECK (lifting_technique IN ('good', 'poor')),
	activity              TEXT CHECK (activity IN ('sedentary', 'light',
	                      'moderate', 'active')),
	height_cm             INTEGER CHECK (height_cm BETWEEN 100 AND 250),
	weight_kg             REAL CHECK (weight_kg BETWEEN 25 AND 350),
	smoking               TEXT CHECK (smoking IN ('never', 'former', 'current')),
	cigarettes_per_day    INTEGER CHECK (cigarettes_per_day BETWEEN 1 AND 100),
	lifestyle_note        TEXT,
	conditions_note       TEXT,
	treatments_note       TEXT,
	position_difficulty   INTEGER CHECK (position_difficulty IN (0, 1)),
	night_pain            INTEGER CHECK (night_pain IN (0, 1)),
	pain_wakes            INTEGER CHECK (pain_wakes BETWEEN 0 AND 20),
	sleep_position        TEXT CHECK (sleep_position IN ('back', 'side',
	                      'front', 'varies')),
	mattress              TEXT CHECK (mattress IN ('firm', 'medium', 'soft')),
	mattress_years        INTEGER CHECK (mattress_years BETWEEN 0 AND 50),
	pillows               INTEGER CHECK (pillows BETWEEN 0 AND 6),
	knee_pillow           INTEGER CHECK (knee_pillow IN (0, 1)),
	sleep_note            TEXT,
	goals                 TEXT,
	locations_recorded    INTEGER NOT NULL DEFAULT 0 CHECK (locations_recorded IN (0, 1)),
	aggravating_recorded  INTEGER NOT NULL DEFAULT 0 CHECK (aggravating_recorded IN (0, 1)),
	easing_recorded       INTEGER NOT NULL DEFAULT 0 CHECK (easing_recorded IN (0, 1)),
	conditions_recorded   INTEGER NOT NULL DEFAULT 0 CHECK (conditions_recorded IN (0, 1)),
	treatments_recorded   INTEGER NOT NULL DEFAULT 0 CHECK (treatments_recorded IN (0, 1)),
	medicines_recorded    INTEGER NOT NULL DEFAULT 0 CHECK (medicines_recorded IN (0, 1)),
	created_at            TEXT NOT NULL,
	updated_at            TEXT NOT NULL,
	PRIMARY KEY (patient_id, episode_id),
	FOREIGN KEY (patient_id, episode_id) REFERENCES episodes (patient_id, episode_id)
);

CREATE TABLE intake_locations (
	patient_id  INTEGER NOT NULL,
	episode_id  INTEGER NOT NULL,
	location    TEXT NOT NULL,
	side        TEXT CHECK (side IN ('left', 'right', 'both', 'central')),
	PRIMARY KEY (patient_id, episode_id, location),
	FOREIGN KEY (patient_id, episode_id) REFERENCES intakes (patient_id, episode_id)
		ON DELETE CASCADE
) WITHOUT ROWID;

CREATE TABLE intake_factors (
	patient_id  INTEGER NOT NULL,
	episode_id  INTEGER NOT NULL,
	effect      TEXT NOT NULL CHECK (effect IN ('aggravating', 'easing')),
	factor      TEXT NOT NULL,
	PRIMARY KEY (patient_id, episode_id, effect, factor),
	FOREIGN KEY (patient_id, episode_id) REFERENCES intakes (patient_id, episode_id)
		ON DELETE CASCADE
) WITHOUT ROWID;

CREATE TABLE intake_conditions (
	patient_id  INTEGER NOT NULL,
	episode_id  INTEGER NOT NULL,
	condition   TEXT NOT NULL,
	PRIMARY KEY (patient_id, episode_id, condition),
	FOREIGN KEY (patient_id, episode_id) REFERENCES intakes (patient_id, episode_id)
		ON DELETE CASCADE
) WITHOUT ROWID;

CREATE TABLE intake_treatments (
	patient_id  INTEGER NOT NULL,
	episode_id  INTEGER NOT NULL,
	treatment   TEXT NOT NULL,
	PRIMARY KEY (patient_id, episode_id, treatment),
	FOREIGN KEY (patient_id, episode_id) REFERENCES intakes (patient_id, episode_id)
		ON DELETE CASCADE
) WITHOUT ROWID;

-- Medicines, supplements and herbs the patient takes, as reported.
CREATE TABLE intake_medicines (
	patient_id  INTEGER NOT NULL,
	episode_id  INTEGER NOT NULL,
	position    INTEGER NOT NULL CHECK (position BETWEEN 1 AND 100),
	name        TEXT NOT NULL,
	dose        TEXT,
	kind        TEXT CHECK (kind IN ('prescription', 'otc', 'herbal', 'supplement')),
	purpose     TEXT CHECK (purpose IN ('pain', 'sleep', 'other')),
	PRIMARY KEY (patient_id, episode_id, position),
	FOREIGN KEY (patient_id, episode_id) REFERENCES intakes (patient_id, episode_id)
		ON DELETE CASCADE
) WITHOUT ROWID;

-- TCM findings of one visit, optional on every session (at most one per
-- session).  prefilled_from names the assessment the practitioner started
-- from ("carried forward"), so copied findings stay visible as such.
CREATE TABLE tcm_assessments (
	patient_id           INTEGER NOT NULL,
	assessment_id        INTEGER NOT NULL,
	episode_id           INTEGER NOT NULL,
	session_id           INTEGER NOT NULL,
	practitioner_id      INTEGER,
	day                  TEXT NOT NULL,
	tongue_colour        TEXT,
	tongue_moisture      TEXT CHECK (tongue_moisture IN ('dry', 'normal', 'moist', 'wet')),
	tongue_note          TEXT,
	pulse_rate           INTEGER CHECK (pulse_rate BETWEEN 30 AND 200),
	pulse_note           TEXT,
	pattern_note         TEXT,
	treatment_principle  TEXT,
	prefilled_from       INTEGER,
	created_at           TEXT NOT NULL,
	PRIMARY KEY (patient_id, assessment_id),
	UNIQUE (patient_id, session_id),
	FOREIGN KEY (patient_id, session_id) REFERENCES sessions (patient_id, session_id),
	FOREIGN KEY (patient_id, episode_id) REFERENCES episodes (patient_id, episode_id)
);
CREATE INDEX tcm_assessments_episode ON tcm_assessments (patient_id, episode_id, day);

-- Tongue body shape features and coat descriptors.
CREATE TABLE tcm_tongue_features (
	patient_id     INTEGER NOT NULL,
	assessment_id  INTEGER NOT NULL,
	aspect         TEXT NOT NULL CHECK (aspect IN ('shape', 'coat')),
	feature        TEXT NOT NULL,
	PRIMARY KEY (patient_id, assessment_id, aspect, feature),
	FOREIGN KEY (patient_id, assessment_id) REFERENCES tcm_assessments (patient_id, assessment_id)
		ON DELETE CASCADE
) WITHOUT ROWID;

-- Pulse qualities overall and at the six positions (cun, guan, chi on
-- each wrist).
CREATE TABLE tcm_pulse_qualities (
	patient_id     INTEGER NOT NULL,
	assessment_id  INTEGER NOT NULL,
	position       TEXT NOT NULL CHECK (position IN ('overall', 'left-cun',
	               'left-guan', 'left-chi', 'right-cun', 'right-guan', 'right-chi')),
	quality        TEXT NOT NULL,
	PRIMARY KEY (patient_id, assessment_id, position, quality),
	FOREIGN KEY (patient_id, assessment_id) REFERENCES tcm_assessments (patient_id, assessment_id)
		ON DELETE CASCADE
) WITHOUT ROWID;

-- The eight principles (ba gang) the practitioner noted.
CREATE TABLE tcm_principles (
	patient_id     INTEGER NOT NULL,
	assessment_id  INTEGER NOT NULL,
	principle      TEXT NOT NULL CHECK (principle IN ('exterior', 'interior',
	               'cold', 'heat', 'deficiency', 'excess', 'yin', 'yang')),
	PRIMARY KEY (patient_id, assessment_id, principle),
	FOREIGN KEY (patient_id, assessment_id) REFERENCES tcm_assessments (patient_id, assessment_id)
		ON DELETE CASCADE
) WITHOUT ROWID;

-- Pattern differentiation, codes from data/tcm_patterns.json, rank 1 the
-- main pattern.
CREATE TABLE tcm_patterns (
	patient_id     INTEGER NOT NULL,
	assessment_id  INTEGER NOT NULL,
	rank           INTEGER NOT NULL CHECK (rank BETWEEN 1 AND 6),
	code           TEXT NOT NULL,
	PRIMARY KEY (patient_id, assessment_id, rank),
	UNIQUE (patient_id, assessment_id, code),
	FOREIGN KEY (patient_id, assessment_id) REFERENCES tcm_assessments (patient_id, assessment_id)
		ON DELETE CASCADE
) WITHOUT ROWID;

-- Herbal formulas and topicals as prescribed: names, form, and dose,
-- duration and instructions exactly as the practitioner wrote them.
-- backrest records prescriptions; it does not suggest formulas or doses.
CREATE TABLE herbal_prescriptions (
	patient_id       INTEGER NOT NULL,
	prescription_id  INTEGER NOT NULL,
	episode_id       INTEGER NOT NULL,
	session_id       INTEGER,
	practitioner_id  INTEGER,
	day              TEXT NOT NULL,
	formula_pinyin   TEXT,
	formula_chinese  TEXT,
	formula_english  TEXT,
	form             TEXT NOT NULL CHECK (form IN ('decoction', 'granules',
	                 'powder', 'pills', 'tablets', 'capsules', 'tincture',
	                 'liniment', 'oil', 'ointment', 'plaster', 'soak')),
	dose             TEXT NOT NULL,
	duration         TEXT,
	instructions     TEXT,
	modifications    TEXT,
	pharmacy         TEXT,
	ended_on         TEXT,
	end_reason       TEXT CHECK (end_reason IN ('completed', 'adverse-effect',
	                 'patient-choice', 'changed', 'other')),
	created_at       TEXT NOT NULL,
	PRIMARY KEY (patient_id, prescription_id),
	CHECK (formula_pinyin IS NOT NULL OR formula_chinese IS NOT NULL
	       OR formula_english IS NOT NULL),
	CHECK ((ended_on IS NULL) = (end_reason IS NULL)),
	FOREIGN KEY (patient_id, episode_id) REFERENCES episodes (patient_id, episode_id),
	FOREIGN KEY (patient_id, session_id) REFERENCES sessions (patient_id, session_id)
);
CREATE INDEX herbal_prescriptions_episode ON herbal_prescriptions (patient_id, episode_id, day);
CREATE INDEX herbal_prescriptions_id ON herbal_prescriptions (prescription_id);

-- Adverse effects the patient reported while taking a prescription.
CREATE TABLE herbal_adverse_effects (
	patient_id       INTEGER NOT NULL,
	event_id         INTEGER NOT NULL,
	prescription_id  INTEGER NOT NULL,
	day              TEXT NOT NULL,
	effect           TEXT NOT NULL,
	severity         TEXT CHECK (severity IN ('mild', 'moderate', 'severe')),
	note             TEXT,
	created_at       TEXT NOT NULL,
	PRIMARY KEY (patient_id, event_id),
	FOREIGN KEY (patient_id, prescription_id)
		REFERENCES herbal_prescriptions (patient_id, prescription_id)
);
CREATE INDEX herbal_adverse_effects_rx ON herbal_adverse_effects (patient_id, prescription_id, day);
