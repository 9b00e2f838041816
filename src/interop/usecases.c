/*
 * usecases.c - use cases: FHIR export and import, CSV export and import,
 * the STRICTA table (see usecases.h).  The mappings live in src/interop;
 * this file checks the input, opens and replaces files, runs the
 * transaction and writes the audit log.
 */
#include "interop/usecases.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/internal.h"
#include "app/outcome_internal.h"
#include "core/file.h"
#include "interop/csv.h"
#include "store/users.h"
#include "interop/fhir.h"
#include "interop/stricta.h"

/* Files written whole or not at all ---------------------------------------- */

struct outfile {
	char path[PATH_MAX];
	char tmp[PATH_MAX];
	FILE *f;
	bool in_place; /* a device or pipe, written directly */
};

/* The file a dangling symbolic link names (a relative target is taken
 * from the link's directory), or -1. */
static int
link_target(const char *link, char *out, size_t size)
{
	char target[PATH_MAX];
	const char *slash = strrchr(link, '/');
	ssize_t n = readlink(link, target, sizeof(target) - 1);
	int w;

	if (n <= 0)
		return -1;
	target[n] = '\0';
	if (target[0] == '/' || slash == NULL)
		w = snprintf(out, size, "%s", target);
	else
		w = snprintf(out, size, "%.*s/%s", (int)(slash - link), link,
		             target);
	return w < 0 || (size_t)w >= size ? -1 : 0;
}

static int
out_open(struct outfile *o, const char *field, const char *path,
         struct br_err *err)
{
	char q[48], real[PATH_MAX];
	struct stat st;
	int n;

	memset(o, 0, sizeof(*o));
	if (strcmp(path, "-") == 0) {
		/* Standard output: streamed, nothing to rename. */
		snprintf(o->path, sizeof(o->path), "-");
		o->f = stdout;
		return 0;
	}
	n = snprintf(o->path, sizeof(o->path), "%s", path);
	if (n < 0 || (size_t)n >= sizeof(o->path))
		return br_error(err, BR_EINVAL, field, "%s is too long", field);
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		br_quote_value(path, q, sizeof(q));
		if (!S_ISCHR(st.st_mode) && !S_ISFIFO(st.st_mode))
			return br_error(
			        err, BR_EINVAL, field,
			        "%s '%s' is %s, not a file: name a file "
			        "to write (or - for standard output)",
			        field, q,
			        S_ISDIR(st.st_mode) ? "a directory"
			                            : "a special file");
		/* A device or a pipe (/dev/null, /dev/stdout, a FIFO):
		 * written in place, never replaced by a renamed file. */
		o->f = fopen(path, "w");
		o->in_place = true;
	} else {
		/* A symbolic link to a file: the file is replaced, not the
		 * link; a link to a file not made yet: that file is made. */
		if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
			if (realpath(path, real) != NULL)
				snprintf(o->path, sizeof(o->path), "%s", real);
			else if (link_target(path, o->path, sizeof(o->path)) <
			         0)
				return br_error(err, BR_EINVAL, field,
				                "%s is a link whose target "
				                "cannot be resolved",
				                field);
		}
		if (snprintf(o->tmp, sizeof(o->tmp), "%s.tmp-%ld", o->path,
		             (long)getpid()) >= (int)sizeof(o->tmp))
			return br_error(err, BR_EINVAL, field, "%s is too long",
			                field);
		o->f = br_file_open_private(o->tmp); /* mode 0600 */
	}
	if (o->f == NULL) {
		br_quote_value(path, q, sizeof(q));
		return br_error(err, BR_EIO, field, "cannot write %s '%s': %s",
		                field, q, strerror(errno));
	}
	return 0;
}

static void
out_abort(struct outfile *o)
{
	if (o->f == stdout) {
		fflush(stdout);
		o->f = NULL;
		return;
	}
	if (o->f) {
		fclose(o->f);
		o->f = NULL;
		if (!o->in_place)
			unlink(o->tmp);
	}
}

