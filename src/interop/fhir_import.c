/*
 * fhir_import.c - a FHIR R4 Bundle (transaction or collection) into the
 * store, all or nothing (see fhir.h and docs/internals/FHIR.md).
 *
 * Every entry is read and checked first, in dependency order
 * (Organization, Patient, Condition, EpisodeOfCare, Encounter, Procedure,
 * Observation); references are resolved within the Bundle (fullUrl,
 * "Type/id", absolute URLs ending in Type/id) or, for backrest ids, in the
 * store.  Records are matched on identifiers: backrest's own identifiers
 * carry the record id, so a backrest export keeps its ids; other systems'
 * identifiers are remembered in interop_links.  A matched record is left
 * as stored (an episode that has since finished is closed), so importing
 * the same Bundle twice changes nothing.  Only when no entry was rejected
 * are the records written.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/parse.h"
#include "interop/fhir_internal.h"
#include "interop/records.h"
#include "store/interop.h"

#define MAX_ID 9007199254740991LL /* 2^53 - 1: ids are JSON-safe */

enum kind {
	K_UNKNOWN,
	K_DEFINITION, /* CodeSystem: read, not stored */
	K_ORG,
	K_PATIENT,
	K_CONDITION,
	K_EOC,
	K_ENCOUNTER,
	K_PROCEDURE,
	K_OBSERVATION,
};

static const struct {
	const char *type;
	enum kind kind;
} kinds[] = {
        {"CodeSystem", K_DEFINITION}, {"Organization", K_ORG},
        {"Patient", K_PATIENT},       {"Condition", K_CONDITION},
        {"EpisodeOfCare", K_EOC},     {"Encounter", K_ENCOUNTER},
        {"Procedure", K_PROCEDURE},   {"Observation", K_OBSERVATION},
};

struct entry {
	size_t index;
	const char *full_url; /* NULL when absent */
	const char *type;
	const char *id;
	json_t *res;
	enum kind kind;
	bool bad;
	bool dependent; /* rejected only because an entry it needs is */
	char reason[200];
	size_t named_by; /* Condition: 1 + the EpisodeOfCare naming it */

	bool exists;        /* matched a stored record */
	bool used;          /* a Condition named by an EpisodeOfCare */
	int64_t rec_id;     /* record id (clinic, patient, episode, session) */
	int64_t patient_id; /* owning patient */
	char ts[BR_TS_LEN]; /* meta.lastUpdated as a backrest timestamp */
	char link_sys[160]; /* foreign identifier to remember, if any */
	char link_val[BR_REF_MAX];
	union {
		struct br_clinic_row *clinic;
		struct br_patient *patient;
		struct br_episode *episode;
		struct br_session *session;
	} rec;
	int64_t clinic_ref; /* Patient: resolved clinic, 0 = default */
	bool close_episode; /* stored open episode that has finished */
};

/* One diary metric read from an Observation. */
struct diary_item {
	int64_t patient_id;
	int32_t day;
	enum br_metric metric;
	int v;       /* value, or BR_UNSET */
	int t0, t1;  /* clock times (bed/up, try/final) or BR_UNSET */
	size_t note; /* entry index holding the note text */
	size_t entry;
};

struct imp {
	struct br_store *s;
	const struct br_fhir_import_opts *o;
	struct entry *e;
	size_t n;
	json_t *index;  /* fullUrl or "Type/id" -> entry index */
	json_t *idents; /* "Type|system|value" -> entry index */
	struct diary_item *items;
	size_t n_items, cap_items;
	struct br_err *err;
	int fatal; /* a store failure: abort with this code */
};

/* Rejections and small readers ------------------------------------------- */

static bool reject(struct entry *e, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));

static bool
reject(struct entry *e, const char *fmt, ...)
{
	va_list ap;

	if (!e->bad) {
		va_start(ap, fmt);
		vsnprintf(e->reason, sizeof(e->reason), fmt, ap);
		va_end(ap);
	}
	e->bad = true;
	return false;
}

/* Rejects x because the entry it needs, dep, is rejected. */
static bool
reject_dep(struct entry *x, const char *what, const struct entry *dep)
{
	reject(x, "%s (entry %zu) is rejected", what, dep->index);
	x->dependent = true;
	return false;
}

/* Copies a store error into the entry's reason, or keeps a store failure
 * as fatal.  Returns false. */
static bool
reject_err(struct imp *im, struct entry *e, int rc, const struct br_err *err)
{
	if (rc == BR_EINVAL || rc == BR_ENOTFOUND || rc == BR_ECONFLICT)
		return reject(e, "%s", err->msg);
	im->fatal = rc;
	return false;
}

static const char *
str(json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

/* A string member that must be a string when present; NULL when absent or
 * wrong (then the entry is rejected). */
static const char *
get_str(struct entry *e, json_t *obj, const char *key, const char *path)
{
	json_t *v = json_object_get(obj, key);

	if (v == NULL || json_is_null(v))
		return NULL;
	if (!json_is_string(v)) {
		reject(e, "%s must be a string", path);
		return NULL;
	}
	return json_string_value(v);
}

/* A whole number in [min, max]: an integer or a decimal with no
 * fraction. */
static bool
get_int(struct entry *e, json_t *v, const char *path, long min, long max,
        int *out)
{
	double d;

	if (json_is_integer(v))
		d = (double)json_integer_value(v);
	else if (json_is_real(v))
		d = json_real_value(v);
	else
		return reject(e, "%s must be a number", path);
	if (d != (double)(long)d || d < (double)min || d > (double)max)
		return reject(e,
		              "%s must be a whole number from %ld to %ld, "
		              "not %g",
		              path, min, max, d);
	*out = (int)d;
	return true;
}

static bool
copy(struct entry *e, const char *path, const char *s, char *out, size_t n)
{
	if (strlen(s) >= n)
		return reject(e, "%s is longer than %zu characters", path,
		              n - 1);
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p < 0x20 && *p != '\n' && *p != '\t')
			return reject(e, "%s has a control character", path);
	snprintf(out, n, "%s", s);
	return true;
}

/* A record id written by backrest ("373652164888108"). */
static bool
parse_rec_id(const char *s, int64_t *out)
{
	long long v = 0;

	if (s == NULL || *s == '\0' || strlen(s) > 16)
		return false;
	for (const char *p = s; *p; p++) {
		if (!isdigit((unsigned char)*p))
			return false;
		v = v * 10 + (*p - '0');
	}
	if (v <= 0 || v > MAX_ID)
		return false;
	*out = v;
	return true;
}

/* FHIR dateTime/instant -> local day and clock (BR_UNSET for a date
 * alone); false for anything else (partial dates included). */
static bool
parse_dt(const char *s, int32_t *day, int *minutes, time_t *instant)
{
	char date[11];
	struct tm tm, loc;
	int h, m, sec = 0, oh = 0, om = 0, n = 0;
	long off = 0;
	const char *p;
	time_t t;

	if (s == NULL || strlen(s) < 10)
		return false;
	memcpy(date, s, 10);
	date[10] = '\0';
	if (br_parse_date("date", date, day, NULL) < 0)
		return false;
	*minutes = BR_UNSET;
	if (s[10] == '\0') {
		if (instant)
			*instant = (time_t)*day * 86400;
		return true;
	}
	if (s[10] != 'T' || sscanf(s + 11, "%2d:%2d%n", &h, &m, &n) != 2 ||
	    n != 5 || h > 23 || m > 59)
		return false;
	p = s + 16;
	if (*p == ':') {
		if (!isdigit((unsigned char)p[1]) ||
		    !isdigit((unsigned char)p[2]))
			return false;
		sec = (p[1] - '0') * 10 + (p[2] - '0');
		p += 3;
		if (*p == '.') {
			p++;
			if (!isdigit((unsigned char)*p))
				return false;
			while (isdigit((unsigned char)*p))
				p++;
		}
	}
	if (*p == 'Z' && p[1] == '\0') {
		off = 0;
	} else if ((*p == '+' || *p == '-') && strlen(p) == 6 && p[3] == ':' &&
	           sscanf(p + 1, "%2d:%2d", &oh, &om) == 2 && oh <= 14 &&
	           om <= 59) {
		off = (oh * 3600L + om * 60L) * (*p == '-' ? -1 : 1);
	} else {
		return false;
	}
	if (sec > 59)
		return false;
	memset(&tm, 0, sizeof(tm));
	br_civil_from_days(*day, &tm.tm_year, &tm.tm_mon, &tm.tm_mday);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	tm.tm_hour = h;
	tm.tm_min = m;
	tm.tm_sec = sec;
	t = timegm(&tm) - off;
	if (instant)
		*instant = t;
	if (localtime_r(&t, &loc) == NULL)
		return false;
	*day = br_days_from_civil(loc.tm_year + 1900, loc.tm_mon + 1,
	                          loc.tm_mday);
	*minutes = loc.tm_hour * 60 + loc.tm_min;
	return true;
}

