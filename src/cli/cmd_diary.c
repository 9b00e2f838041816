/*
 * cmd_diary.c - backrest diary add|list.
 */
#include <stdio.h>

#include "cli/cli.h"

static void
print_day(json_t *d)
{
	json_t *se = json_object_get(d, "se_pct");

	printf("%s  ", br_cli_str(d, "date"));
	printf("bed %s try %s final %s up %s", br_cli_str(d, "bed"),
	       br_cli_str(d, "try"), br_cli_str(d, "final"),
	       br_cli_str(d, "up"));
	if (json_is_integer(json_object_get(d, "tst_min")))
		printf("  slept %lld min",
		       (long long)json_integer_value(
		               json_object_get(d, "tst_min")));
	if (json_is_number(se))
		printf(" (SE %.1f%%)", json_number_value(se));
	if (json_is_integer(json_object_get(d, "quality")))
		printf("  quality %lld/4",
		       (long long)json_integer_value(
		               json_object_get(d, "quality")));
	if (json_is_integer(json_object_get(d, "pain")))
		printf("  pain %lld/10", (long long)json_integer_value(
		                                 json_object_get(d, "pain")));
	if (json_array_size(json_object_get(d, "routine")))
		printf("  routine %zu step%s",
		       json_array_size(json_object_get(d, "routine")),
		       json_array_size(json_object_get(d, "routine")) == 1
		               ? ""
		               : "s");
	printf("\n");
}

static void
print_days(json_t *list)
{
	size_t i;
	json_t *d;

	if (json_array_size(list) == 0)
		printf("no diary days in this range\n");
	json_array_foreach(list, i, d)
	{
		print_day(d);
	}
}

int
cmd_diary(struct br_cli *cli, int argc, char **argv)
{
	static const struct br_cli_opt add_opts[] = {
	        {"date", "date", BR_ARG_VALUE},
	        {"bed", "bed", BR_ARG_VALUE},
	        {"try", "try", BR_ARG_VALUE},
	        {"sol", "sol", BR_ARG_VALUE},
	        {"wakes", "wakes", BR_ARG_VALUE},
	        {"waso", "waso", BR_ARG_VALUE},
	        {"final", "final", BR_ARG_VALUE},
	        {"up", "up", BR_ARG_VALUE},
	        {"quality", "quality", BR_ARG_VALUE},
	        {"pain", "pain", BR_ARG_VALUE},
	        {"pain-worst", "pain_worst", BR_ARG_VALUE},
	        {"activity-min", "activity_min", BR_ARG_VALUE},
	        {"note", "note", BR_ARG_VALUE},
	        {"routine", "routine", BR_ARG_VALUE},
	        {NULL, NULL, 0},
	};
	static const struct br_cli_opt list_opts[] = {
	        {"from", "from", BR_ARG_VALUE},
	        {"to", "to", BR_ARG_VALUE},
	        {NULL, NULL, 0},
	};
	static const char *const patient_arg[] = {"patient_id", NULL};
	static const struct br_cli_sub subs[] = {
	        {"add", add_opts, patient_arg, br_app_diary_add, print_day},
	        {"list", list_opts, patient_arg, br_app_diary_list, print_days},
	        {NULL, NULL, NULL, NULL, NULL},
	};

	return br_cli_dispatch(cli, argc, argv, subs);
}
