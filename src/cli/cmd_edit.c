/*
 * cmd_edit.c - backrest edit, void, sign and history: corrections with
 * history (app/corrections.h).  A record is named by its id (ids are
 * unique across kinds, so the id says what it is), a diary day by its
 * patient and date ("day"), a check-in by its session ("checkin") and an
 * intake by its episode ("intake").
 *
 * edit takes the record's fields as the kind's add command does
 * (--pain-after 3, --points BL23,BL40:L): any option but --reason and
 * --version is a field, its key the flag with underscores ("pain_after")
 * or the key an add command gives that flag ("--medicine" ->
 * "medicines"); the use case checks it against the kind's model table
 * and an error names the option as typed.  An empty value clears a
 * field (--note '').
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "app/corrections.h"

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

#define REASON_OPT                                                             \
	{                                                                      \
		"reason", "reason", BR_ARG_VALUE, "TEXT", "why (required)"     \
	}
#define VERSION_OPT                                                            \
	{                                                                      \
		"version", "version", BR_ARG_VALUE, "N",                       \
		        "refuse when the record is no longer at version N"     \
	}
#define END_OPT                                                                \
	{                                                                      \
		NULL, NULL, 0, NULL, NULL, NULL                                \
	}

static const struct br_cli_opt reason_opts[] = {REASON_OPT, VERSION_OPT,
                                                END_OPT};

/* The input key and kind of a field's flag: an add command's option of
 * that flag, else the flag with underscores. */
static void
field_of(const char *flag, char *key, size_t n, enum br_cli_arg *kind)
{
	for (size_t c = 0; br_cli_commands[c]; c++)
		for (const struct br_cli_sub *s = br_cli_commands[c]->subs;
		     s && s->name; s++)
			for (const struct br_cli_opt *o = s->opts; o && o->flag;
			     o++)
				if (strcmp(o->flag, flag) == 0 &&
				    o->kind != BR_ARG_FLAG) {
					snprintf(key, n, "%s", o->key);
					*kind = o->kind;
					return;
				}
	snprintf(key, n, "%s", flag);
	for (char *p = key; *p; p++)
		if (*p == '-')
			*p = '_';
	*kind = BR_ARG_VALUE;
}

#define MAX_FIELDS 48

/* Runs an edit subcommand with the options it was given: --reason,
 * --version and every other --FLAG VALUE as a field of the record. */
static int
run_edit(struct br_cli *cli, int argc, char **argv)
{
	struct br_cli_opt opts[MAX_FIELDS + 3];
	char keys[MAX_FIELDS][48];
	struct br_cli_sub sub = *cli->sub;
	size_t n = 0;

	opts[n++] = (struct br_cli_opt)REASON_OPT;
	opts[n++] = (struct br_cli_opt)VERSION_OPT;
	for (int i = 1; i < argc && n < MAX_FIELDS + 2; i++) {
		const char *flag = argv[i] + 2;
		bool seen = false;
		enum br_cli_arg kind;

		if (strncmp(argv[i], "--", 2) != 0 || !flag[0] ||
		    strchr(flag, '='))
			continue;
		for (size_t j = 0; j < n; j++)
			seen = seen || strcmp(opts[j].flag, flag) == 0;
		if (seen)
			continue;
		field_of(flag, keys[n - 2], sizeof(keys[0]), &kind);
		opts[n] = (struct br_cli_opt){flag,
		                              keys[n - 2],
		                              kind,
		                              "VALUE",
		                              "a field of the record",
		                              NULL};
		n++;
	}
	opts[n] = (struct br_cli_opt)END_OPT;
	sub.opts = opts;
	cli->sub = &sub;
	return br_cli_simple(cli, argc, argv, opts, sub.positionals, sub.fn,
	                     sub.print);
}

static const char *const id_arg[] = {"id", NULL};
static const char *const day_args[] = {"patient_id", "date", NULL};
static const char *const session_arg[] = {"session_id", NULL};
static const char *const episode_arg[] = {"episode_id", NULL};

#define FIELDS " --FIELD VALUE... --reason TEXT [--version N]"

static const struct br_cli_sub edit_subs[] = {
        {"day", reason_opts, day_args, br_app_record_edit, print_done,
         .summary = "correct a diary day, keeping the earlier version",
         .example = {"backrest edit day 12 2026-03-02 --pain 4 "
                     "--reason 'typed 7 for 4'"},
         .run = run_edit, .synopsis = "PATIENT_ID DATE" FIELDS},
        {"checkin", reason_opts, session_arg, br_app_checkin_edit, print_done,
         .summary = "correct a session's check-in, keeping the earlier "
                    "version",
         .example = {"backrest edit checkin 4711 --soreness 2 --reason "
                     "'misheard'"},
         .run = run_edit, .synopsis = "SESSION_ID" FIELDS},
        {"intake", reason_opts, episode_arg, br_app_intake_edit, print_done,
         .summary = "correct an episode's intake, keeping the earlier "
                    "version",
         .example = {"backrest edit intake 812 --work '' --reason 'not "
                     "asked'"},
         .run = run_edit, .synopsis = "EPISODE_ID" FIELDS},
        {"", reason_opts, id_arg, br_app_record_edit, print_done,
         .summary = "correct a record (session, measure, screen, visit, "
                    "prescription, plan item, exercise or pacing log, TCM "
                    "assessment, patient, episode) with the fields of its "
                    "add command; an empty value clears one",
         .example = {"backrest edit 4711 --pain-after 3 --reason 'typo'",
                     "backrest edit 5120 --answers 1,2,0,3 --reason "
                     "'item 3 misread'"},
         .run = run_edit, .synopsis = "ID" FIELDS},
        {NULL, NULL, NULL, NULL, NULL},
};
const struct br_cli_cmd br_cli_cmd_edit = {
        "edit", "Corrections", "correct a record with a reason", edit_subs};

static const struct br_cli_sub void_subs[] = {
        {"day", reason_opts, day_args, br_app_record_void, print_done,
         .summary = "mark a diary day entered in error",
         .example = {"backrest void day 12 2026-03-02 --reason 'not mine'"}},
        {"checkin", reason_opts, session_arg, br_app_checkin_void, print_done,
         .summary = "mark a session's check-in entered in error",
         .example = {"backrest void checkin 4711 --reason 'other patient'"}},
        {"intake", reason_opts, episode_arg, br_app_intake_void, print_done,
         .summary = "mark an episode's intake entered in error",
         .example = {"backrest void intake 812 --reason 'other patient'"}},
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
        {"checkin", NULL, session_arg, br_app_checkin_history, print_history,
         .summary = "the versions of a session's check-in",
         .example = {"backrest history checkin 4711"}},
        {"intake", NULL, episode_arg, br_app_intake_history, print_history,
         .summary = "the versions of an episode's intake",
         .example = {"backrest history intake 812"}},
        {"", NULL, id_arg, br_app_record_history, print_history,
         .summary = "the versions of a record",
         .example = {"backrest history 4711"}},
        {NULL, NULL, NULL, NULL, NULL},
};
const struct br_cli_cmd br_cli_cmd_history = {
        "history", "Corrections", "the versions of a record", history_subs};
