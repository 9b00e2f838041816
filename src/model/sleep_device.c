/*
 * sleep_device.c - the device night's field tables and check (see
 * sleep_device.h).
 */
#include "model/sleep_device.h"

#include <string.h>

#include "core/parse.h"
#include "core/sleep.h"

#define REQ BR_FF_REQUIRED
#define END                                                                    \
	{                                                                      \
		.key = NULL                                                    \
	}

const char *const br_sleep_sources[] = {"apple-health", "fitbit",   "csv",
                                        "oura",         "withings", NULL};
const char *const br_sleep_source_methods[] = {
        "Consumer sleep tracker, Apple Health export (sleep analysis "
        "records), read with backrest's device-night rules; not "
        "polysomnography",
        "Consumer sleep tracker, Fitbit export (sleep logs), read with "
        "backrest's device-night rules; not polysomnography",
        "Sleep periods from a generic CSV export (start, end, state), read "
        "with backrest's device-night rules; not polysomnography",
        "Consumer sleep tracker, Oura ring (Oura API sleep periods: "
        "bedtime and 5-minute sleep phases), read with backrest's "
        "device-night rules; not polysomnography",
        "Consumer sleep tracker, Withings device (Withings API sleep "
        "states), read with backrest's device-night rules; not "
        "polysomnography",
        NULL,
};
_Static_assert(sizeof(br_sleep_sources) == sizeof(br_sleep_source_methods),
               "one method for each sleep source");

static const struct br_field night_fields[] = {
        {.key = "night",
         .type = BR_FT_DATE,
         .flags = REQ,
         .doc = "the diary day: the night before it"},
        {.key = "source",
         .type = BR_FT_ENUM,
         .values = br_sleep_sources,
         .flags = REQ,
         .doc = "the kind of file it came from"},
        {.key = "device",
         .type = BR_FT_TEXT,
         .max = BR_SLEEP_DEVICE_MAX - 1,
         .doc = "the device or app the file names"},
        {.key = "in_bed_min",
         .type = BR_FT_INT,
         .min = 0,
         .max = 1440,
         .doc = "time in bed, minutes"},
        {.key = "asleep_min",
         .type = BR_FT_INT,
         .min = 0,
         .max = 1440,
         .doc = "total sleep time, minutes"},
        {.key = "sol_min",
         .type = BR_FT_INT,
         .min = 0,
         .max = 1440,
         .doc = "sleep-onset latency, minutes (null: no bedtime recorded)"},
        {.key = "waso_min",
         .type = BR_FT_INT,
         .min = 0,
         .max = 1440,
         .doc = "wake after sleep onset, minutes"},
        {.key = "awakenings",
         .type = BR_FT_INT,
         .min = 0,
         .max = 288,
         .doc = "awake bouts of 5 minutes or more"},
        {.key = "se_pct",
         .type = BR_FT_NUM,
         .min = 0,
         .max = 100,
         .doc = "sleep efficiency, percent"},
        {.key = "naps",
         .type = BR_FT_INT,
         .min = 0,
         .max = 96,
         .doc = "naps kept apart from the night"},
        {.key = "nap_min",
         .type = BR_FT_INT,
         .min = 0,
         .max = 1440,
         .doc = "their sleep, minutes"},
        END};
const struct br_fields br_device_night_fields = {
        "DeviceNight", "a night a sleep tracker recorded", night_fields};

/* A Withings file's times are Unix times with no local offset: the
 * import is given one (sleep_import.h). */
#define UTC_OFFSET                                                             \
	{                                                                      \
		.key = "utc_offset", .type = BR_FT_TEXT, .min = 1, .max = 6,   \
		.doc = "for withings only, whose times carry no offset: the "  \
		       "UTC offset where the nights were slept (+HH:MM)"       \
	}

static const struct br_field import_fields[] = {
        {.key = "patient_id", .type = BR_FT_ID, .flags = REQ},
        {.key = "file",
         .type = BR_FT_TEXT,
         .min = 1,
         .max = 4096,
         .flags = REQ,
         .doc = "the export file"},
        {.key = "source",
         .type = BR_FT_ENUM,
         .values = br_sleep_sources,
         .flags = REQ,
         .doc = "the kind of file"},
        UTC_OFFSET,
        END};
