/*
 * sqlite.c - the SQLite driver (struct br_db_ops) of the store.
 *
 * Every connection runs in WAL mode with foreign keys on, synchronous=NORMAL
 * (WAL never corrupts; see STACK.md 5) and a 5 s busy timeout.  Writes start
 * with BEGIN IMMEDIATE so a second writer waits in the busy handler instead
 * of failing on the read-to-write upgrade.  The schema version is PRAGMA
 * user_version.  Parameters are written $1, $2 ...; SQLite treats them as
 * named, so binding looks up the index of "$N".
 */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

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
	rc = sq_exec(db,
	             "PRAGMA journal_mode=WAL;"
	             "PRAGMA synchronous=NORMAL;"
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

static int
sq_prepare(void *conn, const char *sql, void **stmt, struct br_err *err)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v3(conn, sql, -1, SQLITE_PREPARE_PERSISTENT,
	                            &st, NULL);

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

static int
param_index(void *stmt, int idx)
{
	char name[16];

	snprintf(name, sizeof(name), "$%d", idx);
	return sqlite3_bind_parameter_index(stmt, name);
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
        .begin_write = sq_begin_write,
        .begin_read = sq_begin_read,
        .commit = sq_commit,
        .rollback = sq_rollback,
        .get_version = sq_get_version,
        .set_version = sq_set_version,
};
