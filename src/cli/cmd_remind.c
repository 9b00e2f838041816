/*
 * cmd_remind.c - backrest remind: one pass of the email reminders (for
 * cron; `serve --smtp` runs passes itself), and backrest reminders: a
 * patient's reminder choices.
 */
#include <stdio.h>
#include <string.h>

#include "app/remind.h"
#include "cli/cli.h"
#include "core/parse.h"
#include "core/visits.h"

/* The options serve shares (cmd_serve.c lists them too). */
#define SMTP_OPTS                                                              \
	{"smtp", "smtp", BR_ARG_VALUE, "URL",                                  \
	 "the mail server: smtps://user@host:port, or smtp://... with "        \
	 "STARTTLS (required unless on loopback)"},                            \
	        {"smtp-password-file", "smtp_password_file", BR_ARG_VALUE,     \
	         "FILE",                                                       \
	         "the mail server's password (else $BACKREST_SMTP_PASSWORD)"}, \
	        {"mail-from", "mail_from", BR_ARG_VALUE, "ADDRESS",            \
	         "the sender of the reminders"},                               \
	{                                                                      \
		"public-url", "public_url", BR_ARG_VALUE, "URL",               \
		        "where patients open backrest, for the links in the "  \
		        "emails"                                               \
	}

int
br_cli_remind_config(json_t *in, struct br_smtp *smtp,
                     struct br_remind_config *cfg, struct br_err *err)
{
	const char *url = json_string_value(json_object_get(in, "public_url"));
	int rc;

	memset(cfg, 0, sizeof(*cfg));
	rc = br_smtp_config(
	        smtp, json_string_value(json_object_get(in, "smtp")),
	        json_string_value(json_object_get(in, "smtp_password_file")),
	        json_string_value(json_object_get(in, "mail_from")), err);
	if (rc < 0)
		return rc;
	if (url == NULL ||
	    (strncmp(url, "https://", 8) != 0 &&
	     strncmp(url, "http://", 7) != 0) ||
	    strlen(url) > 400 || strpbrk(url, "\"<> \r\n")) {
		br_smtp_clear(smtp);
		return br_error(err, BR_EINVAL, "public_url",
		                "public_url must be the address patients open, "
		                "such as https://clinic.example");
	}
	cfg->smtp = smtp;
	cfg->public_url = url;
	/* The trailing slash is the page's. */
	if (url[strlen(url) - 1] == '/')
		json_object_set_new(in, "public_url",
		                    json_stringn(url, strlen(url) - 1));
	cfg->public_url = json_string_value(json_object_get(in, "public_url"));
	return 0;
}

static void
print_pass(json_t *r)
{
	printf("sent %lld, failed %lld (tried again next pass), already sent "
	       "%lld, stopped by the patient %lld, no email address %lld, "
	       "quiet hours %lld\n",
	       (long long)json_integer_value(json_object_get(r, "sent")),
	       (long long)json_integer_value(json_object_get(r, "failed")),
	       (long long)json_integer_value(json_object_get(r, "done_before")),
	       (long long)json_integer_value(json_object_get(r, "stopped")),
	       (long long)json_integer_value(json_object_get(r, "no_address")),
	       (long long)json_integer_value(json_object_get(r, "quiet")));
}

static const struct br_cli_opt pass_opts[] = {
        SMTP_OPTS,
        {"now", "now", BR_ARG_VALUE, "YYYY-MM-DDTHH:MM",
         "the local time of the pass (default: the clock)"},
        {NULL, NULL, 0, NULL, NULL, NULL},
};

static int
run_pass(struct br_cli *cli, int argc, char **argv)
{
	struct br_err err = BR_ERR_INIT;
	struct br_remind_config cfg;
	struct br_smtp smtp;
	json_t *in = NULL, *out = NULL;
	const char *now;
	int rc = br_cli_parse(argc, argv, pass_opts, NULL, &in, &err);

	if (rc == 0)
		rc = br_cli_remind_config(in, &smtp, &cfg, &err);
	now = json_string_value(json_object_get(in, "now"));
	if (rc == 0 && now) {
		int32_t day = 0;
		int m = 0;

		rc = br_parse_datetime("now", now, &day, &m, &err);
		cfg.now = (int64_t)day * 1440 + m;
	}
	if (rc == 0)
		rc = br_cli_open(cli, &err);
	if (rc == 0)
		rc = br_remind_pass(&cli->app, &cfg, &out, &err);
	br_smtp_clear(&smtp);
	json_decref(in);
	if (rc < 0)
		return br_cli_fail(cli, &err);
	if (cli->json) {
		char *s = json_dumps(out, JSON_INDENT(2) | JSON_SORT_KEYS);

		puts(s ? s : "{}");
		free(s);
	} else {
		print_pass(out);
	}
	json_decref(out);
	return 0;
}

static void
print_prefs(json_t *r)
{
	printf("visits %s, questionnaires %s, diary %s (after %lld days; "
	       "quiet %s-%s)\n",
	       json_is_true(json_object_get(r, "appointment")) ? "on" : "off",
	       json_is_true(json_object_get(r, "questionnaire")) ? "on" : "off",
	       json_is_true(json_object_get(r, "diary")) ? "on" : "off",
	       (long long)json_integer_value(
	               json_object_get(r, "diary_after_days")),
	       br_cli_str(r, "quiet_from"), br_cli_str(r, "quiet_to"));
}

static const char *const patient_arg[] = {"patient_id", NULL};

static const struct br_cli_opt set_opts[] = {
        {"appointment", "appointment", BR_ARG_VALUE, NULL, NULL},
        {"questionnaire", "questionnaire", BR_ARG_VALUE, NULL, NULL},
        {"diary", "diary", BR_ARG_VALUE, NULL, NULL},
        {"diary-after-days", "diary_after_days", BR_ARG_VALUE, NULL, NULL},
        {"quiet-from", "quiet_from", BR_ARG_VALUE, NULL, NULL},
        {"quiet-to", "quiet_to", BR_ARG_VALUE, NULL, NULL},
        {NULL, NULL, 0, NULL, NULL, NULL},
};
static const struct br_cli_opt no_opts[] = {
        {NULL, NULL, 0, NULL, NULL, NULL},
};

static const struct br_cli_sub subs[] = {
        {"", pass_opts, NULL, NULL, NULL,
         .summary = "send the reminders due now, once each (for cron)",
         .example = {"BACKREST_SMTP_PASSWORD=... backrest remind --smtp "
                     "smtps://clinic@mail.example:465 --mail-from "
                     "reminders@clinic.example --public-url "
                     "https://clinic.example",
                     NULL},
         .run = run_pass},
        {NULL, NULL, NULL, NULL, NULL},
};

const struct br_cli_cmd br_cli_cmd_remind = {
        "remind", "Practice", "send the reminders by email due now", subs};

static const struct br_cli_sub prefs_subs[] = {
        {"show", no_opts, patient_arg, br_app_remind_prefs_get, print_prefs,
         .summary = "a patient's reminder choices",
         .example = {"backrest reminders show 12", NULL}},
        {"set", set_opts, patient_arg, br_app_remind_prefs_set, print_prefs,
         .fields = &br_req_reminder_prefs,
         .summary = "change a patient's reminder choices",
         .example = {"backrest reminders set 12 --diary yes --quiet-from "
                     "21:30",
                     NULL}},
        {NULL, NULL, NULL, NULL, NULL},
};

const struct br_cli_cmd br_cli_cmd_reminders = {
        "reminders", "Practice", "a patient's choice of email reminders",
        prefs_subs};
