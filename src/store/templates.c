/*
 * templates.c - point templates and their points (see templates.h).
 */
#include "store/templates.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_internal.h"

#define TEMPLATE_COLS                                                          \
	"t.template_id, t.practitioner_id, t.name, t.shared, t.minutes, "      \
	"t.created_at, t.updated_at, u.name, u.clinic_id"
#define TEMPLATE_FROM                                                          \
	" FROM point_templates t JOIN users u ON u.user_id = "                 \
	"t.practitioner_id"
/* $1 the practitioner (0: every template), $2 their clinic. */
#define TEMPLATE_SCOPE                                                         \
	" WHERE ($1 = 0 OR t.practitioner_id = $1 OR (t.shared = 1 AND "       \
	"u.clinic_id = $2))"

static int
insert_points(struct br_store *s, const struct br_point_template *t,
              struct br_err *err)
{
	static const char q[] = "INSERT INTO point_template_points "
	                        "(template_id, seq, point, side) "
	                        "VALUES ($1, $2, $3, $4)";
	int rc = 0;

	for (int i = 0; rc == 0 && i < t->n_points; i++) {
		struct br_db_stmt *st;

		rc = br_db_prepare(s, q, &st, err);
		if (rc < 0)
			return rc;
		br_db_bind_i64(st, 1, t->id);
		br_db_bind_i64(st, 2, i + 1);
		br_db_bind_text(st, 3, t->points[i].point);
		br_db_bind_text(st, 4, t->points[i].side);
		rc = br_db_run(st, err);
	}
	return rc;
}

static int
delete_points(struct br_store *s, int64_t id, struct br_err *err)
{
	static const char q[] =
	        "DELETE FROM point_template_points WHERE template_id = $1";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, id);
	return br_db_run(st, err);
}

int
br_store_template_insert(struct br_store *s, const struct br_point_template *t,
                         struct br_err *err)
{
	static const char q[] =
	        "INSERT INTO point_templates (template_id, practitioner_id, "
	        "name, shared, minutes, created_at, updated_at) VALUES ($1, "
	        "$2, $3, $4, $5, $6, $7)";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, t->id);
	br_db_bind_i64(st, 2, t->practitioner_id);
	br_db_bind_text(st, 3, t->name);
	br_db_bind_i64(st, 4, t->shared ? 1 : 0);
	br_db_bind_int_opt(st, 5, t->minutes);
	br_db_bind_text(st, 6, t->created_at);
	br_db_bind_text(st, 7, t->updated_at);
	rc = br_db_run(st, err);
	return rc < 0 ? rc : insert_points(s, t, err);
}

int
br_store_template_update(struct br_store *s, const struct br_point_template *t,
                         struct br_err *err)
{
	static const char q[] =
	        "UPDATE point_templates SET name = $2, shared = $3, minutes = "
	        "$4, updated_at = $5 WHERE template_id = $1";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, t->id);
	br_db_bind_text(st, 2, t->name);
	br_db_bind_i64(st, 3, t->shared ? 1 : 0);
	br_db_bind_int_opt(st, 4, t->minutes);
	br_db_bind_text(st, 5, t->updated_at);
	rc = br_db_run(st, err);
	if (rc == 0)
		rc = delete_points(s, t->id, err);
	return rc < 0 ? rc : insert_points(s, t, err);
}

int
br_store_template_delete(struct br_store *s, int64_t id, struct br_err *err)
{
	static const char q[] =
	        "DELETE FROM point_templates WHERE template_id = $1";
	struct br_db_stmt *st;
	int rc = delete_points(s, id, err);

	if (rc == 0)
		rc = br_db_prepare(s, q, &st, err);
	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, id);
	return br_db_run(st, err);
}

