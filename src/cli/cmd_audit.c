/*
 * cmd_audit.c - backrest audit [--patient ID] [--user ID] [--limit N]:
 * who read or changed which record, when and from where.
 */
#include <stdio.h>

#include "app/users.h"
#include "cli/cli.h"

static void
print_audit(json_t *list)
{
	size_t i;
	json_t *a;

	if (json_array_size(list) == 0)
		printf("no audit entries match\n");
	json_array_foreach(list, i, a)
	{
		json_t *p = json_object_get(a, "patient_id");
		char patient[32] = "-";

		if (json_is_integer(p))
			snprintf(patient, sizeof(patient), "%lld",
			         (long long)json_integer_value(p));
		printf("%s  %-10s %-16s %-28s patient %-16s %-24s %s\n",
		       br_cli_str(a, "at"), br_cli_str(a, "outcome"),
		       br_cli_str(a, "action"), br_cli_str(a, "actor"), patient,
		       br_cli_str(a, "record"), br_cli_str(a, "origin"));
	}
}

int
cmd_audit(struct br_cli *cli, int argc, char **argv)
{
	static const struct br_cli_opt opts[] = {
	        {"patient", "patient_id", BR_ARG_VALUE},
	        {"user", "user_id", BR_ARG_VALUE},
	        {"limit", "limit", BR_ARG_VALUE},
	        {NULL, NULL, 0},
	};

	return br_cli_simple(cli, argc, argv, opts, NULL, br_app_audit_list,
	                     print_audit);
}
