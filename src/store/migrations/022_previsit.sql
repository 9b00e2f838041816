-- 022: the pre-visit intake a new patient fills in on the phone before the
-- first visit (docs/internals/INTAKE_TCM.md, "Pre-visit intake").  Same
-- rules as 001: patient_id first in every key of a patient's record.
--
-- One row per request of a practitioner.  answers is the patient's intake
-- answers as they sent them (a JSON object of the intake's fields);
-- red_flags their replies to the red-flag questions worded for patients
-- (a JSON object: red-flag id -> 'yes', 'no' or 'unsure'); tier the tier
-- of the flags answered 'yes' (core/redflag.h), kept so the clinic's
-- patients with an emergency answer are found with one query.  Nothing
-- here is the clinical record: confirming (confirmed_at, confirmed_by,
-- episode_id) turns the answers into the episode's intake, and the red
-- flags stay the practitioner's own screen to record.  updated_at: the
-- patient's last save (NULL before the first); sent_at: when they said
-- they were done.  At most one request of a patient is unconfirmed.
CREATE TABLE previsit_intakes (
	patient_id    INTEGER NOT NULL REFERENCES patients (patient_id),
	previsit_id   INTEGER NOT NULL,
	requested_by  INTEGER,
	requested_at  TEXT NOT NULL,
	answers       TEXT NOT NULL,
	red_flags     TEXT NOT NULL,
	tier          TEXT NOT NULL CHECK (tier IN ('none', 'urgent', 'emergency')),
	updated_at    TEXT,
	sent_at       TEXT,
	confirmed_at  TEXT,
	confirmed_by  TEXT,
	episode_id    INTEGER,
	PRIMARY KEY (patient_id, previsit_id)
);
CREATE UNIQUE INDEX previsit_intakes_open ON previsit_intakes (patient_id)
	WHERE confirmed_at IS NULL;
