/*
 * cmd_due.c - backrest due [--date D] [--clinic ID] [--practitioner ID]:
 * what is due, per patient of a clinic or practitioner.
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

static const struct br_cli_opt opts[] = {
        {"date", "date", BR_ARG_VALUE, "YYYY-MM-DD",
         "the day to list (default: today)"},
        {"clinic", "clinic_id", BR_ARG_VALUE, "CLINIC_ID",
         "one clinic's patients (default: every clinic)"},
        {"practitioner", "practitioner_id", BR_ARG_VALUE, "USER_ID",
         "the open episodes of this practitioner"},
        {NULL, NULL, 0, NULL, NULL, NULL},
};

static const struct br_cli_sub subs[] = {
        {"", opts, NULL, br_app_due, print_due,
         .summary = "what is due: questionnaires, reviews and check-ins",
         .example = {"backrest due --clinic 2",
                     "backrest due --practitioner 7 --date 2026-03-12"}},
        {NULL, NULL, NULL, NULL, NULL},
};

const struct br_cli_cmd br_cli_cmd_due = {"due", "Practice",
                                          "the day's work list", subs};
