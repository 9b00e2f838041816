/*
 * sleep_read_api.c - the readers of a tracker's sleep as its web API
 * answers it, saved to a file (see sleep_import.h and
 * docs/sleep-import.md).  Both feed the same periods as the other readers
 * (sleep_read_internal.h); the nights are derived from them by the same
 * rules (core/sleep_device.h), not taken from the tracker's own figures.
 *
 * Oura: the answer of the Oura API V2's "Multiple Sleep Documents",
 * GET /v2/usercollection/sleep (Oura, "Oura API Documentation", Sleep
 * Routes, https://cloud.ouraring.com/v2/docs): {"data": [sleep document,
 * ...], "next_token": ...}, or a list of such answers (its pages saved
 * together).  A sleep document (PublicModifiedSleepModel) has
 * bedtime_start and bedtime_end, ISO 8601 times with the local UTC
 * offset; type: "long_sleep" (over 3 hours), "sleep" (a confirmed sleep
 * or nap, 15 minutes to 3 hours), "late_nap" (a nap that ended after
 * 6 pm), "rest" (a false detection the user rejected) or "deleted" (by
 * the user); and sleep_phase_5_min, one character per 5 minutes from
 * bedtime_start: '1' deep, '2' light, '3' REM, '4' awake
 * (sleep_phase_30_sec the same per 30 seconds, read when the 5-minute one
 * is absent).  Each document gives an in-bed period from bedtime_start to
 * bedtime_end and its phases over it; a late nap is marked a nap, "rest"
 * and "deleted" documents, and any without phases (nothing says when
 * the sleep was), are skipped.  The device is not named (the document
 * names none).
 *
 * Withings: the answer of the Withings API's "Sleep v2 - Get" (POST
 * https://wbsapi.withings.net/v2/sleep, action=get; Withings, "Withings
 * developer documentation", API reference, Sleep,
 * https://developer.withings.com/api-reference/#tag/sleep/operation/sleepv2-get):
 * {"status": 0, "body": {"series": [{"startdate", "enddate", "state",
 * "model", ...}, ...]}}, or a list of such answers (one call covers 24
 * hours at most).  startdate and enddate are Unix times (seconds, UTC)
 * with no local offset, so the import is given one (utc_offset); state 0
 * awake, 1 light, 2 deep, 3 REM, 4 manual, 5 unspecified (all asleep but
 * the first), 15 out of bed (left as a gap: neither in bed nor asleep).
 * The device is the entry's model ("ScanWatch", "Aura Sensor V2").
 */
#include <stdlib.h>
#include <string.h>

#include "core/parse.h"
#include "interop/sleep_read_internal.h"

/* Oura ------------------------------------------------------------------ */

/* doc as a list of answers: doc itself when it is a list of one or more
 * that all pass is_answer, or a new list holding doc when doc passes; NULL
 * (doc released) when it is neither. */
static json_t *
answers(json_t *doc, bool (*is_answer)(json_t *))
{
	json_t *a, *list;
	size_t i;

	if (json_is_array(doc) && json_array_size(doc) > 0) {
		json_array_foreach(doc, i, a)
		{
			if (!is_answer(a)) {
				json_decref(doc);
				return NULL;
			}
		}
		return doc;
	}
	if (!is_answer(doc)) {
		json_decref(doc);
		return NULL;
	}
	list = json_array();
	if (list == NULL) {
		json_decref(doc);
		return NULL;
	}
	if (json_array_append_new(list, doc) < 0) { /* doc released */
		json_decref(list);
		return NULL;
	}
	return list;
}

static bool
oura_answer(json_t *a)
{
	return json_is_object(a) && json_is_array(json_object_get(a, "data"));
}

/* A hypnogram's state: '1' deep, '2' light, '3' REM asleep, '4' awake;
 * -1 any other character. */
static int
oura_phase(char c)
{
	return c >= '1' && c <= '3' ? BR_SLEEP_ASLEEP
	       : c == '4'           ? BR_SLEEP_AWAKE
	                            : -1;
}

/*
 * The phases ph, one per step seconds from t0, as periods (a run of one
 * state is one period), clipped at t1: the last character may run past
 * the bedtime's end by its rounding; a string longer than that does not
 * fit its bedtime and refuses the file.
 */
static int
oura_phases(struct br_sleep_read *r, const char *ph, const char *key, int step,
            int64_t t0, int64_t t1, int off, int main_, const char *where,
            struct br_err *err)
{
	size_t n = strlen(ph), fit = (size_t)((t1 - t0 + step - 1) / step);
	int rc = 0;

	for (size_t i = 0; i < n; i++)
		if (oura_phase(ph[i]) < 0)
			return br_error(err, BR_EINVAL, key,
			                "%s: %s has a character that is not 1, "
			                "2, 3 or 4",
			                where, key);
	if (n > fit + 1)
		return br_error(err, BR_EINVAL, key,
		                "%s: %s is longer than its bedtime", where,
		                key);
	for (size_t i = 0; rc == 0 && i < n;) {
		int state = oura_phase(ph[i]);
		int64_t start = t0 + (int64_t)i * step, end;
		size_t j = i + 1;

		while (j < n && oura_phase(ph[j]) == state)
			j++;
		if (start >= t1)
			break;
		end = t0 + (int64_t)j * step;
		rc = br_sleep_add_period(r, start, end < t1 ? end : t1, off,
		                         state, main_, 0, where, err);
		i = j;
	}
	return rc;
}

