/*
 * cmd_episode.c - backrest episode open|show|close.
 */
#include <stdio.h>

#include "cli/cli.h"
#include "model/checks.h"

static void
print_episode(json_t *e)
{
	json_t *ph = json_object_get(e, "phase");

	printf("episode %lld of patient %lld (%s)\n",
	       (long long)json_integer_value(json_object_get(e, "id")),
	       (long long)json_integer_value(json_object_get(e, "patient_id")),
	       br_cli_str(e, "status"));
	printf("  %s pain%s, onset %s: %.1f weeks\n", br_cli_str(e, "region"),
	       json_is_true(json_object_get(e, "sciatica")) ? " with sciatica"
	                                                    : "",
	       br_cli_str(e, "onset"),
	       json_real_value(json_object_get(e, "duration_weeks")));
	printf("  phase: %s (Cochrane), %s (ACP)\n", br_cli_str(ph, "cochrane"),
	       br_cli_str(ph, "acp"));
	if (json_is_string(json_object_get(e, "code")))
		printf("  ICD-10 %s\n", br_cli_str(e, "code"));
	if (json_is_object(json_object_get(e, "stratification"))) {
		json_t *st = json_object_get(e, "stratification");

		printf("  risk group: %s (STarT Back, %s): %s\n",
		       br_cli_str(st, "risk_group"), br_cli_str(st, "date"),
		       br_cli_str(st, "pathway"));
		printf("  caveat: %s\n", br_cli_str(st, "caveat"));
	}
	if (json_is_integer(json_object_get(e, "sessions")))
		printf("  sessions: %lld, last %s\n",
		       (long long)json_integer_value(
		               json_object_get(e, "sessions")),
		       br_cli_str(e, "last_session"));
	br_cli_print_intake(e);
}

static const struct br_cli_opt open_opts[] = {
        {"onset", "onset", BR_ARG_VALUE, NULL,
         "when this episode of pain began"},
        {"region", "region", BR_ARG_VALUE, NULL,
         "where the pain is (default: low-back)"},
        {"sciatica", "sciatica", BR_ARG_FLAG, NULL,
         "pain radiates down the leg"},
        {"code", "code", BR_ARG_VALUE, "ICD-10", "diagnosis code, e.g. M54.5"},
        {NULL, NULL, 0, NULL, NULL, NULL},
};
static const char *const patient_arg[] = {"patient_id", NULL};
static const char *const id_arg[] = {"episode_id", NULL};

static const struct br_cli_sub subs[] = {
        {"open", open_opts, patient_arg, br_app_episode_open, print_episode,
         .summary = "open an episode of care for a patient",
         .fields = &br_episode_fields,
         .example = {"backrest episode open 12 --onset 2026-01-20 "
                     "--sciatica"}},
        {"show", NULL, id_arg, br_app_episode_show, print_episode,
         .summary = "an episode with its phase, intake and plan",
         .example = {"backrest episode show 7"}},
        {"close", NULL, id_arg, br_app_episode_close, print_episode,
         .summary = "close an episode (discharge)",
         .example = {"backrest episode close 7"}},
        {NULL, NULL, NULL, NULL, NULL},
};

const struct br_cli_cmd br_cli_cmd_episode = {
        "episode", "Patients and episodes",
        "open, show and close episodes of care", subs};
