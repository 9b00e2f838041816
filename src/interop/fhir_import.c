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
#include "model/instruments.h"
#include "model/library.h"
#include "model/vocab.h"
#include "core/redflag.h"
#include "interop/records.h"
#include "store/herbal.h"
#include "store/intake.h"
#include "store/interop.h"
#include "store/exercises.h"
#include "store/measures.h"
#include "store/pacing.h"
#include "store/plans.h"
#include "store/screenings.h"
#include "store/tcm.h"
#include "store/visits.h"

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
	K_PRACT,
	K_PRACT_ROLE,
	K_QR,
	K_MEDREQ,
	K_APPT,
	K_SERVREQ,
	K_CAREPLAN,
	K_GOAL,
};

/* What a QuestionnaireResponse, Observation or Condition turned out to
 * be. */
enum sub {
	S_NONE,
	S_MEASURE,     /* QR of an instrument */
	S_INTAKE,      /* QR of the intake */
	S_SCORE,       /* score Observation of a measure */
	S_SCREEN,      /* red-flag screen */
	S_TCM,         /* TCM tongue, pulse or differentiation */
	S_HERB_AE,     /* adverse effect of a herbal prescription */
	S_INTAKE_COND, /* known condition of an intake */
	S_COURSE,      /* ServiceRequest: a plan item */
	S_ROUTINE,     /* ServiceRequest: the plan's bedtime routine */
	S_EXERCISE,    /* ServiceRequest: an exercise prescription */
	S_PACING,      /* ServiceRequest: a pacing quota setting */
	S_EX_LOG,      /* Observation: an exercise log */
	S_PACE_LOG,    /* Observation: a pacing log */
	S_TICKS,       /* Observation: routine steps ticked on a day */
	S_CHECKIN,     /* QuestionnaireResponse: the next-day check-in */
};

static const struct {
	const char *type;
	enum kind kind;
} kinds[] = {
        {"CodeSystem", K_DEFINITION},
        {"Organization", K_ORG},
        {"Patient", K_PATIENT},
        {"Condition", K_CONDITION},
        {"EpisodeOfCare", K_EOC},
        {"Encounter", K_ENCOUNTER},
        {"Procedure", K_PROCEDURE},
        {"Observation", K_OBSERVATION},
        {"Questionnaire", K_DEFINITION},
        {"Practitioner", K_PRACT},
        {"PractitionerRole", K_PRACT_ROLE},
        {"QuestionnaireResponse", K_QR},
        {"MedicationRequest", K_MEDREQ},
        {"Appointment", K_APPT},
        {"ServiceRequest", K_SERVREQ},
        {"CarePlan", K_CAREPLAN},
        {"Goal", K_GOAL},
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
	size_t named_by; /* Condition: 1 + the EpisodeOfCare naming it;
	                    Practitioner: its first role; measure: its score */
	enum sub sub;
	bool holder; /* TCM: the Observation that holds the record */
	size_t appt; /* Encounter: 1 + the new Appointment of its visit */

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
		struct br_user *user;
		struct br_measure *measure;
		struct br_screening *screening;
		struct br_intake *intake;
		struct br_tcm *tcm;
		struct br_herbal *herbal;
		struct br_herbal_adverse *adverse;
		struct br_visit *visit;
		struct br_plan_item *plan;
		struct br_exercise_rx *rx;
		struct br_exercise_log *exlog;
		struct br_pacing_quota *quota;
		struct br_pacing_log *pacelog;
		struct br_checkin *checkin;
		struct routine_rec *routine;
	} rec;
	int64_t clinic_ref; /* Patient, Practitioner: resolved clinic, 0 =
	                       default (none for a practitioner) */
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
	const struct br_instrument_set *instruments;
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

