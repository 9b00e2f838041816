/*
 * common.c - option parsing, store opening and result printing shared by
 * the command groups (see cli.h).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "app/view.h"
#include "core/parse.h"

int
br_cli_parse(int argc, char **argv, const struct br_cli_opt *opts,
             const char *const *positionals, json_t **in, struct br_err *err)
{
	struct option lopts[64];
	json_t *obj = json_object();
	int n = 0, npos = 0, want = 0, c, idx;
	char q[48];

	*in = NULL;
	for (; opts && opts[n].flag && n < 63; n++) {
		lopts[n].name = opts[n].flag;
		lopts[n].has_arg = opts[n].kind == BR_ARG_FLAG
		                           ? no_argument
		                           : required_argument;
		lopts[n].flag = NULL;
		lopts[n].val = 1000 + n;
	}
	memset(&lopts[n], 0, sizeof(lopts[n]));
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", lopts, &idx)) != -1) {
		const struct br_cli_opt *o;
		json_t *arr;

		if (c == '?' || c == ':') {
			const char *bad = argv[optind - 1];

			br_quote_value(bad ? bad : "?", q, sizeof(q));
			json_decref(obj);
			if (c == ':')
				return br_error(err, BR_EINVAL, q,
				                "option %s needs a value", q);
			return br_error(err, BR_EINVAL, q,
			                "unknown option '%s' for %s", q,
			                argv[0]);
		}
		o = &opts[c - 1000];
		if (o->kind == BR_ARG_FLAG) {
			json_object_set_new(obj, o->key, json_true());
		} else if (o->kind == BR_ARG_REPEAT) {
			arr = json_object_get(obj, o->key);
			if (arr == NULL) {
				arr = json_array();
				json_object_set_new(obj, o->key, arr);
			}
			json_array_append_new(arr, json_string(optarg));
		} else {
			json_object_set_new(obj, o->key, json_string(optarg));
		}
	}
	for (int i = optind; i < argc; i++) {
		if (positionals == NULL || positionals[npos] == NULL) {
			br_quote_value(argv[i], q, sizeof(q));
			json_decref(obj);
			return br_error(err, BR_EINVAL, "",
			                "unexpected argument '%s' for %s", q,
			                argv[0]);
		}
		json_object_set_new(obj, positionals[npos++],
		                    json_string(argv[i]));
	}
	for (want = 0; positionals && positionals[want]; want++)
		;
	if (npos < want) {
		char name[48];

		json_decref(obj);
		return br_error(
		        err, BR_EINVAL, positionals[npos], "%s needs %s",
		        argv[0],
		        br_cli_pos_name(positionals[npos], name, sizeof(name)));
	}
	*in = obj;
	return 0;
}

/* Whether the running command may create the database it is given: the
 * others refuse a missing one, so a mistyped --db is not an empty
 * practice ("no patients yet"). */
static bool
creates_database(const struct br_cli *cli)
{
	static const char *const creators[] = {"init", "demo", "import", NULL};
	size_t n = strcspn(cli->path, " ");

	for (const char *const *c = creators; *c; c++)
		if (strlen(*c) == n && strncmp(cli->path, *c, n) == 0)
			return true;
	return false;
}

int
br_cli_open(struct br_cli *cli, struct br_err *err)
{
	if (cli->app.store)
		return 0;
	if (creates_database(cli))
		return br_store_open(cli->db_path, &cli->app.store, err);
	return br_store_open_existing(cli->db_path, &cli->app.store, err);
}

/* The name the user typed for input key: "--flag" or the positional's
 * placeholder, or NULL when the running subcommand has no such key. */
