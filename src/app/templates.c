/*
 * templates.c - use cases: point templates (see templates.h).
 */
#include "app/templates.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "model/templates.h"
#include "store/templates.h"
#include "store/users.h"

#define RECORD "point_template"

static json_t *
template_view(const struct br_point_template *t)
{
	json_t *points = json_array();

	for (int i = 0; i < t->n_points; i++)
		json_array_append_new(points,
		                      json_pack("{s:s, s:s}", "point",
		                                t->points[i].point, "side",
		                                t->points[i].side));
	return json_pack("{s:I, s:s, s:I, s:o, s:b, s:o, s:o, s:s, s:s}", "id",
	                 (json_int_t)t->id, "name", t->name, "practitioner_id",
	                 (json_int_t)t->practitioner_id, "owner",
	                 br_json_text_opt(t->owner_name), "shared", t->shared,
	                 "minutes", br_json_int_opt(t->minutes), "points",
	                 points, "created_at", t->created_at, "updated_at",
	                 t->updated_at);
}

/* The practitioner acting: in's practitioner_id (0 when not given and not
 * required) and their clinic.  Inside the open transaction. */
static int
acting(struct br_app *app, json_t *in, bool required, int64_t *id,
       int64_t *clinic, struct br_err *err)
{
	struct br_user u;
	int rc;

	*id = *clinic = 0;
	if (!br_in_has(in, "practitioner_id"))
		return required ? br_error(err, BR_EINVAL, "practitioner_id",
		                           "practitioner_id is required: a "
		                           "template belongs to a "
		                           "practitioner")
		                : 0;
	rc = br_in_id(in, "practitioner_id", id, err);
	if (rc == 0)
		rc = br_store_user_get(app->store, *id, &u, err);
	if (rc == BR_ENOTFOUND ||
	    (rc == 0 && (strcmp(u.role, "practitioner") != 0 || u.disabled)))
		return br_error(err, BR_ENOTFOUND, "practitioner_id",
		                "there is no practitioner %lld",
		                (long long)*id);
	if (rc == 0)
		*clinic = u.clinic_id;
	return rc;
}

/* The template named by in's template_id as the acting practitioner may
 * see it (one they may not see reads as missing); when change, one they
 * may change (the owner's). */
static int
load(struct br_app *app, json_t *in, int64_t who, int64_t clinic, bool change,
     struct br_point_template *t, struct br_err *err)
{
	int64_t id = 0;
	int rc = br_in_id(in, "template_id", &id, err);

	if (rc == 0)
		rc = br_store_template_get(app->store, id, t, err);
	if (rc == 0 && !br_template_visible(t, who, clinic))
		rc = br_error(err, BR_ENOTFOUND, "template_id",
		              "there is no point template %lld", (long long)id);
	if (rc == 0 && change && !br_template_owned(t, who))
		rc = br_error(err, BR_EPERM, "template_id",
		              "point template %lld is %s's: only the "
		              "practitioner who saved it may change or remove "
		              "it",
		              (long long)id,
		              t->owner_name[0] ? t->owner_name : "another");
	return rc;
}

/* A name the owner's other template (not except) has is a conflict. */
static int
name_free(struct br_app *app, const struct br_point_template *t,
          struct br_err *err)
{
	int64_t other = 0;
	int rc = br_store_template_named(app->store, t->practitioner_id,
	                                 t->name, &other, err);

	if (rc == 0 && other != 0 && other != t->id)
		rc = br_error(err, BR_ECONFLICT, "name",
		              "a template named '%s' of this practitioner "
		              "exists already (template %lld)",
		              t->name, (long long)other);
	return rc;
}

static int
add_point(void *ctx, const char *item, int pos, struct br_err *err)
{
	(void)pos;
	return br_rec_template_point(ctx, item, err);
}

/* The fields of t given in in (all of them for a new template): name,
 * points, minutes ("minutes": null clears it), shared. */
static int
read_fields(json_t *in, const struct br_fields *table,
            struct br_point_template *t, struct br_err *err)
{
	int rc = 0;

	if (br_in_has(in, "name"))
		rc = br_in_text_field(in, table, "name", t->name,
		                      sizeof(t->name), err);
	if (rc == 0 && br_in_has(in, "points")) {
		t->n_points = 0;
		rc = br_in_list(in, "points", add_point, t, err);
	}
	if (rc == 0 && br_in_has(in, "minutes"))
		rc = br_in_int_field(in, table, "minutes", &t->minutes, err);
	else if (rc == 0 && json_is_null(json_object_get(in, "minutes")))
		t->minutes = BR_UNSET;
	if (rc == 0 && br_in_has(in, "shared"))
		rc = br_in_bool(in, "shared", &t->shared, err);
	return rc == 0 ? br_rec_template_check(t, err) : rc;
}

