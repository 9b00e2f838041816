/*
 * sleep_import.c - the sleep import use case (see sleep_import.h): read
 * the whole file first, derive and check every night, then write them in
 * one transaction.
 */
#include "interop/sleep_import.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app/internal.h"
#include "store/sleep_device.h"

static bool
same_night(const struct br_device_night_rec *a,
           const struct br_device_night_rec *b)
{
	return strcmp(a->device, b->device) == 0 &&
	       a->in_bed_min == b->in_bed_min &&
	       a->asleep_min == b->asleep_min && a->sol_min == b->sol_min &&
	       a->waso_min == b->waso_min && a->awakenings == b->awakenings &&
	       a->se_pct == b->se_pct && a->naps == b->naps &&
	       a->nap_min == b->nap_min;
}

/* Reads f, derives the nights and checks them (a night after today is a
 * clock set wrong, not a night slept): nothing touches the store here.
 * *recs allocated (caller frees). */
static int
derive(const char *source, int utc_offset_min, FILE *f, int32_t today,
       struct br_device_night_rec **recs, size_t *n, json_t *report,
       struct br_err *err)
{
	struct br_sleep_read r;
	struct br_device_night *nights = NULL;
	size_t n_nights = 0;
	int rc;

	*recs = NULL;
	*n = 0;
	br_sleep_read_init(&r);
	r.utc_offset_min = utc_offset_min;
	rc = br_sleep_read(&r, source, f, err);
	if (rc == 0)
		rc = br_sleep_nights(r.p, r.n, &nights, &n_nights, err);
	if (rc == 0 && n_nights > 0) {
		*recs = calloc(n_nights, sizeof(**recs));
		if (*recs == NULL)
			rc = br_error(err, BR_ENOMEM, "", "out of memory");
	}
	for (size_t i = 0; rc == 0 && i < n_nights; i++) {
		struct br_device_night_rec *x = &(*recs)[i];

		br_device_night_from(x, &nights[i]);
		snprintf(x->source, sizeof(x->source), "%s", source);
		br_sleep_read_devices(&r, nights[i].devices, x->device,
		                      sizeof(x->device));
		rc = br_rec_device_night_check(x, err);
		if (rc == 0 && nights[i].day > today)
			rc = br_error(err, BR_EINVAL, "file",
			              "the night of %s is after today: is the "
			              "device's clock right?",
			              x->night);
	}
	if (rc == 0) {
		json_object_set_new(report, "records", json_integer(r.records));
		json_object_set_new(report, "skipped", json_integer(r.skipped));
		*n = n_nights;
	} else {
		free(*recs);
		*recs = NULL;
	}
	free(nights);
	br_sleep_read_free(&r);
	return rc;
}

/* The utc_offset of in, for a withings file only (whose times carry
 * none): *offset_min, else BR_SLEEP_NO_OFFSET. */
static int
utc_offset(json_t *in, const char *source, int *offset_min, struct br_err *err)
{
	json_t *v = json_object_get(in, "utc_offset");
	const char *s = json_string_value(v);

	*offset_min = BR_SLEEP_NO_OFFSET;
	if (v == NULL || json_is_null(v))
		return 0;
	if (strcmp(source, "withings") != 0)
		return br_error(err, BR_EINVAL, "utc_offset",
		                "utc_offset is for a withings file only: the "
		                "other formats give their local times");
	if (s == NULL || br_sleep_parse_offset(s, offset_min) < 0)
		return br_error(
		        err, BR_EINVAL, "utc_offset",
		        "utc_offset must be a UTC offset such as +01:00 "
		        "or -05:00");
	return 0;
}

static int
import_file(struct br_app *app, json_t *in, FILE *f, json_t **out,
            struct br_err *err)
{
	struct br_device_night_rec *recs = NULL;
	struct br_patient p;
	json_t *report = json_object();
	const char *source = json_string_value(json_object_get(in, "source"));
	long created = 0, updated = 0, unchanged = 0;
	size_t n = 0;
	int off;
	int rc = utc_offset(in, source, &off, err);

	if (rc == 0)
		rc = derive(source, off, f, app->today, &recs, &n, report, err);

	if (rc == 0)
		rc = br_store_begin(app->store, err);
	if (rc < 0) {
		free(recs);
		json_decref(report);
		return rc;
	}
	rc = br_app_load_patient(app, in, &p, err);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		struct br_device_night_rec old;
		int g;

		recs[i].patient_id = p.id;
		g = br_store_device_night_get(app->store, p.id, recs[i].night,
		                              source, &old, err);
		if (g == 0 && same_night(&old, &recs[i])) {
			unchanged++;
			continue;
		}
		if (g < 0 && g != BR_ENOTFOUND) {
			rc = g;
			break;
		}
		br_err_clear(err);
		if (g == 0)
			updated++;
		else
			created++;
		br_store_now(recs[i].imported_at);
		rc = br_store_device_night_put(app->store, &recs[i], err);
	}
	free(recs);
	if (rc == 0)
		rc = br_app_audit(app, "sleep.import", p.id, "device_night",
		                  p.id, err);
	if (rc == 0) {
		json_object_set_new(report, "patient_id", json_integer(p.id));
		json_object_set_new(report, "source", json_string(source));
		json_object_set_new(report, "nights",
		                    json_integer((json_int_t)n));
		json_object_set_new(report, "created", json_integer(created));
		json_object_set_new(report, "updated", json_integer(updated));
		json_object_set_new(report, "unchanged",
		                    json_integer(unchanged));
	} else {
		json_decref(report);
		report = NULL;
	}
	return br_app_finish(app, rc, report, out, err);
}

int
br_app_import_sleep(struct br_app *app, json_t *in, json_t **out,
                    struct br_err *err)
{
	const char *path;
	struct stat st;
	char q[48];
	FILE *f;
	int rc = br_fields_check(in, &br_req_sleep_import, app->typed_input,
	                         err);

	if (rc < 0)
		return rc;
	path = json_string_value(json_object_get(in, "file"));
	br_quote_value(path, q, sizeof(q));
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return br_error(err, BR_EINVAL, "file",
		                "file '%s' is a directory, not a file", q);
	f = fopen(path, "rb");
	if (f == NULL)
		return br_error(err, errno == ENOENT ? BR_EINVAL : BR_EIO,
		                "file", "file '%s' cannot be read: %s", q,
		                errno == ENOENT ? "there is no such file"
		                                : "permission denied or I/O "
		                                  "error");
	rc = import_file(app, in, f, out, err);
	fclose(f);
	return rc;
}

int
br_app_import_sleep_buffer(struct br_app *app, json_t *in, const void *data,
                           size_t len, json_t **out, struct br_err *err)
{
	FILE *f;
	int source;
	int rc = br_in_enum(in, "source", br_sleep_sources, true, &source, err);

	if (rc < 0)
		return rc;
	if (len == 0)
		return br_error(err, BR_EINVAL, "file",
		                "the upload is empty: send the export file as "
		                "the request's body");
	f = fmemopen((void *)data, len, "rb");
	if (f == NULL)
		return br_error(err, BR_ENOMEM, "", "out of memory");
	rc = import_file(app, in, f, out, err);
	fclose(f);
	return rc;
}
