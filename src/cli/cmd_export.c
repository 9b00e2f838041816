/*
 * cmd_export.c - backrest export fhir|ndjson|csv|stricta.
 */
#include <stdio.h>
#include <string.h>

#include "interop/usecases.h"
#include "cli/cli.h"

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

int
cmd_export(struct br_cli *cli, int argc, char **argv)
{
	static const struct br_cli_opt fhir_opts[] = {
	        {"out", "out", BR_ARG_VALUE},
	        {"patient", "patient_id", BR_ARG_VALUE},
	        {"episode", "episode_id", BR_ARG_VALUE},
	        {NULL, NULL, 0},
	};
	static const struct br_cli_opt ndjson_opts[] = {
	        {"dir", "dir", BR_ARG_VALUE},
	        {"since", "since", BR_ARG_VALUE},
	        {NULL, NULL, 0},
	};
	static const struct br_cli_opt csv_opts[] = {
	        {"kind", "kind", BR_ARG_VALUE},
	        {"out", "out", BR_ARG_VALUE},
	        {"patient", "patient_id", BR_ARG_VALUE},
	        {NULL, NULL, 0},
	};
	static const struct br_cli_opt stricta_opts[] = {
	        {"out", "out", BR_ARG_VALUE},
	        {"episode", "episode_id", BR_ARG_VALUE},
	        {"format", "format", BR_ARG_VALUE},
	        {NULL, NULL, 0},
	};
	static const struct br_cli_sub subs[] = {
	        {"fhir", fhir_opts, NULL, br_app_export_fhir, print_fhir},
	        {"ndjson", ndjson_opts, NULL, br_app_export_ndjson,
	         print_ndjson},
	        {"csv", csv_opts, NULL, br_app_export_csv, print_rows},
	        {"stricta", stricta_opts, NULL, br_app_export_stricta,
	         print_rows},
	        {NULL, NULL, NULL, NULL, NULL},
	};

	return br_cli_dispatch(cli, argc, argv, subs);
}
