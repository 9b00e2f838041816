/*
 * cmd_cohort.c - backrest cohort [--by modality|phase|risk|practitioner]
 * [--from D] [--to D] [--per-patient] [--no-responders] [--clinic ID]:
 * practice figures (app/cohort.h), of every clinic or of one.
 */
#include <stdio.h>

#include "app/cohort.h"
#include "cli/cli.h"

static double
num(json_t *o, const char *key)
{
	return json_number_value(json_object_get(o, key));
}

static void
print_direction(const char *label, json_t *d)
{
	json_t *r = json_object_get(d, "r");
	json_t *e = json_object_get(d, "effect_per_sd");

	if (json_integer_value(json_object_get(r, "patients")) == 0) {
		printf("    %-28s no patient with %lld paired days yet\n",
		       label,
		       (long long)json_integer_value(
		               json_object_get(d, "min_pairs")));
		return;
	}
	printf("    %-28s %lld patients: r median %+.2f (IQR %+.2f to "
	       "%+.2f); per 1 SD median %+.2f, %.0f%% negative\n",
	       label,
	       (long long)json_integer_value(json_object_get(r, "patients")),
	       num(r, "median"), num(r, "p25"), num(r, "p75"), num(e, "median"),
	       100 * num(e, "negative_share"));
}

static void
print_tally(const char *label, json_t *t)
{
	json_t *rate = json_object_get(t, "responder_rate"),
	       *mi = json_object_get(t, "mean_improvement");

	if (!json_is_object(t))
		return;
	printf("    %-28s %lld episodes, %lld assessed: %lld responders", label,
	       (long long)json_integer_value(json_object_get(t, "episodes")),
	       (long long)json_integer_value(json_object_get(t, "assessed")),
	       (long long)json_integer_value(json_object_get(t, "responders")));
	if (json_is_number(rate))
		printf(" (%.0f%% of %lld assessable)",
		       100 * json_number_value(rate),
		       (long long)(json_integer_value(
		                           json_object_get(t, "assessed")) -
		                   json_integer_value(json_object_get(
		                           t, "cannot_assess"))));
	if (json_is_number(mi))
		printf(", mean improvement %+.2f points",
		       json_number_value(mi));
	printf("\n");
}

static void
print_decisions(json_t *d)
{
	const char *k;
	json_t *v;
	int first = 1;

	if (!json_is_object(d))
		return;
	printf("    %-28s ", "trial decisions (review rule)");
	json_object_foreach(d, k, v)
	{
		printf("%s%s %lld", first ? "" : ", ", k,
		       (long long)json_integer_value(v));
		first = 0;
	}
	printf("\n");
}

static void
print_block(json_t *o)
{
	json_t *d = json_object_get(o, "diary");
	json_t *c = json_object_get(d, "completeness");

	printf("    diary: %lld patients, %lld days, completeness %s",
	       (long long)json_integer_value(json_object_get(d, "patients")),
	       (long long)json_integer_value(json_object_get(d, "days")),
	       json_is_number(c) ? "" : "-");
	if (json_is_number(c))
		printf("%.0f%%", 100 * json_number_value(c));
	printf(" (mean per patient, of the days between first and last "
	       "entry)\n");
	print_direction("last night's sleep -> pain",
	                json_object_get(o, "sleep_to_pain"));
	print_direction("today's pain -> tonight",
	                json_object_get(o, "pain_to_sleep"));
	print_tally("responders at trial (4th)",
	            json_object_get(json_object_get(o, "responders"),
	                            "trial_checkpoint"));
	print_tally(
	        "responders at discharge",
	        json_object_get(json_object_get(o, "responders"), "discharge"));
	print_decisions(json_object_get(json_object_get(o, "responders"),
	                                "trial_decisions"));
}

static void
print_cohort(json_t *o)
{
	json_t *groups = json_object_get(o, "groups");
	json_t *g;
	size_t i;

	printf("Practice figures, %s to %s\n",
	       json_is_string(json_object_get(o, "from"))
	               ? br_cli_str(o, "from")
	               : "first entry",
	       json_is_string(json_object_get(o, "to")) ? br_cli_str(o, "to")
	                                                : "last entry");
	printf("  %lld patients, %lld episodes in the period (%lld open)\n",
	       (long long)json_integer_value(json_object_get(o, "patients")),
	       (long long)json_integer_value(json_object_get(o, "episodes")),
	       (long long)json_integer_value(
	               json_object_get(o, "open_episodes")));
	print_block(o);
	json_array_foreach(groups, i, g)
	{
		printf("  %s = %s: %lld patients, %lld episodes\n",
		       br_cli_str(o, "by"), br_cli_str(g, "group"),
		       (long long)json_integer_value(
		               json_object_get(g, "patients")),
		       (long long)json_integer_value(
		               json_object_get(g, "episodes")));
		print_block(g);
	}
	printf("  (within-person associations from self-reported diaries, "
	       "not causes; responders: diary pain improved by 2 points or "
	       "30%% from the 7 days before the first session, which also "
	       "reflects natural recovery)\n");
}

static const struct br_cli_opt opts[] = {
        {"by", "by", BR_ARG_VALUE, "modality|phase|risk|practitioner",
         "split the figures into groups"},
        {"from", "from", BR_ARG_VALUE, "YYYY-MM-DD", "first day"},
        {"to", "to", BR_ARG_VALUE, "YYYY-MM-DD", "last day"},
        {"per-patient", "per_patient", BR_ARG_FLAG, NULL,
         "also list each patient's figures"},
        {"no-responders", "no_responders", BR_ARG_FLAG, NULL,
         "skip the responder counts (faster)"},
        {"clinic", "clinic_id", BR_ARG_VALUE, "CLINIC_ID",
         "one clinic only (default: every clinic)"},
        {NULL, NULL, 0, NULL, NULL, NULL},
};

static const struct br_cli_sub subs[] = {
        {"", opts, NULL, br_app_cohort, print_cohort,
         .summary = "diary completeness, pain-sleep associations and "
                    "responders across patients",
         .example = {"backrest cohort",
                     "backrest cohort --by modality --from 2026-01-01"}},
        {NULL, NULL, NULL, NULL, NULL},
};

const struct br_cli_cmd br_cli_cmd_cohort = {
        "cohort", "Practice", "practice figures across patients", subs};
