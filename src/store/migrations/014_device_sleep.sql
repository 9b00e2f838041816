-- 014: device nights: what a sleep tracker or phone recorded, one night
-- per patient, diary day (the night before it) and source, derived with
-- the diary's definitions (src/core/sleep_device.h).  Kept beside
-- diary_days, never in it: what the patient reported is never
-- overwritten.  The uploaded file itself is never stored.
CREATE TABLE device_nights (
	patient_id   INTEGER NOT NULL REFERENCES patients(patient_id),
	night        TEXT NOT NULL,
	source       TEXT NOT NULL,
	device       TEXT,
	in_bed_min   INTEGER NOT NULL CHECK (in_bed_min BETWEEN 0 AND 1440),
	asleep_min   INTEGER NOT NULL CHECK (asleep_min BETWEEN 0 AND 1440),
	sol_min      INTEGER CHECK (sol_min BETWEEN 0 AND 1440),
	waso_min     INTEGER NOT NULL CHECK (waso_min BETWEEN 0 AND 1440),
	awakenings   INTEGER NOT NULL CHECK (awakenings BETWEEN 0 AND 288),
	se_pct       REAL NOT NULL CHECK (se_pct BETWEEN 0 AND 100),
	naps         INTEGER NOT NULL CHECK (naps BETWEEN 0 AND 96),
	nap_min      INTEGER NOT NULL CHECK (nap_min BETWEEN 0 AND 1440),
	imported_at  TEXT NOT NULL,
	PRIMARY KEY (patient_id, night, source)
) WITHOUT ROWID;
