/*
 * sleep_read.c - the readers of sleep exports (see sleep_import.h).
 *
 * Apple Health: the Health app's export.xml, "Record" elements of type
 * HKCategoryTypeIdentifierSleepAnalysis, whose value is one of
 * HKCategoryValueSleepAnalysis InBed, Asleep (before iOS 16),
 * AsleepUnspecified, AsleepCore, AsleepDeep, AsleepREM or Awake, with
 * startDate and endDate as "YYYY-MM-DD HH:MM:SS +HHMM" (Apple, HealthKit
 * documentation, HKCategoryValueSleepAnalysis).  The device is the name
 * in the record's device attribute ("<<HKDevice ...>, name:Apple Watch,
 * ...>"), never sourceName, which often holds a person's name.
 *
 * Fitbit: Google Takeout's Sleep/sleep-YYYY-MM-DD.json, an array of logs
 * with startTime (local time without offset), mainSleep (isMainSleep in
 * the Web API) and levels.data: {dateTime, level, seconds}, level wake,
 * light, deep, rem (stages) or asleep, restless, awake (classic;
 * restless is counted awake, as Fitbit's own minutesAwake counts it),
 * and levels.shortData, the short wakes of a stages log (Fitbit Web API
 * reference, "Get Sleep Log").  Each entry's end is its start plus its
 * seconds, so a DST change inside a log does not change its length.
 *
 * CSV: docs/csv.md.
 *
 * Oura and Withings (the answers of their web APIs): sleep_read_api.c.
 */
#include <csv.h>
#include <expat.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "core/parse.h"
#include "interop/csv.h"
#include "interop/sleep_import.h"
#include "interop/sleep_read_internal.h"
#include "interop/sleep_zip.h"

void
br_sleep_read_init(struct br_sleep_read *r)
{
	memset(r, 0, sizeof(*r));
	r->n_devices = 1; /* 0: none named */
	r->utc_offset_min = BR_SLEEP_NO_OFFSET;
}

void
br_sleep_read_free(struct br_sleep_read *r)
{
	free(r->p);
	r->p = NULL;
	r->n = r->cap = 0;
}

int
br_sleep_device_index(struct br_sleep_read *r, const char *name, size_t len)
{
	if (len == 0)
		return 0;
	if (len >= BR_SLEEP_DEVICE_MAX)
		len = BR_SLEEP_DEVICE_MAX - 1;
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)name[i] < 0x20 || name[i] == 0x7f)
			return 0;
	for (int i = 1; i < r->n_devices; i++)
		if (strncmp(r->devices[i], name, len) == 0 &&
		    r->devices[i][len] == '\0')
			return i;
	if (r->n_devices == BR_SLEEP_DEVICES)
		return 0;
	memcpy(r->devices[r->n_devices], name, len);
	r->devices[r->n_devices][len] = '\0';
	return r->n_devices++;
}

void
br_sleep_read_devices(const struct br_sleep_read *r, uint32_t devices,
                      char *out, size_t n)
{
	size_t used = 0;

	out[0] = '\0';
	for (int i = 1; i < r->n_devices; i++) {
		int w;

		if (!(devices & (1u << i)))
			continue;
		w = snprintf(out + used, n - used, "%s%s", used ? ", " : "",
		             r->devices[i]);
		if (w < 0 || (size_t)w >= n - used)
			break;
		used += (size_t)w;
	}
}

int
br_sleep_check_period(int64_t start, int64_t end, const char *where,
                      struct br_err *err)
{
	if (end < start)
		return br_error(err, BR_EINVAL, "end",
		                "%s ends before it starts", where);
	if (end - start > BR_SLEEP_PERIOD_MAX_S)
		return br_error(err, BR_EINVAL, "end",
		                "%s is longer than 24 hours", where);
	return 0;
}

