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
		json_decref(obj);
		return br_error(err, BR_EINVAL, positionals[npos],
		                "%s needs %s", argv[0], positionals[npos]);
	}
	*in = obj;
	return 0;
}

int
br_cli_open(struct br_cli *cli, struct br_err *err)
{
	if (cli->app.store)
		return 0;
	return br_store_open(cli->db_path, &cli->app.store, err);
}

int
br_cli_fail(struct br_cli *cli, const struct br_err *err)
{
	int code = err->code ? err->code : BR_EDB;

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

int
br_cli_dispatch(struct br_cli *cli, int argc, char **argv,
                const struct br_cli_sub *subs)
{
	struct br_err err = BR_ERR_INIT;
	const struct br_cli_sub *def = NULL;
	char names[200] = "", q[48];
	size_t n = 0;

	for (const struct br_cli_sub *s = subs; s->name; s++) {
		if (s->name[0] == '\0') {
			def = s;
			continue;
		}
		if (argc > 1 && strcmp(argv[1], s->name) == 0)
			return br_cli_simple(cli, argc - 1, argv + 1, s->opts,
			                     s->positionals, s->fn, s->print);
		if (n < sizeof(names))
			n += (size_t)snprintf(names + n, sizeof(names) - n,
			                      "%s%s", n ? ", " : "", s->name);
	}
	if (def && argc > 1 && argv[1][0] != '-')
		return br_cli_simple(cli, argc, argv, def->opts,
		                     def->positionals, def->fn, def->print);
	br_quote_value(argc > 1 ? argv[1] : "", q, sizeof(q));
	br_error(&err, BR_EINVAL, "command",
	         argc > 1 ? "unknown %s subcommand '%s'; use one of %s"
	                  : "%s needs a subcommand%s: one of %s",
	         argv[0], q, names);
	return br_cli_fail(cli, &err);
}
