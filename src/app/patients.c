/*
 * patients.c - use cases: set up the store, add, list and show patients.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "model/checks.h"
#include "model/requests.h"
#include "store/patient_query.h"
#include "store/users.h"

int
br_app_init(struct br_app *app, json_t *in, json_t **out, struct br_err *err)
{
	static const char *const keys[] = {"clinic", NULL};
	struct br_clinic c;
	const char *name;
	int rc = br_in_only(in, keys, err);

	if (rc == 0)
		rc = br_in_text(in, "clinic", 120, false, &name, err);
	if (rc < 0)
		return rc;
	rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	rc = br_store_clinic_default(app->store, name ? name : "My practice",
	                             &c, err);
	return br_app_finish(
	        app, rc,
	        rc < 0 ? NULL
	               : json_pack("{s:i, s:{s:I, s:s}}", "schema_version",
	                           br_store_schema_version(app->store),
	                           "clinic", "id", (json_int_t)c.id, "name",
	                           c.name),
	        out, err);
}

/* The rules of br_app_patient_apply, which a correction runs too. */
static int
patient_rules(struct br_app *app, struct br_patient *p, struct br_err *err)
{
	struct br_clinic c;
	int32_t born;
	int sex, rc = br_parse_enum("sex", p->sex, br_rec_sexes, &sex, err);

	if (rc == 0 && p->born[0]) {
		rc = br_parse_date("born", p->born, &born, err);
		if (rc == 0 && born > app->today)
			rc = br_error(err, BR_EINVAL, "born",
			              "born must not be after today");
		if (rc == 0 && born < br_days_from_civil(1900, 1, 1))
			rc = br_error(err, BR_EINVAL, "born",
			              "born must be 1900-01-01 or later");
	}
	if (rc == 0 && p->clinic_id) {
		rc = br_store_clinic_exists(app->store, p->clinic_id, err);
	} else if (rc == 0) {
		rc = br_store_clinic_default(app->store, "My practice", &c,
		                             err);
		p->clinic_id = c.id;
	}
	return rc;
}

int
br_app_patient_apply(struct br_app *app, struct br_patient *p,
                     struct br_err *err)
{
	int rc = patient_rules(app, p, err);

	if (rc < 0)
		return rc;
	if (p->id == 0)
		p->id = br_store_new_id();
	if (!p->created_at[0])
		br_store_now(p->created_at);
	return br_store_patient_insert(app->store, p, err);
}

int
br_app_patient_correct(struct br_app *app, struct br_patient *p,
                       struct br_err *err)
{
	int rc = patient_rules(app, p, err);

	return rc < 0 ? rc : br_store_patient_update(app->store, p, err);
}

int
br_app_patient_add(struct br_app *app, json_t *in, json_t **out,
                   struct br_err *err)
{
	struct br_patient p;
	const char *name, *ref;
	int32_t born;
	int sex, rc;

	memset(&p, 0, sizeof(p));
	rc = br_fields_check(in, &br_patient_fields, app->typed_input, err);
	if (rc == 0)
		rc = br_in_text(in, "name", BR_NAME_MAX - 1, true, &name, err);
	if (rc == 0)
		rc = br_in_date(in, "born", false, &born, err);
	if (rc == 0)
		rc = br_in_enum(in, "sex", br_rec_sexes, false, &sex, err);
	if (rc == 0)
		rc = br_in_text(in, "ref", BR_REF_MAX - 1, false, &ref, err);
	if (rc == 0 && br_in_has(in, "clinic_id"))
		rc = br_in_id(in, "clinic_id", &p.clinic_id, err);
	if (rc < 0)
		return rc;
	if (born != INT32_MIN)
		br_format_date(born, p.born);
	snprintf(p.name, sizeof(p.name), "%s", name);
	snprintf(p.sex, sizeof(p.sex), "%s",
	         sex >= 0 ? br_rec_sexes[sex] : "unknown");
	snprintf(p.ref, sizeof(p.ref), "%s", ref ? ref : "");

	rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	rc = br_app_patient_apply(app, &p, err);
	if (rc == 0)
		rc = br_app_audit(app, "patient.create", p.id, "patient", p.id,
		                  err);
	return br_app_finish(app, rc, rc < 0 ? NULL : br_view_patient(&p), out,
	                     err);
}

/* The scope a list or count reads: clinic_id and practitioner_id when
 * given, 0 when not; read only (the caller checks the clinic exists
 * inside its transaction). */
int
br_app_scope(struct br_app *app, json_t *in, struct br_patient_scope *sc,
             struct br_err *err)
{
	int rc = 0;

	memset(sc, 0, sizeof(*sc));
	if (br_in_has(in, "clinic_id"))
		rc = br_in_id(in, "clinic_id", &sc->clinic_id, err);
	if (rc == 0 && br_in_has(in, "practitioner_id"))
		rc = br_in_id(in, "practitioner_id", &sc->practitioner_id, err);
	(void)app;
	return rc;
}

int
br_app_patient_list(struct br_app *app, json_t *in, json_t **out,
                    struct br_err *err)
{
	struct br_patient_scope sc;
	struct br_patient *arr = NULL;
	json_t *list = NULL, *view = NULL;
	const char *q = NULL;
	int64_t after = 0;
	size_t n = 0;
	int limit = 50;
	int rc = br_fields_check(in, &br_req_patient_query, app->typed_input,
	                         err);

	if (rc == 0)
		rc = br_app_scope(app, in, &sc, err);
	if (rc == 0)
		rc = br_in_text(in, "q", 120, false, &q, err);
	if (rc == 0 && br_in_has(in, "after"))
		rc = br_in_id(in, "after", &after, err);
	if (rc == 0 && br_in_has(in, "limit"))
		rc = br_in_int_field(in, &br_req_patient_query, "limit", &limit,
		                     err);
	if (rc < 0)
		return rc;
	rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	if (sc.clinic_id)
		rc = br_store_clinic_exists(app->store, sc.clinic_id, err);
	/* One more than the page: whether there is a next one. */
	if (rc == 0)
		rc = br_store_patient_page(app->store, &sc, q, after, limit + 1,
		                           &arr, &n, err);
	if (rc == 0)
		rc = br_app_audit(app, "patient.list", 0, NULL, 0, err);
	if (rc == 0) {
		list = json_array();
		for (size_t i = 0; i < n && i < (size_t)limit; i++)
			json_array_append_new(list, br_view_patient(&arr[i]));
		view = json_pack("{s:o, s:o}", "patients", list, "next",
		                 n > (size_t)limit
		                         ? json_integer(arr[limit - 1].id)
		                         : json_null());
	}
	free(arr);
	return br_app_finish(app, rc, view, out, err);
}

int
br_app_patient_show(struct br_app *app, json_t *in, json_t **out,
                    struct br_err *err)
{
	static const char *const keys[] = {"patient_id", NULL};
	struct br_episode *eps = NULL;
	struct br_patient p;
	json_t *view = NULL, *list;
	size_t n = 0;
	int rc = br_in_only(in, keys, err);

	if (rc < 0)
		return rc;
	rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	rc = br_app_load_patient(app, in, &p, err);
	if (rc == 0)
		rc = br_store_episode_list(app->store, p.id, &eps, &n, err);
	if (rc == 0)
		rc = br_app_audit(app, "patient.read", p.id, "patient", p.id,
		                  err);
	if (rc == 0) {
		view = br_view_patient(&p);
		list = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(list,
			                      br_view_episode(app, &eps[i]));
		json_object_set_new(view, "episodes", list);
	}
	free(eps);
	return br_app_finish(app, rc, view, out, err);
}