int
br_sleep_add_period(struct br_sleep_read *r, int64_t start, int64_t end,
                    int off, int state, int main_, int device,
                    const char *where, struct br_err *err)
{
	int rc = br_sleep_check_period(start, end, where, err);

	if (rc < 0)
		return rc;
	r->records++;
	if (end == start)
		return 0; /* an instant: no time to count */
	if (r->n == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 256;
		struct br_sleep_period *p;

		if (r->n >= BR_SLEEP_PERIODS_MAX)
			return br_error(err, BR_ETOOBIG, "file",
			                "the file holds more than %d sleep "
			                "records",
			                BR_SLEEP_PERIODS_MAX);
		p = realloc(r->p, cap * sizeof(*p));
		if (p == NULL)
			return br_error(err, BR_ENOMEM, "", "out of memory");
		r->p = p;
		r->cap = cap;
	}
	r->p[r->n++] = (struct br_sleep_period){
	        start,
	        end,
	        off,
	        (unsigned char)state,
	        (signed char)main_,
	        (unsigned char)device,
	};
	return 0;
}

/* Apple Health ------------------------------------------------------------ */

#define APPLE_SLEEP_TYPE   "HKCategoryTypeIdentifierSleepAnalysis"
#define APPLE_VALUE_PREFIX "HKCategoryValueSleepAnalysis"

struct apple {
	struct br_sleep_read *r;
	XML_Parser xp;
	struct br_err *err;
	int rc;
	bool root; /* the root element was read */
};

static void
apple_stop(struct apple *a, int rc)
{
	if (a->rc == 0)
		a->rc = rc;
	XML_StopParser(a->xp, XML_FALSE);
}

static int
apple_state(const char *value)
{
	static const struct {
		const char *name;
		int state;
	} v[] = {
	        {"InBed", BR_SLEEP_IN_BED},
	        {"Asleep", BR_SLEEP_ASLEEP},
	        {"AsleepUnspecified", BR_SLEEP_ASLEEP},
	        {"AsleepCore", BR_SLEEP_ASLEEP},
	        {"AsleepDeep", BR_SLEEP_ASLEEP},
	        {"AsleepREM", BR_SLEEP_ASLEEP},
	        {"Awake", BR_SLEEP_AWAKE},
	};
	size_t n = sizeof(APPLE_VALUE_PREFIX) - 1;

	if (value == NULL || strncmp(value, APPLE_VALUE_PREFIX, n) != 0)
		return -1;
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		if (strcmp(value + n, v[i].name) == 0)
			return v[i].state;
	return -1;
}

/* The name in a device attribute: "..., name:Apple Watch, ...". */
static int
apple_device(struct br_sleep_read *r, const char *dev)
{
	const char *p = dev ? strstr(dev, "name:") : NULL;
	size_t len;

	if (p == NULL)
		return 0;
	p += 5;
	len = strcspn(p, ",>");
	return br_sleep_device_index(r, p, len);
}

static void XMLCALL
apple_start(void *ctx, const XML_Char *name, const XML_Char **atts)
{
	struct apple *a = ctx;
	const char *type = NULL, *start = NULL, *end = NULL, *value = NULL,
	           *dev = NULL;
	char where[64];
	int64_t t0, t1;
	int off0, off1, state;
	int rc;

	if (!a->root) {
		a->root = true;
		if (strcmp(name, "HealthData") != 0)
			apple_stop(a,
			           br_error(a->err, BR_EINVAL, "file",
			                    "the file is not an Apple Health "
			                    "export (it has no HealthData "
			                    "element)"));
		return;
	}
	if (name[0] != 'R' || strcmp(name, "Record") != 0)
		return;
	/* Most records are not sleep: the type comes first in Apple's
	 * exports, so they are dropped after one comparison. */
	if (atts[0] && strcmp(atts[0], "type") == 0 &&
	    strcmp(atts[1], APPLE_SLEEP_TYPE) != 0) {
		a->r->skipped++;
		return;
	}
	for (size_t i = 0; atts[i]; i += 2) {
		if (strcmp(atts[i], "type") == 0)
			type = atts[i + 1];
		else if (strcmp(atts[i], "startDate") == 0)
			start = atts[i + 1];
		else if (strcmp(atts[i], "endDate") == 0)
			end = atts[i + 1];
		else if (strcmp(atts[i], "value") == 0)
			value = atts[i + 1];
		else if (strcmp(atts[i], "device") == 0)
			dev = atts[i + 1];
	}
	if (type == NULL || strcmp(type, APPLE_SLEEP_TYPE) != 0) {
		a->r->skipped++;
		return;
	}
	snprintf(where, sizeof(where), "the sleep record at line %lu",
	         (unsigned long)XML_GetCurrentLineNumber(a->xp));
	if (start == NULL || br_sleep_parse_time(start, true, &t0, &off0) < 0) {
		apple_stop(a, br_error(a->err, BR_EINVAL, "startDate",
		                       "%s has no startDate with its UTC "
		                       "offset",
		                       where));
		return;
	}
	if (end == NULL || br_sleep_parse_time(end, true, &t1, &off1) < 0) {
		apple_stop(a, br_error(a->err, BR_EINVAL, "endDate",
		                       "%s has no endDate with its UTC offset",
		                       where));
		return;
	}
	state = apple_state(value);
	if (state < 0) {
		apple_stop(a, br_error(a->err, BR_EINVAL, "value",
		                       "%s has a value that is not a sleep "
		                       "state",
		                       where));
		return;
	}
	rc = br_sleep_add_period(a->r, t0, t1, off0, state, -1,
	                         apple_device(a->r, dev), where, a->err);
	if (rc < 0)
		apple_stop(a, rc);
}

