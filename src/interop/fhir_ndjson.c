/*
 * fhir_ndjson.c - a bulk NDJSON export (one TYPE.ndjson per resource type,
 * from backrest or another system) imported in bounded memory
 * (docs/internals/FHIR.md, "Streamed NDJSON import").
 *
 * Pass 1 reads every line of every *.ndjson file of the directory, parses
 * it, and stages its text in a temporary table keyed by the patient it
 * belongs to (its own Patient id, or its subject / patient reference, or
 * an Appointment's Patient participant; ""
 * for clinics, practitioners and definitions).  Pass 2 reads the staged
 * resources back grouped by that key and imports each group as one
 * collection Bundle with br_fhir_import, the resources of no patient
 * first; clinics and practitioners imported by an earlier group are
 * resolved through the aliases.  Everything runs inside the caller's one
 * write transaction: when any line or entry is rejected the caller rolls
 * back, so the import stays all or nothing.  Memory is bounded by the
 * largest patient's record, not the size of the files.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "interop/fhir_internal.h"
#include "store/interop.h"

#define MAX_FILES     64
#define MAX_LISTED    100         /* rejections listed in the report */
#define MAX_LINE      (64L << 20) /* bytes of one resource */
#define PROGRESS_STEP 100000

struct run {
	struct br_app *app;
	struct br_store *s;
	const struct br_fhir_ndjson_opts *o;
	struct br_fhir_import_opts io;
	char *names[MAX_FILES];
	int n_files;
	/* the group being read back */
	char key[160];
	json_t *entries;
	json_t *where; /* [[file, line], ...] of the entries */
	/* totals */
	json_t *report;
	long rejected, resources, groups, done;
	struct br_err first;
	int fatal;
};

static int
cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
list_files(struct run *r, const char *dir, struct br_err *err)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	if (d == NULL)
		return br_error(err, BR_EINVAL, "dir",
		                "cannot read dir '%.60s': %s", dir,
		                strerror(errno));
	while ((de = readdir(d)) != NULL) {
		size_t n = strlen(de->d_name);

		if (n < 8 || strcmp(de->d_name + n - 7, ".ndjson") != 0)
			continue;
		if (r->n_files == MAX_FILES) {
			closedir(d);
			return br_error(err, BR_EINVAL, "dir",
			                "dir has more than %d .ndjson files",
			                MAX_FILES);
		}
		r->names[r->n_files] = strdup(de->d_name);
		if (r->names[r->n_files++] == NULL) {
			closedir(d);
			return br_error(err, BR_ENOMEM, "", "out of memory");
		}
	}
	closedir(d);
	if (r->n_files == 0)
		return br_error(err, BR_EINVAL, "dir",
		                "dir '%.60s' has no .ndjson file", dir);
	qsort(r->names, (size_t)r->n_files, sizeof(r->names[0]), cmp_name);
	return 0;
}

/* Records a rejection: file, line, resource type, reason. */
static void
reject_line(struct run *r, int file, long line, const char *type,
            const char *full_url, const char *reason)
{
	const char *name = file >= 0 ? r->names[file] : "-";

	if (r->rejected++ == 0)
		br_error(&r->first, BR_EINVAL, "file", "%s line %ld (%s): %s",
		         name, line, type ? type : "?", reason);
	if (json_array_size(json_object_get(r->report, "rejected")) <
	    MAX_LISTED)
		json_array_append_new(
		        json_object_get(r->report, "rejected"),
		        json_pack("{s:s, s:I, s:s?, s:s?, s:s}", "file", name,
		                  "line", (json_int_t)line, "resourceType",
		                  type, "fullUrl", full_url, "reason", reason));
}