static const char *
typed_name(const struct br_cli *cli, const char *key, size_t len, char *buf,
           size_t n)
{
	static const char *const globals[] = {"today", "db", "instruments",
	                                      NULL};
	const struct br_cli_sub *s = cli->sub;
	char k[48];

	if (len == 0 || len >= sizeof(k))
		return NULL;
	memcpy(k, key, len);
	k[len] = '\0';
	for (const struct br_cli_opt *o = s ? s->opts : NULL; o && o->flag; o++)
		if (strcmp(o->key, k) == 0) {
			snprintf(buf, n, "--%s", o->flag);
			return buf;
		}
	for (const char *const *p = s ? s->positionals : NULL; p && *p; p++)
		if (strcmp(*p, k) == 0)
			return br_cli_pos_name(k, buf, n);
	for (const char *const *g = globals; *g; g++)
		if (strcmp(*g, k) == 0) {
			snprintf(buf, n, "--%s", k);
			return buf;
		}
	return NULL;
}

/* "--flag" for an option key of the running subcommand, else NULL (a
 * positional's name is used only where it is the field: "instrument file
 * ..." is not about INSTRUMENT). */
static const char *
option_name(const struct br_cli *cli, const char *key, size_t len, char *buf,
            size_t n)
{
	const char *name = typed_name(cli, key, len, buf, n);

	return name && name[0] == '-' ? name : NULL;
}

static bool
word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

/* True when the word at m + i follows a word that names another field
 * ("needs smoking current", "before from"); a global option is not
 * named there ("after today"). */
static bool
after_link(const char *m, size_t i)
{
	static const char *const links[] = {"needs ", "before ", "after ",
	                                    "than ",  "give ",   "with ",
	                                    "plus ",  NULL};
	static const char *const globals[] = {"today", "db", "instruments",
	                                      NULL};
	size_t len = strspn(m + i, "abcdefghijklmnopqrstuvwxyz0123456789_");

	for (const char *const *g = globals; *g; g++)
		if (strlen(*g) == len && strncmp(m + i, *g, len) == 0)
			return false;
	for (const char *const *l = links; *l; l++) {
		size_t n = strlen(*l);

		if (i >= n && strncmp(m + i - n, *l, n) == 0 &&
		    (i == n || m[i - n - 1] == ' '))
			return true;
	}
	return false;
}

/*
 * Copies err into out naming input keys as the user typed them: the field
 * ("pain_worst" -> "--pain-worst", "medicines[2]" -> "--medicine[2]"),
 * the sentence's leading word when it is the field, any word with an
 * underscore that is a key ("needs practitioner_id"), and an option's key
 * as the leading word or after a linking word ("before from").  Only keys
 * of the running subcommand (and the global options) are named; quoted
 * values ('...') are left alone.
 */
static void
name_fields(const struct br_cli *cli, const struct br_err *err,
            struct br_err *out)
{
	const char *m = err->msg, *name;
	size_t flen = strcspn(err->field, "[.");
	size_t o = 0, cap = sizeof(out->msg);
	bool quoted = false;
	char buf[64];

	*out = *err;
	name = typed_name(cli, err->field, flen, buf, sizeof(buf));
	if (name)
		snprintf(out->field, sizeof(out->field), "%s%s", name,
		         err->field + flen);
	for (size_t i = 0; m[i] && o + 1 < cap;) {
		size_t len = 0;

		if (m[i] == '\'' &&
		    (quoted ? !word_char(m[i + 1])
		            : i == 0 || m[i - 1] == ' ' || m[i - 1] == '(')) {
			quoted = !quoted;
			out->msg[o++] = m[i++];
			continue;
		}
		if (quoted || !word_char(m[i]) ||
		    (i > 0 && word_char(m[i - 1])) ||
		    (i > 0 && m[i - 1] == '-')) {
			out->msg[o++] = m[i++];
			continue;
		}
		while (word_char(m[i + len]))
			len++;
		name = NULL;
		if ((i == 0 && len == flen &&
		     strncmp(m, err->field, len) == 0) ||
		    memchr(m + i, '_', len))
			name = typed_name(cli, m + i, len, buf, sizeof(buf));
		else if (i == 0 || after_link(m, i))
			name = option_name(cli, m + i, len, buf, sizeof(buf));
		if (name) {
			o += (size_t)snprintf(out->msg + o, cap - o, "%s",
			                      name);
			if (o >= cap)
				o = cap - 1;
		} else {
			size_t k = len < cap - 1 - o ? len : cap - 1 - o;

			memcpy(out->msg + o, m + i, k);
			o += k;
		}
		i += len;
	}
	out->msg[o] = '\0';
}

