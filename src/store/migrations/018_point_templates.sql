-- 018: point templates.  A practitioner saves a combination of points
-- (each with its side) and a default needle retention under a name, and
-- applies it in the session form.  A template belongs to its owner
-- (practitioner_id); shared = 1 lets the practitioners of the owner's
-- clinic (the clinic the owner's account is in, read from users) see and
-- apply it, and only the owner changes or removes it.  Clinic data, not a
-- patient's record: both are reference tables (docs/scale-out.md).  The
-- points keep the order they were given in (seq, from 1).
CREATE TABLE point_templates (
	template_id      INTEGER PRIMARY KEY,
	practitioner_id  INTEGER NOT NULL REFERENCES users (user_id),
	name             TEXT NOT NULL,
	shared           INTEGER NOT NULL DEFAULT 0 CHECK (shared IN (0, 1)),
	minutes          INTEGER CHECK (minutes BETWEEN 1 AND 240),
	created_at       TEXT NOT NULL,
	updated_at       TEXT NOT NULL,
	UNIQUE (practitioner_id, name)
);

CREATE TABLE point_template_points (
	template_id  INTEGER NOT NULL REFERENCES point_templates (template_id)
	             ON DELETE CASCADE,
	seq          INTEGER NOT NULL,
	point        TEXT NOT NULL,
	side         TEXT NOT NULL CHECK (side IN ('both', 'left', 'right', 'midline')),
	PRIMARY KEY (template_id, seq),
	UNIQUE (template_id, point)
);
