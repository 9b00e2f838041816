/*
 * cli.h - the command-line shell: global options, turning flags into a use
 * case's input object, and printing its result.
 *
 * Each command group lives in cmd_<group>.c and exports one
 * cmd_<group>(cli, argc, argv) that returns the process exit status
 * (0 ok, 2 bad input, 1 other failure).  argv[0] is the group name.
 */
#ifndef BR_CLI_CLI_H
#define BR_CLI_CLI_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

#include "app/app.h"

struct br_cli {
	struct br_app app;
	const char *db_path; /* --db, $BACKREST_DB or ./backrest.db */
	bool json;           /* --json: one JSON document on stdout */
	bool quiet;          /* --quiet: no progress output */
	char actor[80];      /* "cli:<login>" */
	/* The subcommand running (for naming fields in errors), and the
	 * words that chose it ("diary add"). */
	const struct br_cli_sub *sub;
	char path[64];
};

enum br_cli_arg {
	BR_ARG_VALUE,  /* --key VALUE: "key": "VALUE" */
	BR_ARG_FLAG,   /* --key: "key": true */
	BR_ARG_REPEAT, /* --key A --key B: "key": ["A", "B"] */
};

/*
 * One option of a subcommand.  flag, key and kind drive parsing; value and
 * help drive the help text, the man page, the bash completion and the
 * error messages (an error about input key "pain_worst" names
 * "--pain-worst").  Tables are written positionally:
 *
 *   {"pain-worst", "pain_worst", BR_ARG_VALUE, NULL, "worst pain"},
 *
 * value is the placeholder shown after the flag ("YYYY-MM-DD", "HH:MM",
 * "0-10", "a|b|c", "ID[,...]"); NULL for BR_ARG_FLAG.  A range or a
 * vocabulary is never written here: leave value NULL and name the
 * subcommand's field table (br_cli_sub.fields), whose field of the same
 * key gives it, or point vocab at a NULL-terminated list of a public
 * header (the placeholder becomes "a|b|c").
 */
struct br_cli_opt {
	const char *flag; /* long option without dashes, e.g. "pain-worst" */
	const char *key;  /* input field, e.g. "pain_worst" */
	enum br_cli_arg kind;
	const char *value;        /* placeholder, e.g. "0-10" */
	const char *help;         /* one short line, lowercase, no period */
	const char *const *vocab; /* optional: the allowed values */
};

/*
 * Parses argv (argv[0] is the command name) into a new input object: the
 * options of opts (NULL-terminated by flag), then the positional arguments
 * named by positionals (NULL-terminated).  Returns 0 or BR_EINVAL with a
 * sentence in err; *in is then NULL.
 */
int br_cli_parse(int argc, char **argv, const struct br_cli_opt *opts,
                 const char *const *positionals, json_t **in,
                 struct br_err *err);

/* Opens the store named by the global options into cli->app.  Only init,
 * demo and import create a missing database; other commands refuse it
 * (BR_ENOTFOUND naming --db and how to create one). */
int br_cli_open(struct br_cli *cli, struct br_err *err);

/* Runs fn on in (stolen) and prints the result: as JSON with --json, else
 * through print (which may be NULL for JSON-only).  Returns the exit
 * status. */
int br_cli_run(struct br_cli *cli, br_app_fn fn, json_t *in,
               void (*print)(json_t *result));

/* Prints err as the one-sentence failure (and the JSON error document with
 * --json); returns the exit status for it.  An input key the running
 * subcommand knows (cli->sub) is named as the user typed it: the field
 * and the sentence say "--pain-worst" or "PATIENT_ID", not "pain_worst"
 * or "patient_id". */
int br_cli_fail(struct br_cli *cli, const struct br_err *err);

/* Parses argv with opts/positionals and runs fn: the whole of a simple
 * command. */
int br_cli_simple(struct br_cli *cli, int argc, char **argv,
                  const struct br_cli_opt *opts, const char *const *positionals,
                  br_app_fn fn, void (*print)(json_t *result));