/* An entity declaration: Apple's exports declare none, and one could
 * expand without end. */
static void XMLCALL
apple_entity(void *ctx, const XML_Char *name, int param, const XML_Char *value,
             int value_len, const XML_Char *base, const XML_Char *system_id,
             const XML_Char *public_id, const XML_Char *notation)
{
	struct apple *a = ctx;

	(void)name, (void)param, (void)value, (void)value_len, (void)base;
	(void)system_id, (void)public_id, (void)notation;
	apple_stop(a, br_error(a->err, BR_EINVAL, "file",
	                       "the XML declares an entity at line %lu: an "
	                       "Apple Health export declares none",
	                       (unsigned long)XML_GetCurrentLineNumber(a->xp)));
}

/* The sentence for what the XML parser answered. */
static int
apple_parsed(struct apple *a, enum XML_Status st)
{
	if (st == XML_STATUS_ERROR) {
		if (a->rc)
			return a->rc;
		if (!a->root &&
		    XML_GetErrorCode(a->xp) == XML_ERROR_NO_ELEMENTS)
			return br_error(a->err, BR_EINVAL, "file",
			                "the file is empty or not an Apple "
			                "Health export");
		return br_error(a->err, BR_EINVAL, "file",
		                "the file is not well-formed XML at line %lu: "
		                "%s",
		                (unsigned long)XML_GetCurrentLineNumber(a->xp),
		                XML_ErrorString(XML_GetErrorCode(a->xp)));
	}
	return a->rc;
}

static int
apple_begin(struct apple *a, struct br_sleep_read *r, struct br_err *err)
{
	memset(a, 0, sizeof(*a));
	a->r = r;
	a->err = err;
	a->xp = XML_ParserCreate("UTF-8");
	if (a->xp == NULL)
		return br_error(err, BR_ENOMEM, "", "out of memory");
	XML_SetUserData(a->xp, a);
	XML_SetStartElementHandler(a->xp, apple_start);
	XML_SetEntityDeclHandler(a->xp, apple_entity);
	return 0;
}

static int
apple_done(struct apple *a, int rc)
{
	if (rc == 0 && !a->root)
		rc = br_error(a->err, BR_EINVAL, "file",
		              "the file is empty or not an Apple Health "
		              "export");
	XML_ParserFree(a->xp);
	return rc;
}

#define CHUNK (256 * 1024)

/* Reads up to n bytes of the document into buf: fread, or the zip's
 * export.xml (sleep_zip.h). */
typedef int (*apple_read_fn)(void *src, void *buf, size_t n, size_t *got,
                             struct br_err *err);

static int
apple_fread(void *src, void *buf, size_t n, size_t *got, struct br_err *err)
{
	FILE *f = src;

	*got = fread(buf, 1, n, f);
	if (*got == 0 && ferror(f))
		return br_error(err, BR_EIO, "file",
		                "the file could not be read");
	return 0;
}

static int
apple_zread(void *src, void *buf, size_t n, size_t *got, struct br_err *err)
{
	return br_sleep_zip_read(src, buf, n, got, err);
}

