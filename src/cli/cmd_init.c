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

static const struct br_cli_opt opts[] = {
        {"clinic", "clinic", BR_ARG_VALUE, "NAME",
         "the name of the first clinic (default: \"Clinic\")"},
        {NULL, NULL, 0, NULL, NULL, NULL},
};

static const struct br_cli_sub subs[] = {
        {"", opts, NULL, br_app_init, print_init,
         .summary = "create the database (or bring its schema up to date)",
         .example = {"backrest --db clinic.db init --clinic \"Riverside "
                     "Practice\""}},
        {NULL, NULL, NULL, NULL, NULL},
};

const struct br_cli_cmd br_cli_cmd_init = {
        "init", "Setting up", "create or upgrade the database", subs};
