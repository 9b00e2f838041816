-- 024: a clinic's screens without reading them all (store/clinic_load.c):
-- the last screen of an episode, and the last one waiting for a
-- clinician's clearance (urgent or emergency, not cleared), are each read
-- from this index alone, the first by one seek.
CREATE INDEX screenings_last ON screenings (patient_id, episode_id, day, screening_id, tier, cleared_at);
