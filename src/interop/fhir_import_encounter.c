/*
 * fhir_import_encounter.c - FHIR import of visits (Appointment) and
 * sessions (Encounter and its Procedures).
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "interop/fhir_import_internal.h"

/* Visits: Appointment ------------------------------------------------------ */

static const char *const appt_status[][2] = {
        {"booked", "booked"},    {"pending", "booked"},
        {"proposed", "booked"},  {"fulfilled", "attended"},
        {"arrived", "attended"}, {"checked-in", "attended"},
        {"noshow", "missed"},    {"cancelled", "cancelled"},
};

void
fi_read_appt(struct imp *im, struct entry *x)
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
	if (!fi_match_ident(im, x, BR_NS_VISIT))
		return;
	json_array_foreach(json_object_get(x->res, "participant"), i, part)
	{
		const char *ref =
		        fi_str(json_object_get(part, "actor"), "reference");

		if (ref && strstr(ref, "Patient/") && pid == 0) {
			if (!fi_resolve_patient(im, x, part, "actor", &pid))
				return;
		} else if (ref && strstr(ref, "Practitioner") &&
		           !v->practitioner_id) {
			if (!fi_resolve_pract(im, x, part, "actor",
			                      "participant.actor",
			                      &v->practitioner_id))
				return;
		}
	}
	if (pid == 0) {
		fi_reject(x, "a participant must be the Patient");
		return;
	}
	if (!fi_episode_of(im, x, pid, &v->episode_id, NULL))
		return;
	status = fi_get_str(x, x->res, "status", "status");
	start = fi_get_str(x, x->res, "start", "start");
	if (x->bad)
		return;
	for (size_t k = 0;
	     status && k < sizeof(appt_status) / sizeof(appt_status[0]); k++)
		if (strcmp(status, appt_status[k][0]) == 0)
			snprintf(v->status, sizeof(v->status), "%s",
			         appt_status[k][1]);
	if (!v->status[0]) {
		fi_reject(x,
		          "status %.20s is not imported (booked, pending, "
		          "proposed, fulfilled, arrived, checked-in, noshow, "
		          "cancelled)",
		          status ? status : "(none)");
		return;
	}
	if (start == NULL || !fi_parse_dt(start, &day, &min, NULL) ||
	    min == BR_UNSET) {
		fi_reject(x, "start must be a dateTime with a time");
		return;
	}
	v->starts_at = (int64_t)day * 1440 + min;
	/* Its length, place and address as they came: the visit's rules
	 * are br_app_visit_apply's (write_entry). */
	dur = json_object_get(x->res, "minutesDuration");
	if (dur) {
		if (!fi_get_count(x, dur, "minutesDuration", &v->minutes))
			return;
	} else {
		const char *end = fi_get_str(x, x->res, "end", "end");
		int64_t len;

		if (end == NULL || !fi_parse_dt(end, &day2, &min2, NULL) ||
		    min2 == BR_UNSET) {
			fi_reject(x, "minutesDuration or end is required");
			return;
		}
		len = (int64_t)day2 * 1440 + min2 - v->starts_at;
		if (len <= 0 || len > INT_MAX) {
			fi_reject(x, "end must be after start");
			return;
		}
		v->minutes = (int)len;
	}
	place = fi_str(fi_find_ext(x->res, BR_EXT_PLACE), "valueCode");
	if (!fi_copy(x, "the visit-place extension", place ? place : "clinic",
	             v->place, sizeof(v->place)))
		return;
	addr = json_object_get(fi_find_ext(x->res, BR_EXT_ADDRESS),
	                       "valueAddress");
	if (addr &&
	    !fi_set_text(x, "visit-address", json_object_get(addr, "text"),
	                 v->address, sizeof(v->address)))
		return;
	fi_ts_or_now(x, v->updated_at);
	memcpy(v->created_at, v->updated_at, BR_TS_LEN);
	created = fi_find_ext(x->res, BR_EXT_CREATED);
	if (created) {
		struct entry tmp = {0};
		json_t *holder =
		        json_pack("{s:{s:O*}}", "meta", "lastUpdated",
		                  json_object_get(created, "valueDateTime"));

		tmp.res = holder;
		if (holder == NULL || !fi_get_ts(&tmp, v->created_at) ||
		    !v->created_at[0]) {
			json_decref(holder);
			fi_reject(x,
			          "the created extension must be an instant");
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
			fi_reject_err(im, x, rc, im->err);
			return;
		}
	}
	if (!x->rec_id)
		x->rec_id = br_store_new_id();
	v->id = x->rec_id;
	v->patient_id = x->patient_id = pid;
}