/* A date element ("2026-03-01", or a dateTime: its local date). */
static bool
get_date(struct entry *e, json_t *obj, const char *key, const char *path,
         bool required, char out[BR_DATE_LEN])
{
	const char *s = get_str(e, obj, key, path);
	int32_t day;
	int min;

	out[0] = '\0';
	if (e->bad)
		return false;
	if (s == NULL)
		return required ? reject(e, "%s is required", path) : true;
	if (!parse_dt(s, &day, &min, NULL))
		return reject(e,
		              "%s must be a full date (YYYY-MM-DD) or "
		              "dateTime",
		              path);
	br_format_date(day, out);
	return true;
}

/* meta.lastUpdated as "YYYY-MM-DDTHH:MM:SSZ" ("" when absent). */
static bool
get_ts(struct entry *e, char out[BR_TS_LEN])
{
	const char *s = str(json_object_get(e->res, "meta"), "lastUpdated");
	struct tm tm;
	int32_t day;
	int min;
	time_t t;

	out[0] = '\0';
	if (s == NULL)
		return true;
	if (!parse_dt(s, &day, &min, &t) || min == BR_UNSET)
		return reject(e, "meta.lastUpdated must be an instant");
	gmtime_r(&t, &tm);
	strftime(out, BR_TS_LEN, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return true;
}

static void
ts_or_now(struct entry *e, char out[BR_TS_LEN])
{
	if (e->ts[0])
		memcpy(out, e->ts, BR_TS_LEN);
	else
		br_store_now(out);
}

/* Identifiers ----------------------------------------------------------- */

/* The value of the identifier in backrest's naming system ns, or NULL. */
static const char *
own_ident(struct entry *e, const char *ns)
{
	char sys[160];
	size_t i;
	json_t *id;

	snprintf(sys, sizeof(sys), "%s%s", BR_FHIR_NS, ns);
	json_array_foreach(json_object_get(e->res, "identifier"), i, id)
	{
		const char *s = str(id, "system");

		if (s && strcmp(s, sys) == 0)
			return str(id, "value");
	}
	return NULL;
}

/* Checks the identifier list's shape. */
static bool
check_idents(struct entry *e)
{
	json_t *ids = json_object_get(e->res, "identifier"), *id;
	size_t i;

	if (ids == NULL)
		return true;
	if (!json_is_array(ids))
		return reject(e, "identifier must be a list");
	json_array_foreach(ids, i, id)
	{
		if (!json_is_object(id) ||
		    !json_is_string(json_object_get(id, "value")))
			return reject(e,
			              "identifier[%zu].value must be a "
			              "string",
			              i);
		if (json_object_get(id, "system") &&
		    !json_is_string(json_object_get(id, "system")))
			return reject(e,
			              "identifier[%zu].system must be a "
			              "string",
			              i);
	}
	return true;
}

/* Registers key for entry x; rejects a second entry with the same key. */
static bool
unique(struct imp *im, struct entry *x, const char *what, const char *key)
{
	json_t *prev = json_object_get(im->idents, key);

	if (prev) {
		size_t p = (size_t)json_integer_value(prev);

		if (p == x->index)
			return true;
		return reject(x, "duplicate %s: entry %zu has the same", what,
		              p);
	}
	json_object_set_new(im->idents, key,
	                    json_integer((json_int_t)x->index));
	return true;
}

/*
 * Matches x on its identifiers: backrest's own (naming system ns) gives
 * the record id; else the first other identifier (or, with none, the
 * resource id) is looked up in interop_links and remembered for writing.
 * Sets rec_id (0 = new, to be made) and, for a link, patient_id.
 */
static bool
match_ident(struct imp *im, struct entry *x, const char *ns)
{
	const char *own = own_ident(x, ns);
	char key[400];
	json_t *id;
	size_t i;
	int rc;

	if (!check_idents(x))
		return false;
	if (own) {
		if (!parse_rec_id(own, &x->rec_id))
			return reject(x,
			              "identifier %s%s must be a backrest "
			              "record id",
			              BR_FHIR_NS, ns);
		snprintf(key, sizeof(key), "%s|%s%s|%s", x->type, BR_FHIR_NS,
		         ns, own);
		return unique(im, x, "identifier", key);
	}
	json_array_foreach(json_object_get(x->res, "identifier"), i, id)
	{
		const char *sys = str(id, "system");

		if (sys && strncmp(sys, BR_FHIR_NS, strlen(BR_FHIR_NS)) == 0)
			continue;
		snprintf(x->link_sys, sizeof(x->link_sys), "%s",
		         sys ? sys : "");
		if (!copy(x, "identifier.value", str(id, "value"), x->link_val,
		          sizeof(x->link_val)))
			return false;
		break;
	}
	if (!x->link_val[0] && x->id) {
		snprintf(x->link_sys, sizeof(x->link_sys), "urn:fhir-id:%s",
		         x->type);
		if (!copy(x, "id", x->id, x->link_val, sizeof(x->link_val)))
			return false;
	}
	if (!x->link_val[0])
		return reject(x,
		              "%s needs an identifier (or an id) to be "
		              "matched on a later import",
		              x->type);
	snprintf(key, sizeof(key), "%s|%s|%s", x->type, x->link_sys,
	         x->link_val);
	if (!unique(im, x, "identifier", key))
		return false;
	rc = br_store_link_get(im->s, x->type, x->link_sys, x->link_val,
	                       &x->rec_id, &x->patient_id, im->err);
	if (rc == BR_ENOTFOUND) {
		br_err_clear(im->err);
		x->rec_id = 0;
		return true;
	}
	if (rc < 0)
		return reject_err(im, x, rc, im->err);
	x->exists = true;
	return true;
}

/* References -------------------------------------------------------------- */

static void
index_key(struct imp *im, const char *key, size_t i)
{
	if (key && !json_object_get(im->index, key))
		json_object_set_new(im->index, key,
		                    json_integer((json_int_t)i));
}

/* The entry a reference names, or NULL. */
static struct entry *
find_ref(struct imp *im, const char *ref)
{
	json_t *v = json_object_get(im->index, ref);
	const char *slash;

	if (v == NULL && strncmp(ref, "urn:", 4) != 0) {
		/* An absolute URL: its last two segments, Type/id. */
		slash = strrchr(ref, '/');
		while (slash && slash > ref) {
			const char *p = slash - 1;

			while (p > ref && *p != '/')
				p--;
			v = json_object_get(im->index, *p == '/' ? p + 1 : p);
			break;
		}
	}
	return v ? &im->e[json_integer_value(v)] : NULL;
}

/*
 * Resolves the reference member key of obj to a record of `type`: an
 * entry of the Bundle (*target) or, for a backrest id ("pat-<id>"), a
 * record in the store (*stored_id).  Absent and not required: true with
 * both unset.
 */
static bool
resolve(struct imp *im, struct entry *x, json_t *obj, const char *key,
        const char *path, const char *type, const char *prefix, bool required,
        struct entry **target, int64_t *stored_id)
{
	json_t *r = json_object_get(obj, key);
	const char *ref;
	struct entry *t;
	char want[64];

	*target = NULL;
	*stored_id = 0;
	if (r == NULL)
		return required ? reject(x, "%s is required", path) : true;
	if (!json_is_object(r))
		return reject(x, "%s must be a Reference object", path);
	ref = get_str(x, r, "reference", path);
	if (ref == NULL)
		return x->bad ? false
		              : reject(x, "%s.reference is required", path);
	t = find_ref(im, ref);
	if (t) {
		if (strcmp(t->type, type) != 0)
			return reject(x, "%s %s names a %s, not a %s", path,
			              ref, t->type, type);
		*target = t;
		return true;
	}
	snprintf(want, sizeof(want), "%s/%s-", type, prefix);
	if (strncmp(ref, want, strlen(want)) == 0 &&
	    parse_rec_id(ref + strlen(want), stored_id))
		return true; /* checked against the store by the caller */
	return reject(x,
	              "%s %.80s is neither in the bundle nor a backrest "
	              "record",
	              path, ref);
}

/* Organizations ------------------------------------------------------------ */

static void
read_org(struct imp *im, struct entry *x)
{
	struct br_clinic_row *c = calloc(1, sizeof(*c));
	const char *name;
	int rc;

	x->rec.clinic = c;
	if (c == NULL) {
		im->fatal = BR_ENOMEM;
		return;
	}
	if (!match_ident(im, x, BR_NS_CLINIC))
		return;
	name = get_str(x, x->res, "name", "name");
	if (x->bad || !copy(x, "name", name ? name : "Imported organization",
	                    c->name, sizeof(c->name)))
		return;
	if (x->rec_id && !x->exists) {
		rc = br_store_clinic_get(im->s, x->rec_id, c, im->err);
		if (rc == 0)
			x->exists = true;
		else if (rc == BR_ENOTFOUND)
			br_err_clear(im->err);
		else
			reject_err(im, x, rc, im->err);
	}
	if (!x->rec_id)
		x->rec_id = br_store_new_id();
	c->id = x->rec_id;
	ts_or_now(x, c->created_at);
}

/* Patients --------------------------------------------------------------- */

static bool
patient_name(struct entry *x, struct br_patient *p)
{
	json_t *names = json_object_get(x->res, "name"), *n, *g;
	char buf[BR_NAME_MAX * 2] = "";
	size_t i, k = 0;
	const char *text, *family;

	if (!json_is_array(names) || json_array_size(names) == 0)
		return reject(x, "name is required (a list of HumanName)");
	n = json_array_get(names, 0);
	if (!json_is_object(n))
		return reject(x, "name[0] must be a HumanName");
	text = get_str(x, n, "text", "name[0].text");
	if (text)
		return copy(x, "name[0].text", text, p->name, sizeof(p->name));
	json_array_foreach(json_object_get(n, "given"), i, g)
	{
		if (json_is_string(g) && k < sizeof(buf))
			k += (size_t)snprintf(buf + k, sizeof(buf) - k, "%s%s",
			                      k ? " " : "",
			                      json_string_value(g));
	}
	family = get_str(x, n, "family", "name[0].family");
	if (family && k < sizeof(buf))
		snprintf(buf + k, sizeof(buf) - k, "%s%s", k ? " " : "",
		         family);
	if (x->bad)
		return false;
	if (buf[0] == '\0')
		return reject(x, "name[0] needs text, given or family");
	return copy(x, "name", buf, p->name, sizeof(p->name));
}

static const char *
patient_ref(struct entry *x)
{
	const char *own = own_ident(x, BR_NS_REF);
	json_t *id;
	size_t i;

	if (own)
		return own;
	json_array_foreach(json_object_get(x->res, "identifier"), i, id)
	{
		json_t *c = json_array_get(
		        json_object_get(json_object_get(id, "type"), "coding"),
		        0);

		if (c && str(c, "code") && strcmp(str(c, "code"), "MR") == 0)
			return str(id, "value");
	}
	return NULL;
}

static void
read_patient(struct imp *im, struct entry *x)
{
	struct br_patient *p = calloc(1, sizeof(*p)), stored;
	struct entry *org;
	const char *gender, *ref;
	int64_t clinic = 0;
	int rc;

	x->rec.patient = p;
	if (p == NULL) {
		im->fatal = BR_ENOMEM;
		return;
	}
	if (!match_ident(im, x, BR_NS_PATIENT) || !patient_name(x, p))
		return;
	gender = get_str(x, x->res, "gender", "gender");
	if (gender && br_rec_index(br_rec_sexes, gender) < 0) {
		reject(x, "gender must be male, female, other or unknown");
		return;
	}
	snprintf(p->sex, sizeof(p->sex), "%s", gender ? gender : "unknown");
	if (!get_date(x, x->res, "birthDate", "birthDate", false, p->born))
		return;
	ref = patient_ref(x);
	if (ref && !copy(x, "identifier (MR)", ref, p->ref, sizeof(p->ref)))
		return;
	if (!resolve(im, x, x->res, "managingOrganization",
	             "managingOrganization", "Organization", "org", false, &org,
	             &clinic))
		return;
	if (org)
		x->clinic_ref = -(int64_t)org->index - 1; /* an entry */
	else if (clinic) {
		struct br_clinic_row c;

		rc = br_store_clinic_get(im->s, clinic, &c, im->err);
		if (rc < 0) {
			reject_err(im, x, rc, im->err);
			return;
		}
		x->clinic_ref = clinic;
	}
	if (x->rec_id && !x->exists) {
		rc = br_store_patient_get(im->s, x->rec_id, &stored, im->err);
		if (rc == 0)
			x->exists = true;
		else if (rc == BR_ENOTFOUND)
			br_err_clear(im->err);
		else
			reject_err(im, x, rc, im->err);
	}
	if (!x->rec_id)
		x->rec_id = br_store_new_id();
	x->patient_id = p->id = x->rec_id;
	ts_or_now(x, p->created_at);
}

/* The patient a subject/patient reference names: its id, and whether it is
 * already stored. */
static bool
resolve_patient(struct imp *im, struct entry *x, json_t *obj, const char *key,
                int64_t *patient_id)
{
	struct entry *t;
	struct br_patient p;
	int64_t stored;
	int rc;

	if (!resolve(im, x, obj, key, key, "Patient", "pat", true, &t, &stored))
		return false;
	if (t) {
		if (t->bad)
			return reject_dep(x, key, t);
		*patient_id = t->rec_id;
		return true;
	}
	rc = br_store_patient_get(im->s, stored, &p, im->err);
	if (rc < 0)
		return reject_err(im, x, rc, im->err);
	*patient_id = stored;
	return true;
}

/* Episodes: Condition + EpisodeOfCare -----------------------------------------
 */

static bool
has_coding(json_t *cc, const char *system, const char **code)
{
	json_t *c;
	size_t i;

	json_array_foreach(json_object_get(cc, "coding"), i, c)
	{
		const char *s = str(c, "system");

		if (s && strcmp(s, system) == 0 && str(c, "code")) {
			*code = str(c, "code");
			return true;
		}
	}
	return false;
}

static json_t *
find_ext(json_t *obj, const char *name)
{
	char url[160];
	json_t *x;
	size_t i;

	snprintf(url, sizeof(url), "%s%s", BR_FHIR_EXT, name);
	json_array_foreach(json_object_get(obj, "extension"), i, x)
	{
		const char *u = str(x, "url");

		if (u && strcmp(u, url) == 0)
			return x;
	}
	return NULL;
}

static void
read_condition(struct imp *im, struct entry *x)
{
	struct br_episode *e = calloc(1, sizeof(*e));
	json_t *site, *code, *sci;
	const char *c = NULL;
	size_t i;
	int64_t pid;

	x->rec.episode = e;
	if (e == NULL) {
		im->fatal = BR_ENOMEM;
		return;
	}
	if (!check_idents(x) ||
	    !resolve_patient(im, x, x->res, "subject", &pid))
		return;
	e->patient_id = pid;
	snprintf(e->region, sizeof(e->region), "low-back");
	code = json_object_get(x->res, "code");
	if (code && !json_is_object(code)) {
		reject(x, "code must be a CodeableConcept");
		return;
	}
	if (has_coding(code, BR_FHIR_CS BR_CS_CONDITION, &c)) {
		if (strcmp(c, "neck-pain") == 0)
			snprintf(e->region, sizeof(e->region), "neck");
		else if (strcmp(c, "mid-back-pain") == 0)
			snprintf(e->region, sizeof(e->region), "mid-back");
	}
	json_array_foreach(json_object_get(x->res, "bodySite"), i, site)
	{
		if (has_coding(site, BR_FHIR_CS BR_CS_REGION, &c) &&
		    br_rec_index(br_rec_regions, c) >= 0)
			snprintf(e->region, sizeof(e->region), "%s", c);
	}
	if (has_coding(code, "http://hl7.org/fhir/sid/icd-10-cm", &c) ||
	    has_coding(code, "http://hl7.org/fhir/sid/icd-10", &c)) {
		struct br_err ie = BR_ERR_INIT;

		if (br_rec_icd10(c, e->icd10, sizeof(e->icd10), &ie) < 0) {
			reject(x, "code: %s", ie.msg);
			return;
		}
	}
	sci = find_ext(x->res, BR_EXT_SCIATICA);
	if (sci) {
		json_t *v = json_object_get(sci, "valueBoolean");

		if (!json_is_boolean(v)) {
			reject(x, "the sciatica extension needs valueBoolean");
			return;
		}
		e->sciatica = json_is_true(v);
	}
	if (!get_date(x, x->res, "onsetDateTime", "onsetDateTime", false,
	              e->onset))
		return;
	if (!e->onset[0] &&
	    !get_date(x, json_object_get(x->res, "onsetPeriod"), "start",
	              "onsetPeriod.start", false, e->onset))
		return;
	if (!e->onset[0])
		get_date(x, x->res, "recordedDate", "recordedDate", false,
		         e->onset);
}

static void
read_eoc(struct imp *im, struct entry *x)
{
	struct br_episode *e, stored;
	struct entry *cond;
	json_t *diag, *period, *risk;
	const char *status;
	int64_t pid, cond_stored;
	int rc;

	if (!match_ident(im, x, BR_NS_EPISODE) ||
	    !resolve_patient(im, x, x->res, "patient", &pid))
		return;
	diag = json_array_get(json_object_get(x->res, "diagnosis"), 0);
	if (!resolve(im, x, diag, "condition", "diagnosis[0].condition",
	             "Condition", "cond", false, &cond, &cond_stored))
		return;
	if (cond == NULL) {
		/* An episode already stored needs no Condition. */
		if (x->rec_id == 0 ||
		    br_store_episode_get(im->s, x->rec_id, &stored, im->err) <
		            0) {
			br_err_clear(im->err);
			reject(x,
			       "diagnosis[0].condition must name a Condition "
			       "in the bundle (the episode's onset, region "
			       "and code)");
			return;
		}
		cond = NULL;
	}
	if (cond && cond->bad) {
		reject_dep(x, "its Condition", cond);
		return;
	}
	if (cond && cond->used) {
		reject(x,
		       "its Condition (entry %zu) belongs to another "
		       "EpisodeOfCare",
		       cond->index);
		return;
	}
	if (cond && cond->rec.episode->patient_id != pid) {
		reject(x, "its Condition (entry %zu) is about another patient",
		       cond->index);
		return;
	}
	if (cond) {
		cond->used = true;
		e = cond->rec.episode;
		cond->rec.episode = NULL;
	} else {
		e = calloc(1, sizeof(*e));
		if (e == NULL) {
			im->fatal = BR_ENOMEM;
			return;
		}
		*e = stored;
	}
	x->rec.episode = e;
	e->patient_id = pid;
	status = get_str(x, x->res, "status", "status");
	if (status == NULL || x->bad) {
		if (!x->bad)
			reject(x, "status is required");
		return;
	}
	if (strcmp(status, "finished") == 0)
		snprintf(e->status, sizeof(e->status), "closed");
	else if (strcmp(status, "active") == 0 ||
	         strcmp(status, "planned") == 0 ||
	         strcmp(status, "waitlist") == 0 ||
	         strcmp(status, "onhold") == 0)
		snprintf(e->status, sizeof(e->status), "open");
	else {
		reject(x,
		       "status %.20s is not imported (active, planned, "
		       "waitlist, onhold or finished)",
		       status);
		return;
	}
	period = json_object_get(x->res, "period");
	if (!get_date(x, period, "start", "period.start", false,
	              e->opened_on) ||
	    !get_date(x, period, "end", "period.end", false, e->closed_on))
		return;
	if (!e->opened_on[0])
		snprintf(e->opened_on, sizeof(e->opened_on), "%s", e->onset);
	if (!e->onset[0])
		snprintf(e->onset, sizeof(e->onset), "%s", e->opened_on);
	if (!e->onset[0]) {
		reject(x,
		       "the episode needs an onset (Condition.onsetDateTime) "
		       "or period.start");
		return;
	}
	if (strcmp(e->status, "closed") == 0 && !e->closed_on[0])
		snprintf(e->closed_on, sizeof(e->closed_on), "%s",
		         e->opened_on);
	if (strcmp(e->status, "open") == 0)
		e->closed_on[0] = '\0';
	if (strcmp(e->onset, e->opened_on) > 0) {
		reject(x, "the onset %s is after the episode began (%s)",
		       e->onset, e->opened_on);
		return;
	}
	risk = find_ext(x->res, BR_EXT_RISK);
	if (risk) {
		const char *r = str(risk, "valueCode");

		if (r == NULL ||
		    (strcmp(r, "low") != 0 && strcmp(r, "medium") != 0 &&
		     strcmp(r, "high") != 0)) {
			reject(x,
			       "the risk-group extension must be low, medium "
			       "or high");
			return;
		}
		snprintf(e->risk_group, sizeof(e->risk_group), "%s", r);
	}
	if (x->rec_id && !x->exists) {
		rc = br_store_episode_get(im->s, x->rec_id, &stored, im->err);
		if (rc == 0) {
			x->exists = true;
			if (stored.patient_id != pid) {
				reject(x,
				       "episode %lld is stored for another "
				       "patient",
				       (long long)x->rec_id);
				return;
			}
		} else if (rc == BR_ENOTFOUND) {
			br_err_clear(im->err);
		} else {
			reject_err(im, x, rc, im->err);
			return;
		}
	}
	if (x->exists) {
		rc = br_store_episode_get(im->s, x->rec_id, &stored, im->err);
		if (rc < 0) {
			reject_err(im, x, rc, im->err);
			return;
		}
		x->close_episode = strcmp(stored.status, "open") == 0 &&
		                   strcmp(e->status, "closed") == 0;
	}
	if (!x->rec_id)
		x->rec_id = br_store_new_id();
	if (cond)
		cond->exists = x->exists;
	e->id = x->rec_id;
	x->patient_id = pid;
	ts_or_now(x, e->created_at);
}

/* Sessions: Encounter + Procedures ---------------------------------------- */

static void
read_encounter(struct imp *im, struct entry *x)
{
	struct br_session *ss = malloc(sizeof(*ss));
	struct entry *eoc;
	struct br_episode ep;
	const char *status;
	int64_t pid, stored_ep, owner;
	json_t *holder;
	bool ok;
	int rc;

	x->rec.session = ss;
	if (ss == NULL) {
		im->fatal = BR_ENOMEM;
		return;
	}
	br_session_init(ss);
	if (!match_ident(im, x, BR_NS_SESSION) ||
	    !resolve_patient(im, x, x->res, "subject", &pid))
		return;
	status = get_str(x, x->res, "status", "status");
	if (status && (strcmp(status, "cancelled") == 0 ||
	               strcmp(status, "entered-in-error") == 0)) {
		reject(x, "a %s Encounter is not a session", status);
		return;
	}
	if (!json_is_array(json_object_get(x->res, "episodeOfCare"))) {
		reject(x, "episodeOfCare is required: a session belongs to an "
		          "episode");
		return;
	}
	holder = json_pack(
	        "{s:O}", "ref",
	        json_array_get(json_object_get(x->res, "episodeOfCare"), 0));
	ok = resolve(im, x, holder, "ref", "episodeOfCare[0]", "EpisodeOfCare",
	             "eoc", true, &eoc, &stored_ep);
	json_decref(holder);
	if (!ok)
		return;
	if (eoc) {
		if (eoc->bad) {
			reject_dep(x, "its EpisodeOfCare", eoc);
			return;
		}
		ss->episode_id = eoc->rec_id;
		if (eoc->patient_id != pid) {
			reject(x, "its EpisodeOfCare is about another patient");
			return;
		}
	} else {
		rc = br_store_episode_get(im->s, stored_ep, &ep, im->err);
		if (rc < 0) {
			reject_err(im, x, rc, im->err);
			return;
		}
		if (ep.patient_id != pid) {
			reject(x, "its EpisodeOfCare is about another patient");
			return;
		}
		ss->episode_id = ep.id;
	}
	if (!get_date(x, json_object_get(x->res, "period"), "start",
	              "period.start", true, ss->day))
		return;
	if (x->rec_id && !x->exists) {
		int64_t ep_id;

		rc = br_store_session_owner(im->s, x->rec_id, &owner, &ep_id,
		                            im->err);
		if (rc == 0) {
			x->exists = true;
			if (owner != pid) {
				reject(x,
				       "session %lld is stored for another "
				       "patient",
				       (long long)x->rec_id);
				return;
			}
		} else if (rc == BR_ENOTFOUND) {
			br_err_clear(im->err);
		} else {
			reject_err(im, x, rc, im->err);
			return;
		}
	}
	if (!x->rec_id)
		x->rec_id = br_store_new_id();
	ss->id = x->rec_id;
	ss->patient_id = x->patient_id = pid;
	ts_or_now(x, ss->created_at);
}

/* The session entry a Procedure or session Observation belongs to; NULL
 * with *stored set when the session is already in the store (nothing to
 * add), NULL otherwise after rejecting x. */
static struct entry *
session_of(struct imp *im, struct entry *x, bool *stored)
{
	struct entry *t;
	int64_t sid, owner, ep;
	int rc;

	*stored = false;
	if (!resolve(im, x, x->res, "encounter", "encounter", "Encounter",
	             "enc", true, &t, &sid))
		return NULL;
	if (t) {
		if (t->bad) {
			reject_dep(x, "its Encounter", t);
			return NULL;
		}
		if (t->exists)
			*stored = true;
		return t->exists ? NULL : t;
	}
	rc = br_store_session_owner(im->s, sid, &owner, &ep, im->err);
	if (rc < 0) {
		reject_err(im, x, rc, im->err);
		return NULL;
	}
	*stored = true;
	return NULL;
}

static bool
set_text(struct entry *x, const char *path, json_t *v, char *out, size_t n)
{
	if (!json_is_string(v))
		return reject(x, "%s must be a string", path);
	return copy(x, path, json_string_value(v), out, n);
}

static bool
set_code(struct entry *x, const char *path, json_t *v, char *out, size_t n)
{
	if (!json_is_string(v))
		return reject(x, "%s must be a code", path);
	return copy(x, path, json_string_value(v), out, n);
}

static bool
read_needling(struct entry *x, json_t *ext, struct br_session *s)
{
	json_t *sub;
	size_t i;

	json_array_foreach(json_object_get(ext, "extension"), i, sub)
	{
		const char *u = str(sub, "url");
		bool ok = true;

		if (u == NULL)
			return reject(x, "stricta-needling extension without "
			                 "url");
		if (strcmp(u, "needles") == 0)
			ok = get_int(x, json_object_get(sub, "valueInteger"),
			             "needles", 0, 200, &s->needles);
		else if (strcmp(u, "retention") == 0)
			ok = get_int(
			        x,
			        json_object_get(
			                json_object_get(sub, "valueDuration"),
			                "value"),
			        "retention (minutes)", 1, 240,
			        &s->retention_min);
		else if (strcmp(u, "depth") == 0)
			ok = get_int(
			        x,
			        json_object_get(
			                json_object_get(sub, "valueQuantity"),
			                "value"),
			        "depth (mm)", 0, 150, &s->depth_mm);
		else if (strcmp(u, "deqi") == 0) {
			json_t *b = json_object_get(sub, "valueBoolean");

			if (!json_is_boolean(b))
				return reject(x, "deqi must be valueBoolean");
			s->deqi = json_is_true(b);
		} else if (strcmp(u, "stimulation") == 0)
			ok = set_code(x, "stimulation",
			              json_object_get(sub, "valueCode"),
			              s->stimulation, sizeof(s->stimulation));
		else if (strcmp(u, "needleSize") == 0)
			ok = set_text(x, "needleSize",
			              json_object_get(sub, "valueString"),
			              s->needle_size, sizeof(s->needle_size));
		else
			return reject(x, "unknown stricta-needling part %.40s",
			              u);
		if (!ok)
			return false;
	}
	return true;
}

static bool
read_ea(struct entry *x, json_t *ext, struct br_session *s)
{
	json_t *sub;
	size_t i;

	json_array_foreach(json_object_get(ext, "extension"), i, sub)
	{
		const char *u = str(sub, "url");
		bool ok = true;

		if (u == NULL)
			return reject(x, "electroacupuncture extension without "
			                 "url");
		if (strcmp(u, "frequency") == 0)
			ok = set_text(x, "electroacupuncture frequency",
			              json_object_get(sub, "valueString"),
			              s->ea_hz, sizeof(s->ea_hz));
		else if (strcmp(u, "waveform") == 0)
			ok = set_code(x, "electroacupuncture waveform",
			              json_object_get(sub, "valueCode"),
			              s->ea_waveform, sizeof(s->ea_waveform));
		else if (strcmp(u, "duration") == 0)
			ok = get_int(
			        x,
			        json_object_get(
			                json_object_get(sub, "valueDuration"),
			                "value"),
			        "electroacupuncture duration", 1, 240,
			        &s->ea_minutes);
		else if (strcmp(u, "current") == 0) {
			json_t *v = json_object_get(
			        json_object_get(sub, "valueQuantity"), "value");

			if (!json_is_number(v) || json_number_value(v) < 0 ||
			    json_number_value(v) > 50)
				return reject(x, "electroacupuncture current "
				                 "must be 0-50 mA");
			s->ea_ma = json_number_value(v);
		} else
			return reject(
			        x, "unknown electroacupuncture part %.40s", u);
		if (!ok)
			return false;
	}
	return true;
}

static bool
read_technique(struct entry *x, json_t *ext, const char *mod,
               struct br_session *s)
{
	json_t *c = json_object_get(ext, "valueCoding");
	const char *code = str(c, "code");
	const char *prefix = strcmp(mod, "cupping") == 0       ? "cupping-"
	                     : strcmp(mod, "moxibustion") == 0 ? "moxa-"
	                     : strcmp(mod, "massage") == 0     ? "massage-"
	                                                       : NULL;
	char *out = strcmp(mod, "cupping") == 0       ? s->cupping
	            : strcmp(mod, "moxibustion") == 0 ? s->moxa
	                                              : s->massage;
	size_t n = strcmp(mod, "cupping") == 0       ? sizeof(s->cupping)
	           : strcmp(mod, "moxibustion") == 0 ? sizeof(s->moxa)
	                                             : sizeof(s->massage);

	if (prefix == NULL)
		return reject(x,
		              "a technique belongs to cupping, moxibustion "
		              "or massage, not %s",
		              mod);
	if (code == NULL || strncmp(code, prefix, strlen(prefix)) != 0)
		return reject(x, "the technique of %s must be a %s* code", mod,
		              prefix);
	return copy(x, "technique", code + strlen(prefix), out, n);
}

static bool
read_sites(struct imp *im, struct entry *x, struct br_session *s)
{
	json_t *site;
	size_t i;

	(void)im;
	json_array_foreach(json_object_get(x->res, "bodySite"), i, site)
	{
		struct br_err e = BR_ERR_INIT;
		const char *code = NULL;
		int rc;

		if (has_coding(site, BR_FHIR_CS BR_CS_POINT, &code)) {
			json_t *lat = find_ext(site, BR_EXT_LATERALITY);

			rc = br_rec_session_point(
			        s, code, lat ? str(lat, "valueCode") : NULL,
			        &e);
		} else if (has_coding(site, BR_FHIR_CS BR_CS_REGION, &code)) {
			rc = br_rec_session_word(s, "regions", code, &e);
		} else {
			return reject(x,
			              "bodySite[%zu] has no backrest point or "
			              "region coding",
			              i);
		}
		if (rc < 0)
			return reject(x, "bodySite[%zu]: %s", i, e.msg);
	}
	return true;
}

static void
read_procedure(struct imp *im, struct entry *x)
{
	struct entry *se;
	struct br_session *s;
	const char *mod = NULL, *status;
	json_t *ext, *c, *note;
	struct br_err e = BR_ERR_INIT;
	bool stored;
	size_t i;

	if (!check_idents(x))
		return;
	status = get_str(x, x->res, "status", "status");
	if (x->bad)
		return;
	if (status == NULL || strcmp(status, "completed") != 0) {
		reject(x, "only completed procedures are imported, not %.20s",
		       status ? status : "(no status)");
		return;
	}
	if (!has_coding(json_object_get(x->res, "code"),
	                BR_FHIR_CS BR_CS_MODALITY, &mod) ||
	    br_rec_index(br_rec_modalities, mod) < 0) {
		reject(x, "code must be a backrest treatment modality "
		          "(acupuncture, electroacupuncture, cupping, "
		          "moxibustion, massage)");
		return;
	}
	se = session_of(im, x, &stored);
	if (se == NULL) {
		if (stored)
			x->exists = true;
		return;
	}
	s = se->rec.session;
	for (int k = 0; k < s->n_modalities; k++)
		if (strcmp(s->modalities[k], mod) == 0) {
			reject(x,
			       "its Encounter (entry %zu) already has a %s "
			       "Procedure",
			       se->index, mod);
			return;
		}
	if (br_rec_session_word(s, "modality", mod, &e) < 0) {
		reject(x, "%s", e.msg);
		return;
	}
	json_array_foreach(json_object_get(x->res, "extension"), i, ext)
	{
		const char *u = str(ext, "url");
		bool ok = true;
		size_t base = strlen(BR_FHIR_EXT);

		if (u == NULL || strncmp(u, BR_FHIR_EXT, base) != 0)
			continue; /* another system's extension */
		u += base;
		if (strcmp(u, BR_EXT_NEEDLING) == 0)
			ok = read_needling(x, ext, s);
		else if (strcmp(u, BR_EXT_EA) == 0)
			ok = read_ea(x, ext, s);
		else if (strcmp(u, BR_EXT_TECHNIQUE) == 0)
			ok = read_technique(x, ext, mod, s);
		else if (strcmp(u, BR_EXT_POSITION) == 0) {
			const char *p = str(ext, "valueCode");

			if (p == NULL)
				ok = reject(x, "patient-position needs "
				               "valueCode");
			else if (s->position[0] && strcmp(s->position, p) != 0)
				ok = reject(x,
				            "patient-position %.10s "
				            "differs from another Procedure "
				            "of the session (%s)",
				            p, s->position);
			else
				ok = copy(x, "patient-position", p, s->position,
				          sizeof(s->position));
		}
		if (!ok)
			return;
	}
	if (!read_sites(im, x, s))
		return;
	json_array_foreach(json_object_get(x->res, "complication"), i, c)
	{
		const char *code = NULL;

		if (!has_coding(c, BR_FHIR_CS BR_CS_ADVERSE, &code)) {
			reject(x,
			       "complication[%zu] has no backrest adverse "
			       "event coding",
			       i);
			return;
		}
		if (br_rec_session_word(s, "adverse", code, &e) < 0) {
			reject(x, "complication[%zu]: %s", i, e.msg);
			return;
		}
	}
	note = json_array_get(json_object_get(x->res, "note"), 0);
	if (note && !s->note[0] &&
	    !set_text(x, "note[0].text", json_object_get(note, "text"), s->note,
	              sizeof(s->note)))
		return;
}

/* Observations ------------------------------------------------------------ */

static int
metric_of(json_t *code)
{
	const char *c;
	int m;

	if (has_coding(code, BR_FHIR_CS BR_CS_OBS, &c))
		for (m = 0; m < BR_M_COUNT; m++)
			if (strcmp(br_metrics[m].system, BR_LOINC) != 0 &&
			    strcmp(br_metrics[m].code, c) == 0)
				return m;
	if (has_coding(code, BR_LOINC, &c)) {
		if (strcmp(c, BR_LOINC_PAIN) == 0)
			return BR_M_PAIN;
		if (strcmp(c, BR_LOINC_TST) == 0)
			return BR_M_TST;
	}
	return -1;
}

/* The Observation's value as a whole number in [0, max]. */
static bool
obs_int(struct entry *x, enum br_metric m, int max, int *out)
{
	json_t *q = json_object_get(x->res, "valueQuantity");
	json_t *v = json_object_get(x->res, "valueInteger");
	const char *unit = br_metrics[m].unit;

	if (v)
		return get_int(x, v, "valueInteger", 0, max, out);
	if (q == NULL)
		return reject(x, "%s needs valueQuantity or valueInteger",
		              br_metrics[m].key);
	if (!json_is_object(q))
		return reject(x, "valueQuantity must be a Quantity");
	if (unit && unit[0] && str(q, "code") &&
	    strcmp(str(q, "code"), unit) != 0)
		return reject(x, "valueQuantity of %s must be in %s, not %.20s",
		              br_metrics[m].key, unit, str(q, "code"));
	return get_int(x, json_object_get(q, "value"), "valueQuantity.value", 0,
	               max, out);
}

static bool
add_item(struct imp *im, struct diary_item *it)
{
	void *p;

	if (im->n_items == im->cap_items) {
		size_t cap = im->cap_items ? im->cap_items * 2 : 64;

		p = realloc(im->items, cap * sizeof(*im->items));
		if (p == NULL) {
			im->fatal = BR_ENOMEM;
			return false;
		}
		im->items = p;
		im->cap_items = cap;
	}
	im->items[im->n_items++] = *it;
	return true;
}

/* The day in backrest's diary identifier "<patient>:<date>:<metric>", when
 * there is one; it must name the Observation's patient and be within a
 * day of the night's own dates. */
static bool
diary_day_of(struct entry *x, int64_t pid, int32_t *day)
{
	const char *v = own_ident(x, BR_NS_DIARY);
	char date[BR_DATE_LEN], want[24];
	const char *c1;
	int32_t d;

	if (v == NULL)
		return true;
	snprintf(want, sizeof(want), "%lld:", (long long)pid);
	c1 = strncmp(v, want, strlen(want)) == 0 ? v + strlen(want) : NULL;
	if (c1 == NULL || strlen(c1) < 11 || c1[10] != ':')
		return reject(x,
		              "identifier %.60s does not name this "
		              "Observation's patient and day",
		              v);
	memcpy(date, c1, 10);
	date[10] = '\0';
	if (br_parse_date("date", date, &d, NULL) < 0 || d < *day - 1 ||
	    d > *day + 1)
		return reject(x,
		              "identifier %.60s does not match the "
		              "effectivePeriod",
		              v);
	*day = d;
	return true;
}

static void
read_observation(struct imp *im, struct entry *x)
{
	static const int max[BR_M_COUNT] = {
	        [BR_M_PAIN] = 10,          [BR_M_PAIN_WORST] = 10,
	        [BR_M_ACTIVITY] = 1440,    [BR_M_SOL] = 1440,
	        [BR_M_WASO] = 1440,        [BR_M_WAKES] = 100,
	        [BR_M_QUALITY] = 4,        [BR_M_SESSION_BEFORE] = 10,
	        [BR_M_SESSION_AFTER] = 10,
	};
	struct diary_item it = {0};
	const char *status, *dt;
	json_t *period;
	int m, mins;
	int64_t pid;

	if (!check_idents(x))
		return;
	status = get_str(x, x->res, "status", "status");
	if (x->bad)
		return;
	if (status == NULL ||
	    (strcmp(status, "final") != 0 && strcmp(status, "amended") != 0 &&
	     strcmp(status, "corrected") != 0)) {
		reject(x, "status must be final, amended or corrected");
		return;
	}
	m = metric_of(json_object_get(x->res, "code"));
	if (m < 0) {
		if (im->o->skip_unknown)
			x->kind = K_UNKNOWN;
		else
			reject(x, "code is not one backrest stores (pain "
			          "72514-3, sleep duration 93832-4 or a "
			          "backrest observation code); use "
			          "--skip-unknown to skip it");
		return;
	}
	if (!resolve_patient(im, x, x->res, "subject", &pid))
		return;
	if (m == BR_M_SESSION_BEFORE || m == BR_M_SESSION_AFTER) {
		bool stored;
		struct entry *se = session_of(im, x, &stored);
		int v;

		if (se == NULL) {
			x->exists = stored;
			return;
		}
		if (!obs_int(x, (enum br_metric)m, 10, &v))
			return;
		if (m == BR_M_SESSION_BEFORE)
			se->rec.session->pain_before = v;
		else
			se->rec.session->pain_after = v;
		return;
	}
	it.patient_id = pid;
	it.metric = (enum br_metric)m;
	it.entry = x->index;
	it.v = it.t0 = it.t1 = BR_UNSET;
	period = json_object_get(x->res, "effectivePeriod");
	if (m == BR_M_TIB || m == BR_M_TST) {
		const char *a, *b;
		int32_t da = 0, db = 0;

		if (!json_is_object(period)) {
			reject(x,
			       "%s needs effectivePeriod (the clock times); "
			       "backrest stores the diary times, not the "
			       "duration",
			       br_metrics[m].key);
			return;
		}
		a = get_str(x, period, "start", "effectivePeriod.start");
		b = get_str(x, period, "end", "effectivePeriod.end");
		if (x->bad)
			return;
		if ((a &&
		     (!parse_dt(a, &da, &it.t0, NULL) || it.t0 == BR_UNSET)) ||
		    (b &&
		     (!parse_dt(b, &db, &it.t1, NULL) || it.t1 == BR_UNSET)) ||
		    (!a && !b)) {
			reject(x, "effectivePeriod needs start or end as a "
			          "dateTime with a time");
			return;
		}
		/* The night belongs to the day it ends on; a start alone in
		 * the evening is the night before the next day. */
		it.day = b ? db : (it.t0 >= 720 ? da + 1 : da);
		if (a && b && (db < da || db - da > 1)) {
			reject(x, "effectivePeriod must span one night");
			return;
		}
		/* backrest's own identifier names the diary day: a night
		 * whose final awakening falls before midnight still belongs
		 * to the morning it was reported. */
		if (!diary_day_of(x, pid, &it.day))
			return;
		add_item(im, &it);
		return;
	}
	dt = get_str(x, x->res, "effectiveDateTime", "effectiveDateTime");
	if (dt == NULL && json_is_object(period))
		dt = get_str(x, period, "start", "effectivePeriod.start");
	if (x->bad)
		return;
	if (dt == NULL || !parse_dt(dt, &it.day, &mins, NULL)) {
		reject(x, "effectiveDateTime must be the diary date "
		          "(YYYY-MM-DD)");
		return;
	}
	if (m == BR_M_NOTE) {
		char note[BR_NOTE_MAX];

		if (!set_text(x, "valueString",
		              json_object_get(x->res, "valueString"), note,
		              sizeof(note)))
			return;
		it.note = x->index;
	} else if (!obs_int(x, (enum br_metric)m, max[m], &it.v)) {
		return;
	}
	add_item(im, &it);
}

/* Diary days ----------------------------------------------------------------
 */

static int
cmp_item(const void *a, const void *b)
{
	const struct diary_item *x = a, *y = b;

	if (x->patient_id != y->patient_id)
		return x->patient_id < y->patient_id ? -1 : 1;
	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	if (x->metric != y->metric)
		return (int)x->metric - (int)y->metric;
	return x->entry < y->entry ? -1 : x->entry > y->entry;
}

static void
apply_item(struct imp *im, const struct diary_item *it, struct br_diary_day *d)
{
	struct br_night *n = &d->night;

	switch (it->metric) {
	case BR_M_PAIN:
		d->pain = it->v;
		break;
	case BR_M_PAIN_WORST:
		d->pain_worst = it->v;
		break;
	case BR_M_ACTIVITY:
		d->activity_min = it->v;
		break;
	case BR_M_SOL:
		n->sol = it->v;
		break;
	case BR_M_WASO:
		n->waso = it->v;
		break;
	case BR_M_WAKES:
		n->wakes = it->v;
		break;
	case BR_M_QUALITY:
		n->quality = it->v;
		break;
	case BR_M_TIB:
		n->bed = it->t0 != BR_UNSET ? it->t0 : n->bed;
		n->up = it->t1 != BR_UNSET ? it->t1 : n->up;
		break;
	case BR_M_TST:
		n->try_ = it->t0 != BR_UNSET ? it->t0 : n->try_;
		n->final = it->t1 != BR_UNSET ? it->t1 : n->final;
		break;
	case BR_M_NOTE:
		snprintf(d->note, sizeof(d->note), "%s",
		         json_string_value(json_object_get(im->e[it->note].res,
		                                           "valueString")));
		break;
	default:
		break;
	}
}

static bool
same_day(const struct br_diary_day *a, const struct br_diary_day *b)
{
	return memcmp(&a->night, &b->night, sizeof(a->night)) == 0 &&
	       a->pain == b->pain && a->pain_worst == b->pain_worst &&
	       a->activity_min == b->activity_min &&
	       strcmp(a->note, b->note) == 0;
}

/* The diary days the items make, merged into what is stored: *days gets
 * the days to write.  Rejects the entries of a day that fails its
 * checks. */
static int
build_days(struct imp *im, struct br_diary_day **days, size_t *n_days,
           size_t *unchanged, size_t *n_new)
{
	struct br_diary_day *out = NULL, stored;
	size_t cap = 0, n = 0, i = 0, j;

	if (im->n_items > 1)
		qsort(im->items, im->n_items, sizeof(*im->items), cmp_item);
	while (i < im->n_items) {
		struct br_diary_day d;
		struct br_err e = BR_ERR_INIT;
		char ts[BR_TS_LEN] = "";
		bool found = false;
		int rc;

		br_diary_day_init(&d);
		d.patient_id = im->items[i].patient_id;
		br_format_date(im->items[i].day, d.day);
		rc = br_store_diary_get(im->s, d.patient_id, d.day, &stored,
		                        im->err);
		if (rc == 0) {
			found = true;
			d = stored;
		} else if (rc == BR_ENOTFOUND) {
			br_err_clear(im->err);
		} else {
			return rc;
		}
		for (j = i; j < im->n_items &&
		            im->items[j].patient_id == d.patient_id &&
		            im->items[j].day == im->items[i].day;
		     j++) {
			struct entry *x = &im->e[im->items[j].entry];

			if (j > i &&
			    im->items[j].metric == im->items[j - 1].metric)
				reject(x,
				       "duplicate: entry %zu has the same "
				       "patient, day and %s",
				       im->items[j - 1].entry,
				       br_metrics[im->items[j].metric].key);
			apply_item(im, &im->items[j], &d);
			if (strcmp(x->ts, ts) > 0)
				memcpy(ts, x->ts, sizeof(ts));
		}
		if (br_rec_day_check(&d, &e) < 0)
			reject(&im->e[im->items[i].entry], "diary day %s: %s",
			       d.day, e.msg);
		if (found && same_day(&d, &stored)) {
			(*unchanged)++;
			for (size_t k = i; k < j; k++)
				im->e[im->items[k].entry].exists = true;
		} else {
			if (ts[0])
				memcpy(d.updated_at, ts, sizeof(ts));
			else
				br_store_now(d.updated_at);
			if (n == cap) {
				size_t nc = cap ? cap * 2 : 64;
				void *p = realloc(out, nc * sizeof(*out));

				if (p == NULL) {
					free(out);
					return BR_ENOMEM;
				}
				out = p;
				cap = nc;
			}
			out[n++] = d;
			*n_new += !found;
		}
		i = j;
	}
	*days = out;
	*n_days = n;
	return 0;
}

/* The walk ---------------------------------------------------------------- */

static bool
read_entries(struct imp *im, json_t *bundle, const char **why)
{
	const char *type = str(bundle, "type");
	json_t *entries = json_object_get(bundle, "entry"), *en;
	bool transaction;
	size_t i;

	if (!json_is_object(bundle) || str(bundle, "resourceType") == NULL ||
	    strcmp(str(bundle, "resourceType"), "Bundle") != 0) {
		*why = "the file is not a FHIR Bundle (resourceType must be "
		       "Bundle)";
		return false;
	}
	if (type == NULL || (strcmp(type, "transaction") != 0 &&
	                     strcmp(type, "collection") != 0)) {
		*why = "Bundle.type must be transaction or collection";
		return false;
	}
	transaction = strcmp(type, "transaction") == 0;
	if (entries && !json_is_array(entries)) {
		*why = "Bundle.entry must be a list";
		return false;
	}
	im->n = json_array_size(entries);
	im->e = calloc(im->n ? im->n : 1, sizeof(*im->e));
	if (im->e == NULL) {
		im->fatal = BR_ENOMEM;
		return false;
	}
	json_array_foreach(entries, i, en)
	{
		struct entry *x = &im->e[i];
		json_t *req;
		char key[160];

		x->index = i;
		x->type = "";
		if (!json_is_object(en)) {
			reject(x, "the entry must be an object");
			continue;
		}
		x->full_url = str(en, "fullUrl");
		if (json_object_get(en, "fullUrl") && x->full_url == NULL)
			reject(x, "fullUrl must be a string");
		x->res = json_object_get(en, "resource");
		if (!json_is_object(x->res) || !str(x->res, "resourceType")) {
			x->res = NULL;
			reject(x, "the entry has no resource with a "
			          "resourceType");
			continue;
		}
		x->type = str(x->res, "resourceType");
		x->id = str(x->res, "id");
		if (json_object_get(x->res, "id") && x->id == NULL)
			reject(x, "id must be a string");
		req = json_object_get(en, "request");
		if (transaction) {
			const char *m = str(req, "method");

			if (m == NULL)
				reject(x, "a transaction entry needs "
				          "request.method");
			else if (strcmp(m, "POST") != 0 &&
			         strcmp(m, "PUT") != 0)
				reject(x,
				       "request.method %.10s is not imported "
				       "(POST or PUT)",
				       m);
		}
		x->kind = K_UNKNOWN;
		for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++)
			if (strcmp(kinds[k].type, x->type) == 0)
				x->kind = kinds[k].kind;
		get_ts(x, x->ts);
		if (x->full_url) {
			if (json_object_get(im->index, x->full_url) && !x->bad)
				reject(x,
				       "duplicate fullUrl: entry %lld has "
				       "the same",
				       (long long)json_integer_value(
				               json_object_get(im->index,
				                               x->full_url)));
			index_key(im, x->full_url, i);
		}
		if (x->id) {
			snprintf(key, sizeof(key), "%s/%s", x->type, x->id);
			index_key(im, key, i);
		}
	}
	return true;
}

