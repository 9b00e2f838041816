/*
 * cmd_plan.c - backrest plan EPISODE_ID [--guideline all|cochrane|acp|nice],
 * plan add|end EPISODE_ID --treatment ID ..., plan routine EPISODE_ID
 * --steps ID,...: the care plan (docs/clinical/evidence.md).
 */
#include <stdio.h>

#include "app/plan.h"
#include "cli/cli.h"
#include "model/checks_plan.h"
#include "model/requests.h"

static void
print_item(json_t *it)
{
	json_t *d = json_object_get(it, "defaults");

	printf("%s  %-22s %s", br_cli_str(it, "date"), br_cli_str(it, "label"),
	       br_cli_str(it, "status"));
	if (json_is_integer(json_object_get(it, "sessions")))
		printf("  %lld sessions",
		       (long long)json_integer_value(
		               json_object_get(it, "sessions")));
	if (json_is_number(json_object_get(it, "per_week")))
		printf(", %g a week",
		       json_number_value(json_object_get(it, "per_week")));
	if (json_is_integer(json_object_get(it, "trial")))
		printf(", review after %lld",
		       (long long)json_integer_value(
		               json_object_get(it, "trial")));
	if (json_is_integer(json_object_get(it, "sessions_done")))
		printf("  (%lld done)",
		       (long long)json_integer_value(
		               json_object_get(it, "sessions_done")));
	printf("\n");
	if (json_is_object(d))
		printf("  defaults: %s\n", br_cli_str(d, "source"));
}

static void
print_plan(json_t *p)
{
	json_t *ref = json_object_get(p, "referral"), *v, *o, *c;
	json_t *phase = json_object_get(p, "phase");
	size_t i, j;

	printf("phase: %s (Cochrane), %s (ACP); risk group: %s\n",
	       br_cli_str(phase, "cochrane"), br_cli_str(phase, "acp"),
	       br_cli_str(p, "risk"));
	if (json_is_object(ref)) {
		printf("REFER (%s): no treatment options until a clinician "
		       "clears the red-flag screen\n",
		       br_cli_str(ref, "urgency"));
		json_array_foreach(json_object_get(ref, "reasons"), i, v)
		{
			printf("  - %s\n", json_string_value(v));
		}
	}
	json_array_foreach(json_object_get(p, "options"), i, o)
	{
		printf("\n%s%s\n", br_cli_str(o, "label"),
		       json_is_true(json_object_get(o, "matched"))
		               ? "  (matches the risk group's pathway)"
		               : "");
		json_array_foreach(json_object_get(o, "evidence"), j, c)
		{
			printf("  %-14s %-19s %-9s %s\n",
			       br_cli_str(c, "source"),
			       br_cli_str(c, "position"),
			       br_cli_str(c, "certainty"),
			       br_cli_str(c, "finding"));
		}
	}
	if (json_array_size(json_object_get(p, "items")))
		printf("\nplanned:\n");
	json_array_foreach(json_object_get(p, "items"), i, v)
	{
		print_item(v);
	}
	if (json_array_size(json_object_get(p, "routine")))
		printf("\nbedtime routine:\n");
	json_array_foreach(json_object_get(p, "routine"), i, v)
	{
		printf("  - %s\n", br_cli_str(v, "label"));
	}
}

static void
print_routine(json_t *r)
{
	size_t i;
	json_t *v;

	if (json_array_size(json_object_get(r, "routine")) == 0)
		printf("no bedtime routine\n");
	json_array_foreach(json_object_get(r, "routine"), i, v)
	{
		printf("%-16s %s\n", br_cli_str(v, "step"),
		       br_cli_str(v, "label"));
	}
}

/* Ranges, vocabularies and the help of table fields come from the
 * subcommand's field table (br_cli_sub.fields). */
static const struct br_cli_opt plan_opts[] = {
        {"guideline", "guideline", BR_ARG_VALUE, NULL,
         "whose evidence positions to show (default: all)"},
        {NULL, NULL, 0, NULL, NULL, NULL},
};
static const struct br_cli_opt add_opts[] = {
        {"treatment", "treatment", BR_ARG_VALUE, "TREATMENT", NULL},
        {"sessions", "sessions", BR_ARG_VALUE, NULL, NULL},
        {"per-week", "per_week", BR_ARG_VALUE, NULL, NULL},
        {"trial", "trial", BR_ARG_VALUE, NULL, NULL},
        {"note", "note", BR_ARG_VALUE, NULL, NULL},
        {NULL, NULL, 0, NULL, NULL, NULL},
};
static const struct br_cli_opt end_opts[] = {
        {"treatment", "treatment", BR_ARG_VALUE, "TREATMENT",
         "the planned option to end"},
        {"status", "status", BR_ARG_VALUE, NULL,
         "how it ended (default: stopped)"},
        {NULL, NULL, 0, NULL, NULL, NULL},
};
static const struct br_cli_opt routine_opts[] = {
        {"steps", "steps", BR_ARG_VALUE, "STEP[,...]",
         "the bedtime-routine steps (empty: none)"},
        {NULL, NULL, 0, NULL, NULL, NULL},
};
static const char *const episode_arg[] = {"episode_id", NULL};

static const struct br_cli_sub subs[] = {
        {"add", add_opts, episode_arg, br_app_plan_add, print_item,
         .summary = "add a treatment to the care plan",
         .fields = &br_plan_item_fields,
         .example = {"backrest plan add 7 --treatment acupuncture --sessions "
                     "8 --per-week 1 --trial 4"}},
        {"end", end_opts, episode_arg, br_app_plan_end, print_item,
         .summary = "end a planned treatment", .fields = &br_req_plan_end,
         .example = {"backrest plan end 7 --treatment acupuncture --status "
                     "done"}},
        {"routine", routine_opts, episode_arg, br_app_plan_routine,
         print_routine,
         .summary = "set the bedtime routine the diary ticks off",
         .example = {"backrest plan routine 7 --steps "
                     "screens-off,cool-dark-room"}},
        {"", plan_opts, episode_arg, br_app_plan, print_plan,
         .summary = "the evidence-based options for an episode and what is "
                    "planned",
         .example = {"backrest plan 7", "backrest plan 7 --guideline nice"},
         .fields = &br_req_plan_query},
        {NULL, NULL, NULL, NULL, NULL},
};

const struct br_cli_cmd br_cli_cmd_plan = {"plan", "Assessment and plan",
                                           "the care plan of an episode", subs};
