/*
 * backup.c - online backups, their verification and restore (see
 * backup.h).
 */
#include "store/backup.h"

#include <errno.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/file.h"
#include "store/backup_file.h"
#include "store/store_internal.h"

static double
seconds_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) +
	       (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/* Removes an SQLite file made here and what SQLite keeps beside it. */
static void
remove_db(const char *path)
{
	static const char *const side[] = {"",         "-wal",    "-shm",
	                                   "-journal", "-series", NULL};
	char p[PATH_MAX + 16];

	if (path[0] == '\0')
		return;
	for (int i = 0; side[i]; i++) {
		snprintf(p, sizeof(p), "%s%s", path, side[i]);
		unlink(p);
	}
}

/* Runs sql (one statement, rows ignored). */
static int
run(struct br_store *s, const char *sql, struct br_err *err)
{
	void *st;
	int rc = s->ops->prepare(s->conn, sql, &st, err);

	if (rc < 0)
		return rc;
	while ((rc = s->ops->step(s->conn, st, err)) == 1)
		;
	s->ops->finalize(st);
	return rc < 0 ? rc : 0;
}

/* Leaves the SQLite file at s whole in its main file (no -wal) and
 * closes s. */
static int
close_whole(struct br_store *s, struct br_err *err)
{
	int rc = run(s, "PRAGMA journal_mode=DELETE", err);

	br_store_close(s);
	return rc;
}

static int
integrity(struct br_store *s, struct br_err *err)
{
	void *st;
	int rc = s->ops->prepare(s->conn, "PRAGMA integrity_check", &st, err);

	if (rc < 0)
		return rc;
	rc = s->ops->step(s->conn, st, err);
	if (rc == 1) {
		const char *v = s->ops->col_text(st, 0);

		rc = v && strcmp(v, "ok") == 0
		             ? 0
		             : br_error(err, BR_EINVAL, "file",
		                        "the database in the backup fails "
		                        "SQLite's integrity check");
	} else if (rc == 0) {
		rc = br_error(err, BR_EINVAL, "file",
		              "the database in the backup fails SQLite's "
		              "integrity check");
	}
	s->ops->finalize(st);
	return rc;
}

/* A temporary SQLite file (0600) beside near, or in $TMPDIR when near
 * is NULL; its name in t->tmp, no descriptor kept. */
static int
tmp_db(struct br_file_tmp *t, const char *near, struct br_err *err)
{
	char base[PATH_MAX];
	const char *dir = getenv("TMPDIR");

	if (near)
		snprintf(base, sizeof(base), "%s", near);
	else
		snprintf(base, sizeof(base), "%s/backrest-backup",
		         dir && dir[0] ? dir : "/tmp");
	if (br_file_tmp_open(t, base) < 0)
		return br_error(err, BR_EIO, near ? "out" : "",
		                "cannot create a temporary file beside %s: %s",
		                near ? near : "the temporary directory",
		                strerror(errno));
	return 0;
}

/* Copies the SQLite database of s into the empty file path with VACUUM
 * INTO: one read transaction (writers go on), every table and index
 * rewritten page by page. */
static int
vacuum_into(struct br_store *s, const char *path, struct br_err *err)
{
	void *st;
	int rc = s->ops->prepare(s->conn, "VACUUM INTO $1", &st, err);

	if (rc < 0)
		return rc;
	s->ops->bind_text(st, 1, path);
	rc = s->ops->step(s->conn, st, err);
	s->ops->finalize(st);
	return rc < 0 ? rc : 0;
}

int
br_store_backup(struct br_store *from, const char *out, const char *pass,
                size_t pass_len, unsigned long long opslimit,
                unsigned long long memlimit, struct br_backup_result *r,
                struct br_err *err)
{
	struct br_file_tmp db, file;
	struct br_backup_write_opts o = {0};
	struct br_store *to = NULL;
	struct timespec t0;
	struct stat st;
	FILE *payload = NULL, *f;
	int rc;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	memset(r, 0, sizeof(*r));
	memset(&file, 0, sizeof(file));
	file.fd = -1;
	rc = tmp_db(&db, out, err);
	if (rc < 0)
		return rc;
	close(db.fd);
	db.fd = -1;
	if (!br_store_target_is_pg(from->target)) {
		/* SQLite: a page-level copy of one read snapshot, then the
		 * copy is checked and checksummed. */
		rc = vacuum_into(from, db.tmp, err);
		if (rc == 0)
			rc = br_store_open(db.tmp, &to, err);
		if (rc == 0)
			rc = integrity(to, err);
		if (rc == 0)
			rc = br_store_checksums(to, &r->tables, err);
	} else {
		/* PostgreSQL: every table copied in one REPEATABLE READ
		 * snapshot, read back and compared (store/copy.h). */
		rc = br_store_open(db.tmp, &to, err);
		if (rc == 0)
			rc = br_store_copy(from, to, &r->tables, err);
	}
	if (rc == 0) {
		r->schema = br_store_schema_version(to);
		rc = close_whole(to, err);
	} else {
		br_store_close(to);
	}
	if (rc == 0) {
		payload = fopen(db.tmp, "rb");
		if (payload == NULL || fstat(fileno(payload), &st) != 0)
			rc = br_error(err, BR_EIO, "out",
			              "cannot read the copy back");
	}
	if (rc == 0 && br_file_tmp_open(&file, out) < 0)
		rc = br_error(err, BR_EIO, "out", "cannot write %s: %s", out,
		              strerror(errno));
	if (rc == 0) {
		f = br_file_tmp_stream(&file);
		o.schema = r->schema;
		o.pass = pass;
		o.pass_len = pass_len;
		o.opslimit = opslimit;
		o.memlimit = memlimit;
		rc = f ? br_backup_write(payload, (uint64_t)st.st_size, &o, f,
		                         err)
		       : br_error(err, BR_EIO, "out", "cannot write %s", out);
		if (rc == 0 && ftell(f) > 0)
			r->bytes = (unsigned long long)ftell(f);
	}
	if (rc == 0 && br_file_tmp_commit(&file) < 0)
		rc = br_error(err, BR_EIO, "out", "cannot write %s: %s", out,
		              strerror(errno));
	if (rc < 0)
		br_file_tmp_abort(&file);
	if (payload)
		fclose(payload);
	r->payload = rc == 0 ? (unsigned long long)st.st_size : 0;
	r->encrypted = pass != NULL;
	remove_db(db.tmp);
	r->seconds = seconds_since(&t0);
	return rc;
}

/* Reads the backup at path into a new temporary SQLite file (name in
 * db->tmp, beside near or in $TMPDIR), checks it and opens it as *s. */
static int
unpack(const char *path, const struct br_backup_pass *pass, const char *near,
       struct br_file_tmp *db, struct br_store **s, struct br_backup_result *r,
       struct br_err *err)
{
	struct br_backup_header h;
	uint8_t key[BR_BACKUP_KEY_BYTES];
	FILE *in = fopen(path, "rb"), *out = NULL;
	struct stat st;
	int rc = 0;

	*s = NULL;
	db->tmp[0] = '\0';
	db->fd = -1;
	db->f = NULL;
	if (in == NULL)
		return br_error(err, BR_EIO, "file", "cannot read %s: %s", path,
		                strerror(errno));
	if (fstat(fileno(in), &st) == 0)
		r->bytes = (unsigned long long)st.st_size;
	rc = br_backup_header_read(in, &h, err);
	if (rc == 0) {
		r->encrypted = h.encrypted;
		r->payload = h.payload_bytes;
	}
	if (rc == 0 && h.encrypted) {
		const char *p = NULL;
		size_t n = 0;

		rc = pass && pass->get
		             ? pass->get(pass->ctx, &p, &n, err)
		             : br_backup_body_read(in, &h, NULL, NULL, err);
		if (rc == 0)
			rc = br_backup_derive(&h, p, n, key, err);
	}
	if (rc == 0)
		rc = tmp_db(db, near, err);
	if (rc == 0) {
		out = br_file_tmp_stream(db);
		if (out == NULL)
			rc = br_error(err, BR_EIO, "",
			              "cannot write a "
			              "temporary file");
	}
	if (rc == 0)
		rc = br_backup_body_read(in, &h, h.encrypted ? key : NULL, out,
		                         err);
	sodium_memzero(key, sizeof(key));
	fclose(in);
	if (out && (fflush(out) != 0 || ferror(out)) && rc == 0)
		rc = br_error(err, BR_EIO, "", "cannot write a temporary file");
	if (rc == 0)
		rc = br_store_open(db->tmp, s, err);
	if (rc < 0 && err->field[0] == '\0')
		snprintf(err->field, sizeof(err->field), "file");
	if (rc == 0)
		rc = integrity(*s, err);
	if (rc == 0)
		rc = br_store_checksums(*s, &r->tables, err);
	if (rc == 0)
		r->schema = br_store_schema_version(*s);
	if (rc < 0) {
		br_store_close(*s);
		*s = NULL;
	}
	return rc;
}

/* Closes the temporary payload and removes it with its side files. */
static void
drop(struct br_file_tmp *db)
{
	char name[PATH_MAX];

	snprintf(name, sizeof(name), "%s", db->tmp);
	br_file_tmp_abort(db);
	remove_db(name);
}

int
br_backup_verify(const char *path, const struct br_backup_pass *pass,
                 struct br_backup_result *r, struct br_err *err)
{
	struct br_file_tmp db;
	struct br_store *s;
	struct timespec t0;
	int rc;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	memset(r, 0, sizeof(*r));
	rc = unpack(path, pass, NULL, &db, &s, r, err);
	br_store_close(s);
	drop(&db);
	r->seconds = seconds_since(&t0);
	return rc;
}

static bool
exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

static bool
same_tables(const struct br_copy_report *a, const struct br_copy_report *b,
            const char **differs)
{
	*differs = "";
	if (a->n_tables != b->n_tables)
		return false;
	for (int i = 0; i < a->n_tables; i++) {
		const struct br_copy_table *x = &a->tables[i],
		                           *y = &b->tables[i];

		*differs = x->name;
		if (strcmp(x->name, y->name) != 0 || x->rows != y->rows ||
		    x->sum[0] != y->sum[0] || x->sum[1] != y->sum[1])
			return false;
	}
	return true;
}

/* The checked payload (db, beside target) becomes the new SQLite file
 * target: flushed, renamed into place, opened again and every table's
 * rows and checksum compared with want (into got).  On failure nothing is
 * left at target. */
static int
place(struct br_file_tmp *db, const char *target,
      const struct br_copy_report *want, struct br_copy_report *got,
      struct br_err *err)
{
	char tmp[PATH_MAX];
	struct br_store *s = NULL;
	const char *differs;
	int rc;

	snprintf(tmp, sizeof(tmp), "%s", db->tmp);
	if (br_file_tmp_commit(db) < 0) {
		remove_db(tmp);
		return br_error(err, BR_EIO, "db", "cannot write %s: %s",
		                target, strerror(errno));
	}
	remove_db(tmp); /* what SQLite left beside the old name */
	rc = br_store_open(target, &s, err);
	if (rc == 0)
		rc = br_store_checksums(s, got, err);
	if (rc == 0 && !same_tables(want, got, &differs))
		rc = br_error(err, BR_EDB, "db",
		              "the restored table %s does not match the "
		              "backup; nothing was restored",
		              differs);
	br_store_close(s);
	if (rc < 0)
		remove_db(target);
	return rc;
}

int
br_backup_restore(const char *path, const struct br_backup_pass *pass,
                  const char *target, bool force, struct br_backup_result *r,
                  struct br_err *err)
{
	bool pg = br_store_target_is_pg(target);
	bool fresh = !pg && !exists(target);
	struct br_file_tmp db;
	struct br_copy_report cr = {0};
	struct br_store *src = NULL, *to = NULL;
	struct timespec t0;
	char table[64];
	int rc;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	memset(r, 0, sizeof(*r));
	rc = unpack(path, pass, pg ? NULL : target, &db, &src, r, err);
	if (rc == 0 && fresh) {
		/* A new SQLite target: the checked payload itself, renamed
		 * into place, read back and compared. */
		char side[PATH_MAX + 8];

		snprintf(side, sizeof(side), "%s-wal", target);
		if (exists(side))
			rc = br_error(err, BR_ECONFLICT, "db",
			              "%s is left beside the target; remove it "
			              "or restore elsewhere",
			              side);
		if (rc == 0) {
			rc = close_whole(src, err);
			src = NULL;
		}
		if (rc == 0)
			rc = place(&db, target, &r->tables, &cr, err);
	} else if (rc == 0) {
		/* An existing database (or PostgreSQL): the copy in one
		 * transaction, read back and compared (store/copy.h). */
		rc = br_store_open(target, &to, err);
		if (rc < 0 && err->field[0] == '\0')
			snprintf(err->field, sizeof(err->field), "db");
		if (rc == 0) {
			rc = br_store_holds_records(to, table, sizeof(table),
			                            err);
			if (rc == 1 && !force)
				rc = br_error(
				        err, BR_ECONFLICT, "db",
				        "the target database already "
				        "holds records; restore into a new "
				        "database or give --force to "
				        "replace them");
			else if (rc == 1)
				cr.replace = true;
			if (rc > 0)
				rc = 0;
		}
		if (rc == 0)
			rc = br_store_copy(src, to, &cr, err);
		br_store_close(to);
	}
	br_store_close(src);
	drop(&db);
	if (rc == 0 && !pg && !fresh) {
		/* The series image beside the old data is stale now. */
		char series[PATH_MAX + 8];

		snprintf(series, sizeof(series), "%s-series", target);
		unlink(series);
	}
	if (rc == 0) {
		/* Report what the target now holds, as verified by the copy. */
		br_copy_report_free(&r->tables);
		r->tables = cr;
	} else {
		br_copy_report_free(&cr);
	}
	r->seconds = seconds_since(&t0);
	return rc;
}

void
br_backup_result_free(struct br_backup_result *r)
{
	br_copy_report_free(&r->tables);
}