static int
out_commit(struct outfile *o, struct br_err *err)
{
	char q[48];
	bool bad = ferror(o->f) != 0;

	if (o->f == stdout) {
		o->f = NULL;
		if (fflush(stdout) != 0 || bad)
			return br_error(err, BR_EIO, "out",
			                "cannot write to standard output");
		return 0;
	}

	/* Flushed to disk before the rename: a crash leaves the old file
	 * or the whole new one. */
	if (!o->in_place && (fflush(o->f) != 0 || fsync(fileno(o->f)) != 0))
		bad = true;
	bad = fclose(o->f) != 0 || bad;
	o->f = NULL;
	if (o->in_place && bad) {
		br_quote_value(o->path, q, sizeof(q));
		return br_error(err, BR_EIO, "out", "cannot write '%s'", q);
	}
	if (o->in_place)
		return 0;
	if (bad || rename(o->tmp, o->path) != 0) {
		int e = errno;

		unlink(o->tmp);
		br_quote_value(o->path, q, sizeof(q));
		return br_error(err, BR_EIO, "out", "cannot write '%s': %s", q,
		                strerror(e));
	}
	return 0;
}

static int
need_path(json_t *in, const char *key, const char **out, struct br_err *err)
{
	int rc = br_in_text(in, key, PATH_MAX - 32, false, out, err);

	if (rc == 0 && (*out == NULL || (*out)[0] == '\0'))
		rc = br_error(err, BR_EINVAL, key, "%s is required", key);
	return rc;
}

static void
count_type(json_t *types, json_t *res)
{
	const char *t = json_string_value(json_object_get(res, "resourceType"));
	json_t *n = json_object_get(types, t);

	json_object_set_new(types, t,
	                    json_integer(n ? json_integer_value(n) + 1 : 1));
}

/* FHIR Bundle export ------------------------------------------------------- */

/* The Bundle is streamed, one entry per line, so a whole store exports in
 * constant memory: the fixed framing around the entries is the only text
 * not made by jansson. */
struct bundle_ctx {
	FILE *f;
	long n;
	json_t *types;
};

static int
bundle_emit(void *ctx, json_t *res, struct br_err *err)
{
	struct bundle_ctx *b = ctx;
	char url[256];
	json_t *entry;
	int rc = 0;

	br_fhir_full_url(res, url, sizeof(url));
	count_type(b->types, res);
	entry = json_pack("{s:s, s:o}", "fullUrl", url, "resource", res);
	if (entry == NULL)
		return br_error(err, BR_ENOMEM, "", "out of memory");
	if (fputs(b->n++ ? ",\n" : "\n", b->f) == EOF ||
	    json_dumpf(entry, b->f, JSON_COMPACT | JSON_REAL_PRECISION(10)) < 0)
		rc = br_error(err, BR_EIO, "out", "cannot write the bundle");
	json_decref(entry);
	return rc;
}

int
br_app_export_fhir(struct br_app *app, json_t *in, json_t **out,
                   struct br_err *err)
{
	static const char *const keys[] = {"out", "patient_id", "episode_id",
	                                   NULL};
	struct br_fhir_filter f = {.code_systems = true,
	                           .instruments_dir = app->instruments_dir};
	struct bundle_ctx b = {NULL, 0, NULL};
	struct outfile o;
	const char *path;
	json_t *result = NULL;
	int rc = br_in_only(in, keys, err);

	if (rc == 0)
		rc = need_path(in, "out", &path, err);
	if (rc == 0 && br_in_has(in, "patient_id"))
		rc = br_in_id(in, "patient_id", &f.patient_id, err);
	if (rc == 0 && br_in_has(in, "episode_id"))
		rc = br_in_id(in, "episode_id", &f.episode_id, err);
	if (rc == 0)
		rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	rc = out_open(&o, "out", path, err);
	if (rc == 0) {
		b.f = o.f;
		b.types = json_object();
		fputs("{\"resourceType\": \"Bundle\", \"type\": "
		      "\"collection\", "
		      "\"entry\": [",
		      o.f);
		rc = br_fhir_export(app->store, &f, bundle_emit, &b, err);
		if (rc == 0) {
			fputs("\n]}\n", o.f);
			rc = out_commit(&o, err);
		} else {
			out_abort(&o);
		}
	}
	if (rc == 0)
		rc = br_app_audit(app, "fhir.export", f.patient_id,
		                  f.episode_id ? "episode" : NULL, f.episode_id,
		                  err);
	if (rc == 0)
		result = json_pack("{s:s, s:I, s:O}", "file", path, "resources",
		                   (json_int_t)b.n, "types", b.types);
	json_decref(b.types);
	return br_app_finish(app, rc, result, out, err);
}