/* Sessions: Encounter + Procedures ---------------------------------------- */

void
fi_read_encounter(struct imp *im, struct entry *x)
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
	if (!fi_match_ident(im, x, BR_NS_SESSION) ||
	    !fi_resolve_patient(im, x, x->res, "subject", &pid))
		return;
	status = fi_get_str(x, x->res, "status", "status");
	if (status && (strcmp(status, "cancelled") == 0 ||
	               strcmp(status, "entered-in-error") == 0)) {
		fi_reject(x, "a %s Encounter is not a session", status);
		return;
	}
	if (!json_is_array(json_object_get(x->res, "episodeOfCare"))) {
		fi_reject(x,
		          "episodeOfCare is required: a session belongs to an "
		          "episode");
		return;
	}
	holder = json_pack(
	        "{s:O}", "ref",
	        json_array_get(json_object_get(x->res, "episodeOfCare"), 0));
	ok = fi_resolve(im, x, holder, "ref", "episodeOfCare[0]",
	                "EpisodeOfCare", "eoc", true, &eoc, &stored_ep);
	json_decref(holder);
	if (!ok)
		return;
	if (eoc) {
		if (eoc->bad) {
			fi_reject_dep(x, "its EpisodeOfCare", eoc);
			return;
		}
		ss->episode_id = eoc->rec_id;
		if (eoc->patient_id != pid) {
			fi_reject(x,
			          "its EpisodeOfCare is about another patient");
			return;
		}
	} else {
		rc = br_store_episode_get(im->s, stored_ep, &ep, im->err);
		if (rc < 0) {
			fi_reject_err(im, x, rc, im->err);
			return;
		}
		if (ep.patient_id != pid) {
			fi_reject(x,
			          "its EpisodeOfCare is about another patient");
			return;
		}
		ss->episode_id = ep.id;
	}
	if (!fi_get_date(x, json_object_get(x->res, "period"), "start",
	                 "period.start", true, ss->day))
		return;
	{
		json_t *ap = json_array_get(
		        json_object_get(x->res, "appointment"), 0);
		const char *ref = fi_str(ap, "reference");
		struct entry *t = ref ? fi_find_ref(im, ref) : NULL;

		/* The visit this session was charted at: a new visit of the
		 * bundle links to it (a stored one is left as it is). */
		if (t && t->kind == K_APPT && !t->bad && !t->exists &&
		    t->patient_id == pid && t->rec.visit->session_id == 0)
			x->appt = t->index + 1;
	}
	{
		json_t *part = json_array_get(
		        json_object_get(x->res, "participant"), 0);

		if (part && !fi_resolve_pract(im, x, part, "individual",
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
				fi_reject(x,
				          "session %lld is stored for another "
				          "patient",
				          (long long)x->rec_id);
				return;
			}
		} else if (rc == BR_ENOTFOUND) {
			br_err_clear(im->err);
		} else {
			fi_reject_err(im, x, rc, im->err);
			return;
		}
	}
	if (!x->rec_id)
		x->rec_id = br_store_new_id();
	ss->id = x->rec_id;
	if (x->appt && !x->exists)
		im->e[x->appt - 1].rec.visit->session_id = x->rec_id;
	ss->patient_id = x->patient_id = pid;
	fi_ts_or_now(x, ss->created_at);
}

/* The session entry a Procedure or session Observation belongs to; NULL
 * with *stored set when the session is already in the store (nothing to
 * add), NULL otherwise after rejecting x. */
