/*
 * fhir_import_medication.c - FHIR import of herbal prescriptions
 * (MedicationRequest) and their adverse effects (Observation).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "interop/fhir_import_internal.h"
#include "model/herbal.h"

/* Herbal prescriptions and their adverse effects ----------------------------
 */

void
fi_read_medreq(struct imp *im, struct entry *x)
{
	struct br_herbal *h = calloc(1, sizeof(*h));
	json_t *form = fi_find_ext(x->res, BR_EXT_FORM), *names, *ended, *dose;
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
			fi_reject(x,
			          "backrest imports herbal prescriptions only "
			          "(a MedicationRequest with the %s%s "
			          "extension); use --skip-unknown to skip it",
			          BR_FHIR_EXT, BR_EXT_FORM);
		return;
	}
	if (!fi_match_ident(im, x, BR_NS_HERBAL) ||
	    !fi_resolve_patient(im, x, x->res, "subject", &pid) ||
	    !fi_episode_of(im, x, pid, &h->episode_id, NULL) ||
	    !fi_encounter_of(im, x, pid, false, &h->session_id, &ep, NULL) ||
	    !fi_resolve_pract(im, x, x->res, "requester", "requester",
	                      &h->practitioner_id) ||
	    !fi_get_date(x, x->res, "authoredOn", "authoredOn", true, h->day))
		return;
	if (h->session_id && ep != h->episode_id) {
		fi_reject(x, "its Encounter belongs to another episode");
		return;
	}
	status = fi_get_str(x, x->res, "status", "status");
	intent = fi_get_str(x, x->res, "intent", "intent");
	if (x->bad)
		return;
	if (!status || (strcmp(status, "active") != 0 &&
	                strcmp(status, "completed") != 0 &&
	                strcmp(status, "stopped") != 0)) {
		fi_reject(x,
		          "status %.20s is not imported (active, completed or "
		          "stopped)",
		          status ? status : "(none)");
		return;
	}
	if (!intent || (strcmp(intent, "order") != 0 &&
	                strcmp(intent, "original-order") != 0)) {
		fi_reject(x, "intent must be order: backrest records "
		             "prescriptions as written");
		return;
	}
	if (!fi_in_list(br_herbal_forms, fi_str(form, "valueCode"))) {
		fi_reject(x, "the herbal-form extension must be one of "
		             "decoction, granules, powder, pills, tablets, "
		             "capsules, tincture, liniment, oil, ointment, "
		             "plaster, soak");
		return;
	}
	snprintf(h->form, sizeof(h->form), "%s", fi_str(form, "valueCode"));
	pinyin = fi_str(json_object_get(x->res, "medicationCodeableConcept"),
	                "text");
	if (pinyin == NULL || !pinyin[0]) {
		fi_reject(x, "medicationCodeableConcept.text (the formula's "
		             "name) is required");
		return;
	}
	names = fi_find_ext(x->res, BR_EXT_FORMULA);
	dose = json_array_get(json_object_get(x->res, "dosageInstruction"), 0);
	mods = fi_first_note(x->res);
	if (!fi_copy(x, "medication name", pinyin, h->pinyin,
	             sizeof(h->pinyin)) ||
	    (fi_ext_part(names, "chinese") &&
	     !fi_set_text(x, "chinese name",
	                  json_object_get(fi_ext_part(names, "chinese"),
	                                  "valueString"),
	                  h->chinese, sizeof(h->chinese))) ||
	    (fi_ext_part(names, "english") &&
	     !fi_set_text(x, "english name",
	                  json_object_get(fi_ext_part(names, "english"),
	                                  "valueString"),
	                  h->english, sizeof(h->english))) ||
	    !fi_ext_text(x, x->res, BR_EXT_DURATION, "valueString", h->duration,
	                 sizeof(h->duration)) ||
	    !fi_ext_text(x, x->res, BR_EXT_PHARMACY, "valueString", h->pharmacy,
	                 sizeof(h->pharmacy)) ||
	    (mods && !fi_copy(x, "note[0].text", mods, h->modifications,
	                      sizeof(h->modifications))) ||
	    (fi_str(dose, "patientInstruction") &&
	     !fi_copy(x, "patientInstruction",
	              fi_str(dose, "patientInstruction"), h->instructions,
	              sizeof(h->instructions))))
		return;
	if (fi_str(dose, "text") == NULL ||
	    !fi_copy(x, "dosageInstruction[0].text", fi_str(dose, "text"),
	             h->dose, sizeof(h->dose))) {
		if (!x->bad)
			fi_reject(x, "dosageInstruction[0].text (the dose as "
			             "written) is required");
		return;
	}
	ended = fi_find_ext(x->res, BR_EXT_ENDED);
	if (ended) {
		const char *reason =
		        fi_str(fi_ext_part(ended, "reason"), "valueCode");

		if (!fi_get_date(x, fi_ext_part(ended, "date"), "valueDate",
		                 "ended.date", true, h->ended_on))
			return;
		if (reason && !fi_in_list(br_herbal_end_reasons, reason)) {
			fi_reject(x,
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
		fi_reject(x, "status %s %s the ended extension", status,
		          ended ? "contradicts" : "needs");
		return;
	}
	if (!fi_claim(im, x, BR_REC_HERBAL, pid, &h->id, h->created_at))
		return;
	h->patient_id = x->patient_id = pid;
}

void
fi_read_herb_ae(struct imp *im, struct entry *x)
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
	if (!fi_match_ident(im, x, BR_NS_HERBAL_AE) ||
	    !fi_resolve_patient(im, x, x->res, "subject", &pid) ||
	    !fi_get_date(x, x->res, "effectiveDateTime", "effectiveDateTime",
	                 true, a->day))
		return;
	holder = json_pack("{s:O*}", "ref",
	                   json_array_get(json_object_get(x->res, "focus"), 0));
	ok = fi_resolve(im, x, holder, "ref", "focus[0]", "MedicationRequest",
	                "mr", true, &mr, &stored);
	json_decref(holder);
	if (!ok)
		return;
	if (mr) {
		if (mr->bad) {
			fi_reject_dep(x, "its MedicationRequest", mr);
			return;
		}
		if (mr->kind != K_MEDREQ || mr->patient_id != pid) {
			fi_reject(x,
			          "focus[0] must be a herbal prescription of "
			          "this patient");
			return;
		}
		a->prescription_id = mr->rec_id;
	} else {
		struct br_herbal h;
		int rc = br_store_herbal_get(im->s, stored, "focus", &h,
		                             im->err);

		if (rc < 0) {
			fi_reject_err(im, x, rc, im->err);
			return;
		}
		if (h.patient_id != pid) {
			fi_reject(x,
			          "focus[0] is another patient's prescription");
			return;
		}
		a->prescription_id = stored;
	}
	/* The effect and its severity as they came: their vocabularies
	 * are br_app_herbal_adverse_apply's (write_entry). */
	if (!fi_has_coding(json_object_get(x->res, "valueCodeableConcept"),
	                   BR_FHIR_CS BR_CS_HERB_AE, &effect)) {
		fi_reject(x, "valueCodeableConcept must be a coding of %s%s",
		          BR_FHIR_CS, BR_CS_HERB_AE);
		return;
	}
	if (!fi_copy(x, "valueCodeableConcept", effect, a->effect,
	             sizeof(a->effect)))
		return;
	sev = fi_find_ext(x->res, BR_EXT_SEVERITY);
	if (sev && fi_str(sev, "valueCode") == NULL) {
		fi_reject(x, "the severity extension needs a valueCode");
		return;
	}
	if (sev &&
	    !fi_copy(x, "the severity extension", fi_str(sev, "valueCode"),
	             a->severity, sizeof(a->severity)))
		return;
	note = fi_first_note(x->res);
	if (note && !fi_copy(x, "note[0].text", note, a->note, sizeof(a->note)))
		return;
	if (!fi_claim(im, x, BR_REC_HERBAL_ADVERSE, pid, &a->id, a->created_at))
		return;
	a->patient_id = x->patient_id = pid;
}
