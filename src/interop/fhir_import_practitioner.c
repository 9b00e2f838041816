/*
 * fhir_import_practitioner.c - FHIR import of Practitioner and
 * PractitionerRole (users).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "interop/fhir_import_internal.h"

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
		return fi_reject(x, "name must be a list of HumanName");
	if (n == NULL)
		return required ? fi_reject(x, "name is required (a list of "
		                               "HumanName)")
		                : true;
	if (!json_is_object(n))
		return fi_reject(x, "name[0] must be a HumanName");
	text = fi_get_str(x, n, "text", "name[0].text");
	if (text)
		return fi_copy(x, "name[0].text", text, out, size);
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
	if (buf[0] == '\0' && required)
		return fi_reject(x, "name[0] needs text, given or family");
	return fi_copy(x, "name", buf, out, size);
}

void
fi_read_pract(struct imp *im, struct entry *x)
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
	if (!fi_match_ident(im, x, BR_NS_PRACT) ||
	    !name_text(x, json_object_get(x->res, "name"), u->name,
	               sizeof(u->name), false))
		return;
	json_array_foreach(json_object_get(x->res, "telecom"), i, t)
	{
		const char *sys = fi_str(t, "system"), *v = fi_str(t, "value");

		if (sys && v && strcmp(sys, "email") == 0 && !u->email[0] &&
		    (strchr(v, '@') == NULL ||
		     !fi_copy(x, "telecom (email)", v, u->email,
		              sizeof(u->email))))
			if (!x->bad)
				fi_reject(x,
				          "telecom email %.40s is not an "
				          "e-mail address",
				          v);
	}
	if (x->bad)
		return;
	active = json_object_get(x->res, "active");
	if (active && !json_is_boolean(active)) {
		fi_reject(x, "active must be true or false");
		return;
	}
	u->disabled = active && json_is_false(active);
	snprintf(u->role, sizeof(u->role), "practitioner");
	if (x->rec_id && !x->exists) {
		rc = br_store_interop_exists(im->s, BR_REC_USER, 0, x->rec_id,
		                             im->err);
		if (rc < 0) {
			fi_reject_err(im, x, rc, im->err);
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
			fi_reject_err(im, x, rc, im->err);
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
	fi_ts_or_now(x, u->created_at);
}

/* The user a reference to a Practitioner or PractitionerRole names (0 when
 * absent). */
bool
fi_resolve_pract(struct imp *im, struct entry *x, json_t *obj, const char *key,
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
		return fi_reject(x, "%s.reference must be a string", path);
	t = fi_find_ref(im, ref);
	if (t) {
		if (t->kind != K_PRACT && t->kind != K_PRACT_ROLE)
			return fi_reject(x,
			                 "%s %.80s names a %s, not a "
			                 "Practitioner",
			                 path, ref, t->type);
		if (t->bad)
			return fi_reject_dep(x, path, t);
		*user_id = t->rec_id;
		return true;
	}
	alias = im->o->aliases ? json_string_value(
	                                 json_object_get(im->o->aliases, ref))
	                       : NULL;
	if (alias)
		ref = alias;
	if (strncmp(ref, "PractitionerRole/prr-", 21) == 0)
		fi_parse_rec_id(ref + 21, &id);
	else if (strncmp(ref, "Practitioner/prac-", 18) == 0)
		fi_parse_rec_id(ref + 18, &id);
	if (id == 0)
		return fi_reject(x,
		                 "%s %.80s is neither in the bundle nor a "
		                 "backrest practitioner",
		                 path, ref);
	rc = br_store_interop_exists(im->s, BR_REC_USER, 0, id, im->err);
	if (rc < 0)
		return fi_reject_err(im, x, rc, im->err);
	if (rc == 0)
		return fi_reject(x, "%s: there is no user %lld", path,
		                 (long long)id);
	*user_id = id;
	return true;
}

void
fi_read_pract_role(struct imp *im, struct entry *x)
{
	struct entry *p, *org;
	int64_t stored, clinic;
	const char *role = NULL;
	json_t *codes = json_object_get(x->res, "code"), *c;
	size_t i;

	if (!fi_check_idents(x) ||
	    !fi_resolve(im, x, x->res, "practitioner", "practitioner",
	                "Practitioner", "prac", true, &p, &stored) ||
	    !fi_resolve(im, x, x->res, "organization", "organization",
	                "Organization", "org", false, &org, &clinic))
		return;
	if (p && p->bad) {
		fi_reject_dep(x, "its Practitioner", p);
		return;
	}
	if (org && org->bad) {
		fi_reject_dep(x, "its Organization", org);
		return;
	}
	json_array_foreach(codes, i, c)
	{
		if (fi_has_coding(c, BR_FHIR_CS BR_CS_ROLE, &role))
			break;
	}
	if (role && strcmp(role, "admin") != 0 &&
	    strcmp(role, "practitioner") != 0) {
		fi_reject(x,
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
			fi_reject_err(im, x, rc, im->err);
		} else if (rc == 0) {
			fi_reject(x, "practitioner: there is no user %lld",
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
			fi_reject_err(im, x, rc, im->err);
		else
			p->clinic_ref = clinic;
	}
}
