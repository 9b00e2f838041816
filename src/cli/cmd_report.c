/*
 * cmd_report.c - backrest report EPISODE_ID [--format html|pdf|json]
 * [--out FILE] [--since D]: the one-page visit summary (app/outcome.h,
 * report/report.h).  json prints the document (to FILE or stdout); html
 * and pdf need --out (a PDF is never written to a terminal).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/outcome.h"
#include "cli/cli.h"
#include "core/file.h"
#include "core/parse.h"
#include "report/report.h"

/* Writes s to path whole or not at all, mode 0600 (core/file.h). */
static int
write_file(const char *path, const char *s, size_t n, struct br_err *err)
{
	struct br_file_tmp t;
	FILE *f = NULL;
	struct stat st;

	/* A device or a pipe (/dev/stdout) is written in place. */
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode) &&
	    !S_ISDIR(st.st_mode)) {
		f = br_file_open_private(path);
		if (f == NULL)
			return br_error(err, BR_EIO, "out",
			                "cannot open %s for writing", path);
		if (fwrite(s, 1, n, f) != n) {
			fclose(f);
			return br_error(err, BR_EIO, "out", "cannot write %s",
			                path);
		}
		return fclose(f) == 0 ? 0
		                      : br_error(err, BR_EIO, "out",
		                                 "cannot write %s", path);
	}
	if (br_file_tmp_open(&t, path) == 0)
		f = br_file_tmp_stream(&t);
	if (f == NULL) {
		br_file_tmp_abort(&t);
		return br_error(err, BR_EIO, "out",
		                "cannot open %s for writing", path);
	}
	if (fwrite(s, 1, n, f) != n) {
		br_file_tmp_abort(&t);
		return br_error(err, BR_EIO, "out", "cannot write %s", path);
	}
	if (br_file_tmp_commit(&t) != 0)
		return br_error(err, BR_EIO, "out", "cannot write %s", path);
	return 0;
}

static const struct br_cli_opt opts[] = {
        {"format", "format", BR_ARG_VALUE, "json|html|pdf",
         "the report's format (default: words on a terminal, else json)"},
        {"out", "out", BR_ARG_VALUE, "FILE",
         "where to write it (needed for html and pdf)"},
        {"since", "since", BR_ARG_VALUE, "YYYY-MM-DD",
         "start of the period (default: the episode's first session)"},
        {NULL, NULL, 0, NULL, NULL, NULL},
};
static const char *const pos[] = {"episode_id", NULL};

static int
run_report(struct br_cli *cli, int argc, char **argv)
{
	const char *const *formats = br_report_formats;
	struct br_err err = BR_ERR_INIT;
	struct br_report_doc doc = {NULL, 0, NULL, NULL};
	json_t *in = NULL, *res = NULL;
	const char *path = NULL;
	int fmt = BR_REPORT_JSON, rc;

	rc = br_cli_parse(argc, argv, opts, pos, &in, &err);
	if (rc == 0 && json_is_string(json_object_get(in, "format")))
		rc = br_parse_enum(
		        "format",
		        json_string_value(json_object_get(in, "format")),
		        formats, &fmt, &err);
	if (rc == 0 && json_is_string(json_object_get(in, "out")))
		path = strdup(json_string_value(json_object_get(in, "out")));
	if (rc == 0 && fmt != 0 && path == NULL)
		rc = br_error(&err, BR_EINVAL, "out",
		              "--out FILE is needed for --format %s",
		              formats[fmt]);
	if (rc < 0) {
		json_decref(in);
		free((char *)path);
		return br_cli_fail(cli, &err);
	}
	/* No format, no file, no --json, and a terminal to print on: the
	 * report in words, and how to get the others. */
	if (!json_is_string(json_object_get(in, "format")) && path == NULL &&
	    !cli->json && isatty(STDOUT_FILENO))
		fmt = -1;
	json_object_del(in, "format");
	json_object_del(in, "out");
	rc = br_cli_open(cli, &err);
	if (rc == 0)
		rc = br_app_report(&cli->app, in, &res, &err);
	json_decref(in);
	if (rc == 0 && fmt < 0) {
		char *text = br_report_text(res, &err);

		if (text == NULL)
			rc = err.code;
		else
			printf("%s\nThe printable report (charts included):\n"
			       "  backrest report %lld --format pdf --out "
			       "report.pdf\n  (or --format html --out "
			       "report.html); as JSON: --json or --format "
			       "json.\n",
			       text,
			       (long long)json_integer_value(json_object_get(
			               json_object_get(res, "episode"), "id")));
		free(text);
		json_decref(res);
		free((char *)path);
		return rc < 0 ? br_cli_fail(cli, &err) : 0;
	}
	if (rc == 0)
		rc = br_report_render(res, (enum br_report_format)fmt, &doc,
		                      &err);
	if (res && fmt == BR_REPORT_PDF)
		br_report_release();
	if (rc == 0 && path)
		rc = write_file(path, doc.bytes, doc.len, &err);
	else if (rc == 0)
		printf("%s\n", doc.bytes);
	if (rc == 0 && fmt != 0 && !cli->json && !cli->quiet)
		fprintf(stderr, "report: wrote %s\n", path);
	if (rc == 0 && cli->json && fmt != 0) {
		json_t *wrote = json_pack("{s:s, s:s}", "out", path, "format",
		                          formats[fmt]);

		json_dumpf(wrote, stdout, JSON_INDENT(2));
		fputc('\n', stdout);
		json_decref(wrote);
	}
	free(doc.bytes);
	free((char *)path);
	json_decref(res);
	return rc < 0 ? br_cli_fail(cli, &err) : 0;
}

static const struct br_cli_sub subs[] = {
        {"", opts, pos, NULL, NULL,
         .summary = "the visit report of an episode: charts of diary, "
                    "measures and sessions",
         .example = {"backrest report 7 --format pdf --out report.pdf",
                     "backrest report 7 --format html --out report.html "
                     "--since 2026-02-01"},
         .run = run_report},
        {NULL, NULL, NULL, NULL, NULL},
};

const struct br_cli_cmd br_cli_cmd_report = {
        "report", "Assessment and plan", "the visit report (JSON, HTML or PDF)",
        subs};