static void
read_kind(struct imp *im, enum kind k, void (*fn)(struct imp *, struct entry *))
{
	for (size_t i = 0; i < im->n && !im->fatal; i++)
		if (im->e[i].kind == k && !im->e[i].bad && im->e[i].res)
			fn(im, &im->e[i]);
}

static void
count(json_t *obj, const char *key, json_int_t n)
{
	json_t *v;

	if (n == 0)
		return;
	v = json_object_get(obj, key);
	json_object_set_new(obj, key,
	                    json_integer((v ? json_integer_value(v) : 0) + n));
}

static int
write_all(struct imp *im, struct br_diary_day *days, size_t n_days,
          size_t n_new, json_t *report)
{
	json_t *created = json_object_get(report, "created");
	json_t *matched = json_object_get(report, "matched");
	json_t *pats = json_object_get(report, "patients");
	struct br_clinic clinic = {0};
	struct br_err *err = im->err;
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < im->n; i++) {
		struct entry *x = &im->e[i];

		if (x->kind == K_UNKNOWN || x->kind == K_DEFINITION ||
		    x->res == NULL)
			continue;
		if (x->exists) {
			count(matched, x->type, 1);
			if (x->close_episode)
				rc = br_store_episode_close(
				        im->s, x->patient_id, x->rec_id,
				        x->rec.episode->closed_on, err);
			if (x->close_episode)
				count(json_object_get(report, "updated"),
				      "EpisodeOfCare", 1);
			continue;
		}
		switch (x->kind) {
		case K_ORG:
			rc = br_store_clinic_insert(im->s, x->rec.clinic, err);
			break;
		case K_PATIENT:
			if (x->clinic_ref < 0)
				x->rec.patient->clinic_id =
				        im->e[-x->clinic_ref - 1].rec_id;
			else if (x->clinic_ref > 0)
				x->rec.patient->clinic_id = x->clinic_ref;
			else {
				if (clinic.id == 0)
					rc = br_store_clinic_default(
					        im->s, "My practice", &clinic,
					        err);
				x->rec.patient->clinic_id = clinic.id;
			}
			if (rc == 0)
				rc = br_store_patient_insert(
				        im->s, x->rec.patient, err);
			if (rc == 0)
				json_array_append_new(pats,
				                      json_integer(x->rec_id));
			break;
		case K_EOC:
			rc = br_store_episode_insert(im->s, x->rec.episode,
			                             err);
			break;
		case K_ENCOUNTER:
			rc = br_store_session_insert(im->s, x->rec.session,
			                             err);
			break;
		default:
			break;
		}
		if (rc == 0 && x->link_val[0] &&
		    (x->kind == K_ORG || x->kind == K_PATIENT ||
		     x->kind == K_EOC || x->kind == K_ENCOUNTER))
			rc = br_store_link_put(im->s, x->type, x->link_sys,
			                       x->link_val, x->rec_id,
			                       x->patient_id, err);
		if (rc == 0)
			count(created, x->type, 1);
	}
	for (size_t i = 0; rc == 0 && i < n_days; i++)
		rc = br_store_diary_put(im->s, &days[i], err);
	count(created, "diary days", (json_int_t)n_new);
	count(json_object_get(report, "updated"), "diary days",
	      (json_int_t)(n_days - n_new));
	return rc;
}