/* Registers (what, part, id) for x; rejects a second entry with it. */
static bool
unique_key(struct imp *im, struct entry *x, const char *what, const char *part,
           int64_t id)
{
	char key[160];

	snprintf(key, sizeof(key), "%s|%s|%lld", what, part, (long long)id);
	return unique(im, x, what, key);
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
	if (im->o->aliases &&
	    json_string_value(json_object_get(im->o->aliases, ref)))
		ref = json_string_value(json_object_get(im->o->aliases, ref));
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

static bool resolve_pract(struct imp *im, struct entry *x, json_t *obj,
                          const char *key, const char *path, int64_t *user_id);
static bool resolve_patient(struct imp *im, struct entry *x, json_t *obj,
                            const char *key, int64_t *patient_id);
static bool set_text(struct entry *x, const char *path, json_t *v, char *out,
                     size_t n);

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
	struct br_episode *e;
	json_t *site, *code, *sci;
	const char *c = NULL;
	size_t i;
	int64_t pid;

	if (has_coding(json_object_get(x->res, "code"),
	               BR_FHIR_CS "intake-condition", &c)) {
		x->sub = S_INTAKE_COND; /* read after the intakes */
		return;
	}
	e = calloc(1, sizeof(*e));
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
	if (!resolve_pract(im, x, x->res, "careManager", "careManager",
	                   &e->practitioner_id))
		return;
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

/* Visits: Appointment ------------------------------------------------------ */

static bool episode_of(struct imp *im, struct entry *x, int64_t pid,
                       int64_t *episode_id, struct br_episode *ep_out);

static const char *const appt_status[][2] = {
        {"booked", "booked"},    {"pending", "booked"},
        {"proposed", "booked"},  {"fulfilled", "attended"},
        {"arrived", "attended"}, {"checked-in", "attended"},
        {"noshow", "missed"},    {"cancelled", "cancelled"},
};

static void
read_appt(struct imp *im, struct entry *x)
{
	struct br_visit *v = calloc(1, sizeof(*v));
	const char *status, *start, *place;
	json_t *part, *dur, *created, *addr;
	int32_t day = 0, day2 = 0;
	int min = 0, min2 = 0, rc;
	int64_t pid = 0;
	size_t i;
	struct br_visit stored;

	x->rec.visit = v;
	if (v == NULL) {
		im->fatal = BR_ENOMEM;
		return;
	}
	if (!match_ident(im, x, BR_NS_VISIT))
		return;
	json_array_foreach(json_object_get(x->res, "participant"), i, part)
	{
		const char *ref =
		        str(json_object_get(part, "actor"), "reference");

		if (ref && strstr(ref, "Patient/") && pid == 0) {
			if (!resolve_patient(im, x, part, "actor", &pid))
				return;
		} else if (ref && strstr(ref, "Practitioner") &&
		           !v->practitioner_id) {
			if (!resolve_pract(im, x, part, "actor",
			                   "participant.actor",
			                   &v->practitioner_id))
				return;
		}
	}
	if (pid == 0) {
		reject(x, "a participant must be the Patient");
		return;
	}
	if (!episode_of(im, x, pid, &v->episode_id, NULL))
		return;
	status = get_str(x, x->res, "status", "status");
	start = get_str(x, x->res, "start", "start");
	if (x->bad)
		return;
	for (size_t k = 0;
	     status && k < sizeof(appt_status) / sizeof(appt_status[0]); k++)
		if (strcmp(status, appt_status[k][0]) == 0)
			snprintf(v->status, sizeof(v->status), "%s",
			         appt_status[k][1]);
	if (!v->status[0]) {
		reject(x,
		       "status %.20s is not imported (booked, pending, "
		       "proposed, fulfilled, arrived, checked-in, noshow, "
		       "cancelled)",
		       status ? status : "(none)");
		return;
	}
	if (start == NULL || !parse_dt(start, &day, &min, NULL) ||
	    min == BR_UNSET) {
		reject(x, "start must be a dateTime with a time");
		return;
	}
	v->starts_at = (int64_t)day * 1440 + min;
	dur = json_object_get(x->res, "minutesDuration");
	if (dur) {
		if (!get_int(x, dur, "minutesDuration", 5, 480, &v->minutes))
			return;
	} else {
		const char *end = get_str(x, x->res, "end", "end");

		if (end == NULL || !parse_dt(end, &day2, &min2, NULL) ||
		    min2 == BR_UNSET) {
			reject(x, "minutesDuration or end is required");
			return;
		}
		v->minutes = (int)((int64_t)day2 * 1440 + min2 - v->starts_at);
		if (v->minutes < 5 || v->minutes > 480) {
			reject(x, "the visit must last 5 to 480 minutes");
			return;
		}
	}
	place = str(find_ext(x->res, BR_EXT_PLACE), "valueCode");
	snprintf(v->place, sizeof(v->place), "%s", place ? place : "clinic");
	if (strcmp(v->place, "clinic") != 0 && strcmp(v->place, "home") != 0) {
		reject(x, "the visit-place extension must be clinic or home");
		return;
	}
	addr = json_object_get(find_ext(x->res, BR_EXT_ADDRESS),
	                       "valueAddress");
	if (addr && !set_text(x, "visit-address", json_object_get(addr, "text"),
	                      v->address, sizeof(v->address)))
		return;
	if ((strcmp(v->place, "home") == 0) != (v->address[0] != '\0')) {
		reject(x, "a home visit needs the visit-address extension, a "
		          "clinic visit none");
		return;
	}
	ts_or_now(x, v->updated_at);
	memcpy(v->created_at, v->updated_at, BR_TS_LEN);
	created = find_ext(x->res, BR_EXT_CREATED);
	if (created) {
		struct entry tmp = {0};
		json_t *holder =
		        json_pack("{s:{s:O*}}", "meta", "lastUpdated",
		                  json_object_get(created, "valueDateTime"));

		tmp.res = holder;
		if (holder == NULL || !get_ts(&tmp, v->created_at) ||
		    !v->created_at[0]) {
			json_decref(holder);
			reject(x, "the created extension must be an instant");
			return;
		}
		json_decref(holder);
	}
	if (x->rec_id && !x->exists) {
		rc = br_store_visit_get(im->s, x->rec_id, "visit", &stored,
		                        im->err);
		if (rc == 0)
			x->exists = true;
		else if (rc == BR_ENOTFOUND)
			br_err_clear(im->err);
		else {
			reject_err(im, x, rc, im->err);
			return;
		}
	}
	if (!x->rec_id)
		x->rec_id = br_store_new_id();
	v->id = x->rec_id;
	v->patient_id = x->patient_id = pid;
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
	{
		json_t *ap = json_array_get(
		        json_object_get(x->res, "appointment"), 0);
		const char *ref = str(ap, "reference");
		struct entry *t = ref ? find_ref(im, ref) : NULL;

		/* The visit this session was charted at: a new visit of the
		 * bundle links to it (a stored one is left as it is). */
		if (t && t->kind == K_APPT && !t->bad && !t->exists &&
		    t->patient_id == pid && t->rec.visit->session_id == 0)
			x->appt = t->index + 1;
	}
	{
		json_t *part = json_array_get(
		        json_object_get(x->res, "participant"), 0);

		if (part && !resolve_pract(im, x, part, "individual",
		                           "participant[0].individual",
		                           &ss->practitioner_id))
			return;
	}
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
	if (x->appt && !x->exists)
		im->e[x->appt - 1].rec.visit->session_id = x->rec_id;
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

static void read_score_obs(struct imp *im, struct entry *x, const char *code);
static void read_tcm_obs(struct imp *im, struct entry *x, const char *part);
static void read_screen(struct imp *im, struct entry *x);
static void read_herb_ae(struct imp *im, struct entry *x);
static void read_exercise_log(struct imp *im, struct entry *x);
static void read_pacing_log(struct imp *im, struct entry *x);
static void read_ticks(struct imp *im, struct entry *x);

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
	const char *status, *dt, *c = NULL;
	json_t *period, *code;
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
	code = json_object_get(x->res, "code");
	if (has_coding(code, BR_FHIR_CS BR_CS_INSTRUMENT, &c)) {
		read_score_obs(im, x, c);
		return;
	}
	if (has_coding(code, BR_FHIR_CS BR_CS_TCM, &c)) {
		read_tcm_obs(im, x, c);
		return;
	}
	if (has_coding(code, BR_FHIR_CS BR_CS_OBS, &c) &&
	    strcmp(c, BR_OBS_SCREEN) == 0) {
		read_screen(im, x);
		return;
	}
	if (has_coding(code, BR_FHIR_CS BR_CS_OBS, &c) &&
	    strcmp(c, BR_OBS_HERB_AE) == 0) {
		read_herb_ae(im, x);
		return;
	}
	if (has_coding(code, BR_FHIR_CS BR_CS_OBS, &c) &&
	    strcmp(c, BR_OBS_EX_LOG) == 0) {
		read_exercise_log(im, x);
		return;
	}
	if (has_coding(code, BR_FHIR_CS BR_CS_OBS, &c) &&
	    strcmp(c, BR_OBS_PACE) == 0) {
		read_pacing_log(im, x);
		return;
	}
	if (has_coding(code, BR_FHIR_CS BR_CS_OBS, &c) &&
	    strcmp(c, BR_OBS_ROUTINE) == 0) {
		read_ticks(im, x);
		return;
	}
	m = metric_of(code);
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

/* Practitioners ------------------------------------------------------------ */

/* A human name as one string (text, else given and family). */
static bool
name_text(struct entry *x, json_t *names, char *out, size_t size, bool required)
{
	json_t *n = json_array_get(names, 0), *g;
	char buf[BR_NAME_MAX * 2] = "";
	size_t i, k = 0;
	const char *text, *family;

	out[0] = '\0';
	if (names && !json_is_array(names))
		return reject(x, "name must be a list of HumanName");
	if (n == NULL)
		return required ? reject(x, "name is required (a list of "
		                            "HumanName)")
		                : true;
	if (!json_is_object(n))
		return reject(x, "name[0] must be a HumanName");
	text = get_str(x, n, "text", "name[0].text");
	if (text)
		return copy(x, "name[0].text", text, out, size);
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
	if (buf[0] == '\0' && required)
		return reject(x, "name[0] needs text, given or family");
	return copy(x, "name", buf, out, size);
}

static void
read_pract(struct imp *im, struct entry *x)
{
	struct br_user *u = calloc(1, sizeof(*u)), by_email;
	json_t *t, *active;
	size_t i;
	int rc;

	x->rec.user = u;
	if (u == NULL) {
		im->fatal = BR_ENOMEM;
		return;
	}
	if (!match_ident(im, x, BR_NS_PRACT) ||
	    !name_text(x, json_object_get(x->res, "name"), u->name,
	               sizeof(u->name), false))
		return;
	json_array_foreach(json_object_get(x->res, "telecom"), i, t)
	{
		const char *sys = str(t, "system"), *v = str(t, "value");

		if (sys && v && strcmp(sys, "email") == 0 && !u->email[0] &&
		    (strchr(v, '@') == NULL ||
		     !copy(x, "telecom (email)", v, u->email,
		           sizeof(u->email))))
			if (!x->bad)
				reject(x,
				       "telecom email %.40s is not an "
				       "e-mail address",
				       v);
	}
	if (x->bad)
		return;
	active = json_object_get(x->res, "active");
	if (active && !json_is_boolean(active)) {
		reject(x, "active must be true or false");
		return;
	}
	u->disabled = active && json_is_false(active);
	snprintf(u->role, sizeof(u->role), "practitioner");
	if (x->rec_id && !x->exists) {
		rc = br_store_interop_exists(im->s, BR_REC_USER, 0, x->rec_id,
		                             im->err);
		if (rc < 0) {
			reject_err(im, x, rc, im->err);
			return;
		}
		x->exists = rc == 1;
	}
	/* The same e-mail is the same account. */
	if (!x->exists && u->email[0]) {
		rc = br_store_user_by_email(im->s, u->email, &by_email,
		                            im->err);
		if (rc == 0) {
			x->exists = true;
			x->rec_id = by_email.id;
		} else if (rc == BR_ENOTFOUND) {
			br_err_clear(im->err);
		} else {
			reject_err(im, x, rc, im->err);
			return;
		}
	}
	if (!x->rec_id)
		x->rec_id = br_store_new_id();
	u->id = x->rec_id;
	if (!u->email[0])
		snprintf(u->email, sizeof(u->email),
		         "practitioner-%lld@imported.invalid",
		         (long long)u->id);
	ts_or_now(x, u->created_at);
}

/* The user a reference to a Practitioner or PractitionerRole names (0 when
 * absent). */
static bool
resolve_pract(struct imp *im, struct entry *x, json_t *obj, const char *key,
              const char *path, int64_t *user_id)
{
	json_t *r = json_object_get(obj, key);
	const char *ref = json_string_value(json_object_get(r, "reference"));
	const char *alias;
	struct entry *t;
	int64_t id = 0;
	int rc;

	*user_id = 0;
	if (r == NULL)
		return true;
	if (ref == NULL)
		return reject(x, "%s.reference must be a string", path);
	t = find_ref(im, ref);
	if (t) {
		if (t->kind != K_PRACT && t->kind != K_PRACT_ROLE)
			return reject(x,
			              "%s %.80s names a %s, not a "
			              "Practitioner",
			              path, ref, t->type);
		if (t->bad)
			return reject_dep(x, path, t);
		*user_id = t->rec_id;
		return true;
	}
	alias = im->o->aliases ? json_string_value(
	                                 json_object_get(im->o->aliases, ref))
	                       : NULL;
	if (alias)
		ref = alias;
	if (strncmp(ref, "PractitionerRole/prr-", 21) == 0)
		parse_rec_id(ref + 21, &id);
	else if (strncmp(ref, "Practitioner/prac-", 18) == 0)
		parse_rec_id(ref + 18, &id);
	if (id == 0)
		return reject(x,
		              "%s %.80s is neither in the bundle nor a "
		              "backrest practitioner",
		              path, ref);
	rc = br_store_interop_exists(im->s, BR_REC_USER, 0, id, im->err);
	if (rc < 0)
		return reject_err(im, x, rc, im->err);
	if (rc == 0)
		return reject(x, "%s: there is no user %lld", path,
		              (long long)id);
	*user_id = id;
	return true;
}

static void
read_pract_role(struct imp *im, struct entry *x)
{
	struct entry *p, *org;
	int64_t stored, clinic;
	const char *role = NULL;
	json_t *codes = json_object_get(x->res, "code"), *c;
	size_t i;

	if (!check_idents(x) ||
	    !resolve(im, x, x->res, "practitioner", "practitioner",
	             "Practitioner", "prac", true, &p, &stored) ||
	    !resolve(im, x, x->res, "organization", "organization",
	             "Organization", "org", false, &org, &clinic))
		return;
	if (p && p->bad) {
		reject_dep(x, "its Practitioner", p);
		return;
	}
	if (org && org->bad) {
		reject_dep(x, "its Organization", org);
		return;
	}
	json_array_foreach(codes, i, c)
	{
		if (has_coding(c, BR_FHIR_CS BR_CS_ROLE, &role))
			break;
	}
	if (role && strcmp(role, "admin") != 0 &&
	    strcmp(role, "practitioner") != 0) {
		reject(x,
		       "code %.20s is not a backrest role (practitioner "
		       "or admin)",
		       role);
		return;
	}
	if (p == NULL) {
		/* A role of a stored user adds nothing. */
		int rc = br_store_interop_exists(im->s, BR_REC_USER, 0, stored,
		                                 im->err);

		if (rc < 0) {
			reject_err(im, x, rc, im->err);
		} else if (rc == 0) {
			reject(x, "practitioner: there is no user %lld",
			       (long long)stored);
		} else {
			x->rec_id = stored;
			x->exists = true;
		}
		return;
	}
	x->rec_id = p->rec_id;
	x->exists = p->exists;
	if (p->exists || p->named_by)
		return; /* the first role of a new practitioner counts */
	p->named_by = x->index + 1;
	if (role)
		snprintf(p->rec.user->role, sizeof(p->rec.user->role), "%s",
		         role);
	if (org)
		p->clinic_ref = -(int64_t)org->index - 1;
	else if (clinic) {
		struct br_clinic_row cr;
		int rc = br_store_clinic_get(im->s, clinic, &cr, im->err);

		if (rc < 0)
			reject_err(im, x, rc, im->err);
		else
			p->clinic_ref = clinic;
	}
}

/* Episode extension, subject and the like --------------------------------- */

/* The episode (EpisodeOfCare entry or stored) the episode extension of x
 * names; it must be pid's. */
static bool
episode_of(struct imp *im, struct entry *x, int64_t pid, int64_t *episode_id,
           struct br_episode *ep_out)
{
	json_t *e = find_ext(x->res, BR_EXT_EPISODE);
	struct entry *t;
	struct br_episode ep;
	int64_t stored;
	int rc;

	if (e == NULL)
		return reject(x,
		              "the episode extension (%s%s) is required: "
		              "backrest keeps this record in an episode",
		              BR_FHIR_EXT, BR_EXT_EPISODE);
	if (!resolve(im, x, e, "valueReference", "episode extension",
	             "EpisodeOfCare", "eoc", true, &t, &stored))
		return false;
	if (t) {
		if (t->bad)
			return reject_dep(x, "its EpisodeOfCare", t);
		if (t->patient_id != pid)
			return reject(x, "its EpisodeOfCare is about another "
			                 "patient");
		*episode_id = t->rec_id;
		if (ep_out)
			*ep_out = *t->rec.episode;
		return true;
	}
	rc = br_store_episode_get(im->s, stored, &ep, im->err);
	if (rc < 0)
		return reject_err(im, x, rc, im->err);
	if (ep.patient_id != pid)
		return reject(x, "its EpisodeOfCare is about another patient");
	*episode_id = ep.id;
	if (ep_out)
		*ep_out = ep;
	return true;
}

/* The session an encounter reference of x names, when present: its id,
 * episode and day (entry or store). */
static bool
encounter_of(struct imp *im, struct entry *x, int64_t pid, bool required,
             int64_t *session_id, int64_t *episode_id, char day[BR_DATE_LEN])
{
	struct br_session_ref ref;
	struct entry *t;
	int64_t stored;
	int rc;

	*session_id = 0;
	if (!resolve(im, x, x->res, "encounter", "encounter", "Encounter",
	             "enc", required, &t, &stored))
		return false;
	if (t) {
		if (t->bad)
			return reject_dep(x, "its Encounter", t);
		if (t->patient_id != pid)
			return reject(x, "its Encounter is about another "
			                 "patient");
		*session_id = t->rec_id;
		if (episode_id)
			*episode_id = t->rec.session->episode_id;
		if (day)
			memcpy(day, t->rec.session->day, BR_DATE_LEN);
		return true;
	}
	if (stored == 0)
		return true;
	rc = br_store_session_ref(im->s, stored, "encounter", &ref, im->err);
	if (rc < 0)
		return reject_err(im, x, rc, im->err);
	if (ref.patient_id != pid)
		return reject(x, "its Encounter is about another patient");
	*session_id = stored;
	if (episode_id)
		*episode_id = ref.episode_id;
	if (day)
		memcpy(day, ref.day, BR_DATE_LEN);
	return true;
}

/* A string extension's value copied into out ("" when absent). */
static bool
ext_text(struct entry *x, json_t *obj, const char *name, const char *key,
         char *out, size_t n)
{
	json_t *e = find_ext(obj, name);

	out[0] = '\0';
	if (e == NULL)
		return true;
	return set_text(x, name, json_object_get(e, key), out, n);
}

/* A part of a complex extension by its url, or NULL. */
static json_t *
ext_part(json_t *ext, const char *url)
{
	json_t *p;
	size_t i;

	json_array_foreach(json_object_get(ext, "extension"), i, p)
	{
		if (str(p, "url") && strcmp(str(p, "url"), url) == 0)
			return p;
	}
	return NULL;
}

static const char *
first_note(json_t *res)
{
	return str(json_array_get(json_object_get(res, "note"), 0), "text");
}

static bool
in_list(const char *const *names, const char *s)
{
	for (int i = 0; s && names[i]; i++)
		if (strcmp(names[i], s) == 0)
			return true;
	return false;
}

/* A stored record of kind for pid with id: x matched. */
static bool
match_stored(struct imp *im, struct entry *x, enum br_interop_rec kind,
             int64_t pid)
{
	int rc;

	if (!x->rec_id || x->exists)
		return true;
	rc = br_store_interop_exists(im->s, kind, pid, x->rec_id, im->err);
	if (rc < 0)
		return reject_err(im, x, rc, im->err);
	x->exists = rc == 1;
	return true;
}

/* Matches x to a stored record of kind for pid (see match_stored), then
 * gives the record its id (the stored one, or a new one) and its creation
 * time. */
static bool
claim(struct imp *im, struct entry *x, enum br_interop_rec kind, int64_t pid,
      int64_t *id, char created_at[BR_TS_LEN])
{
	if (!match_stored(im, x, kind, pid))
		return false;
	if (!x->rec_id)
		x->rec_id = br_store_new_id();
	*id = x->rec_id;
	ts_or_now(x, created_at);
	return true;
}

/* The single identifier of a QuestionnaireResponse as a list, so the
 * matching of the other resources applies. */
static void
ident_as_list(struct entry *x)
{
	json_t *id = json_object_get(x->res, "identifier");

	if (json_is_object(id))
		json_object_set_new(x->res, "identifier", json_pack("[O]", id));
}

/* Measures: QuestionnaireResponse + score Observation ---------------------- */

static const struct br_instrument *
find_instrument(struct imp *im, const char *id)
{
	for (int i = 0; im->instruments && i < im->instruments->n; i++)
		if (strcmp(im->instruments->items[i]->id, id) == 0)
			return im->instruments->items[i];
	return NULL;
}

/* One answer as a response code. */
static bool
answer_code(struct entry *x, json_t *a, const char *link, int *out)
{
	json_t *v = json_object_get(a, "valueInteger");
	const char *c;

	if (v)
		return get_int(x, v, link, 0, BR_INSTR_MAX_CODE, out);
	c = str(json_object_get(a, "valueCoding"), "code");
	if (c) {
		char *end;
		long n = strtol(c, &end, 10);

		if (*end == '\0' && end != c && n >= 0 &&
		    n <= BR_INSTR_MAX_CODE) {
			*out = (int)n;
			return true;
		}
	}
	return reject(x,
	              "item %.40s: the answer must be valueInteger (a "
	              "response code)",
	              link);
}

static void
read_measure_qr(struct imp *im, struct entry *x,
                const struct br_instrument *def, int64_t pid)
{
	struct br_measure *m = calloc(1, sizeof(*m));
	int codes[BR_INSTR_MAX_ITEMS];
	bool seen[BR_INSTR_MAX_ITEMS] = {false};
	struct br_score sc;
	struct br_err e = BR_ERR_INIT;
	struct br_episode ep;
	json_t *it;
	size_t i;
	size_t len = 0;

	x->rec.measure = m;
	x->sub = S_MEASURE;
	if (m == NULL) {
		im->fatal = BR_ENOMEM;
		return;
	}
	if (!match_ident(im, x, BR_NS_MEASURE) ||
	    !episode_of(im, x, pid, &m->episode_id, &ep) ||
	    !get_date(x, x->res, "authored", "authored", true, m->day))
		return;
	if (strcmp(m->day, ep.onset) < 0) {
		reject(x, "authored %s is before the episode's onset (%s)",
		       m->day, ep.onset);
		return;
	}
	for (int k = 0; k < def->n_items; k++)
		codes[k] = BR_ANSWER_SKIPPED;
	json_array_foreach(json_object_get(x->res, "item"), i, it)
	{
		const char *link = str(it, "linkId");
		json_t *ans = json_object_get(it, "answer");
		int k = -1;

		for (int j = 0; link && j < def->n_items && k < 0; j++) {
			char n[16];

			snprintf(n, sizeof(n), "%d", j + 1);
			if (strcmp(def->items[j].id, link) == 0 ||
			    strcmp(n, link) == 0)
				k = j;
		}
		if (k < 0) {
			reject(x, "item %.40s is not an item of %s",
			       link ? link : "(no linkId)", def->id);
			return;
		}
		if (seen[k]) {
			reject(x, "item %.40s is answered twice", link);
			return;
		}
		seen[k] = true;
		if (json_array_size(ans) > 1) {
			reject(x, "item %.40s has more than one answer", link);
			return;
		}
		if (json_array_size(ans) == 1 &&
		    !answer_code(x, json_array_get(ans, 0), link, &codes[k]))
			return;
	}
	if (br_instrument_score(def, codes, def->n_items, &sc, &e) < 0) {
		reject(x, "%s: %s", def->id, e.msg);
		return;
	}
	m->patient_id = pid;
	snprintf(m->instrument, sizeof(m->instrument), "%s", def->id);
	m->has_score = sc.has_score;
	m->score = sc.score;
	if (sc.band >= 0)
		snprintf(m->band, sizeof(m->band), "%s",
		         def->bands[sc.band].id);
	m->answered = sc.answered;
	m->complete = sc.complete;
	snprintf(m->version, sizeof(m->version), "%s", def->version);
	snprintf(m->recall, sizeof(m->recall), "%s", def->recall);
	if (!ext_text(x, x->res, BR_EXT_VERSION, "valueString", m->version,
	              sizeof(m->version)) ||
	    !ext_text(x, x->res, BR_EXT_RECALL, "valueString", m->recall,
	              sizeof(m->recall)))
		return;
	if (!m->version[0])
		snprintf(m->version, sizeof(m->version), "%s", def->version);
	if (!m->recall[0])
		snprintf(m->recall, sizeof(m->recall), "%s", def->recall);
	for (int k = 0; k < sc.n_notes && len < sizeof(m->notes); k++)
		len += (size_t)snprintf(m->notes + len, sizeof(m->notes) - len,
		                        "%s%s", k ? "\n" : "", sc.notes[k]);
	m->n_items = def->n_items;
	memcpy(m->codes, codes, sizeof(int) * (size_t)def->n_items);
	m->n_subscores = sc.n_subscores;
	for (int k = 0; k < sc.n_subscores; k++) {
		snprintf(m->subscore_ids[k], sizeof(m->subscore_ids[k]), "%s",
		         def->subscores[k].id);
		m->sub_has[k] = sc.sub_has[k];
		m->subscores[k] = sc.subscores[k];
	}
	if (!claim(im, x, BR_REC_MEASURE, pid, &m->id, m->created_at))
		return;
	x->patient_id = pid;
}

static void
read_intake_qr(struct imp *im, struct entry *x, int64_t pid)
{
	struct br_intake *in = malloc(sizeof(*in)), *stored;
	json_t *created;
	char why[200];
	int rc;

	x->rec.intake = in;
	x->sub = S_INTAKE;
	if (in == NULL) {
		im->fatal = BR_ENOMEM;
		return;
	}
	br_intake_init(in);
	in->patient_id = pid;
	if (!match_ident(im, x, BR_NS_INTAKE) ||
	    !episode_of(im, x, pid, &in->episode_id, NULL) ||
	    !get_date(x, x->res, "authored", "authored", true,
	              in->recorded_on) ||
	    !resolve_pract(im, x, x->res, "author", "author",
	                   &in->practitioner_id))
		return;
	if (x->rec_id && x->rec_id != in->episode_id) {
		reject(x,
		       "identifier %s%s names episode %lld, not the "
		       "episode extension's",
		       BR_FHIR_NS, BR_NS_INTAKE, (long long)x->rec_id);
		return;
	}
	if (!br_fhir_intake_read(json_object_get(x->res, "item"), in, why,
	                         sizeof(why))) {
		reject(x, "%s", why);
		return;
	}
	if (!unique_key(im, x, "intake of the episode", "intake",
	                in->episode_id))
		return;
	stored = malloc(sizeof(*stored));
	if (stored == NULL) {
		im->fatal = BR_ENOMEM;
		return;
	}
	rc = br_store_intake_get(im->s, pid, in->episode_id, stored, im->err);
	free(stored);
	if (rc == 0)
		x->exists = true;
	else if (rc == BR_ENOTFOUND)
		br_err_clear(im->err);
	else {
		reject_err(im, x, rc, im->err);
		return;
	}
	ts_or_now(x, in->updated_at);
	memcpy(in->created_at, in->updated_at, BR_TS_LEN);
	created = find_ext(x->res, BR_EXT_CREATED);
	if (created) {
		struct entry tmp = {0};
		json_t *holder =
		        json_pack("{s:{s:O}}", "meta", "lastUpdated",
		                  json_object_get(created, "valueDateTime"));

		tmp.res = holder;
		if (holder == NULL || !get_ts(&tmp, in->created_at) ||
		    !in->created_at[0]) {
			json_decref(holder);
			reject(x, "the created extension must be an instant");
			return;
		}
		json_decref(holder);
	}
	x->rec_id = in->episode_id;
	x->patient_id = pid;
}

static void read_checkin(struct imp *im, struct entry *x, int64_t pid);

static void
read_qr(struct imp *im, struct entry *x)
{
	const char *q, *id;
	const struct br_instrument *def;
	const char *status;
	int64_t pid;

	ident_as_list(x);
	if (!check_idents(x))
		return;
	q = get_str(x, x->res, "questionnaire", "questionnaire");
	if (x->bad)
		return;
	id = q && strncmp(q, BR_FHIR_BASE "/Questionnaire/",
	                  strlen(BR_FHIR_BASE "/Questionnaire/")) == 0
	             ? q + strlen(BR_FHIR_BASE "/Questionnaire/")
	             : NULL;
	def = id ? find_instrument(im, id) : NULL;
	if (def == NULL && !(id && (strcmp(id, BR_Q_INTAKE) == 0 ||
	                            strcmp(id, BR_Q_AFTERCARE) == 0))) {
		if (im->o->skip_unknown)
			x->kind = K_UNKNOWN;
		else
			reject(x,
			       "questionnaire %.80s is not one of backrest's "
			       "(an instrument's, intake or aftercare); "
			       "use --skip-unknown to skip it",
			       q ? q : "(none)");
		return;
	}
	status = get_str(x, x->res, "status", "status");
	if (x->bad)
		return;
	if (status == NULL || (strcmp(status, "completed") != 0 &&
	                       strcmp(status, "amended") != 0)) {
		reject(x,
		       "only completed or amended responses are imported, "
		       "not %.20s",
		       status ? status : "(no status)");
		return;
	}
	if (!resolve_patient(im, x, x->res, "subject", &pid))
		return;
	if (def)
		read_measure_qr(im, x, def, pid);
	else if (strcmp(id, BR_Q_AFTERCARE) == 0)
		read_checkin(im, x, pid);
	else
		read_intake_qr(im, x, pid);
}

/* The score Observation: checked against the QuestionnaireResponse it is
 * derived from (the score is the instrument's, from the answers). */
static void
read_score_obs(struct imp *im, struct entry *x, const char *code)
{
	json_t *holder, *q;
	struct entry *qr;
	const struct br_measure *m;
	int64_t stored, pid;
	const struct br_instrument *def;
	double v, tol = 0.5;
	bool ok;

	x->sub = S_SCORE;
	if (!match_ident(im, x, BR_NS_SCORE) ||
	    !resolve_patient(im, x, x->res, "subject", &pid))
		return;
	holder = json_pack(
	        "{s:O*}", "ref",
	        json_array_get(json_object_get(x->res, "derivedFrom"), 0));
	ok = resolve(im, x, holder, "ref", "derivedFrom[0]",
	             "QuestionnaireResponse", "qr-m", true, &qr, &stored);
	json_decref(holder);
	if (!ok)
		return;
	if (qr == NULL) {
		/* The measure is stored: nothing to add. */
		int rc = br_store_interop_exists(im->s, BR_REC_MEASURE, pid,
		                                 stored, im->err);

		if (rc < 0)
			reject_err(im, x, rc, im->err);
		else if (rc == 0)
			reject(x,
			       "derivedFrom[0]: there is no measure %lld "
			       "of this patient",
			       (long long)stored);
		else
			x->exists = true;
		return;
	}
	if (qr->bad) {
		reject_dep(x, "its QuestionnaireResponse", qr);
		return;
	}
	if (qr->sub != S_MEASURE || qr->patient_id != pid) {
		reject(x, "derivedFrom[0] must be a measure of this patient");
		return;
	}
	m = qr->rec.measure;
	def = find_instrument(im, m->instrument);
	if (strcmp(code, m->instrument) != 0) {
		reject(x, "the score of %s is derived from a %s response", code,
		       m->instrument);
		return;
	}
	if (qr->named_by) {
		reject(x, "entry %zu is already the score of its response",
		       qr->named_by - 1);
		return;
	}
	qr->named_by = x->index + 1;
	x->exists = qr->exists;
	q = json_object_get(x->res, "valueQuantity");
	for (int i = 0; def && i < def->decimals; i++)
		tol /= 10;
	if (q == NULL) {
		if (m->has_score)
			reject(x,
			       "valueQuantity is required: the answers "
			       "score %g",
			       m->score);
		return;
	}
	v = json_number_value(json_object_get(q, "value"));
	if (!json_is_number(json_object_get(q, "value")))
		reject(x, "valueQuantity.value must be a number");
	else if (!m->has_score)
		reject(x,
		       "the answers give no score (too many items "
		       "skipped), yet valueQuantity is %g",
		       v);
	else if (v - m->score > tol || m->score - v > tol)
		reject(x,
		       "valueQuantity %g is not the score of the answers "
		       "(%g)",
		       v, m->score);
}

/* Red-flag screens ----------------------------------------------------- */

static void
read_screen(struct imp *im, struct entry *x)
{
	struct br_screening *sc = calloc(1, sizeof(*sc));
	struct br_screen_result *r = malloc(sizeof(*r));
	const char *flags[BR_SCREENING_MAX_FLAGS], *tier = NULL, *note;
	json_t *c, *clear;
	struct br_err e = BR_ERR_INIT;
	size_t i;
	int64_t pid, ep;

	x->rec.screening = sc;
	x->sub = S_SCREEN;
	if (sc == NULL || r == NULL) {
		free(r);
		im->fatal = BR_ENOMEM;
		return;
	}
	if (!match_ident(im, x, BR_NS_SCREENING) ||
	    !resolve_patient(im, x, x->res, "subject", &pid) ||
	    !episode_of(im, x, pid, &sc->episode_id, NULL) ||
	    !encounter_of(im, x, pid, false, &sc->session_id, &ep, NULL) ||
	    !get_date(x, x->res, "effectiveDateTime", "effectiveDateTime", true,
	              sc->day))
		goto out;
	if (sc->session_id && ep != sc->episode_id) {
		reject(x, "its Encounter belongs to another episode");
		goto out;
	}
	json_array_foreach(json_object_get(x->res, "component"), i, c)
	{
		const char *f = NULL;

		if (!has_coding(json_object_get(c, "code"),
		                BR_FHIR_CS BR_CS_REDFLAG, &f) ||
		    br_redflag_find(f) == NULL) {
			reject(x, "component[%zu] is not a backrest red flag",
			       i);
			goto out;
		}
		if (!json_is_true(json_object_get(c, "valueBoolean"))) {
			reject(x,
			       "component[%zu] (%.30s) needs valueBoolean "
			       "true",
			       i, f);
			goto out;
		}
		if (sc->n_flags == BR_SCREENING_MAX_FLAGS) {
			reject(x, "more than %d flags", BR_SCREENING_MAX_FLAGS);
			goto out;
		}
		for (int k = 0; k < sc->n_flags; k++)
			if (strcmp(sc->flags[k], f) == 0) {
				reject(x, "flag %.30s is listed twice", f);
				goto out;
			}
		snprintf(sc->flags[sc->n_flags], sizeof(sc->flags[0]), "%s", f);
		flags[sc->n_flags] = sc->flags[sc->n_flags];
		sc->n_flags++;
	}
	if (br_redflag_screen(flags, sc->n_flags, r, &e) < 0) {
		reject(x, "%s", e.msg);
		goto out;
	}
	has_coding(json_object_get(x->res, "valueCodeableConcept"),
	           BR_FHIR_CS BR_CS_TIER, &tier);
	if (tier && strcmp(tier, br_tier_name(r->tier)) != 0) {
		reject(x, "the tier %.12s does not follow from the flags (%s)",
		       tier, br_tier_name(r->tier));
		goto out;
	}
	snprintf(sc->tier, sizeof(sc->tier), "%s", br_tier_name(r->tier));
	note = first_note(x->res);
	if (note &&
	    !copy(x, "note[0].text", note, sc->action, sizeof(sc->action)))
		goto out;
	if (!note)
		snprintf(sc->action, sizeof(sc->action), "%s", r->action);
	if (!ext_text(x, x->res, BR_EXT_SCREENED, "valueString",
	              sc->screened_by, sizeof(sc->screened_by)))
		goto out;
	clear = find_ext(x->res, BR_EXT_CLEARANCE);
	if (clear) {
		struct entry tmp = {0};
		json_t *holder =
		        json_pack("{s:{s:O*}}", "meta", "lastUpdated",
		                  json_object_get(ext_part(clear, "at"),
		                                  "valueDateTime"));
		const char *by = str(ext_part(clear, "by"), "valueString");
		const char *why = str(ext_part(clear, "reason"), "valueString");

		tmp.res = holder;
		if (holder == NULL || !get_ts(&tmp, sc->cleared_at) ||
		    !sc->cleared_at[0]) {
			json_decref(holder);
			reject(x, "the clearance extension needs at (an "
			          "instant)");
			goto out;
		}
		json_decref(holder);
		if ((by && !copy(x, "clearance by", by, sc->cleared_by,
		                 sizeof(sc->cleared_by))) ||
		    (why && !copy(x, "clearance reason", why, sc->clear_reason,
		                  sizeof(sc->clear_reason))))
			goto out;
	}
	if (!claim(im, x, BR_REC_SCREENING, pid, &sc->id, sc->created_at))
		goto out;
	sc->patient_id = x->patient_id = pid;
out:
	free(r);
}

/* TCM assessments: the tongue, pulse and differentiation Observations of a
 * session make one record. -------------------------------------------------
 */

static const char *const moistures[] = {"dry", "normal", "moist", "wet", NULL};

static bool
tcm_code(struct entry *x, json_t *comp, const char *cs, const char *file,
         const char *list, char *out, size_t n)
{
	const char *c = NULL;

	if (!has_coding(json_object_get(comp, "valueCodeableConcept"), cs, &c))
		return reject(x,
		              "a component needs a valueCodeableConcept in "
		              "%s",
		              cs);
	if (file && br_vocab_find(file, list, c) == NULL)
		return reject(x, "%.30s is not a code of %s", c, cs);
	return copy(x, "code", c, out, n);
}

static bool
tcm_add(struct entry *x, json_t *comp, const char *cs, const char *file,
        const char *list, char (*arr)[BR_CODE_LEN], int *n, int max)
{
	if (*n == max)
		return reject(x, "more than %d %s", max, list);
	if (!tcm_code(x, comp, cs, file, list, arr[*n], BR_CODE_LEN))
		return false;
	for (int i = 0; i < *n; i++)
		if (strcmp(arr[i], arr[*n]) == 0)
			return reject(x, "%s lists %s twice", list, arr[i]);
	(*n)++;
	return true;
}

static bool
tcm_part(struct entry *x, const char *part, struct br_tcm *t)
{
	json_t *c;
	size_t i;
	const char *note = first_note(x->res);
	struct br_err e = BR_ERR_INIT;

	json_array_foreach(json_object_get(x->res, "component"), i, c)
	{
		const char *what = NULL;
		bool ok = true;

		if (!has_coding(json_object_get(c, "code"),
		                BR_FHIR_CS BR_CS_TCM, &what))
			return reject(x,
			              "component[%zu] has no backrest TCM "
			              "code",
			              i);
		if (strcmp(part, "tongue") == 0 &&
		    strcmp(what, "tongue-colour") == 0)
			ok = !t->tongue_colour[0] &&
			     tcm_code(x, c, BR_FHIR_CS "tcm-tongue-colour",
			              "tcm.json", "tongue_colours",
			              t->tongue_colour,
			              sizeof(t->tongue_colour));
		else if (strcmp(part, "tongue") == 0 &&
		         strcmp(what, "tongue-shape") == 0)
			ok = tcm_add(x, c, BR_FHIR_CS "tcm-tongue-shape",
			             "tcm.json", "tongue_shapes", t->shape,
			             &t->n_shape, BR_TCM_MAX_LIST);
		else if (strcmp(part, "tongue") == 0 &&
		         strcmp(what, "tongue-coat") == 0)
			ok = tcm_add(x, c, BR_FHIR_CS "tcm-tongue-coat",
			             "tcm.json", "tongue_coats", t->coat,
			             &t->n_coat, BR_TCM_MAX_LIST);
		else if (strcmp(part, "tongue") == 0 &&
		         strcmp(what, "tongue-moisture") == 0) {
			ok = !t->tongue_moisture[0] &&
			     tcm_code(x, c, BR_FHIR_CS BR_CS_MOISTURE, NULL,
			              NULL, t->tongue_moisture,
			              sizeof(t->tongue_moisture));
			if (ok && !in_list(moistures, t->tongue_moisture))
				ok = reject(x,
				            "tongue moisture %.10s is not "
				            "dry, normal, moist or wet",
				            t->tongue_moisture);
		} else if (strcmp(part, "pulse") == 0 &&
		           strcmp(what, "pulse-rate") == 0)
			ok = t->pulse_rate == BR_UNSET &&
			     get_int(x,
			             json_object_get(
			                     json_object_get(c,
			                                     "valueQuantity"),
			                     "value"),
			             "pulse-rate", 30, 200, &t->pulse_rate);
		else if (strcmp(part, "pulse") == 0 &&
		         strncmp(what, "pulse-", 6) == 0) {
			int p = -1;

			for (int k = 0; k < BR_PULSE_NPOS; k++)
				if (strcmp(br_pulse_positions[k], what + 6) ==
				    0)
					p = k;
			ok = p >= 0 ? tcm_add(x, c,
			                      BR_FHIR_CS "tcm-pulse-quality",
			                      "tcm.json", "pulse_qualities",
			                      t->pulse[p], &t->n_pulse[p],
			                      BR_TCM_MAX_LIST)
			            : reject(x, "unknown pulse position %.20s",
			                     what);
			if (ok && br_vocab_exclusive(
			                  "tcm.json", "pulse_qualities", what,
			                  t->pulse[p][0], t->n_pulse[p],
			                  BR_CODE_LEN, &e) < 0)
				ok = reject(x, "%s", e.msg);
		} else if (strcmp(part, "differentiation") == 0 &&
		           strcmp(what, "principle") == 0) {
			char code[BR_CODE_LEN];

			ok = tcm_code(x, c, BR_FHIR_CS BR_CS_PRINCIPLE, NULL,
			              NULL, code, sizeof(code));
			if (ok && !in_list(br_tcm_principles, code))
				ok = reject(x,
				            "%.12s is not one of the eight "
				            "principles",
				            code);
			for (int k = 0; ok && k < t->n_principles; k++)
				if (strcmp(t->principles[k], code) == 0)
					ok = reject(x, "principle %s twice",
					            code);
			if (ok && t->n_principles == 8)
				ok = reject(x, "more than 8 principles");
			if (ok)
				snprintf(t->principles[t->n_principles++],
				         sizeof(t->principles[0]), "%.11s",
				         code);
		} else if (strcmp(part, "differentiation") == 0 &&
		           strcmp(what, "pattern") == 0) {
			char code[BR_CODE_LEN * 2];

			ok = tcm_code(x, c, BR_FHIR_CS "tcm-pattern",
			              "tcm_patterns.json", "patterns", code,
			              sizeof(code));
			for (int k = 0; ok && k < t->n_patterns; k++)
				if (strcmp(t->patterns[k], code) == 0)
					ok = reject(x, "pattern %s twice",
					            code);
			if (ok && t->n_patterns == BR_TCM_MAX_PATTERNS)
				ok = reject(x, "more than %d patterns",
				            BR_TCM_MAX_PATTERNS);
			if (ok)
				snprintf(t->patterns[t->n_patterns++],
				         sizeof(t->patterns[0]), "%s", code);
		} else if (strcmp(part, "differentiation") == 0 &&
		           strcmp(what, "treatment-principle") == 0)
			ok = !t->treatment_principle[0] &&
			     set_text(x, "treatment-principle",
			              json_object_get(c, "valueString"),
			              t->treatment_principle,
			              sizeof(t->treatment_principle));
		else
			ok = reject(x,
			            "component %.30s does not belong to "
			            "the %s Observation",
			            what, part);
		if (!ok)
			return x->bad ? false
			              : reject(x,
			                       "component %.30s is given "
			                       "twice",
			                       what);
	}
	if (strcmp(part, "tongue") == 0 &&
	    (br_vocab_exclusive("tcm.json", "tongue_shapes", "tongue shape",
	                        t->shape[0], t->n_shape, BR_CODE_LEN, &e) < 0 ||
	     br_vocab_exclusive("tcm.json", "tongue_coats", "tongue coat",
	                        t->coat[0], t->n_coat, BR_CODE_LEN, &e) < 0))
		return reject(x, "%s", e.msg);
	if (note == NULL)
		return true;
	if (strcmp(part, "tongue") == 0)
		return copy(x, "note", note, t->tongue_note,
		            sizeof(t->tongue_note));
	if (strcmp(part, "pulse") == 0)
		return copy(x, "note", note, t->pulse_note,
		            sizeof(t->pulse_note));
	return copy(x, "note", note, t->pattern_note, sizeof(t->pattern_note));
}

static void
read_tcm_obs(struct imp *im, struct entry *x, const char *part)
{
	const char *own = own_ident(x, BR_NS_TCM);
	struct entry *h;
	struct br_tcm *t;
	int64_t pid, sid, ep, aid = 0, stored = 0, perf;
	char day[BR_DATE_LEN] = "", key[64];
	json_t *prev, *pre, *perf_holder;
	bool ok;
	int rc;

	x->sub = S_TCM;
	if (strcmp(part, "tongue") != 0 && strcmp(part, "pulse") != 0 &&
	    strcmp(part, "differentiation") != 0) {
		reject(x,
		       "code %.30s is not a TCM Observation (tongue, pulse "
		       "or differentiation)",
		       part);
		return;
	}
	if (!check_idents(x) ||
	    !resolve_patient(im, x, x->res, "subject", &pid) ||
	    !encounter_of(im, x, pid, true, &sid, &ep, day))
		return;
	perf_holder = json_pack(
	        "{s:O*}", "p",
	        json_array_get(json_object_get(x->res, "performer"), 0));
	ok = resolve_pract(im, x, perf_holder, "p", "performer[0]", &perf);
	json_decref(perf_holder);
	if (!ok)
		return;
	if (own) {
		char idpart[24];
		const char *colon = strchr(own, ':');

		if (colon == NULL || strcmp(colon + 1, part) != 0 ||
		    (size_t)(colon - own) >= sizeof(idpart)) {
			reject(x, "identifier %.40s must be <assessment>:%s",
			       own, part);
			return;
		}
		memcpy(idpart, own, (size_t)(colon - own));
		idpart[colon - own] = '\0';
		if (!parse_rec_id(idpart, &aid)) {
			reject(x,
			       "identifier %.40s must name a backrest "
			       "assessment id",
			       own);
			return;
		}
	}
	/* One record per session: the first of its Observations holds it. */
	snprintf(key, sizeof(key), "tcm|%lld", (long long)sid);
	prev = json_object_get(im->idents, key);
	if (prev) {
		h = &im->e[json_integer_value(prev)];
		if (h->bad) {
			reject_dep(x, "the session's first TCM Observation", h);
			return;
		}
		if (aid && aid != h->rec_id) {
			reject(x,
			       "its session already has TCM assessment "
			       "%lld (entry %zu)",
			       (long long)h->rec_id, h->index);
			return;
		}
	} else {
		h = x;
		json_object_set_new(im->idents, key,
		                    json_integer((json_int_t)x->index));
		t = malloc(sizeof(*t));
		if (t == NULL) {
			im->fatal = BR_ENOMEM;
			return;
		}
		br_tcm_init(t);
		x->rec.tcm = t;
		x->holder = true;
		t->patient_id = x->patient_id = pid;
		t->session_id = sid;
		t->episode_id = ep;
		t->practitioner_id = perf;
		memcpy(t->day, day, BR_DATE_LEN);
		rc = br_store_interop_tcm_of_session(im->s, pid, sid, &stored,
		                                     im->err);
		if (rc < 0) {
			reject_err(im, x, rc, im->err);
			return;
		}
		if (stored) {
			x->exists = true;
			x->rec_id = stored;
		} else {
			x->rec_id = aid ? aid : br_store_new_id();
		}
		t->id = x->rec_id;
		ts_or_now(x, t->created_at);
	}
	t = h->rec.tcm;
	x->exists = h->exists;
	if (!unique_key(im, x, "TCM Observation", part, t->id))
		return;
	pre = find_ext(x->res, BR_EXT_PREFILLED);
	if (pre) {
		json_t *v = json_object_get(pre, "valueIdentifier");

		if (!parse_rec_id(str(v, "value"), &t->prefilled_from)) {
			reject(x, "the prefilled-from extension needs a "
			          "valueIdentifier with an assessment id");
			return;
		}
	}
	if (!x->exists)
		tcm_part(x, part, t);
}

/* Herbal prescriptions and their adverse effects ----------------------------
 */

static const char *const herbal_forms[] = {
        "decoction", "granules", "powder",   "pills", "tablets",
        "capsules",  "tincture", "liniment", "oil",   "ointment",
        "plaster",   "soak",     NULL};
static const char *const end_reasons[] = {"completed",      "adverse-effect",
                                          "patient-choice", "changed",
                                          "other",          NULL};
static const char *const severities[] = {"mild", "moderate", "severe", NULL};

static void
read_medreq(struct imp *im, struct entry *x)
{
	struct br_herbal *h = calloc(1, sizeof(*h));
	json_t *form = find_ext(x->res, BR_EXT_FORM), *names, *ended, *dose;
	const char *status, *intent, *pinyin, *mods;
	int64_t pid, ep;

	x->rec.herbal = h;
	if (h == NULL) {
		im->fatal = BR_ENOMEM;
		return;
	}
	if (form == NULL) {
		if (im->o->skip_unknown)
			x->kind = K_UNKNOWN;
		else
			reject(x,
			       "backrest imports herbal prescriptions only "
			       "(a MedicationRequest with the %s%s "
			       "extension); use --skip-unknown to skip it",
			       BR_FHIR_EXT, BR_EXT_FORM);
		return;
	}
	if (!match_ident(im, x, BR_NS_HERBAL) ||
	    !resolve_patient(im, x, x->res, "subject", &pid) ||
	    !episode_of(im, x, pid, &h->episode_id, NULL) ||
	    !encounter_of(im, x, pid, false, &h->session_id, &ep, NULL) ||
	    !resolve_pract(im, x, x->res, "requester", "requester",
	                   &h->practitioner_id) ||
	    !get_date(x, x->res, "authoredOn", "authoredOn", true, h->day))
		return;
	if (h->session_id && ep != h->episode_id) {
		reject(x, "its Encounter belongs to another episode");
		return;
	}
	status = get_str(x, x->res, "status", "status");
	intent = get_str(x, x->res, "intent", "intent");
	if (x->bad)
		return;
	if (!status || (strcmp(status, "active") != 0 &&
	                strcmp(status, "completed") != 0 &&
	                strcmp(status, "stopped") != 0)) {
		reject(x,
		       "status %.20s is not imported (active, completed or "
		       "stopped)",
		       status ? status : "(none)");
		return;
	}
	if (!intent || (strcmp(intent, "order") != 0 &&
	                strcmp(intent, "original-order") != 0)) {
		reject(x, "intent must be order: backrest records "
		          "prescriptions as written");
		return;
	}
	if (!in_list(herbal_forms, str(form, "valueCode"))) {
		reject(x, "the herbal-form extension must be one of "
		          "decoction, granules, powder, pills, tablets, "
		          "capsules, tincture, liniment, oil, ointment, "
		          "plaster, soak");
		return;
	}
	snprintf(h->form, sizeof(h->form), "%s", str(form, "valueCode"));
	pinyin = str(json_object_get(x->res, "medicationCodeableConcept"),
	             "text");
	if (pinyin == NULL || !pinyin[0]) {
		reject(x, "medicationCodeableConcept.text (the formula's "
		          "name) is required");
		return;
	}
	names = find_ext(x->res, BR_EXT_FORMULA);
	dose = json_array_get(json_object_get(x->res, "dosageInstruction"), 0);
	mods = first_note(x->res);
	if (!copy(x, "medication name", pinyin, h->pinyin, sizeof(h->pinyin)) ||
	    (ext_part(names, "chinese") &&
	     !set_text(
	             x, "chinese name",
	             json_object_get(ext_part(names, "chinese"), "valueString"),
	             h->chinese, sizeof(h->chinese))) ||
	    (ext_part(names, "english") &&
	     !set_text(
	             x, "english name",
	             json_object_get(ext_part(names, "english"), "valueString"),
	             h->english, sizeof(h->english))) ||
	    !ext_text(x, x->res, BR_EXT_DURATION, "valueString", h->duration,
	              sizeof(h->duration)) ||
	    !ext_text(x, x->res, BR_EXT_PHARMACY, "valueString", h->pharmacy,
	              sizeof(h->pharmacy)) ||
	    (mods && !copy(x, "note[0].text", mods, h->modifications,
	                   sizeof(h->modifications))) ||
	    (str(dose, "patientInstruction") &&
	     !copy(x, "patientInstruction", str(dose, "patientInstruction"),
	           h->instructions, sizeof(h->instructions))))
		return;
	if (str(dose, "text") == NULL ||
	    !copy(x, "dosageInstruction[0].text", str(dose, "text"), h->dose,
	          sizeof(h->dose))) {
		if (!x->bad)
			reject(x, "dosageInstruction[0].text (the dose as "
			          "written) is required");
		return;
	}
	ended = find_ext(x->res, BR_EXT_ENDED);
	if (ended) {
		const char *reason =
		        str(ext_part(ended, "reason"), "valueCode");

		if (!get_date(x, ext_part(ended, "date"), "valueDate",
		              "ended.date", true, h->ended_on))
			return;
		if (reason && !in_list(end_reasons, reason)) {
			reject(x,
			       "ended.reason %.20s is not completed, "
			       "adverse-effect, patient-choice, changed or "
			       "other",
			       reason);
			return;
		}
		snprintf(h->end_reason, sizeof(h->end_reason), "%s",
		         reason ? reason : "other");
	}
	if ((strcmp(status, "active") == 0) != (ended == NULL)) {
		reject(x, "status %s %s the ended extension", status,
		       ended ? "contradicts" : "needs");
		return;
	}
	if (!claim(im, x, BR_REC_HERBAL, pid, &h->id, h->created_at))
		return;
	h->patient_id = x->patient_id = pid;
}

static void
read_herb_ae(struct imp *im, struct entry *x)
{
	struct br_herbal_adverse *a = calloc(1, sizeof(*a));
	json_t *holder, *sev;
	struct entry *mr;
	int64_t pid, stored;
	const char *effect = NULL, *note;
	bool ok;

	x->rec.adverse = a;
	x->sub = S_HERB_AE;
	if (a == NULL) {
		im->fatal = BR_ENOMEM;
		return;
	}
	if (!match_ident(im, x, BR_NS_HERBAL_AE) ||
	    !resolve_patient(im, x, x->res, "subject", &pid) ||
	    !get_date(x, x->res, "effectiveDateTime", "effectiveDateTime", true,
	              a->day))
		return;
	holder = json_pack("{s:O*}", "ref",
	                   json_array_get(json_object_get(x->res, "focus"), 0));
	ok = resolve(im, x, holder, "ref", "focus[0]", "MedicationRequest",
	             "mr", true, &mr, &stored);
	json_decref(holder);
	if (!ok)
		return;
	if (mr) {
		if (mr->bad) {
			reject_dep(x, "its MedicationRequest", mr);
			return;
		}
		if (mr->kind != K_MEDREQ || mr->patient_id != pid) {
			reject(x, "focus[0] must be a herbal prescription of "
			          "this patient");
			return;
		}
		a->prescription_id = mr->rec_id;
	} else {
		struct br_herbal h;
		int rc = br_store_herbal_get(im->s, stored, "focus", &h,
		                             im->err);

		if (rc < 0) {
			reject_err(im, x, rc, im->err);
			return;
		}
		if (h.patient_id != pid) {
			reject(x, "focus[0] is another patient's prescription");
			return;
		}
		a->prescription_id = stored;
	}
	if (!has_coding(json_object_get(x->res, "valueCodeableConcept"),
	                BR_FHIR_CS BR_CS_HERB_AE, &effect) ||
	    br_vocab_find("herbal.json", "adverse_effects", effect) == NULL) {
		reject(x, "valueCodeableConcept must be a backrest herbal "
		          "adverse effect");
		return;
	}
	snprintf(a->effect, sizeof(a->effect), "%s", effect);
	sev = find_ext(x->res, BR_EXT_SEVERITY);
	if (sev && !in_list(severities, str(sev, "valueCode"))) {
		reject(x, "severity must be mild, moderate or severe");
		return;
	}
	if (sev)
		snprintf(a->severity, sizeof(a->severity), "%s",
		         str(sev, "valueCode"));
	note = first_note(x->res);
	if (note && !copy(x, "note[0].text", note, a->note, sizeof(a->note)))
		return;
	if (!claim(im, x, BR_REC_HERBAL_ADVERSE, pid, &a->id, a->created_at))
		return;
	a->patient_id = x->patient_id = pid;
}

/* A known condition of the intake: it must be one of the intake's. */
static void
read_intake_cond(struct imp *im, struct entry *x)
{
	json_t *holder;
	struct entry *qr;
	int64_t stored, pid;
	const char *code = NULL;
	bool ok;

	if (!check_idents(x) ||
	    !resolve_patient(im, x, x->res, "subject", &pid))
		return;
	has_coding(json_object_get(x->res, "code"),
	           BR_FHIR_CS "intake-condition", &code);
	holder = json_pack(
	        "{s:O*}", "ref",
	        json_array_get(
	                json_object_get(
	                        json_array_get(
	                                json_object_get(x->res, "evidence"), 0),
	                        "detail"),
	                0));
	ok = resolve(im, x, holder, "ref", "evidence[0].detail[0]",
	             "QuestionnaireResponse", "qr-intake", true, &qr, &stored);
	json_decref(holder);
	if (!ok)
		return;
	if (qr == NULL) {
		x->exists = true; /* the stored intake is left as it is */
		return;
	}
	if (qr->bad) {
		reject_dep(x, "its intake", qr);
		return;
	}
	if (qr->sub != S_INTAKE || qr->patient_id != pid) {
		reject(x, "evidence[0].detail[0] must be this patient's "
		          "intake");
		return;
	}
	for (int i = 0; i < qr->rec.intake->n_conditions; i++)
		if (strcmp(qr->rec.intake->conditions[i], code) == 0) {
			x->exists = qr->exists;
			x->rec_id = qr->rec_id;
			return;
		}
	reject(x, "%.30s is not among the known conditions of its intake",
	       code);
}

/* Plans, the home program and check-ins ------------------------------------ */

/* A bedtime routine of a plan, or the steps ticked on a diary day. */
struct routine_rec {
	int64_t patient_id, episode_id;
	struct br_routine r;
};

static bool
get_num(struct entry *e, json_t *v, const char *path, double min, double max,
        double *out)
{
	if (!json_is_number(v))
		return reject(e, "%s must be a number", path);
	*out = json_number_value(v);
	if (!(*out >= min && *out <= max))
		return reject(e, "%s must be from %g to %g, not %g", path, min,
		              max, *out);
	return true;
}

static bool
get_bool(struct entry *e, json_t *v, const char *path, bool *out)
{
	if (!json_is_boolean(v))
		return reject(e, "%s must be true or false", path);
	*out = json_is_true(v);
	return true;
}

/* The component of a log Observation with backrest code, or NULL. */
static json_t *
component_of(json_t *res, const char *code)
{
	const char *k;
	json_t *c;
	size_t i;

	json_array_foreach(json_object_get(res, "component"), i, c)
	{
		if (has_coding(json_object_get(c, "code"), BR_FHIR_CS BR_CS_OBS,
		               &k) &&
		    strcmp(k, code) == 0)
			return c;
	}
	return NULL;
}

static void *
new_rec(struct imp *im, size_t size)
{
	void *p = calloc(1, size);

	if (p == NULL)
		im->fatal = BR_ENOMEM;
	return p;
}

/* Reads a list of bedtime-step codings (each item of list, at key, or the
 * item itself when key is NULL) into r; steps ticked false are left out. */
static bool
read_steps_list(struct entry *x, json_t *list, const char *path,
                bool components, struct br_routine *r)
{
	const char *cs = BR_FHIR_CS "bedtime-step", *code;
	json_t *it;
	size_t i;

	memset(r, 0, sizeof(*r));
	json_array_foreach(list, i, it)
	{
		json_t *cc = components ? json_object_get(it, "code") : it;
		bool done = true, seen = false;

		if (!has_coding(cc, cs, &code) ||
		    br_vocab_find("bedtime.json", "steps", code) == NULL)
			return reject(x,
			              "%s[%zu] must be a bedtime step of "
			              "backrest (%s)",
			              path, i, cs);
		if (components &&
		    !get_bool(x, json_object_get(it, "valueBoolean"),
		              "component.valueBoolean", &done))
			return false;
		for (int k = 0; k < r->n; k++)
			seen = seen || strcmp(r->steps[k], code) == 0;
		if (!done || seen)
			continue;
		if (r->n == BR_ROUTINE_MAX)
			return reject(x, "%s has more than %d steps", path,
			              BR_ROUTINE_MAX);
		snprintf(r->steps[r->n++], BR_ROUTINE_STEP_MAX, "%s", code);
	}
	return true;
}

static bool
same_steps(const struct br_routine *a, const struct br_routine *b)
{
	if (a->n != b->n)
		return false;
	for (int i = 0; i < a->n; i++) {
		bool found = false;

		for (int k = 0; k < b->n; k++)
			found = found || strcmp(a->steps[i], b->steps[k]) == 0;
		if (!found)
			return false;
	}
	return true;
}

static const char *const course_defaults[] = {"sessions", "per_week", "trial",
                                              NULL};

static void
read_course(struct imp *im, struct entry *x, int64_t pid, int64_t eid,
            const char *status, const char *day)
{
	struct br_plan_item *it = new_rec(im, sizeof(*it));
	json_t *repeat = json_object_get(
	        json_object_get(x->res, "occurrenceTiming"), "repeat");
	json_t *pw = find_ext(x->res, BR_EXT_PER_WEEK);
	json_t *trial = find_ext(x->res, BR_EXT_TRIAL);
	json_t *ended = find_ext(x->res, BR_EXT_ENDED), *e;
	const char *t = NULL, *note;
	size_t i, len = 0;

	x->rec.plan = it;
	x->sub = S_COURSE;
	if (it == NULL)
		return;
	if (!has_coding(json_object_get(x->res, "code"),
	                BR_FHIR_CS BR_CS_TREATMENT, &t) ||
	    br_evidence_treatment(br_library_evidence(), t) < 0) {
		reject(x,
		       "code must be a treatment of backrest's evidence "
		       "table (%s%s)",
		       BR_FHIR_CS, BR_CS_TREATMENT);
		return;
	}
	snprintf(it->treatment, sizeof(it->treatment), "%s", t);
	snprintf(it->status, sizeof(it->status), "%s",
	         strcmp(status, "active") == 0      ? "active"
	         : strcmp(status, "revoked") == 0   ? "stopped"
	         : strcmp(status, "completed") == 0 ? "done"
	                                            : "");
	if (!it->status[0]) {
		reject(x,
		       "status %.20s is not imported (active, revoked or "
		       "completed)",
		       status);
		return;
	}
	it->sessions = it->trial = BR_UNSET;
	it->per_week = -1;
	if (json_object_get(repeat, "count") &&
	    !get_int(x, json_object_get(repeat, "count"),
	             "occurrenceTiming.repeat.count", 1, 100, &it->sessions))
		return;
	if (pw) {
		if (!get_num(x, json_object_get(pw, "valueDecimal"),
		             "the visits-per-week extension", 0, 7,
		             &it->per_week))
			return;
	} else if (json_object_get(repeat, "frequency")) {
		const char *unit = str(repeat, "periodUnit");
		int freq;
		double period;

		if (!get_int(x, json_object_get(repeat, "frequency"),
		             "occurrenceTiming.repeat.frequency", 1, 100,
		             &freq) ||
		    !get_num(x, json_object_get(repeat, "period"),
		             "occurrenceTiming.repeat.period", 0.001, 1000,
		             &period))
			return;
		if (unit == NULL ||
		    (strcmp(unit, "wk") != 0 && strcmp(unit, "d") != 0)) {
			reject(x, "occurrenceTiming.repeat.periodUnit must be "
			          "wk or d");
			return;
		}
		it->per_week = freq / period * (strcmp(unit, "d") == 0 ? 7 : 1);
		if (it->per_week > 7) {
			reject(x, "occurrenceTiming is more than 7 visits a "
			          "week");
			return;
		}
	}
	if (pw && it->per_week <= 0) {
		reject(x, "the visits-per-week extension must be above 0");
		return;
	}
	if (trial &&
	    !get_int(x, json_object_get(trial, "valuePositiveInt"),
	             "the trial-checkpoint extension", 1, 100, &it->trial))
		return;
	if (it->trial != BR_UNSET && it->sessions != BR_UNSET &&
	    it->trial > it->sessions) {
		reject(x,
		       "trial checkpoint %d is after the last of %d sessions",
		       it->trial, it->sessions);
		return;
	}
	json_array_foreach(json_object_get(x->res, "extension"), i, e)
	{
		const char *u = str(e, "url"), *v = str(e, "valueCode");

		if (u == NULL || strcmp(u, BR_FHIR_EXT BR_EXT_DEFAULTED) != 0)
			continue;
		if (!in_list(course_defaults, v)) {
			reject(x, "the course-default extension must be "
			          "sessions, per_week or trial");
			return;
		}
		if (strstr(it->defaulted, v) == NULL)
			len += (size_t)snprintf(it->defaulted + len,
			                        sizeof(it->defaulted) - len,
			                        "%s%s", len ? "," : "", v);
	}
	if (ended && !get_date(x, ext_part(ended, "date"), "valueDate",
	                       "ended.date", true, it->ended_on))
		return;
	if ((strcmp(it->status, "active") == 0) != (ended == NULL)) {
		reject(x, "status %s %s the ended extension", status,
		       ended ? "contradicts" : "needs");
		return;
	}
	note = first_note(x->res);
	if (note && !copy(x, "note[0].text", note, it->note, sizeof(it->note)))
		return;
	if (!claim(im, x, BR_REC_PLAN_ITEM, pid, &it->id, it->created_at))
		return;
	it->patient_id = pid;
	it->episode_id = eid;
	snprintf(it->day, sizeof(it->day), "%s", day);
}

static void
read_routine_sr(struct imp *im, struct entry *x, int64_t pid, int64_t eid,
                const char *day)
{
	struct routine_rec *rr = new_rec(im, sizeof(*rr));
	struct br_routine stored;
	int rc;

	x->rec.routine = rr;
	x->sub = S_ROUTINE;
	if (rr == NULL ||
	    !read_steps_list(x, json_object_get(x->res, "orderDetail"),
	                     "orderDetail", false, &rr->r) ||
	    !unique_key(im, x, "bedtime routine", "episode", eid))
		return;
	if (rr->r.n == 0) {
		reject(x, "orderDetail must name the routine's steps");
		return;
	}
	rr->patient_id = pid;
	rr->episode_id = eid;
	snprintf(rr->r.day, sizeof(rr->r.day), "%s", day);
	rc = br_store_routine_get(im->s, pid, eid, &stored, im->err);
	if (rc < 0) {
		reject_err(im, x, rc, im->err);
		return;
	}
	x->exists = same_steps(&stored, &rr->r) &&
	            strcmp(stored.day, rr->r.day) == 0;
	x->rec_id = eid;
}

static void
read_exercise_sr(struct imp *im, struct entry *x, int64_t pid, int64_t eid,
                 const char *status, const char *day)
{
	const struct br_exercises *lib = br_library_exercises();
	struct br_exercise_rx *r = new_rec(im, sizeof(*r));
	json_t *q = json_object_get(x->res, "quantityQuantity");
	json_t *repeat = json_object_get(
	        json_object_get(x->res, "occurrenceTiming"), "repeat");
	json_t *usual = find_ext(x->res, BR_EXT_USUAL);
	const char *id = NULL;
	int k;

	x->rec.rx = r;
	x->sub = S_EXERCISE;
	if (r == NULL)
		return;
	if (!has_coding(json_object_get(x->res, "code"),
	                BR_FHIR_CS BR_CS_EXERCISE, &id) ||
	    (k = br_exercises_find(lib, id)) < 0) {
		reject(x,
		       "code must be an exercise of backrest's library (%s%s)",
		       BR_FHIR_CS, BR_CS_EXERCISE);
		return;
	}
	if (strcmp(status, "active") != 0 && strcmp(status, "completed") != 0 &&
	    strcmp(status, "revoked") != 0) {
		reject(x,
		       "status %.20s is not imported (active, completed or "
		       "revoked)",
		       status);
		return;
	}
	snprintf(r->exercise, sizeof(r->exercise), "%s", id);
	r->active = strcmp(status, "active") == 0;
	r->reps = lib->levels[k].reps;
	r->every_days = lib->levels[k].every_days;
	r->usual_morning = BR_UNSET;
	if (q && !get_int(x, json_object_get(q, "value"),
	                  "quantityQuantity.value", 1, 100, &r->reps))
		return;
	if (json_object_get(repeat, "period")) {
		const char *unit = str(repeat, "periodUnit");

		if (unit == NULL || strcmp(unit, "d") != 0) {
			reject(x, "occurrenceTiming.repeat.periodUnit must be "
			          "d (days between sessions)");
			return;
		}
		if (!get_int(x, json_object_get(repeat, "period"),
		             "occurrenceTiming.repeat.period", 1, 14,
		             &r->every_days))
			return;
	}
	if (usual && !get_int(x, json_object_get(usual, "valueInteger"),
	                      "the usual-morning-pain extension", 0, 10,
	                      &r->usual_morning))
		return;
	if (!claim(im, x, BR_REC_EXERCISE_RX, pid, &r->id, r->created_at))
		return;
	r->patient_id = pid;
	r->episode_id = eid;
	snprintf(r->day, sizeof(r->day), "%s", day);
}

static void
read_pacing_sr(struct imp *im, struct entry *x, int64_t pid, int64_t eid,
               const char *status, const char *day)
{
	struct br_pacing_quota *p = new_rec(im, sizeof(*p));
	json_t *q = json_object_get(x->res, "quantityQuantity");
	json_t *step = find_ext(x->res, BR_EXT_PACING);
	const char *activity = str(json_object_get(x->res, "code"), "text");
	const char *unit = br_fhir_unit_of(str(q, "code"));

	x->rec.quota = p;
	x->sub = S_PACING;
	if (p == NULL)
		return;
	if (strcmp(status, "active") != 0 && strcmp(status, "completed") != 0) {
		reject(x, "status %.20s is not imported (active or completed)",
		       status);
		return;
	}
	if (activity == NULL || !activity[0]) {
		reject(x, "code.text (the paced activity) is required");
		return;
	}
	if (!copy(x, "code.text", activity, p->activity, sizeof(p->activity)))
		return;
	if (strpbrk(p->activity, "\n\t")) {
		reject(x, "code.text must be a short name on one line");
		return;
	}
	if (unit == NULL && str(q, "code") == NULL)
		unit = br_fhir_ucum_of(str(q, "unit")) ? str(q, "unit") : NULL;
	if (!json_is_object(q) || unit == NULL) {
		reject(x, "quantityQuantity (the baseline) is required in min, "
		          "m, {steps} or {reps}");
		return;
	}
	snprintf(p->unit, sizeof(p->unit), "%s", unit);
	if (!get_num(x, json_object_get(q, "value"), "quantityQuantity.value",
	             0, 100000, &p->baseline))
		return;
	if (p->baseline <= 0) {
		reject(x, "quantityQuantity.value (the baseline) must be "
		          "above 0");
		return;
	}
	p->step_pct = 10;
	p->every_days = 7;
	if (step &&
	    ((ext_part(step, "percent") &&
	      !get_num(x,
	               json_object_get(ext_part(step, "percent"),
	                               "valueDecimal"),
	               "pacing-step.percent", 10, 20, &p->step_pct)) ||
	     (ext_part(step, "every") &&
	      !get_int(x,
	               json_object_get(ext_part(step, "every"), "valueInteger"),
	               "pacing-step.every", 1, 28, &p->every_days))))
		return;
	if (!claim(im, x, BR_REC_PACING_QUOTA, pid, &p->id, p->created_at))
		return;
	p->patient_id = pid;
	p->episode_id = eid;
	snprintf(p->day, sizeof(p->day), "%s", day);
}

/* A ServiceRequest of a backrest care plan: its category (plan-activity)
 * says which record it is. */
static void
read_servreq(struct imp *im, struct entry *x)
{
	static const char *const kinds_[][2] = {
	        {BR_PLAN_COURSE, BR_NS_PLAN_ITEM},
	        {BR_PLAN_ROUTINE, BR_NS_ROUTINE},
	        {BR_PLAN_EXERCISE, BR_NS_EXERCISE_RX},
	        {BR_PLAN_PACING, BR_NS_PACING},
	};
	const char *kind = NULL, *ns = NULL, *status, *intent, *k;
	char day[BR_DATE_LEN];
	int64_t pid, eid;
	json_t *c;
	size_t i;

	json_array_foreach(json_object_get(x->res, "category"), i, c)
	{
		if (has_coding(c, BR_FHIR_CS BR_CS_PLAN_ACT, &k))
			kind = k;
	}
	for (i = 0; kind && i < sizeof(kinds_) / sizeof(kinds_[0]); i++)
		if (strcmp(kind, kinds_[i][0]) == 0)
			ns = kinds_[i][1];
	if (ns == NULL) {
		if (im->o->skip_unknown)
			x->kind = K_UNKNOWN;
		else
			reject(x,
			       "backrest imports care-plan ServiceRequests "
			       "only (category in CodeSystem/%s); use "
			       "--skip-unknown to skip it",
			       BR_CS_PLAN_ACT);
		return;
	}
	if (!match_ident(im, x, ns) ||
	    !resolve_patient(im, x, x->res, "subject", &pid) ||
	    !episode_of(im, x, pid, &eid, NULL) ||
	    !get_date(x, x->res, "authoredOn", "authoredOn", true, day))
		return;
	status = get_str(x, x->res, "status", "status");
	intent = get_str(x, x->res, "intent", "intent");
	if (x->bad)
		return;
	if (status == NULL) {
		reject(x, "status is required");
		return;
	}
	if (intent == NULL ||
	    (strcmp(intent, "plan") != 0 && strcmp(intent, "order") != 0)) {
		reject(x, "intent must be plan (or order)");
		return;
	}
	x->patient_id = pid;
	if (strcmp(kind, BR_PLAN_COURSE) == 0)
		read_course(im, x, pid, eid, status, day);
	else if (strcmp(kind, BR_PLAN_ROUTINE) == 0)
		read_routine_sr(im, x, pid, eid, day);
	else if (strcmp(kind, BR_PLAN_EXERCISE) == 0)
		read_exercise_sr(im, x, pid, eid, status, day);
	else
		read_pacing_sr(im, x, pid, eid, status, day);
}

/* The common part of an exercise or pacing log: identifier, patient,
 * episode, day. */
static bool
read_log_frame(struct imp *im, struct entry *x, const char *ns, int64_t *pid,
               int64_t *eid, char day[BR_DATE_LEN])
{
	return match_ident(im, x, ns) &&
	       resolve_patient(im, x, x->res, "subject", pid) &&
	       episode_of(im, x, *pid, eid, NULL) &&
	       get_date(x, x->res, "effectiveDateTime", "effectiveDateTime",
	                true, day);
}

static void
read_exercise_log(struct imp *im, struct entry *x)
{
	const struct br_exercises *lib = br_library_exercises();
	struct br_exercise_log *l = new_rec(im, sizeof(*l));
	json_t *ex = component_of(x->res, "exercise"), *v;
	const char *id = NULL;
	char key[160];

	x->rec.exlog = l;
	x->sub = S_EX_LOG;
	if (l == NULL ||
	    !read_log_frame(im, x, BR_NS_EXERCISE_LOG, &l->patient_id,
	                    &l->episode_id, l->day))
		return;
	if (!has_coding(json_object_get(ex, "valueCodeableConcept"),
	                BR_FHIR_CS BR_CS_EXERCISE, &id) ||
	    br_exercises_find(lib, id) < 0) {
		reject(x, "the exercise component must be an exercise of "
		          "backrest's library");
		return;
	}
	snprintf(l->exercise, sizeof(l->exercise), "%s", id);
	l->next_morning = BR_UNSET;
	if (!get_int(x,
	             json_object_get(component_of(x->res, "reps"),
	                             "valueInteger"),
	             "the reps component", 0, 1000, &l->reps) ||
	    !get_int(x,
	             json_object_get(component_of(x->res, "pain-during"),
	                             "valueInteger"),
	             "the pain-during component", 0, 10, &l->pain_during))
		return;
	v = component_of(x->res, "next-morning-pain");
	if (v && !get_int(x, json_object_get(v, "valueInteger"),
	                  "the next-morning-pain component", 0, 10,
	                  &l->next_morning))
		return;
	v = component_of(x->res, "rom-loss");
	if (v && !get_bool(x, json_object_get(v, "valueBoolean"),
	                   "the rom-loss component", &l->rom_loss))
		return;
	v = component_of(x->res, "reinjury");
	if (v && !get_bool(x, json_object_get(v, "valueBoolean"),
	                   "the reinjury component", &l->reinjury))
		return;
	snprintf(key, sizeof(key), "exercise log|%lld|%s|%s",
	         (long long)l->episode_id, l->exercise, l->day);
	if (!unique(im, x, "exercise log of that exercise and day", key) ||
	    !claim(im, x, BR_REC_EXERCISE_LOG, l->patient_id, &l->id,
	           l->created_at))
		return;
	x->patient_id = l->patient_id;
}

static void
read_pacing_log(struct imp *im, struct entry *x)
{
	struct br_pacing_log *l = new_rec(im, sizeof(*l));
	json_t *q = json_object_get(x->res, "valueQuantity"), *v;
	char key[160];
	bool b = false;

	x->rec.pacelog = l;
	x->sub = S_PACE_LOG;
	if (l == NULL ||
	    !read_log_frame(im, x, BR_NS_PACING_LOG, &l->patient_id,
	                    &l->episode_id, l->day))
		return;
	v = component_of(x->res, "paced-activity");
	if (!json_is_string(json_object_get(v, "valueString"))) {
		reject(x, "the paced-activity component (valueString) is "
		          "required");
		return;
	}
	if (!set_text(x, "the paced-activity component",
	              json_object_get(v, "valueString"), l->activity,
	              sizeof(l->activity)))
		return;
	if (!json_is_object(q)) {
		reject(x, "valueQuantity (what was done) is required");
		return;
	}
	if (!get_num(x, json_object_get(q, "value"), "valueQuantity.value", 0,
	             100000, &l->done))
		return;
	l->recovered = BR_UNSET;
	v = component_of(x->res, "recovered");
	if (v) {
		if (!get_bool(x, json_object_get(v, "valueBoolean"),
		              "the recovered component", &b))
			return;
		l->recovered = b;
	}
	v = component_of(x->res, "flare");
	if (v && !get_bool(x, json_object_get(v, "valueBoolean"),
	                   "the flare component", &l->flare))
		return;
	snprintf(key, sizeof(key), "pacing log|%lld|%s|%s",
	         (long long)l->episode_id, l->activity, l->day);
	if (!unique(im, x, "pacing log of that activity and day", key) ||
	    !claim(im, x, BR_REC_PACING_LOG, l->patient_id, &l->id,
	           l->created_at))
		return;
	x->patient_id = l->patient_id;
}

/* The bedtime-routine steps ticked on a diary day. */
static void
read_ticks(struct imp *im, struct entry *x)
{
	struct routine_rec *rr = new_rec(im, sizeof(*rr));
	struct br_routine stored;
	char date[BR_DATE_LEN], key[80];
	const char *dt;
	int32_t day;
	int mins, rc;

	x->rec.routine = rr;
	x->sub = S_TICKS;
	if (rr == NULL || !check_idents(x) ||
	    !resolve_patient(im, x, x->res, "subject", &rr->patient_id))
		return;
	dt = get_str(x, x->res, "effectiveDateTime", "effectiveDateTime");
	if (x->bad)
		return;
	if (dt == NULL || !parse_dt(dt, &day, &mins, NULL)) {
		reject(x, "effectiveDateTime must be the diary date "
		          "(YYYY-MM-DD)");
		return;
	}
	if (!diary_day_of(x, rr->patient_id, &day) ||
	    !read_steps_list(x, json_object_get(x->res, "component"),
	                     "component", true, &rr->r))
		return;
	br_format_date(day, date);
	snprintf(key, sizeof(key), "routine ticks|%lld|%s",
	         (long long)rr->patient_id, date);
	if (!unique(im, x, "routine ticks of that day", key))
		return;
	memcpy(rr->r.day, date, sizeof(rr->r.day));
	rc = br_store_routine_ticks_get(im->s, rr->patient_id, date, &stored,
	                                im->err);
	if (rc < 0) {
		reject_err(im, x, rc, im->err);
		return;
	}
	x->exists = same_steps(&stored, &rr->r);
	x->patient_id = rr->patient_id;
}

static const char *const change_names[] = {"worse", "same", "better", NULL};

/* The answer of item linkId of a QuestionnaireResponse, or NULL. */
static json_t *
answer_of(json_t *res, const char *link)
{
	json_t *it;
	size_t i;

	json_array_foreach(json_object_get(res, "item"), i, it)
	{
		if (str(it, "linkId") && strcmp(str(it, "linkId"), link) == 0)
			return json_array_get(json_object_get(it, "answer"), 0);
	}
	return NULL;
}

/* The next-day check-in of a session. */
static void
read_checkin(struct imp *im, struct entry *x, int64_t pid)
{
	struct br_checkin *c = new_rec(im, sizeof(*c)), old;
	struct br_err ignored = BR_ERR_INIT;
	const char *const links[] = {"energy", "mood"};
	char *const outs[] = {c ? c->energy : NULL, c ? c->mood : NULL};
	json_t *e, *unusual;
	size_t i;

	x->rec.checkin = c;
	x->sub = S_CHECKIN;
	if (c == NULL || !match_ident(im, x, BR_NS_CHECKIN) ||
	    !encounter_of(im, x, pid, true, &c->session_id, &c->episode_id,
	                  c->session_day) ||
	    !get_date(x, x->res, "authored", "authored", true, c->day))
		return;
	if (strcmp(c->day, c->session_day) <= 0) {
		reject(x,
		       "authored must be after the session's date %s (the "
		       "check-in is the day after)",
		       c->session_day);
		return;
	}
	if (!get_int(x,
	             json_object_get(answer_of(x->res, "soreness"),
	                             "valueInteger"),
	             "the soreness answer", 0, 10, &c->soreness))
		return;
	for (int k = 0; k < 2; k++) {
		const char *code =
		        str(json_object_get(answer_of(x->res, links[k]),
		                            "valueCoding"),
		            "code");

		if (!in_list(change_names, code)) {
			reject(x,
			       "the %s answer must be a coding worse, same "
			       "or better",
			       links[k]);
			return;
		}
		snprintf(outs[k], sizeof(c->energy), "%s", code);
	}
	unusual = answer_of(x->res, "unusual");
	if (unusual && !set_text(x, "the unusual answer",
	                         json_object_get(unusual, "valueString"),
	                         c->unusual, sizeof(c->unusual)))
		return;
	json_array_foreach(json_object_get(x->res, "extension"), i, e)
	{
		const char *u = str(e, "url");

		if (u && strcmp(u, BR_FHIR_EXT BR_EXT_ADVERSE) == 0 &&
		    !get_bool(x, json_object_get(e, "valueBoolean"),
		              "the checkin-adverse extension", &c->adverse))
			return;
		if (u == NULL || strcmp(u, BR_FHIR_EXT BR_EXT_RULE) != 0)
			continue;
		if (str(e, "valueCode") == NULL ||
		    br_vocab_find("aftercare.json", "thresholds",
		                  str(e, "valueCode")) == NULL) {
			reject(x, "the checkin-rule extension must be a rule "
			          "of backrest's aftercare thresholds");
			return;
		}
		if (c->n_rules == BR_CHECKIN_RULES) {
			reject(x, "more than %d checkin-rule extensions",
			       BR_CHECKIN_RULES);
			return;
		}
		snprintf(c->rules[c->n_rules++], BR_CHECKIN_CODE, "%s",
		         str(e, "valueCode"));
	}
	if (!unique_key(im, x, "check-in", "session", c->session_id))
		return;
	if (br_store_checkin_get(im->s, pid, c->session_id, &old, &ignored) ==
	    0)
		x->exists = true;
	c->patient_id = x->patient_id = pid;
	x->rec_id = c->session_id;
	ts_or_now(x, c->created_at);
}

/* The goals of the intake as a Goal: it must be the intake's. */
static void
read_goal(struct imp *im, struct entry *x)
{
	struct br_intake *in;
	struct entry *qr = NULL;
	const char *text;
	int64_t pid, eid;
	int rc;

	if (!check_idents(x) ||
	    !resolve_patient(im, x, x->res, "subject", &pid) ||
	    !episode_of(im, x, pid, &eid, NULL))
		return;
	text = str(json_object_get(x->res, "description"), "text");
	if (text == NULL) {
		reject(x, "description.text (the patient's goals) is required");
		return;
	}
	for (size_t i = 0; i < im->n; i++)
		if (im->e[i].kind == K_QR && im->e[i].sub == S_INTAKE &&
		    im->e[i].rec.intake && im->e[i].patient_id == pid &&
		    im->e[i].rec.intake->episode_id == eid)
			qr = &im->e[i];
	x->patient_id = pid;
	if (qr && qr->bad) {
		reject_dep(x, "its episode's intake", qr);
		return;
	}
	if (qr) {
		if (strcmp(qr->rec.intake->goals, text) != 0)
			reject(x, "description.text must be the goals of the "
			          "episode's intake");
		x->exists = qr->exists;
		return;
	}
	in = malloc(sizeof(*in));
	if (in == NULL) {
		im->fatal = BR_ENOMEM;
		return;
	}
	rc = br_store_intake_get(im->s, pid, eid, in, im->err);
	if (rc == 0 && strcmp(in->goals, text) != 0)
		reject(x, "description.text must be the goals of the "
		          "episode's intake");
	else if (rc == BR_ENOTFOUND)
		reject(x, "backrest keeps a patient's goals in the intake, and "
		          "the episode has none in the bundle or the store");
	else if (rc < 0)
		reject_err(im, x, rc, im->err);
	x->exists = true;
	free(in);
}

/* A reference of a CarePlan to an entry of type (or backrest's form of
 * it, "Type/prefix...", not in the bundle); *exists is cleared when the
 * entry is new. */
static bool
plan_ref(struct imp *im, struct entry *x, json_t *r, const char *path,
         const char *type, const char *prefix, int64_t pid, bool *exists)
{
	const char *ref = str(r, "reference");
	struct entry *t;
	char want[64];

	if (ref == NULL)
		return reject(x,
		              "%s.reference is required (backrest keeps plan "
		              "activities as ServiceRequests)",
		              path);
	t = find_ref(im, ref);
	if (t) {
		if (strcmp(t->type, type) != 0)
			return reject(x, "%s %.60s names a %s, not a %s", path,
			              ref, t->type, type);
		if (t->bad)
			return reject_dep(x, path, t);
		if (t->patient_id != pid)
			return reject(x, "%s is about another patient", path);
		*exists = *exists && t->exists;
		return true;
	}
	snprintf(want, sizeof(want), "%s/%s", type, prefix);
	if (strncmp(ref, want, strlen(want)) == 0)
		return true;
	return reject(x,
	              "%s %.80s is neither in the bundle nor a backrest "
	              "record",
	              path, ref);
}

/* The CarePlan of an episode: it names the plan's ServiceRequests and the
 * Goal, which carry the records; nothing of its own is stored. */
static void
read_careplan(struct imp *im, struct entry *x)
{
	int64_t pid, eid;
	bool exists = true;
	json_t *a;
	size_t i;

	if (!check_idents(x) ||
	    !resolve_patient(im, x, x->res, "subject", &pid) ||
	    !episode_of(im, x, pid, &eid, NULL))
		return;
	x->patient_id = pid;
	json_array_foreach(json_object_get(x->res, "activity"), i, a)
	{
		char path[64];

		snprintf(path, sizeof(path), "activity[%zu].reference", i);
		if (!plan_ref(im, x, json_object_get(a, "reference"), path,
		              "ServiceRequest", "sr-", pid, &exists))
			return;
	}
	json_array_foreach(json_object_get(x->res, "goal"), i, a)
	{
		char path[48];

		snprintf(path, sizeof(path), "goal[%zu]", i);
		if (!plan_ref(im, x, a, path, "Goal", "goal-", pid, &exists))
			return;
	}
	x->exists = exists;
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

/* Writes the record entry x read, when it is new. */
static int
write_entry(struct imp *im, struct entry *x, json_t *report,
            struct br_clinic *clinic)
{
	struct br_err *err = im->err;
	bool wrote = true;
	int rc = 0;

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
			if (clinic->id == 0)
				rc = br_store_clinic_default(
				        im->s, "My practice", clinic, err);
			x->rec.patient->clinic_id = clinic->id;
		}
		if (rc == 0)
			rc = br_store_patient_insert(im->s, x->rec.patient,
			                             err);
		if (rc == 0)
			json_array_append_new(
			        json_object_get(report, "patients"),
			        json_integer(x->rec_id));
		break;
	case K_PRACT:
		if (x->clinic_ref < 0)
			x->rec.user->clinic_id =
			        im->e[-x->clinic_ref - 1].rec_id;
		else
			x->rec.user->clinic_id = x->clinic_ref;
		rc = br_store_user_insert(im->s, x->rec.user, err);
		break;
	case K_EOC:
		rc = br_store_episode_insert(im->s, x->rec.episode, err);
		break;
	case K_ENCOUNTER:
		rc = br_store_session_insert(im->s, x->rec.session, err);
		break;
	case K_QR:
		if (x->sub == S_MEASURE)
			rc = br_store_measure_insert(im->s, x->rec.measure,
			                             err);
		else if (x->sub == S_CHECKIN)
			rc = br_store_checkin_insert(im->s, x->rec.checkin,
			                             err);
		else
			rc = br_store_intake_put(im->s, x->rec.intake, err);
		break;
	case K_SERVREQ:
		if (x->sub == S_COURSE)
			rc = br_store_plan_item_insert(im->s, x->rec.plan, err);
		else if (x->sub == S_ROUTINE)
			rc = br_store_routine_set(im->s,
			                          x->rec.routine->patient_id,
			                          x->rec.routine->episode_id,
			                          &x->rec.routine->r, err);
		else if (x->sub == S_EXERCISE)
			rc = br_store_exercise_rx_insert(im->s, x->rec.rx, err);
		else
			rc = br_store_pacing_quota_insert(im->s, x->rec.quota,
			                                  err);
		break;
	case K_MEDREQ:
		rc = br_store_herbal_insert(im->s, x->rec.herbal, err);
		break;
	case K_APPT:
		rc = br_store_visit_insert(im->s, x->rec.visit, err);
		break;
	case K_OBSERVATION:
		if (x->sub == S_SCREEN)
			rc = br_store_screening_insert(im->s, x->rec.screening,
			                               err);
		else if (x->sub == S_TCM && x->holder)
			rc = br_store_tcm_insert(im->s, x->rec.tcm, err);
		else if (x->sub == S_HERB_AE)
			rc = br_store_herbal_adverse_insert(
			        im->s, x->rec.adverse, err);
		else if (x->sub == S_EX_LOG)
			rc = br_store_exercise_log_put(im->s, x->rec.exlog,
			                               err);
		else if (x->sub == S_PACE_LOG)
			rc = br_store_pacing_log_put(im->s, x->rec.pacelog,
			                             err);
		else if (x->sub == S_TICKS)
			rc = br_store_routine_ticks_set(
			        im->s, x->rec.routine->patient_id,
			        x->rec.routine->r.day, &x->rec.routine->r, err);
		else
			wrote = false;
		break;
	default:
		wrote = false;
		break;
	}
	if (rc == 0 && wrote && x->link_val[0])
		rc = br_store_link_put(im->s, x->type, x->link_sys, x->link_val,
		                       x->rec_id, x->patient_id, err);
	return rc;
}

/* The STarT Back risk group of each episode that got a new measure of a
 * stratifying instrument: the band of its latest such measure. */
static int
update_risk(struct imp *im)
{
	struct br_measure *latest = NULL;
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < im->n; i++) {
		struct entry *x = &im->e[i];
		const struct br_instrument *def;

		if (x->kind != K_QR || x->sub != S_MEASURE || x->exists ||
		    x->bad || x->res == NULL)
			continue;
		def = find_instrument(im, x->rec.measure->instrument);
		if (def == NULL ||
		    json_object_get(def->doc, "stratification") == NULL)
			continue;
		if (latest == NULL &&
		    (latest = malloc(sizeof(*latest))) == NULL)
			return BR_ENOMEM;
		rc = br_store_measure_latest(im->s, x->patient_id,
		                             x->rec.measure->episode_id,
		                             def->id, latest, im->err);
		if (rc == 0)
			rc = br_store_episode_set_risk_group(
			        im->s, x->patient_id,
			        x->rec.measure->episode_id, latest->band,
			        im->err);
	}
	free(latest);
	return rc;
}

