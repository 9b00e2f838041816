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

#include "app/app.h"

struct br_cli {
	struct br_app app;
	const char *db_path; /* --db, $BACKREST_DB or ./backrest.db */
	bool json;           /* --json: one JSON document on stdout */
	bool quiet;          /* --quiet: no progress output */
	char actor[80];      /* "cli:<login>" */
};

enum br_cli_arg {
	BR_ARG_VALUE,  /* --key VALUE: "key": "VALUE" */
	BR_ARG_FLAG,   /* --key: "key": true */
	BR_ARG_REPEAT, /* --key A --key B: "key": ["A", "B"] */
};

struct br_cli_opt {
	const char *flag; /* long option without dashes, e.g. "pain-worst" */
	const char *key;  /* input field, e.g. "pain_worst" */
	enum br_cli_arg kind;
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

/* Opens the store named by the global options into cli->app. */
int br_cli_open(struct br_cli *cli, struct br_err *err);

/* Runs fn on in (stolen) and prints the result: as JSON with --json, else
 * through print (which may be NULL for JSON-only).  Returns the exit
 * status. */
int br_cli_run(struct br_cli *cli, br_app_fn fn, json_t *in,
               void (*print)(json_t *result));

/* Prints err as the one-sentence failure (and the JSON error document with
 * --json); returns the exit status for it. */
int br_cli_fail(struct br_cli *cli, const struct br_err *err);

/* Parses argv with opts/positionals and runs fn: the whole of a simple
 * command. */
int br_cli_simple(struct br_cli *cli, int argc, char **argv,
                  const struct br_cli_opt *opts, const char *const *positionals,
                  br_app_fn fn, void (*print)(json_t *result));

/* One subcommand of a group: "add", "list" ...; the entry named "" is the
 * default, used when argv[1] names no subcommand (as in "plan EPISODE"). */
struct br_cli_sub {
	const char *name;
	const struct br_cli_opt *opts;
	const char *const *positionals;
	br_app_fn fn;
	void (*print)(json_t *result);
};

/* Runs the subcommand of a group named by argv[1] (list ends with a NULL
 * name). */
int br_cli_dispatch(struct br_cli *cli, int argc, char **argv,
                    const struct br_cli_sub *subs);

/* Helpers for human output. */
const char *br_cli_str(json_t *obj, const char *key); /* "-" when null */
void br_cli_print_int(const char *label, json_t *obj, const char *key);

int cmd_init(struct br_cli *cli, int argc, char **argv);
int cmd_clinic(struct br_cli *cli, int argc, char **argv);
int cmd_patient(struct br_cli *cli, int argc, char **argv);
int cmd_episode(struct br_cli *cli, int argc, char **argv);
int cmd_diary(struct br_cli *cli, int argc, char **argv);
int cmd_session(struct br_cli *cli, int argc, char **argv);
int cmd_score(struct br_cli *cli, int argc, char **argv);
/* Human output of a score or measure (cmd_score.c). */
void br_cli_print_score(json_t *s);
int cmd_measure(struct br_cli *cli, int argc, char **argv);
int cmd_screen(struct br_cli *cli, int argc, char **argv);
int cmd_plan(struct br_cli *cli, int argc, char **argv);
int cmd_review(struct br_cli *cli, int argc, char **argv);
int cmd_exercise(struct br_cli *cli, int argc, char **argv);
int cmd_pace(struct br_cli *cli, int argc, char **argv);
int cmd_due(struct br_cli *cli, int argc, char **argv);
int cmd_demo(struct br_cli *cli, int argc, char **argv);
int cmd_overview(struct br_cli *cli, int argc, char **argv);
int cmd_summary(struct br_cli *cli, int argc, char **argv);
int cmd_serve(struct br_cli *cli, int argc, char **argv);
int cmd_user(struct br_cli *cli, int argc, char **argv);
int cmd_audit(struct br_cli *cli, int argc, char **argv);
int cmd_intake(struct br_cli *cli, int argc, char **argv);
int cmd_tcm(struct br_cli *cli, int argc, char **argv);
int cmd_herbal(struct br_cli *cli, int argc, char **argv);
int cmd_visit(struct br_cli *cli, int argc, char **argv);
int cmd_checkin(struct br_cli *cli, int argc, char **argv);
int cmd_education(struct br_cli *cli, int argc, char **argv);

/* Intake and TCM printers shared with other groups (cmd_intake.c,
 * cmd_tcm.c): an episode view's "intake", and the points history. */
void br_cli_print_intake(json_t *episode);
void br_cli_print_points(json_t *history);
int cmd_export(struct br_cli *cli, int argc, char **argv);
int cmd_import(struct br_cli *cli, int argc, char **argv);
int cmd_migrate(struct br_cli *cli, int argc, char **argv);
int cmd_analyze(struct br_cli *cli, int argc, char **argv);
int cmd_cohort(struct br_cli *cli, int argc, char **argv);
int cmd_reindex(struct br_cli *cli, int argc, char **argv);
int cmd_outcome(struct br_cli *cli, int argc, char **argv);
int cmd_report(struct br_cli *cli, int argc, char **argv);

#endif
