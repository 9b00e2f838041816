/*
 * cmd_export.c - backrest export fhir|ndjson|csv|stricta.
 */
#include <stdio.h>
#include <string.h>

#include "interop/usecases.h"
#include "cli/cli.h"
#include "interop/csv.h"

/* With --out - the Bundle went to standard output: the summary goes to
 * standard error. */
static void
print_fhir(json_t *r)
{
	FILE *f = strcmp(br_cli_str(r, "file"), "-") == 0 ? stderr : stdout;
	const char *type;
	json_t *n;

	fprintf(f, "wrote %lld resources to %s:",
	        (long long)json_integer_value(json_object_get(r, "resources")),
	        br_cli_str(r, "file"));
	json_object_foreach(json_object_get(r, "types"), type, n)
	{
		fprintf(f, " %s %lld", type, (long long)json_integer_value(n));
	}
	fprintf(f, "\n");
}

static void
print_ndjson(json_t *r)
{
	size_t i;
	json_t *x;

	json_array_foreach(json_object_get(r, "output"), i, x)
	{
		printf("%s/%s  %lld\n", br_cli_str(r, "dir"),
		       br_cli_str(x, "file"),
		       (long long)json_integer_value(
		               json_object_get(x, "count")));
	}
}

static void
print_rows(json_t *r)
{
	json_t *n = json_object_get(r, "rows");

	if (n == NULL)
		n = json_object_get(r, "courses");
	printf("wrote %lld %s to %s\n", (long long)json_integer_value(n),
	       json_object_get(r, "rows") ? "rows" : "courses",
	       br_cli_str(r, "file"));
}

static const struct br_cli_opt fhir_opts[] = {
        {"out", "out", BR_ARG_VALUE, "FILE",
         "where to write the Bundle (- for stdout)"},
        {"patient", "patient_id", BR_ARG_VALUE, "PATIENT_ID",
         "one patient only"},
        {"episode", "episode_id", BR_ARG_VALUE, "EPISODE_ID",
         "one episode only"},
        {NULL, NULL, 0, NULL, NULL, NULL},
};
static const struct br_cli_opt ndjson_opts[] = {
        {"dir", "dir", BR_ARG_VALUE, "DIR",
         "the directory to write one file per resource type into"},
        {"since", "since", BR_ARG_VALUE, "YYYY-MM-DD[THH:MM:SSZ]",
         "only what changed since then"},
        {NULL, NULL, 0, NULL, NULL, NULL},
};
static const struct br_cli_opt csv_opts[] = {
        {"kind", "kind", BR_ARG_VALUE, NULL, "which table", br_csv_kinds},
        {"out", "out", BR_ARG_VALUE, "FILE", "where to write it"},
        {"patient", "patient_id", BR_ARG_VALUE, "PATIENT_ID",
         "one patient only"},
        {NULL, NULL, 0, NULL, NULL, NULL},
};
static const struct br_cli_opt stricta_opts[] = {
        {"out", "out", BR_ARG_VALUE, "FILE", "where to write it"},
        {"episode", "episode_id", BR_ARG_VALUE, "EPISODE_ID",
         "one episode only"},
        {"format", "format", BR_ARG_VALUE, "csv|markdown",
         "the format (default: csv)"},
        {NULL, NULL, 0, NULL, NULL, NULL},
};

static const struct br_cli_sub subs[] = {
        {"fhir", fhir_opts, NULL, br_app_export_fhir, print_fhir,
         .summary = "a FHIR R4 Bundle of patients and their records",
         .example = {"backrest export fhir --out bundle.json",
                     "backrest export fhir --patient 12 --out -"}},
        {"ndjson", ndjson_opts, NULL, br_app_export_ndjson, print_ndjson,
         .summary = "FHIR bulk data: one NDJSON file per resource type",
         .example = {"backrest export ndjson --dir export/"}},
        {"csv", csv_opts, NULL, br_app_export_csv, print_rows,
         .summary = "one table as CSV",
         .example = {"backrest export csv --kind diary --out diary.csv"}},
        {"stricta", stricta_opts, NULL, br_app_export_stricta, print_rows,
         .summary = "acupuncture courses described by the STRICTA items",
         .example = {"backrest export stricta --format markdown --out "
                     "stricta.md"}},
        {NULL, NULL, NULL, NULL, NULL},
};

const struct br_cli_cmd br_cli_cmd_export = {
        "export", "Data exchange", "FHIR, NDJSON, CSV and STRICTA exports",
        subs};
