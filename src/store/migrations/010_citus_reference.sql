-- 010: ready for distribution by patient (docs/scale-out.md,
-- checked by tests/cli/test_schema.py).  calendar_feeds is a reference
-- table (a feed is found by its secret's hash, never by patient), and
-- Citus refuses a foreign key from a reference table into a distributed
-- one, so the feed's patient is checked by the app layer (read_owner in
-- app/visits.c loads it) instead of by a REFERENCES clause.  SQLite cannot
-- drop a constraint: the table is rebuilt, rows and columns unchanged.
CREATE TABLE calendar_feeds_next (
	feed_id          INTEGER PRIMARY KEY,
	token_hash       TEXT NOT NULL UNIQUE,
	practitioner_id  INTEGER,
	patient_id       INTEGER,
	created_at       TEXT NOT NULL,
	created_by       TEXT NOT NULL,
	revoked_at       TEXT,
	CHECK ((practitioner_id IS NULL) <> (patient_id IS NULL))
);
INSERT INTO calendar_feeds_next (feed_id, token_hash, practitioner_id,
	patient_id, created_at, created_by, revoked_at)
	SELECT feed_id, token_hash, practitioner_id, patient_id, created_at,
	       created_by, revoked_at FROM calendar_feeds;
DROP TABLE calendar_feeds;
ALTER TABLE calendar_feeds_next RENAME TO calendar_feeds;
