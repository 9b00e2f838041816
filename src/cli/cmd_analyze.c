/*
 * cmd_analyze.c - backrest analyze sleep-pain PATIENT_ID [--from D]
 * [--to D]: one patient's pain-sleep cycle (app/analysis.h).
 */
#include <stdio.h>

#include "app/analysis.h"
#include "cli/cli.h"

static void
print_direction(const char *label, json_t *d, const char *unit)
{
	json_t *ci = json_object_get(d, "ci95");

	if (!json_is_object(d)) {
		printf("  %-34s no estimate\n", label);
		return;
	}
	printf("  %-34s %+.2f %s per 1 SD, 95%% interval %+.2f to %+.2f "
	       "(n = %lld)%s\n",
	       label, json_number_value(json_object_get(d, "estimate")), unit,
	       json_number_value(json_array_get(ci, 0)),
	       json_number_value(json_array_get(ci, 1)),
	       (long long)json_integer_value(json_object_get(d, "n")),
	       json_is_true(json_object_get(d, "counts")) ? "" : "  (unclear)");
}

static void
print_sleep_pain(json_t *r)
{
	printf("Pain and sleep, patient %lld, %s to %s\n",
	       (long long)json_integer_value(json_object_get(r, "patient_id")),
	       br_cli_str(r, "from"), br_cli_str(r, "to"));
	printf("  %lld paired days, %lld days without both ratings (%s)\n",
	       (long long)json_integer_value(json_object_get(r, "paired_days")),
	       (long long)json_integer_value(
	               json_object_get(r, "missing_days")),
	       br_cli_str(r, "level"));
	print_direction("last night's sleep -> today's pain",
	                json_object_get(r, "sleep_to_pain"), "pain points");
	print_direction("today's pain -> tonight's sleep",
	                json_object_get(r, "pain_to_sleep"),
	                json_is_string(json_object_get(r, "sleep"))
	                        ? "device minutes"
	                        : "quality points");
	printf("  pattern: %s\n\n%s\n", br_cli_str(r, "pattern"),
	       br_cli_str(r, "sentence"));
}

static const struct br_cli_opt opts[] = {
        {"from", "from", BR_ARG_VALUE, "YYYY-MM-DD", "first day"},
        {"to", "to", BR_ARG_VALUE, "YYYY-MM-DD", "last day"},
        {"sleep", "sleep", BR_ARG_VALUE, "quality|device",
         "the sleep measure: the diary's sleep quality (default) or a "
         "sleep tracker's total sleep"},
        {NULL, NULL, 0, NULL, NULL, NULL},
};
static const char *const id_arg[] = {"patient_id", NULL};

static const struct br_cli_sub subs[] = {
        {"sleep-pain", opts, id_arg, br_app_analyze_sleep_pain,
         print_sleep_pain,
         .summary = "how one night's sleep and the next day's pain move "
                    "together for one patient",
         .example = {"backrest analyze sleep-pain 12 --from 2026-01-01"}},
        {NULL, NULL, NULL, NULL, NULL},
};

const struct br_cli_cmd br_cli_cmd_analyze = {"analyze", "Diary and measures",
                                              "one patient's pain-sleep cycle",
                                              subs};
