/*
 * visits_feeds.c - use cases of the calendar: the iCalendar document and
 * the secret-link feeds that serve it.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/visits_internal.h"

/* Calendar ------------------------------------------------------------- */

/* "A.B." from a name: the first character of each word. */
static void
initials(const char *name, char *out, size_t outlen)
{
	size_t n = 0;
	bool start = true;

	out[0] = '\0';
	for (const char *p = name; *p && n + 6 < outlen; p++) {
		unsigned char c = (unsigned char)*p;

		if (c == ' ' || c == '-') {
			start = true;
			continue;
		}
		if (start && (c & 0xC0) != 0x80) {
			size_t len = 1;

			while ((p[len] & 0xC0) == 0x80 && len < 4)
				len++;
			memcpy(out + n, p, len);
			n += len;
			out[n++] = '.';
			out[n] = '\0';
			start = false;
		}
	}
}

/* The calendar of a practitioner (patient 0) or of a patient. */
static int
build_ics(struct br_app *app, bool for_patient, int64_t practitioner,
          int64_t patient, char **ics, size_t *len, size_t *events,
          struct br_err *err)
{
	struct br_visit_filter f = {
	        for_patient ? patient : 0, 0, for_patient ? -1 : practitioner,
	        br_local_minute(app->today - FEED_PAST_DAYS, 0), INT64_MAX / 2};
	struct br_visit *arr = NULL;
	struct br_ical_event *ev = NULL;
	char(*text)[3][160] = NULL, name[80];
	size_t n = 0;
	int rc = br_store_visit_list(app->store, &f, &arr, &n, err);

	if (rc == 0 && n > 0) {
		ev = calloc(n, sizeof(*ev));
		text = calloc(n, sizeof(*text));
		if (ev == NULL || text == NULL)
			rc = br_error(err, BR_ENOMEM, "", "out of memory");
	}
	for (size_t i = 0; rc == 0 && i < n; i++) {
		const struct br_visit *v = &arr[i];
		bool home = strcmp(v->place, "home") == 0;
		char who[40];

		ev[i].id = v->id;
		ev[i].start_utc = vi_local_to_utc(v->starts_at);
		ev[i].minutes = v->minutes;
		ev[i].stamp_utc = vi_stamp_to_utc(v->updated_at);
		ev[i].cancelled = strcmp(v->status, "cancelled") == 0;
		if (for_patient) {
			snprintf(text[i][0], 160, "%s",
			         home ? "Treatment visit at home"
			              : "Treatment appointment");
			snprintf(text[i][2], 160,
			         "Visit %lld. To change or cancel it, contact "
			         "your practitioner.",
			         (long long)v->id);
		} else {
			/* A calendar service is a third party: initials and
			 * ids only; the record stays in backrest. */
			initials(v->patient_name, who, sizeof(who));
			snprintf(text[i][0], 160, "%s %s",
			         home ? "Home visit:" : "Visit:", who);
			snprintf(text[i][2], 160,
			         "Patient %s, episode %lld, visit %lld (%s).",
			         who, (long long)v->episode_id,
			         (long long)v->id, v->status);
		}
		ev[i].summary = text[i][0];
		ev[i].location = home ? v->address : NULL;
		ev[i].description = text[i][2];
	}
	if (for_patient)
		snprintf(name, sizeof(name), "My treatment visits");
	else if (practitioner)
		snprintf(name, sizeof(name),
		         "backrest visits (practitioner "
		         "%lld)",
		         (long long)practitioner);
	else
		snprintf(name, sizeof(name), "backrest visits");
	if (rc == 0)
		rc = br_ical_calendar(name, ev, n, ics, len, err);
	*events = n;
	free(ev);
	free(text);
	free(arr);
	return rc;
}

