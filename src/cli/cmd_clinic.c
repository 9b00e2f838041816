/*
 * cmd_clinic.c - backrest clinic add|rename|list: the clinics of a network that
 * shares one database (patients and accounts name theirs with --clinic).
 */
#include <stdio.h>

#include "cli/cli.h"

static void
print_clinic(json_t *c)
{
	printf("clinic %lld  %s\n",
	       (long long)json_integer_value(json_object_get(c, "id")),
	       br_cli_str(c, "name"));
}

static void
print_list(json_t *list)
{
	size_t i;
	json_t *c;

	json_array_foreach(list, i, c)
	{
		printf("%-18lld %s\n",
		       (long long)json_integer_value(json_object_get(c, "id")),
		       br_cli_str(c, "name"));
	}
}

static const struct br_cli_opt add_opts[] = {
        {"name", "name", BR_ARG_VALUE, "NAME", "the clinic's name"},
        {NULL, NULL, 0, NULL, NULL, NULL},
};

static const char *const clinic_arg[] = {"clinic_id", NULL};

static const struct br_cli_sub subs[] = {
        {"add", add_opts, NULL, br_app_clinic_add, print_clinic,
         .summary = "add a clinic to the network sharing this database",
         .example = {"backrest clinic add --name \"North Clinic\""}},
        {"rename", add_opts, clinic_arg, br_app_clinic_rename, print_clinic,
         .summary = "give a clinic a new name",
         .example = {"backrest clinic rename 2 --name \"Riverside Clinic\""}},
        {"list", NULL, NULL, br_app_clinic_list, print_list,
         .summary = "list the clinics", .example = {"backrest clinic list"}},
        {NULL, NULL, NULL, NULL, NULL},
};

const struct br_cli_cmd br_cli_cmd_clinic = {
        "clinic", "Setting up",
        "the clinics of a network that shares one database", subs};