const struct br_fields br_req_sleep_import = {
        "SleepImport", "a sleep export to import", import_fields};

static const struct br_field upload_fields[] = {
        {.key = "source",
         .type = BR_FT_ENUM,
         .values = br_sleep_sources,
         .flags = REQ,
         .doc = "the kind of file sent as the request's body"},
        UTC_OFFSET,
        END};
const struct br_fields br_req_sleep_upload = {
        "SleepUpload", "the kind of export the body holds", upload_fields};

static const struct br_field list_fields[] = {
        {.key = "from", .type = BR_FT_DATE, .doc = "the first night"},
        {.key = "to", .type = BR_FT_DATE, .doc = "the last night"},
        END};
const struct br_fields br_req_sleep_list = {"SleepListQuery",
                                            "a range of nights", list_fields};

static const struct br_field compare_fields[] = {
        {.key = "from",
         .type = BR_FT_DATE,
         .flags = REQ,
         .doc = "the first day compared"},
        {.key = "to",
         .type = BR_FT_DATE,
         .flags = REQ,
         .doc = "the last day compared"},
        END};
const struct br_fields br_req_sleep_compare = {
        "SleepCompareQuery", "the days to compare", compare_fields};

void
br_device_night_from(struct br_device_night_rec *r,
                     const struct br_device_night *d)
{
	br_format_date(d->day, r->night);
	r->in_bed_min = d->in_bed_min;
	r->asleep_min = d->asleep_min;
	r->sol_min = d->sol_min < 0 ? BR_UNSET : d->sol_min;
	r->waso_min = d->waso_min;
	r->awakenings = d->awakenings;
	r->se_pct = d->se_pct;
	r->naps = d->naps;
	r->nap_min = d->nap_min;
}

int
br_rec_device_night_check(const struct br_device_night_rec *r,
                          struct br_err *err)
{
	const struct br_fields *t = &br_device_night_fields;
	const struct {
		const char *key;
		int v;
	} f[] = {{"in_bed_min", r->in_bed_min}, {"asleep_min", r->asleep_min},
	         {"sol_min", r->sol_min},       {"waso_min", r->waso_min},
	         {"awakenings", r->awakenings}, {"naps", r->naps},
	         {"nap_min", r->nap_min}};
	bool known = false;
	int rc = 0;

	for (const char *const *s = br_sleep_sources; *s; s++)
		known = known || strcmp(*s, r->source) == 0;
	if (!known)
		return br_error(err, BR_EINVAL, "source",
		                "source must be one of apple-health, fitbit, "
		                "csv, oura, withings");
	if (r->in_bed_min > 1440)
		return br_error(err, BR_EINVAL, "in_bed_min",
		                "the night of %s is longer than 24 hours",
		                r->night);
	for (size_t i = 0; rc == 0 && i < sizeof(f) / sizeof(f[0]); i++)
		rc = br_fields_range(t, f[i].key, f[i].v, err);
	if (rc < 0)
		return rc;
	if (r->asleep_min > r->in_bed_min)
		return br_error(err, BR_EINVAL, "asleep_min",
		                "the night of %s has more sleep than time in "
		                "bed",
		                r->night);
	if (r->waso_min + (r->sol_min == BR_UNSET ? 0 : r->sol_min) >
	    r->in_bed_min)
		return br_error(err, BR_EINVAL, "waso_min",
		                "the night of %s has more time awake than in "
		                "bed",
		                r->night);
	if (r->se_pct < 0 || r->se_pct > 100)
		return br_error(err, BR_EINVAL, "se_pct",
		                "se_pct must be 0-100");
	return 0;
}

static const char *const sleep_measures[] = {"quality", "device", NULL};
static const struct br_field sleep_pain_fields[] = {
        {.key = "from", .type = BR_FT_DATE, .doc = "the first day"},
        {.key = "to", .type = BR_FT_DATE, .doc = "the last day"},
        {.key = "sleep",
         .type = BR_FT_ENUM,
         .values = sleep_measures,
         .doc = "the sleep measure: the diary's quality or a tracker's "
                "total sleep"},
        END};
const struct br_fields br_req_sleep_pain_query = {
        "SleepPainQuery", "a range of days and the sleep measure",
        sleep_pain_fields};
