/*
 * cmd_import.c - backrest import fhir|csv FILE, import ndjson --dir DIR.
 *
 * A FHIR import that rejects entries prints one sentence naming the first
 * (and how many) on stderr, then one line for each further rejected entry;
 * with --json the error document also lists every rejected entry with its
 * index, fullUrl and reason.
 */
#include <stdio.h>
#include <string.h>

#include "interop/usecases.h"
#include "cli/cli.h"
#include "interop/csv.h"
#include "interop/sleep_import.h"

static void
print_counts(const char *label, json_t *obj)
{
	const char *type;
	json_t *n;

	if (json_object_size(obj) == 0)
		return;
	printf("%s:", label);
	json_object_foreach(obj, type, n)
	{
		printf(" %s %lld", type, (long long)json_integer_value(n));
	}
	printf("\n");
}

static void
print_fhir(json_t *r)
{
	print_counts("created", json_object_get(r, "created"));
	print_counts("already stored", json_object_get(r, "matched"));
	print_counts("updated", json_object_get(r, "updated"));
	print_counts("skipped", json_object_get(r, "skipped"));
	if (json_object_size(json_object_get(r, "created")) == 0 &&
	    json_object_size(json_object_get(r, "updated")) == 0)
		printf("nothing new to import\n");
}

static const struct br_cli_opt fhir_opts[] = {
        {"skip-unknown", "skip_unknown", BR_ARG_FLAG, NULL,
         "skip resources backrest does not keep instead of rejecting them"},
        {NULL, NULL, 0, NULL, NULL, NULL},
};
static const char *const file_arg[] = {"file", NULL};

static int
import_fhir(struct br_cli *cli, int argc, char **argv)
{
	struct br_err err = BR_ERR_INIT;
	json_t *in, *out = NULL, *rejected = NULL;
	int rc;

	if (br_cli_parse(argc, argv, fhir_opts, file_arg, &in, &err) < 0)
		return br_cli_fail(cli, &err);
	rc = br_cli_open(cli, &err);
	if (rc == 0)
		rc = br_app_import_fhir_ex(&cli->app, in, &out, &rejected,
		                           &err);
	json_decref(in);
	if (rc < 0) {
		int code = err.code ? err.code : BR_EDB;

		fprintf(stderr, "backrest: %s\n", err.msg);
		/* The sentence names the first; list every one after it. */
		for (size_t i = 1; i < json_array_size(rejected); i++) {
			json_t *x = json_array_get(rejected, i);

			fprintf(stderr, "  entry %lld (%s%s%s): %s\n",
			        (long long)json_integer_value(
			                json_object_get(x, "index")),
			        br_cli_str(x, "resourceType"),
			        json_is_string(json_object_get(x, "fullUrl"))
			                ? " "
			                : "",
			        json_is_string(json_object_get(x, "fullUrl"))
			                ? br_cli_str(x, "fullUrl")
			                : "",
			        br_cli_str(x, "reason"));
		}
		if (cli->json) {
			json_t *doc = json_pack(
			        "{s:{s:s, s:s, s:s, s:o}}", "error", "code",
			        br_strerror(code), "message", err.msg, "field",
			        err.field, "rejected",
			        rejected ? rejected : json_array());
			json_dumpf(doc, stdout, JSON_INDENT(2));
			fputc('\n', stdout);
			json_decref(doc);
		} else {
			json_decref(rejected);
		}
		return br_err_exit_status(code);
	}
	if (cli->json)
		json_dumpf(out, stdout, JSON_INDENT(2));
	else
		print_fhir(out);
	if (cli->json)
		fputc('\n', stdout);
	json_decref(out);
	return fflush(stdout) == 0 ? 0 : 1;
}

static const struct br_cli_opt ndjson_opts[] = {
        {"dir", "dir", BR_ARG_VALUE, "DIR",
         "the directory of .ndjson files (as export ndjson writes)"},
        {"skip-unknown", "skip_unknown", BR_ARG_FLAG, NULL,
         "skip resources backrest does not keep instead of rejecting them"},
        {NULL, NULL, 0, NULL, NULL, NULL},
};