static int
write_all(struct imp *im, struct br_diary_day *days, size_t n_days,
          size_t n_new, json_t *report)
{
	/* Records before the records that name them. */
	static const enum kind order[] = {
	        K_ORG,    K_PRACT,     K_PRACT_ROLE, K_PATIENT,   K_CONDITION,
	        K_EOC,    K_ENCOUNTER, K_APPT,       K_PROCEDURE, K_QR,
	        K_MEDREQ, K_SERVREQ,   K_GOAL,       K_CAREPLAN,  K_OBSERVATION,
	};
	json_t *created = json_object_get(report, "created");
	json_t *matched = json_object_get(report, "matched");
	struct br_clinic clinic = {0};
	struct br_err *err = im->err;
	int rc = 0;

	for (size_t k = 0; k < sizeof(order) / sizeof(order[0]); k++) {
		for (size_t i = 0; rc == 0 && i < im->n; i++) {
			struct entry *x = &im->e[i];

			if (x->kind != order[k] || x->res == NULL)
				continue;
			if (x->exists) {
				count(matched, x->type, 1);
				if (x->close_episode)
					rc = br_store_episode_close(
					        im->s, x->patient_id, x->rec_id,
					        x->rec.episode->closed_on, err);
				if (x->close_episode)
					count(json_object_get(report,
					                      "updated"),
					      "EpisodeOfCare", 1);
				continue;
			}
			rc = write_entry(im, x, report, &clinic);
			if (rc == 0)
				count(created, x->type, 1);
		}
		if (rc == 0 && order[k] == K_ENCOUNTER)
			for (size_t i = 0; rc == 0 && i < n_days; i++)
				rc = br_store_diary_put(im->s, &days[i], err);
	}
	if (rc == 0)
		rc = update_risk(im);
	count(created, "diary days", (json_int_t)n_new);
	count(json_object_get(report, "updated"), "diary days",
	      (json_int_t)(n_days - n_new));
	return rc;
}

