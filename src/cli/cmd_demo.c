/*
 * cmd_demo.c - backrest demo: synthetic patients for trying backrest and
 * for benchmarks.
 */
#include <stdio.h>

#include "cli/cli.h"

static void
print_demo(json_t *r)
{
	printf("wrote %lld demo patients: %lld diary days and %lld sessions "
	       "over %lld days (seed %lld) in %.1f s\n",
	       (long long)json_integer_value(json_object_get(r, "patients")),
	       (long long)json_integer_value(json_object_get(r, "diary_days")),
	       (long long)json_integer_value(json_object_get(r, "sessions")),
	       (long long)json_integer_value(json_object_get(r, "days")),
	       (long long)json_integer_value(json_object_get(r, "seed")),
	       json_real_value(json_object_get(r, "seconds")));
}

int
cmd_demo(struct br_cli *cli, int argc, char **argv)
{
	static const struct br_cli_opt opts[] = {
	        {"patients", "patients", BR_ARG_VALUE},
	        {"days", "days", BR_ARG_VALUE},
	        {"seed", "seed", BR_ARG_VALUE},
	        {NULL, NULL, 0},
	};

	return br_cli_simple(cli, argc, argv, opts, NULL, br_app_demo,
	                     print_demo);
}