/* Bulk NDJSON export ------------------------------------------------------- */

#define MAX_TYPES 24

struct ndjson_ctx {
	const char *dir;
	int n;
	struct {
		char type[40];
		struct outfile o;
		long count;
	} files[MAX_TYPES];
};

static int
ndjson_emit(void *ctx, json_t *res, struct br_err *err)
{
	struct ndjson_ctx *c = ctx;
	const char *t = json_string_value(json_object_get(res, "resourceType"));
	int i, rc = 0;

	for (i = 0; i < c->n; i++)
		if (strcmp(c->files[i].type, t) == 0)
			break;
	if (i == c->n) {
		char path[PATH_MAX];

		if (c->n == MAX_TYPES) {
			json_decref(res);
			return br_error(err, BR_EINVAL, "", "too many types");
		}
		snprintf(c->files[i].type, sizeof(c->files[i].type), "%s", t);
		snprintf(path, sizeof(path), "%s/%s.ndjson", c->dir, t);
		rc = out_open(&c->files[i].o, "dir", path, err);
		if (rc < 0) {
			json_decref(res);
			return rc;
		}
		c->n++;
	}
	if (json_dumpf(res, c->files[i].o.f,
	               JSON_COMPACT | JSON_REAL_PRECISION(10)) < 0 ||
	    fputc('\n', c->files[i].o.f) == EOF)
		rc = br_error(err, BR_EIO, "dir", "cannot write %s.ndjson", t);
	c->files[i].count++;
	json_decref(res);
	return rc;
}

/* "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SSZ". */
static int
check_since(const char *s, struct br_err *err)
{
	char q[48];
	int32_t d;
	size_t n = strlen(s);
	bool ok = (n == 10 || n == 20) &&
	          br_parse_date("since", n == 10 ? s : "x", &d, NULL) == 0;

	if (n == 20) {
		char date[11];
		int h, m, sec;

		memcpy(date, s, 10);
		date[10] = '\0';
		ok = br_parse_date("since", date, &d, NULL) == 0 &&
		     s[10] == 'T' && s[19] == 'Z' &&
		     sscanf(s + 11, "%2d:%2d:%2d", &h, &m, &sec) == 3 &&
		     s[13] == ':' && s[16] == ':' && h < 24 && m < 60 &&
		     sec < 60;
	}
	if (ok)
		return 0;
	br_quote_value(s, q, sizeof(q));
	return br_error(err, BR_EINVAL, "since",
	                "since must be a date (2026-03-01) or a UTC time "
	                "(2026-03-01T08:00:00Z), not '%s'",
	                q);
}

int
br_app_export_ndjson(struct br_app *app, json_t *in, json_t **out,
                     struct br_err *err)
{
	static const char *const keys[] = {"dir", "since", NULL};
	struct br_fhir_filter f = {.code_systems = true,
	                           .instruments_dir = app->instruments_dir};
	struct ndjson_ctx *c = calloc(1, sizeof(*c));
	const char *dir, *since;
	json_t *result = NULL, *list;
	struct stat st;
	char q[48];
	int rc = br_in_only(in, keys, err);

