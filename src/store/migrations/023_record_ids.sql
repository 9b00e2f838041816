-- 023: a correction names a record by its id alone (ids are unique across
-- kinds), as sessions, episodes, visits and prescriptions already could
-- be found; the other kinds a person writes get the same index, so that
-- looking an id up reads one index entry per kind instead of every row.
CREATE INDEX measures_id ON measures (measure_id);
CREATE INDEX screenings_id ON screenings (screening_id);
CREATE INDEX plan_items_id ON plan_items (item_id);
CREATE INDEX exercise_logs_id ON exercise_logs (log_id);
CREATE INDEX pacing_logs_id ON pacing_logs (log_id);
CREATE INDEX tcm_assessments_id ON tcm_assessments (assessment_id);
CREATE INDEX record_versions_key ON record_versions (record_key);
