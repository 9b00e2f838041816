/*
 * cmd_patient.c - backrest patient add|list|show.
 */
#include <stdio.h>

#include "cli/cli.h"

static void
print_patient(json_t *p)
{
	printf("patient %lld  %s\n",
	       (long long)json_integer_value(json_object_get(p, "id")),
	       br_cli_str(p, "name"));
	printf("  born %s, sex %s, ref %s\n", br_cli_str(p, "born"),
	       br_cli_str(p, "sex"), br_cli_str(p, "ref"));
}

static void
print_list(json_t *list)
{
	size_t i;
	json_t *p;

	if (json_array_size(list) == 0)
		printf("no patients yet: add one with 'backrest patient add "
		       "--name NAME'\n");
	json_array_foreach(list, i, p)
	{
		printf("%-18lld %-32s %-10s %s\n",
		       (long long)json_integer_value(json_object_get(p, "id")),
		       br_cli_str(p, "name"), br_cli_str(p, "born"),
		       br_cli_str(p, "sex"));
	}
}

static void
print_show(json_t *p)
{
	size_t i;
	json_t *e;

	print_patient(p);
	json_array_foreach(json_object_get(p, "episodes"), i, e)
	{
		printf("  episode %lld  %s, onset %s, %s, %s (Cochrane) / %s "
		       "(ACP)\n",
		       (long long)json_integer_value(json_object_get(e, "id")),
		       br_cli_str(e, "region"), br_cli_str(e, "onset"),
		       br_cli_str(e, "status"),
		       br_cli_str(json_object_get(e, "phase"), "cochrane"),
		       br_cli_str(json_object_get(e, "phase"), "acp"));
	}
}

int
cmd_patient(struct br_cli *cli, int argc, char **argv)
{
	static const struct br_cli_opt add_opts[] = {
	        {"name", "name", BR_ARG_VALUE},
	        {"born", "born", BR_ARG_VALUE},
	        {"sex", "sex", BR_ARG_VALUE},
	        {"ref", "ref", BR_ARG_VALUE},
	        {"clinic", "clinic_id", BR_ARG_VALUE},
	        {NULL, NULL, 0},
	};
	static const char *const id_arg[] = {"patient_id", NULL};
	static const struct br_cli_sub subs[] = {
	        {"add", add_opts, NULL, br_app_patient_add, print_patient},
	        {"list", NULL, NULL, br_app_patient_list, print_list},
	        {"show", NULL, id_arg, br_app_patient_show, print_show},
	        {NULL, NULL, NULL, NULL, NULL},
	};

	return br_cli_dispatch(cli, argc, argv, subs);
}
