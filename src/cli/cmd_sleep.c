/*
 * cmd_sleep.c - backrest sleep list: the nights a sleep tracker or phone
 * recorded, kept beside the diary (imported with backrest import sleep).
 */
#include <stdio.h>

#include "app/sleep_device.h"
#include "cli/cli.h"

static void
print_nights(json_t *list)
{
	size_t i;
	json_t *d;

	if (json_array_size(list) == 0)
		printf("no device nights in this range\n");
	json_array_foreach(list, i, d)
	{
		json_t *sol = json_object_get(d, "sol_min");

		printf("%s  %s%s%s  in bed %lld min  asleep %lld min  SOL ",
		       br_cli_str(d, "night"), br_cli_str(d, "source"),
		       json_is_string(json_object_get(d, "device")) ? " " : "",
		       json_is_string(json_object_get(d, "device"))
		               ? br_cli_str(d, "device")
		               : "",
		       (long long)json_integer_value(
		               json_object_get(d, "in_bed_min")),
		       (long long)json_integer_value(
		               json_object_get(d, "asleep_min")));
		if (json_is_integer(sol))
			printf("%lld min", (long long)json_integer_value(sol));
		else
			printf("-");
		printf("  WASO %lld min  %lld awakening%s  SE %.1f%%",
		       (long long)json_integer_value(
		               json_object_get(d, "waso_min")),
		       (long long)json_integer_value(
		               json_object_get(d, "awakenings")),
		       json_integer_value(json_object_get(d, "awakenings")) == 1
		               ? ""
		               : "s",
		       json_number_value(json_object_get(d, "se_pct")));
		if (json_integer_value(json_object_get(d, "naps")) > 0)
			printf("  naps %lld (%lld min)",
			       (long long)json_integer_value(
			               json_object_get(d, "naps")),
			       (long long)json_integer_value(
			               json_object_get(d, "nap_min")));
		printf("\n");
	}
}

static const struct br_cli_opt list_opts[] = {
        {"from", "from", BR_ARG_VALUE, "YYYY-MM-DD", "first night"},
        {"to", "to", BR_ARG_VALUE, "YYYY-MM-DD", "last night"},
        {NULL, NULL, 0, NULL, NULL, NULL},
};
static const char *const patient_arg[] = {"patient_id", NULL};

static const struct br_cli_sub subs[] = {
        {"list", list_opts, patient_arg, br_app_sleep_list, print_nights,
         .summary = "the nights a sleep tracker recorded, beside the diary "
                    "(night, source, device, in_bed_min, asleep_min, "
                    "sol_min, waso_min, awakenings, se_pct)",
         .example = {"backrest sleep list 12 --from 2026-02-01 --to "
                     "2026-02-28"}},
        {NULL, NULL, NULL, NULL, NULL},
};

const struct br_cli_cmd br_cli_cmd_sleep = {
        "sleep", "Diary and measures",
        "device nights: what a sleep tracker recorded", subs};
