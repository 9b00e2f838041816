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
 * are the records written, each through its kind's app apply (app/app.h
 * and the kinds' headers) with app->history and app->restore set: a
 * record that fails a rule there (a birth date after today, a session
 * before its episode's onset, a check-in soreness above 10) rejects its
 * entry too, and the caller rolls back.  The readers map the format and
 * resolve references; no record rule is written here.
 *
 * This file walks the Bundle, dispatches each entry to the reader of its
 * resource family (fhir_import_<family>.c) and writes; the shared pieces
 * are in fhir_import_internal.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "interop/fhir_import_internal.h"
#include "interop/records.h"

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
/* The walk ---------------------------------------------------------------- */

static bool
read_entries(struct imp *im, json_t *bundle, const char **why)
{
	const char *type = fi_str(bundle, "type");
	json_t *entries = json_object_get(bundle, "entry"), *en;
	bool transaction;
	size_t i;

	if (!json_is_object(bundle) || fi_str(bundle, "resourceType") == NULL ||
	    strcmp(fi_str(bundle, "resourceType"), "Bundle") != 0) {
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
			fi_reject(x, "the entry must be an object");
			continue;
		}
		x->full_url = fi_str(en, "fullUrl");
		if (json_object_get(en, "fullUrl") && x->full_url == NULL)
			fi_reject(x, "fullUrl must be a string");
		x->res = json_object_get(en, "resource");
		if (!json_is_object(x->res) ||
		    !fi_str(x->res, "resourceType")) {
			x->res = NULL;
			fi_reject(x, "the entry has no resource with a "
			             "resourceType");
			continue;
		}
		x->type = fi_str(x->res, "resourceType");
		x->id = fi_str(x->res, "id");
		if (json_object_get(x->res, "id") && x->id == NULL)
			fi_reject(x, "id must be a string");
		req = json_object_get(en, "request");
		if (transaction) {
			const char *m = fi_str(req, "method");

			if (m == NULL)
				fi_reject(x, "a transaction entry needs "
				             "request.method");
			else if (strcmp(m, "POST") != 0 &&
			         strcmp(m, "PUT") != 0)
				fi_reject(
				        x,
				        "request.method %.10s is not imported "
				        "(POST or PUT)",
				        m);
		}
		x->kind = K_UNKNOWN;
		for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++)
			if (strcmp(kinds[k].type, x->type) == 0)
				x->kind = kinds[k].kind;
		fi_get_ts(x, x->ts);
		if (x->full_url) {
			if (json_object_get(im->index, x->full_url) && !x->bad)
				fi_reject(
				        x,
				        "duplicate fullUrl: entry %lld has "
				        "the same",
				        (long long)json_integer_value(
				                json_object_get(im->index,
				                                x->full_url)));
			fi_index_key(im, x->full_url, i);
		}
		if (x->id) {
			snprintf(key, sizeof(key), "%s/%s", x->type, x->id);
			fi_index_key(im, key, i);
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

/* The stored episode of x's record (written before it), for an apply
 * function of app. */
static int
with_episode(struct imp *im, const struct entry *x, int64_t episode_id,
             struct br_episode *e)
{
	return br_interop_episode(im->app, x->patient_id, episode_id, e,
	                          im->err);
}

/* A red-flag screen through its apply (the result it works out is not
 * needed here). */
static int
write_screen(struct imp *im, const struct entry *x)
{
	struct br_screen_result *r = malloc(sizeof(*r));
	struct br_episode e;
	int rc = r ? with_episode(im, x, x->rec.screening->episode_id, &e)
	           : br_error(im->err, BR_ENOMEM, "", "out of memory");

	if (rc == 0)
		rc = br_app_screen_apply(im->app, &e, x->rec.screening, r,
		                         im->err);
	free(r);
	return rc;
}

/* A TCM assessment, held by the first of its session's Observations. */
static int
write_tcm(struct imp *im, const struct entry *x)
{
	struct br_tcm *t = x->rec.tcm;
	struct br_session_brief sb;
	struct br_session_ref ref;
	int rc = br_interop_session(im->app, x->patient_id, t->session_id, &sb,
	                            im->err);

	if (rc < 0)
		return rc;
	ref.patient_id = sb.patient_id;
	ref.episode_id = sb.episode_id;
	ref.session_id = sb.id;
	memcpy(ref.day, sb.day, sizeof(ref.day));
	return br_app_tcm_apply(im->app, &ref, t, im->err);
}

/* An adverse effect of a herbal prescription (stored, or written before
 * it). */
static int
write_herb_ae(struct imp *im, const struct entry *x)
{
	struct br_herbal_adverse *a = x->rec.adverse;
	struct br_herbal *h = malloc(sizeof(*h));
	int rc = h ? br_store_herbal_get(im->s, a->prescription_id, "focus", h,
	                                 im->err)
	           : br_error(im->err, BR_ENOMEM, "", "out of memory");

	if (rc == 0)
		rc = br_app_herbal_adverse_apply(im->app, h, a, im->err);
	free(h);
	return rc;
}

/* Writes the record entry x read, when it is new (the caller sets
 * app->history and app->restore around it).  Every record kind goes through its
 * app apply, which checks it with the rules every use case applies and, for a
 * record of the past, keeps its ids and timestamps and runs no side effect the
 * exported records already hold (a check-in's adverse events, a
 * prescription ending the other levels of its ladder).  The clinic and
 * the practitioners' accounts are written by the store as read.  A record
 * refused at this point rejects its entry (*refused) and stops the
 * writes; the caller rolls back. */
static int
write_entry(struct imp *im, struct entry *x, json_t *report, bool *refused)
{
	struct br_app *app = im->app;
	struct br_err *err = im->err;
	struct br_episode e;
	struct br_session_brief sb;
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
		else
			x->rec.patient->clinic_id = x->clinic_ref; /* 0: the
			                                              default */
		rc = br_app_patient_apply(app, x->rec.patient, err);
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
		rc = br_app_episode_apply(app, x->rec.episode, err);
		break;
	case K_ENCOUNTER:
		rc = br_app_session_apply(app, x->rec.session, err);
		break;
	case K_QR:
		if (x->sub == S_MEASURE) {
			rc = with_episode(im, x, x->rec.measure->episode_id,
			                  &e);
			if (rc == 0)
				rc = br_app_measure_apply(app, &e,
				                          x->rec.measure, err);
		} else if (x->sub == S_CHECKIN) {
			rc = br_interop_session(app, x->patient_id,
			                        x->rec.checkin->session_id, &sb,
			                        err);
			if (rc == 0)
				rc = br_app_checkin_apply(app, &sb,
				                          x->rec.checkin, err);
		} else {
			rc = with_episode(im, x, x->rec.intake->episode_id, &e);
			if (rc == 0)
				rc = br_app_intake_apply(app, &e, x->rec.intake,
				                         err);
		}
		break;
	case K_SERVREQ:
		if (x->sub == S_COURSE) {
			rc = with_episode(im, x, x->rec.plan->episode_id, &e);
			if (rc == 0)
				rc = br_app_plan_item_apply(app, &e,
				                            x->rec.plan, err);
		} else if (x->sub == S_ROUTINE) {
			rc = with_episode(im, x, x->rec.routine->episode_id,
			                  &e);
			if (rc == 0)
				rc = br_app_routine_apply(
				        app, &e, &x->rec.routine->r, err);
		} else if (x->sub == S_EXERCISE) {
			rc = with_episode(im, x, x->rec.rx->episode_id, &e);
			if (rc == 0)
				rc = br_app_exercise_assign_apply(
				        app, &e, x->rec.rx, err);
		} else {
			rc = with_episode(im, x, x->rec.quota->episode_id, &e);
			if (rc == 0)
				rc = br_app_pace_set_apply(app, &e,
				                           x->rec.quota, err);
		}
		break;
	case K_MEDREQ:
		rc = with_episode(im, x, x->rec.herbal->episode_id, &e);
		if (rc == 0)
			rc = br_app_herbal_apply(app, &e, x->rec.herbal, err);
		break;
	case K_APPT:
		rc = with_episode(im, x, x->rec.visit->episode_id, &e);
		if (rc == 0)
			rc = br_app_visit_apply(app, &e, x->rec.visit, err);
		break;
	case K_OBSERVATION:
		if (x->sub == S_SCREEN)
			rc = write_screen(im, x);
		else if (x->sub == S_TCM && x->holder)
			rc = write_tcm(im, x);
		else if (x->sub == S_HERB_AE)
			rc = write_herb_ae(im, x);
		else if (x->sub == S_EX_LOG) {
			rc = with_episode(im, x, x->rec.exlog->episode_id, &e);
			if (rc == 0)
				rc = br_app_exercise_log_apply(
				        app, &e, x->rec.exlog, err);
			/* Merged into a stored log of that day: its id. */
			if (rc == 0)
				x->rec_id = x->rec.exlog->id;
		} else if (x->sub == S_PACE_LOG) {
			rc = with_episode(im, x, x->rec.pacelog->episode_id,
			                  &e);
			if (rc == 0)
				rc = br_app_pace_log_apply(
				        app, &e, x->rec.pacelog, NULL, err);
		} else if (x->sub == S_TICKS)
			rc = br_app_routine_ticks_apply(
			        app, x->rec.routine->patient_id,
			        x->rec.routine->r.day, &x->rec.routine->r, err);
		else
			wrote = false;
		break;
	default:
		wrote = false;
		break;
	}
	if (fi_refused(x, rc, err, "")) {
		br_err_clear(err);
		*refused = true;
		return BR_EINVAL;
	}
	if (rc == 0 && wrote && x->link_val[0])
		rc = br_store_link_put(im->s, x->type, x->link_sys, x->link_val,
		                       x->rec_id, x->patient_id, err);
	return rc;
}

/* Writes every new record, records before the records that name them.
 * *refused: a record was refused (its entry rejected, nothing more
 * written). */
static int
write_all(struct imp *im, json_t *report, bool *refused)
{
	static const enum kind order[] = {
	        K_ORG,    K_PRACT,     K_PRACT_ROLE, K_PATIENT,   K_CONDITION,
	        K_EOC,    K_ENCOUNTER, K_APPT,       K_PROCEDURE, K_QR,
	        K_MEDREQ, K_SERVREQ,   K_GOAL,       K_CAREPLAN,  K_OBSERVATION,
	};
	json_t *created = json_object_get(report, "created");
	json_t *matched = json_object_get(report, "matched");
	struct br_err *err = im->err;
	size_t n_new = 0, n_changed = 0, unchanged = 0;
	int rc = 0;

	for (size_t k = 0; rc == 0 && k < sizeof(order) / sizeof(order[0]);
	     k++) {
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
			im->app->history = im->app->restore = true;
			rc = write_entry(im, x, report, refused);
			im->app->history = im->app->restore = false;
			if (rc == 0)
				count(created, x->type, 1);
		}
		if (rc == 0 && order[k] == K_ENCOUNTER) {
			rc = fi_write_days(im, &n_new, &n_changed, &unchanged);
			*refused = *refused || rc == BR_EINVAL;
		}
	}
	count(created, "diary days", (json_int_t)n_new);
	count(json_object_get(report, "updated"), "diary days",
	      (json_int_t)n_changed);
	json_object_set_new(report, "diary_days_unchanged",
	                    json_integer((json_int_t)unchanged));
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
br_fhir_import(struct br_app *app, json_t *bundle,
               const struct br_fhir_import_opts *o, json_t **report,
               struct br_err *err)
{
	struct imp im = {.app = app, .s = app->store, .o = o, .err = err};
	const char *why = NULL;
	json_t *rep;
	bool any_bad = false, refused = false;
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
			fi_reject(&im.e[i],
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
			const char *ref = fi_str(
			        json_object_get(d, "condition"), "reference");
			struct entry *c = ref ? fi_find_ref(&im, ref) : NULL;

			if (c && c->kind == K_CONDITION && !c->named_by)
				c->named_by = i + 1;
		}
	}
	read_kind(&im, K_ORG, fi_read_org);
	read_kind(&im, K_PRACT, fi_read_pract);
	read_kind(&im, K_PRACT_ROLE, fi_read_pract_role);
	read_kind(&im, K_PATIENT, fi_read_patient);
	read_kind(&im, K_CONDITION, fi_read_condition);
	read_kind(&im, K_EOC, fi_read_eoc);
	read_kind(&im, K_APPT, fi_read_appt);
	read_kind(&im, K_ENCOUNTER, fi_read_encounter);
	read_kind(&im, K_PROCEDURE, fi_read_procedure);
	read_kind(&im, K_QR, fi_read_qr);
	read_kind(&im, K_MEDREQ, fi_read_medreq);
	read_kind(&im, K_SERVREQ, fi_read_servreq);
	read_kind(&im, K_OBSERVATION, fi_read_observation);
	read_kind(&im, K_GOAL, fi_read_goal);
	read_kind(&im, K_CAREPLAN, fi_read_careplan);
	for (size_t i = 0; i < im.n && !im.fatal; i++)
		if (im.e[i].kind == K_CONDITION &&
		    im.e[i].sub == S_INTAKE_COND && !im.e[i].bad && im.e[i].res)
			fi_read_intake_cond(&im, &im.e[i]);
	for (size_t i = 0; i < im.n && !im.fatal; i++) {
		struct entry *x = &im.e[i];

		if (x->kind == K_CONDITION && x->sub == S_INTAKE_COND)
			continue;
		if (x->kind == K_CONDITION && !x->bad && !x->used &&
		    x->named_by && im.e[x->named_by - 1].bad)
			fi_reject_dep(x, "its EpisodeOfCare",
			              &im.e[x->named_by - 1]);
		else if (x->kind == K_CONDITION && !x->bad && !x->used)
			fi_reject(x,
			          "no EpisodeOfCare names this Condition in "
			          "diagnosis; backrest imports a Condition as "
			          "part of its episode");
	}
	rc = im.fatal;
	if (rc == 0)
		fi_group_days(&im);
	if (rc < 0) {
		release(&im);
		return err->code ? rc
		                 : br_error(err, rc, "", "the import failed");
	}
	rep = json_pack("{s:{}, s:{}, s:{}, s:{}, s:[], s:I}", "created",
	                "matched", "updated", "skipped", "patients",
	                "diary_days_unchanged", (json_int_t)0);
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
		rc = write_all(&im, rep, &refused);
		if (rc == 0) {
			remember_aliases(&im);
			*report = rep;
		} else if (refused) {
			/* What was written is the caller's to roll back. */
			rc = rejections(&im, rep, err);
			*report = rep;
		} else {
			json_decref(rep);
		}
	}
	release(&im);
	return rc;
}
