/*
 * sqlite.c - the SQLite driver (struct br_db_ops) of the store.
 *
 * Every connection runs in WAL mode with foreign keys on, synchronous=FULL
 * (every commit fsyncs the WAL before it returns, so a write the caller
 * was told of survives a power cut) and a 5 s busy timeout.  The
 * server's connections, in a store group with group commit, run NORMAL
 * instead and leave the flush to the group (sq_flush_log, group.c): one
 * flush for the commits made meanwhile, every answer after it.  A new
 * database file is created mode 0600 before SQLite opens it (core/file.h);
 * SQLite gives its -wal and -shm files the database file's mode.  Writes start
 * with BEGIN IMMEDIATE so a second writer waits in the busy handler instead
 * of failing on the read-to-write upgrade.  The schema version is PRAGMA
 * user_version.  Parameters are written $1, $2 ... and prepared as ?1, ?2
 * ... (numbered_params), so binding needs no look-up by name.
 */
#include <ctype.h>
#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/file.h"
#include "store/db.h"

static int
db_fail(sqlite3 *db, int rc, struct br_err *err)
{
	if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
		return br_error(err, BR_EBUSY, "",
		                "the database stayed locked by another "
		                "writer; try again");
	if (rc == SQLITE_FULL)
		return br_error(err, BR_EIO, "", "the disk is full");
	if (rc == SQLITE_CONSTRAINT)
		return br_error(err, BR_ECONFLICT, "",
		                "the change conflicts with stored data (%s)",
		                db ? sqlite3_errmsg(db) : "constraint");
	return br_error(err, BR_EDB, "", "database error: %s",
	                db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
}

static int
sq_exec(void *conn, const char *sql, struct br_err *err)
{
	int rc = sqlite3_exec(conn, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? 0 : db_fail(conn, rc, err);
}

static int
sq_open(const char *target, void **conn, struct br_err *err)
{
	sqlite3 *db = NULL;
	int rc;

	/* Health data: the file is private whatever the umask.  An in-memory
	 * or URI target is left to SQLite. */
	if (strcmp(target, ":memory:") != 0 &&
	    strncmp(target, "file:", 5) != 0 && target[0] != '\0' &&
	    br_file_precreate(target) < 0)
		return br_error(err, BR_EIO, "db",
		                "cannot create the database %s: %s", target,
		                strerror(errno));
	rc = sqlite3_open_v2(target, &db,
	                     SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
	                             SQLITE_OPEN_NOMUTEX,
	                     NULL);
	if (rc != SQLITE_OK) {
		br_error(err, BR_EIO, "db", "cannot open the database %s: %s",
		         target, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
		sqlite3_close(db);
		return BR_EIO;
	}
	sqlite3_extended_result_codes(db, 0);
	sqlite3_busy_timeout(db, 5000);
	/* Leave the WAL for the next connection instead of checkpointing it
	 * (with its fsyncs) at every close: a command-line read would
	 * otherwise pay for a checkpoint.  Commits are as durable either way
	 * (WAL, synchronous=FULL); the automatic checkpoint still bounds
	 * the WAL while writing. */
	sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
	rc = sq_exec(db,
	             "PRAGMA journal_mode=WAL;"
	             "PRAGMA synchronous=FULL;"
	             "PRAGMA foreign_keys=ON;"
	             "PRAGMA journal_size_limit=67108864;",
	             err);
	if (rc == 0) {
		/* A file that is not a database fails here, not later. */
		rc = sq_exec(db, "SELECT count(*) FROM sqlite_schema;", err);
		if (rc < 0)
			br_error(err, BR_EIO, "db",
			         "%s is not a backrest database", target);
	}
	if (rc < 0) {
		sqlite3_close(db);
		return rc;
	}
	*conn = db;
	return 0;
}

static void
sq_close(void *conn)
{
	if (conn == NULL)
		return;
	sqlite3_exec(conn, "PRAGMA optimize;", NULL, NULL, NULL);
	sqlite3_close(conn);
}

/*
 * The store writes parameters $1, $2 ...  SQLite numbers "$N" by first
 * appearance, so binding would have to look each one up by name (a
 * snprintf and a search per value bound).  "?N" is parameter N itself:
 * the statement is prepared with every $N outside quotes and comments
 * written ?N, and
 * binding uses the number directly.
 */
static char *
numbered_params(const char *sql)
{
	size_t n = strlen(sql);
	char *out = malloc(n + 1), quote = 0;

	if (out == NULL)
		return NULL;
	for (size_t i = 0; i <= n; i++) {
		char c = sql[i];

		if (quote) {
			if (c == quote || (quote == '\n' && c == '\0'))
				quote = 0;
		} else if (c == '-' && sql[i + 1] == '-') {
			quote = '\n'; /* a comment, to the end of the line */
		} else if (c == '\'' || c == '"' || c == '`') {
			quote = c;
		} else if (c == '[') {
			quote = ']';
		} else if (c == '$' && isdigit((unsigned char)sql[i + 1])) {
			c = '?';
		}
		out[i] = c;
	}
	return out;
}

static int
sq_prepare(void *conn, const char *sql, void **stmt, struct br_err *err)
{
	sqlite3_stmt *st = NULL;
	char *q = numbered_params(sql);
	int rc;

	if (q == NULL)
		return br_error(err, BR_ENOMEM, "", "out of memory");
	rc = sqlite3_prepare_v3(conn, q, -1, SQLITE_PREPARE_PERSISTENT, &st,
	                        NULL);
	free(q);
	if (rc != SQLITE_OK)
		return db_fail(conn, rc, err);
	*stmt = st;
	return 0;
}

static void
sq_finalize(void *stmt)
{
	sqlite3_finalize(stmt);
}

static void
sq_reset(void *stmt)
{
	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
}

/* Statements are prepared with ?N (numbered_params). */
static int
param_index(void *stmt, int idx)
{
	(void)stmt;
	return idx;
}

static int
sq_bind_i64(void *stmt, int idx, int64_t v)
{
	return sqlite3_bind_int64(stmt, param_index(stmt, idx), v);
}

static int
sq_bind_double(void *stmt, int idx, double v)
{
	return sqlite3_bind_double(stmt, param_index(stmt, idx), v);
}

static int
sq_bind_text(void *stmt, int idx, const char *s)
{
	return sqlite3_bind_text(stmt, param_index(stmt, idx), s, -1,
	                         SQLITE_TRANSIENT);
}

static int
sq_bind_null(void *stmt, int idx)
{
	return sqlite3_bind_null(stmt, param_index(stmt, idx));
}

static int
sq_step(void *conn, void *stmt, struct br_err *err)
{
	int rc = sqlite3_step(stmt);

	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	rc = db_fail(conn, rc, err);
	sqlite3_reset(stmt);
	return rc;
}

static int
sq_bind_blob(void *stmt, int idx, const void *p, size_t n)
{
	return sqlite3_bind_blob64(stmt, param_index(stmt, idx), n ? p : "", n,
	                           SQLITE_STATIC);
}

static const void *
sq_col_blob(void *stmt, int col, size_t *n)
{
	const void *p = sqlite3_column_blob(stmt, col);

	*n = (size_t)sqlite3_column_bytes(stmt, col);
	return p ? p : "";
}

/* Reads the file through a memory map: no copy per page. */
static void
sq_hint_bulk_read(void *conn)
{
	sqlite3_exec(conn, "PRAGMA mmap_size=4294967296;", NULL, NULL, NULL);
}

static bool
sq_col_is_null(void *stmt, int col)
{
	return sqlite3_column_type(stmt, col) == SQLITE_NULL;
}

static int64_t
sq_col_i64(void *stmt, int col)
{
	return sqlite3_column_int64(stmt, col);
}

static double
sq_col_double(void *stmt, int col)
{
	return sqlite3_column_double(stmt, col);
}

static const char *
sq_col_text(void *stmt, int col)
{
	const unsigned char *t = sqlite3_column_text(stmt, col);

	return t ? (const char *)t : "";
}

/* A commit that brings the WAL to 1,000 pages (SQLite's default) copies
 * them into the database with two fsyncs before it returns, holding the
 * write lock: every writer waits.  Off, the commits of a connection leave
 * that to a background checkpointer (sq_checkpoint) and only checkpoint
 * themselves past 16,384 pages (64 MB), in case it falls behind. */
static void
sq_auto_checkpoint(void *conn, bool on)
{
	sqlite3_wal_autocheckpoint(conn, on ? 1000 : 16384);
}

static int
sq_checkpoint(void *conn, struct br_err *err)
{
	int rc = sqlite3_wal_checkpoint_v2(
	        conn, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);

	/* BUSY: another checkpoint is running; it will do. */
	return rc == SQLITE_OK || rc == SQLITE_BUSY ? 0
	                                            : db_fail(conn, rc, err);
}

/*
 * Group commit (store.h, group.c).  With synchronous=NORMAL a commit
 * writes its frames to the WAL file and returns without flushing it;
 * with FULL it then flushes the WAL (one sync of the -wal file) before
 * the new frames become visible, which is the only difference at commit
 * time (SQLite's walFrames(); "PRAGMA synchronous" in the SQLite
 * documentation: in WAL mode NORMAL "might roll back following a power
 * loss", FULL does not).  sq_flush_log makes the same sync through
 * SQLite's own handle of the WAL file: the sqlite3_file that
 * SQLITE_FCNTL_JOURNAL_POINTER gives ("the journal file (either the
 * rollback journal or the write-ahead log)", sqlite3_file_control), with
 * the flags SQLite passes for a commit under FULL.  A sync of a file
 * covers the data every descriptor of it wrote before (fsync(2)), so
 * one call on the syncing connection's handle covers the commits of all
 * the group's connections made before it started.
 */
static int
sq_defer_sync(void *conn, bool on, struct br_err *err)
{
	return sq_exec(conn,
	               on ? "PRAGMA synchronous=NORMAL;"
	                  : "PRAGMA synchronous=FULL;",
	               err);
}

static int
sq_flush_log(void *conn, struct br_err *err)
{
	sqlite3_file *f = NULL;
	int rc = sqlite3_file_control(conn, "main",
	                              SQLITE_FCNTL_JOURNAL_POINTER, &f);

	if (rc != SQLITE_OK || f == NULL || f->pMethods == NULL)
		return br_error(err, BR_EIO, "",
		                "the database's write-ahead log is not open");
	rc = f->pMethods->xSync(f, SQLITE_SYNC_NORMAL);
	return rc == SQLITE_OK ? 0 : db_fail(NULL, rc, err);
}

static int64_t
sq_changes(void *conn)
{
	return sqlite3_total_changes64(conn);
}

static int
sq_begin_write(void *conn, struct br_err *err)
{
	return sq_exec(conn, "BEGIN IMMEDIATE;", err);
}

static int
sq_begin_read(void *conn, struct br_err *err)
{
	return sq_exec(conn, "BEGIN DEFERRED;", err);
}

static int
sq_commit(void *conn, struct br_err *err)
{
	return sq_exec(conn, "COMMIT;", err);
}

static int
sq_rollback(void *conn)
{
	if (sqlite3_get_autocommit(conn))
		return 0;
	return sqlite3_exec(conn, "ROLLBACK;", NULL, NULL, NULL) == SQLITE_OK
	               ? 0
	               : BR_EDB;
}

static int
sq_get_version(void *conn, int *version, struct br_err *err)
{
	sqlite3_stmt *st;
	int rc =
	        sqlite3_prepare_v2(conn, "PRAGMA user_version;", -1, &st, NULL);

	if (rc != SQLITE_OK)
		return db_fail(conn, rc, err);
	rc = sqlite3_step(st);
	*version = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : db_fail(conn, rc, err);
}

static int
sq_set_version(void *conn, int version, struct br_err *err)
{
	char sql[64];

	snprintf(sql, sizeof(sql), "PRAGMA user_version=%d;", version);
	return sq_exec(conn, sql, err);
}

/* Copying: the catalog and a bulk load ------------------------------------ */

/* SQLite's affinity rules (datatype3.html 3.1), to the four classes. */
static char
class_of(const char *decl)
{
	char up[64];
	size_t i;

	for (i = 0; decl[i] && i + 1 < sizeof(up); i++)
		up[i] = (char)toupper((unsigned char)decl[i]);
	up[i] = '\0';
	if (strstr(up, "INT"))
		return BR_DB_INT;
	if (strstr(up, "CHAR") || strstr(up, "CLOB") || strstr(up, "TEXT"))
		return BR_DB_TEXT;
	if (strstr(up, "BLOB") || up[0] == '\0')
		return BR_DB_BLOB;
	return BR_DB_REAL;
}

static int
table_details(sqlite3 *db, struct br_db_table *t, struct br_err *err)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(
	        db,
	        "SELECT name, type FROM pragma_table_info(?1) "
	        "ORDER BY cid",
	        -1, &st, NULL);

	if (rc != SQLITE_OK)
		return db_fail(db, rc, err);
	sqlite3_bind_text(st, 1, t->name, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW &&
	       t->ncols < BR_DB_COLS_MAX) {
		snprintf(t->cols[t->ncols], BR_DB_NAME_MAX, "%s",
		         (const char *)sqlite3_column_text(st, 0));
		t->classes[t->ncols++] =
		        class_of((const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return db_fail(db, rc, err);
	rc = sqlite3_prepare_v2(db,
	                        "SELECT DISTINCT \"table\" FROM "
	                        "pragma_foreign_key_list(?1) ORDER BY 1",
	                        -1, &st, NULL);
	if (rc != SQLITE_OK)
		return db_fail(db, rc, err);
	sqlite3_bind_text(st, 1, t->name, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW &&
	       t->nrefs < BR_DB_REFS_MAX)
		snprintf(t->refs[t->nrefs++], BR_DB_NAME_MAX, "%s",
		         (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : db_fail(db, rc, err);
}

static int
sq_tables(void *conn, struct br_db_table **out, int *n, struct br_err *err)
{
	struct br_db_table *arr = NULL;
	sqlite3_stmt *st;
	int rc, len = 0;

	rc = sqlite3_prepare_v2(conn,
	                        "SELECT name FROM sqlite_schema WHERE type = "
	                        "'table' AND name NOT LIKE 'sqlite_%' ORDER BY "
	                        "name",
	                        -1, &st, NULL);
	if (rc != SQLITE_OK)
		return db_fail(conn, rc, err);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct br_db_table *p =
		        realloc(arr, (size_t)(len + 1) * sizeof(*p));

		if (p == NULL) {
			rc = SQLITE_NOMEM;
			break;
		}
		arr = p;
		memset(&arr[len], 0, sizeof(arr[len]));
		snprintf(arr[len++].name, BR_DB_NAME_MAX, "%s",
		         (const char *)sqlite3_column_text(st, 0));
	}
	sqlite3_finalize(st);
	rc = rc == SQLITE_DONE ? 0 : db_fail(conn, rc, err);
	for (int i = 0; rc == 0 && i < len; i++)
		rc = table_details(conn, &arr[i], err);
	if (rc < 0) {
		free(arr);
		return rc;
	}
	*out = arr;
	*n = len;
	return 0;
}

struct sq_load {
	sqlite3 *db;
	sqlite3_stmt *st;
	const struct br_db_table *t;
};

static int
sq_load_begin(void *conn, const struct br_db_table *t, void **ld,
              struct br_err *err)
{
	struct sq_load *l = calloc(1, sizeof(*l));
	char sql[8192];
	size_t n;
	int rc;

	if (l == NULL)
		return br_error(err, BR_ENOMEM, "", "out of memory");
	n = (size_t)snprintf(sql, sizeof(sql), "INSERT INTO \"%s\" (", t->name);
	for (int i = 0; i < t->ncols && n < sizeof(sql); i++)
		n += (size_t)snprintf(sql + n, sizeof(sql) - n, "%s\"%s\"",
		                      i ? ", " : "", t->cols[i]);
	for (int i = 0; i < t->ncols && n < sizeof(sql); i++)
		n += (size_t)snprintf(sql + n, sizeof(sql) - n, "%s?%d",
		                      i ? ", " : ") VALUES (", i + 1);
	if (n < sizeof(sql))
		snprintf(sql + n, sizeof(sql) - n, ")");
	rc = sqlite3_prepare_v2(conn, sql, -1, &l->st, NULL);
	if (rc != SQLITE_OK) {
		free(l);
		return db_fail(conn, rc, err);
	}
	l->db = conn;
	l->t = t;
	*ld = l;
	return 0;
}

static int
sq_load_row(void *ld, const struct br_db_value *row, struct br_err *err)
{
	struct sq_load *l = ld;
	int rc;

	for (int i = 0; i < l->t->ncols; i++) {
		const struct br_db_value *v = &row[i];

		if (v->null)
			sqlite3_bind_null(l->st, i + 1);
		else if (l->t->classes[i] == BR_DB_INT)
			sqlite3_bind_int64(l->st, i + 1, v->i);
		else if (l->t->classes[i] == BR_DB_REAL)
			sqlite3_bind_double(l->st, i + 1, v->d);
		else if (l->t->classes[i] == BR_DB_TEXT)
			sqlite3_bind_text(l->st, i + 1, v->p, (int)v->n,
			                  SQLITE_STATIC);
		else
			sqlite3_bind_blob64(l->st, i + 1, v->n ? v->p : "",
			                    v->n, SQLITE_STATIC);
	}
	rc = sqlite3_step(l->st);
	sqlite3_reset(l->st);
	return rc == SQLITE_DONE ? 0 : db_fail(l->db, rc, err);
}

static int
sq_load_end(void *ld, bool ok, struct br_err *err)
{
	struct sq_load *l = ld;

	(void)ok;
	(void)err;
	sqlite3_finalize(l->st);
	free(l);
	return 0;
}

const struct br_db_ops br_sqlite_ops = {
        .name = "sqlite",
        .open = sq_open,
        .close = sq_close,
        .exec = sq_exec,
        .prepare = sq_prepare,
        .finalize = sq_finalize,
        .reset = sq_reset,
        .bind_i64 = sq_bind_i64,
        .bind_double = sq_bind_double,
        .bind_text = sq_bind_text,
        .bind_null = sq_bind_null,
        .bind_blob = sq_bind_blob,
        .step = sq_step,
        .col_is_null = sq_col_is_null,
        .col_i64 = sq_col_i64,
        .col_double = sq_col_double,
        .col_text = sq_col_text,
        .col_blob = sq_col_blob,
        .hint_bulk_read = sq_hint_bulk_read,
        .auto_checkpoint = sq_auto_checkpoint,
        .checkpoint = sq_checkpoint,
        .defer_sync = sq_defer_sync,
        .flush_log = sq_flush_log,
        .changes = sq_changes,
        .begin_write = sq_begin_write,
        .begin_read = sq_begin_read,
        .commit = sq_commit,
        .rollback = sq_rollback,
        .get_version = sq_get_version,
        .set_version = sq_set_version,
        .tables = sq_tables,
        .load_begin = sq_load_begin,
        .load_row = sq_load_row,
        .load_end = sq_load_end,
};
