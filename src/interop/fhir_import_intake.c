/*
 * fhir_import_intake.c - FHIR import of the intake's known conditions
 * (Condition) and goals (Goal).
 */
#include <stdlib.h>
#include <string.h>

#include "interop/fhir_import_internal.h"

/* A known condition of the intake: it must be one of the intake's. */
void
fi_read_intake_cond(struct imp *im, struct entry *x)
{
	json_t *holder;
	struct entry *qr;
	int64_t stored, pid;
	const char *code = NULL;
	bool ok;

	if (!fi_check_idents(x) ||
	    !fi_resolve_patient(im, x, x->res, "subject", &pid))
		return;
	fi_has_coding(json_object_get(x->res, "code"),
	              BR_FHIR_CS "intake-condition", &code);
	holder = json_pack(
	        "{s:O*}", "ref",
	        json_array_get(
	                json_object_get(
	                        json_array_get(
	                                json_object_get(x->res, "evidence"), 0),
	                        "detail"),
	                0));
	ok = fi_resolve(im, x, holder, "ref", "evidence[0].detail[0]",
	                "QuestionnaireResponse", "qr-intake", true, &qr,
	                &stored);
	json_decref(holder);
	if (!ok)
		return;
	if (qr == NULL) {
		x->exists = true; /* the stored intake is left as it is */
		return;
	}
	if (qr->bad) {
		fi_reject_dep(x, "its intake", qr);
		return;
	}
	if (qr->sub != S_INTAKE || qr->patient_id != pid) {
		fi_reject(x, "evidence[0].detail[0] must be this patient's "
		             "intake");
		return;
	}
	for (int i = 0; i < qr->rec.intake->n_conditions; i++)
		if (strcmp(qr->rec.intake->conditions[i], code) == 0) {
			x->exists = qr->exists;
			x->rec_id = qr->rec_id;
			return;
		}
	fi_reject(x, "%.30s is not among the known conditions of its intake",
	          code);
}

/* The goals of the intake as a Goal: it must be the intake's. */
void
fi_read_goal(struct imp *im, struct entry *x)
{
	struct br_intake *in;
	struct entry *qr = NULL;
	const char *text;
	int64_t pid, eid;
	int rc;

	if (!fi_check_idents(x) ||
	    !fi_resolve_patient(im, x, x->res, "subject", &pid) ||
	    !fi_episode_of(im, x, pid, &eid, NULL))
		return;
	text = fi_str(json_object_get(x->res, "description"), "text");
	if (text == NULL) {
		fi_reject(x,
		          "description.text (the patient's goals) is required");
		return;
	}
	for (size_t i = 0; i < im->n; i++)
		if (im->e[i].kind == K_QR && im->e[i].sub == S_INTAKE &&
		    im->e[i].rec.intake && im->e[i].patient_id == pid &&
		    im->e[i].rec.intake->episode_id == eid)
			qr = &im->e[i];
	x->patient_id = pid;
	if (qr && qr->bad) {
		fi_reject_dep(x, "its episode's intake", qr);
		return;
	}
	if (qr) {
		if (strcmp(qr->rec.intake->goals, text) != 0)
			fi_reject(x,
			          "description.text must be the goals of the "
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
		fi_reject(x, "description.text must be the goals of the "
		             "episode's intake");
	else if (rc == BR_ENOTFOUND)
		fi_reject(x,
		          "backrest keeps a patient's goals in the intake, and "
		          "the episode has none in the bundle or the store");
	else if (rc < 0)
		fi_reject_err(im, x, rc, im->err);
	x->exists = true;
	free(in);
}
