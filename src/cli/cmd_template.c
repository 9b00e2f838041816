/*
 * cmd_template.c - backrest template add|list|show|edit|remove: a
 * practitioner's point templates (named combinations of points with their
 * sides and a default retention, applied in the session form).
 */
#include <stdio.h>
#include <string.h>

#include "app/templates.h"
#include "cli/cli.h"
#include "model/templates.h"

/* "BL23, BL25 left, GV4": a point's side only when it is one side. */
static void
print_points(json_t *points)
{
	size_t i;
	json_t *p;

	json_array_foreach(points, i, p)
	{
		const char *side = br_cli_str(p, "side");

		printf("%s%s%s%s", i ? ", " : "", br_cli_str(p, "point"),
		       strcmp(side, "left") == 0 || strcmp(side, "right") == 0
		               ? " "
		               : "",
		       strcmp(side, "left") == 0 || strcmp(side, "right") == 0
		               ? side
		               : "");
	}
}

static void
print_template(json_t *t)
{
	json_t *min = json_object_get(t, "minutes");

	printf("template %lld  %s  (%s, %s)\n",
	       (long long)json_integer_value(json_object_get(t, "id")),
	       br_cli_str(t, "name"),
	       json_is_true(json_object_get(t, "shared")) ? "shared"
	                                                  : "not shared",
	       br_cli_str(t, "owner"));
	printf("  points: ");
	print_points(json_object_get(t, "points"));
	printf("\n");
	if (json_is_integer(min))
		printf("  retention: %lld min\n",
		       (long long)json_integer_value(min));
}

static void
print_list(json_t *list)
{
	size_t i;
	json_t *t;

	if (json_array_size(list) == 0)
		printf("no point templates\n");
	json_array_foreach(list, i, t)
	{
		printf("%-18lld %s%s: ",
		       (long long)json_integer_value(json_object_get(t, "id")),
		       br_cli_str(t, "name"),
		       json_is_true(json_object_get(t, "shared")) ? " (shared)"
		                                                  : "");
		print_points(json_object_get(t, "points"));
		printf("\n");
	}
}

static void
print_removed(json_t *r)
{
	printf("removed template %lld  %s\n",
	       (long long)json_integer_value(json_object_get(r, "removed")),
	       br_cli_str(r, "name"));
}

#define PRACTITIONER(help)                                                     \
	{                                                                      \
		"practitioner", "practitioner_id", BR_ARG_VALUE, "USER_ID",    \
		        help                                                   \
	}

static const struct br_cli_opt add_opts[] = {
        PRACTITIONER("the practitioner who owns it"),
        {"name", "name", BR_ARG_VALUE, "NAME", NULL},
        {"points", "points", BR_ARG_VALUE, "POINT[,...]",
         "acupuncture points, e.g. BL23,BL25:L,GV4,HT7"},
        {"minutes", "minutes", BR_ARG_VALUE, NULL, NULL},
        {"shared", "shared", BR_ARG_VALUE, NULL, NULL},
        {NULL, NULL, 0, NULL, NULL, NULL},
};
static const struct br_cli_opt edit_opts[] = {
        PRACTITIONER("act as this practitioner (only the owner may change "
                     "it)"),
        {"name", "name", BR_ARG_VALUE, "NAME", NULL},
        {"points", "points", BR_ARG_VALUE, "POINT[,...]", NULL},
        {"minutes", "minutes", BR_ARG_VALUE, NULL, NULL},
        {"shared", "shared", BR_ARG_VALUE, NULL, NULL},
        {NULL, NULL, 0, NULL, NULL, NULL},
};
static const struct br_cli_opt list_opts[] = {
        PRACTITIONER(NULL),
        {NULL, NULL, 0, NULL, NULL, NULL},
};
static const struct br_cli_opt show_opts[] = {
        PRACTITIONER("as this practitioner sees it (their own or shared "
                     "in their clinic)"),
        {NULL, NULL, 0, NULL, NULL, NULL},
};
static const struct br_cli_opt remove_opts[] = {
        PRACTITIONER("act as this practitioner (only the owner may remove "
                     "it)"),
        {NULL, NULL, 0, NULL, NULL, NULL},
};
static const char *const template_arg[] = {"template_id", NULL};

static const struct br_cli_sub subs[] = {
        {"add", add_opts, NULL, br_app_template_add, print_template,
         .summary = "save a combination of points under a name",
         .fields = &br_template_fields,
         .example = {"backrest template add --practitioner 3 --name \"low "
                     "back + sleep\" --points BL23,BL25,BL40,GV4,HT7 "
                     "--minutes 20 --shared yes"}},
        {"list", list_opts, NULL, br_app_template_list, print_list,
         .summary = "the point templates a practitioner may apply",
         .fields = &br_template_list_query,
         .example = {"backrest template list --practitioner 3"}},
        {"show", show_opts, template_arg, br_app_template_show, print_template,
         .summary = "one point template",
         .example = {"backrest template show 12"}},
        {"edit", edit_opts, template_arg, br_app_template_edit, print_template,
         .summary = "change a point template",
         .fields = &br_template_edit_fields,
         .example = {"backrest template edit 12 --practitioner 3 --points "
                     "BL23,BL25,BL40:L,GV4,HT7"}},
        {"remove", remove_opts, template_arg, br_app_template_remove,
         print_removed, .summary = "remove a point template",
         .example = {"backrest template remove 12 --practitioner 3"}},
        {NULL, NULL, NULL, NULL, NULL},
};

const struct br_cli_cmd br_cli_cmd_template = {
        "template", "Treatment",
        "point templates: named combinations of points for the session form",
        subs};
