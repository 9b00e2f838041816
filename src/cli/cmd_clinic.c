/*
 * cmd_clinic.c - backrest clinic add|list: the clinics of a network that
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

int
cmd_clinic(struct br_cli *cli, int argc, char **argv)
{
	static const struct br_cli_opt add_opts[] = {
	        {"name", "name", BR_ARG_VALUE},
	        {NULL, NULL, 0},
	};
	static const struct br_cli_sub subs[] = {
	        {"add", add_opts, NULL, br_app_clinic_add, print_clinic},
	        {"list", NULL, NULL, br_app_clinic_list, print_list},
	        {NULL, NULL, NULL, NULL, NULL},
	};

	return br_cli_dispatch(cli, argc, argv, subs);
}