int
br_cli_fail(struct br_cli *cli, const struct br_err *err_in)
{
	struct br_err named, *err = &named;
	int code = err_in->code ? err_in->code : BR_EDB;

	name_fields(cli, err_in, &named);
	fprintf(stderr, "backrest: %s\n",
	        err->msg[0] ? err->msg : br_strerror(code));
	if (cli->json) {
		json_t *doc = json_pack("{s:{s:s, s:s, s:o}}", "error", "code",
		                        br_strerror(code), "message", err->msg,
		                        "field", br_json_text_opt(err->field));
		json_dumpf(doc, stdout, JSON_INDENT(2));
		fputc('\n', stdout);
		json_decref(doc);
	}
	return br_err_exit_status(code);
}

int
br_cli_run(struct br_cli *cli, br_app_fn fn, json_t *in,
           void (*print)(json_t *result))
{
	struct br_err err = BR_ERR_INIT;
	json_t *out = NULL;
	int rc = br_cli_open(cli, &err);

	if (rc == 0)
		rc = br_app_call(fn, &cli->app, in, &out, &err);
	json_decref(in);
	if (rc < 0)
		return br_cli_fail(cli, &err);
	if (cli->json || print == NULL) {
		json_dumpf(out, stdout,
		           JSON_INDENT(2) | JSON_REAL_PRECISION(10));
		fputc('\n', stdout);
	} else {
		print(out);
	}
	json_decref(out);
	if (fflush(stdout) != 0) {
		perror("backrest: writing the output");
		return 1;
	}
	return 0;
}

int
br_cli_simple(struct br_cli *cli, int argc, char **argv,
              const struct br_cli_opt *opts, const char *const *positionals,
              br_app_fn fn, void (*print)(json_t *result))
{
	struct br_err err = BR_ERR_INIT;
	json_t *in;

	if (br_cli_parse(argc, argv, opts, positionals, &in, &err) < 0)
		return br_cli_fail(cli, &err);
	return br_cli_run(cli, fn, in, print);
}

const char *
br_cli_str(json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);

	return json_is_string(v) ? json_string_value(v) : "-";
}

void
br_cli_print_int(const char *label, json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);

	if (json_is_integer(v))
		printf("%-22s %lld\n", label, (long long)json_integer_value(v));
	else
		printf("%-22s -\n", label);
}

/* True when argv[1..] asks for help (-h or --help, not as the value of
 * an option of sub, not after "--"). */
static bool
wants_help(const struct br_cli_sub *sub, int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--") == 0)
			return false;
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)
			return true;
		if (strncmp(a, "--", 2) != 0 || strchr(a, '='))
			continue;
		for (const struct br_cli_opt *o = sub ? sub->opts : NULL;
		     o && o->flag; o++)
			if (strcmp(a + 2, o->flag) == 0 &&
			    o->kind != BR_ARG_FLAG)
				i++;
	}
	return false;
}

static bool
is_help(const char *a)
{
	return strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0;
}

static int
run_sub(struct br_cli *cli, const struct br_cli_sub *s, int argc, char **argv)
{
	cli->sub = s;
	/* Messages about the command line name it as typed ("patient show
	 * needs PATIENT_ID"). */
	argv[0] = cli->path;
	if (s->run)
		return s->run(cli, argc, argv);
	return br_cli_simple(cli, argc, argv, s->opts, s->positionals, s->fn,
	                     s->print);
}