	if (c == NULL)
		return br_error(err, BR_ENOMEM, "", "out of memory");
	if (rc == 0)
		rc = need_path(in, "dir", &dir, err);
	if (rc == 0)
		rc = br_in_text(in, "since", 20, false, &since, err);
	if (rc == 0 && since && since[0]) {
		rc = check_since(since, err);
		snprintf(f.since, sizeof(f.since), "%s", since);
	}
	if (rc == 0 && stat(dir, &st) != 0 && br_dir_create_private(dir) != 0) {
		br_quote_value(dir, q, sizeof(q));
		rc = br_error(err, BR_EIO, "dir", "cannot create dir '%s': %s",
		              q, strerror(errno));
	} else if (rc == 0 && stat(dir, &st) == 0 && !S_ISDIR(st.st_mode)) {
		br_quote_value(dir, q, sizeof(q));
		rc = br_error(err, BR_EINVAL, "dir", "'%s' is not a directory",
		              q);
	}
	if (rc == 0)
		rc = br_store_begin(app->store, err);
	if (rc < 0) {
		free(c);
		return rc;
	}
	c->dir = dir;
	rc = br_fhir_export(app->store, &f, ndjson_emit, c, err);
	if (rc == 0)
		rc = br_app_audit(app, "fhir.export", 0, NULL, 0, err);
	list = json_array();
	for (int i = 0; i < c->n; i++) {
		if (rc == 0)
			rc = out_commit(&c->files[i].o, err);
		else
			out_abort(&c->files[i].o);
		if (rc == 0) {
			char name[64];

			snprintf(name, sizeof(name), "%s.ndjson",
			         c->files[i].type);
			json_array_append_new(
			        list, json_pack("{s:s, s:s, s:I}", "type",
			                        c->files[i].type, "file", name,
			                        "count",
			                        (json_int_t)c->files[i].count));
		}
	}
	if (rc == 0)
		result = json_pack("{s:s, s:s?, s:o}", "dir", dir, "since",
		                   f.since[0] ? f.since : NULL, "output", list);
	else
		json_decref(list);
	free(c);
	return br_app_finish(app, rc, result, out, err);
}

/* FHIR import ---------------------------------------------------------------
 */

/* Ends a FHIR import (Bundle or NDJSON) that ran as rc: one audit row per
 * patient it wrote, the rejected resources handed to *rejected (when
 * asked) on failure, then commit or roll back. */
static int
import_finish(struct br_app *app, int rc, json_t *report, json_t **out,
              json_t **rejected, struct br_err *err)
{
	size_t i;
	json_t *v;

	json_array_foreach(rc == 0 ? json_object_get(report, "patients") : NULL,
	                   i, v)
	{
		if (rc == 0)
			rc = br_app_audit(app, "fhir.import",
			                  json_integer_value(v), "patient",
			                  json_integer_value(v), err);
	}
	if (rc < 0 && report && rejected)
		*rejected = json_incref(json_object_get(report, "rejected"));
	if (rc < 0) {
		json_decref(report);
		report = NULL;
	}
	return br_app_finish(app, rc, report, out, err);
}

int
br_app_import_fhir_ex(struct br_app *app, json_t *in, json_t **out,
                      json_t **rejected, struct br_err *err)
{
	static const char *const keys[] = {"file", "skip_unknown", NULL};
	struct br_fhir_import_opts o = {0};
	json_t *bundle, *report = NULL;
	json_error_t je;
	const char *path;
	char q[48];
	int rc = br_in_only(in, keys, err);

	if (rejected)
		*rejected = NULL;
	if (rc == 0)
		rc = need_path(in, "file", &path, err);
	if (rc == 0)
		rc = br_in_bool(in, "skip_unknown", &o.skip_unknown, err);
	if (rc < 0)
		return rc;
	bundle = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
	if (bundle == NULL) {
		br_quote_value(path, q, sizeof(q));
		if (je.line < 1 && access(path, R_OK) != 0)
			return br_error(err, BR_EINVAL, "file",
			                "cannot read '%s': %s", q,
			                strerror(errno));
		return br_error(err, BR_EINVAL, "file",
		                "'%s' is not valid JSON: line %d, column %d: "
		                "%.120s",
		                q, je.line, je.column, je.text);
	}
	rc = br_store_begin(app->store, err);
	if (rc < 0) {
		json_decref(bundle);
		return rc;
	}
	rc = br_fhir_import(app, bundle, &o, &report, err);
	json_decref(bundle);
	return import_finish(app, rc, report, out, rejected, err);
}

int
br_app_import_fhir(struct br_app *app, json_t *in, json_t **out,
                   struct br_err *err)
{
	return br_app_import_fhir_ex(app, in, out, NULL, err);
}

/* The API's FHIR reads -------------------------------------------------------
 */

static int
everything_emit(void *ctx, json_t *res, struct br_err *err)
{
	char url[256];
	json_t *entry;

	br_fhir_full_url(res, url, sizeof(url));
	entry = json_pack("{s:s, s:o, s:{s:s}}", "fullUrl", url, "resource",
	                  res, "search", "mode", "match");
	if (entry == NULL || json_array_append_new(ctx, entry) < 0)
		return br_error(err, BR_ENOMEM, "", "out of memory");
	return 0;
}