static int
read_apple_xml(struct br_sleep_read *r, const char *head, size_t head_len,
               apple_read_fn read, void *src, struct br_err *err)
{
	struct apple a;
	int rc = apple_begin(&a, r, err);

	if (rc < 0)
		return rc;
	rc = apple_parsed(&a, XML_Parse(a.xp, head, (int)head_len, false));
	while (rc == 0) {
		/* Read straight into expat's buffer: no copy. */
		void *into = XML_GetBuffer(a.xp, CHUNK);
		size_t got;

		if (into == NULL) {
			rc = br_error(err, BR_ENOMEM, "", "out of memory");
			break;
		}
		rc = read(src, into, CHUNK, &got, err);
		if (rc < 0)
			break;
		rc = apple_parsed(&a,
		                  XML_ParseBuffer(a.xp, (int)got, got == 0));
		if (got == 0)
			break;
	}
	return apple_done(&a, rc);
}

/* Fitbit ---------------------------------------------------------------- */

static int
fitbit_level(const char *level)
{
	static const struct {
		const char *name;
		int state;
	} v[] = {
	        {"wake", BR_SLEEP_AWAKE},     {"awake", BR_SLEEP_AWAKE},
	        {"restless", BR_SLEEP_AWAKE}, {"light", BR_SLEEP_ASLEEP},
	        {"deep", BR_SLEEP_ASLEEP},    {"rem", BR_SLEEP_ASLEEP},
	        {"asleep", BR_SLEEP_ASLEEP},
	};

	for (size_t i = 0; level && i < sizeof(v) / sizeof(v[0]); i++)
		if (strcmp(level, v[i].name) == 0)
			return v[i].state;
	return -1;
}

/* Naive local seconds of a Fitbit dateTime (no offset: read as UTC). */
static bool
fitbit_time(json_t *e, int64_t *t)
{
	const char *dt = json_string_value(json_object_get(e, "dateTime"));
	int off;

	return dt && br_sleep_parse_time(dt, false, t, &off) == 0;
}

/* One entry of levels.data or levels.shortData: where, its time (naive)
 * and its seconds, checked. */
static int
fitbit_entry(json_t *e, const char *where, int64_t *t, int64_t *sec, int *state,
             struct br_err *err)
{
	json_t *s = json_object_get(e, "seconds");

	if (!fitbit_time(e, t))
		return br_error(err, BR_EINVAL, "dateTime",
		                "%s has no dateTime", where);
	if (!json_is_integer(s) || json_integer_value(s) < 0)
		return br_error(err, BR_EINVAL, "seconds",
		                "%s has no whole number of seconds", where);
	*sec = json_integer_value(s);
	if (*sec > BR_SLEEP_PERIOD_MAX_S)
		return br_error(err, BR_EINVAL, "seconds",
		                "%s is longer than 24 hours", where);
	*state = fitbit_level(json_string_value(json_object_get(e, "level")));
	if (*state < 0)
		return br_error(err, BR_EINVAL, "level",
		                "%s has a level that is not a sleep state",
		                where);
	return 0;
}

/*
 * The entries of levels.data follow each other: each starts where the one
 * before ended.  Their dateTimes are local clock times, which jump by an
 * hour at a DST change, so an entry whose clock time is the chain's end
 * or an hour off it continues the chain; any other starts where its clock
 * time says (a gap).  A shortData entry (a short wake over the stages) is
 * placed by its clock time's distance from the data entry it falls in.
 */
static int
fitbit_log(struct br_sleep_read *r, json_t *levels, size_t log, int main_,
           struct br_err *err)
{
	json_t *data = json_object_get(levels, "data");
	json_t *shorts = json_object_get(levels, "shortData");
	int64_t chain = 0, *naive = NULL, *placed = NULL;
	size_t i, n = json_array_size(data);
	json_t *e;
	int rc = 0;

