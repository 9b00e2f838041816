/*
 * cmd_diary.c - backrest diary add|list.
 */
#include <stdio.h>

#include "cli/cli.h"
#include "model/checks.h"

static void
print_day(json_t *d)
{
	json_t *se = json_object_get(d, "se_pct");

	printf("%s  ", br_cli_str(d, "date"));
	printf("bed %s try %s final %s up %s", br_cli_str(d, "bed"),
	       br_cli_str(d, "try"), br_cli_str(d, "final"),
	       br_cli_str(d, "up"));
	if (json_is_integer(json_object_get(d, "tst_min")))
		printf("  slept %lld min",
		       (long long)json_integer_value(
		               json_object_get(d, "tst_min")));
	if (json_is_number(se))
		printf(" (SE %.1f%%)", json_number_value(se));
	if (json_is_integer(json_object_get(d, "quality")))
		printf("  quality %lld/4",
		       (long long)json_integer_value(
		               json_object_get(d, "quality")));
	if (json_is_integer(json_object_get(d, "pain")))
		printf("  pain %lld/10", (long long)json_integer_value(
		                                 json_object_get(d, "pain")));
	if (json_array_size(json_object_get(d, "routine")))
		printf("  routine %zu step%s",
		       json_array_size(json_object_get(d, "routine")),
		       json_array_size(json_object_get(d, "routine")) == 1
		               ? ""
		               : "s");
	printf("\n");
}

static void
print_days(json_t *list)
{
	size_t i;
	json_t *d;

	if (json_array_size(list) == 0)
		printf("no diary days in this range\n");
	json_array_foreach(list, i, d)
	{
		print_day(d);
	}
}

static const struct br_cli_opt add_opts[] = {
        {"date", "date", BR_ARG_VALUE, NULL,
         "the day (the night before it and the day itself)"},
        {"bed", "bed", BR_ARG_VALUE, NULL, "went to bed"},
        {"try", "try", BR_ARG_VALUE, NULL, "tried to fall asleep"},
        {"sol", "sol", BR_ARG_VALUE, NULL, "minutes it took to fall asleep"},
        {"wakes", "wakes", BR_ARG_VALUE, NULL,
         "how many times woke in the night"},
        {"waso", "waso", BR_ARG_VALUE, NULL,
         "minutes awake after first falling asleep"},
        {"final", "final", BR_ARG_VALUE, NULL, "final awakening"},
        {"up", "up", BR_ARG_VALUE, NULL, "got out of bed"},
        {"quality", "quality", BR_ARG_VALUE, NULL,
         "sleep quality (0 very poor, 4 very good)"},
        {"pain", "pain", BR_ARG_VALUE, NULL, "average pain that day"},
        {"pain-worst", "pain_worst", BR_ARG_VALUE, NULL, "worst pain that day"},
        {"activity-min", "activity_min", BR_ARG_VALUE, NULL,
         "minutes of activity"},
        {"note", "note", BR_ARG_VALUE, NULL, "a short note"},
        {"routine", "routine", BR_ARG_VALUE, "STEP[,...]",
         "bedtime-routine steps done (see 'backrest plan routine')"},
        {NULL, NULL, 0, NULL, NULL, NULL},
};
static const struct br_cli_opt list_opts[] = {
        {"from", "from", BR_ARG_VALUE, "YYYY-MM-DD", "first day"},
        {"to", "to", BR_ARG_VALUE, "YYYY-MM-DD", "last day"},
        {NULL, NULL, 0, NULL, NULL, NULL},
};
static const char *const patient_arg[] = {"patient_id", NULL};

static const struct br_cli_sub subs[] = {
        {"add", add_opts, patient_arg, br_app_diary_add, print_day,
         .summary = "record (or update) one day of the sleep and pain diary",
         .fields = &br_diary_fields,
         .example = {"backrest diary add 12 --date 2026-03-02 --bed 23:10 "
                     "--try 23:30 --sol 25 --final 06:40 --up 07:00 "
                     "--quality 2 --pain 5",
                     "backrest diary add 12 --date 2026-03-02 --pain-worst "
                     "7"}},
        {"list", list_opts, patient_arg, br_app_diary_list, print_days,
         .summary = "a patient's diary days with sleep metrics",
         .example = {"backrest diary list 12 --from 2026-02-01 --to "
                     "2026-02-28"}},
        {NULL, NULL, NULL, NULL, NULL},
};

const struct br_cli_cmd br_cli_cmd_diary = {
        "diary", "Diary and measures", "the patient's sleep and pain diary",
        subs};
