/*
 * fhir_import_episode.c - FHIR import of episodes: Condition and
 * EpisodeOfCare.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "interop/fhir_import_internal.h"

/* Episodes: Condition + EpisodeOfCare -----------------------------------------
 */

bool
fi_has_coding(json_t *cc, const char *system, const char **code)
{
	json_t *c;
	size_t i;

	json_array_foreach(json_object_get(cc, "coding"), i, c)
	{
		const char *s = fi_str(c, "system");

		if (s && strcmp(s, system) == 0 && fi_str(c, "code")) {
			*code = fi_str(c, "code");
			return true;
		}
	}
	return false;
}

json_t *
fi_find_ext(json_t *obj, const char *name)
{
	char url[160];
	json_t *x;
	size_t i;

	snprintf(url, sizeof(url), "%s%s", BR_FHIR_EXT, name);
	json_array_foreach(json_object_get(obj, "extension"), i, x)
	{
		const char *u = fi_str(x, "url");

		if (u && strcmp(u, url) == 0)
			return x;
	}
	return NULL;
}

void
fi_read_condition(struct imp *im, struct entry *x)
{
	struct br_episode *e;
	json_t *site, *code, *sci;
	const char *c = NULL;
	size_t i;
	int64_t pid;

	if (fi_has_coding(json_object_get(x->res, "code"),
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
	if (!fi_check_idents(x) ||
	    !fi_resolve_patient(im, x, x->res, "subject", &pid))
		return;
	e->patient_id = pid;
	snprintf(e->region, sizeof(e->region), "low-back");
	code = json_object_get(x->res, "code");
	if (code && !json_is_object(code)) {
		fi_reject(x, "code must be a CodeableConcept");
		return;
	}
	if (fi_has_coding(code, BR_FHIR_CS BR_CS_CONDITION, &c)) {
		if (strcmp(c, "neck-pain") == 0)
			snprintf(e->region, sizeof(e->region), "neck");
		else if (strcmp(c, "mid-back-pain") == 0)
			snprintf(e->region, sizeof(e->region), "mid-back");
	}
	json_array_foreach(json_object_get(x->res, "bodySite"), i, site)
	{
		if (fi_has_coding(site, BR_FHIR_CS BR_CS_REGION, &c) &&
		    br_rec_index(br_rec_regions, c) >= 0)
			snprintf(e->region, sizeof(e->region), "%s", c);
	}
	if (fi_has_coding(code, "http://hl7.org/fhir/sid/icd-10-cm", &c) ||
	    fi_has_coding(code, "http://hl7.org/fhir/sid/icd-10", &c)) {
		struct br_err ie = BR_ERR_INIT;

		if (br_rec_icd10(c, e->icd10, sizeof(e->icd10), &ie) < 0) {
			fi_reject(x, "code: %s", ie.msg);
			return;
		}
	}
	sci = fi_find_ext(x->res, BR_EXT_SCIATICA);
	if (sci) {
		json_t *v = json_object_get(sci, "valueBoolean");

		if (!json_is_boolean(v)) {
			fi_reject(x,
			          "the sciatica extension needs valueBoolean");
			return;
		}
		e->sciatica = json_is_true(v);
	}
	if (!fi_get_date(x, x->res, "onsetDateTime", "onsetDateTime", false,
	                 e->onset))
		return;
	if (!e->onset[0] &&
	    !fi_get_date(x, json_object_get(x->res, "onsetPeriod"), "start",
	                 "onsetPeriod.start", false, e->onset))
		return;
	if (!e->onset[0])
		fi_get_date(x, x->res, "recordedDate", "recordedDate", false,
		            e->onset);
}

void
fi_read_eoc(struct imp *im, struct entry *x)
{
	struct br_episode *e, stored;
	struct entry *cond;
	json_t *diag, *period, *risk;
	const char *status;
	int64_t pid, cond_stored;
	int rc;

	if (!fi_match_ident(im, x, BR_NS_EPISODE) ||
	    !fi_resolve_patient(im, x, x->res, "patient", &pid))
		return;
	diag = json_array_get(json_object_get(x->res, "diagnosis"), 0);
	if (!fi_resolve(im, x, diag, "condition", "diagnosis[0].condition",
	                "Condition", "cond", false, &cond, &cond_stored))
		return;
	if (cond == NULL) {
		/* An episode already stored needs no Condition. */
		if (x->rec_id == 0 ||
		    br_store_episode_get(im->s, x->rec_id, &stored, im->err) <
		            0) {
			br_err_clear(im->err);
			fi_reject(
			        x,
			        "diagnosis[0].condition must name a Condition "
			        "in the bundle (the episode's onset, region "
			        "and code)");
			return;
		}
		cond = NULL;
	}
	if (cond && cond->bad) {
		fi_reject_dep(x, "its Condition", cond);
		return;
	}
	if (cond && cond->used) {
		fi_reject(x,
		          "its Condition (entry %zu) belongs to another "
		          "EpisodeOfCare",
		          cond->index);
		return;
	}
	if (cond && cond->rec.episode->patient_id != pid) {
		fi_reject(x,
		          "its Condition (entry %zu) is about another patient",
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
	status = fi_get_str(x, x->res, "status", "status");
	if (status == NULL || x->bad) {
		if (!x->bad)
			fi_reject(x, "status is required");
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
		fi_reject(x,
		          "status %.20s is not imported (active, planned, "
		          "waitlist, onhold or finished)",
		          status);
		return;
	}
	period = json_object_get(x->res, "period");
	if (!fi_get_date(x, period, "start", "period.start", false,
	                 e->opened_on) ||
	    !fi_get_date(x, period, "end", "period.end", false, e->closed_on))
		return;
	if (!e->opened_on[0])
		snprintf(e->opened_on, sizeof(e->opened_on), "%s", e->onset);
	if (!e->onset[0])
		snprintf(e->onset, sizeof(e->onset), "%s", e->opened_on);
	if (!e->onset[0]) {
		fi_reject(
		        x,
		        "the episode needs an onset (Condition.onsetDateTime) "
		        "or period.start");
		return;
	}
	if (strcmp(e->status, "closed") == 0 && !e->closed_on[0])
		snprintf(e->closed_on, sizeof(e->closed_on), "%s",
		         e->opened_on);
	if (strcmp(e->status, "open") == 0)
		e->closed_on[0] = '\0';
	if (!fi_resolve_pract(im, x, x->res, "careManager", "careManager",
	                      &e->practitioner_id))
		return;
	risk = fi_find_ext(x->res, BR_EXT_RISK);
	if (risk) {
		const char *r = fi_str(risk, "valueCode");

		if (r == NULL || br_risk_index(r) < 0) {
			fi_reject(
			        x,
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
				fi_reject(x,
				          "episode %lld is stored for another "
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
	if (x->exists) {
		rc = br_store_episode_get(im->s, x->rec_id, &stored, im->err);
		if (rc < 0) {
			fi_reject_err(im, x, rc, im->err);
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
	fi_ts_or_now(x, e->created_at);
}
