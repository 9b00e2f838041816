/*
 * fhir_import_patient.c - FHIR import of Organization (clinics) and
 * Patient.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "interop/fhir_import_internal.h"

/* Organizations ------------------------------------------------------------ */

void
fi_read_org(struct imp *im, struct entry *x)
{
	struct br_clinic_row *c = calloc(1, sizeof(*c));
	const char *name;
	int rc;

	x->rec.clinic = c;
	if (c == NULL) {
		im->fatal = BR_ENOMEM;
		return;
	}
	if (!fi_match_ident(im, x, BR_NS_CLINIC))
		return;
	name = fi_get_str(x, x->res, "name", "name");
	if (x->bad || !fi_copy(x, "name", name ? name : "Imported organization",
	                       c->name, sizeof(c->name)))
		return;
	if (x->rec_id && !x->exists) {
		rc = br_store_clinic_get(im->s, x->rec_id, c, im->err);
		if (rc == 0)
			x->exists = true;
		else if (rc == BR_ENOTFOUND)
			br_err_clear(im->err);
		else
			fi_reject_err(im, x, rc, im->err);
	}
	if (!x->rec_id)
		x->rec_id = br_store_new_id();
	c->id = x->rec_id;
	fi_ts_or_now(x, c->created_at);
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
		return fi_reject(x, "name is required (a list of HumanName)");
	n = json_array_get(names, 0);
	if (!json_is_object(n))
		return fi_reject(x, "name[0] must be a HumanName");
	text = fi_get_str(x, n, "text", "name[0].text");
	if (text)
		return fi_copy(x, "name[0].text", text, p->name,
		               sizeof(p->name));
	json_array_foreach(json_object_get(n, "given"), i, g)
	{
		if (json_is_string(g) && k < sizeof(buf))
			k += (size_t)snprintf(buf + k, sizeof(buf) - k, "%s%s",
			                      k ? " " : "",
			                      json_string_value(g));
	}
	family = fi_get_str(x, n, "family", "name[0].family");
	if (family && k < sizeof(buf))
		snprintf(buf + k, sizeof(buf) - k, "%s%s", k ? " " : "",
		         family);
	if (x->bad)
		return false;
	if (buf[0] == '\0')
		return fi_reject(x, "name[0] needs text, given or family");
	return fi_copy(x, "name", buf, p->name, sizeof(p->name));
}

static const char *
patient_ref(struct entry *x)
{
	const char *own = fi_own_ident(x, BR_NS_REF);
	json_t *id;
	size_t i;

	if (own)
		return own;
	json_array_foreach(json_object_get(x->res, "identifier"), i, id)
	{
		json_t *c = json_array_get(
		        json_object_get(json_object_get(id, "type"), "coding"),
		        0);

		if (c && fi_str(c, "code") &&
		    strcmp(fi_str(c, "code"), "MR") == 0)
			return fi_str(id, "value");
	}
	return NULL;
}

void
fi_read_patient(struct imp *im, struct entry *x)
{
	struct br_patient *p = calloc(1, sizeof(*p)), stored;
	struct br_err e = BR_ERR_INIT;
	struct entry *org;
	const char *gender, *ref;
	int64_t clinic = 0;
	int sex, rc;

	x->rec.patient = p;
	if (p == NULL) {
		im->fatal = BR_ENOMEM;
		return;
	}
	if (!fi_match_ident(im, x, BR_NS_PATIENT) || !patient_name(x, p))
		return;
	gender = fi_get_str(x, x->res, "gender", "gender");
	/* FHIR's administrative genders are the record's sexes. */
	if (gender &&
	    br_parse_enum("gender", gender, br_rec_sexes, &sex, &e) < 0) {
		fi_reject(x, "%s", e.msg);
		return;
	}
	snprintf(p->sex, sizeof(p->sex), "%s", gender ? gender : "unknown");
	if (!fi_get_date(x, x->res, "birthDate", "birthDate", false, p->born))
		return;
	ref = patient_ref(x);
	if (ref && !fi_copy(x, "identifier (MR)", ref, p->ref, sizeof(p->ref)))
		return;
	if (!fi_resolve(im, x, x->res, "managingOrganization",
	                "managingOrganization", "Organization", "org", false,
	                &org, &clinic))
		return;
	if (org)
		x->clinic_ref = -(int64_t)org->index - 1; /* an entry */
	else if (clinic) {
		struct br_clinic_row c;

		rc = br_store_clinic_get(im->s, clinic, &c, im->err);
		if (rc < 0) {
			fi_reject_err(im, x, rc, im->err);
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
			fi_reject_err(im, x, rc, im->err);
	}
	if (!x->rec_id)
		x->rec_id = br_store_new_id();
	x->patient_id = p->id = x->rec_id;
	fi_ts_or_now(x, p->created_at);
}

/* The patient a subject/patient reference names: its id, and whether it is
 * already stored. */
bool
fi_resolve_patient(struct imp *im, struct entry *x, json_t *obj,
                   const char *key, int64_t *patient_id)
{
	struct entry *t;
	struct br_patient p;
	int64_t stored;
	int rc;

	if (!fi_resolve(im, x, obj, key, key, "Patient", "pat", true, &t,
	                &stored))
		return false;
	if (t) {
		if (t->bad)
			return fi_reject_dep(x, key, t);
		*patient_id = t->rec_id;
		return true;
	}
	rc = br_store_patient_get(im->s, stored, &p, im->err);
	if (rc < 0)
		return fi_reject_err(im, x, rc, im->err);
	*patient_id = stored;
	return true;
}
