/*
 * series.c - the per-patient series cache and the cohort queries (see
 * series.h).
 *
 * The blobs go through the driver's blob calls (db.h): a BLOB on SQLite,
 * bytea on PostgreSQL.
 */
#include "store/series.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/parse.h"
#include "store/series_file.h"
#include "store/store_internal.h"

/* The first column of the one row a query without parameters returns
 * (0 when it returns none). */
static int
one_i64(struct br_store *s, const char *q, int64_t *v, struct br_err *err)
{
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	*v = 0;
	if (rc < 0)
		return rc;
	rc = br_db_step(st, err);
	if (rc == 1)
		*v = br_db_col_i64(st, 0);
	br_db_done(st);
	return rc < 0 ? rc : 0;
}

int
br_store_series_bump(struct br_store *s, int64_t patient_id, struct br_err *err)
{
	static const char q[] = "UPDATE series_state SET stamp = $1";
	static const char q_log[] =
	        "INSERT INTO series_log (stamp, patient_id) VALUES ($1, $2)";
	/* The log keeps its newest rows only: one row out for each in. */
	static const char q_trim[] =
	        "DELETE FROM series_log WHERE seq <= (SELECT max(seq) FROM "
	        "series_log) - $1";
	struct br_db_stmt *st;
	uint64_t stamp = 0;
	int rc;

	/* Only a series file checks it: on PostgreSQL one row written by
	 * every transaction would make concurrent writers conflict. */
	if (!br_store_series_keeps_file(s))
		return 0;
	/* 63 bits, never 0: the stamp names one state of the table. */
	while (stamp == 0) {
		randombytes_buf(&stamp, sizeof(stamp));
		stamp &= INT64_MAX;
	}
	rc = br_db_prepare(s, q, &st, err);
	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, (int64_t)stamp);
	rc = br_db_run(st, err);
	if (rc == 0)
		rc = br_db_prepare(s, q_log, &st, err);
	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, (int64_t)stamp);
	br_db_bind_i64(st, 2, patient_id);
	rc = br_db_run(st, err);
	if (rc == 0)
		rc = br_db_prepare(s, q_trim, &st, err);
	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, BR_SERIES_LOG_KEEP);
	return br_db_run(st, err);
}

int
br_store_series_stamp(struct br_store *s, uint64_t *stamp, struct br_err *err)
{
	int64_t v;
	int rc = one_i64(s, "SELECT stamp FROM series_state", &v, err);

	*stamp = (uint64_t)v;
	return rc;
}

/* Sets one day, saying why it could not: a series longer than
 * BR_SERIES_MAX_DAYS is refused as bad input, anything else is memory. */
static int
series_set(struct br_series_buf *b, int32_t day, const struct br_series_day *v,
           struct br_err *err)
{
	int rc = br_series_buf_set(b, day, v);

	if (rc == BR_EINVAL)
		return br_error(err, BR_EINVAL, "date",
		                "a patient's diary may span at most %d days",
		                BR_SERIES_MAX_DAYS);
	if (rc < 0)
		return br_error(err, BR_ENOMEM, "", "out of memory");
	return 0;
}

void
br_series_day_of(const struct br_diary_day *d, struct br_series_day *out)
{
	const struct br_night *n = &d->night;
	struct br_sleep_metrics m;

	br_sleep_derive(n, &m);
	out->pain = d->pain;
	out->quality = n->quality;
	out->tst_min = m.tst_min;
	out->flags = BR_SERIES_ENTRY;
	if (n->bed != BR_UNSET || n->try_ != BR_UNSET || n->sol != BR_UNSET ||
	    n->wakes != BR_UNSET || n->waso != BR_UNSET ||
	    n->final != BR_UNSET || n->up != BR_UNSET || n->quality != BR_UNSET)
		out->flags |= BR_SERIES_NIGHT;
	if (d->pain != BR_UNSET || d->pain_worst != BR_UNSET ||
	    d->activity_min != BR_UNSET)
		out->flags |= BR_SERIES_DAY;
}

