/*
 * cmd_review.c - backrest review EPISODE_ID [--treatment ID]: the trial
 * checkpoint of a treatment course.
 */
#include <stdio.h>

#include "app/review.h"
#include "cli/cli.h"
#include "core/change.h"

static void
print_review(json_t *r)
{
	json_t *p = json_object_get(r, "pain"), *v;
	size_t i;

	printf("decision: %s\n", br_cli_str(r, "decision"));
	if (json_is_number(json_object_get(p, "baseline")))
		printf("pain (%s): %.1f -> %.1f, %s%s%s\n",
		       br_cli_str(p, "source"),
		       json_number_value(json_object_get(p, "baseline")),
		       json_number_value(json_object_get(p, "current")),
		       br_cli_str(p, "words"),
		       json_is_string(json_object_get(p, "tier")) ? "; " : "",
		       br_change_tier_words(br_cli_str(p, "tier")));
	json_array_foreach(json_object_get(r, "reasons"), i, v)
	{
		printf("  - %s\n", json_string_value(v));
	}
}

static const struct br_cli_opt opts[] = {
        {"treatment", "treatment", BR_ARG_VALUE, "TREATMENT",
         "the plan item to review (default: each active one)"},
        {NULL, NULL, 0, NULL, NULL, NULL},
};
static const char *const episode_arg[] = {"episode_id", NULL};

static const struct br_cli_sub subs[] = {
        {"", opts, episode_arg, br_app_review, print_review,
         .summary = "the trial checkpoint: continue, change or stop a "
                    "treatment",
         .example = {"backrest review 7",
                     "backrest review 7 --treatment acupuncture"}},
        {NULL, NULL, NULL, NULL, NULL},
};

const struct br_cli_cmd br_cli_cmd_review = {
        "review", "Assessment and plan",
        "review a treatment at its trial checkpoint", subs};