int
br_app_template_add(struct br_app *app, json_t *in, json_t **out,
                    struct br_err *err)
{
	struct br_point_template t;
	int64_t who, clinic;
	int rc;

	br_point_template_init(&t);
	rc = br_fields_check(in, &br_template_fields, app->typed_input, err);
	if (rc == 0)
		rc = read_fields(in, &br_template_fields, &t, err);
	if (rc < 0)
		return rc;
	rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	rc = acting(app, in, true, &who, &clinic, err);
	if (rc == 0) {
		t.id = br_store_new_id();
		t.practitioner_id = who;
		br_store_now(t.created_at);
		memcpy(t.updated_at, t.created_at, sizeof(t.updated_at));
		rc = name_free(app, &t, err);
	}
	if (rc == 0)
		rc = br_store_template_insert(app->store, &t, err);
	/* Read back: the owner's name comes from the account. */
	if (rc == 0)
		rc = br_store_template_get(app->store, t.id, &t, err);
	if (rc == 0)
		rc = br_app_audit(app, "template.create", 0, RECORD, t.id, err);
	return br_app_finish(app, rc, rc < 0 ? NULL : template_view(&t), out,
	                     err);
}

int
br_app_template_list(struct br_app *app, json_t *in, json_t **out,
                     struct br_err *err)
{
	struct br_point_template *arr = NULL;
	int64_t who, clinic;
	json_t *list = NULL;
	size_t n = 0;
	int rc = br_fields_check(in, &br_template_list_query, app->typed_input,
	                         err);

	if (rc < 0)
		return rc;
	rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	rc = acting(app, in, false, &who, &clinic, err);
	if (rc == 0)
		rc = br_store_template_list(app->store, who, clinic, &arr, &n,
		                            err);
	if (rc == 0)
		rc = br_app_audit(app, "template.list", 0, NULL, 0, err);
	if (rc == 0) {
		list = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(list, template_view(&arr[i]));
	}
	free(arr);
	return br_app_finish(app, rc, list, out, err);
}

int
br_app_template_show(struct br_app *app, json_t *in, json_t **out,
                     struct br_err *err)
{
	static const char *const keys[] = {"template_id", "practitioner_id",
	                                   NULL};
	struct br_point_template t;
	int64_t who, clinic;
	int rc = br_in_only(in, keys, err);

	if (rc < 0)
		return rc;
	rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	rc = acting(app, in, false, &who, &clinic, err);
	if (rc == 0)
		rc = load(app, in, who, clinic, false, &t, err);
	if (rc == 0)
		rc = br_app_audit(app, "template.read", 0, RECORD, t.id, err);
	return br_app_finish(app, rc, rc < 0 ? NULL : template_view(&t), out,
	                     err);
}

int
br_app_template_edit(struct br_app *app, json_t *in, json_t **out,
                     struct br_err *err)
{
	struct br_point_template t, want;
	int64_t who, clinic;
	int rc = br_fields_check(in, &br_template_edit_fields, app->typed_input,
	                         err);

	/* The input alone first: bad input never starts a write. */
	br_point_template_init(&want);
	snprintf(want.name, sizeof(want.name), "-");
	want.n_points = 1;
	if (rc == 0)
		rc = read_fields(in, &br_template_edit_fields, &want, err);
	if (rc < 0)
		return rc;
	rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	rc = acting(app, in, false, &who, &clinic, err);
	if (rc == 0)
		rc = load(app, in, who, clinic, true, &t, err);
	if (rc == 0)
		rc = read_fields(in, &br_template_edit_fields, &t, err);
	if (rc == 0) {
		br_store_now(t.updated_at);
		rc = name_free(app, &t, err);
	}
	if (rc == 0)
		rc = br_store_template_update(app->store, &t, err);
	if (rc == 0)
		rc = br_app_audit(app, "template.update", 0, RECORD, t.id, err);
	return br_app_finish(app, rc, rc < 0 ? NULL : template_view(&t), out,
	                     err);
}

int
br_app_template_remove(struct br_app *app, json_t *in, json_t **out,
                       struct br_err *err)
{
	static const char *const keys[] = {"template_id", "practitioner_id",
	                                   NULL};
	struct br_point_template t;
	int64_t who, clinic;
	int rc = br_in_only(in, keys, err);

	if (rc < 0)
		return rc;
	rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	rc = acting(app, in, false, &who, &clinic, err);
	if (rc == 0)
		rc = load(app, in, who, clinic, true, &t, err);
	if (rc == 0)
		rc = br_store_template_delete(app->store, t.id, err);
	if (rc == 0)
		rc = br_app_audit(app, "template.remove", 0, RECORD, t.id, err);
	return br_app_finish(app, rc,
	                     rc < 0 ? NULL
	                            : json_pack("{s:I, s:s}", "removed",
	                                        (json_int_t)t.id, "name",
	                                        t.name),
	                     out, err);
}