/*
 * One subcommand of a command: "add", "list" ...; the entry named "" is
 * the default, used when argv[1] names no subcommand (as in "plan
 * EPISODE"), and a command without subcommands has only that entry.  A
 * table ends with a NULL name.  Written positionally up to print, the rest
 * by name:
 *
 *   {"add", add_opts, patient_arg, br_app_diary_add, print_day,
 *    .summary = "record one day of the sleep and pain diary",
 *    .example = {"backrest diary add 1 --date 2026-03-02 --pain 4"}},
 *
 * positionals are input keys; help shows them upper-cased ("patient_id"
 * -> PATIENT_ID).
 */
struct br_cli_sub {
	const char *name;
	const struct br_cli_opt *opts;
	const char *const *positionals;
	br_app_fn fn;
	void (*print)(json_t *result);
	const char *summary;    /* one line, lowercase, no period */
	const char *example[2]; /* whole command lines, "backrest ..." */
	/* Runs the subcommand instead of br_cli_simple (argv[0] is the
	 * subcommand's name, or the command's for the default); opts and
	 * positionals still describe it. */
	int (*run)(struct br_cli *cli, int argc, char **argv);
	const struct br_cli_sub *subs; /* a nested group ("visit feed") */
	const char *synopsis; /* overrides the generated argument line */
	/* Optional: fills the placeholder and help of an option whose value
	 * and help are NULL from a field table; returns false when it does
	 * not know key. */
	bool (*describe)(const char *key, char *value, size_t n,
	                 const char **help);
	/* Optional: the model's field table of the use case's input
	 * (model/field.h).  An option whose value is NULL shows its field's
	 * range, vocabulary or shape ("1-100", "min|m|steps|reps",
	 * "YYYY-MM-DD"), and one whose help is NULL its field's doc, so the
	 * help, the man page and the completion say what the use case
	 * checks. */
	const struct br_fields *fields;
};

/* A command: a name, a one-line summary, a section of the command list,
 * and its subcommands. */
struct br_cli_cmd {
	const char *name;
	const char *section; /* heading in help, the man page and README */
	const char *summary; /* one line, lowercase, no period */
	const struct br_cli_sub *subs;
};

/* The command table (main.c), NULL-terminated. */
extern const struct br_cli_cmd *const br_cli_commands[];

/* Runs cmd (argv[0] is its name): picks the subcommand, answers -h and
 * --help at every level, prints the usage on a missing or unknown
 * subcommand (exit 2). */
int br_cli_command(struct br_cli *cli, const struct br_cli_cmd *cmd, int argc,
                   char **argv);

/* Runs the subcommand of a group named by argv[1] (list ends with a NULL
 * name); kept for groups that pick among several tables themselves. */
int br_cli_dispatch(struct br_cli *cli, int argc, char **argv,
                    const struct br_cli_sub *subs);

/*
 * help.c: the help text, the machine-readable listing, the man page and
 * the bash completion, all generated from br_cli_commands.
 *
 * br_cli_help_main runs "backrest help [--man | --completion bash |
 * COMMAND [SUB...]]" (argv[0] is "help").  br_cli_usage prints the help of
 * a command (sub NULL) or one subcommand to f; path is the words after
 * "backrest" ("visit feed").
 */
int br_cli_help_main(struct br_cli *cli, int argc, char **argv);
/* The top-level help: global options and the commands by section. */
void br_cli_help_top(FILE *f);
void br_cli_usage(FILE *f, const struct br_cli_cmd *cmd, const char *path,
                  const struct br_cli_sub *subs, const struct br_cli_sub *sub);
/* Only the usage lines of subs under path, and where to read more (after
 * a missing or unknown subcommand). */
void br_cli_usage_brief(FILE *f, const char *path,
                        const struct br_cli_sub *subs);
/* The placeholder of o in sub ("YYYY-MM-DD"; "" for a flag) into buf. */
const char *br_cli_opt_value(const struct br_cli_sub *sub,
                             const struct br_cli_opt *o, char *buf, size_t n);
