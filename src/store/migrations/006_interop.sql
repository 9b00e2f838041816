-- 006: interoperability.  Identifiers of records imported from other
-- systems (FHIR Patient, EpisodeOfCare, Encounter, Organization ...), so a
-- repeated import matches the records it made the first time.  Records
-- that carry backrest's own identifiers keep their ids and need no row
-- here.  A lookup table keyed by the foreign identifier; patient_id is
-- kept on every row for distribution by patient (0 for clinic rows).
CREATE TABLE interop_links (
	system         TEXT NOT NULL,
	value          TEXT NOT NULL,
	resource_type  TEXT NOT NULL,
	patient_id     INTEGER NOT NULL,
	record_id      INTEGER NOT NULL,
	created_at     TEXT NOT NULL,
	PRIMARY KEY (resource_type, system, value)
) WITHOUT ROWID;
CREATE INDEX interop_links_record ON interop_links (patient_id, record_id);
