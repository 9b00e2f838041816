/*
 * cmd_user.c - backrest user add|invite|reset|passwd|list: web accounts.
 *
 * A password comes from the first line of standard input with
 * --password-stdin (never from a flag, which would show in the process
 * list and the shell history).  Only the first administrator of a new
 * database gets a generated one, printed once; everyone else is invited
 * with a one-time link (user invite), and an administrator resets a
 * password with a new link (user reset), never by choosing one.
 */
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "app/invitations.h"
#include "app/users.h"
#include "cli/cli.h"
#include "core/file.h"

static void
print_user(json_t *u)
{
	json_t *pw = json_object_get(u, "password");

	printf("user %lld  %s  %s\n",
	       (long long)json_integer_value(json_object_get(u, "id")),
	       br_cli_str(u, "email"), br_cli_str(u, "role"));
	if (json_is_string(pw))
		printf("password (shown once): %s\n", json_string_value(pw));
}

static void
print_list(json_t *list)
{
	size_t i;
	json_t *u;

	if (json_array_size(list) == 0)
		printf("no users yet: add one with 'backrest user add --email "
		       "E --role admin'\n");
	json_array_foreach(list, i, u)
	{
		json_t *p = json_object_get(u, "patient_id");

		printf("%-18lld %-36s %-13s",
		       (long long)json_integer_value(json_object_get(u, "id")),
		       br_cli_str(u, "email"), br_cli_str(u, "role"));
		if (json_is_integer(p))
			printf(" patient %lld",
			       (long long)json_integer_value(p));
		printf("%s\n", json_is_true(json_object_get(u, "disabled"))
		                       ? " (disabled)"
		                       : "");
	}
}

/* Moves the password from stdin into in when "password_stdin" is set. */
static int
read_password(json_t *in, struct br_err *err)
{
	char buf[BR_PASSWORD_MAX + 3];
	size_t n;

	if (!json_is_true(json_object_get(in, "password_stdin")))
		return 0;
	json_object_del(in, "password_stdin");
	if (fgets(buf, sizeof(buf), stdin) == NULL)
		return br_error(err, BR_EINVAL, "password",
		                "--password-stdin needs the password on "
		                "standard input");
	n = strcspn(buf, "\r\n");
	if (buf[n] == '\0' && n > BR_PASSWORD_MAX)
		return br_error(err, BR_EINVAL, "password",
		                "password must be %d to %d bytes long",
		                BR_PASSWORD_MIN, BR_PASSWORD_MAX);
	buf[n] = '\0';
	json_object_set_new(in, "password", json_string(buf));
	sodium_memzero(buf, sizeof(buf));
	return 0;
}

/* Runs the subcommand with the password read from stdin when asked. */
static int
run(struct br_cli *cli, int argc, char **argv)
{
	const struct br_cli_sub *s = cli->sub;
	struct br_err err = BR_ERR_INIT;
	json_t *in;

	if (br_cli_parse(argc, argv, s->opts, s->positionals, &in, &err) < 0)
		return br_cli_fail(cli, &err);
	if (read_password(in, &err) < 0) {
		json_decref(in);
		return br_cli_fail(cli, &err);
	}
	return br_cli_run(cli, s->fn, in, s->print);
}

static const struct br_cli_opt passwd_opts[] = {
        {"email", "email", BR_ARG_VALUE, "EMAIL", "the account's email"},
        {"id", "user_id", BR_ARG_VALUE, "USER_ID", "the account's id"},
        {"password-stdin", "password_stdin", BR_ARG_FLAG, NULL,
         "read the new password from the first line of stdin "
         "(required; to reset someone's, send a link: user reset)"},
        {NULL, NULL, 0, NULL, NULL, NULL},
};
static const char *const email_arg[] = {"email", NULL};

/* Whether the account is named with --email or --id rather than as the
 * positional EMAIL (passwd and reset take either). */
static bool
named_by_flag(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (strncmp(argv[i], "--email", 7) == 0 ||
		    strncmp(argv[i], "--id", 4) == 0)
			return true;
	return false;
}

/* passwd EMAIL, or passwd --email EMAIL / --id USER_ID. */
static int
run_passwd(struct br_cli *cli, int argc, char **argv)
{
	static const struct br_cli_sub by_flag = {
	        "passwd", passwd_opts, NULL, br_app_user_passwd, print_user};

	if (named_by_flag(argc, argv))
		cli->sub = &by_flag;
	return run(cli, argc, argv);
}

/* One-time links ------------------------------------------------------- */

static void
print_invitation(json_t *v)
{
	json_t *link = json_object_get(v, "link");

	printf("invitation %lld  %s  %s  %s until %s\n",
	       (long long)json_integer_value(json_object_get(v, "id")),
	       br_cli_str(v, "email"), br_cli_str(v, "role"),
	       br_cli_str(v, "state"), br_cli_str(v, "expires_at"));
	if (json_is_string(link))
		printf("link (works once; shown only now): %s\n",
		       json_string_value(link));
}

