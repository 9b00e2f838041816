/*
 * db.h - the database driver interface under the store, and the small
 * statement API the store's area files use.
 *
 * A driver (sqlite.c, postgres.c) fills struct br_db_ops.  SQL text
 * is written once, in the store's area files, in the subset both backends
 * accept, with $1, $2 ... parameters.  Nothing outside src/store includes
 * this header.
 *
 * Statements are cached per connection, keyed by the address of the SQL
 * string (always a string literal), and reset when handed out again.
 * Text returned by br_db_col_text() is borrowed until the next step or
 * reset of that statement.
 */
#ifndef BR_STORE_DB_H
#define BR_STORE_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct br_store;
struct br_db_stmt;

/* The schema as the catalog tells it (for copying a whole database). */
enum br_db_class {
	BR_DB_INT = 'i',
	BR_DB_REAL = 'r',
	BR_DB_TEXT = 't',
	BR_DB_BLOB = 'b'
};

#define BR_DB_NAME_MAX 64
#define BR_DB_COLS_MAX 64
#define BR_DB_REFS_MAX 8

struct br_db_table {
	char name[BR_DB_NAME_MAX];
	int ncols;
	char cols[BR_DB_COLS_MAX][BR_DB_NAME_MAX];
	char classes[BR_DB_COLS_MAX]; /* enum br_db_class */
	int nrefs;                    /* tables its foreign keys name */
	char refs[BR_DB_REFS_MAX][BR_DB_NAME_MAX];
};

/* One value of a bulk load row. */
struct br_db_value {
	bool null;
	int64_t i;     /* BR_DB_INT */
	double d;      /* BR_DB_REAL */
	const void *p; /* BR_DB_TEXT (NUL-terminated), BR_DB_BLOB */
	size_t n;      /* bytes at p */
};

struct br_db_ops {
	const char *name;
	int (*open)(const char *target, void **conn, struct br_err *err);
	void (*close)(void *conn);
	/* Runs a script of one or more statements without parameters. */
	int (*exec)(void *conn, const char *sql, struct br_err *err);
	int (*prepare)(void *conn, const char *sql, void **stmt,
	               struct br_err *err);
	void (*finalize)(void *stmt);
	void (*reset)(void *stmt);
	int (*bind_i64)(void *stmt, int idx, int64_t v);
	int (*bind_double)(void *stmt, int idx, double v);
	int (*bind_text)(void *stmt, int idx, const char *s);
	int (*bind_null)(void *stmt, int idx);
	/* Binds n bytes at p; the bytes must stay valid until the step. */
	int (*bind_blob)(void *stmt, int idx, const void *p, size_t n);
	/* 1 = a row, 0 = done, < 0 = BR_E* (err filled). */
	int (*step)(void *conn, void *stmt, struct br_err *err);
	bool (*col_is_null)(void *stmt, int col);
	int64_t (*col_i64)(void *stmt, int col);
	double (*col_double)(void *stmt, int col);
	const char *(*col_text)(void *stmt, int col);
	/* The column's bytes (borrowed until the next step) and length. */
	const void *(*col_blob)(void *stmt, int col, size_t *n);
	/* Prepares the connection for a long sequential read (may be a
	 * no-op). */
	void (*hint_bulk_read)(void *conn);
	/* Many small writes follow (on) or no longer (off): the driver may
	 * defer their results to the next read or the commit, where a
	 * failure is then reported (may be NULL). */
	void (*bulk_write)(void *conn, bool on);
	/* WAL checkpoints (may be NULL: no WAL): whether commits
	 * checkpoint by themselves (on) or leave it to checkpoint(), which
	 * copies what it can without waiting for or blocking a writer. */
	void (*auto_checkpoint)(void *conn, bool on);
	int (*checkpoint)(void *conn, struct br_err *err);
	/* Group commit (may be NULL: every commit is flushed by itself):
	 * defer_sync(on) makes the connection's commits return once they
	 * are written to the log, before it is flushed; flush_log flushes
	 * the log file to the disk, covering every commit of any
	 * connection written to it before the call; changes counts the rows
	 * the connection has changed so far (to find writes made outside
	 * br_store_begin). */
	int (*defer_sync)(void *conn, bool on, struct br_err *err);
	int (*flush_log)(void *conn, struct br_err *err);
	int64_t (*changes)(void *conn);
	int (*begin_write)(void *conn, struct br_err *err);
	int (*begin_read)(void *conn, struct br_err *err);
	int (*commit)(void *conn, struct br_err *err);
	int (*rollback)(void *conn);
	int (*get_version)(void *conn, int *version, struct br_err *err);
	int (*set_version)(void *conn, int version, struct br_err *err);
	/* Takes (lock) or releases a lock that serializes migrations
	 * between connections (may be NULL: the write transaction is
	 * enough). */
	int (*lock_schema)(void *conn, bool lock, struct br_err *err);
	/* The store's tables (not the driver's own bookkeeping), in name
	 * order; *out is a new array (caller frees). */
	int (*tables)(void *conn, struct br_db_table **out, int *n,
	              struct br_err *err);
	/* Bulk load into t (all of its columns, in order) inside the
	 * current write transaction: COPY on PostgreSQL, a prepared INSERT
	 * on SQLite.  load_end(ld, ok) finishes (ok) or abandons it. */
	int (*load_begin)(void *conn, const struct br_db_table *t, void **ld,
	                  struct br_err *err);
	int (*load_row)(void *ld, const struct br_db_value *row,
	                struct br_err *err);
	int (*load_end)(void *ld, bool ok, struct br_err *err);
};

