/*
 * cmd_pace.c - backrest pace set|log|next EPISODE_ID ...: activity pacing
 * (docs/clinical/exercise-and-pacing.md).
 */
#include <stdio.h>

#include "app/pacing.h"
#include "cli/cli.h"
#include "model/checks_plan.h"

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

/* Ranges, vocabularies and the help come from the subcommand's field
 * table (br_cli_sub.fields). */
static const struct br_cli_opt set_opts[] = {
        {"activity", "activity", BR_ARG_VALUE, "NAME", NULL},
        {"unit", "unit", BR_ARG_VALUE, NULL, NULL},
        {"baseline", "baseline", BR_ARG_VALUE, "NUMBER", NULL},
        {"step-pct", "step_pct", BR_ARG_VALUE, NULL, NULL},
        {"every", "every", BR_ARG_VALUE, NULL, NULL},
        {NULL, NULL, 0, NULL, NULL, NULL},
};
static const struct br_cli_opt log_opts[] = {
        {"activity", "activity", BR_ARG_VALUE, "NAME", NULL},
        {"date", "date", BR_ARG_VALUE, NULL, NULL},
        {"done", "done", BR_ARG_VALUE, "NUMBER", NULL},
        {"recovered", "recovered", BR_ARG_VALUE, NULL, NULL},
        {"flare", "flare", BR_ARG_FLAG, NULL, NULL},
        {NULL, NULL, 0, NULL, NULL, NULL},
};
static const char *const episode_arg[] = {"episode_id", NULL};

static const struct br_cli_sub subs[] = {
        {"set", set_opts, episode_arg, br_app_pace_set, print_one,
         .summary = "set an activity's baseline and start its quota",
         .fields = &br_pace_set_fields,
         .example = {"backrest pace set 7 --activity walking --unit min "
                     "--baseline 20"}},
        {"log", log_opts, episode_arg, br_app_pace_log, print_one,
         .summary = "record a day of the activity",
         .fields = &br_pace_log_fields,
         .example = {"backrest pace log 7 --activity walking --done 16 "
                     "--recovered yes"}},
        {"next", NULL, episode_arg, br_app_pace_next, print_list,
         .summary = "each activity's quota for the coming days",
         .example = {"backrest pace next 7"}},
        {NULL, NULL, NULL, NULL, NULL},
};

const struct br_cli_cmd br_cli_cmd_pace = {"pace", "Treatment",
                                           "graded activity quotas", subs};