/* Remembers the clinics and practitioners of this import for the next
 * call (a streamed import resolves references across calls). */
static void
remember_aliases(struct imp *im)
{
	for (size_t i = 0; im->o->aliases && i < im->n; i++) {
		struct entry *x = &im->e[i];
		const char *prefix = x->kind == K_ORG     ? "Organization/org-"
		                     : x->kind == K_PRACT ? "Practitioner/prac-"
		                     : x->kind == K_PRACT_ROLE
		                             ? "PractitionerRole/prr-"
		                             : NULL;
		char ref[64], key[160];

		if (prefix == NULL || x->res == NULL || !x->rec_id)
			continue;
		snprintf(ref, sizeof(ref), "%s%lld", prefix,
		         (long long)x->rec_id);
		if (x->full_url)
			json_object_set_new(im->o->aliases, x->full_url,
			                    json_string(ref));
		if (x->id) {
			snprintf(key, sizeof(key), "%s/%s", x->type, x->id);
			json_object_set_new(im->o->aliases, key,
			                    json_string(ref));
		}
	}
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
		        "bundle rejected, nothing imported (%zu %s on the "
		        "rejected one): %s",
		        dependent,
		        dependent == 1 ? "entry depends" : "entries depend",
		        msg);
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
	rc = br_instruments_load(o->instruments_dir, &im.instruments, err);
	if (rc < 0)
		return rc;
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
	read_kind(&im, K_PRACT, read_pract);
	read_kind(&im, K_PRACT_ROLE, read_pract_role);
	read_kind(&im, K_PATIENT, read_patient);
	read_kind(&im, K_CONDITION, read_condition);
	read_kind(&im, K_EOC, read_eoc);
	read_kind(&im, K_APPT, read_appt);
	read_kind(&im, K_ENCOUNTER, read_encounter);
	read_kind(&im, K_PROCEDURE, read_procedure);
	read_kind(&im, K_QR, read_qr);
	read_kind(&im, K_MEDREQ, read_medreq);
	read_kind(&im, K_SERVREQ, read_servreq);
	read_kind(&im, K_OBSERVATION, read_observation);
	read_kind(&im, K_GOAL, read_goal);
	read_kind(&im, K_CAREPLAN, read_careplan);
	for (size_t i = 0; i < im.n && !im.fatal; i++)
		if (im.e[i].kind == K_CONDITION &&
		    im.e[i].sub == S_INTAKE_COND && !im.e[i].bad && im.e[i].res)
			read_intake_cond(&im, &im.e[i]);
	for (size_t i = 0; i < im.n && !im.fatal; i++) {
		struct entry *x = &im.e[i];
		struct br_err e = BR_ERR_INIT;

		if (x->kind == K_CONDITION && x->sub == S_INTAKE_COND)
			continue;
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
			remember_aliases(&im);
			*report = rep;
		} else {
			json_decref(rep);
		}
	}
	free(days);
	release(&im);
	return rc;
}
