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

static const struct br_cli_opt set_opts[] = {
        {"activity", "activity", BR_ARG_VALUE, "NAME",
         "the activity, e.g. walking"},
        {"unit", "unit", BR_ARG_VALUE, "min|m|steps|reps",
         "what the baseline counts"},
        {"baseline", "baseline", BR_ARG_VALUE, "NUMBER",
         "the tolerance measured over several days"},
        {"step-pct", "step_pct", BR_ARG_VALUE, "10-20",
         "one increment as a percentage of the baseline"},
        {"every", "every", BR_ARG_VALUE, "1-28",
         "days between increments (default: 7)"},
        {NULL, NULL, 0, NULL, NULL, NULL},
};
static const struct br_cli_opt log_opts[] = {
        {"activity", "activity", BR_ARG_VALUE, "NAME", "the activity"},
        {"date", "date", BR_ARG_VALUE, "YYYY-MM-DD",
         "the day (default: today)"},
        {"done", "done", BR_ARG_VALUE, "NUMBER",
         "how much was done, in the activity's unit"},
        {"recovered", "recovered", BR_ARG_VALUE, "yes|no",
         "recovered by the next day"},
        {"flare", "flare", BR_ARG_FLAG, NULL, "a flare-up"},
        {NULL, NULL, 0, NULL, NULL, NULL},
};
static const char *const episode_arg[] = {"episode_id", NULL};

static const struct br_cli_sub subs[] = {
        {"set", set_opts, episode_arg, br_app_pace_set, print_one,
         .summary = "set an activity's baseline and start its quota",
         .example = {"backrest pace set 7 --activity walking --unit min "
                     "--baseline 20"}},
        {"log", log_opts, episode_arg, br_app_pace_log, print_one,
         .summary = "record a day of the activity",
         .example = {"backrest pace log 7 --activity walking --done 16 "
                     "--recovered yes"}},
        {"next", NULL, episode_arg, br_app_pace_next, print_list,
         .summary = "each activity's quota for the coming days",
         .example = {"backrest pace next 7"}},
        {NULL, NULL, NULL, NULL, NULL},
};

const struct br_cli_cmd br_cli_cmd_pace = {"pace", "Treatment",
                                           "graded activity quotas", subs};