int
br_store_series_get(struct br_store *s, int64_t patient_id,
                    struct br_series_buf *b, struct br_err *err)
{
	static const char q[] =
	        "SELECT first_day, n_days, s.data, n.data FROM series s JOIN "
	        "series_night n USING (patient_id) WHERE patient_id = $1";
	struct br_db_stmt *st;
	struct br_series v;
	int rc;

	br_series_buf_free(b);
	rc = br_db_prepare(s, q, &st, err);
	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, patient_id);
	rc = br_db_step(st, err);
	if (rc == 1) {
		size_t n_data, n_night;
		const void *data = br_db_col_blob(st, 2, &n_data);
		const void *night = br_db_col_blob(st, 3, &n_night);

		rc = br_series_view((int32_t)br_db_col_i64(st, 0),
		                    (int32_t)br_db_col_i64(st, 1), data, n_data,
		                    night, n_night, &v);
		if (rc == 0)
			rc = br_series_buf_load(b, &v);
		if (rc < 0)
			rc = br_error(err, rc, "",
			              "the series cache of a patient is "
			              "damaged; run backrest reindex");
	}
	br_db_done(st);
	return rc < 0 ? rc : 0;
}

int
br_store_series_replace(struct br_store *s, int64_t patient_id,
                        struct br_series_buf *b, struct br_err *err)
{
	static const char ins[] =
	        "INSERT INTO series (patient_id, first_day, n_days, data) "
	        "VALUES ($1, $2, $3, $4) ON CONFLICT (patient_id) DO UPDATE "
	        "SET first_day = excluded.first_day, n_days = "
	        "excluded.n_days, data = excluded.data";
	static const char ins_night[] =
	        "INSERT INTO series_night (patient_id, data) VALUES ($1, $2) "
	        "ON CONFLICT (patient_id) DO UPDATE SET data = excluded.data";
	static const char del[] = "DELETE FROM series WHERE patient_id = $1";
	struct br_db_stmt *st;
	struct br_series v;
	int rc = 0;

	rc = br_store_series_bump(s, patient_id, err);
	if (rc == 0 && b->n_days == 0) {
		rc = br_db_prepare(s, del, &st, err);
		if (rc == 0) {
			br_db_bind_i64(st, 1, patient_id);
			rc = br_db_run(st, err);
		}
		return rc;
	}
	if (rc == 0 && br_series_buf_pack(b, &v) < 0)
		rc = br_error(err, BR_ENOMEM, "", "out of memory");
	if (rc == 0)
		rc = br_db_prepare(s, ins, &st, err);
	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, patient_id);
	br_db_bind_i64(st, 2, b->first_day);
	br_db_bind_i64(st, 3, b->n_days);
	br_db_bind_blob(st, 4, b->packed, br_series_bytes(b->n_days));
	rc = br_db_run(st, err);
	if (rc == 0)
		rc = br_db_prepare(s, ins_night, &st, err);
	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, patient_id);
	br_db_bind_blob(st, 2, b->night, br_series_night_bytes(b->n_days));
	return br_db_run(st, err);
}

int
br_store_series_put_day(struct br_store *s, const struct br_diary_day *d,
                        struct br_err *err)
{
	struct br_series_buf b;
	struct br_series_day v;
	int32_t day;
	int rc;

	if (br_parse_date("day", d->day, &day, err) < 0)
		return BR_EINVAL;
	br_series_buf_init(&b);
	br_series_day_of(d, &v);
	rc = br_store_series_get(s, d->patient_id, &b, err);
	if (rc == 0)
		rc = series_set(&b, day, &v, err);
	if (rc == 0)
		rc = br_store_series_replace(s, d->patient_id, &b, err);
	br_series_buf_free(&b);
	return rc;
}

/* Diary rows in (patient, day) order, with what a series needs. */
#define SCAN_COLS                                                              \
	"patient_id, day, bed, try, sol, wakes, waso, final, up, quality, "    \
	"pain, pain_worst, activity_min"