static void
append_word(char *path, size_t n, const char *word)
{
	size_t len = strlen(path);

	snprintf(path + len, n - len, "%s%s", len ? " " : "", word);
}

/* Picks the subcommand of subs named by argv[1] (argv[0] is the group's
 * word, already in cli->path). */
static int
dispatch(struct br_cli *cli, const struct br_cli_cmd *cmd,
         const struct br_cli_sub *subs, int argc, char **argv)
{
	struct br_err err = BR_ERR_INIT;
	const struct br_cli_sub *def = NULL;
	char names[200] = "", q[48];
	size_t n = 0;
	bool named = false;

	for (const struct br_cli_sub *s = subs; s->name; s++) {
		if (s->name[0] == '\0') {
			def = s;
			continue;
		}
		named = true;
		if (argc > 1 && strcmp(argv[1], s->name) == 0) {
			append_word(cli->path, sizeof(cli->path), s->name);
			if (s->subs)
				return dispatch(cli, cmd, s->subs, argc - 1,
				                argv + 1);
			if (wants_help(s, argc - 1, argv + 1)) {
				br_cli_usage(stdout, cmd, cli->path, subs, s);
				return 0;
			}
			return run_sub(cli, s, argc - 1, argv + 1);
		}
		if (n < sizeof(names))
			n += (size_t)snprintf(names + n, sizeof(names) - n,
			                      "%s%s", n ? ", " : "", s->name);
	}
	if (argc > 1 && is_help(argv[1])) {
		br_cli_usage(stdout, cmd, cli->path, subs, NULL);
		return 0;
	}
	/* The default runs unless nothing follows and it needs an argument,
	 * or a word follows that is neither a subcommand nor (when the
	 * default takes an id) a number. */
	if (def &&
	    (argc > 1 ? !named || argv[1][0] == '-' || !def->positionals ||
	                        !def->positionals[0] ||
	                        !strstr(def->positionals[0], "_id") ||
	                        (argv[1][0] >= '0' && argv[1][0] <= '9')
	              : !def->positionals || !def->positionals[0])) {
		if (wants_help(def, argc, argv)) {
			br_cli_usage(stdout, cmd, cli->path, subs, NULL);
			return 0;
		}
		return run_sub(cli, def, argc, argv);
	}
	br_quote_value(argc > 1 ? argv[1] : "", q, sizeof(q));
	if (argc > 1)
		br_error(&err, BR_EINVAL, "command",
		         "unknown %s subcommand '%s'; use one of %s", cli->path,
		         q, names);
	else if (def && named)
		br_error(&err, BR_EINVAL, "command",
		         "%s needs %s or a subcommand: one of %s", cli->path,
		         br_cli_pos_name(def->positionals[0], q, sizeof(q)),
		         names);
	else if (def)
		br_error(&err, BR_EINVAL, "command", "%s needs %s", cli->path,
		         br_cli_pos_name(def->positionals[0], q, sizeof(q)));
	else
		br_error(&err, BR_EINVAL, "command",
		         "%s needs a subcommand: one of %s", cli->path, names);
	br_cli_fail(cli, &err);
	br_cli_usage_brief(stderr, cli->path, subs);
	return 2;
}

int
br_cli_command(struct br_cli *cli, const struct br_cli_cmd *cmd, int argc,
               char **argv)
{
	snprintf(cli->path, sizeof(cli->path), "%s", cmd->name);
	return dispatch(cli, cmd, cmd->subs, argc, argv);
}

int
br_cli_dispatch(struct br_cli *cli, int argc, char **argv,
                const struct br_cli_sub *subs)
{
	struct br_cli_cmd cmd = {argv[0], "", "", subs};

	if (cli->path[0] == '\0')
		snprintf(cli->path, sizeof(cli->path), "%s", argv[0]);
	return dispatch(cli, &cmd, subs, argc, argv);
}