extern const struct br_db_ops br_sqlite_ops;
extern const struct br_db_ops br_postgres_ops;

/* The store's SQLite DDL in PostgreSQL's dialect (postgres.c); a new
 * string the caller frees, NULL when out of memory. */
char *br_pg_dialect(const char *sql);

/* Sets *st to a cached, reset statement for sql (a string literal). */
int br_db_prepare(struct br_store *s, const char *sql, struct br_db_stmt **st,
                  struct br_err *err);
void br_db_bind_i64(struct br_db_stmt *st, int idx, int64_t v);
/* Binds NULL when v is BR_UNSET (-1). */
void br_db_bind_int_opt(struct br_db_stmt *st, int idx, int v);
void br_db_bind_double(struct br_db_stmt *st, int idx, double v);
/* Binds NULL when s is NULL or empty. */
void br_db_bind_text(struct br_db_stmt *st, int idx, const char *s);
/* Binds n bytes at p, which must stay valid until the statement steps. */
void br_db_bind_blob(struct br_db_stmt *st, int idx, const void *p, size_t n);
/* 1 = a row, 0 = done, < 0 = error. */
int br_db_step(struct br_db_stmt *st, struct br_err *err);
/* Steps a statement that returns no rows; 0 or < 0. */
int br_db_run(struct br_db_stmt *st, struct br_err *err);
bool br_db_col_is_null(struct br_db_stmt *st, int col);
int64_t br_db_col_i64(struct br_db_stmt *st, int col);
/* BR_UNSET (-1) for NULL. */
int br_db_col_int_opt(struct br_db_stmt *st, int col);
double br_db_col_double(struct br_db_stmt *st, int col);
/* "" for NULL; borrowed until the next step or reset. */
const char *br_db_col_text(struct br_db_stmt *st, int col);
/* The column's bytes, borrowed until the next step or reset; *n their
 * count (0 and a non-NULL pointer for an empty or NULL value). */
const void *br_db_col_blob(struct br_db_stmt *st, int col, size_t *n);
/* Tells the backend a long sequential read follows. */
void br_db_hint_bulk_read(struct br_store *s);
/* Copies the column into out (truncating to outlen - 1 bytes). */
void br_db_col_copy(struct br_db_stmt *st, int col, char *out, size_t outlen);
/* Resets the statement so its locks are released. */
void br_db_done(struct br_db_stmt *st);

/* Reads the current row of st into elem (zeroed before the call). */
typedef void (*br_db_row_fn)(struct br_db_stmt *st, void *elem);
/* Steps st to its end, reading each row with row into a new element of
 * elem_size bytes, and finishes st (br_db_done).  On success *out is a new
 * array of *n elements that the caller frees with free() (NULL when there
 * are no rows); on failure *out and *n are left as they were and nothing
 * is kept. */
int br_db_collect(struct br_db_stmt *st, size_t elem_size, br_db_row_fn row,
                  void **out, size_t *n, struct br_err *err);
/* The same for a row function that sets every member of the element
 * itself (a text column copied into a buffer ends at its NUL; the bytes
 * after it are left as they were): the element is not zeroed first.  For
 * the long lists of large rows (diary days, ~2 KB each for the note), where
 * zeroing each row cost more than reading it. */
int br_db_collect_filled(struct br_db_stmt *st, size_t elem_size,
                         br_db_row_fn row, void **out, size_t *n,
                         struct br_err *err);

#endif
