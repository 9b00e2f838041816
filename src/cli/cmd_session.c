/*
 * cmd_session.c - backrest session add|list.
 */
#include <stdio.h>

#include "app/tcm.h"
#include "cli/cli.h"
#include "model/checks.h"

static void
print_session(json_t *x)
{
	size_t i;
	json_t *v;

	printf("%s  session %lld:", br_cli_str(x, "date"),
	       (long long)json_integer_value(json_object_get(x, "id")));
	json_array_foreach(json_object_get(x, "modalities"), i, v)
	{
		printf(" %s", json_string_value(v));
	}
	if (json_array_size(json_object_get(x, "points"))) {
		printf("  points");
		json_array_foreach(json_object_get(x, "points"), i, v)
		{
			printf(" %s", br_cli_str(v, "point"));
		}
	}
	if (json_is_integer(json_object_get(x, "pain_before")) &&
	    json_is_integer(json_object_get(x, "pain_after")))
		printf("  pain %lld -> %lld",
		       (long long)json_integer_value(
		               json_object_get(x, "pain_before")),
		       (long long)json_integer_value(
		               json_object_get(x, "pain_after")));
	if (json_array_size(json_object_get(x, "adverse"))) {
		printf("  adverse:");
		json_array_foreach(json_object_get(x, "adverse"), i, v)
		{
			printf(" %s", json_string_value(v));
		}
	}
	printf("\n");
}

static void
print_sessions(json_t *list)
{
	size_t i;
	json_t *x;

	if (json_array_size(list) == 0)
		printf("no sessions charted in this episode yet\n");
	json_array_foreach(list, i, x)
	{
		print_session(x);
	}
}

static const struct br_cli_opt add_opts[] = {
        {"date", "date", BR_ARG_VALUE, NULL,
         "the day of the session (default: today)"},
        {"modality", "modality", BR_ARG_VALUE, NULL, "what was given"},
        {"points", "points", BR_ARG_VALUE, "POINT[,...]",
         "acupuncture points, e.g. BL23:B,GV4,BL40:L"},
        {"needles", "needles", BR_ARG_VALUE, NULL, "needles used"},
        {"minutes", "minutes", BR_ARG_VALUE, NULL, "needle retention"},
        {"depth-mm", "depth_mm", BR_ARG_VALUE, NULL,
         "typical depth in millimetres"},
        {"deqi", "deqi", BR_ARG_VALUE, NULL, "de qi obtained"},
        {"stimulation", "stimulation", BR_ARG_VALUE, NULL,
         "needle stimulation"},
        {"needle-size", "needle_size", BR_ARG_VALUE, NULL,
         "needle gauge and length, e.g. 0.25x40"},
        {"ea-hz", "ea_hz", BR_ARG_VALUE, "HZ[/HZ]",
         "electroacupuncture frequency, 1-200 Hz (two for dense-disperse)"},
        {"ea-waveform", "ea_waveform", BR_ARG_VALUE, NULL,
         "electroacupuncture waveform"},
        {"ea-minutes", "ea_minutes", BR_ARG_VALUE, NULL,
         "electroacupuncture duration"},
        {"ea-ma", "ea_ma", BR_ARG_VALUE, NULL,
         "electroacupuncture current in mA"},
        {"position", "position", BR_ARG_VALUE, NULL, "patient position"},
        {"cupping", "cupping", BR_ARG_VALUE, NULL, "cupping technique"},
        {"moxa", "moxa", BR_ARG_VALUE, NULL, "moxibustion technique"},
        {"massage", "massage", BR_ARG_VALUE, NULL, "massage technique"},
        {"regions", "regions", BR_ARG_VALUE, "REGION[,...]",
         "body regions treated"},
        {"pain-before", "pain_before", BR_ARG_VALUE, NULL,
         "pain at the start of the session"},
        {"pain-after", "pain_after", BR_ARG_VALUE, NULL,
         "pain at the end of the session"},
        {"adverse", "adverse", BR_ARG_VALUE, "EVENT[,...]|none",
         "adverse events during the session"},
        {"note", "note", BR_ARG_VALUE, NULL, "a short note"},
        {"flags", "flags", BR_ARG_VALUE, "FLAG[,...]",
         "red flags found at this session (see 'backrest screen flags')"},
        {"visit", "visit_id", BR_ARG_VALUE, NULL,
         "the booked visit this session took place in"},
        {NULL, NULL, 0, NULL, NULL, NULL},
};
static const char *const episode_arg[] = {"episode_id", NULL};

static const struct br_cli_sub subs[] = {
        {"add", add_opts, episode_arg, br_app_session_add, print_session,
         .summary = "chart a treatment session", .fields = &br_session_fields,
         .example = {"backrest session add 7 --date 2026-03-03 --modality "
                     "acupuncture --points BL23:B,GV4,BL40:B --needles 5 "
                     "--minutes 20 --pain-before 6 --pain-after 4",
                     "backrest session add 7 --date 2026-03-05 --modality "
                     "cupping,massage "
                     "--cupping dry --massage trigger-point"}},
        {"list", NULL, episode_arg, br_app_session_list, print_sessions,
         .summary = "an episode's sessions",
         .example = {"backrest session list 7"}},
        {"points", NULL, episode_arg, br_app_session_points,
         br_cli_print_points,
         .summary = "the points used over an episode, session by session",
         .example = {"backrest session points 7"}},
        {NULL, NULL, NULL, NULL, NULL},
};

const struct br_cli_cmd br_cli_cmd_session = {"session", "Treatment",
                                              "chart treatment sessions", subs};