int
br_app_fhir_everything(struct br_app *app, json_t *in, json_t **out,
                       struct br_err *err)
{
	static const char *const keys[] = {"patient_id", NULL};
	struct br_fhir_filter f = {.code_systems = true,
	                           .instruments_dir = app->instruments_dir};
	json_t *entries = NULL, *bundle = NULL;
	int rc = br_in_only(in, keys, err);

	if (rc == 0)
		rc = br_in_id(in, "patient_id", &f.patient_id, err);
	if (rc == 0)
		rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	entries = json_array();
	rc = br_fhir_export(app->store, &f, everything_emit, entries, err);
	if (rc == 0)
		rc = br_app_audit(app, "fhir.export", f.patient_id, "patient",
		                  f.patient_id, err);
	if (rc == 0)
		bundle = json_pack("{s:s, s:s, s:I, s:O}", "resourceType",
		                   "Bundle", "type", "searchset", "total",
		                   (json_int_t)json_array_size(entries),
		                   "entry", entries);
	json_decref(entries);
	return br_app_finish(app, rc, bundle, out, err);
}

struct bulk_ctx {
	char *text;
	size_t len;
	FILE *f;
	long n;
	json_t *types; /* NULL: every type */
};

static int
bulk_emit(void *ctx, json_t *res, struct br_err *err)
{
	struct bulk_ctx *b = ctx;
	const char *t = json_string_value(json_object_get(res, "resourceType"));
	int rc = 0;

	if (b->types && !json_object_get(b->types, t)) {
		json_decref(res);
		return 0;
	}
	if (json_dumpf(res, b->f, JSON_COMPACT | JSON_REAL_PRECISION(10)) < 0 ||
	    fputc('\n', b->f) == EOF)
		rc = br_error(err, BR_ENOMEM, "", "out of memory");
	b->n++;
	json_decref(res);
	return rc;
}

int
br_app_fhir_bulk(struct br_app *app, json_t *in, json_t **out,
                 struct br_err *err)
{
	static const char *const keys[] = {"_since", "_type", NULL};
	struct br_fhir_filter f = {.code_systems = true,
	                           .instruments_dir = app->instruments_dir};
	struct bulk_ctx b = {NULL, 0, NULL, 0, NULL};
	const char *since = NULL, *types = NULL;
	json_t *result = NULL;
	int rc = br_in_only(in, keys, err);

	if (rc == 0)
		rc = br_in_text(in, "_since", 20, false, &since, err);
	if (rc == 0 && since && since[0]) {
		rc = check_since(since, err);
		if (rc < 0)
			snprintf(err->field, sizeof(err->field), "_since");
		snprintf(f.since, sizeof(f.since), "%s", since);
	}
	if (rc == 0)
		rc = br_in_text(in, "_type", 400, false, &types, err);
	if (rc == 0 && types && types[0]) {
		char buf[401];

		b.types = json_object();
		snprintf(buf, sizeof(buf), "%s", types);
		for (char *save = NULL, *t = strtok_r(buf, ",", &save); t;
		     t = strtok_r(NULL, ",", &save))
			json_object_set_new(b.types, t, json_true());
	}
	if (rc == 0)
		rc = br_store_begin(app->store, err);
	if (rc < 0) {
		json_decref(b.types);
		return rc;
	}
	/* A practitioner exports the patients of their clinic. */
	if (app->user_id) {
		struct br_user u;

		rc = br_store_user_get(app->store, app->user_id, &u, err);
		if (rc == 0 && u.clinic_id == 0)
			rc = br_error(err, BR_EPERM, "",
			              "your account belongs to no clinic");
		f.clinic_id = rc == 0 ? u.clinic_id : 0;
	}
	b.f = rc == 0 ? open_memstream(&b.text, &b.len) : NULL;
	if (rc == 0 && b.f == NULL)
		rc = br_error(err, BR_ENOMEM, "", "out of memory");
	if (rc == 0)
		rc = br_fhir_export(app->store, &f, bulk_emit, &b, err);
	if (b.f && fclose(b.f) != 0 && rc == 0)
		rc = br_error(err, BR_ENOMEM, "", "out of memory");
	if (rc == 0)
		rc = br_app_audit(app, "fhir.export", 0, NULL, 0, err);
	if (rc == 0)
		result =
		        json_pack("{s:s%, s:I}", "ndjson", b.text ? b.text : "",
		                  b.len, "resources", (json_int_t)b.n);
	free(b.text);
	json_decref(b.types);
	return br_app_finish(app, rc, result, out, err);
}