static void
print_invitations(json_t *list)
{
	size_t i;
	json_t *v;

	if (json_array_size(list) == 0)
		printf("no invitations yet: send one with 'backrest user "
		       "invite "
		       "--email E --role R'\n");
	json_array_foreach(list, i, v) print_invitation(v);
}

/* Opens the file of option key (flag for errors), if given, as a
 * temporary file beside it: written only when the use case succeeded. */
static int
open_out(json_t *in, const char *key, struct br_file_tmp *t, bool *used,
         struct br_err *err)
{
	json_t *v = json_object_get(in, key);

	*used = false;
	if (v == NULL)
		return 0;
	if (!json_is_string(v) || json_string_length(v) == 0)
		return br_error(err, BR_EINVAL, key, "%s needs a file name",
		                key);
	if (br_file_tmp_open(t, json_string_value(v)) < 0)
		return br_error(err, BR_EINVAL, key, "%s: cannot write %s: %s",
		                key, json_string_value(v), strerror(errno));
	*used = true;
	json_object_del(in, key);
	return 0;
}

static int
write_out(struct br_file_tmp *t, json_t *out, const char *member,
          struct br_err *err)
{
	FILE *f = br_file_tmp_stream(t);
	const char *s = json_string_value(json_object_get(out, member));

	if (f == NULL || s == NULL || fputs(s, f) < 0 ||
	    br_file_tmp_commit(t) < 0) {
		br_file_tmp_abort(t);
		return br_error(err, BR_EIO, "", "cannot write %s: %s", t->path,
		                strerror(errno));
	}
	return 0;
}

/* invite and reset: the use case, then the letter and the QR code into
 * the files --letter and --qr name. */
static int
run_link(struct br_cli *cli, int argc, char **argv)
{
	const struct br_cli_sub *s = cli->sub;
	struct br_err err = BR_ERR_INIT;
	struct br_file_tmp letter, qr;
	bool has_letter = false, has_qr = false;
	json_t *in = NULL, *out = NULL;
	int rc;

	if (br_cli_parse(argc, argv, s->opts, s->positionals, &in, &err) < 0)
		return br_cli_fail(cli, &err);
	rc = open_out(in, "letter", &letter, &has_letter, &err);
	if (rc == 0)
		rc = open_out(in, "qr", &qr, &has_qr, &err);
	if (rc == 0)
		rc = br_cli_open(cli, &err);
	if (rc == 0)
		rc = br_app_call(s->fn, &cli->app, in, &out, &err);
	if (rc == 0 && has_letter) {
		has_letter = false;
		rc = write_out(&letter, out, "letter_html", &err);
	}
	if (rc == 0 && has_qr) {
		has_qr = false;
		rc = write_out(&qr, out, "qr_svg", &err);
	}
	if (has_letter)
		br_file_tmp_abort(&letter);
	if (has_qr)
		br_file_tmp_abort(&qr);
	json_decref(in);
	if (rc < 0) {
		json_decref(out);
		return br_cli_fail(cli, &err);
	}
	if (cli->json) {
		json_dumpf(out, stdout, JSON_INDENT(2));
		fputc('\n', stdout);
	} else {
		print_invitation(out);
	}
	json_decref(out);
	if (fflush(stdout) != 0) {
		perror("backrest: writing the output");
		return 1;
	}
	return 0;
}

#define LINK_OPTS                                                              \
	{"days", "days", BR_ARG_VALUE, "1-30",                                 \
	 "days the link works (default 7)"},                                   \
	        {"url", "base_url", BR_ARG_VALUE, "URL",                       \
	         "where people reach the server (default "                     \
	         "http://localhost:8080)"},                                    \
	        {"letter", "letter", BR_ARG_VALUE, "FILE",                     \
	         "also write a printable letter (HTML) with the link and its " \
	         "QR code"},                                                   \
	        {"qr", "qr", BR_ARG_VALUE, "FILE",                             \
	         "also write the link's QR code (SVG)"},                       \
	{                                                                      \
		NULL, NULL, 0, NULL, NULL, NULL                                \
	}

static const struct br_cli_opt invite_opts[] = {
        {"email", "email", BR_ARG_VALUE, "EMAIL", "the sign-in email"},
        {"role", "role", BR_ARG_VALUE, "admin|practitioner|patient",
         "what the account may do"},
        {"name", "name", BR_ARG_VALUE, "NAME",
         "the person's name (a patient's: from the record)"},
        {"patient", "patient_id", BR_ARG_VALUE, "PATIENT_ID",
         "the patient record of a patient account"},
        {"clinic", "clinic_id", BR_ARG_VALUE, "CLINIC_ID",
         "the clinic of a practitioner (default: the first)"},
        LINK_OPTS,
};
static const struct br_cli_opt reset_opts[] = {
        {"email", "email", BR_ARG_VALUE, "EMAIL", "the account's email"},
        {"id", "user_id", BR_ARG_VALUE, "USER_ID", "the account's id"},
        LINK_OPTS,
};
static const char *const invitation_arg[] = {"invitation_id", NULL};
static const char *const user_arg[] = {"user_id", NULL};

