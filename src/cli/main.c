/*
 * main.c - the backrest command: global options and the command table.
 *
 * Global options may appear anywhere on the command line:
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

struct command {
	const char *name;
	int (*fn)(struct br_cli *cli, int argc, char **argv);
	const char *usage;
};

static const struct command commands[] = {
        {"init", cmd_init, "init [--clinic NAME]"},
        {"clinic", cmd_clinic, "clinic add --name NAME | list"},
        {"patient", cmd_patient, "patient add|list|show ..."},
        {"episode", cmd_episode, "episode open|show|close ..."},
        {"diary", cmd_diary, "diary add|list PATIENT_ID ..."},
        {"session", cmd_session, "session add|list|points EPISODE_ID ..."},
        {"score", cmd_score,
         "score INSTRUMENT --answers A1,A2,... | list | show ID"},
        {"measure", cmd_measure, "measure add|list EPISODE_ID ..."},
        {"screen", cmd_screen, "screen [clear|list|flags] EPISODE_ID ..."},
        {"plan", cmd_plan,
         "plan EPISODE_ID [--guideline all|cochrane|acp|nice] | "
         "add|end|routine EPISODE_ID ..."},
        {"review", cmd_review, "review EPISODE_ID [--treatment ID]"},
        {"exercise", cmd_exercise,
         "exercise assign|log|next EPISODE_ID ... | library"},
        {"pace", cmd_pace, "pace set|log|next EPISODE_ID ..."},
        {"due", cmd_due, "due [--date YYYY-MM-DD]"},
        {"overview", cmd_overview, "overview"},
        {"summary", cmd_summary, "summary PATIENT_ID"},
        {"intake", cmd_intake, "intake EPISODE_ID [FIELDS] | show EPISODE_ID"},
        {"tcm", cmd_tcm, "tcm add|show SESSION_ID | last|list EPISODE_ID"},
        {"herbal", cmd_herbal,
         "herbal add|list|handout EPISODE_ID | adverse|stop RX_ID"},
        {"analyze", cmd_analyze,
         "analyze sleep-pain PATIENT_ID [--from D] [--to D]"},
        {"cohort", cmd_cohort,
         "cohort [--by modality|phase|risk|practitioner] [--from D] [--to D]"},
        {"reindex", cmd_reindex, "reindex [--check]"},
        {"outcome", cmd_outcome, "outcome EPISODE_ID"},
        {"report", cmd_report,
         "report EPISODE_ID [--format html|pdf|json] [--out FILE] "
         "[--since D]"},
        {"visit", cmd_visit,
         "visit book|propose|book-course|adherence EPISODE_ID | "
         "list | cancel|attend|missed VISIT_ID | ics | feed ..."},
        {"checkin", cmd_checkin,
         "checkin add|show SESSION_ID | list EPISODE_ID"},
        {"education", cmd_education, "education PATIENT_ID [--all]"},
        {"demo", cmd_demo, "demo [--patients N] [--days D] [--seed S]"},
        {"serve", cmd_serve, "serve [--listen ADDR:PORT] [--secure-cookies]"},
        {"user", cmd_user, "user add|passwd|list ..."},
        {"audit", cmd_audit, "audit [--patient ID] [--user ID] [--limit N]"},
        {"export", cmd_export, "export fhir|ndjson|csv|stricta ..."},
        {"import", cmd_import, "import fhir|csv FILE ... | ndjson --dir DIR"},
        {"migrate", cmd_migrate,
         "migrate --from sqlite:PATH|postgresql://... --to ..."},
        {NULL, NULL, NULL},
};

static void
usage(FILE *f)
{
	fprintf(f, "usage: backrest [--db PATH] [--today YYYY-MM-DD] [--json] "
	           "[--quiet] [--instruments DIR] COMMAND ...\n\ncommands:\n");
	for (const struct command *c = commands; c->name; c++)
		fprintf(f, "  backrest %s\n", c->usage);
}

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

	if (argc < 2 || strcmp(argv[1], "help") == 0 ||
	    strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	for (const struct command *c = commands; c->name; c++)
		if (strcmp(argv[1], c->name) == 0) {
			rc = c->fn(&cli, argc - 1, argv + 1);
			br_store_close(cli.app.store);
			return rc;
		}
	br_error(&err, BR_EINVAL, "command",
	         "unknown command '%.40s'; run "
	         "'backrest help' for the list",
	         argv[1]);
	return br_cli_fail(&cli, &err);
}
