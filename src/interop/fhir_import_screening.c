/*
 * fhir_import_screening.c - FHIR import of red-flag screens and TCM
 * assessments (Observations).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "interop/fhir_import_internal.h"
#include "model/checks_tcm.h"
#include "model/tcm.h"

/* Red-flag screens ----------------------------------------------------- */

/* A red-flag screen: its flags, tier, advice, who screened and its
 * clearance as they came; the screen's rules (flag ids, the tier its
 * flags give) are br_app_screen_apply's (write_entry). */
void
fi_read_screen(struct imp *im, struct entry *x)
{
	struct br_screening *sc = calloc(1, sizeof(*sc));
	const char *tier = NULL, *note;
	json_t *c, *clear;
	size_t i;
	int64_t pid, ep;

	x->rec.screening = sc;
	x->sub = S_SCREEN;
	if (sc == NULL) {
		im->fatal = BR_ENOMEM;
		return;
	}
	if (!fi_match_ident(im, x, BR_NS_SCREENING) ||
	    !fi_resolve_patient(im, x, x->res, "subject", &pid) ||
	    !fi_episode_of(im, x, pid, &sc->episode_id, NULL) ||
	    !fi_encounter_of(im, x, pid, false, &sc->session_id, &ep, NULL) ||
	    !fi_get_date(x, x->res, "effectiveDateTime", "effectiveDateTime",
	                 true, sc->day))
		return;
	if (sc->session_id && ep != sc->episode_id) {
		fi_reject(x, "its Encounter belongs to another episode");
		return;
	}
	json_array_foreach(json_object_get(x->res, "component"), i, c)
	{
		const char *f = NULL;
		char path[32];

		snprintf(path, sizeof(path), "component[%zu]", i);
		if (!fi_has_coding(json_object_get(c, "code"),
		                   BR_FHIR_CS BR_CS_REDFLAG, &f)) {
			fi_reject(x, "%s needs a code in %s%s", path,
			          BR_FHIR_CS, BR_CS_REDFLAG);
			return;
		}
		if (!json_is_true(json_object_get(c, "valueBoolean"))) {
			fi_reject(x, "%s (%.30s) needs valueBoolean true", path,
			          f);
			return;
		}
		if (sc->n_flags == BR_SCREENING_MAX_FLAGS) {
			fi_reject(x, "more than %d flags",
			          BR_SCREENING_MAX_FLAGS);
			return;
		}
		if (!fi_copy(x, path, f, sc->flags[sc->n_flags],
		             sizeof(sc->flags[0])))
			return;
		sc->n_flags++;
	}
	fi_has_coding(json_object_get(x->res, "valueCodeableConcept"),
	              BR_FHIR_CS BR_CS_TIER, &tier);
	if (tier && !fi_copy(x, "valueCodeableConcept", tier, sc->tier,
	                     sizeof(sc->tier)))
		return;
	note = fi_first_note(x->res);
	if (note &&
	    !fi_copy(x, "note[0].text", note, sc->action, sizeof(sc->action)))
		return;
	if (!fi_ext_text(x, x->res, BR_EXT_SCREENED, "valueString",
	                 sc->screened_by, sizeof(sc->screened_by)))
		return;
	clear = fi_find_ext(x->res, BR_EXT_CLEARANCE);
	if (clear) {
		struct entry tmp = {0};
		json_t *holder =
		        json_pack("{s:{s:O*}}", "meta", "lastUpdated",
		                  json_object_get(fi_ext_part(clear, "at"),
		                                  "valueDateTime"));
		const char *by =
		        fi_str(fi_ext_part(clear, "by"), "valueString");
		const char *why =
		        fi_str(fi_ext_part(clear, "reason"), "valueString");

		tmp.res = holder;
		if (holder == NULL || !fi_get_ts(&tmp, sc->cleared_at) ||
		    !sc->cleared_at[0]) {
			json_decref(holder);
			fi_reject(x, "the clearance extension needs at (an "
			             "instant)");
			return;
		}
		json_decref(holder);
		if ((by && !fi_copy(x, "clearance by", by, sc->cleared_by,
		                    sizeof(sc->cleared_by))) ||
		    (why &&
		     !fi_copy(x, "clearance reason", why, sc->clear_reason,
		              sizeof(sc->clear_reason))))
			return;
	}
	if (!fi_claim(im, x, BR_REC_SCREENING, pid, &sc->id, sc->created_at))
		return;
	sc->patient_id = x->patient_id = pid;
}