static int
read_row(struct br_db_stmt *st, struct br_diary_day *d, int32_t *day,
         struct br_err *err)
{
	const char *text;

	br_diary_day_init(d);
	d->patient_id = br_db_col_i64(st, 0);
	text = br_db_col_text(st, 1);
	d->night.bed = br_db_col_int_opt(st, 2);
	d->night.try_ = br_db_col_int_opt(st, 3);
	d->night.sol = br_db_col_int_opt(st, 4);
	d->night.wakes = br_db_col_int_opt(st, 5);
	d->night.waso = br_db_col_int_opt(st, 6);
	d->night.final = br_db_col_int_opt(st, 7);
	d->night.up = br_db_col_int_opt(st, 8);
	d->night.quality = br_db_col_int_opt(st, 9);
	d->pain = br_db_col_int_opt(st, 10);
	d->pain_worst = br_db_col_int_opt(st, 11);
	d->activity_min = br_db_col_int_opt(st, 12);
	if (br_parse_date("day", text, day, NULL) < 0)
		return br_error(err, BR_EDB, "",
		                "a stored diary day has a malformed date");
	return 0;
}

/* Compares b with the stored series of patient_id. */
static int
differs(struct br_store *s, int64_t patient_id, struct br_series_buf *b,
        bool *out, struct br_err *err)
{
	struct br_series_buf cur;
	struct br_series v, w;
	int rc;

	br_series_buf_init(&cur);
	rc = br_store_series_get(s, patient_id, &cur, err);
	if (rc == 0 &&
	    (br_series_buf_pack(b, &v) < 0 || br_series_buf_pack(&cur, &w) < 0))
		rc = br_error(err, BR_ENOMEM, "", "out of memory");
	if (rc == 0)
		*out = cur.n_days != b->n_days ||
		       cur.first_day != b->first_day ||
		       memcmp(b->packed, cur.packed,
		              br_series_bytes(b->n_days)) != 0 ||
		       memcmp(b->night, cur.night,
		              br_series_night_bytes(b->n_days)) != 0;
	br_series_buf_free(&cur);
	return rc;
}

static int
finish_patient(struct br_store *s, struct br_series_rebuild *r, int64_t pid,
               struct br_series_buf *b, struct br_err *err)
{
	bool diff = true;
	int rc = 0;

	r->patients++;
	if (r->check_only) {
		rc = differs(s, pid, b, &diff, err);
		r->different += rc == 0 && diff;
		return rc;
	}
	return br_store_series_replace(s, pid, b, err);
}

int
br_store_series_refresh(struct br_store *s, int64_t patient_id,
                        struct br_err *err)
{
	static const char q[] = "SELECT " SCAN_COLS " FROM diary_days WHERE "
	                        "patient_id = $1 ORDER BY day";
	struct br_series_buf b;
	struct br_db_stmt *st;
	int rc = 0;

	if (rc == 0)
		rc = br_db_prepare(s, q, &st, err);
	if (rc < 0)
		return rc;
	br_series_buf_init(&b);
	br_db_bind_i64(st, 1, patient_id);
	while ((rc = br_db_step(st, err)) == 1) {
		struct br_diary_day d;
		struct br_series_day v;
		int32_t day;

		rc = read_row(st, &d, &day, err);
		if (rc < 0)
			break;
		br_series_day_of(&d, &v);
		if (series_set(&b, day, &v, err) < 0) {
			rc = err ? err->code : BR_EINVAL;
			break;
		}
	}
	br_db_done(st);
	if (rc == 0)
		rc = br_store_series_replace(s, patient_id, &b, err);
	br_series_buf_free(&b);
	return rc;
}