/* Exactly one of practitioner_id and patient_id. */
static int
read_owner(struct br_app *app, json_t *in, bool *for_patient,
           int64_t *practitioner, int64_t *patient, struct br_err *err)
{
	bool pr = br_in_has(in, "practitioner_id"),
	     pa = br_in_has(in, "patient_id");
	struct br_patient p;
	int rc;

	*practitioner = *patient = 0;
	*for_patient = pa;
	if (pr == pa)
		return br_error(err, BR_EINVAL, "practitioner_id",
		                "give either practitioner_id or patient_id");
	if (pa) {
		rc = br_in_id(in, "patient_id", patient, err);
		if (rc == 0)
			rc = br_store_patient_get(app->store, *patient, &p,
			                          err);
		return rc;
	} else {
		struct booking b;
		json_t *only =
		        json_pack("{s:O}", "practitioner_id",
		                  json_object_get(in, "practitioner_id"));

		rc = vi_read_booking(only, &b, err);
		json_decref(only);
		*practitioner = b.practitioner_id;
		if (rc == 0 && *practitioner)
			rc = vi_check_practitioner(app, *practitioner, 0, err);
		return rc;
	}
}

int
br_app_visit_ics(struct br_app *app, json_t *in, json_t **out,
                 struct br_err *err)
{
	static const char *const keys[] = {"practitioner_id", "patient_id",
	                                   NULL};
	int64_t practitioner, patient;
	bool for_patient;
	char *ics = NULL;
	size_t len = 0, events = 0;
	json_t *result = NULL;
	int rc = br_in_only(in, keys, err);

	if (rc == 0)
		rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	rc = read_owner(app, in, &for_patient, &practitioner, &patient, err);
	if (rc == 0)
		rc = build_ics(app, for_patient, practitioner, patient, &ics,
		               &len, &events, err);
	if (rc == 0)
		rc = br_app_audit(app, "calendar.export", patient,
		                  for_patient ? "patient" : "practitioner",
		                  for_patient ? patient : practitioner, err);
	if (rc == 0)
		result = json_pack("{s:s%, s:I}", "ics", ics, len, "events",
		                   (json_int_t)events);
	free(ics);
	return br_app_finish(app, rc, result, out, err);
}

/* Feeds ---------------------------------------------------------------- */

static void
hash_key(const unsigned char raw[32], char out[65])
{
	unsigned char h[32];

	crypto_generichash(h, sizeof(h), raw, 32, NULL, 0);
	sodium_bin2hex(out, 65, h, sizeof(h));
}

static json_t *
view_feed(const struct br_feed *f)
{
	return json_pack(
	        "{s:I, s:s, s:o, s:o, s:s, s:s, s:o, s:b}", "id",
	        (json_int_t)f->id, "for",
	        f->for_patient ? "patient" : "practitioner", "practitioner_id",
	        f->for_patient ? json_null() : json_integer(f->practitioner_id),
	        "patient_id",
	        f->for_patient ? json_integer(f->patient_id) : json_null(),
	        "created_at", f->created_at, "created_by", f->created_by,
	        "revoked_at", br_json_text_opt(f->revoked_at), "active",
	        f->revoked_at[0] == '\0');
}

int
br_app_visit_feed_create(struct br_app *app, json_t *in, json_t **out,
                         struct br_err *err)
{
	static const char *const keys[] = {"practitioner_id", "patient_id",
	                                   NULL};
	unsigned char raw[32];
	char key[65], path[128];
	struct br_feed f;
	json_t *view = NULL;
	int rc = br_in_only(in, keys, err);

	if (rc == 0)
		rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	memset(&f, 0, sizeof(f));
	rc = read_owner(app, in, &f.for_patient, &f.practitioner_id,
	                &f.patient_id, err);
	if (rc == 0) {
		randombytes_buf(raw, sizeof(raw));
		sodium_bin2hex(key, sizeof(key), raw, sizeof(raw));
		hash_key(raw, f.token_hash);
		sodium_memzero(raw, sizeof(raw));
		f.id = br_store_new_id();
		br_store_now(f.created_at);
		snprintf(f.created_by, sizeof(f.created_by), "%s", app->actor);
		rc = br_store_feed_insert(app->store, &f, err);
	}
	if (rc == 0)
		rc = br_app_audit(app, "calendar.feed.create", f.patient_id,
		                  "feed", f.id, err);
	if (rc == 0) {
		view = view_feed(&f);
		snprintf(path, sizeof(path), FEED_PATH "%s", key);
		json_object_set_new(view, "key", json_string(key));
		json_object_set_new(view, "path", json_string(path));
	}
	sodium_memzero(key, sizeof(key));
	sodium_memzero(path, sizeof(path));
	return br_app_finish(app, rc, view, out, err);
}

