-- 021: corrections with history.  Same rules as 001: patient_id first in
-- every key of a patient's record.
--
-- One row per change to a record after it was first written: a
-- correction ('correct', or 'amend' for a signed session), a signature
-- ('sign') or entered-in-error ('void').  The record is named by
-- record_key: its id (sessions, measures ...) or, for a diary day, its
-- date.  version is the record's version after the change (the record as
-- first written is version 1).  changes is a JSON object
-- {"field": {"from": old, "to": new}}; snapshot is the whole record as it
-- was before the change (JSON), so a voided record is kept here after
-- its rows leave every view.
CREATE TABLE record_versions (
	patient_id  INTEGER NOT NULL REFERENCES patients (patient_id),
	record_key  TEXT NOT NULL,
	version     INTEGER NOT NULL CHECK (version >= 2),
	kind        TEXT NOT NULL,
	action      TEXT NOT NULL CHECK (action IN ('correct', 'amend', 'sign', 'void')),
	actor       TEXT NOT NULL,
	origin      TEXT NOT NULL,
	at          TEXT NOT NULL,
	reason      TEXT,  -- NULL for a signature
	changes     TEXT NOT NULL,
	snapshot    TEXT NOT NULL,
	PRIMARY KEY (patient_id, record_key, version)
);
