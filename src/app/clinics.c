/*
 * clinics.c - use cases: add and list clinics (a clinic network keeps
 * several in one database; patients and practitioners belong to one).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "store/interop.h"
#include "store/users.h"

static json_t *
clinic_view(const struct br_clinic_row *c)
{
	return json_pack("{s:I, s:s, s:s}", "id", (json_int_t)c->id, "name",
	                 c->name, "created_at", c->created_at);
}

/* Two clinics of one name would be told apart only by their ids: a
 * conflict when a clinic other than except_id has name.  Inside the open
 * transaction. */
static int
name_taken(struct br_app *app, int64_t except_id, const char *name,
           struct br_err *err)
{
	struct br_clinic_row *all = NULL;
	size_t n = 0;
	int rc = br_store_clinic_list(app->store, &all, &n, err);

	for (size_t i = 0; rc == 0 && i < n; i++)
		if (all[i].id != except_id && strcmp(all[i].name, name) == 0)
			rc = br_error(err, BR_ECONFLICT, "name",
			              "a clinic named '%s' exists already "
			              "(clinic %lld)",
			              name, (long long)all[i].id);
	free(all);
	return rc;
}

int
br_app_clinic_add(struct br_app *app, json_t *in, json_t **out,
                  struct br_err *err)
{
	static const char *const keys[] = {"name", NULL};
	struct br_clinic_row c;
	const char *name;
	int rc = br_in_only(in, keys, err);

	if (rc == 0)
		rc = br_in_text(in, "name", BR_NAME_MAX - 1, true, &name, err);
	if (rc < 0)
		return rc;
	memset(&c, 0, sizeof(c));
	c.id = br_store_new_id();
	snprintf(c.name, sizeof(c.name), "%s", name);
	br_store_now(c.created_at);

	rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	rc = name_taken(app, 0, c.name, err);
	if (rc == 0)
		rc = br_store_clinic_insert(app->store, &c, err);
	if (rc == 0)
		rc = br_app_audit(app, "clinic.create", 0, "clinic", c.id, err);
	return br_app_finish(app, rc, rc < 0 ? NULL : clinic_view(&c), out,
	                     err);
}

int
br_app_clinic_list(struct br_app *app, json_t *in, json_t **out,
                   struct br_err *err)
{
	static const char *const keys[] = {NULL};
	struct br_clinic_row *all = NULL;
	json_t *list = NULL;
	size_t n = 0;
	int rc = br_in_only(in, keys, err);

	if (rc < 0)
		return rc;
	rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	rc = br_store_clinic_list(app->store, &all, &n, err);
	if (rc == 0)
		rc = br_app_audit(app, "clinic.list", 0, NULL, 0, err);
	if (rc == 0) {
		list = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(list, clinic_view(&all[i]));
	}
	free(all);
	return br_app_finish(app, rc, list, out, err);
}

int
br_app_clinic_rename(struct br_app *app, json_t *in, json_t **out,
                     struct br_err *err)
{
	static const char *const keys[] = {"clinic_id", "name", NULL};
	struct br_clinic_row c;
	const char *name;
	int64_t id = 0;
	int rc = br_in_only(in, keys, err);

	if (rc == 0)
		rc = br_in_id(in, "clinic_id", &id, err);
	if (rc == 0)
		rc = br_in_text(in, "name", BR_NAME_MAX - 1, true, &name, err);
	if (rc < 0)
		return rc;
	rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	rc = br_store_clinic_get(app->store, id, &c, err);
	if (rc == 0)
		rc = name_taken(app, id, name, err);
	if (rc == 0) {
		snprintf(c.name, sizeof(c.name), "%s", name);
		rc = br_store_clinic_rename(app->store, id, c.name, err);
	}
	if (rc == 0)
		rc = br_app_audit(app, "clinic.rename", 0, "clinic", c.id, err);
	return br_app_finish(app, rc, rc < 0 ? NULL : clinic_view(&c), out,
	                     err);
}
