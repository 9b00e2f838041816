/*
 * fhir_export_patient.c - FHIR export of clinics (Organization), patients
 * (Patient) and users (Practitioner, PractitionerRole).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "interop/fhir_export_internal.h"

/* Clinics, patients, episodes --------------------------------------------- */

json_t *
fe_organization(const struct br_clinic_row *c)
{
	char id[32];

	snprintf(id, sizeof(id), "org-%lld", (long long)c->id);
	return json_pack("{s:s, s:s, s:o*, s:o, s:b, s:s}", "resourceType",
	                 "Organization", "id", id, "meta",
	                 fe_meta(c->created_at), "identifier",
	                 fe_id_identifier(BR_NS_CLINIC, c->id), "active", 1,
	                 "name", c->name);
}

json_t *
fe_patient(const struct br_patient *p)
{
	char id[32], sys[160];
	json_t *ids = fe_id_identifier(BR_NS_PATIENT, p->id);

	snprintf(id, sizeof(id), "pat-%lld", (long long)p->id);
	snprintf(sys, sizeof(sys), "%s%s", BR_FHIR_NS, BR_NS_REF);
	if (p->ref[0])
		json_array_append_new(
		        ids,
		        json_pack("{s:s, s:{s:[{s:s, s:s}]}, s:s, s:s}", "use",
		                  "usual", "type", "coding", "system",
		                  "http://terminology.hl7.org/CodeSystem/"
		                  "v2-0203",
		                  "code", "MR", "system", sys, "value",
		                  p->ref));
	return json_pack("{s:s, s:s, s:o*, s:o, s:b, s:[{s:s}], s:s, s:s*, "
	                 "s:o}",
	                 "resourceType", "Patient", "id", id, "meta",
	                 fe_meta(p->created_at), "identifier", ids, "active", 1,
	                 "name", "text", p->name, "gender", p->sex, "birthDate",
	                 p->born[0] ? p->born : NULL, "managingOrganization",
	                 fe_reference("Organization", "org", p->clinic_id));
}

/* Practitioners ----------------------------------------------------------- */

json_t *
fe_role_ref(int64_t user_id)
{
	return user_id ? fe_reference("PractitionerRole", "prr", user_id)
	               : NULL;
}

json_t *
fe_practitioner(const struct br_user *u)
{
	char id[32];

	snprintf(id, sizeof(id), "prac-%lld", (long long)u->id);
	return json_pack(
	        "{s:s, s:s, s:o*, s:o, s:b, s:o*, s:[{s:s, s:s, "
	        "s:s}]}",
	        "resourceType", "Practitioner", "id", id, "meta",
	        fe_meta(u->created_at), "identifier",
	        fe_id_identifier(BR_NS_PRACT, u->id), "active", !u->disabled,
	        "name",
	        u->name[0] ? json_pack("[{s:s}]", "text", u->name) : NULL,
	        "telecom", "system", "email", "value", u->email, "use", "work");
}

json_t *
fe_practitioner_role(const struct br_user *u)
{
	char id[32];

	snprintf(id, sizeof(id), "prr-%lld", (long long)u->id);
	return json_pack(
	        "{s:s, s:s, s:o*, s:o, s:b, s:o, s:o*, s:[o]}", "resourceType",
	        "PractitionerRole", "id", id, "meta", fe_meta(u->created_at),
	        "identifier", fe_id_identifier(BR_NS_PRACT_ROLE, u->id),
	        "active", !u->disabled, "practitioner",
	        fe_reference("Practitioner", "prac", u->id), "organization",
	        u->clinic_id ? fe_reference("Organization", "org", u->clinic_id)
	                     : NULL,
	        "code",
	        fe_concept(br_fhir_cs_url(BR_CS_ROLE), u->role,
	                   br_fhir_display(BR_CS_ROLE, u->role), NULL));
}
