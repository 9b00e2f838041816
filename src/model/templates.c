/*
 * templates.c - the point template's field tables and check (see
 * templates.h).
 */
#include "model/templates.h"

#include <stdio.h>
#include <string.h>

#include "model/checks.h"

#define REQ BR_FF_REQUIRED

/* The owner: required by the use case (the command line names it with
 * --practitioner; the API binds it to the caller, so the table cannot
 * require it). */
#define OWNER                                                                  \
	{                                                                      \
		.key = "practitioner_id", .type = BR_FT_ID,                    \
		.doc = "the practitioner who owns the template"                \
	}

static const struct br_field template_fields[] = {
        OWNER,
        {.key = "name",
         .type = BR_FT_TEXT,
         .min = 1,
         .max = BR_TEMPLATE_NAME_MAX - 1,
         .flags = REQ,
         .doc = "the template's name, e.g. low back + sleep (one name once "
                "per practitioner)"},
        {.key = "points",
         .type = BR_FT_LIST,
         .max = BR_MAX_POINTS,
         .flags = REQ,
         .doc = "points as BL23, BL23:L, DU4 or ashi"},
        {.key = "minutes",
         .type = BR_FT_INT,
         .min = 1,
         .max = 240,
         .doc = "default needle retention"},
        {.key = "shared",
         .type = BR_FT_BOOL,
         .doc = "shared with the practitioners of the owner's clinic "
                "(default: no)"},
        {0},
};
const struct br_fields br_template_fields = {
        "PointTemplateInput", "a named combination of points", template_fields};

static const struct br_field template_edit_fields[] = {
        {.key = "template_id", .type = BR_FT_ID, .flags = REQ},
        OWNER,
        {.key = "name",
         .type = BR_FT_TEXT,
         .min = 1,
         .max = BR_TEMPLATE_NAME_MAX - 1,
         .doc = "a new name"},
        {.key = "points",
         .type = BR_FT_LIST,
         .max = BR_MAX_POINTS,
         .doc = "the points instead of the template's, as BL23, BL23:L, "
                "DU4 or ashi"},
        {.key = "minutes",
         .type = BR_FT_INT,
         .min = 1,
         .max = 240,
         .doc = "default needle retention"},
        {.key = "shared",
         .type = BR_FT_BOOL,
         .doc = "shared with the practitioners of the owner's clinic"},
        {0},
};
const struct br_fields br_template_edit_fields = {
        "PointTemplateEdit", "changes to a point template (its owner only)",
        template_edit_fields};

static const struct br_field template_list_query[] = {
        {.key = "practitioner_id",
         .type = BR_FT_ID,
         .doc = "the templates this practitioner may apply: their own and "
                "those shared in their clinic (default: every template)"},
        {0},
};
const struct br_fields br_template_list_query = {
        "PointTemplateQuery", "whose templates", template_list_query};

void
br_point_template_init(struct br_point_template *t)
{
	memset(t, 0, sizeof(*t));
	t->minutes = BR_UNSET;
}

int
br_rec_template_point(struct br_point_template *t, const char *text,
                      struct br_err *err)
{
	return br_rec_point_add(t->points, &t->n_points, BR_MAX_POINTS,
	                        "template", text, "", err);
}

int
br_rec_template_check(const struct br_point_template *t, struct br_err *err)
{
	size_t n = strlen(t->name);

	if (n == 0 || strspn(t->name, " \t\n") == n)
		return br_error(err, BR_EINVAL, "name",
		                "name must not be empty");
	if (n > BR_TEMPLATE_NAME_MAX - 1)
		return br_error(err, BR_EINVAL, "name",
		                "name must be at most %d bytes",
		                BR_TEMPLATE_NAME_MAX - 1);
	if (t->n_points == 0)
		return br_error(err, BR_EINVAL, "points",
		                "a template needs at least one point");
	return br_fields_range(&br_template_fields, "minutes", t->minutes, err);
}

bool
br_template_visible(const struct br_point_template *t, int64_t practitioner,
                    int64_t clinic)
{
	return practitioner == 0 || t->practitioner_id == practitioner ||
	       (t->shared && clinic != 0 && t->owner_clinic_id == clinic);
}

bool
br_template_owned(const struct br_point_template *t, int64_t practitioner)
{
	return practitioner == 0 || t->practitioner_id == practitioner;
}