/* backrest import ndjson --dir DIR [--skip-unknown] */
static int
import_ndjson(struct br_cli *cli, int argc, char **argv)
{
	struct br_err err = BR_ERR_INIT;
	json_t *in, *out = NULL, *rejected = NULL;
	int rc;

	if (br_cli_parse(argc, argv, ndjson_opts, NULL, &in, &err) < 0)
		return br_cli_fail(cli, &err);
	rc = br_cli_open(cli, &err);
	if (rc == 0)
		rc = br_app_import_ndjson_ex(&cli->app, in, &out, &rejected,
		                             &err);
	json_decref(in);
	if (rc < 0) {
		int code = err.code ? err.code : BR_EDB;

		fprintf(stderr, "backrest: %s\n", err.msg);
		for (size_t i = 1; i < json_array_size(rejected); i++) {
			json_t *x = json_array_get(rejected, i);

			fprintf(stderr, "  %s line %lld (%s): %s\n",
			        br_cli_str(x, "file"),
			        (long long)json_integer_value(
			                json_object_get(x, "line")),
			        json_is_string(
			                json_object_get(x, "resourceType"))
			                ? br_cli_str(x, "resourceType")
			                : "?",
			        br_cli_str(x, "reason"));
		}
		if (cli->json) {
			json_t *doc = json_pack(
			        "{s:{s:s, s:s, s:s, s:o}}", "error", "code",
			        br_strerror(code), "message", err.msg, "field",
			        err.field, "rejected",
			        rejected ? rejected : json_array());
			json_dumpf(doc, stdout, JSON_INDENT(2));
			fputc('\n', stdout);
			json_decref(doc);
		} else {
			json_decref(rejected);
		}
		return br_err_exit_status(code);
	}
	if (cli->json) {
		json_dumpf(out, stdout, JSON_INDENT(2));
		fputc('\n', stdout);
	} else {
		printf("%lld resources in %lld files\n",
		       (long long)json_integer_value(
		               json_object_get(out, "resources")),
		       (long long)json_integer_value(
		               json_object_get(out, "files")));
		print_fhir(out);
	}
	json_decref(out);
	return fflush(stdout) == 0 ? 0 : 1;
}

static void
print_csv(json_t *r)
{
	size_t i;
	json_t *x;

	printf("%lld rows read: %lld imported, %lld unchanged, %zu rejected\n",
	       (long long)json_integer_value(json_object_get(r, "rows")),
	       (long long)json_integer_value(json_object_get(r, "imported")),
	       (long long)json_integer_value(json_object_get(r, "unchanged")),
	       json_array_size(json_object_get(r, "rejected")));
	json_array_foreach(json_object_get(r, "rejected"), i, x)
	{
		printf("  line %lld, column %s: %s\n",
		       (long long)json_integer_value(
		               json_object_get(x, "line")),
		       br_cli_str(x, "column"), br_cli_str(x, "reason"));
	}
}

static const struct br_cli_opt csv_opts[] = {
        {"kind", "kind", BR_ARG_VALUE, NULL, "which table the file holds",
         br_csv_kinds},
        {"partial", "partial", BR_ARG_FLAG, NULL,
         "import the good rows and report the rejected ones (default: all "
         "or nothing)"},
        {NULL, NULL, 0, NULL, NULL, NULL},
};

static void
print_sleep(json_t *r)
{
	printf("%lld sleep records read (%lld other records skipped): %lld "
	       "nights, %lld new, %lld updated, %lld unchanged\n",
	       (long long)json_integer_value(json_object_get(r, "records")),
	       (long long)json_integer_value(json_object_get(r, "skipped")),
	       (long long)json_integer_value(json_object_get(r, "nights")),
	       (long long)json_integer_value(json_object_get(r, "created")),
	       (long long)json_integer_value(json_object_get(r, "updated")),
	       (long long)json_integer_value(json_object_get(r, "unchanged")));
}

static const struct br_cli_opt sleep_opts[] = {
        {"patient", "patient_id", BR_ARG_VALUE, "ID", "the patient"},
        {"source", "source", BR_ARG_VALUE, NULL,
         "the kind of export: the Health app's export.xml or export.zip, "
         "Fitbit's sleep-*.json, CSV, or the Oura or Withings API's "
         "answer (see docs/sleep-import.md)",
         br_sleep_sources},
        {"utc-offset", "utc_offset", BR_ARG_VALUE, "+HH:MM",
         "for withings, whose times carry no offset: the UTC offset where "
         "the nights were slept"},
        {NULL, NULL, 0, NULL, NULL, NULL},
};

static const struct br_cli_sub subs[] = {
        {"fhir", fhir_opts, file_arg, NULL, NULL,
         .summary = "a FHIR R4 Bundle, all or nothing; entries already "
                    "stored are matched, not duplicated",
         .example = {"backrest import fhir bundle.json",
                     "backrest import fhir bundle.json --skip-unknown"},
         .run = import_fhir},
        {"ndjson", ndjson_opts, NULL, NULL, NULL,
         .summary = "FHIR bulk data files, all or nothing",
         .example = {"backrest import ndjson --dir export/"},
         .run = import_ndjson},
        {"csv", csv_opts, file_arg, br_app_import_csv, print_csv,
         .summary = "one table from CSV (the columns export csv writes)",
         .example = {"backrest import csv diary.csv --kind diary"}},
        {"sleep", sleep_opts, file_arg, br_app_import_sleep, print_sleep,
         .summary = "a sleep tracker's or phone's nights, kept beside the "
                    "diary, all or nothing; the same file again changes "
                    "nothing",
         .example = {"backrest import sleep export.zip --patient 12 "
                     "--source apple-health",
                     "backrest import sleep sleep-2026-03-01.json "
                     "--patient 12 --source fitbit"}},
        {NULL, NULL, NULL, NULL, NULL},
};

const struct br_cli_cmd br_cli_cmd_import = {
        "import", "Data exchange",
        "FHIR, NDJSON, CSV and sleep-tracker imports", subs};
