/*
 * cmd_pace.c - backrest pace set|log|next EPISODE_ID ...: activity pacing
 * (docs/clinical/exercise-and-pacing.md).
 */
#include <stdio.h>

#include "app/pacing.h"
#include "cli/cli.h"

static void
print_one(json_t *v)
{
	size_t i;
	json_t *r;

	printf("%s: quota %g %s%s%s\n", br_cli_str(v, "activity"),
	       json_number_value(json_object_get(v, "quota")),
	       br_cli_str(v, "unit"),
	       json_is_true(json_object_get(v, "in_zone")) ? ", in the zone"
	                                                   : "",
	       json_is_true(json_object_get(v, "boom_bust")) ? ", boom and bust"
	                                                     : "");
	json_array_foreach(json_object_get(v, "reasons"), i, r)
	{
		printf("  - %s\n", json_string_value(r));
	}
}

static void
print_list(json_t *list)
{
	size_t i;
	json_t *v;

	if (json_array_size(list) == 0)
		printf("no paced activities in this episode\n");
	json_array_foreach(list, i, v)
	{
		print_one(v);
	}
}

int
cmd_pace(struct br_cli *cli, int argc, char **argv)
{
	static const struct br_cli_opt set_opts[] = {
	        {"activity", "activity", BR_ARG_VALUE},
	        {"unit", "unit", BR_ARG_VALUE},
	        {"baseline", "baseline", BR_ARG_VALUE},
	        {"step-pct", "step_pct", BR_ARG_VALUE},
	        {"every", "every", BR_ARG_VALUE},
	        {NULL, NULL, 0},
	};
	static const struct br_cli_opt log_opts[] = {
	        {"activity", "activity", BR_ARG_VALUE},
	        {"date", "date", BR_ARG_VALUE},
	        {"done", "done", BR_ARG_VALUE},
	        {"recovered", "recovered", BR_ARG_VALUE},
	        {"flare", "flare", BR_ARG_FLAG},
	        {NULL, NULL, 0},
	};
	static const char *const episode_arg[] = {"episode_id", NULL};
	static const struct br_cli_sub subs[] = {
	        {"set", set_opts, episode_arg, br_app_pace_set, print_one},
	        {"log", log_opts, episode_arg, br_app_pace_log, print_one},
	        {"next", NULL, episode_arg, br_app_pace_next, print_list},
	        {NULL, NULL, NULL, NULL, NULL},
	};

	return br_cli_dispatch(cli, argc, argv, subs);
}