/* Streamed NDJSON import ----------------------------------------------------
 */

int
br_app_import_ndjson_ex(struct br_app *app, json_t *in, json_t **out,
                        json_t **rejected, struct br_err *err)
{
	static const char *const keys[] = {"dir", "skip_unknown", NULL};
	struct br_fhir_ndjson_opts o = {.progress = !app->quiet,
	                                .instruments_dir =
	                                        app->instruments_dir};
	json_t *report = NULL;
	const char *dir;
	int rc = br_in_only(in, keys, err);

	if (rejected)
		*rejected = NULL;
	if (rc == 0)
		rc = need_path(in, "dir", &dir, err);
	if (rc == 0)
		rc = br_in_bool(in, "skip_unknown", &o.skip_unknown, err);
	if (rc == 0)
		rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	rc = br_fhir_import_ndjson(app, dir, &o, &report, err);
	return import_finish(app, rc, report, out, rejected, err);
}

int
br_app_import_ndjson(struct br_app *app, json_t *in, json_t **out,
                     struct br_err *err)
{
	return br_app_import_ndjson_ex(app, in, out, NULL, err);
}

/* CSV ---------------------------------------------------------------------- */

/* The outcome of episode e as `backrest outcome` computes it, within the
 * export's transaction (not audited apart: the export is). */
static int
episode_outcome(void *ctx, const struct br_episode *e, json_t **out,
                struct br_err *err)
{
	struct br_app *app = ctx;
	struct episode_data *d = malloc(sizeof(*d));
	json_t *in = json_pack("{s:I}", "episode_id", (json_int_t)e->id);
	int rc = d && in ? outcome_data_load(app, in, d, err)
	                 : br_error(err, BR_ENOMEM, "", "out of memory");

	*out = NULL;
	if (rc == 0 && (*out = outcome_json(app, d, err)) == NULL)
		rc = err->code ? err->code
		               : br_error(err, BR_ENOMEM, "", "out of memory");
	if (d)
		outcome_data_free(d);
	free(d);
	json_decref(in);
	return rc;
}

int
br_app_export_csv(struct br_app *app, json_t *in, json_t **out,
                  struct br_err *err)
{
	static const char *const keys[] = {"kind", "out", "patient_id", NULL};
	struct outfile o;
	const char *path;
	int64_t pid = 0;
	long rows = 0;
	int kind, rc = br_in_only(in, keys, err);

	if (rc == 0)
		rc = br_in_enum(in, "kind", br_csv_kinds, true, &kind, err);
	if (rc == 0)
		rc = need_path(in, "out", &path, err);
	if (rc == 0 && br_in_has(in, "patient_id"))
		rc = br_in_id(in, "patient_id", &pid, err);
	if (rc == 0)
		rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	rc = out_open(&o, "out", path, err);
	if (rc == 0) {
		struct br_csv_outcome oc = {episode_outcome, app};

		rc = br_csv_export_ex(app->store, br_csv_kinds[kind], pid,
		                      app->instruments_dir, &oc, o.f, &rows,
		                      err);
		if (rc == 0)
			rc = out_commit(&o, err);
		else
			out_abort(&o);
	}
	if (rc == 0)
		rc = br_app_audit(app, "csv.export", pid, NULL, 0, err);
	return br_app_finish(app, rc,
	                     rc < 0 ? NULL
	                            : json_pack("{s:s, s:s, s:I}", "file", path,
	                                        "kind", br_csv_kinds[kind],
	                                        "rows", (json_int_t)rows),
	                     out, err);
}