int
br_store_series_rebuild(struct br_store *s, struct br_series_rebuild *r,
                        struct br_err *err)
{
	static const char q[] =
	        "SELECT " SCAN_COLS " FROM diary_days ORDER BY patient_id, day";
	static const char orphans[] =
	        "SELECT count(*) FROM series WHERE NOT EXISTS (SELECT 1 FROM "
	        "diary_days d WHERE d.patient_id = series.patient_id)";
	static const char del_orphans[] =
	        "DELETE FROM series WHERE NOT EXISTS (SELECT 1 FROM "
	        "diary_days d WHERE d.patient_id = series.patient_id)";
	static const char fresh[] = "UPDATE series_state SET stale = 0";
	struct br_series_buf b;
	struct br_db_stmt *st;
	int64_t pid = 0;
	int rc = 0;

	r->patients = r->rows = r->different = r->orphans = 0;
	if (rc == 0)
		rc = br_db_prepare(s, q, &st, err);
	if (rc < 0)
		return rc;
	br_series_buf_init(&b);
	/* The scan statement stays open while other statements of this
	 * connection read and write the series table: SQLite allows that,
	 * and diary_days is not written here. */
	while ((rc = br_db_step(st, err)) == 1) {
		struct br_diary_day d;
		struct br_series_day v;
		int32_t day;

		rc = read_row(st, &d, &day, err);
		if (rc < 0)
			break;
		if (d.patient_id != pid && b.n_days > 0) {
			rc = finish_patient(s, r, pid, &b, err);
			if (rc < 0)
				break;
			b.n_days = 0;
		}
		pid = d.patient_id;
		br_series_day_of(&d, &v);
		if (series_set(&b, day, &v, err) < 0) {
			rc = err ? err->code : BR_EINVAL;
			break;
		}
		if (++r->rows % 1000000 == 0 && r->progress)
			r->progress(r->ctx, r->rows);
	}
	br_db_done(st);
	if (rc == 0 && b.n_days > 0)
		rc = finish_patient(s, r, pid, &b, err);
	br_series_buf_free(&b);
	if (rc == 0)
		rc = br_db_prepare(s, orphans, &st, err);
	if (rc == 0) {
		rc = br_db_step(st, err);
		if (rc == 1)
			r->orphans = br_db_col_i64(st, 0);
		br_db_done(st);
		rc = rc < 0 ? rc : 0;
	}
	if (rc == 0 && !r->check_only && r->orphans > 0 &&
	    (rc = br_db_prepare(s, del_orphans, &st, err)) == 0)
		rc = br_db_run(st, err);
	if (rc == 0 && !r->check_only)
		rc = br_store_series_bump(s, BR_SERIES_LOG_ALL, err);
	if (rc == 0 && !r->check_only &&
	    (rc = br_db_prepare(s, fresh, &st, err)) == 0)
		rc = br_db_run(st, err);
	return rc;
}

int
br_store_series_stale(struct br_store *s, bool *stale, struct br_err *err)
{
	int64_t v;
	int rc = one_i64(s, "SELECT stale FROM series_state", &v, err);

	*stale = v != 0;
	return rc;
}

/* Every series (pid 0) or the one of patient pid. */
static int
series_scan(struct br_store *s, int64_t pid,
            int (*fn)(void *ctx, const struct br_series *v), void *ctx,
            struct br_err *err)
{
	static const char q[] = "SELECT patient_id, first_day, n_days, data "
	                        "FROM series ORDER BY patient_id";
	static const char q_one[] = "SELECT patient_id, first_day, n_days, "
	                            "data FROM series WHERE patient_id = $1";
	struct br_db_stmt *st;
	int rc = 0;

	if (pid == 0)
		br_db_hint_bulk_read(s);
	rc = br_db_prepare(s, pid ? q_one : q, &st, err);
	if (rc < 0)
		return rc;
	if (pid)
		br_db_bind_i64(st, 1, pid);
	while ((rc = br_db_step(st, err)) == 1) {
		struct br_series v;
		size_t n_blob;
		const void *blob = br_db_col_blob(st, 3, &n_blob);

		if (br_series_view((int32_t)br_db_col_i64(st, 1),
		                   (int32_t)br_db_col_i64(st, 2), blob, n_blob,
		                   NULL, 0, &v) < 0) {
			rc = br_error(err, BR_EDB, "",
			              "the series cache is damaged; run "
			              "backrest reindex");
			break;
		}
		v.patient_id = br_db_col_i64(st, 0);
		rc = fn(ctx, &v);
		if (rc < 0)
			break;
	}
	br_db_done(st);
	return rc < 0 ? rc : 0;
}

