-- 005: the per-patient series cache (store/series.h, core/series.h).  One
-- row per patient with diary days: the diary as packed typed arrays from
-- first_day (a day number), kept in step with diary_days on every write
-- and rebuildable from it at any time (backrest reindex).  diary_days
-- stays the record of truth.
--   series.data        uint8 code[n]: 0 for a day without entry, else
--                      0x80 | (quality + 1) << 4 | (pain + 1) (a value
--                      not reported is -1): what the cohort pass
--                      streams, 1 byte a day
--   series_night.data  int16 total sleep minutes[n] (little-endian), uint8
--                      flags[n] (entry, night half, day half)
CREATE TABLE series (
	patient_id  INTEGER PRIMARY KEY REFERENCES patients(patient_id)
	            ON DELETE CASCADE,
	first_day   INTEGER NOT NULL,
	n_days      INTEGER NOT NULL CHECK (n_days > 0),
	data        BLOB NOT NULL CHECK (length(data) = n_days)
);

CREATE TABLE series_night (
	patient_id  INTEGER PRIMARY KEY REFERENCES series(patient_id)
	            ON DELETE CASCADE,
	data        BLOB NOT NULL
);

-- stale = 1: diary rows written before this migration are not in the
-- cache yet; the first cohort run (or backrest reindex) rebuilds it.
CREATE TABLE series_state (
	id     INTEGER PRIMARY KEY CHECK (id = 1),
	stale  INTEGER NOT NULL
);
INSERT INTO series_state (id, stale)
	SELECT 1, CASE WHEN EXISTS (SELECT 1 FROM diary_days) THEN 1 ELSE 0 END;
