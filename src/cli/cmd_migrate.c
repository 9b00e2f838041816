/*
 * cmd_migrate.c - backrest migrate --from SOURCE --to TARGET: copies a
 * whole database between backends (SQLite <-> PostgreSQL, or the same
 * backend) and verifies the copy (store/copy.h).
 *
 * SOURCE and TARGET are "sqlite:PATH" (or a plain PATH) or a libpq URI
 * "postgresql://...".  The target must be new: an SQLite file that does
 * not exist yet, or an empty PostgreSQL database (CREATE DATABASE ...).
 * The global --db is not used.  Output names the backends, never the
 * targets (a URI may hold a password).
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "store/copy.h"

static const char *
target_of(const char *arg)
{
	return strncmp(arg, "sqlite:", 7) == 0 ? arg + 7 : arg;
}

static const char *
backend_of(const char *target)
{
	return br_store_target_is_pg(target) ? "postgresql" : "sqlite";
}

static void
progress(void *ctx, const char *table, int64_t rows)
{
	(void)ctx;
	fprintf(stderr, "\rmigrate: %-28s %10lld rows", table, (long long)rows);
}

static void
print_migrate(json_t *o)
{
	json_t *t;
	size_t i;

	printf("copied %lld rows in %zu tables from %s to %s in %.1f s; "
	       "verified: every table's row count and checksum match\n",
	       (long long)json_integer_value(json_object_get(o, "rows")),
	       json_array_size(json_object_get(o, "tables")),
	       json_string_value(json_object_get(o, "from")),
	       json_string_value(json_object_get(o, "to")),
	       json_number_value(json_object_get(o, "seconds")));
	json_array_foreach(json_object_get(o, "tables"), i, t) printf(
	        "  %-28s %10lld rows  %s\n",
	        json_string_value(json_object_get(t, "name")),
	        (long long)json_integer_value(json_object_get(t, "rows")),
	        json_string_value(json_object_get(t, "checksum")));
}

static const struct br_cli_opt opts[] = {
        {"from", "from", BR_ARG_VALUE, "sqlite:PATH|postgresql://...",
         "the database to copy"},
        {"to", "to", BR_ARG_VALUE, "sqlite:PATH|postgresql://...",
         "a new SQLite file or an empty PostgreSQL database"},
        {NULL, NULL, 0, NULL, NULL, NULL},
};

static int
run_migrate(struct br_cli *cli, int argc, char **argv)
{
	struct br_err err = BR_ERR_INIT;
	struct br_copy_report r = {0};
	struct br_store *from = NULL, *to = NULL;
	const char *src, *dst;
	json_t *in = NULL, *out, *tables;
	int rc;

	rc = br_cli_parse(argc, argv, opts, NULL, &in, &err);
	src = json_string_value(json_object_get(in, "from"));
	dst = json_string_value(json_object_get(in, "to"));
	if (rc == 0 && (src == NULL || src[0] == '\0'))
		rc = br_error(&err, BR_EINVAL, "from",
		              "migrate needs --from sqlite:PATH or "
		              "postgresql://...");
	if (rc == 0 && (dst == NULL || dst[0] == '\0'))
		rc = br_error(&err, BR_EINVAL, "to",
		              "migrate needs --to sqlite:PATH or "
		              "postgresql://...");
	if (rc == 0 && strcmp(target_of(src), target_of(dst)) == 0)
		rc = br_error(&err, BR_EINVAL, "to",
		              "--to names the source database");
	if (rc == 0) {
		rc = br_store_open_existing(target_of(src), &from, &err);
		if (rc < 0 && strcmp(err.field, "db") == 0)
			snprintf(err.field, sizeof(err.field), "from");
	}
	if (rc == 0) {
		rc = br_store_open(target_of(dst), &to, &err);
		if (rc < 0 && err.field[0] == '\0')
			snprintf(err.field, sizeof(err.field), "to");
	}
	if (rc == 0) {
		if (!cli->app.quiet)
			r.progress = progress;
		rc = br_store_copy(from, to, &r, &err);
		if (r.progress)
			fputc('\n', stderr);
	}
	br_store_close(from);
	br_store_close(to);
	if (rc < 0) {
		json_decref(in);
		br_copy_report_free(&r);
		return br_cli_fail(cli, &err);
	}
	tables = json_array();
	for (int i = 0; i < r.n_tables; i++) {
		char sum[40];

		snprintf(sum, sizeof(sum), "%016llx%016llx",
		         (unsigned long long)r.tables[i].sum[0],
		         (unsigned long long)r.tables[i].sum[1]);
		json_array_append_new(tables,
		                      json_pack("{s:s, s:I, s:s}", "name",
		                                r.tables[i].name, "rows",
		                                (json_int_t)r.tables[i].rows,
		                                "checksum", sum));
	}
	out = json_pack("{s:s, s:s, s:I, s:o, s:b, s:f}", "from",
	                backend_of(target_of(src)), "to",
	                backend_of(target_of(dst)), "rows", (json_int_t)r.rows,
	                "tables", tables, "verified", 1, "seconds", r.seconds);
	br_copy_report_free(&r);
	json_decref(in);
	if (cli->json) {
		json_dumpf(out, stdout, JSON_INDENT(2));
		fputc('\n', stdout);
	} else {
		print_migrate(out);
	}
	json_decref(out);
	return 0;
}

static const struct br_cli_sub subs[] = {
        {"", opts, NULL, NULL, NULL,
         .summary = "copy a whole database to another backend and verify "
                    "the copy (--db is not used)",
         .example = {"backrest migrate --from sqlite:clinic.db --to "
                     "postgresql://backrest@localhost/clinic"},
         .run = run_migrate},
        {NULL, NULL, NULL, NULL, NULL},
};

const struct br_cli_cmd br_cli_cmd_migrate = {
        "migrate", "Setting up",
        "copy a database between SQLite and PostgreSQL", subs};
