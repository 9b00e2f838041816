-- 007: the care plan and home program.  plan_items, the
-- exercise and pacing tables come from 001; this adds what the rules need
-- (which course values were defaults, the usual morning pain an exercise
-- is judged against), one log per exercise or activity and day (a second
-- log of the day merges into it), the bedtime routine a plan carries and
-- the routine steps a patient ticks in the diary.  Columns read by other
-- areas (plan_items: treatment, sessions, per_week, day) keep their names.

ALTER TABLE plan_items ADD COLUMN defaulted TEXT;
ALTER TABLE plan_items ADD COLUMN ended_on TEXT;
CREATE INDEX plan_items_episode ON plan_items (patient_id, episode_id, day);

ALTER TABLE exercise_prescriptions ADD COLUMN usual_morning INTEGER
	CHECK (usual_morning BETWEEN 0 AND 10);
CREATE INDEX exercise_prescriptions_episode
	ON exercise_prescriptions (patient_id, episode_id, active);
CREATE UNIQUE INDEX exercise_logs_day
	ON exercise_logs (patient_id, episode_id, exercise, day);

CREATE INDEX pacing_quotas_episode ON pacing_quotas (patient_id, episode_id, activity);
CREATE UNIQUE INDEX pacing_logs_day
	ON pacing_logs (patient_id, episode_id, activity, day);

-- The bedtime routine of an episode's plan: one row per step
-- (data/bedtime.json codes).
CREATE TABLE plan_routine_steps (
	patient_id  INTEGER NOT NULL,
	episode_id  INTEGER NOT NULL,
	step        TEXT NOT NULL,
	day         TEXT NOT NULL,
	created_at  TEXT NOT NULL,
	PRIMARY KEY (patient_id, episode_id, step),
	FOREIGN KEY (patient_id, episode_id) REFERENCES episodes (patient_id, episode_id)
) WITHOUT ROWID;

-- Routine steps ticked on a diary day (diary add --routine).
CREATE TABLE diary_routine_ticks (
	patient_id  INTEGER NOT NULL REFERENCES patients(patient_id),
	day         TEXT NOT NULL,
	step        TEXT NOT NULL,
	PRIMARY KEY (patient_id, day, step)
) WITHOUT ROWID;