int
br_store_series_scan(struct br_store *s,
                     int (*fn)(void *ctx, const struct br_series *v), void *ctx,
                     struct br_err *err)
{
	return series_scan(s, 0, fn, ctx, err);
}

int
br_store_series_scan_one(struct br_store *s, int64_t patient_id,
                         int (*fn)(void *ctx, const struct br_series *v),
                         void *ctx, struct br_err *err)
{
	return patient_id > 0 ? series_scan(s, patient_id, fn, ctx, err) : 0;
}

int
br_store_series_log_head(struct br_store *s, uint64_t *stamp, uint64_t *seq,
                         struct br_err *err)
{
	static const char q[] = "SELECT stamp, (SELECT coalesce(max(seq), 0) "
	                        "FROM series_log) FROM series_state";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	*stamp = *seq = 0;
	if (rc < 0)
		return rc;
	rc = br_db_step(st, err);
	if (rc == 1) {
		*stamp = (uint64_t)br_db_col_i64(st, 0);
		*seq = (uint64_t)br_db_col_i64(st, 1);
	}
	br_db_done(st);
	return rc < 0 ? rc : 0;
}

int
br_store_series_log_since(struct br_store *s, uint64_t seq, uint64_t stamp,
                          size_t max, int64_t **pids, size_t *n,
                          struct br_err *err)
{
	static const char q_at[] =
	        "SELECT stamp FROM series_log WHERE seq = $1";
	static const char q[] = "SELECT DISTINCT patient_id FROM series_log "
	                        "WHERE seq > $1 ORDER BY patient_id";
	struct br_db_stmt *st;
	int64_t *v = NULL;
	size_t k = 0;
	int rc;

	*pids = NULL;
	*n = 0;
	if (seq == 0 || seq > INT64_MAX)
		return 1;
	rc = br_db_prepare(s, q_at, &st, err);
	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, (int64_t)seq);
	rc = br_db_step(st, err);
	if (rc == 1 && (uint64_t)br_db_col_i64(st, 0) != stamp)
		rc = 0; /* another history: the row was written since */
	br_db_done(st);
	if (rc <= 0)
		return rc < 0 ? rc : 1;
	rc = br_db_prepare(s, q, &st, err);
	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, (int64_t)seq);
	v = malloc((max + 1) * sizeof(*v));
	if (v == NULL) {
		br_db_done(st);
		return br_error(err, BR_ENOMEM, "", "out of memory");
	}
	while ((rc = br_db_step(st, err)) == 1) {
		int64_t pid = br_db_col_i64(st, 0);

		if (pid == BR_SERIES_LOG_ALL || k == max) {
			rc = 2;
			break;
		}
		v[k++] = pid;
	}
	br_db_done(st);
	if (rc != 0) {
		free(v);
		return rc < 0 ? rc : 1;
	}
	*pids = v;
	*n = k;
	return 0;
}

