/*
 * cmd_due.c - backrest due [--date D]: what is due, per patient.
 */
#include <stdio.h>

#include "app/due.h"
#include "cli/cli.h"

static void
print_due(json_t *d)
{
	size_t i, j;
	json_t *p, *x;

	printf("due on %s\n", br_cli_str(d, "date"));
	if (json_array_size(json_object_get(d, "patients")) == 0)
		printf("nothing is due\n");
	json_array_foreach(json_object_get(d, "patients"), i, p)
	{
		printf("\n%s (patient %lld)\n", br_cli_str(p, "name"),
		       (long long)json_integer_value(
		               json_object_get(p, "patient_id")));
		json_array_foreach(json_object_get(p, "due"), j, x)
		{
			printf("  %-16s %s\n", br_cli_str(x, "kind"),
			       br_cli_str(x, "what"));
		}
	}
}

int
cmd_due(struct br_cli *cli, int argc, char **argv)
{
	static const struct br_cli_opt opts[] = {
	        {"date", "date", BR_ARG_VALUE},
	        {NULL, NULL, 0},
	};

	return br_cli_simple(cli, argc, argv, opts, NULL, br_app_due,
	                     print_due);
}
