/*
 * fhir_import_common.c - the FHIR importer's shared readers: rejections,
 * small typed readers, identifiers, references, and the episode, encounter
 * and extension lookups every resource family uses.
 */
#include <ctype.h>
#include <stdarg.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "interop/fhir_import_internal.h"

/* Rejections and small readers ------------------------------------------- */

bool
fi_reject(struct entry *e, const char *fmt, ...)
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
bool
fi_reject_dep(struct entry *x, const char *what, const struct entry *dep)
{
	fi_reject(x, "%s (entry %zu) is rejected", what, dep->index);
	x->dependent = true;
	return false;
}

/* Copies a store error into the entry's reason, or keeps a store failure
 * as fatal.  Returns false. */
bool
fi_reject_err(struct imp *im, struct entry *e, int rc, const struct br_err *err)
{
	if (rc == BR_EINVAL || rc == BR_ENOTFOUND || rc == BR_ECONFLICT)
		return fi_reject(e, "%s", err->msg);
	im->fatal = rc;
	return false;
}

/* After a write (an app apply, or a store call where a kind has no apply):
 * a record the rules refused (BR_EINVAL, BR_ENOTFOUND, BR_ECONFLICT:
 * nothing of it was written) rejects entry x with the sentence, after
 * prefix. */
bool
fi_refused(struct entry *x, int rc, const struct br_err *e, const char *prefix)
{
	if (rc != BR_EINVAL && rc != BR_ENOTFOUND && rc != BR_ECONFLICT)
		return false;
	fi_reject(x, "%s%s", prefix, e->msg);
	return true;
}

const char *
fi_str(json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

/* A string member that must be a string when present; NULL when absent or
 * wrong (then the entry is rejected). */
const char *
fi_get_str(struct entry *e, json_t *obj, const char *key, const char *path)
{
	json_t *v = json_object_get(obj, key);

	if (v == NULL || json_is_null(v))
		return NULL;
	if (!json_is_string(v)) {
		fi_reject(e, "%s must be a string", path);
		return NULL;
	}
	return json_string_value(v);
}

/* A whole number in [min, max]: an integer or a decimal with no
 * fraction. */
bool
fi_get_int(struct entry *e, json_t *v, const char *path, long min, long max,
           int *out)
{
	double d;

	if (json_is_integer(v))
		d = (double)json_integer_value(v);
	else if (json_is_real(v))
		d = json_real_value(v);
	else
		return fi_reject(e, "%s must be a number", path);
	if (d < (double)min || d > (double)max || d != (double)(long)d) {
		if (max == INT_MAX)
			return fi_reject(e,
			                 "%s must be a whole number of %ld or "
			                 "more, not %g",
			                 path, min, d);
		return fi_reject(e,
		                 "%s must be a whole number from %ld to %ld, "
		                 "not %g",
		                 path, min, max, d);
	}
	*out = (int)d;
	return true;
}

/* A whole number of 0 or more (BR_UNSET, -1, is "not given"), whose
 * range is the record's rule: the app's apply checks it. */
bool
fi_get_count(struct entry *e, json_t *v, const char *path, int *out)
{
	return fi_get_int(e, v, path, 0, INT_MAX, out);
}

bool
fi_copy(struct entry *e, const char *path, const char *s, char *out, size_t n)
{
	if (strlen(s) >= n)
		return fi_reject(e, "%s is longer than %zu characters", path,
		                 n - 1);
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p < 0x20 && *p != '\n' && *p != '\t')
			return fi_reject(e, "%s has a control character", path);
	snprintf(out, n, "%s", s);
	return true;
}

/* A record id written by backrest ("373652164888108"). */
bool
fi_parse_rec_id(const char *s, int64_t *out)
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
bool
fi_parse_dt(const char *s, int32_t *day, int *minutes, time_t *instant)
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
bool
fi_get_date(struct entry *e, json_t *obj, const char *key, const char *path,
            bool required, char out[BR_DATE_LEN])
{
	const char *s = fi_get_str(e, obj, key, path);
	int32_t day;
	int min;

	out[0] = '\0';
	if (e->bad)
		return false;
	if (s == NULL)
		return required ? fi_reject(e, "%s is required", path) : true;
	if (!fi_parse_dt(s, &day, &min, NULL))
		return fi_reject(e,
		                 "%s must be a full date (YYYY-MM-DD) or "
		                 "dateTime",
		                 path);
	br_format_date(day, out);
	return true;
}