int
br_store_cohort_groups(struct br_store *s, const char *by, const char *from,
                       const char *to,
                       int (*fn)(void *ctx, int64_t patient_id,
                                 const char *label, int episodes),
                       void *ctx, struct br_err *err)
{
	/* The latest episode of each patient, and the number of the
	 * patient's episodes open at some point in [from, to]. */
#define LATEST                                                                 \
	"WITH e AS (SELECT patient_id, count(*) FILTER (WHERE opened_on <= "   \
	"$2 AND (closed_on IS NULL OR closed_on >= $1)) AS n, "                \
	"max(opened_on || ' ' || episode_id) AS latest FROM episodes GROUP "   \
	"BY patient_id) "
	static const char q_risk[] =
	        LATEST "SELECT e.patient_id, coalesce(x.risk_group, "
	               "'unknown'), e.n FROM e JOIN episodes x ON "
	               "x.patient_id = e.patient_id AND x.opened_on || ' ' || "
	               "x.episode_id = e.latest ORDER BY e.patient_id";
	static const char q_practitioner[] =
	        LATEST "SELECT e.patient_id, coalesce(CAST(x.practitioner_id "
	               "AS TEXT), 'none'), e.n FROM e JOIN episodes x ON "
	               "x.patient_id = e.patient_id AND x.opened_on || ' ' || "
	               "x.episode_id = e.latest ORDER BY e.patient_id";
	static const char q_phase[] =
	        LATEST "SELECT e.patient_id, x.onset, e.n FROM e JOIN "
	               "episodes x ON x.patient_id = e.patient_id AND "
	               "x.opened_on || ' ' || x.episode_id = e.latest ORDER "
	               "BY e.patient_id";
	static const char q_modality[] =
	        LATEST "SELECT p.patient_id, coalesce(m.modality, 'none'), "
	               "coalesce(e.n, 0) FROM patients p LEFT JOIN e ON "
	               "e.patient_id = p.patient_id LEFT JOIN (SELECT DISTINCT "
	               "sm.patient_id, sm.modality FROM session_modalities sm "
	               "JOIN sessions x ON x.patient_id = sm.patient_id AND "
	               "x.session_id = sm.session_id WHERE x.day BETWEEN $1 "
	               "AND $2) m ON m.patient_id = p.patient_id ORDER BY "
	               "p.patient_id, 2";
#undef LATEST
	const char *q = strcmp(by, "risk") == 0           ? q_risk
	                : strcmp(by, "practitioner") == 0 ? q_practitioner
	                : strcmp(by, "phase") == 0        ? q_phase
	                : strcmp(by, "modality") == 0     ? q_modality
	                                                  : NULL;
	struct br_db_stmt *st;
	int rc;

	if (q == NULL)
		return br_error(err, BR_EINVAL, "by", "unknown grouping");
	rc = br_db_prepare(s, q, &st, err);
	if (rc < 0)
		return rc;
	br_db_bind_text(st, 1, from);
	br_db_bind_text(st, 2, to);
	while ((rc = br_db_step(st, err)) == 1) {
		rc = fn(ctx, br_db_col_i64(st, 0), br_db_col_text(st, 1),
		        (int)br_db_col_i64(st, 2));
		if (rc < 0)
			break;
	}
	br_db_done(st);
	return rc < 0 ? rc : 0;
}

int
br_store_cohort_counts(struct br_store *s, int64_t clinic_id, const char *from,
                       const char *to, struct br_cohort_counts *out,
                       struct br_err *err)
{
	static const char q[] =
	        "SELECT (SELECT count(*) FROM patients WHERE clinic_id = $3), "
	        "count(*), count(*) FILTER (WHERE e.status = 'open') FROM "
	        "episodes e JOIN patients p ON p.patient_id = e.patient_id "
	        "WHERE p.clinic_id = $3 AND e.opened_on <= $2 AND "
	        "(e.closed_on IS NULL OR e.closed_on >= $1)";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	memset(out, 0, sizeof(*out));
	if (rc < 0)
		return rc;
	br_db_bind_text(st, 1, from);
	br_db_bind_text(st, 2, to);
	br_db_bind_i64(st, 3, clinic_id);
	rc = br_db_step(st, err);
	if (rc == 1) {
		out->patients = br_db_col_i64(st, 0);
		out->episodes = br_db_col_i64(st, 1);
		out->open_episodes = br_db_col_i64(st, 2);
	}
	br_db_done(st);
	return rc < 0 ? rc : 0;
}