/* TCM assessments: the tongue, pulse and differentiation Observations of a
 * session make one record. -------------------------------------------------
 */

/* The code of component comp's valueCodeableConcept in code system cs. */
static bool
tcm_code(struct entry *x, json_t *comp, const char *cs, char *out, size_t n)
{
	const char *c = NULL;

	if (!fi_has_coding(json_object_get(comp, "valueCodeableConcept"), cs,
	                   &c))
		return fi_reject(x,
		                 "a component needs a valueCodeableConcept in "
		                 "%s",
		                 cs);
	return fi_copy(x, "code", c, out, n);
}

/* Adds the code of comp to the record's coded list key
 * (br_rec_tcm_add). */
static bool
tcm_add(struct entry *x, json_t *comp, const char *cs, const char *key,
        struct br_tcm *t)
{
	char code[BR_CODE_LEN * 2];
	struct br_err e = BR_ERR_INIT;

	if (!tcm_code(x, comp, cs, code, sizeof(code)))
		return false;
	if (br_rec_tcm_add(t, key, code, &e) < 0)
		return fi_reject(x, "%s", e.msg);
	return true;
}

/* The input key of the pulse position p ("pulse", "pulse_left_cun" ...),
 * or NULL. */
static const char *
pulse_key(int p)
{
	for (int k = 0; br_tcm_findings[k]; k++)
		if (strcmp(br_tcm_findings[k], "pulse") == 0)
			return br_tcm_findings[k + p];
	return NULL;
}

/* The components of one of the session's TCM Observations into t, as
 * they came: the codes' vocabularies and groups are br_rec_tcm_check's,
 * run by br_app_tcm_apply (write_entry). */
static bool
tcm_part(struct entry *x, const char *part, struct br_tcm *t)
{
	json_t *c;
	size_t i;
	const char *note = fi_first_note(x->res);

	json_array_foreach(json_object_get(x->res, "component"), i, c)
	{
		const char *what = NULL;
		bool tongue = strcmp(part, "tongue") == 0;
		bool pulse = strcmp(part, "pulse") == 0;
		bool diff = strcmp(part, "differentiation") == 0;
		bool ok = true;

		if (!fi_has_coding(json_object_get(c, "code"),
		                   BR_FHIR_CS BR_CS_TCM, &what))
			return fi_reject(x,
			                 "component[%zu] has no backrest TCM "
			                 "code",
			                 i);
		if (tongue && strcmp(what, "tongue-colour") == 0)
			ok = !t->tongue_colour[0] &&
			     tcm_code(x, c, BR_FHIR_CS "tcm-tongue-colour",
			              t->tongue_colour,
			              sizeof(t->tongue_colour));
		else if (tongue && strcmp(what, "tongue-shape") == 0)
			ok = tcm_add(x, c, BR_FHIR_CS "tcm-tongue-shape",
			             "tongue_shape", t);
		else if (tongue && strcmp(what, "tongue-coat") == 0)
			ok = tcm_add(x, c, BR_FHIR_CS "tcm-tongue-coat",
			             "tongue_coat", t);
		else if (tongue && strcmp(what, "tongue-moisture") == 0)
			ok = !t->tongue_moisture[0] &&
			     tcm_code(x, c, BR_FHIR_CS BR_CS_MOISTURE,
			              t->tongue_moisture,
			              sizeof(t->tongue_moisture));
		else if (pulse && strcmp(what, "pulse-rate") == 0)
			ok = t->pulse_rate == BR_UNSET &&
			     fi_get_count(x,
			                  json_object_get(
			                          json_object_get(
			                                  c, "valueQuantity"),
			                          "value"),
			                  "pulse-rate", &t->pulse_rate);
		else if (pulse && strncmp(what, "pulse-", 6) == 0) {
			int p = -1;

			for (int k = 0; k < BR_PULSE_NPOS; k++)
				if (strcmp(br_pulse_positions[k], what + 6) ==
				    0)
					p = k;
			ok = p >= 0 ? tcm_add(x, c,
			                      BR_FHIR_CS "tcm-pulse-quality",
			                      pulse_key(p), t)
			            : fi_reject(x,
			                        "unknown pulse position %.20s",
			                        what);
		} else if (diff && strcmp(what, "principle") == 0)
			ok = tcm_add(x, c, BR_FHIR_CS BR_CS_PRINCIPLE,
			             "eight_principles", t);
		else if (diff && strcmp(what, "pattern") == 0)
			ok = tcm_add(x, c, BR_FHIR_CS "tcm-pattern", "patterns",
			             t);
		else if (diff && strcmp(what, "treatment-principle") == 0)
			ok = !t->treatment_principle[0] &&
			     fi_set_text(x, "treatment-principle",
			                 json_object_get(c, "valueString"),
			                 t->treatment_principle,
			                 sizeof(t->treatment_principle));
		else
			ok = fi_reject(x,
			               "component %.30s does not belong to "
			               "the %s Observation",
			               what, part);
		if (!ok)
			return x->bad ? false
			              : fi_reject(x,
			                          "component %.30s is given "
			                          "twice",
			                          what);
	}
	if (note == NULL)
		return true;
	if (strcmp(part, "tongue") == 0)
		return fi_copy(x, "note", note, t->tongue_note,
		               sizeof(t->tongue_note));
	if (strcmp(part, "pulse") == 0)
		return fi_copy(x, "note", note, t->pulse_note,
		               sizeof(t->pulse_note));
	return fi_copy(x, "note", note, t->pattern_note,
	               sizeof(t->pattern_note));
}