struct entry *
fi_session_of(struct imp *im, struct entry *x, bool *stored)
{
	struct entry *t;
	int64_t sid, owner, ep;
	int rc;

	*stored = false;
	if (!fi_resolve(im, x, x->res, "encounter", "encounter", "Encounter",
	                "enc", true, &t, &sid))
		return NULL;
	if (t) {
		if (t->bad) {
			fi_reject_dep(x, "its Encounter", t);
			return NULL;
		}
		if (t->exists)
			*stored = true;
		return t->exists ? NULL : t;
	}
	rc = br_store_session_owner(im->s, sid, &owner, &ep, im->err);
	if (rc < 0) {
		fi_reject_err(im, x, rc, im->err);
		return NULL;
	}
	*stored = true;
	return NULL;
}

bool
fi_set_text(struct entry *x, const char *path, json_t *v, char *out, size_t n)
{
	if (!json_is_string(v))
		return fi_reject(x, "%s must be a string", path);
	return fi_copy(x, path, json_string_value(v), out, n);
}

static bool
set_code(struct entry *x, const char *path, json_t *v, char *out, size_t n)
{
	if (!json_is_string(v))
		return fi_reject(x, "%s must be a code", path);
	return fi_copy(x, path, json_string_value(v), out, n);
}

static bool
read_needling(struct entry *x, json_t *ext, struct br_session *s)
{
	json_t *sub;
	size_t i;

	json_array_foreach(json_object_get(ext, "extension"), i, sub)
	{
		const char *u = fi_str(sub, "url");
		bool ok = true;

		if (u == NULL)
			return fi_reject(x,
			                 "stricta-needling extension without "
			                 "url");
		if (strcmp(u, "needles") == 0)
			ok = fi_get_int(x, json_object_get(sub, "valueInteger"),
			                "needles", 0, 200, &s->needles);
		else if (strcmp(u, "retention") == 0)
			ok = fi_get_int(
			        x,
			        json_object_get(
			                json_object_get(sub, "valueDuration"),
			                "value"),
			        "retention (minutes)", 1, 240,
			        &s->retention_min);
		else if (strcmp(u, "depth") == 0)
			ok = fi_get_int(
			        x,
			        json_object_get(
			                json_object_get(sub, "valueQuantity"),
			                "value"),
			        "depth (mm)", 0, 150, &s->depth_mm);
		else if (strcmp(u, "deqi") == 0) {
			json_t *b = json_object_get(sub, "valueBoolean");

			if (!json_is_boolean(b))
				return fi_reject(x,
				                 "deqi must be valueBoolean");
			s->deqi = json_is_true(b);
		} else if (strcmp(u, "stimulation") == 0)
			ok = set_code(x, "stimulation",
			              json_object_get(sub, "valueCode"),
			              s->stimulation, sizeof(s->stimulation));
		else if (strcmp(u, "needleSize") == 0)
			ok = fi_set_text(x, "needleSize",
			                 json_object_get(sub, "valueString"),
			                 s->needle_size,
			                 sizeof(s->needle_size));
		else
			return fi_reject(
			        x, "unknown stricta-needling part %.40s", u);
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
		const char *u = fi_str(sub, "url");
		bool ok = true;

		if (u == NULL)
			return fi_reject(x,
			                 "electroacupuncture extension without "
			                 "url");
		if (strcmp(u, "frequency") == 0)
			ok = fi_set_text(x, "electroacupuncture frequency",
			                 json_object_get(sub, "valueString"),
			                 s->ea_hz, sizeof(s->ea_hz));
		else if (strcmp(u, "waveform") == 0)
			ok = set_code(x, "electroacupuncture waveform",
			              json_object_get(sub, "valueCode"),
			              s->ea_waveform, sizeof(s->ea_waveform));
		else if (strcmp(u, "duration") == 0)
			ok = fi_get_int(
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
				return fi_reject(x,
				                 "electroacupuncture current "
				                 "must be 0-50 mA");
			s->ea_ma = json_number_value(v);
		} else
			return fi_reject(
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
	const char *code = fi_str(c, "code");
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
		return fi_reject(x,
		                 "a technique belongs to cupping, moxibustion "
		                 "or massage, not %s",
		                 mod);
	if (code == NULL || strncmp(code, prefix, strlen(prefix)) != 0)
		return fi_reject(x, "the technique of %s must be a %s* code",
		                 mod, prefix);
	return fi_copy(x, "technique", code + strlen(prefix), out, n);
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

		if (fi_has_coding(site, BR_FHIR_CS BR_CS_POINT, &code)) {
			json_t *lat = fi_find_ext(site, BR_EXT_LATERALITY);

			rc = br_rec_session_point(
			        s, code, lat ? fi_str(lat, "valueCode") : NULL,
			        &e);
		} else if (fi_has_coding(site, BR_FHIR_CS BR_CS_REGION,
		                         &code)) {
			rc = br_rec_session_word(s, "regions", code, &e);
		} else {
			return fi_reject(
			        x,
			        "bodySite[%zu] has no backrest point or "
			        "region coding",
			        i);
		}
		if (rc < 0)
			return fi_reject(x, "bodySite[%zu]: %s", i, e.msg);
	}
	return true;
}

void
fi_read_procedure(struct imp *im, struct entry *x)
{
	struct entry *se;
	struct br_session *s;
	const char *mod = NULL, *status;
	json_t *ext, *c, *note;
	struct br_err e = BR_ERR_INIT;
	bool stored;
	size_t i;

	if (!fi_check_idents(x))
		return;
	status = fi_get_str(x, x->res, "status", "status");
	if (x->bad)
		return;
	if (status == NULL || strcmp(status, "completed") != 0) {
		fi_reject(x,
		          "only completed procedures are imported, not %.20s",
		          status ? status : "(no status)");
		return;
	}
	if (!fi_has_coding(json_object_get(x->res, "code"),
	                   BR_FHIR_CS BR_CS_MODALITY, &mod) ||
	    br_rec_index(br_rec_modalities, mod) < 0) {
		fi_reject(x, "code must be a backrest treatment modality "
		             "(acupuncture, electroacupuncture, cupping, "
		             "moxibustion, massage)");
		return;
	}
	se = fi_session_of(im, x, &stored);
	if (se == NULL) {
		if (stored)
			x->exists = true;
		return;
	}
	s = se->rec.session;
	for (int k = 0; k < s->n_modalities; k++)
		if (strcmp(s->modalities[k], mod) == 0) {
			fi_reject(x,
			          "its Encounter (entry %zu) already has a %s "
			          "Procedure",
			          se->index, mod);
			return;
		}
	if (br_rec_session_word(s, "modality", mod, &e) < 0) {
		fi_reject(x, "%s", e.msg);
		return;
	}
	json_array_foreach(json_object_get(x->res, "extension"), i, ext)
	{
		const char *u = fi_str(ext, "url");
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
			const char *p = fi_str(ext, "valueCode");

			if (p == NULL)
				ok = fi_reject(x, "patient-position needs "
				                  "valueCode");
			else if (s->position[0] && strcmp(s->position, p) != 0)
				ok = fi_reject(x,
				               "patient-position %.10s "
				               "differs from another Procedure "
				               "of the session (%s)",
				               p, s->position);
			else
				ok = fi_copy(x, "patient-position", p,
				             s->position, sizeof(s->position));
		}
		if (!ok)
			return;
	}
	if (!read_sites(im, x, s))
		return;
	json_array_foreach(json_object_get(x->res, "complication"), i, c)
	{
		const char *code = NULL;

		if (!fi_has_coding(c, BR_FHIR_CS BR_CS_ADVERSE, &code)) {
			fi_reject(x,
			          "complication[%zu] has no backrest adverse "
			          "event coding",
			          i);
			return;
		}
		if (br_rec_session_word(s, "adverse", code, &e) < 0) {
			fi_reject(x, "complication[%zu]: %s", i, e.msg);
			return;
		}
	}
	note = json_array_get(json_object_get(x->res, "note"), 0);
	if (note && !s->note[0] &&
	    !fi_set_text(x, "note[0].text", json_object_get(note, "text"),
	                 s->note, sizeof(s->note)))
		return;
}
