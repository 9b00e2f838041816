/*
 * diary.c - diary days: the night before day D and day D's pain and
 * activity, one row per patient and day, typed columns.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/series.h"
#include "store/store_internal.h"

#define DIARY_COLS                                                             \
	"patient_id, day, bed, try, sol, wakes, waso, final, up, quality, "    \
	"pain, pain_worst, activity_min, note, updated_at"

/* The same columns for reading: a value not reported (NULL) reads as
 * BR_UNSET (-1, which the columns' CHECKs never hold), so each is one
 * integer fetch instead of a NULL test and a fetch. */
#define DIARY_READ_COLS                                                        \
	"patient_id, day, COALESCE(bed, -1), COALESCE(try, -1), "              \
	"COALESCE(sol, -1), COALESCE(wakes, -1), COALESCE(waso, -1), "         \
	"COALESCE(final, -1), COALESCE(up, -1), COALESCE(quality, -1), "       \
	"COALESCE(pain, -1), COALESCE(pain_worst, -1), "                       \
	"COALESCE(activity_min, -1), note, updated_at"

static void
read_day(struct br_db_stmt *st, void *elem)
{
	struct br_diary_day *d = elem;

	_Static_assert(BR_UNSET == -1, "DIARY_READ_COLS reads NULL as -1");
	d->patient_id = br_db_col_i64(st, 0);
	br_db_col_copy(st, 1, d->day, sizeof(d->day));
	d->night.bed = (int)br_db_col_i64(st, 2);
	d->night.try_ = (int)br_db_col_i64(st, 3);
	d->night.sol = (int)br_db_col_i64(st, 4);
	d->night.wakes = (int)br_db_col_i64(st, 5);
	d->night.waso = (int)br_db_col_i64(st, 6);
	d->night.final = (int)br_db_col_i64(st, 7);
	d->night.up = (int)br_db_col_i64(st, 8);
	d->night.quality = (int)br_db_col_i64(st, 9);
	d->pain = (int)br_db_col_i64(st, 10);
	d->pain_worst = (int)br_db_col_i64(st, 11);
	d->activity_min = (int)br_db_col_i64(st, 12);
	br_db_col_copy(st, 13, d->note, sizeof(d->note));
	br_db_col_copy(st, 14, d->updated_at, sizeof(d->updated_at));
}

int
br_store_diary_get(struct br_store *s, int64_t patient_id, const char *day,
                   struct br_diary_day *out, struct br_err *err)
{
	static const char q[] = "SELECT " DIARY_READ_COLS " FROM diary_days "
	                        "WHERE patient_id = $1 AND day = $2";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, patient_id);
	br_db_bind_text(st, 2, day);
	rc = br_db_step(st, err);
	if (rc == 1)
		read_day(st, out);
	br_db_done(st);
	if (rc == 0)
		return br_error(err, BR_ENOTFOUND, "date",
		                "there is no diary entry for %s", day);
	return rc < 0 ? rc : 0;
}

/* The day and its patient's series cache (store/series.h), in the
 * caller's transaction. */
int
br_store_diary_put(struct br_store *s, const struct br_diary_day *d,
                   struct br_err *err)
{
	int rc = br_store_diary_put_uncached(s, d, err);

	return rc < 0 ? rc : br_store_series_put_day(s, d, err);
}

int
br_store_diary_put_uncached(struct br_store *s, const struct br_diary_day *d,
                            struct br_err *err)
{
	static const char q[] =
	        "INSERT INTO diary_days (" DIARY_COLS
	        ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, "
	        "$13, $14, $15) ON CONFLICT (patient_id, day) DO UPDATE SET "
	        "bed = excluded.bed, try = excluded.try, sol = excluded.sol, "
	        "wakes = excluded.wakes, waso = excluded.waso, "
	        "final = excluded.final, up = excluded.up, "
	        "quality = excluded.quality, pain = excluded.pain, "
	        "pain_worst = excluded.pain_worst, "
	        "activity_min = excluded.activity_min, note = excluded.note, "
	        "updated_at = excluded.updated_at";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, d->patient_id);
	br_db_bind_text(st, 2, d->day);
	br_db_bind_int_opt(st, 3, d->night.bed);
	br_db_bind_int_opt(st, 4, d->night.try_);
	br_db_bind_int_opt(st, 5, d->night.sol);
	br_db_bind_int_opt(st, 6, d->night.wakes);
	br_db_bind_int_opt(st, 7, d->night.waso);
	br_db_bind_int_opt(st, 8, d->night.final);
	br_db_bind_int_opt(st, 9, d->night.up);
	br_db_bind_int_opt(st, 10, d->night.quality);
	br_db_bind_int_opt(st, 11, d->pain);
	br_db_bind_int_opt(st, 12, d->pain_worst);
	br_db_bind_int_opt(st, 13, d->activity_min);
	br_db_bind_text(st, 14, d->note);
	br_db_bind_text(st, 15, d->updated_at);
	return br_db_run(st, err);
}

int
br_store_diary_scan(struct br_store *s, int64_t patient_id, const char *from,
                    const char *to,
                    int (*fn)(void *ctx, const struct br_diary_day *d),
                    void *ctx, struct br_err *err)
{
	static const char q[] = "SELECT " DIARY_READ_COLS
	                        " FROM diary_days WHERE patient_id = $1 "
	                        "AND day >= $2 AND day <= $3 ORDER BY day";
	struct br_diary_day d;
	struct br_db_stmt *st = NULL;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, patient_id);
	br_db_bind_text(st, 2, from && from[0] ? from : "0000-00-00");
	br_db_bind_text(st, 3, to && to[0] ? to : "9999-99-99");
	while ((rc = br_db_step(st, err)) == 1) {
		read_day(st, &d);
		rc = fn(ctx, &d);
		if (rc < 0)
			break;
	}
	br_db_done(st);
	return rc < 0 ? rc : 0;
}

int
br_store_diary_list(struct br_store *s, int64_t patient_id, const char *from,
                    const char *to, struct br_diary_day **out, size_t *n,
                    struct br_err *err)
{
	static const char q[] = "SELECT " DIARY_READ_COLS
	                        " FROM diary_days WHERE patient_id = $1 "
	                        "AND day >= $2 AND day <= $3 ORDER BY day";
	struct br_db_stmt *st = NULL;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, patient_id);
	br_db_bind_text(st, 2, from && from[0] ? from : "0000-00-00");
	br_db_bind_text(st, 3, to && to[0] ? to : "9999-99-99");
	/* read_day sets every member (br_store_diary_get reads into the
	 * caller's struct the same way). */
	return br_db_collect_filled(st, sizeof(**out), read_day, (void **)out,
	                            n, err);
}