static void
release(struct imp *im)
{
	for (size_t i = 0; i < im->n; i++)
		free(im->e[i].rec.session); /* the union's pointer */
	free(im->e);
	free(im->items);
	json_decref(im->index);
	json_decref(im->idents);
}

/* Builds the error: one sentence naming the rejected entries. */
static int
rejections(struct imp *im, json_t *report, struct br_err *err)
{
	json_t *list = json_array();
	char msg[sizeof(err->msg)];
	size_t bad = 0, first = 0, dependent = 0;
	json_t *unknown = json_object();
	const char *t;
	json_t *v;

	for (size_t i = 0; i < im->n; i++) {
		struct entry *x = &im->e[i];

		if (!x->bad)
			continue;
		if (x->dependent) {
			dependent++;
			continue;
		}
		if (bad++ == 0)
			first = i;
		json_array_append_new(list, json_pack("{s:I, s:s?, s:s, s:s}",
		                                      "index", (json_int_t)i,
		                                      "fullUrl", x->full_url,
		                                      "resourceType", x->type,
		                                      "reason", x->reason));
		if (x->kind == K_UNKNOWN && !im->o->skip_unknown &&
		    x->res != NULL)
			count(unknown, x->type, 1);
	}
	json_object_set_new(report, "rejected", list);
	json_object_set_new(report, "dependent",
	                    json_integer((json_int_t)dependent));
	if (json_object_size(unknown) > 0) {
		size_t k = 0;

		json_object_foreach(unknown, t, v)
		{
			if (k < sizeof(msg))
				k += (size_t)snprintf(
				        msg + k, sizeof(msg) - k, "%s%s (%lld)",
				        k ? ", " : "", t,
				        (long long)json_integer_value(v));
		}
		json_decref(unknown);
		return br_error(err, BR_EINVAL, "file",
		                "bundle rejected, nothing imported: it has "
		                "resource types backrest does not import: %s; "
		                "use --skip-unknown to skip them",
		                msg);
	}
	json_decref(unknown);
	snprintf(msg, sizeof(msg), "entry %zu (%s%s%s): %s", first,
	         im->e[first].type[0] ? im->e[first].type : "?",
	         im->e[first].full_url ? " " : "",
	         im->e[first].full_url ? im->e[first].full_url : "",
	         im->e[first].reason);
	if (bad == 1 && dependent)
		return br_error(
		        err, BR_EINVAL, "file",
		        "bundle rejected, nothing imported (%zu entries "
		        "depend on the rejected one): %s",
		        dependent, msg);
	if (bad == 1)
		return br_error(err, BR_EINVAL, "file",
		                "bundle rejected, nothing imported: %s", msg);
	return br_error(err, BR_EINVAL, "file",
	                "bundle rejected, nothing imported: %zu of %zu "
	                "entries are invalid; first %s",
	                bad, im->n, msg);
}

