/*
 * cmd_user.c - backrest user add|passwd|list: web accounts.
 *
 * The password comes from the first line of standard input with
 * --password-stdin (never from a flag, which would show in the process
 * list and the shell history); otherwise a random one is generated and
 * printed once.
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "app/users.h"
#include "cli/cli.h"

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
         "read the new password from the first line of stdin (else one "
         "is generated and shown once)"},
        {NULL, NULL, 0, NULL, NULL, NULL},
};
static const char *const email_arg[] = {"email", NULL};

/* passwd EMAIL, or passwd --email EMAIL / --id USER_ID. */
static int
run_passwd(struct br_cli *cli, int argc, char **argv)
{
	static const struct br_cli_sub by_flag = {
	        "passwd", passwd_opts, NULL, br_app_user_passwd, print_user};
	bool has_flag = false;

	for (int i = 1; i < argc; i++)
		has_flag = has_flag || strncmp(argv[i], "--email", 7) == 0 ||
		           strncmp(argv[i], "--id", 4) == 0;
	if (has_flag)
		cli->sub = &by_flag;
	return run(cli, argc, argv);
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
         "read the password from the first line of stdin (else one is "
         "generated and shown once)"},
        {NULL, NULL, 0, NULL, NULL, NULL},
};

static const struct br_cli_sub subs[] = {
        {"add", add_opts, NULL, br_app_user_add, print_user,
         .summary = "add a web account",
         .example = {"backrest user add --email admin@example.org --role "
                     "admin",
                     "printf '%s\\n' \"$PW\" | backrest user add --email "
                     "ana@example.org --role patient --patient 12 "
                     "--password-stdin"},
         .run = run},
        {"passwd", passwd_opts, email_arg, br_app_user_passwd, print_user,
         .summary = "set a new password (and sign out every session)",
         .example = {"backrest user passwd admin@example.org",
                     "backrest user passwd --id 3 --password-stdin < pw.txt"},
         .run = run_passwd,
         .synopsis = "[EMAIL] [--email EMAIL | --id USER_ID] "
                     "[--password-stdin]"},
        {"list", NULL, NULL, br_app_user_list, print_list,
         .summary = "list the web accounts", .example = {"backrest user list"},
         .run = run},
        {NULL, NULL, NULL, NULL, NULL},
};

const struct br_cli_cmd br_cli_cmd_user = {"user", "Setting up", "web accounts",
                                           subs};