/* Reads a whole file into memory (NUL-terminated); at most 1 GiB. */
static int
slurp(const char *path, char **data, size_t *len, struct br_err *err)
{
	FILE *f = fopen(path, "rb");
	char q[48], *buf = NULL;
	size_t cap = 0, n = 0;

	br_quote_value(path, q, sizeof(q));
	if (f == NULL)
		return br_error(err, BR_EINVAL, "file", "cannot read '%s': %s",
		                q, strerror(errno));
	for (;;) {
		size_t got;

		if (n + 65536 + 1 > cap) {
			char *p;

			cap = cap ? cap * 2 : 1 << 20;
			if (cap > (1UL << 30) + 65536) {
				free(buf);
				fclose(f);
				return br_error(err, BR_ETOOBIG, "file",
				                "'%s' is larger than 1 GiB", q);
			}
			p = realloc(buf, cap);
			if (p == NULL) {
				free(buf);
				fclose(f);
				return br_error(err, BR_ENOMEM, "",
				                "out of memory");
			}
			buf = p;
		}
		got = fread(buf + n, 1, 65536, f);
		n += got;
		if (got < 65536)
			break;
	}
	if (ferror(f)) {
		free(buf);
		fclose(f);
		return br_error(err, BR_EIO, "file", "cannot read '%s'", q);
	}
	fclose(f);
	buf[n] = '\0';
	*data = buf;
	*len = n;
	return 0;
}

int
br_app_import_csv(struct br_app *app, json_t *in, json_t **out,
                  struct br_err *err)
{
	static const char *const keys[] = {"kind", "file", "partial", NULL};
	struct br_csv_import_opts o = {.progress = !app->quiet,
	                               .instruments_dir = app->instruments_dir};
	json_t *report = NULL, *v;
	const char *path;
	char *data = NULL;
	size_t len = 0, i;
	int kind, rc = br_in_only(in, keys, err);

	if (rc == 0)
		rc = br_in_enum(in, "kind", br_csv_kinds, true, &kind, err);
	if (rc == 0)
		rc = need_path(in, "file", &path, err);
	if (rc == 0)
		rc = br_in_bool(in, "partial", &o.partial, err);
	if (rc == 0)
		rc = slurp(path, &data, &len, err);
	if (rc == 0)
		rc = br_store_begin(app->store, err);
	if (rc < 0) {
		free(data);
		return rc;
	}
	o.kind = br_csv_kinds[kind];
	rc = br_csv_import(app, &o, data, len, &report, err);
	free(data);
	json_array_foreach(rc == 0 ? json_object_get(report, "patients") : NULL,
	                   i, v)
	{
		if (rc == 0)
			rc = br_app_audit(app, "csv.import",
			                  json_integer_value(v), NULL, 0, err);
	}
	if (rc < 0) {
		json_decref(report);
		report = NULL;
	}
	return br_app_finish(app, rc, report, out, err);
}

/* STRICTA -------------------------------------------------------------------
 */

int
br_app_export_stricta(struct br_app *app, json_t *in, json_t **out,
                      struct br_err *err)
{
	static const char *const keys[] = {"out", "episode_id", "format", NULL};
	static const char *const formats[] = {"csv", "markdown", NULL};
	struct outfile o;
	const char *path;
	int64_t eid = 0;
	long courses = 0;
	int fmt, rc = br_in_only(in, keys, err);

	if (rc == 0)
		rc = need_path(in, "out", &path, err);
	if (rc == 0)
		rc = br_in_enum(in, "format", formats, false, &fmt, err);
	if (rc == 0 && fmt < 0) {
		size_t n = strlen(path);

		fmt = n > 3 && (strcmp(path + n - 3, ".md") == 0 ||
		                (n > 9 &&
		                 strcmp(path + n - 9, ".markdown") == 0))
		              ? 1
		              : 0;
	}
	if (rc == 0 && br_in_has(in, "episode_id"))
		rc = br_in_id(in, "episode_id", &eid, err);
	if (rc == 0)
		rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	rc = out_open(&o, "out", path, err);
	if (rc == 0) {
		rc = br_stricta_export(app->store, eid, fmt == 1, o.f, &courses,
		                       err);
		if (rc == 0)
			rc = out_commit(&o, err);
		else
			out_abort(&o);
	}
	if (rc == 0)
		rc = br_app_audit(app, "stricta.export", 0,
		                  eid ? "episode" : NULL, eid, err);
	return br_app_finish(app, rc,
	                     rc < 0 ? NULL
	                            : json_pack("{s:s, s:s, s:I}", "file", path,
	                                        "format", formats[fmt],
	                                        "courses", (json_int_t)courses),
	                     out, err);
}
