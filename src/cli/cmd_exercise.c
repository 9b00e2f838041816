/*
 * cmd_exercise.c - backrest exercise assign|log|next EPISODE_ID ...,
 * exercise library: the home exercise program
 * (docs/clinical/exercise-and-pacing.md).
 */
#include <stdio.h>

#include "app/exercise.h"
#include "cli/cli.h"
#include "model/checks_plan.h"

static void
print_rx(json_t *x)
{
	size_t i;
	json_t *c;

	printf("%s  %s (level %lld): %lld reps every %lld days\n",
	       br_cli_str(x, "date"), br_cli_str(x, "exercise"),
	       (long long)json_integer_value(json_object_get(x, "level")),
	       (long long)json_integer_value(json_object_get(x, "reps")),
	       (long long)json_integer_value(json_object_get(x, "every")));
	json_array_foreach(json_object_get(x, "cues"), i, c)
	{
		printf("  - %s\n", json_string_value(c));
	}
}

static void
print_log(json_t *l)
{
	printf("%s  %s: %lld reps, pain during %lld/10, next morning %s\n",
	       br_cli_str(l, "date"), br_cli_str(l, "exercise"),
	       (long long)json_integer_value(json_object_get(l, "reps")),
	       (long long)json_integer_value(json_object_get(l, "pain_during")),
	       json_is_integer(json_object_get(l, "next_morning"))
	               ? "logged"
	               : "not logged yet");
}

static void
print_next(json_t *list)
{
	size_t i, j;
	json_t *x, *r;

	if (json_array_size(list) == 0)
		printf("no exercises assigned in this episode\n");
	json_array_foreach(list, i, x)
	{
		json_t *n = json_object_get(x, "next");

		printf("%s (level %lld): %s", br_cli_str(x, "exercise"),
		       (long long)json_integer_value(
		               json_object_get(x, "level")),
		       br_cli_str(x, "advice"));
		if (json_is_object(n))
			printf(" -> %s, %lld reps every %lld days",
			       br_cli_str(n, "exercise"),
			       (long long)json_integer_value(
			               json_object_get(n, "reps")),
			       (long long)json_integer_value(
			               json_object_get(n, "every")));
		printf("\n");
		json_array_foreach(json_object_get(x, "reasons"), j, r)
		{
			printf("  - %s\n", json_string_value(r));
		}
	}
}

static void
print_library(json_t *list)
{
	size_t i, j;
	json_t *ld, *l;

	json_array_foreach(list, i, ld)
	{
		printf("%s\n", br_cli_str(ld, "label"));
		json_array_foreach(json_object_get(ld, "levels"), j, l)
		{
			printf("  %lld. %-22s %-32s %lld reps, every %lld "
			       "days\n",
			       (long long)json_integer_value(
			               json_object_get(l, "level")),
			       br_cli_str(l, "id"), br_cli_str(l, "label"),
			       (long long)json_integer_value(
			               json_object_get(l, "reps")),
			       (long long)json_integer_value(
			               json_object_get(l, "every")));
		}
	}
}

/* Ranges and the help come from the subcommand's field table
 * (br_cli_sub.fields). */
static const struct br_cli_opt assign_opts[] = {
        {"exercise", "exercise", BR_ARG_VALUE, "LEVEL", NULL},
        {"reps", "reps", BR_ARG_VALUE, NULL, NULL},
        {"every", "every", BR_ARG_VALUE, NULL, NULL},
        {"usual-morning", "usual_morning", BR_ARG_VALUE, NULL, NULL},
        {NULL, NULL, 0, NULL, NULL, NULL},
};
static const struct br_cli_opt log_opts[] = {
        {"exercise", "exercise", BR_ARG_VALUE, "LEVEL", NULL},
        {"date", "date", BR_ARG_VALUE, NULL, NULL},
        {"reps", "reps", BR_ARG_VALUE, NULL, NULL},
        {"pain-during", "pain_during", BR_ARG_VALUE, NULL, NULL},
        {"next-morning", "next_morning", BR_ARG_VALUE, NULL, NULL},
        {"rom-loss", "rom_loss", BR_ARG_FLAG, NULL, NULL},
        {"reinjury", "reinjury", BR_ARG_FLAG, NULL, NULL},
        {NULL, NULL, 0, NULL, NULL, NULL},
};
static const char *const episode_arg[] = {"episode_id", NULL};

static const struct br_cli_sub subs[] = {
        {"assign", assign_opts, episode_arg, br_app_exercise_assign, print_rx,
         .summary = "prescribe a level of an exercise ladder",
         .fields = &br_exercise_assign_fields,
         .example = {"backrest exercise assign 7 --exercise squat-supported"}},
        {"log", log_opts, episode_arg, br_app_exercise_log, print_log,
         .summary = "record a home exercise session",
         .fields = &br_exercise_log_fields,
         .example = {"backrest exercise log 7 --exercise squat-supported "
                     "--reps 10 --pain-during 3",
                     "backrest exercise log 7 --exercise squat-supported "
                     "--date 2026-03-09 --next-morning 4"}},
        {"next", NULL, episode_arg, br_app_exercise_next, print_next,
         .summary = "progress, hold or regress each prescribed exercise",
         .example = {"backrest exercise next 7"}},
        {"library", NULL, NULL, br_app_exercise_library, print_library,
         .summary = "the exercise ladders and their levels",
         .example = {"backrest exercise library"}},
        {NULL, NULL, NULL, NULL, NULL},
};

const struct br_cli_cmd br_cli_cmd_exercise = {
        "exercise", "Treatment", "the home exercise program", subs};
