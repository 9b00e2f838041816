/*
 * sleep_device.c - device nights (see sleep_device.h): typed columns, a
 * SOL not recorded stored as NULL.
 */
#include "store/sleep_device.h"

#include "core/sleep.h"
#include "store/store_internal.h"

#define NIGHT_COLS                                                             \
	"patient_id, night, source, device, in_bed_min, asleep_min, "          \
	"sol_min, waso_min, awakenings, se_pct, naps, nap_min, imported_at"

static void
read_night(struct br_db_stmt *st, void *elem)
{
	struct br_device_night_rec *r = elem;

	r->patient_id = br_db_col_i64(st, 0);
	br_db_col_copy(st, 1, r->night, sizeof(r->night));
	br_db_col_copy(st, 2, r->source, sizeof(r->source));
	br_db_col_copy(st, 3, r->device, sizeof(r->device));
	r->in_bed_min = (int)br_db_col_i64(st, 4);
	r->asleep_min = (int)br_db_col_i64(st, 5);
	r->sol_min =
	        br_db_col_is_null(st, 6) ? BR_UNSET : (int)br_db_col_i64(st, 6);
	r->waso_min = (int)br_db_col_i64(st, 7);
	r->awakenings = (int)br_db_col_i64(st, 8);
	r->se_pct = br_db_col_double(st, 9);
	r->naps = (int)br_db_col_i64(st, 10);
	r->nap_min = (int)br_db_col_i64(st, 11);
	br_db_col_copy(st, 12, r->imported_at, sizeof(r->imported_at));
}

int
br_store_device_night_get(struct br_store *s, int64_t patient_id,
                          const char *night, const char *source,
                          struct br_device_night_rec *out, struct br_err *err)
{
	static const char q[] = "SELECT " NIGHT_COLS " FROM device_nights "
	                        "WHERE patient_id = $1 AND night = $2 AND "
	                        "source = $3";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, patient_id);
	br_db_bind_text(st, 2, night);
	br_db_bind_text(st, 3, source);
	rc = br_db_step(st, err);
	if (rc == 1)
		read_night(st, out);
	br_db_done(st);
	if (rc == 0)
		return br_error(err, BR_ENOTFOUND, "night",
		                "there is no device night for %s", night);
	return rc < 0 ? rc : 0;
}

int
br_store_device_night_put(struct br_store *s,
                          const struct br_device_night_rec *r,
                          struct br_err *err)
{
	static const char q[] =
	        "INSERT INTO device_nights (" NIGHT_COLS
	        ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, "
	        "$13) ON CONFLICT (patient_id, night, source) DO UPDATE SET "
	        "device = excluded.device, in_bed_min = excluded.in_bed_min, "
	        "asleep_min = excluded.asleep_min, sol_min = excluded.sol_min, "
	        "waso_min = excluded.waso_min, "
	        "awakenings = excluded.awakenings, se_pct = excluded.se_pct, "
	        "naps = excluded.naps, nap_min = excluded.nap_min, "
	        "imported_at = excluded.imported_at";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, r->patient_id);
	br_db_bind_text(st, 2, r->night);
	br_db_bind_text(st, 3, r->source);
	br_db_bind_text(st, 4, r->device);
	br_db_bind_i64(st, 5, r->in_bed_min);
	br_db_bind_i64(st, 6, r->asleep_min);
	br_db_bind_int_opt(st, 7, r->sol_min);
	br_db_bind_i64(st, 8, r->waso_min);
	br_db_bind_i64(st, 9, r->awakenings);
	br_db_bind_double(st, 10, r->se_pct);
	br_db_bind_i64(st, 11, r->naps);
	br_db_bind_i64(st, 12, r->nap_min);
	br_db_bind_text(st, 13, r->imported_at);
	return br_db_run(st, err);
}

int
br_store_device_night_list(struct br_store *s, int64_t patient_id,
                           const char *from, const char *to,
                           struct br_device_night_rec **out, size_t *n,
                           struct br_err *err)
{
	static const char q[] = "SELECT " NIGHT_COLS
	                        " FROM device_nights WHERE patient_id = $1 "
	                        "AND night >= $2 AND night <= $3 "
	                        "ORDER BY night, source";
	struct br_db_stmt *st = NULL;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, patient_id);
	br_db_bind_text(st, 2, from && from[0] ? from : "0000-00-00");
	br_db_bind_text(st, 3, to && to[0] ? to : "9999-99-99");
	return br_db_collect(st, sizeof(**out), read_night, (void **)out, n,
	                     err);
}