	if (shorts && !json_is_array(shorts))
		return br_error(err, BR_EINVAL, "shortData",
		                "sleep log %zu: levels.shortData is not a list",
		                log + 1);
	naive = malloc((n ? n : 1) * sizeof(*naive));
	placed = malloc((n ? n : 1) * sizeof(*placed));
	if (naive == NULL || placed == NULL) {
		free(naive);
		free(placed);
		return br_error(err, BR_ENOMEM, "", "out of memory");
	}
	json_array_foreach(data, i, e)
	{
		char where[96];
		int64_t t, sec, d;
		int state;

		snprintf(where, sizeof(where),
		         "sleep log %zu, levels.data[%zu]", log + 1, i);
		rc = fitbit_entry(e, where, &t, &sec, &state, err);
		if (rc < 0)
			break;
		d = t - chain;
		if (i == 0 || !(d == 0 || d == 3600 || d == -3600))
			chain = t;
		naive[i] = t;
		placed[i] = chain;
		rc = br_sleep_add_period(r, chain, chain + sec, 0, state, main_,
		                         0, where, err);
		if (rc < 0)
			break;
		chain += sec;
	}
	json_array_foreach(rc == 0 ? shorts : NULL, i, e)
	{
		char where[96];
		int64_t t, sec, at;
		int state;
		size_t j = 0;

		snprintf(where, sizeof(where),
		         "sleep log %zu, levels.shortData[%zu]", log + 1, i);
		rc = fitbit_entry(e, where, &t, &sec, &state, err);
		if (rc < 0)
			break;
		while (j + 1 < n && naive[j + 1] <= t)
			j++;
		at = n ? placed[j] + (t - naive[j]) : t;
		rc = br_sleep_add_period(r, at, at + sec, 0, state, main_, 0,
		                         where, err);
		if (rc < 0)
			break;
	}
	free(naive);
	free(placed);
	return rc;
}

int
br_sleep_load_json(FILE *f, const char *head, size_t head_len, const char *kind,
                   json_t **doc, struct br_err *err)
{
	char *buf;
	size_t len = head_len, cap = 1 << 16;
	json_error_t jerr;

	*doc = NULL;
	buf = malloc(cap);
	if (buf == NULL)
		return br_error(err, BR_ENOMEM, "", "out of memory");
	memcpy(buf, head, head_len);
	for (;;) {
		size_t got;

		if (len == cap) {
			char *p;

			if (cap >= (size_t)BR_SLEEP_JSON_MAX) {
				free(buf);
				return br_error(err, BR_ETOOBIG, "file",
				                "a %s file is larger than %ld "
				                "MB",
				                kind, BR_SLEEP_JSON_MAX >> 20);
			}
			p = realloc(buf, cap * 2);
			if (p == NULL) {
				free(buf);
				return br_error(err, BR_ENOMEM, "",
				                "out of memory");
			}
			buf = p;
			cap *= 2;
		}
		got = fread(buf + len, 1, cap - len, f);
		len += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		free(buf);
		return br_error(err, BR_EIO, "file",
		                "the file could not be read");
	}
	if (len == 0) {
		free(buf);
		return br_error(err, BR_EINVAL, "file",
		                "the file is empty: a %s file is JSON", kind);
	}
	*doc = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr);
	free(buf);
	if (*doc == NULL)
		return br_error(err, BR_EINVAL, "file",
		                "the file is not valid JSON at line %d: %s",
		                jerr.line, jerr.text);
	return 0;
}

static int
read_fitbit(struct br_sleep_read *r, FILE *f, const char *head, size_t head_len,
            struct br_err *err)
{
	json_t *doc, *log;
	size_t i;
	int rc = br_sleep_load_json(f, head, head_len, "Fitbit sleep", &doc,
	                            err);

	if (rc < 0)
		return rc;
	if (!json_is_array(doc)) {
		json_decref(doc);
		return br_error(err, BR_EINVAL, "file",
		                "the file is not a Fitbit sleep export (a list "
		                "of sleep logs)");
	}
	json_array_foreach(doc, i, log)
	{
		json_t *levels = json_object_get(log, "levels");
		json_t *m = json_object_get(log, "mainSleep");
		int main_;

		if (m == NULL)
			m = json_object_get(log, "isMainSleep");
		main_ = json_is_boolean(m) ? json_is_true(m) : -1;
		if (!json_is_object(log) ||
		    !json_is_string(json_object_get(log, "startTime"))) {
			rc = br_error(
			        err, BR_EINVAL, "startTime",
			        "sleep log %zu is not a sleep log (it has "
			        "no startTime)",
			        i + 1);
			break;
		}
		if (!json_is_object(levels) ||
		    !json_is_array(json_object_get(levels, "data"))) {
			rc = br_error(err, BR_EINVAL, "levels",
			              "sleep log %zu has no levels.data",
			              i + 1);
			break;
		}
		rc = fitbit_log(r, levels, i, main_, err);
		if (rc < 0)
			break;
	}
	json_decref(doc);
	return rc;
}

