-- 012: the cohort's counts (br_store_cohort_counts: episodes open at some
-- point in a period, and how many are still open) read this index alone
-- instead of every episode row: a few hundred pages kept together rather
-- than rows spread over the whole file.
CREATE INDEX episodes_period ON episodes (opened_on, closed_on, status);
