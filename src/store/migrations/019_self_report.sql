-- 019: questionnaires the patient completes on the phone.
-- Same rules as 001: patient_id first in every key of a patient's record.

-- Who gave a measure's answers: 'practitioner' (entered in clinic, as
-- every measure recorded before this migration was) or 'patient' (the
-- patient answered it in the diary).
ALTER TABLE measures ADD COLUMN source TEXT NOT NULL DEFAULT 'practitioner'
	CHECK (source IN ('practitioner', 'patient'));

-- A questionnaire the patient has started and not yet sent: the answers
-- given so far (a JSON array of response codes, null for an item not yet
-- answered), kept so the patient can pause and resume.  Never scored;
-- removed when the questionnaire is sent.
CREATE TABLE measure_drafts (
	patient_id  INTEGER NOT NULL REFERENCES patients (patient_id),
	instrument  TEXT NOT NULL,
	answers     TEXT NOT NULL,
	updated_at  TEXT NOT NULL,
	PRIMARY KEY (patient_id, instrument)
);
