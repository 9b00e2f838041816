/*
 * cmd_exercise.c - backrest exercise assign|log|next EPISODE_ID ...,
 * exercise library: the home exercise program
 * (docs/clinical/exercise-and-pacing.md).
 */
#include <stdio.h>

#include "app/exercise.h"
#include "cli/cli.h"

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

int
cmd_exercise(struct br_cli *cli, int argc, char **argv)
{
	static const struct br_cli_opt assign_opts[] = {
	        {"exercise", "exercise", BR_ARG_VALUE},
	        {"reps", "reps", BR_ARG_VALUE},
	        {"every", "every", BR_ARG_VALUE},
	        {"usual-morning", "usual_morning", BR_ARG_VALUE},
	        {NULL, NULL, 0},
	};
	static const struct br_cli_opt log_opts[] = {
	        {"exercise", "exercise", BR_ARG_VALUE},
	        {"date", "date", BR_ARG_VALUE},
	        {"reps", "reps", BR_ARG_VALUE},
	        {"pain-during", "pain_during", BR_ARG_VALUE},
	        {"next-morning", "next_morning", BR_ARG_VALUE},
	        {"rom-loss", "rom_loss", BR_ARG_FLAG},
	        {"reinjury", "reinjury", BR_ARG_FLAG},
	        {NULL, NULL, 0},
	};
	static const char *const episode_arg[] = {"episode_id", NULL};
	static const struct br_cli_sub subs[] = {
	        {"assign", assign_opts, episode_arg, br_app_exercise_assign,
	         print_rx},
	        {"log", log_opts, episode_arg, br_app_exercise_log, print_log},
	        {"next", NULL, episode_arg, br_app_exercise_next, print_next},
	        {"library", NULL, NULL, br_app_exercise_library, print_library},
	        {NULL, NULL, NULL, NULL, NULL},
	};

	return br_cli_dispatch(cli, argc, argv, subs);
}
