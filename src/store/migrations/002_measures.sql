-- 002: clinical measures and safety screening.  Each measure
-- keeps the instrument version and recall period it was scored under
-- (docs/clinical/scoring.md) and the notes its scoring produced; subscores (such as
-- the STarT Back psychosocial subscore) get rows of their own.  A
-- screening keeps the advice that was shown, as it was worded then.

ALTER TABLE measures ADD COLUMN version TEXT;
ALTER TABLE measures ADD COLUMN recall TEXT;
ALTER TABLE measures ADD COLUMN notes TEXT;

CREATE TABLE measure_subscores (
	patient_id  INTEGER NOT NULL,
	measure_id  INTEGER NOT NULL,
	subscore    TEXT NOT NULL,
	value       REAL,
	PRIMARY KEY (patient_id, measure_id, subscore),
	FOREIGN KEY (patient_id, measure_id) REFERENCES measures (patient_id, measure_id)
) WITHOUT ROWID;

ALTER TABLE screenings ADD COLUMN action TEXT;
