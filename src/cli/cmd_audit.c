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

static const struct br_cli_opt opts[] = {
        {"patient", "patient_id", BR_ARG_VALUE, "PATIENT_ID",
         "only entries about this patient"},
        {"user", "user_id", BR_ARG_VALUE, "USER_ID",
         "only entries by this account"},
        {"limit", "limit", BR_ARG_VALUE, "1-10000",
         "at most this many entries, newest first"},
        {"clinic", "clinic_id", BR_ARG_VALUE, "CLINIC_ID",
         "only entries about this clinic's patients or by its accounts"},
        {NULL, NULL, 0, NULL, NULL, NULL},
};

static const struct br_cli_sub subs[] = {
        {"", opts, NULL, br_app_audit_list, print_audit,
         .summary = "who read or changed which record, when and from where",
         .example = {"backrest audit --patient 12 --limit 50"}},
        {NULL, NULL, NULL, NULL, NULL},
};

const struct br_cli_cmd br_cli_cmd_audit = {
        "audit", "Practice", "the audit log of reads and changes", subs};