/* CSV ------------------------------------------------------------------- */

enum { C_START, C_END, C_STATE, C_DEVICE, C_N };
static const char *const csv_cols[C_N] = {"start", "end", "state", "device"};
const char *const br_sleep_csv_states[] = {"in-bed", "asleep", "awake", NULL};

struct csvr {
	struct br_sleep_read *r;
	struct br_err *err;
	int rc;
	long line, row_line;
	int prev_term;
	bool header_done;
	int col_of[8]; /* cell -> column, -1 none */
	int n_cols;
	char *cells[8];
	size_t n_cells;
	bool too_many;
};

static void
csv_field(void *data, size_t len, void *ctx)
{
	struct csvr *c = ctx;
	char *copy;

	for (size_t i = 0; i < len; i++)
		if (((const char *)data)[i] == '\n')
			c->line++;
	if (c->n_cells == 8 || c->rc) {
		c->too_many = true;
		return;
	}
	copy = malloc(len + 1);
	if (copy == NULL) {
		c->rc = br_error(c->err, BR_ENOMEM, "", "out of memory");
		return;
	}
	memcpy(copy, data, len);
	copy[len] = '\0';
	if (memchr(copy, '\0', len))
		c->too_many = true;
	br_csv_unguard(copy);
	c->cells[c->n_cells++] = copy;
}

static int
csv_header(struct csvr *c)
{
	bool seen[C_N] = {false};

	for (size_t i = 0; i < c->n_cells; i++) {
		int col = -1;

		for (int k = 0; k < C_N; k++)
			if (strcmp(c->cells[i], csv_cols[k]) == 0)
				col = k;
		if (col < 0 || seen[col]) {
			char q[48];

			br_quote_value(c->cells[i], q, sizeof(q));
			return br_error(
			        c->err, BR_EINVAL, "file",
			        "line %ld: '%s' is %s column of the sleep "
			        "CSV (start, end, state and optionally "
			        "device)",
			        c->row_line, q,
			        col < 0 ? "not a" : "a repeated");
		}
		seen[col] = true;
		c->col_of[i] = col;
	}
	for (int k = 0; k < C_STATE + 1; k++)
		if (!seen[k])
			return br_error(c->err, BR_EINVAL, csv_cols[k],
			                "line %ld: the header has no %s column",
			                c->row_line, csv_cols[k]);
	c->n_cols = (int)c->n_cells;
	c->header_done = true;
	return 0;
}

static int
csv_data(struct csvr *c)
{
	const char *v[C_N] = {"", "", "", ""};
	int64_t t0, t1;
	int off0, off1, state = -1;
	char where[48];

	if ((int)c->n_cells != c->n_cols)
		return br_error(c->err, BR_EINVAL, "file",
		                "line %ld has %zu cells; the header names %d",
		                c->row_line, c->n_cells, c->n_cols);
	for (size_t i = 0; i < c->n_cells; i++)
		v[c->col_of[i]] = c->cells[i];
	snprintf(where, sizeof(where), "line %ld", c->row_line);
	if (br_sleep_parse_time(v[C_START], true, &t0, &off0) < 0)
		return br_error(c->err, BR_EINVAL, "start",
		                "line %ld: start is not an ISO 8601 time with "
		                "its UTC offset",
		                c->row_line);
	if (br_sleep_parse_time(v[C_END], true, &t1, &off1) < 0)
		return br_error(c->err, BR_EINVAL, "end",
		                "line %ld: end is not an ISO 8601 time with "
		                "its UTC offset",
		                c->row_line);
	for (int k = 0; br_sleep_csv_states[k]; k++)
		if (strcmp(v[C_STATE], br_sleep_csv_states[k]) == 0)
			state = k; /* the order of enum br_sleep_state */
	if (state < 0)
		return br_error(c->err, BR_EINVAL, "state",
		                "line %ld: state must be in-bed, asleep or "
		                "awake",
		                c->row_line);
	if (t1 <= t0)
		return br_error(c->err, BR_EINVAL, "end",
		                "line %ld: end is not after start",
		                c->row_line);
	return br_sleep_add_period(
	        c->r, t0, t1, off0, state, -1,
	        br_sleep_device_index(c->r, v[C_DEVICE], strlen(v[C_DEVICE])),
	        where, c->err);
}