int
br_app_visit_feed_revoke(struct br_app *app, json_t *in, json_t **out,
                         struct br_err *err)
{
	static const char *const keys[] = {"feed_id", "patient_id",
	                                   "practitioner_id", NULL};
	struct br_feed f;
	int64_t id, patient = 0, practitioner = 0;
	int rc = br_in_only(in, keys, err);

	if (rc == 0)
		rc = br_in_id(in, "feed_id", &id, err);
	if (rc == 0 && br_in_has(in, "patient_id"))
		rc = br_in_id(in, "patient_id", &patient, err);
	if (rc == 0 && br_in_has(in, "practitioner_id"))
		rc = br_in_id(in, "practitioner_id", &practitioner, err);
	if (rc == 0)
		rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	rc = br_store_feed_get(app->store, id, &f, err);
	/* A feed of another owner than the one named reads as missing. */
	if (rc == 0 &&
	    ((patient && (!f.for_patient || f.patient_id != patient)) ||
	     (practitioner &&
	      (f.for_patient || f.practitioner_id != practitioner))))
		rc = br_error(err, BR_ENOTFOUND, "feed_id",
		              "there is no calendar feed %lld", (long long)id);
	if (rc == 0 && f.revoked_at[0])
		rc = br_error(err, BR_ECONFLICT, "feed_id",
		              "calendar feed %lld was revoked at %s",
		              (long long)id, f.revoked_at);
	if (rc == 0) {
		br_store_now(f.revoked_at);
		rc = br_store_feed_revoke(app->store, id, f.revoked_at, err);
	}
	if (rc == 0)
		rc = br_app_audit(app, "calendar.feed.revoke", f.patient_id,
		                  "feed", f.id, err);
	return br_app_finish(app, rc, rc < 0 ? NULL : view_feed(&f), out, err);
}

int
br_app_visit_feed_list(struct br_app *app, json_t *in, json_t **out,
                       struct br_err *err)
{
	static const char *const keys[] = {NULL};
	struct br_feed *arr = NULL;
	json_t *list = NULL;
	size_t n = 0;
	int rc = br_in_only(in, keys, err);

	if (rc == 0)
		rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	rc = br_store_feed_list(app->store, &arr, &n, err);
	if (rc == 0)
		list = json_array();
	for (size_t i = 0; rc == 0 && i < n; i++)
		json_array_append_new(list, view_feed(&arr[i]));
	free(arr);
	return br_app_finish(app, rc, list, out, err);
}

int
br_app_visit_feed(struct br_app *app, json_t *in, json_t **out,
                  struct br_err *err)
{
	static const char *const keys[] = {"key", NULL};
	unsigned char raw[32];
	char hash[65], *ics = NULL;
	const char *key = NULL;
	size_t len = 0, n = 0, events = 0;
	struct br_feed f;
	json_t *result = NULL;
	int rc = br_in_only(in, keys, err);

	if (rc == 0)
		rc = br_in_text(in, "key", 256, true, &key, err);
	if (rc == 0 &&
	    (strlen(key) != 64 ||
	     sodium_hex2bin(raw, sizeof(raw), key, 64, NULL, &n, NULL) != 0 ||
	     n != 32))
		rc = br_error(err, BR_ENOTFOUND, "key",
		              "there is no such calendar feed");
	if (rc < 0)
		return rc;
	hash_key(raw, hash);
	sodium_memzero(raw, sizeof(raw));
	rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	rc = br_store_feed_by_hash(app->store, hash, &f, err);
	if (rc == 0 && f.revoked_at[0])
		rc = br_error(err, BR_ENOTFOUND, "key",
		              "there is no such calendar feed");
	if (rc == 0)
		rc = build_ics(app, f.for_patient, f.practitioner_id,
		               f.patient_id, &ics, &len, &events, err);
	if (rc == 0)
		rc = br_app_audit(app, "calendar.feed.read", f.patient_id,
		                  "feed", f.id, err);
	if (rc == 0)
		result = json_pack("{s:s%, s:I}", "ics", ics, len, "events",
		                   (json_int_t)events);
	free(ics);
	return br_app_finish(app, rc, result, out, err);
}