/* The hypnogram of document d: the 5-minute one, else the 30-second one,
 * else NULL.  *key and *step say which. */
static const char *
oura_hypnogram(json_t *d, const char **key, int *step)
{
	const char *ph =
	        json_string_value(json_object_get(d, "sleep_phase_5_min"));

	*key = "sleep_phase_5_min";
	*step = 300;
	if (ph == NULL || ph[0] == '\0') {
		ph = json_string_value(
		        json_object_get(d, "sleep_phase_30_sec"));
		*key = "sleep_phase_30_sec";
		*step = 30;
	}
	return ph && ph[0] ? ph : NULL;
}

/* One sleep document, number no (from 1). */
static int
oura_document(struct br_sleep_read *r, json_t *d, size_t no, struct br_err *err)
{
	static const struct {
		const char *name;
		int main; /* 1, 0, -1 as in br_sleep_period; 2: skipped */
	} types[] = {
	        {"long_sleep", -1}, {"sleep", -1},  {"late_nap", 0},
	        {"rest", 2},        {"deleted", 2},
	};
	const char *start, *end, *type, *ph, *key, *day;
	char where[64], q[BR_DATE_LEN];
	struct br_err scratch = BR_ERR_INIT;
	int64_t t0, t1;
	int off0, off1, main_ = -1, step, rc;
	long records = r->records;
	int32_t dn;

	day = json_string_value(json_object_get(d, "day"));
	if (day && br_parse_date("day", day, &dn, &scratch) == 0) {
		br_format_date(dn, q);
		snprintf(where, sizeof(where), "sleep document %zu (day %s)",
		         no, q);
	} else {
		snprintf(where, sizeof(where), "sleep document %zu", no);
	}
	if (!json_is_object(d))
		return br_error(err, BR_EINVAL, "data",
		                "%s is not a sleep document", where);
	start = json_string_value(json_object_get(d, "bedtime_start"));
	end = json_string_value(json_object_get(d, "bedtime_end"));
	if (start == NULL)
		return br_error(err, BR_EINVAL, "bedtime_start",
		                "%s is not a sleep period (it has no "
		                "bedtime_start)",
		                where);
	if (br_sleep_parse_time(start, true, &t0, &off0) < 0)
		return br_error(err, BR_EINVAL, "bedtime_start",
		                "%s has a bedtime_start that is not an ISO "
		                "8601 time with its UTC offset",
		                where);
	if (end == NULL || br_sleep_parse_time(end, true, &t1, &off1) < 0)
		return br_error(err, BR_EINVAL, "bedtime_end",
		                "%s has no bedtime_end with its UTC offset",
		                where);
	type = json_string_value(json_object_get(d, "type"));
	if (type) {
		size_t i = 0, n = sizeof(types) / sizeof(types[0]);

		while (i < n && strcmp(type, types[i].name) != 0)
			i++;
		if (i == n)
			return br_error(err, BR_EINVAL, "type",
			                "%s has a type that is not an Oura "
			                "sleep type",
			                where);
		main_ = types[i].main;
	} else if (json_object_get(d, "type") &&
	           !json_is_null(json_object_get(d, "type"))) {
		return br_error(err, BR_EINVAL, "type",
		                "%s has a type that is not an Oura sleep type",
		                where);
	}
	if (main_ == 2) { /* rejected or deleted: not read further */
		r->skipped++;
		return 0;
	}
	ph = oura_hypnogram(d, &key, &step);
	if (ph == NULL) { /* nothing says when the sleep was */
		rc = br_sleep_check_period(t0, t1, where, err);
		if (rc == 0)
			r->skipped++;
		return rc;
	}
	rc = br_sleep_add_period(r, t0, t1, off0, BR_SLEEP_IN_BED, main_, 0,
	                         where, err);
	if (rc == 0)
		rc = oura_phases(r, ph, key, step, t0, t1, off0, main_, where,
		                 err);
	r->records = records + 1; /* one record: the document */
	return rc;
}

int
br_sleep_read_oura(struct br_sleep_read *r, FILE *f, const char *head,
                   size_t head_len, struct br_err *err)
{
	json_t *doc, *answer, *d;
	size_t i, k, no = 0;
	int rc = br_sleep_load_json(f, head, head_len, "Oura sleep", &doc, err);

	if (rc < 0)
		return rc;
	doc = answers(doc, oura_answer);
	if (doc == NULL)
		return br_error(
		        err, BR_EINVAL, "file",
		        "the file is not an Oura sleep export (the Oura "
		        "API's answer of sleep documents, {\"data\": "
		        "[...]}, or a list of them)");
	json_array_foreach(doc, i, answer)
	{
		json_array_foreach(json_object_get(answer, "data"), k, d)
		{
			rc = oura_document(r, d, ++no, err);
			if (rc < 0)
				break;
		}
		if (rc < 0)
			break;
	}
	json_decref(doc);
	return rc;
}