/* The one-line help of o in sub ("" when none). */
const char *br_cli_opt_help(const struct br_cli_sub *sub,
                            const struct br_cli_opt *o);
/* The placeholder of a positional input key: "patient_id" -> PATIENT_ID. */
const char *br_cli_pos_name(const char *key, char *buf, size_t n);

/* Helpers for human output. */
const char *br_cli_str(json_t *obj, const char *key); /* "-" when null */
void br_cli_print_int(const char *label, json_t *obj, const char *key);

extern const struct br_cli_cmd br_cli_cmd_init;
extern const struct br_cli_cmd br_cli_cmd_clinic;
extern const struct br_cli_cmd br_cli_cmd_patient;
extern const struct br_cli_cmd br_cli_cmd_episode;
extern const struct br_cli_cmd br_cli_cmd_diary;
extern const struct br_cli_cmd br_cli_cmd_sleep;
extern const struct br_cli_cmd br_cli_cmd_session;
extern const struct br_cli_cmd br_cli_cmd_template;
extern const struct br_cli_cmd br_cli_cmd_score;
extern const struct br_cli_cmd br_cli_cmd_edit, br_cli_cmd_void,
        br_cli_cmd_sign, br_cli_cmd_history;
/* Human output of a score or measure (cmd_score.c). */
void br_cli_print_score(json_t *s);
extern const struct br_cli_cmd br_cli_cmd_measure;
extern const struct br_cli_cmd br_cli_cmd_screen;
extern const struct br_cli_cmd br_cli_cmd_plan;
extern const struct br_cli_cmd br_cli_cmd_review;
extern const struct br_cli_cmd br_cli_cmd_exercise;
extern const struct br_cli_cmd br_cli_cmd_pace;
extern const struct br_cli_cmd br_cli_cmd_due;
extern const struct br_cli_cmd br_cli_cmd_remind;
extern const struct br_cli_cmd br_cli_cmd_reminders;
/* serve's and remind's mail options (--smtp, --smtp-password-file,
 * --mail-from, --public-url) in in, read into smtp and cfg
 * (cmd_remind.c). */
struct br_smtp;
struct br_remind_config;
int br_cli_remind_config(json_t *in, struct br_smtp *smtp,
                         struct br_remind_config *cfg, struct br_err *err);
extern const struct br_cli_cmd br_cli_cmd_demo;
extern const struct br_cli_cmd br_cli_cmd_overview;
extern const struct br_cli_cmd br_cli_cmd_summary;
extern const struct br_cli_cmd br_cli_cmd_serve;
extern const struct br_cli_cmd br_cli_cmd_user;
extern const struct br_cli_cmd br_cli_cmd_audit;
extern const struct br_cli_cmd br_cli_cmd_intake;
extern const struct br_cli_cmd br_cli_cmd_tcm;
extern const struct br_cli_cmd br_cli_cmd_herbal;
extern const struct br_cli_cmd br_cli_cmd_visit;
extern const struct br_cli_cmd br_cli_cmd_checkin;
extern const struct br_cli_cmd br_cli_cmd_education;

/* Intake and TCM printers shared with other groups (cmd_intake.c,
 * cmd_tcm.c): an episode view's "intake", and the points history. */
void br_cli_print_intake(json_t *episode);
void br_cli_print_points(json_t *history);
extern const struct br_cli_cmd br_cli_cmd_export;
extern const struct br_cli_cmd br_cli_cmd_import;
extern const struct br_cli_cmd br_cli_cmd_migrate;
extern const struct br_cli_cmd br_cli_cmd_backup;
extern const struct br_cli_cmd br_cli_cmd_restore;
extern const struct br_cli_cmd br_cli_cmd_analyze;
extern const struct br_cli_cmd br_cli_cmd_cohort;
extern const struct br_cli_cmd br_cli_cmd_reindex;
extern const struct br_cli_cmd br_cli_cmd_outcome;
extern const struct br_cli_cmd br_cli_cmd_report;

#endif