static void
read_template(struct br_db_stmt *st, void *elem)
{
	struct br_point_template *t = elem;

	br_point_template_init(t);
	t->id = br_db_col_i64(st, 0);
	t->practitioner_id = br_db_col_i64(st, 1);
	br_db_col_copy(st, 2, t->name, sizeof(t->name));
	t->shared = br_db_col_i64(st, 3) != 0;
	t->minutes = br_db_col_int_opt(st, 4);
	br_db_col_copy(st, 5, t->created_at, sizeof(t->created_at));
	br_db_col_copy(st, 6, t->updated_at, sizeof(t->updated_at));
	br_db_col_copy(st, 7, t->owner_name, sizeof(t->owner_name));
	t->owner_clinic_id = br_db_col_i64(st, 8);
}

/* The points of the templates in arr (n of them), read by q with its
 * nparams parameters from params: rows of template_id, point, side in
 * seq order. */
static int
read_points(struct br_store *s, const char *q, const int64_t *params,
            int nparams, struct br_point_template *arr, size_t n,
            struct br_err *err)
{
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	for (int i = 0; i < nparams; i++)
		br_db_bind_i64(st, i + 1, params[i]);
	while ((rc = br_db_step(st, err)) == 1) {
		int64_t id = br_db_col_i64(st, 0);

		for (size_t i = 0; i < n; i++) {
			struct br_point_template *t = &arr[i];

			if (t->id != id || t->n_points == BR_MAX_POINTS)
				continue;
			br_db_col_copy(st, 1, t->points[t->n_points].point,
			               sizeof(t->points[0].point));
			br_db_col_copy(st, 2, t->points[t->n_points].side,
			               sizeof(t->points[0].side));
			t->n_points++;
			break;
		}
	}
	br_db_done(st);
	return rc < 0 ? rc : 0;
}

int
br_store_template_get(struct br_store *s, int64_t id,
                      struct br_point_template *out, struct br_err *err)
{
	static const char q[] = "SELECT " TEMPLATE_COLS TEMPLATE_FROM
	                        " WHERE t.template_id = $1";
	static const char q_points[] =
	        "SELECT template_id, point, side FROM point_template_points "
	        "WHERE template_id = $1 ORDER BY seq";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, id);
	rc = br_db_step(st, err);
	if (rc == 1)
		read_template(st, out);
	br_db_done(st);
	if (rc == 0)
		return br_error(err, BR_ENOTFOUND, "template_id",
		                "there is no point template %lld",
		                (long long)id);
	if (rc < 0)
		return rc;
	return read_points(s, q_points, &id, 1, out, 1, err);
}

int
br_store_template_named(struct br_store *s, int64_t practitioner_id,
                        const char *name, int64_t *id, struct br_err *err)
{
	static const char q[] = "SELECT template_id FROM point_templates "
	                        "WHERE practitioner_id = $1 AND name = $2";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	*id = 0;
	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, practitioner_id);
	br_db_bind_text(st, 2, name);
	rc = br_db_step(st, err);
	if (rc == 1)
		*id = br_db_col_i64(st, 0);
	br_db_done(st);
	return rc < 0 ? rc : 0;
}

int
br_store_template_list(struct br_store *s, int64_t practitioner_id,
                       int64_t clinic_id, struct br_point_template **out,
                       size_t *n, struct br_err *err)
{
	static const char q[] =
	        "SELECT " TEMPLATE_COLS TEMPLATE_FROM TEMPLATE_SCOPE
	        " ORDER BY t.name, t.template_id";
	static const char q_points[] =
	        "SELECT p.template_id, p.point, p.side FROM "
	        "point_template_points p JOIN point_templates t ON "
	        "t.template_id = p.template_id JOIN users u ON u.user_id = "
	        "t.practitioner_id" TEMPLATE_SCOPE
	        " ORDER BY p.template_id, p.seq";
	struct br_point_template *arr = NULL;
	struct br_db_stmt *st;
	size_t len = 0;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, practitioner_id);
	br_db_bind_i64(st, 2, clinic_id);
	rc = br_db_collect(st, sizeof(*arr), read_template, (void **)&arr, &len,
	                   err);
	if (rc == 0 && len > 0) {
		const int64_t params[] = {practitioner_id, clinic_id};

		rc = read_points(s, q_points, params, 2, arr, len, err);
	}
	if (rc < 0) {
		free(arr);
		return rc;
	}
	*out = arr;
	*n = len;
	return 0;
}