/* The patient a resource belongs to, as "Patient/<id>"; "" for none. */
static void
patient_key(json_t *res, char *out, size_t n)
{
	const char *type =
	        json_string_value(json_object_get(res, "resourceType"));
	const char *ref = NULL, *p;

	out[0] = '\0';
	if (type && strcmp(type, "Patient") == 0) {
		const char *id = json_string_value(json_object_get(res, "id"));

		if (id)
			snprintf(out, n, "Patient/%s", id);
		return;
	}
	ref = json_string_value(
	        json_object_get(json_object_get(res, "subject"), "reference"));
	if (ref == NULL)
		ref = json_string_value(json_object_get(
		        json_object_get(res, "patient"), "reference"));
	if (ref == NULL) {
		/* An Appointment: its participant that is a Patient. */
		json_t *part;
		size_t i;

		json_array_foreach(json_object_get(res, "participant"), i, part)
		{
			const char *r = json_string_value(json_object_get(
			        json_object_get(part, "actor"), "reference"));

			if (r && strstr(r, "Patient/") && ref == NULL)
				ref = r;
		}
	}
	if (ref == NULL || strncmp(ref, "urn:", 4) == 0) {
		if (ref)
			snprintf(out, n, "%s", ref);
		return;
	}
	/* An absolute URL: its last two segments. */
	p = strstr(ref, "Patient/");
	while (p && strstr(p + 1, "Patient/"))
		p = strstr(p + 1, "Patient/");
	snprintf(out, n, "%s", p ? p : ref);
}

