/*
 * cmd_measure.c - backrest measure add|list: questionnaire scores on an
 * episode.
 */
#include <stdio.h>

#include "app/measures.h"
#include "cli/cli.h"

static void
print_measure(json_t *m)
{
	printf("%s  measure %lld  ", br_cli_str(m, "date"),
	       (long long)json_integer_value(json_object_get(m, "id")));
	br_cli_print_score(m);
}

static void
print_measures(json_t *list)
{
	size_t i;
	json_t *m;

	if (json_array_size(list) == 0)
		printf("no measures recorded in this episode yet\n");
	json_array_foreach(list, i, m)
	{
		print_measure(m);
	}
}

int
cmd_measure(struct br_cli *cli, int argc, char **argv)
{
	static const struct br_cli_opt add_opts[] = {
	        {"answers", "answers", BR_ARG_VALUE},
	        {"date", "date", BR_ARG_VALUE},
	        {NULL, NULL, 0},
	};
	static const struct br_cli_opt list_opts[] = {
	        {"instrument", "instrument", BR_ARG_VALUE},
	        {NULL, NULL, 0},
	};
	static const char *const add_args[] = {"episode_id", "instrument",
	                                       NULL};
	static const char *const list_args[] = {"episode_id", NULL};
	static const struct br_cli_sub subs[] = {
	        {"add", add_opts, add_args, br_app_measure_add, print_measure},
	        {"list", list_opts, list_args, br_app_measure_list,
	         print_measures},
	        {NULL, NULL, NULL, NULL, NULL},
	};

	return br_cli_dispatch(cli, argc, argv, subs);
}
