/*
 * cmd_demo.c - backrest demo: synthetic patients for trying backrest and
 * for benchmarks.
 */
#include <stdio.h>

#include "cli/cli.h"

static void
print_demo(json_t *r)
{
	printf("wrote %lld demo patients in %lld clinic%s: %lld diary days "
	       "and %lld sessions over %lld days (seed %lld) in %.1f s\n",
	       (long long)json_integer_value(json_object_get(r, "patients")),
	       (long long)json_integer_value(json_object_get(r, "clinics")),
	       json_integer_value(json_object_get(r, "clinics")) == 1 ? ""
	                                                              : "s",
	       (long long)json_integer_value(json_object_get(r, "diary_days")),
	       (long long)json_integer_value(json_object_get(r, "sessions")),
	       (long long)json_integer_value(json_object_get(r, "days")),
	       (long long)json_integer_value(json_object_get(r, "seed")),
	       json_real_value(json_object_get(r, "seconds")));
}

static const struct br_cli_opt opts[] = {
        {"patients", "patients", BR_ARG_VALUE, "N",
         "how many synthetic patients"},
        {"days", "days", BR_ARG_VALUE, "7-3660", "days of history"},
        {"seed", "seed", BR_ARG_VALUE, "N",
         "random seed (the same seed writes the same data)"},
        {"clinics", "clinics", BR_ARG_VALUE, "1-1000",
         "clinics to spread the patients over (default 1)"},
        {NULL, NULL, 0, NULL, NULL, NULL},
};

static const struct br_cli_sub subs[] = {
        {"", opts, NULL, br_app_demo, print_demo,
         .summary = "write synthetic patients, diaries and sessions",
         .example = {"backrest --db demo.db demo --patients 20 --days 120 "
                     "--seed 7",
                     "backrest --db network.db demo --patients 100000 "
                     "--clinics 50 --days 365"}},
        {NULL, NULL, NULL, NULL, NULL},
};

const struct br_cli_cmd br_cli_cmd_demo = {
        "demo", "Setting up",
        "synthetic patients for trying backrest and for benchmarks", subs};