int
br_store_cohort_patients(struct br_store *s, int64_t clinic_id,
                         int (*fn)(void *ctx, int64_t patient_id), void *ctx,
                         struct br_err *err)
{
	static const char q[] = "SELECT patient_id FROM patients WHERE "
	                        "clinic_id = $1 ORDER BY patient_id";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, clinic_id);
	while ((rc = br_db_step(st, err)) == 1) {
		rc = fn(ctx, br_db_col_i64(st, 0));
		if (rc < 0)
			break;
	}
	br_db_done(st);
	return rc < 0 ? rc : 0;
}

/* A day column as a day number, or INT32_MIN when NULL or malformed. */
static int32_t
col_day(struct br_db_stmt *st, int col)
{
	const char *t = br_db_col_text(st, col);
	int32_t d;

	if (t == NULL || br_parse_date("day", t, &d, NULL) < 0)
		return INT32_MIN;
	return d;
}

/* The day of a text column that starts with a date (a date, or a
 * timestamp "YYYY-MM-DDT..."); BR_IMAGE_NO_DAY when NULL or not one. */
static int32_t
col_day_prefix(struct br_db_stmt *st, int col)
{
	const char *t = br_db_col_text(st, col);
	char d[BR_DATE_LEN];
	int32_t day;

	if (t == NULL || strlen(t) < BR_DATE_LEN - 1)
		return BR_IMAGE_NO_DAY;
	memcpy(d, t, BR_DATE_LEN - 1);
	d[BR_DATE_LEN - 1] = '\0';
	if (br_parse_date("day", d, &day, NULL) < 0)
		return BR_IMAGE_NO_DAY;
	return day;
}

/* A scan in (patient_id, episode_id) order merged with the episodes. */
struct merged {
	struct br_db_stmt *st;
	int rc; /* of the last step: 1 row, 0 done, < 0 error */
	int64_t pid, eid;
};

static void
merged_step(struct merged *m, struct br_err *err)
{
	m->rc = br_db_step(m->st, err);
	if (m->rc == 1) {
		m->pid = br_db_col_i64(m->st, 0);
		m->eid = br_db_col_i64(m->st, 1);
	}
}

/* Steps past the rows of episodes before (pid, eid); true when the
 * current row is (pid, eid)'s. */
static bool
merged_at(struct merged *m, int64_t pid, int64_t eid, struct br_err *err)
{
	while (m->rc == 1 && (m->pid < pid || (m->pid == pid && m->eid < eid)))
		merged_step(m, err);
	return m->rc == 1 && m->pid == pid && m->eid == eid;
}

