/*
 * sleep_device.c - the device nights' list (see sleep_device.h).
 */
#include "app/sleep_device.h"

#include <stdlib.h>

#include "app/internal.h"
#include "core/sleep.h"
#include "store/sleep_device.h"

json_t *
br_view_device_night(const struct br_device_night_rec *r)
{
	return json_pack(
	        "{s:s, s:s, s:o, s:i, s:i, s:o, s:i, s:i, s:f, s:i, s:i, s:s}",
	        "night", r->night, "source", r->source, "device",
	        r->device[0] ? json_string(r->device) : json_null(),
	        "in_bed_min", r->in_bed_min, "asleep_min", r->asleep_min,
	        "sol_min",
	        r->sol_min == BR_UNSET ? json_null() : json_integer(r->sol_min),
	        "waso_min", r->waso_min, "awakenings", r->awakenings, "se_pct",
	        r->se_pct, "naps", r->naps, "nap_min", r->nap_min,
	        "imported_at", r->imported_at);
}

int
br_app_sleep_list(struct br_app *app, json_t *in, json_t **out,
                  struct br_err *err)
{
	static const char *const keys[] = {"patient_id", "from", "to", NULL};
	char from[BR_DATE_LEN] = "", to[BR_DATE_LEN] = "";
	struct br_device_night_rec *recs = NULL;
	struct br_patient p;
	json_t *list = NULL;
	size_t n = 0;
	int32_t f, t;
	int rc = br_in_only(in, keys, err);

	if (rc == 0)
		rc = br_in_date(in, "from", false, &f, err);
	if (rc == 0)
		rc = br_in_date(in, "to", false, &t, err);
	if (rc == 0 && f != INT32_MIN && t != INT32_MIN && f > t)
		rc = br_error(err, BR_EINVAL, "from",
		              "from must not be after to");
	if (rc < 0)
		return rc;
	if (f != INT32_MIN)
		br_format_date(f, from);
	if (t != INT32_MIN)
		br_format_date(t, to);
	rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	rc = br_app_load_patient(app, in, &p, err);
	if (rc == 0)
		rc = br_store_device_night_list(app->store, p.id, from, to,
		                                &recs, &n, err);
	if (rc == 0) {
		list = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(list,
			                      br_view_device_night(&recs[i]));
	}
	free(recs);
	if (rc == 0)
		rc = br_app_audit(app, "sleep.read", p.id, "device_night", p.id,
		                  err);
	return br_app_finish(app, rc, list, out, err);
}