/* meta.lastUpdated as "YYYY-MM-DDTHH:MM:SSZ" ("" when absent). */
bool
fi_get_ts(struct entry *e, char out[BR_TS_LEN])
{
	const char *s = fi_str(json_object_get(e->res, "meta"), "lastUpdated");
	struct tm tm;
	int32_t day;
	int min;
	time_t t;

	out[0] = '\0';
	if (s == NULL)
		return true;
	if (!fi_parse_dt(s, &day, &min, &t) || min == BR_UNSET)
		return fi_reject(e, "meta.lastUpdated must be an instant");
	gmtime_r(&t, &tm);
	strftime(out, BR_TS_LEN, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return true;
}

void
fi_ts_or_now(struct entry *e, char out[BR_TS_LEN])
{
	if (e->ts[0])
		memcpy(out, e->ts, BR_TS_LEN);
	else
		br_store_now(out);
}

/* Identifiers ----------------------------------------------------------- */

/* The value of the identifier in backrest's naming system ns, or NULL. */
const char *
fi_own_ident(struct entry *e, const char *ns)
{
	char sys[160];
	size_t i;
	json_t *id;

	snprintf(sys, sizeof(sys), "%s%s", BR_FHIR_NS, ns);
	json_array_foreach(json_object_get(e->res, "identifier"), i, id)
	{
		const char *s = fi_str(id, "system");

		if (s && strcmp(s, sys) == 0)
			return fi_str(id, "value");
	}
	return NULL;
}

/* Checks the identifier list's shape. */
bool
fi_check_idents(struct entry *e)
{
	json_t *ids = json_object_get(e->res, "identifier"), *id;
	size_t i;

	if (ids == NULL)
		return true;
	if (!json_is_array(ids))
		return fi_reject(e, "identifier must be a list");
	json_array_foreach(ids, i, id)
	{
		if (!json_is_object(id) ||
		    !json_is_string(json_object_get(id, "value")))
			return fi_reject(e,
			                 "identifier[%zu].value must be a "
			                 "string",
			                 i);
		if (json_object_get(id, "system") &&
		    !json_is_string(json_object_get(id, "system")))
			return fi_reject(e,
			                 "identifier[%zu].system must be a "
			                 "string",
			                 i);
	}
	return true;
}

/* Registers key for entry x; rejects a second entry with the same key. */
bool
fi_unique(struct imp *im, struct entry *x, const char *what, const char *key)
{
	json_t *prev = json_object_get(im->idents, key);

	if (prev) {
		size_t p = (size_t)json_integer_value(prev);

		if (p == x->index)
			return true;
		return fi_reject(x, "duplicate %s: entry %zu has the same",
		                 what, p);
	}
	json_object_set_new(im->idents, key,
	                    json_integer((json_int_t)x->index));
	return true;
}

/* Registers (what, part, id) for x; rejects a second entry with it. */
bool
fi_unique_key(struct imp *im, struct entry *x, const char *what,
              const char *part, int64_t id)
{
	char key[160];

	snprintf(key, sizeof(key), "%s|%s|%lld", what, part, (long long)id);
	return fi_unique(im, x, what, key);
}

/*
 * Matches x on its identifiers: backrest's own (naming system ns) gives
 * the record id; else the first other identifier (or, with none, the
 * resource id) is looked up in interop_links and remembered for writing.
 * Sets rec_id (0 = new, to be made) and, for a link, patient_id.
 */
bool
fi_match_ident(struct imp *im, struct entry *x, const char *ns)
{
	const char *own = fi_own_ident(x, ns);
	char key[400];
	json_t *id;
	size_t i;
	int rc;

	if (!fi_check_idents(x))
		return false;
	if (own) {
		if (!fi_parse_rec_id(own, &x->rec_id))
			return fi_reject(x,
			                 "identifier %s%s must be a backrest "
			                 "record id",
			                 BR_FHIR_NS, ns);
		snprintf(key, sizeof(key), "%s|%s%s|%s", x->type, BR_FHIR_NS,
		         ns, own);
		return fi_unique(im, x, "identifier", key);
	}
	json_array_foreach(json_object_get(x->res, "identifier"), i, id)
	{
		const char *sys = fi_str(id, "system");

		if (sys && strncmp(sys, BR_FHIR_NS, strlen(BR_FHIR_NS)) == 0)
			continue;
		snprintf(x->link_sys, sizeof(x->link_sys), "%s",
		         sys ? sys : "");
		if (!fi_copy(x, "identifier.value", fi_str(id, "value"),
		             x->link_val, sizeof(x->link_val)))
			return false;
		break;
	}
	if (!x->link_val[0] && x->id) {
		snprintf(x->link_sys, sizeof(x->link_sys), "urn:fhir-id:%s",
		         x->type);
		if (!fi_copy(x, "id", x->id, x->link_val, sizeof(x->link_val)))
			return false;
	}
	if (!x->link_val[0])
		return fi_reject(x,
		                 "%s needs an identifier (or an id) to be "
		                 "matched on a later import",
		                 x->type);
	snprintf(key, sizeof(key), "%s|%s|%s", x->type, x->link_sys,
	         x->link_val);
	if (!fi_unique(im, x, "identifier", key))
		return false;
	rc = br_store_link_get(im->s, x->type, x->link_sys, x->link_val,
	                       &x->rec_id, &x->patient_id, im->err);
	if (rc == BR_ENOTFOUND) {
		br_err_clear(im->err);
		x->rec_id = 0;
		return true;
	}
	if (rc < 0)
		return fi_reject_err(im, x, rc, im->err);
	x->exists = true;
	return true;
}

/* References -------------------------------------------------------------- */

void
fi_index_key(struct imp *im, const char *key, size_t i)
{
	if (key && !json_object_get(im->index, key))
		json_object_set_new(im->index, key,
		                    json_integer((json_int_t)i));
}

/* The entry a reference names, or NULL. */
struct entry *
fi_find_ref(struct imp *im, const char *ref)
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
bool
fi_resolve(struct imp *im, struct entry *x, json_t *obj, const char *key,
           const char *path, const char *type, const char *prefix,
           bool required, struct entry **target, int64_t *stored_id)
{
	json_t *r = json_object_get(obj, key);
	const char *ref;
	struct entry *t;
	char want[64];

	*target = NULL;
	*stored_id = 0;
	if (r == NULL)
		return required ? fi_reject(x, "%s is required", path) : true;
	if (!json_is_object(r))
		return fi_reject(x, "%s must be a Reference object", path);
	ref = fi_get_str(x, r, "reference", path);
	if (ref == NULL)
		return x->bad ? false
		              : fi_reject(x, "%s.reference is required", path);
	t = fi_find_ref(im, ref);
	if (t) {
		if (strcmp(t->type, type) != 0)
			return fi_reject(x, "%s %s names a %s, not a %s", path,
			                 ref, t->type, type);
		*target = t;
		return true;
	}
	if (im->o->aliases &&
	    json_string_value(json_object_get(im->o->aliases, ref)))
		ref = json_string_value(json_object_get(im->o->aliases, ref));
	snprintf(want, sizeof(want), "%s/%s-", type, prefix);
	if (strncmp(ref, want, strlen(want)) == 0 &&
	    fi_parse_rec_id(ref + strlen(want), stored_id))
		return true; /* checked against the store by the caller */
	return fi_reject(x,
	                 "%s %.80s is neither in the bundle nor a backrest "
	                 "record",
	                 path, ref);
}

/* Episode extension, subject and the like --------------------------------- */

/* The episode (EpisodeOfCare entry or stored) the episode extension of x
 * names; it must be pid's. */
bool
fi_episode_of(struct imp *im, struct entry *x, int64_t pid, int64_t *episode_id,
              struct br_episode *ep_out)
{
	json_t *e = fi_find_ext(x->res, BR_EXT_EPISODE);
	struct entry *t;
	struct br_episode ep;
	int64_t stored;
	int rc;

	if (e == NULL)
		return fi_reject(x,
		                 "the episode extension (%s%s) is required: "
		                 "backrest keeps this record in an episode",
		                 BR_FHIR_EXT, BR_EXT_EPISODE);
	if (!fi_resolve(im, x, e, "valueReference", "episode extension",
	                "EpisodeOfCare", "eoc", true, &t, &stored))
		return false;
	if (t) {
		if (t->bad)
			return fi_reject_dep(x, "its EpisodeOfCare", t);
		if (t->patient_id != pid)
			return fi_reject(x,
			                 "its EpisodeOfCare is about another "
			                 "patient");
		*episode_id = t->rec_id;
		if (ep_out)
			*ep_out = *t->rec.episode;
		return true;
	}
	rc = br_store_episode_get(im->s, stored, &ep, im->err);
	if (rc < 0)
		return fi_reject_err(im, x, rc, im->err);
	if (ep.patient_id != pid)
		return fi_reject(x,
		                 "its EpisodeOfCare is about another patient");
	*episode_id = ep.id;
	if (ep_out)
		*ep_out = ep;
	return true;
}

/* The session an encounter reference of x names, when present: its id,
 * episode and day (entry or store). */
bool
fi_encounter_of(struct imp *im, struct entry *x, int64_t pid, bool required,
                int64_t *session_id, int64_t *episode_id, char day[BR_DATE_LEN])
{
	struct br_session_ref ref;
	struct entry *t;
	int64_t stored;
	int rc;

	*session_id = 0;
	if (!fi_resolve(im, x, x->res, "encounter", "encounter", "Encounter",
	                "enc", required, &t, &stored))
		return false;
	if (t) {
		if (t->bad)
			return fi_reject_dep(x, "its Encounter", t);
		if (t->patient_id != pid)
			return fi_reject(x, "its Encounter is about another "
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
		return fi_reject_err(im, x, rc, im->err);
	if (ref.patient_id != pid)
		return fi_reject(x, "its Encounter is about another patient");
	*session_id = stored;
	if (episode_id)
		*episode_id = ref.episode_id;
	if (day)
		memcpy(day, ref.day, BR_DATE_LEN);
	return true;
}

/* A string extension's value copied into out ("" when absent). */
bool
fi_ext_text(struct entry *x, json_t *obj, const char *name, const char *key,
            char *out, size_t n)
{
	json_t *e = fi_find_ext(obj, name);

	out[0] = '\0';
	if (e == NULL)
		return true;
	return fi_set_text(x, name, json_object_get(e, key), out, n);
}

/* A part of a complex extension by its url, or NULL. */
json_t *
fi_ext_part(json_t *ext, const char *url)
{
	json_t *p;
	size_t i;

	json_array_foreach(json_object_get(ext, "extension"), i, p)
	{
		if (fi_str(p, "url") && strcmp(fi_str(p, "url"), url) == 0)
			return p;
	}
	return NULL;
}

const char *
fi_first_note(json_t *res)
{
	return fi_str(json_array_get(json_object_get(res, "note"), 0), "text");
}

bool
fi_in_list(const char *const *names, const char *s)
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
		return fi_reject_err(im, x, rc, im->err);
	x->exists = rc == 1;
	return true;
}

/* Matches x to a stored record of kind for pid (see match_stored), then
 * gives the record its id (the stored one, or a new one) and its creation
 * time. */
bool
fi_claim(struct imp *im, struct entry *x, enum br_interop_rec kind, int64_t pid,
         int64_t *id, char created_at[BR_TS_LEN])
{
	if (!match_stored(im, x, kind, pid))
		return false;
	if (!x->rec_id)
		x->rec_id = br_store_new_id();
	*id = x->rec_id;
	fi_ts_or_now(x, created_at);
	return true;
}

/* The single identifier of a QuestionnaireResponse as a list, so the
 * matching of the other resources applies. */
void
fi_ident_as_list(struct entry *x)
{
	json_t *id = json_object_get(x->res, "identifier");

	if (json_is_object(id))
		json_object_set_new(x->res, "identifier", json_pack("[O]", id));
}