static void
csv_row(int term, void *ctx)
{
	struct csvr *c = ctx;
	bool crlf = term == '\n' && c->prev_term == '\r' && c->n_cells == 0;

	c->prev_term = term;
	if (crlf)
		return;
	if (c->rc == 0 && c->n_cells > 0 &&
	    !(c->n_cells == 1 && c->cells[0][0] == '\0')) {
		if (c->too_many)
			c->rc = br_error(c->err, BR_EINVAL, "file",
			                 "line %ld has too many cells or a NUL "
			                 "byte",
			                 c->row_line);
		else if (!c->header_done)
			c->rc = csv_header(c);
		else
			c->rc = csv_data(c);
	}
	for (size_t i = 0; i < c->n_cells; i++)
		free(c->cells[i]);
	c->n_cells = 0;
	c->too_many = false;
	c->line++;
	c->row_line = c->line;
}

static int
read_csv(struct br_sleep_read *r, FILE *f, const char *head, size_t head_len,
         struct br_err *err)
{
	struct csvr c;
	struct csv_parser p;
	char *buf;
	int rc = 0;

	memset(&c, 0, sizeof(c));
	c.r = r;
	c.err = err;
	c.line = c.row_line = 1;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL) != 0)
		return br_error(err, BR_ENOMEM, "", "out of memory");
	buf = malloc(CHUNK);
	if (buf == NULL) {
		csv_free(&p);
		return br_error(err, BR_ENOMEM, "", "out of memory");
	}
	if (csv_parse(&p, head, head_len, csv_field, csv_row, &c) != head_len)
		rc = BR_EINVAL;
	while (rc == 0 && c.rc == 0) {
		size_t got = fread(buf, 1, CHUNK, f);

		if (got == 0)
			break;
		if (csv_parse(&p, buf, got, csv_field, csv_row, &c) != got)
			rc = BR_EINVAL;
	}
	if (rc == 0 && c.rc == 0 && ferror(f))
		c.rc = br_error(err, BR_EIO, "file",
		                "the file could not be read");
	if (rc == 0 && c.rc == 0 && csv_fini(&p, csv_field, csv_row, &c) != 0)
		rc = BR_EINVAL;
	if (rc < 0 && c.rc == 0)
		c.rc = br_error(err, BR_EINVAL, "file",
		                "line %ld: %s (a quote that is not closed or "
		                "is followed by text)",
		                c.row_line, csv_strerror(csv_error(&p)));
	for (size_t i = 0; i < c.n_cells; i++)
		free(c.cells[i]);
	csv_free(&p);
	free(buf);
	if (c.rc == 0 && !c.header_done)
		c.rc = br_error(err, BR_EINVAL, "file",
		                "the file is empty: it needs the header row "
		                "start,end,state");
	return c.rc;
}

/* Dispatch ------------------------------------------------------------- */

int
br_sleep_read(struct br_sleep_read *r, const char *source, FILE *f,
              struct br_err *err)
{
	char head[4];
	size_t n = fread(head, 1, sizeof(head), f);

	if (n == 0 && ferror(f))
		return br_error(err, BR_EIO, "file",
		                "the file could not be read");
	if (strcmp(source, "apple-health") == 0) {
		struct br_sleep_zip *z;
		int rc;

		if (n < 4 || memcmp(head, "PK\3\4", 4) != 0)
			return read_apple_xml(r, head, n, apple_fread, f, err);
		rc = br_sleep_zip_open(f, &z, err);
		if (rc == 0)
			rc = read_apple_xml(r, "", 0, apple_zread, z, err);
		br_sleep_zip_close(z);
		return rc;
	}
	if (strcmp(source, "fitbit") == 0)
		return read_fitbit(r, f, head, n, err);
	if (strcmp(source, "csv") == 0)
		return read_csv(r, f, head, n, err);
	if (strcmp(source, "oura") == 0)
		return br_sleep_read_oura(r, f, head, n, err);
	if (strcmp(source, "withings") == 0)
		return br_sleep_read_withings(r, f, head, n, err);
	return br_error(err, BR_EINVAL, "source",
	                "source must be apple-health, fitbit, csv, oura or "
	                "withings");
}
