/*
 * cmd_review.c - backrest review EPISODE_ID [--treatment ID]: the trial
 * checkpoint of a treatment course.
 */
#include <stdio.h>

#include "app/review.h"
#include "cli/cli.h"

static void
print_review(json_t *r)
{
	json_t *p = json_object_get(r, "pain"), *v;
	size_t i;

	printf("decision: %s\n", br_cli_str(r, "decision"));
	if (json_is_number(json_object_get(p, "baseline")))
		printf("pain (%s): %g -> %g (%s)\n", br_cli_str(p, "source"),
		       json_number_value(json_object_get(p, "baseline")),
		       json_number_value(json_object_get(p, "current")),
		       br_cli_str(p, "tier"));
	json_array_foreach(json_object_get(r, "reasons"), i, v)
	{
		printf("  - %s\n", json_string_value(v));
	}
}

int
cmd_review(struct br_cli *cli, int argc, char **argv)
{
	static const struct br_cli_opt opts[] = {
	        {"treatment", "treatment", BR_ARG_VALUE},
	        {NULL, NULL, 0},
	};
	static const char *const episode_arg[] = {"episode_id", NULL};

	return br_cli_simple(cli, argc, argv, opts, episode_arg, br_app_review,
	                     print_review);
}