int
br_fhir_import(struct br_store *s, json_t *bundle,
               const struct br_fhir_import_opts *o, json_t **report,
               struct br_err *err)
{
	struct imp im = {.s = s, .o = o, .err = err};
	struct br_diary_day *days = NULL;
	size_t n_days = 0, unchanged = 0, n_new = 0;
	const char *why = NULL;
	json_t *rep;
	bool any_bad = false;
	int rc;

	*report = NULL;
	im.index = json_object();
	im.idents = json_object();
	if (!read_entries(&im, bundle, &why)) {
		release(&im);
		if (im.fatal)
			return br_error(err, im.fatal, "", "out of memory");
		return br_error(err, BR_EINVAL, "file", "%s", why);
	}
	for (size_t i = 0; i < im.n; i++)
		if (im.e[i].kind == K_UNKNOWN && im.e[i].res &&
		    !o->skip_unknown)
			reject(&im.e[i],
			       "resource type %.40s is not imported "
			       "by backrest",
			       im.e[i].type);
	for (size_t i = 0; i < im.n; i++) {
		json_t *d;
		size_t k;

		if (im.e[i].kind != K_EOC || im.e[i].res == NULL)
			continue;
		json_array_foreach(json_object_get(im.e[i].res, "diagnosis"), k,
		                   d)
		{
			const char *ref = str(json_object_get(d, "condition"),
			                      "reference");
			struct entry *c = ref ? find_ref(&im, ref) : NULL;

			if (c && c->kind == K_CONDITION && !c->named_by)
				c->named_by = i + 1;
		}
	}
	read_kind(&im, K_ORG, read_org);
	read_kind(&im, K_PATIENT, read_patient);
	read_kind(&im, K_CONDITION, read_condition);
	read_kind(&im, K_EOC, read_eoc);
	read_kind(&im, K_ENCOUNTER, read_encounter);
	read_kind(&im, K_PROCEDURE, read_procedure);
	read_kind(&im, K_OBSERVATION, read_observation);
	for (size_t i = 0; i < im.n && !im.fatal; i++) {
		struct entry *x = &im.e[i];
		struct br_err e = BR_ERR_INIT;

		if (x->kind == K_CONDITION && !x->bad && !x->used &&
		    x->named_by && im.e[x->named_by - 1].bad)
			reject_dep(x, "its EpisodeOfCare",
			           &im.e[x->named_by - 1]);
		else if (x->kind == K_CONDITION && !x->bad && !x->used)
			reject(x, "no EpisodeOfCare names this Condition in "
			          "diagnosis; backrest imports a Condition as "
			          "part of its episode");
		if (x->kind == K_ENCOUNTER && !x->bad && !x->exists &&
		    br_rec_session_check(x->rec.session, &e) < 0)
			reject(x, "session: %s", e.msg);
	}
	rc = im.fatal;
	if (rc == 0)
		rc = build_days(&im, &days, &n_days, &unchanged, &n_new);
	if (rc < 0) {
		free(days);
		release(&im);
		return err->code ? rc
		                 : br_error(err, rc, "", "the import failed");
	}
	rep = json_pack("{s:{}, s:{}, s:{}, s:{}, s:[], s:I}", "created",
	                "matched", "updated", "skipped", "patients",
	                "diary_days_unchanged", (json_int_t)unchanged);
	for (size_t i = 0; i < im.n; i++) {
		any_bad = any_bad || im.e[i].bad;
		if (!im.e[i].bad && im.e[i].res &&
		    (im.e[i].kind == K_UNKNOWN || im.e[i].kind == K_DEFINITION))
			count(json_object_get(rep, "skipped"), im.e[i].type, 1);
	}
	if (any_bad) {
		rc = rejections(&im, rep, err);
		*report = rep;
	} else {
		rc = write_all(&im, days, n_days, n_new, rep);
		if (rc == 0) {
			*report = rep;
		} else {
			json_decref(rep);
		}
	}
	free(days);
	release(&im);
	return rc;
}
