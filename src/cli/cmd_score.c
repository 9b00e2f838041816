/*
 * cmd_score.c - backrest score INSTRUMENT --answers A1,A2,... (stateless:
 * a clinician scoring a paper form), score list, score show INSTRUMENT.
 * None of these opens the database.
 */
#include <stdio.h>
#include <string.h>

#include "app/measures.h"
#include "cli/cli.h"

void
br_cli_print_score(json_t *s)
{
	json_t *score = json_object_get(s, "score"), *v;
	const char *key;
	size_t i;

	printf("%s: ", br_cli_str(s, "instrument"));
	if (json_is_integer(score))
		printf("%lld", (long long)json_integer_value(score));
	else if (json_is_real(score))
		printf("%g", json_real_value(score));
	else
		printf("not scored");
	if (json_is_string(json_object_get(s, "band")))
		printf(" (%s)", br_cli_str(s, "band"));
	printf("  answered %lld%s\n",
	       (long long)json_integer_value(json_object_get(s, "answered")),
	       json_is_true(json_object_get(s, "complete")) ? ""
	                                                    : ", incomplete");
	json_object_foreach(json_object_get(s, "subscores"), key, v)
	{
		if (json_is_number(v))
			printf("  %s subscore: %g\n", key,
			       json_number_value(v));
	}
	json_array_foreach(json_object_get(s, "notes"), i, v)
	{
		printf("  note: %s\n", json_string_value(v));
	}
}

static void
print_list(json_t *list)
{
	size_t i;
	json_t *x;

	json_array_foreach(list, i, x)
	{
		printf("%-10s %2lld items  %-12s %s\n", br_cli_str(x, "id"),
		       (long long)json_integer_value(
		               json_object_get(x, "items")),
		       br_cli_str(x, "wording"), br_cli_str(x, "name"));
	}
}

static void
print_definition(json_t *d)
{
	json_t *def = json_object_get(d, "responses"), *it, *a;
	size_t i, k;

	printf("%s: %s (%s)\n  recall: %s\n", br_cli_str(d, "id"),
	       br_cli_str(d, "name"), br_cli_str(d, "version"),
	       br_cli_str(d, "recall"));
	json_array_foreach(json_object_get(d, "items"), i, it)
	{
		json_t *r = json_object_get(it, "responses");

		if (r == NULL)
			r = def;
		printf("  %2zu. %s [%lld-%lld]\n", i + 1,
		       br_cli_str(it, "label"),
		       (long long)json_integer_value(json_object_get(r, "min")),
		       (long long)json_integer_value(
		               json_object_get(r, "max")));
		if (json_object_get(it, "responses") == NULL && i > 0)
			continue;
		json_array_foreach(json_object_get(r, "anchors"), k, a)
		{
			printf("        %lld = %s\n",
			       (long long)json_integer_value(
			               json_object_get(a, "code")),
			       br_cli_str(a, "label"));
		}
	}
	printf("  wording: %s\n",
	       br_cli_str(json_object_get(d, "licence"), "wording_source"));
}

/* Parses and runs the subcommand without opening the store. */
static int
run_stateless(struct br_cli *cli, int argc, char **argv)
{
	const struct br_cli_sub *s = cli->sub;
	void (*print)(json_t * result) = s->print;
	struct br_err err = BR_ERR_INIT;
	json_t *in, *out = NULL;
	int rc = br_cli_parse(argc, argv, s->opts, s->positionals, &in, &err);

	if (rc == 0)
		rc = s->fn(&cli->app, in, &out, &err);
	json_decref(in);
	if (rc < 0)
		return br_cli_fail(cli, &err);
	if (cli->json) {
		json_dumpf(out, stdout,
		           JSON_INDENT(2) | JSON_REAL_PRECISION(10));
		fputc('\n', stdout);
	} else {
		print(out);
	}
	json_decref(out);
	if (fflush(stdout) != 0) {
		perror("backrest: writing the output");
		return 1;
	}
	return 0;
}

static const struct br_cli_opt opts[] = {
        {"answers", "answers", BR_ARG_VALUE, "A1,A2,...",
         "response codes in item order (- for an unanswered item)"},
        {NULL, NULL, 0, NULL, NULL, NULL},
};
static const char *const instrument_arg[] = {"instrument", NULL};

/* None of these opens the database. */
static const struct br_cli_sub subs[] = {
        {"list", NULL, NULL, br_app_instrument_list, print_list,
         .summary = "the questionnaires backrest scores",
         .example = {"backrest score list"}, .run = run_stateless},
        {"show", NULL, instrument_arg, br_app_instrument_show, print_definition,
         .summary = "a questionnaire's items and response codes",
         .example = {"backrest score show odi"}, .run = run_stateless},
        {"", opts, instrument_arg, br_app_score, br_cli_print_score,
         .summary = "score a paper questionnaire without storing it",
         .example = {"backrest score peg --answers 6,5,7",
                     "backrest score odi --answers 2,1,3,2,1,0,2,1,1,2"},
         .run = run_stateless},
        {NULL, NULL, NULL, NULL, NULL},
};

const struct br_cli_cmd br_cli_cmd_score = {
        "score", "Diary and measures",
        "score questionnaires (nothing is stored)", subs};
