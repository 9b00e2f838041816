/*
 * cmd_edit.c - backrest edit, void, sign and history: corrections with
 * history (app/corrections.h).  A session is named by its id; a diary
 * day by its patient and date ("day" subcommands).
 */
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "app/corrections.h"
#include "model/checks.h"

/* "session 123" or "diary_day 2026-03-02". */
static void
print_name(json_t *r)
{
	json_t *id = json_object_get(r, "id");

	if (json_is_integer(id))
		printf("%s %lld", br_cli_str(r, "kind"),
		       (long long)json_integer_value(id));
	else
		printf("%s %s", br_cli_str(r, "kind"), br_cli_str(r, "date"));
}

static void
print_done(json_t *r)
{
	print_name(r);
	printf(": version %lld",
	       (long long)json_integer_value(json_object_get(r, "version")));
	if (json_object_get(r, "status"))
		printf(" (%s)", br_cli_str(r, "status"));
	if (json_is_true(json_object_get(r, "signed")))
		printf(" (signed)");
	printf("\n");
}

static void
print_history(json_t *r)
{
	size_t i;
	json_t *v;

	print_name(r);
	printf(": version %lld%s%s\n",
	       (long long)json_integer_value(json_object_get(r, "version")),
	       json_is_true(json_object_get(r, "voided")) ? ", entered in error"
	                                                  : "",
	       json_is_true(json_object_get(r, "signed")) ? ", signed" : "");
	json_array_foreach(json_object_get(r, "versions"), i, v)
	{
		const char *k;
		json_t *c;

		printf("  v%lld %s %s by %s from %s",
		       (long long)json_integer_value(
		               json_object_get(v, "version")),
		       br_cli_str(v, "at"), br_cli_str(v, "action"),
		       br_cli_str(v, "by"), br_cli_str(v, "origin"));
		json_object_foreach(json_object_get(v, "changes"), k, c)
		{
			char *from = json_dumps(json_object_get(c, "from"),
			                        JSON_ENCODE_ANY);
			char *to = json_dumps(json_object_get(c, "to"),
			                      JSON_ENCODE_ANY);

			printf("  %s %s -> %s", k, from ? from : "",
			       to ? to : "");
			free(from);
			free(to);
		}
		if (br_cli_str(v, "reason")[0])
			printf("  (%s)", br_cli_str(v, "reason"));
		printf("\n");
	}
}

/* The record fields' placeholders are their ranges in the kind's model
 * table (.fields), the ones the correction checks. */
#define REASON_OPT                                                             \
	{                                                                      \
		"reason", "reason", BR_ARG_VALUE, "TEXT", "why (required)"     \
	}
#define VERSION_OPT                                                            \
	{                                                                      \
		"version", "version", BR_ARG_VALUE, "N",                       \
		        "refuse when the record is no longer at version N"     \
	}

static const struct br_cli_opt session_opts[] = {
        {"pain-before", "pain_before", BR_ARG_VALUE, NULL,
         "pain before treatment"},
        {"pain-after", "pain_after", BR_ARG_VALUE, NULL,
         "pain after treatment"},
        {"needles", "needles", BR_ARG_VALUE, NULL, "needles inserted"},
        {"minutes", "minutes", BR_ARG_VALUE, NULL, "retention, minutes"},
        {"depth-mm", "depth_mm", BR_ARG_VALUE, NULL, "needling depth, mm"},
        {"note", "note", BR_ARG_VALUE, NULL, "the note"},
        REASON_OPT,
        VERSION_OPT,
        {NULL, NULL, 0, NULL, NULL, NULL},
};
static const struct br_cli_opt day_opts[] = {
        {"bed", "bed", BR_ARG_VALUE, NULL, "went to bed"},
        {"try", "try", BR_ARG_VALUE, NULL, "tried to sleep"},
        {"sol", "sol", BR_ARG_VALUE, NULL, "minutes to fall asleep"},
        {"wakes", "wakes", BR_ARG_VALUE, NULL, "awakenings"},
        {"waso", "waso", BR_ARG_VALUE, NULL, "minutes awake in the night"},
        {"final", "final", BR_ARG_VALUE, NULL, "final awakening"},
        {"up", "up", BR_ARG_VALUE, NULL, "got up"},
        {"quality", "quality", BR_ARG_VALUE, NULL, "sleep quality"},
        {"pain", "pain", BR_ARG_VALUE, NULL, "usual pain"},
        {"pain-worst", "pain_worst", BR_ARG_VALUE, NULL, "worst pain"},
        {"activity-min", "activity_min", BR_ARG_VALUE, NULL,
         "minutes of activity"},
        {"note", "note", BR_ARG_VALUE, NULL, "the note"},
        REASON_OPT,
        VERSION_OPT,
        {NULL, NULL, 0, NULL, NULL, NULL},
};
static const struct br_cli_opt reason_opts[] = {
        REASON_OPT,
        VERSION_OPT,
        {NULL, NULL, 0, NULL, NULL, NULL},
};
static const char *const id_arg[] = {"id", NULL};
static const char *const day_args[] = {"patient_id", "date", NULL};

static const struct br_cli_sub edit_subs[] = {
        {"day", day_opts, day_args, br_app_record_edit, print_done,
         .summary = "correct a diary day, keeping the earlier version",
         .fields = &br_diary_fields,
         .example = {"backrest edit day 12 2026-03-02 --pain 4 "
                     "--reason 'typed 7 for 4'"}},
        {"", session_opts, id_arg, br_app_record_edit, print_done,
         .summary = "correct a session, keeping the earlier version",
         .fields = &br_session_fields,
         .example = {"backrest edit 4711 --pain-after 3 --reason 'typo'"}},
        {NULL, NULL, NULL, NULL, NULL},
};
const struct br_cli_cmd br_cli_cmd_edit = {
        "edit", "Corrections", "correct a record with a reason", edit_subs};

static const struct br_cli_sub void_subs[] = {
        {"day", reason_opts, day_args, br_app_record_void, print_done,
         .summary = "mark a diary day entered in error",
         .example = {"backrest void day 12 2026-03-02 --reason 'not mine'"}},
        {"", reason_opts, id_arg, br_app_record_void, print_done,
         .summary = "mark a record entered in error (kept in its history)",
         .example = {"backrest void 4711 --reason 'wrong patient'"}},
        {NULL, NULL, NULL, NULL, NULL},
};
const struct br_cli_cmd br_cli_cmd_void = {
        "void", "Corrections", "mark a record entered in error", void_subs};

static const struct br_cli_sub sign_subs[] = {
        {"", NULL, id_arg, br_app_record_sign, print_done,
         .summary = "sign a session (signed after 24 hours anyway)",
         .example = {"backrest sign 4711"}},
        {NULL, NULL, NULL, NULL, NULL},
};
const struct br_cli_cmd br_cli_cmd_sign = {"sign", "Corrections",
                                           "sign a session", sign_subs};

static const struct br_cli_sub history_subs[] = {
        {"day", NULL, day_args, br_app_record_history, print_history,
         .summary = "the versions of a diary day",
         .example = {"backrest history day 12 2026-03-02"}},
        {"", NULL, id_arg, br_app_record_history, print_history,
         .summary = "the versions of a record",
         .example = {"backrest history 4711"}},
        {NULL, NULL, NULL, NULL, NULL},
};
const struct br_cli_cmd br_cli_cmd_history = {
        "history", "Corrections", "the versions of a record", history_subs};