/* Withings --------------------------------------------------------------- */

#define UNIX_MAX 32503680000LL /* 3000-01-01 */

/* An answer: its body's series, or an error status (read below, for
 * the sentence that says so). */
static bool
withings_answer(json_t *a)
{
	json_t *status = json_object_get(a, "status");

	return json_is_object(a) &&
	       (json_is_array(json_object_get(json_object_get(a, "body"),
	                                      "series")) ||
	        (json_is_integer(status) && json_integer_value(status) != 0));
}

/* A series entry's state: -1 unknown, -2 out of bed (a gap). */
static int
withings_state(json_int_t v)
{
	switch (v) {
	case 0:
		return BR_SLEEP_AWAKE;
	case 1: /* light */
	case 2: /* deep */
	case 3: /* REM */
	case 4: /* manual */
	case 5: /* unspecified */
		return BR_SLEEP_ASLEEP;
	case 15:
		return -2;
	default:
		return -1;
	}
}

/* One Unix time of entry e: 0 or -1. */
static int
withings_time(json_t *e, const char *key, int64_t *t)
{
	json_t *v = json_object_get(e, key);

	if (!json_is_integer(v) || json_integer_value(v) < 0 ||
	    json_integer_value(v) >= UNIX_MAX)
		return -1;
	*t = json_integer_value(v);
	return 0;
}

static int
withings_entry(struct br_sleep_read *r, json_t *e, const char *where,
               struct br_err *err)
{
	json_t *st = json_object_get(e, "state");
	const char *model;
	int64_t t0, t1;
	int state;

	if (!json_is_object(e))
		return br_error(err, BR_EINVAL, "series",
		                "%s is not a sleep state", where);
	if (st == NULL)
		return br_error(
		        err, BR_EINVAL, "state",
		        "%s has no state (a Sleep v2 - Getsummary "
		        "answer holds summaries: export Sleep v2 - Get)",
		        where);
	state = json_is_integer(st) ? withings_state(json_integer_value(st))
	                            : -1;
	if (state == -1)
		return br_error(err, BR_EINVAL, "state",
		                "%s has a state that is not a Withings sleep "
		                "state",
		                where);
	if (withings_time(e, "startdate", &t0) < 0)
		return br_error(err, BR_EINVAL, "startdate",
		                "%s has no startdate (a Unix time)", where);
	if (withings_time(e, "enddate", &t1) < 0)
		return br_error(err, BR_EINVAL, "enddate",
		                "%s has no enddate (a Unix time)", where);
	if (state == -2) { /* out of bed: checked and counted, no period */
		int rc = br_sleep_check_period(t0, t1, where, err);

		if (rc == 0)
			r->records++;
		return rc;
	}
	model = json_string_value(json_object_get(e, "model"));
	return br_sleep_add_period(
	        r, t0, t1, r->utc_offset_min, state, -1,
	        model ? br_sleep_device_index(r, model, strlen(model)) : 0,
	        where, err);
}

int
br_sleep_read_withings(struct br_sleep_read *r, FILE *f, const char *head,
                       size_t head_len, struct br_err *err)
{
	json_t *doc, *answer, *e;
	size_t i, k;
	bool list;
	int rc;

	if (r->utc_offset_min == BR_SLEEP_NO_OFFSET)
		return br_error(err, BR_EINVAL, "utc_offset",
		                "a Withings file's times carry no UTC offset: "
		                "give utc_offset, the offset where the nights "
		                "were slept (such as +01:00)");
	rc = br_sleep_load_json(f, head, head_len, "Withings sleep", &doc, err);
	if (rc < 0)
		return rc;
	list = json_is_array(doc);
	doc = answers(doc, withings_answer);
	if (doc == NULL)
		return br_error(err, BR_EINVAL, "file",
		                "the file is not a Withings sleep export (the "
		                "answer of Sleep v2 - Get, {\"status\": 0, "
		                "\"body\": {\"series\": [...]}}, or a list of "
		                "them)");
	json_array_foreach(doc, i, answer)
	{
		json_t *status = json_object_get(answer, "status");
		char at[32] = "";

		if (list)
			snprintf(at, sizeof(at), "answer %zu, ", i + 1);
		if (status && !(json_is_integer(status) &&
		                json_integer_value(status) == 0)) {
			if (list)
				rc = br_error(
				        err, BR_EINVAL, "status",
				        "answer %zu of the file is an error "
				        "answer (its status is not 0), not "
				        "sleep data",
				        i + 1);
			else
				rc = br_error(
				        err, BR_EINVAL, "status",
				        "the file is an error answer (its "
				        "status is not 0), not sleep data");
			break;
		}
		json_array_foreach(
		        json_object_get(json_object_get(answer, "body"),
		                        "series"),
		        k, e)
		{
			char where[64];

			snprintf(where, sizeof(where), "%sseries[%zu]", at, k);
			rc = withings_entry(r, e, where, err);
			if (rc < 0)
				break;
		}
		if (rc < 0)
			break;
	}
	json_decref(doc);
	return rc;
}
