/*
 * cmd_session.c - backrest session add|list.
 */
#include <stdio.h>

#include "app/tcm.h"
#include "cli/cli.h"

static void
print_session(json_t *x)
{
	size_t i;
	json_t *v;

	printf("%s  session %lld:", br_cli_str(x, "date"),
	       (long long)json_integer_value(json_object_get(x, "id")));
	json_array_foreach(json_object_get(x, "modalities"), i, v)
	{
		printf(" %s", json_string_value(v));
	}
	if (json_array_size(json_object_get(x, "points"))) {
		printf("  points");
		json_array_foreach(json_object_get(x, "points"), i, v)
		{
			printf(" %s", br_cli_str(v, "point"));
		}
	}
	if (json_is_integer(json_object_get(x, "pain_before")) &&
	    json_is_integer(json_object_get(x, "pain_after")))
		printf("  pain %lld -> %lld",
		       (long long)json_integer_value(
		               json_object_get(x, "pain_before")),
		       (long long)json_integer_value(
		               json_object_get(x, "pain_after")));
	if (json_array_size(json_object_get(x, "adverse"))) {
		printf("  adverse:");
		json_array_foreach(json_object_get(x, "adverse"), i, v)
		{
			printf(" %s", json_string_value(v));
		}
	}
	printf("\n");
}

static void
print_sessions(json_t *list)
{
	size_t i;
	json_t *x;

	if (json_array_size(list) == 0)
		printf("no sessions charted in this episode yet\n");
	json_array_foreach(list, i, x)
	{
		print_session(x);
	}
}

int
cmd_session(struct br_cli *cli, int argc, char **argv)
{
	static const struct br_cli_opt add_opts[] = {
	        {"date", "date", BR_ARG_VALUE},
	        {"modality", "modality", BR_ARG_VALUE},
	        {"points", "points", BR_ARG_VALUE},
	        {"needles", "needles", BR_ARG_VALUE},
	        {"minutes", "minutes", BR_ARG_VALUE},
	        {"depth-mm", "depth_mm", BR_ARG_VALUE},
	        {"deqi", "deqi", BR_ARG_VALUE},
	        {"stimulation", "stimulation", BR_ARG_VALUE},
	        {"needle-size", "needle_size", BR_ARG_VALUE},
	        {"ea-hz", "ea_hz", BR_ARG_VALUE},
	        {"ea-waveform", "ea_waveform", BR_ARG_VALUE},
	        {"ea-minutes", "ea_minutes", BR_ARG_VALUE},
	        {"ea-ma", "ea_ma", BR_ARG_VALUE},
	        {"position", "position", BR_ARG_VALUE},
	        {"cupping", "cupping", BR_ARG_VALUE},
	        {"moxa", "moxa", BR_ARG_VALUE},
	        {"massage", "massage", BR_ARG_VALUE},
	        {"regions", "regions", BR_ARG_VALUE},
	        {"pain-before", "pain_before", BR_ARG_VALUE},
	        {"pain-after", "pain_after", BR_ARG_VALUE},
	        {"adverse", "adverse", BR_ARG_VALUE},
	        {"note", "note", BR_ARG_VALUE},
	        {"flags", "flags", BR_ARG_VALUE},
	        {"visit", "visit_id", BR_ARG_VALUE},
	        {NULL, NULL, 0},
	};
	static const char *const episode_arg[] = {"episode_id", NULL};
	static const struct br_cli_sub subs[] = {
	        {"add", add_opts, episode_arg, br_app_session_add,
	         print_session},
	        {"list", NULL, episode_arg, br_app_session_list,
	         print_sessions},
	        {"points", NULL, episode_arg, br_app_session_points,
	         br_cli_print_points},
	        {NULL, NULL, NULL, NULL, NULL},
	};

	return br_cli_dispatch(cli, argc, argv, subs);
}