static int
stage_file(struct run *r, const char *dir, int file, struct br_err *err)
{
	char path[4096], *buf = NULL;
	size_t cap = 0;
	ssize_t len;
	long line = 0;
	FILE *f;
	int rc = 0;

	snprintf(path, sizeof(path), "%s/%s", dir, r->names[file]);
	f = fopen(path, "r");
	if (f == NULL)
		return br_error(err, BR_EINVAL, "dir",
		                "cannot read '%.60s': %s", r->names[file],
		                strerror(errno));
	while (rc == 0 && (len = getline(&buf, &cap, f)) >= 0) {
		json_error_t je;
		json_t *res;
		char key[160];

		line++;
		while (len > 0 &&
		       (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
			buf[--len] = '\0';
		if (len == 0)
			continue;
		if (len > MAX_LINE || memchr(buf, '\0', (size_t)len)) {
			reject_line(r, file, line, NULL, NULL,
			            "the line is longer than 64 MiB or has a "
			            "NUL byte");
			continue;
		}
		res = json_loadb(buf, (size_t)len, JSON_REJECT_DUPLICATES, &je);
		if (res == NULL || !json_is_object(res) ||
		    !json_is_string(json_object_get(res, "resourceType"))) {
			char why[200];

			snprintf(why, sizeof(why),
			         res ? "the line is not a resource"
			             : "not valid "
			               "JSON: column "
			               "%d: %.120s",
			         je.column, je.text);
			reject_line(r, file, line, NULL, NULL, why);
			json_decref(res);
			continue;
		}
		patient_key(res, key, sizeof(key));
		json_decref(res);
		rc = br_store_stage_put(r->s, key, r->resources++, file, line,
		                        buf, err);
		if (r->o->progress && r->resources % PROGRESS_STEP == 0)
			fprintf(stderr, "\rndjson: %ld resources read",
			        r->resources);
	}
	if (rc == 0 && ferror(f))
		rc = br_error(err, BR_EIO, "dir", "cannot read '%.60s'",
		              r->names[file]);
	free(buf);
	fclose(f);
	return rc;
}

static void
add_counts(json_t *to, json_t *from)
{
	const char *k;
	json_t *v;

	json_object_foreach(from, k, v)
	{
		json_t *had = json_object_get(to, k);

		json_object_set_new(
		        to, k,
		        json_integer((had ? json_integer_value(had) : 0) +
		                     json_integer_value(v)));
	}
}

/* Imports the group read so far as one Bundle. */
static int
flush_group(struct run *r, struct br_err *err)
{
	json_t *bundle, *rep = NULL, *x;
	struct br_err e = BR_ERR_INIT;
	size_t i;
	int rc;

	if (json_array_size(r->entries) == 0)
		return 0;
	bundle = json_pack("{s:s, s:s, s:O}", "resourceType", "Bundle", "type",
	                   "collection", "entry", r->entries);
	if (bundle == NULL)
		return br_error(err, BR_ENOMEM, "", "out of memory");
	rc = br_fhir_import(r->app, bundle, &r->io, &rep, &e);
	json_decref(bundle);
	if (rc == 0) {
		static const char *const keys[] = {"created", "matched",
		                                   "updated", "skipped", NULL};

		for (int k = 0; keys[k]; k++)
			add_counts(json_object_get(r->report, keys[k]),
			           json_object_get(rep, keys[k]));
		json_array_extend(json_object_get(r->report, "patients"),
		                  json_object_get(rep, "patients"));
	} else if (rc == BR_EINVAL && rep) {
		json_array_foreach(json_object_get(rep, "rejected"), i, x)
		{
			json_t *w = json_array_get(
			        r->where, (size_t)json_integer_value(
			                          json_object_get(x, "index")));

			reject_line(
			        r,
			        (int)json_integer_value(json_array_get(w, 0)),
			        (long)json_integer_value(json_array_get(w, 1)),
			        json_string_value(
			                json_object_get(x, "resourceType")),
			        json_string_value(
			                json_object_get(x, "fullUrl")),
			        json_string_value(
			                json_object_get(x, "reason")));
		}
		if (json_array_size(json_object_get(rep, "rejected")) == 0)
			reject_line(r, -1, 0, NULL, NULL, e.msg);
		rc = 0;
	} else if (rc == BR_EINVAL) {
		reject_line(r, -1, 0, NULL, NULL, e.msg);
		rc = 0;
	} else {
		*err = e;
	}
	json_decref(rep);
	json_array_clear(r->entries);
	json_array_clear(r->where);
	r->groups++;
	if (r->o->progress && r->groups % 1000 == 0)
		fprintf(stderr, "\rndjson: %ld of %ld resources imported",
		        r->done, r->resources);
	return rc;
}

static int
on_staged(void *ctx, const char *pkey, int file, int64_t line, const char *body,
          struct br_err *err)
{
	struct run *r = ctx;
	json_t *res;
	char url[256];
	int rc = 0;

	if (pkey == NULL || strcmp(pkey, r->key) != 0) {
		rc = flush_group(r, err);
		if (rc < 0 || pkey == NULL)
			return rc;
		snprintf(r->key, sizeof(r->key), "%s", pkey);
	}
	res = json_loads(body, JSON_REJECT_DUPLICATES, NULL);
	if (res == NULL)
		return br_error(err, BR_ENOMEM, "", "out of memory");
	if (json_is_string(json_object_get(res, "id")))
		br_fhir_full_url(res, url, sizeof(url));
	else
		url[0] = '\0';
	json_array_append_new(r->entries,
	                      json_pack("{s:s*, s:o}", "fullUrl",
	                                url[0] ? url : NULL, "resource", res));
	json_array_append_new(r->where,
	                      json_pack("[i, I]", file, (json_int_t)line));
	r->done++;
	return 0;
}

int
br_fhir_import_ndjson(struct br_app *app, const char *dir,
                      const struct br_fhir_ndjson_opts *o, json_t **report,
                      struct br_err *err)
{
	struct br_store *s = app->store;
	struct run r;
	int rc;

	*report = NULL;
	memset(&r, 0, sizeof(r));
	r.app = app;
	r.s = s;
	r.o = o;
	r.io.skip_unknown = o->skip_unknown;
	r.io.instruments_dir = o->instruments_dir;
	r.io.aliases = json_object();
	r.entries = json_array();
	r.where = json_array();
	r.report = json_pack("{s:{}, s:{}, s:{}, s:{}, s:[], s:[]}", "created",
	                     "matched", "updated", "skipped", "patients",
	                     "rejected");
	rc = list_files(&r, dir, err);
	if (rc == 0)
		rc = br_store_stage_open(s, err);
	for (int i = 0; rc == 0 && i < r.n_files; i++)
		rc = stage_file(&r, dir, i, err);
	if (rc == 0 && r.rejected == 0)
		rc = br_store_stage_scan(s, on_staged, &r, err);
	if (o->progress && r.resources >= PROGRESS_STEP)
		fprintf(stderr, "\rndjson: %ld of %ld resources imported\n",
		        r.done, r.resources);
	br_store_stage_close(s);
	if (rc == 0) {
		json_object_set_new(r.report, "files", json_integer(r.n_files));
		json_object_set_new(r.report, "resources",
		                    json_integer(r.resources));
		*report = r.report;
		r.report = NULL;
		if (r.rejected > 0) {
			if (r.rejected == 1)
				rc = br_error(err, BR_EINVAL, "file",
				              "ndjson rejected, nothing "
				              "imported: %s",
				              r.first.msg);
			else
				rc = br_error(
				        err, BR_EINVAL, "file",
				        "ndjson rejected, nothing "
				        "imported: %ld problems; first %s",
				        r.rejected, r.first.msg);
		}
	}
	for (int i = 0; i < r.n_files; i++)
		free(r.names[i]);
	json_decref(r.report);
	json_decref(r.entries);
	json_decref(r.where);
	json_decref(r.io.aliases);
	return rc;
}
