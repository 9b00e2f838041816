/*
 * cmd_education.c - backrest education PATIENT_ID [--all].
 */
#include <stdio.h>

#include "app/education.h"
#include "cli/cli.h"

static void
print_education(json_t *r)
{
	size_t i, j;
	json_t *c, *v;

	printf("%s", br_cli_str(r, "date"));
	if (json_is_integer(json_object_get(r, "episode_day")))
		printf(", day %lld of the episode",
		       (long long)json_integer_value(
		               json_object_get(r, "episode_day")));
	printf("; now:");
	json_array_foreach(json_object_get(r, "moments"), i, v)
	{
		printf(" %s", json_string_value(v));
	}
	printf("\n");
	if (json_is_object(json_object_get(r, "checkin_due")))
		printf("check-in due for the session of %s\n",
		       br_cli_str(json_object_get(r, "checkin_due"),
		                  "session_date"));
	if (json_is_array(json_object_get(r, "aftercare"))) {
		printf("\nAftercare\n");
		json_array_foreach(json_object_get(r, "aftercare"), i, v)
		{
			printf("  - %s\n", json_string_value(v));
		}
	}
	json_array_foreach(json_object_get(r, "cards"), i, c)
	{
		printf("\n%s", br_cli_str(c, "title"));
		if (json_array_size(json_object_get(c, "why"))) {
			printf("  [");
			json_array_foreach(json_object_get(c, "why"), j, v)
			{
				printf("%s%s", j ? ", " : "",
				       json_string_value(v));
			}
			printf("]");
		}
		printf("\n  %s\n  Source: %s\n", br_cli_str(c, "text"),
		       br_cli_str(c, "source"));
	}
}

static const struct br_cli_opt opts[] = {
        {"all", "all", BR_ARG_FLAG, NULL,
         "every message, not only the ones due now"},
        {NULL, NULL, 0, NULL, NULL, NULL},
};
static const char *const patient_arg[] = {"patient_id", NULL};

static const struct br_cli_sub subs[] = {
        {"", opts, patient_arg, br_app_education, print_education,
         .summary = "the education messages for a patient at this point of "
                    "care",
         .example = {"backrest education 12", "backrest education 12 --all"}},
        {NULL, NULL, NULL, NULL, NULL},
};

const struct br_cli_cmd br_cli_cmd_education = {
        "education", "Patients and episodes", "what to tell a patient now",
        subs};