static const struct br_cli_sub invite_subs[] = {
        {"", invite_opts, NULL, br_app_invite, print_invitation,
         .summary = "invite someone: a one-time link that creates their "
                    "account",
         .example = {"backrest user invite --email ana@example.org --role "
                     "patient --patient 12 --letter ana.html",
                     "backrest user invite --email lin@example.org --role "
                     "practitioner --url https://clinic.example.org"},
         .run = run_link},
        {"list", NULL, NULL, br_app_invite_list, print_invitations,
         .summary = "list invitations and reset links (never their links)",
         .example = {"backrest user invite list"}},
        {"revoke", NULL, invitation_arg, br_app_invite_revoke, print_invitation,
         .summary = "revoke an open invitation",
         .example = {"backrest user invite revoke 41"}},
        {NULL, NULL, NULL, NULL, NULL},
};

/* reset EMAIL, or reset --email EMAIL / --id USER_ID. */
static int
run_reset(struct br_cli *cli, int argc, char **argv)
{
	static const struct br_cli_sub by_flag = {"reset", reset_opts, NULL,
	                                          br_app_invite_reset, NULL};

	if (named_by_flag(argc, argv))
		cli->sub = &by_flag;
	return run_link(cli, argc, argv);
}

static const struct br_cli_opt add_opts[] = {
        {"email", "email", BR_ARG_VALUE, "EMAIL", "the sign-in email"},
        {"role", "role", BR_ARG_VALUE, "admin|practitioner|patient",
         "what the account may do"},
        {"name", "name", BR_ARG_VALUE, "NAME", "the person's name"},
        {"patient", "patient_id", BR_ARG_VALUE, "PATIENT_ID",
         "the patient record of a patient account"},
        {"clinic", "clinic_id", BR_ARG_VALUE, "CLINIC_ID",
         "the clinic of a practitioner (default: the first)"},
        {"password-stdin", "password_stdin", BR_ARG_FLAG, NULL,
         "read the password from the first line of stdin (only the "
         "first administrator may leave it out: one is generated and "
         "shown once)"},
        {NULL, NULL, 0, NULL, NULL, NULL},
};

static const struct br_cli_sub subs[] = {
        {"add", add_opts, NULL, br_app_user_add, print_user,
         .summary = "add a web account (the first administrator's password "
                    "is generated and shown once)",
         .example = {"backrest user add --email admin@example.org --role "
                     "admin",
                     "printf '%s\\n' \"$PW\" | backrest user add --email "
                     "ana@example.org --role patient --patient 12 "
                     "--password-stdin"},
         .run = run},
        {"invite", .subs = invite_subs,
         .summary = "invite someone with a one-time link (and list or "
                    "revoke invitations)"},
        {"reset", reset_opts, email_arg, br_app_invite_reset, NULL,
         .summary = "reset a password: the old one stops working and a "
                    "one-time link sets a new one",
         .example = {"backrest user reset ana@example.org --letter ana.html",
                     "backrest user reset --id 3 --url "
                     "https://clinic.example.org"},
         .run = run_reset,
         .synopsis = "[EMAIL] [--email EMAIL | --id USER_ID] [--days 1-30] "
                     "[--url URL] [--letter FILE] [--qr FILE]"},
        {"passwd", passwd_opts, email_arg, br_app_user_passwd, print_user,
         .summary = "set a new password typed on stdin (and sign out every "
                    "session)",
         .example = {"printf '%s\\n' \"$PW\" | backrest user passwd "
                     "admin@example.org --password-stdin",
                     "backrest user passwd --id 3 --password-stdin < pw.txt"},
         .run = run_passwd,
         .synopsis = "[EMAIL] [--email EMAIL | --id USER_ID] "
                     "--password-stdin"},
        {"disable", NULL, user_arg, br_app_user_disable, print_user,
         .summary = "disable an account (its sessions end; never deleted)",
         .example = {"backrest user disable 3"}},
        {"enable", NULL, user_arg, br_app_user_enable, print_user,
         .summary = "enable a disabled account again",
         .example = {"backrest user enable 3"}},
        {"list", NULL, NULL, br_app_user_list, print_list,
         .summary = "list the web accounts", .example = {"backrest user list"},
         .run = run},
        {NULL, NULL, NULL, NULL, NULL},
};

const struct br_cli_cmd br_cli_cmd_user = {"user", "Setting up", "web accounts",
                                           subs};
