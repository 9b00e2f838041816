/*
 * cmd_measure.c - backrest measure add|list: questionnaire scores on an
 * episode.
 */
#include <stdbool.h>
#include <stdio.h>

#include "app/measures.h"
#include "cli/cli.h"
#include "model/checks_clinical.h"

static void
print_measure(json_t *m)
{
	printf("%s  measure %lld  ", br_cli_str(m, "date"),
	       (long long)json_integer_value(json_object_get(m, "id")));
	br_cli_print_score(m);
}

/* The list, each score on its line; a note that several scores carry
 * (an instrument's missing-answer rule) is printed once, under the list. */
static void
print_measures(json_t *list)
{
	json_t *notes = json_array(), *m, *v, *w;
	size_t i, k, j;

	if (json_array_size(list) == 0)
		printf("no measures recorded in this episode yet\n");
	json_array_foreach(list, i, m)
	{
		json_t *bare = json_copy(m);

		json_array_foreach(json_object_get(m, "notes"), k, v)
		{
			bool seen = false;

			json_array_foreach(notes, j, w)
			{
				seen = seen || json_equal(v, w);
			}
			if (!seen)
				json_array_append(notes, v);
		}
		json_object_del(bare, "notes");
		print_measure(bare);
		json_decref(bare);
	}
	json_array_foreach(notes, i, v)
	{
		printf("note: %s\n", json_string_value(v));
	}
	json_decref(notes);
}

static const struct br_cli_opt add_opts[] = {
        {"answers", "answers", BR_ARG_VALUE, "A1,A2,...",
         "response codes in item order (- for an unanswered item)"},
        {"date", "date", BR_ARG_VALUE, NULL, NULL},
        {NULL, NULL, 0, NULL, NULL, NULL},
};
static const struct br_cli_opt list_opts[] = {
        {"instrument", "instrument", BR_ARG_VALUE, "INSTRUMENT",
         "only this questionnaire"},
        {NULL, NULL, 0, NULL, NULL, NULL},
};
static const char *const add_args[] = {"episode_id", "instrument", NULL};
static const char *const list_args[] = {"episode_id", NULL};

static const struct br_cli_sub subs[] = {
        {"add", add_opts, add_args, br_app_measure_add, print_measure,
         .summary = "score and store a questionnaire for an episode (see "
                    "'backrest score list')",
         .example = {"backrest measure add 7 odi --answers "
                     "2,1,3,2,1,0,2,1,1,2"},
         .fields = &br_measure_fields},
        {"list", list_opts, list_args, br_app_measure_list, print_measures,
         .summary = "an episode's questionnaire scores",
         .example = {"backrest measure list 7 --instrument odi"}},
        {NULL, NULL, NULL, NULL, NULL},
};

const struct br_cli_cmd br_cli_cmd_measure = {
        "measure", "Diary and measures",
        "questionnaires answered during an episode", subs};