void
fi_read_tcm_obs(struct imp *im, struct entry *x, const char *part)
{
	const char *own = fi_own_ident(x, BR_NS_TCM);
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
		fi_reject(x,
		          "code %.30s is not a TCM Observation (tongue, pulse "
		          "or differentiation)",
		          part);
		return;
	}
	if (!fi_check_idents(x) ||
	    !fi_resolve_patient(im, x, x->res, "subject", &pid) ||
	    !fi_encounter_of(im, x, pid, true, &sid, &ep, day))
		return;
	perf_holder = json_pack(
	        "{s:O*}", "p",
	        json_array_get(json_object_get(x->res, "performer"), 0));
	ok = fi_resolve_pract(im, x, perf_holder, "p", "performer[0]", &perf);
	json_decref(perf_holder);
	if (!ok)
		return;
	if (own) {
		char idpart[24];
		const char *colon = strchr(own, ':');

		if (colon == NULL || strcmp(colon + 1, part) != 0 ||
		    (size_t)(colon - own) >= sizeof(idpart)) {
			fi_reject(x, "identifier %.40s must be <assessment>:%s",
			          own, part);
			return;
		}
		memcpy(idpart, own, (size_t)(colon - own));
		idpart[colon - own] = '\0';
		if (!fi_parse_rec_id(idpart, &aid)) {
			fi_reject(x,
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
			fi_reject_dep(x, "the session's first TCM Observation",
			              h);
			return;
		}
		if (aid && aid != h->rec_id) {
			fi_reject(x,
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
			fi_reject_err(im, x, rc, im->err);
			return;
		}
		if (stored) {
			x->exists = true;
			x->rec_id = stored;
		} else {
			x->rec_id = aid ? aid : br_store_new_id();
		}
		t->id = x->rec_id;
		fi_ts_or_now(x, t->created_at);
	}
	t = h->rec.tcm;
	x->exists = h->exists;
	if (!fi_unique_key(im, x, "TCM Observation", part, t->id))
		return;
	pre = fi_find_ext(x->res, BR_EXT_PREFILLED);
	if (pre) {
		json_t *v = json_object_get(pre, "valueIdentifier");

		if (!fi_parse_rec_id(fi_str(v, "value"), &t->prefilled_from)) {
			fi_reject(x, "the prefilled-from extension needs a "
			             "valueIdentifier with an assessment id");
			return;
		}
	}
	if (!x->exists)
		tcm_part(x, part, t);
}
