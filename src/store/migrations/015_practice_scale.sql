-- 015: every screen costs what it shows.  The lists and counts of one
-- clinic (or one practitioner) read that clinic's rows through these
-- indexes, never the whole network's; the network-wide counts read index
-- ranges of the days they count.
--
-- name_key is the patient's name folded for matching (lower case, Latin
-- accents dropped: br_utf8_fold), written with the name; the patient list
-- is ordered and paged by (name_key, patient_id) and found by its
-- prefixes.  Rows from before this migration get theirs in the same
-- transaction (store.c).
ALTER TABLE patients ADD COLUMN name_key TEXT;
CREATE INDEX patients_clinic_key ON patients (clinic_id, name_key, patient_id);
CREATE INDEX patients_name_key ON patients (name_key, patient_id);
CREATE INDEX patients_clinic_born ON patients (clinic_id, born);
CREATE INDEX patients_clinic_ref ON patients (clinic_id, ref);

-- A practitioner's patients (their open episodes), and the counts of
-- episodes by status.
CREATE INDEX episodes_practitioner ON episodes (practitioner_id, status, patient_id);
CREATE INDEX episodes_status ON episodes (status, patient_id);

-- A patient's sessions by date (one clinic's last 30 days), and the
-- network's.
CREATE INDEX sessions_patient_day ON sessions (patient_id, day);
CREATE INDEX sessions_day ON sessions (day);

-- The network's diary days of a week (a patient's are the primary key).
CREATE INDEX diary_days_day ON diary_days (day, patient_id);
