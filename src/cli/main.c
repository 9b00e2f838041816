/*
 * main.c - the backrest command: global options and the command table.
 *
 * Global options may appear anywhere on the command line (help.c
 * describes them to the user):
 *   --db PATH       the database (else $BACKREST_DB, else ./backrest.db):
 *                   a file (SQLite) or postgresql://... (PostgreSQL)
 *   --today DATE    fixes "today" (else $BACKREST_TODAY, else the clock)
 *   --json          print exactly one JSON document on stdout
 *   --quiet         no progress output
 *   --instruments DIR  instrument definitions overriding the built-in
 *                   ones (else $BACKREST_INSTRUMENTS)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/parse.h"

/*
 * The command table: every command in the order help, the man page and
 * README list them (grouped by section).  A new command group is a
 * cmd_<group>.c exporting a struct br_cli_cmd, declared in cli.h and
 * added here.
 */
const struct br_cli_cmd *const br_cli_commands[] = {
        &br_cli_cmd_init,
        &br_cli_cmd_clinic,
        &br_cli_cmd_user,
        &br_cli_cmd_serve,
        &br_cli_cmd_demo,
        &br_cli_cmd_migrate,
        &br_cli_cmd_backup,
        &br_cli_cmd_restore,
        &br_cli_cmd_patient,
        &br_cli_cmd_episode,
        &br_cli_cmd_intake,
        &br_cli_cmd_summary,
        &br_cli_cmd_education,
        &br_cli_cmd_diary,
        &br_cli_cmd_sleep,
        &br_cli_cmd_score,
        &br_cli_cmd_measure,
        &br_cli_cmd_analyze,
        &br_cli_cmd_screen,
        &br_cli_cmd_plan,
        &br_cli_cmd_review,
        &br_cli_cmd_outcome,
        &br_cli_cmd_report,
        &br_cli_cmd_session,
        &br_cli_cmd_template,
        &br_cli_cmd_tcm,
        &br_cli_cmd_herbal,
        &br_cli_cmd_exercise,
        &br_cli_cmd_pace,
        &br_cli_cmd_checkin,
        &br_cli_cmd_visit,
        &br_cli_cmd_due,
        &br_cli_cmd_remind,
        &br_cli_cmd_reminders, /* and the patient's choice of them */
        &br_cli_cmd_overview,
        &br_cli_cmd_cohort,
        &br_cli_cmd_edit,
        &br_cli_cmd_void,
        &br_cli_cmd_sign,
        &br_cli_cmd_history,
        &br_cli_cmd_audit,
        &br_cli_cmd_reindex,
        &br_cli_cmd_export,
        &br_cli_cmd_import,
        NULL,
};

/* Takes the global options out of argv; returns the new argc or -1. */
static int
global_options(struct br_cli *cli, int argc, char **argv, const char **today,
               const char **instruments, struct br_err *err)
{
	int out = 1;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char **target = NULL;
		size_t n;

		if (strcmp(a, "--") == 0) {
			while (i < argc)
				argv[out++] = argv[i++];
			break;
		}
		if (strcmp(a, "--json") == 0) {
			cli->json = true;
			continue;
		}
		if (strcmp(a, "--quiet") == 0) {
			cli->quiet = true;
			continue;
		}
		if (strncmp(a, "--db", 4) == 0 && (a[4] == '\0' || a[4] == '='))
			target = &cli->db_path;
		else if (strncmp(a, "--today", 7) == 0 &&
		         (a[7] == '\0' || a[7] == '='))
			target = today;
		else if (strncmp(a, "--instruments", 13) == 0 &&
		         (a[13] == '\0' || a[13] == '='))
			target = instruments;
		if (target == NULL) {
			argv[out++] = argv[i];
			continue;
		}
		n = strcspn(a, "=");
		if (a[n] == '=') {
			*target = a + n + 1;
		} else if (i + 1 < argc) {
			*target = argv[++i];
		} else {
			br_error(err, BR_EINVAL, a, "option %s needs a value",
			         a);
			return -1;
		}
	}
	argv[out] = NULL;
	return out;
}

int
main(int argc, char **argv)
{
	struct br_cli cli;
	struct br_err err = BR_ERR_INIT;
	const char *today = getenv("BACKREST_TODAY");
	const char *instruments = getenv("BACKREST_INSTRUMENTS");
	const char *login = getenv("USER");
	int rc = 1;

	memset(&cli, 0, sizeof(cli));
	cli.db_path = getenv("BACKREST_DB");
	argc = global_options(&cli, argc, argv, &today, &instruments, &err);
	if (argc < 0)
		return br_cli_fail(&cli, &err);
	if (cli.db_path == NULL || cli.db_path[0] == '\0')
		cli.db_path = "backrest.db";
	cli.app.today = br_today_local();
	if (today && today[0] &&
	    br_parse_date("today", today, &cli.app.today, &err) < 0)
		return br_cli_fail(&cli, &err);
	snprintf(cli.actor, sizeof(cli.actor), "cli:%s",
	         login && login[0] ? login : "unknown");
	cli.app.actor = cli.actor;
	cli.app.origin = "cli";
	cli.app.instruments_dir =
	        instruments && instruments[0] ? instruments : NULL;
	cli.app.quiet = cli.quiet || !isatty(STDERR_FILENO);

	if (argc < 2) {
		br_error(&err, BR_EINVAL, "command",
		         "a command is needed; run 'backrest help' for the "
		         "list");
		br_cli_fail(&cli, &err);
		fputc('\n', stderr);
		br_cli_help_top(stderr);
		return 2;
	}
	if (strcmp(argv[1], "help") == 0)
		return br_cli_help_main(&cli, argc - 1, argv + 1);
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
		return br_cli_help_main(&cli, 1, argv + 1);
	for (const struct br_cli_cmd *const *c = br_cli_commands; *c; c++)
		if (strcmp(argv[1], (*c)->name) == 0) {
			rc = br_cli_command(&cli, *c, argc - 1, argv + 1);
			br_store_close(cli.app.store);
			return rc;
		}
	br_error(&err, BR_EINVAL, "command",
	         "unknown command '%.40s'; run "
	         "'backrest help' for the list",
	         argv[1]);
	return br_cli_fail(&cli, &err);
}
