/*
 * cmd_init.c - backrest init: create (or migrate) the database and the
 * practice's clinic record.
 */
#include <stdio.h>

#include "cli/cli.h"

static void
print_init(json_t *r)
{
	printf("backrest database ready (schema version %lld), clinic '%s'\n",
	       (long long)json_integer_value(
	               json_object_get(r, "schema_version")),
	       br_cli_str(json_object_get(r, "clinic"), "name"));
}

int
cmd_init(struct br_cli *cli, int argc, char **argv)
{
	static const struct br_cli_opt opts[] = {
	        {"clinic", "clinic", BR_ARG_VALUE},
	        {NULL, NULL, 0},
	};

	return br_cli_simple(cli, argc, argv, opts, NULL, br_app_init,
	                     print_init);
}