/* Every episode (pid 0) or patient pid's. */
static int
episodes_scan(struct br_store *s, int64_t pid,
              int (*fn)(void *ctx, const struct br_series_image_episode *e),
              void *ctx, struct br_err *err)
{
	/* Three scans in (patient_id, episode_id) order merged here: the
	 * episodes; the sessions through the covering index
	 * sessions_episode (patient_id, episode_id, day), from which each
	 * episode's first and 4th session are picked; and the urgent and
	 * emergency screens with their clearing.  One pass over each, no
	 * look-up per episode. */
	static const char qe[] =
	        "SELECT patient_id, episode_id, opened_on, closed_on, status "
	        "FROM episodes ORDER BY patient_id, episode_id";
	static const char qs[] =
	        "SELECT patient_id, episode_id, day FROM "
	        "sessions ORDER BY patient_id, episode_id, day";
	static const char qf[] =
	        "SELECT patient_id, episode_id, day, cleared_at FROM "
	        "screenings "
	        "WHERE tier <> 'none' ORDER BY patient_id, episode_id, day";
	static const char qe_one[] =
	        "SELECT patient_id, episode_id, opened_on, closed_on, status "
	        "FROM episodes WHERE patient_id = $1 ORDER BY episode_id";
	static const char qs_one[] =
	        "SELECT patient_id, episode_id, day FROM sessions WHERE "
	        "patient_id = $1 ORDER BY episode_id, day";
	static const char qf_one[] =
	        "SELECT patient_id, episode_id, day, cleared_at FROM "
	        "screenings WHERE patient_id = $1 AND tier <> 'none' ORDER BY "
	        "episode_id, day";
	struct br_db_stmt *se;
	struct merged ss = {0}, sf = {0};
	struct br_series_image_episode a;
	int rc;

	rc = br_db_prepare(s, pid ? qe_one : qe, &se, err);
	if (rc < 0)
		return rc;
	rc = br_db_prepare(s, pid ? qs_one : qs, &ss.st, err);
	if (rc == 0)
		rc = br_db_prepare(s, pid ? qf_one : qf, &sf.st, err);
	if (rc < 0) {
		if (ss.st)
			br_db_done(ss.st);
		br_db_done(se);
		return rc;
	}
	if (pid) {
		br_db_bind_i64(se, 1, pid);
		br_db_bind_i64(ss.st, 1, pid);
		br_db_bind_i64(sf.st, 1, pid);
	}
	merged_step(&ss, err);
	if (ss.rc >= 0)
		merged_step(&sf, err);
	memset(&a, 0, sizeof(a));
	while (ss.rc >= 0 && sf.rc >= 0 && (rc = br_db_step(se, err)) == 1) {
		char status[16];
		int rank = 0;

		a.patient_id = br_db_col_i64(se, 0);
		a.episode_id = br_db_col_i64(se, 1);
		a.opened = col_day(se, 2);
		a.closed = col_day(se, 3);
		br_db_col_copy(se, 4, status, sizeof(status));
		a.open = strcmp(status, "open") == 0;
		a.first_session = a.fourth_session = BR_IMAGE_NO_DAY;
		a.flags = 0;
		if (merged_at(&ss, a.patient_id, a.episode_id, err))
			while (ss.rc == 1 && ss.pid == a.patient_id &&
			       ss.eid == a.episode_id) {
				if (rank == 0)
					a.first_session = col_day(ss.st, 2);
				else if (rank == 3)
					a.fourth_session = col_day(ss.st, 2);
				rank++;
				merged_step(&ss, err);
			}
		/* Refer at the 4th session: a screen on or before it that
		 * was not cleared by the end of that day. */
		if (merged_at(&sf, a.patient_id, a.episode_id, err))
			while (sf.rc == 1 && sf.pid == a.patient_id &&
			       sf.eid == a.episode_id) {
				int32_t day = col_day(sf.st, 2);
				int32_t cleared = col_day_prefix(sf.st, 3);

				if (a.fourth_session != BR_IMAGE_NO_DAY &&
				    day <= a.fourth_session &&
				    (cleared == BR_IMAGE_NO_DAY ||
				     cleared > a.fourth_session))
					a.flags |= BR_IMAGE_RED_FLAG;
				merged_step(&sf, err);
			}
		if (ss.rc < 0 || sf.rc < 0)
			break;
		rc = fn(ctx, &a);
		if (rc < 0)
			break;
	}
	br_db_done(sf.st);
	br_db_done(ss.st);
	br_db_done(se);
	if (ss.rc < 0)
		return ss.rc;
	if (sf.rc < 0)
		return sf.rc;
	return rc < 0 ? rc : 0;
}

int
br_store_cohort_episodes(struct br_store *s,
                         int (*fn)(void *ctx,
                                   const struct br_series_image_episode *e),
                         void *ctx, struct br_err *err)
{
	return episodes_scan(s, 0, fn, ctx, err);
}

int
br_store_cohort_episodes_one(struct br_store *s, int64_t patient_id,
                             int (*fn)(void *ctx,
                                       const struct br_series_image_episode *e),
                             void *ctx, struct br_err *err)
{
	return patient_id > 0 ? episodes_scan(s, patient_id, fn, ctx, err) : 0;
}

int
br_store_patients_on_record(struct br_store *s, int64_t *n, struct br_err *err)
{
	return one_i64(s, "SELECT count(*) FROM patients", n, err);
}
