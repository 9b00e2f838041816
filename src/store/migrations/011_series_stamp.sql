-- 011: the series cache's stamp (store/series_file.h).  Every write of the
-- series table sets series_state.stamp to a new random value in the same
-- transaction; the packed series file beside the database records the
-- stamp it was built from and is used only while the two agree.  0: not
-- stamped yet (the cohort pass stamps it before it keeps a file).
ALTER TABLE series_state ADD COLUMN stamp INTEGER NOT NULL DEFAULT 0;
