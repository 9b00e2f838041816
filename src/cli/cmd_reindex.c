/*
 * cmd_reindex.c - backrest reindex [--check]: rebuild (or compare) the
 * series cache from the diary table (app/cohort.h).
 */
#include <stdio.h>

#include "app/cohort.h"
#include "cli/cli.h"

static void
print_reindex(json_t *o)
{
	if (json_is_true(json_object_get(o, "rebuilt")))
		printf("series cache rebuilt: %lld patients, %lld diary rows "
		       "in %.1f s\n",
		       (long long)json_integer_value(
		               json_object_get(o, "patients")),
		       (long long)json_integer_value(
		               json_object_get(o, "diary_rows")),
		       json_number_value(json_object_get(o, "seconds")));
	if (json_is_true(json_object_get(o, "rebuilt")) &&
	    json_is_string(json_object_get(o, "image")))
		printf("packed series image: %s\n",
		       json_string_value(json_object_get(o, "image")));
	else if (!json_is_true(json_object_get(o, "rebuilt")))
		printf("series cache checked: %lld patients, %lld differ from "
		       "the diary, %lld without diary\n",
		       (long long)json_integer_value(
		               json_object_get(o, "patients")),
		       (long long)json_integer_value(
		               json_object_get(o, "different")),
		       (long long)json_integer_value(
		               json_object_get(o, "orphans")));
}

static const struct br_cli_opt opts[] = {
        {"check", "check", BR_ARG_FLAG, NULL,
         "only report whether the index is stale"},
        {NULL, NULL, 0, NULL, NULL, NULL},
};

static const struct br_cli_sub subs[] = {
        {"", opts, NULL, br_app_reindex, print_reindex,
         .summary = "rebuild the series index the practice figures read",
         .example = {"backrest reindex", "backrest reindex --check"}},
        {NULL, NULL, NULL, NULL, NULL},
};

const struct br_cli_cmd br_cli_cmd_reindex = {
        "reindex", "Practice", "rebuild or check the practice series index",
        subs};
