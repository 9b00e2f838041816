-- 020: the cohort image's write log (store/series_file.h).  Every write
-- that changes what the packed series image holds appends, in the same
-- transaction, the stamp it set (series_state.stamp) and the patient it
-- changed (-1: every patient, after a reindex).  An image file built at
-- log position seq is brought up to date by re-reading only the patients
-- logged after seq; the oldest rows are dropped as new ones come, so the
-- table stays small.  Written on SQLite only (where the file is kept).
CREATE TABLE series_log (
	seq         INTEGER PRIMARY KEY,
	stamp       INTEGER NOT NULL,
	patient_id  INTEGER NOT NULL
);
