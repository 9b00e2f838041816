/*
 * sleep_device.c - the device nights' list (see sleep_device.h).
 */
#include "app/sleep_device.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "app/internal.h"
#include <string.h>
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

/* The diary's total sleep of each day from..to into tst (BR_UNSET where
 * none). */
static int
diary_tst(struct br_app *app, int64_t patient_id, int32_t from, int32_t to,
          int *tst, struct br_err *err)
{
	char f[BR_DATE_LEN], t[BR_DATE_LEN];
	struct br_diary_day *days = NULL;
	size_t n = 0;
	int rc;

	br_format_date(from, f);
	br_format_date(to, t);
	rc = br_store_diary_list(app->store, patient_id, f, t, &days, &n, err);
	for (int32_t i = 0; i <= to - from; i++)
		tst[i] = BR_UNSET;
	for (size_t k = 0; rc == 0 && k < n; k++) {
		struct br_sleep_metrics m;
		struct br_err e = BR_ERR_INIT;
		int32_t day;

		if (br_parse_date("date", days[k].day, &day, &e) < 0 ||
		    day < from || day > to)
			continue;
		br_sleep_derive(&days[k].night, &m);
		tst[day - from] = m.tst_min;
	}
	free(days);
	return rc;
}

int
br_app_sleep_compare(struct br_app *app, json_t *in, json_t **out,
                     struct br_err *err)
{
	static const char *const keys[] = {"patient_id", "from", "to", NULL};
	struct br_patient p;
	json_t *res = NULL;
	int32_t f, t;
	int *tst = NULL;
	int rc = br_in_only(in, keys, err);

	if (rc == 0)
		rc = br_in_date(in, "from", true, &f, err);
	if (rc == 0)
		rc = br_in_date(in, "to", true, &t, err);
	if (rc == 0 && f > t)
		rc = br_error(err, BR_EINVAL, "from",
		              "from must not be after to");
	if (rc == 0 && t - f >= 3660)
		rc = br_error(err, BR_EINVAL, "from",
		              "from and to may be at most 10 years apart");
	if (rc < 0)
		return rc;
	tst = malloc(sizeof(int) * (size_t)(t - f + 1));
	if (tst == NULL)
		return br_error(err, BR_ENOMEM, "", "out of memory");
	rc = br_store_begin(app->store, err);
	if (rc < 0) {
		free(tst);
		return rc;
	}
	rc = br_app_load_patient(app, in, &p, err);
	if (rc == 0)
		rc = diary_tst(app, p.id, f, t, tst, err);
	if (rc == 0) {
		res = br_app_device_sleep_json(app, p.id, f, t, tst, err);
		if (res == NULL && err->code)
			rc = err->code;
		else if (res == NULL)
			res = json_null();
	}
	free(tst);
	if (rc == 0)
		rc = br_app_audit(app, "sleep.read", p.id, "device_night", p.id,
		                  err);
	return br_app_finish(app, rc, res, out, err);
}

void
br_app_device_sleep_sentence(const struct br_sleep_diff *d, char *out, size_t n)
{
	static const char caveat[] =
	        "Consumer sleep trackers are not polysomnography: compared "
	        "with it they detect sleep well but wake less well, more so "
	        "on disturbed nights (Chinoy et al. 2021, Sleep "
	        "44(5):zsaa291).";
	long mean = lround(fabs(d->mean_min));

	if (d->n < 3)
		snprintf(out, n,
		         "%d night%s ha%s both a diary entry and a device "
		         "night: too few to compare. %s",
		         d->n, d->n == 1 ? "" : "s", d->n == 1 ? "s" : "ve",
		         caveat);
	else if (mean == 0)
		snprintf(out, n,
		         "Over the %d nights both recorded, the diary and the "
		         "device agree on total sleep on average (diary minus "
		         "device: SD %.0f minutes). %s",
		         d->n, d->sd_min, caveat);
	else
		snprintf(out, n,
		         "Over the %d nights both recorded, the diary reports "
		         "on average %ld minutes %s sleep than the device "
		         "(diary minus device: mean %+.0f, SD %.0f minutes). "
		         "%s",
		         d->n, mean, d->mean_min > 0 ? "more" : "less",
		         d->mean_min, d->sd_min, caveat);
}

json_t *
br_app_device_sleep_json(struct br_app *app, int64_t patient_id, int32_t from,
                         int32_t to, const int *diary_tst, struct br_err *err)
{
	char f[BR_DATE_LEN], t[BR_DATE_LEN], sentence[640];
	struct br_device_night_rec *recs = NULL;
	struct br_sleep_diff diff;
	json_t *tst, *res;
	int *device;
	size_t n = 0, k = 0;
	int days = to - from + 1, nights = 0;

	if (days <= 0)
		return NULL;
	br_format_date(from, f);
	br_format_date(to, t);
	if (br_store_device_night_list(app->store, patient_id, f, t, &recs, &n,
	                               err) < 0)
		return NULL;
	if (n == 0) {
		free(recs);
		return NULL;
	}
	device = malloc(sizeof(int) * (size_t)days);
	tst = json_array();
	if (device == NULL || tst == NULL) {
		free(recs);
		free(device);
		json_decref(tst);
		br_error(err, BR_ENOMEM, "", "out of memory");
		return NULL;
	}
	for (int i = 0; i < days; i++) {
		char day[BR_DATE_LEN];

		br_format_date(from + i, day);
		device[i] = -1;
		while (k < n && strcmp(recs[k].night, day) < 0)
			k++;
		/* By night, then source: the first source's night. */
		if (k < n && strcmp(recs[k].night, day) == 0) {
			device[i] = recs[k].asleep_min;
			nights++;
		}
		json_array_append_new(tst, device[i] < 0
		                                   ? json_null()
		                                   : json_integer(device[i]));
	}
	br_sleep_diff(diary_tst, device, days, &diff);
	br_app_device_sleep_sentence(&diff, sentence, sizeof(sentence));
	res = json_pack("{s:s, s:s, s:o, s:i, s:{s:i, s:f, s:f}, s:s}", "from",
	                f, "to", t, "tst_min", tst, "nights", nights,
	                "comparison", "nights", diff.n, "mean_min",
	                round(diff.mean_min * 10) / 10, "sd_min",
	                round(diff.sd_min * 10) / 10, "sentence", sentence);
	free(recs);
	free(device);
	if (res == NULL)
		br_error(err, BR_ENOMEM, "", "out of memory");
	return res;
}
