/*
 * store.c - opening the store, migrations, transactions, the statement
 * cache and record ids (see store.h and db.h).
 *
 * Migrations are the embedded files src/store/migrations/NNN_name.sql,
 * applied in order inside one write transaction each; the schema version
 * is the NNN of the last one applied.  The same files serve both backends:
 * the PostgreSQL driver translates their DDL (br_pg_dialect in
 * postgres.c), and tests/unit/store/schema.c compares the two schemas.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <sodium.h>
#include <sys/stat.h>
#include <time.h>

#include "core/embed.h"
#include "store/patient_query.h"
#include "store/store_internal.h"

/* Whether migration v is recorded as applied. */
static int
migration_applied(struct br_store *s, int v, bool *applied, struct br_err *err)
{
	static const char q[] =
	        "SELECT 1 FROM schema_migrations WHERE version = $1";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, v);
	rc = br_db_step(st, err);
	br_db_done(st);
	*applied = rc == 1;
	return rc < 0 ? rc : 0;
}

static int
record_migration(struct br_store *s, const struct br_embedded_file *f, int v,
                 struct br_err *err)
{
	static const char q[] = "INSERT INTO schema_migrations (version, "
	                        "name, applied_at) VALUES ($1, $2, $3)";
	struct br_db_stmt *st;
	char now[BR_TS_LEN];
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_store_now(now);
	br_db_bind_i64(st, 1, v);
	br_db_bind_text(st, 2, f->name);
	br_db_bind_text(st, 3, now);
	return br_db_run(st, err);
}

/*
 * Applies every embedded migration not yet recorded in schema_migrations,
 * in order, each in its own write transaction with its record.  Tracking
 * the set (not only the highest number) means a migration merged later
 * with a lower number is still applied.  A database from before the table
 * existed (the table is empty) counts its versions up to user_version as
 * applied.
 */
static int
migrate_locked(struct br_store *s, struct br_err *err)
{
	static const char q[] = "SELECT count(*) FROM schema_migrations";
	struct br_db_stmt *st;
	int rc = s->ops->get_version(s->conn, &s->version, err);
	int legacy = s->version;

	if (rc == 0)
		rc = s->ops->exec(
		        s->conn,
		        "CREATE TABLE IF NOT EXISTS schema_migrations "
		        "(version INTEGER PRIMARY KEY, name TEXT NOT "
		        "NULL, applied_at TEXT NOT NULL);",
		        err);
	/* Once the table holds records it alone says what was applied: a
	 * lower-numbered migration merged later (005 after 006) must run. */
	if (rc == 0)
		rc = br_db_prepare(s, q, &st, err);
	if (rc == 0) {
		rc = br_db_step(st, err);
		if (rc == 1 && br_db_col_i64(st, 0) > 0)
			legacy = 0;
		br_db_done(st);
		rc = rc < 0 ? rc : 0;
	}
	for (const struct br_embedded_file *f = br_migration_files;
	     rc == 0 && f->name; f++) {
		int v = (int)strtol(f->name, NULL, 10);
		bool applied = false;

		rc = s->ops->begin_write(s->conn, err);
		if (rc == 0)
			rc = migration_applied(s, v, &applied, err);
		if (rc == 0 && !applied && v > legacy)
			rc = s->ops->exec(s->conn, (const char *)f->bytes, err);
		/* 015 adds the patients' folded names; the rows already
		 * there get theirs (computed in C) in the same transaction. */
		if (rc == 0 && !applied && v > legacy && v == 15)
			rc = br_store_patient_keys_fill(s, err);
		if (rc == 0 && !applied)
			rc = record_migration(s, f, v, err);
		if (rc == 0 && v > s->version)
			rc = s->ops->set_version(s->conn, v, err);
		if (rc == 0)
			rc = s->ops->commit(s->conn, err);
		if (rc < 0) {
			br_store_rollback(s);
			return rc;
		}
		if (v > s->version)
			s->version = v;
	}
	return rc;
}

static int
migrate(struct br_store *s, struct br_err *err)
{
	int rc;

	if (s->ops->lock_schema == NULL)
		return migrate_locked(s, err);
	rc = s->ops->lock_schema(s->conn, true, err);
	if (rc < 0)
		return rc;
	rc = migrate_locked(s, err);
	s->ops->lock_schema(s->conn, false, NULL);
	return rc;
}

/* Whether target names a PostgreSQL database (a libpq URI). */
bool
br_store_target_is_pg(const char *target)
{
	return strncmp(target, "postgresql://", 13) == 0 ||
	       strncmp(target, "postgres://", 11) == 0;
}

/* target as it may be shown: a URI's password left out. */
static void
shown_target(const char *target, char *buf, size_t n)
{
	const char *scheme = strstr(target, "://");
	const char *at = scheme ? strchr(scheme + 3, '@') : NULL;
	const char *colon = scheme ? strchr(scheme + 3, ':') : NULL;

	if (at && colon && colon < at)
		snprintf(buf, n, "%.*s%s", (int)(colon - target), target, at);
	else
		snprintf(buf, n, "%s", target);
}

static int
no_database(const char *target, struct br_err *err)
{
	char shown[200];

	shown_target(target, shown, sizeof(shown));
	return br_error(err, BR_ENOTFOUND, "db",
	                "there is no backrest database at %s; create one "
	                "with 'backrest init --db %s'",
	                shown, shown);
}

static int
store_open(const char *target, bool existing, struct br_store **out,
           struct br_err *err)
{
	struct br_store *s;
	struct stat st;
	int rc;

	if (existing && !br_store_target_is_pg(target) &&
	    strcmp(target, ":memory:") != 0 && stat(target, &st) != 0)
		return no_database(target, err);

	if (sodium_init() < 0)
		return br_error(err, BR_EIO, "", "cannot start libsodium");
	s = calloc(1, sizeof(*s));
	if (s == NULL)
		return br_error(err, BR_ENOMEM, "", "out of memory");
	s->ops = br_store_target_is_pg(target) ? &br_postgres_ops
	                                       : &br_sqlite_ops;
	s->target = strdup(target);
	rc = s->target ? s->ops->open(target, &s->conn, err)
	               : br_error(err, BR_ENOMEM, "", "out of memory");
	/* A database without the schema (an empty file, a new PostgreSQL
	 * database) is created only where the caller asked for it. */
	if (rc == 0 && existing)
		rc = s->ops->get_version(s->conn, &s->version, err);
	if (rc == 0 && existing && s->version == 0)
		rc = no_database(target, err);
	if (rc == 0)
		rc = migrate(s, err);
	if (rc < 0) {
		br_store_close(s);
		return rc;
	}
	*out = s;
	return 0;
}

int
br_store_open(const char *target, struct br_store **out, struct br_err *err)
{
	return store_open(target, false, out, err);
}

int
br_store_open_existing(const char *target, struct br_store **out,
                       struct br_err *err)
{
	return store_open(target, true, out, err);
}

void
br_store_close(struct br_store *s)
{
	if (s == NULL)
		return;
	br_store_gate_release(s);
	for (int i = 0; i < BR_STMT_CACHE; i++)
		if (s->stmts[i].sql)
			s->ops->finalize(s->stmts[i].handle);
	if (s->conn)
		s->ops->close(s->conn);
	free(s->target);
	free(s);
}

int
br_store_schema_version(struct br_store *s)
{
	return s->version;
}

int
br_store_begin(struct br_store *s, struct br_err *err)
{
	int rc;

	br_store_gate_take(s);
	rc = s->ops->begin_write(s->conn, err);
	if (rc < 0)
		br_store_gate_release(s);
	return rc;
}

int
br_store_begin_read(struct br_store *s, struct br_err *err)
{
	return s->ops->begin_read(s->conn, err);
}

/* In a store group with group commit (group.c) the commit takes its
 * number before it starts and records that it is written before the
 * gate is given back, so the numbers follow the order of the log. */
int
br_store_commit(struct br_store *s, struct br_err *err)
{
	uint64_t n = br_store_sync_begin(s);
	int rc = s->ops->commit(s->conn, err);

	if (rc < 0)
		s->ops->rollback(s->conn);
	else
		s->commits++;
	br_store_sync_end(s, n);
	br_store_gate_release(s);
	return rc;
}

void
br_store_checkpoint_auto(struct br_store *s, bool on)
{
	if (s->ops->auto_checkpoint)
		s->ops->auto_checkpoint(s->conn, on);
}

int
br_store_checkpoint(struct br_store *s, struct br_err *err)
{
	return s->ops->checkpoint ? s->ops->checkpoint(s->conn, err) : 0;
}

int
br_store_end_read(struct br_store *s, struct br_err *err)
{
	int rc = s->ops->commit(s->conn, err);

	if (rc < 0)
		s->ops->rollback(s->conn);
	return rc;
}

uint64_t
br_store_commits(struct br_store *s)
{
	return s ? s->commits : 0;
}

void
br_store_retry_wait(int attempt)
{
	/* Up to 1, 2, 4 ... 64 ms, at random so that the writers who
	 * collided do not collide again. */
	unsigned cap = 1000u << (attempt < 6 ? attempt : 6);
	struct timespec ts = {0, 0};

	ts.tv_nsec = (long)(randombytes_uniform(cap) + 100) * 1000L;
	nanosleep(&ts, NULL);
}

void
br_store_rollback(struct br_store *s)
{
	for (int i = 0; i < BR_STMT_CACHE; i++)
		if (s->stmts[i].sql)
			s->ops->reset(s->stmts[i].handle);
	s->ops->rollback(s->conn);
	if (s->gate_held && s->ops->changes)
		s->changes_mark = s->ops->changes(s->conn); /* nothing kept */
	br_store_gate_release(s);
}

/* Ids: 41 bits of milliseconds since 2024-01-01 and a 12-bit counter that
 * starts at a random value.  When a millisecond's 4096 ids run out the
 * clock is advanced logically, so ids stay unique and increasing within a
 * process; a collision between processes is refused by the primary key. */
#define BR_ID_EPOCH_MS 1704067200000LL

static pthread_mutex_t id_lock = PTHREAD_MUTEX_INITIALIZER;
static int64_t id_last_ms;
static int64_t id_counter;

int64_t
br_store_new_id(void)
{
	struct timespec ts;
	int64_t ms, id;

	clock_gettime(CLOCK_REALTIME, &ts);
	ms = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000 - BR_ID_EPOCH_MS;
	pthread_mutex_lock(&id_lock);
	if (ms > id_last_ms) {
		id_last_ms = ms;
		id_counter = randombytes_uniform(2048);
	} else if (++id_counter >= 4096) {
		id_last_ms++;
		id_counter = randombytes_uniform(2048);
	}
	id = (id_last_ms << 12) | id_counter;
	pthread_mutex_unlock(&id_lock);
	return id;
}

void
br_store_now(char out[BR_TS_LEN])
{
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(out, BR_TS_LEN, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Statements ------------------------------------------------------------- */

int
br_db_prepare(struct br_store *s, const char *sql, struct br_db_stmt **st,
              struct br_err *err)
{
	size_t h = ((uintptr_t)sql >> 3) * 0x9E3779B97F4A7C15ULL >> 20;
	struct br_db_stmt *c;
	void *handle;
	int rc;

	for (size_t i = 0; i < BR_STMT_CACHE; i++) {
		c = &s->stmts[(h + i) % BR_STMT_CACHE];
		if (c->sql == sql) {
			s->ops->reset(c->handle);
			*st = c;
			return 0;
		}
		if (c->sql == NULL)
			break;
	}
	if (s->n_stmts >= BR_STMT_CACHE * 3 / 4)
		return br_error(err, BR_EDB, "", "statement cache is full");
	rc = s->ops->prepare(s->conn, sql, &handle, err);
	if (rc < 0)
		return rc;
	c->store = s;
	c->sql = sql;
	c->handle = handle;
	s->n_stmts++;
	*st = c;
	return 0;
}

void
br_db_bind_i64(struct br_db_stmt *st, int idx, int64_t v)
{
	st->store->ops->bind_i64(st->handle, idx, v);
}

void
br_db_bind_int_opt(struct br_db_stmt *st, int idx, int v)
{
	if (v == BR_UNSET)
		st->store->ops->bind_null(st->handle, idx);
	else
		st->store->ops->bind_i64(st->handle, idx, v);
}

void
br_db_bind_double(struct br_db_stmt *st, int idx, double v)
{
	st->store->ops->bind_double(st->handle, idx, v);
}

void
br_db_bind_text(struct br_db_stmt *st, int idx, const char *s)
{
	if (s == NULL || s[0] == '\0')
		st->store->ops->bind_null(st->handle, idx);
	else
		st->store->ops->bind_text(st->handle, idx, s);
}

void
br_db_bind_blob(struct br_db_stmt *st, int idx, const void *p, size_t n)
{
	st->store->ops->bind_blob(st->handle, idx, p, n);
}

const void *
br_db_col_blob(struct br_db_stmt *st, int col, size_t *n)
{
	return st->store->ops->col_blob(st->handle, col, n);
}

void
br_store_bulk_write(struct br_store *s, bool on)
{
	if (s->ops->bulk_write)
		s->ops->bulk_write(s->conn, on);
}

void
br_db_hint_bulk_read(struct br_store *s)
{
	if (s->ops->hint_bulk_read)
		s->ops->hint_bulk_read(s->conn);
}

int
br_db_step(struct br_db_stmt *st, struct br_err *err)
{
	return st->store->ops->step(st->store->conn, st->handle, err);
}

int
br_db_run(struct br_db_stmt *st, struct br_err *err)
{
	int rc = br_db_step(st, err);

	st->store->ops->reset(st->handle);
	return rc < 0 ? rc : 0;
}

bool
br_db_col_is_null(struct br_db_stmt *st, int col)
{
	return st->store->ops->col_is_null(st->handle, col);
}

int64_t
br_db_col_i64(struct br_db_stmt *st, int col)
{
	return st->store->ops->col_i64(st->handle, col);
}

int
br_db_col_int_opt(struct br_db_stmt *st, int col)
{
	if (st->store->ops->col_is_null(st->handle, col))
		return BR_UNSET;
	return (int)st->store->ops->col_i64(st->handle, col);
}

double
br_db_col_double(struct br_db_stmt *st, int col)
{
	return st->store->ops->col_double(st->handle, col);
}

const char *
br_db_col_text(struct br_db_stmt *st, int col)
{
	return st->store->ops->col_text(st->handle, col);
}

void
br_db_col_copy(struct br_db_stmt *st, int col, char *out, size_t outlen)
{
	const char *t = br_db_col_text(st, col);
	size_t n;

	if (outlen == 0)
		return;
	/* snprintf(out, outlen, "%s", t) without the format machinery:
	 * this runs for every text column of every row read. */
	n = strnlen(t, outlen - 1);
	memcpy(out, t, n);
	out[n] = '\0';
}

void
br_db_done(struct br_db_stmt *st)
{
	st->store->ops->reset(st->handle);
}

int
br_store_grow(void **arr, size_t *cap, size_t n, size_t elem,
              struct br_err *err)
{
	size_t ncap;
	void *p;

	if (n < *cap)
		return 0;
	ncap = *cap ? *cap * 2 : 16;
	if (ncap > SIZE_MAX / elem)
		return br_error(err, BR_ENOMEM, "", "out of memory");
	p = realloc(*arr, ncap * elem);
	if (p == NULL)
		return br_error(err, BR_ENOMEM, "", "out of memory");
	*arr = p;
	*cap = ncap;
	return 0;
}

static int
collect(struct br_db_stmt *st, size_t elem_size, br_db_row_fn row, bool zero,
        void **out, size_t *n, struct br_err *err)
{
	unsigned char *arr = NULL;
	size_t cap = 0, len = 0;
	int rc;

	while ((rc = br_db_step(st, err)) == 1) {
		unsigned char *x;

		rc = br_store_grow((void **)&arr, &cap, len, elem_size, err);
		if (rc < 0)
			break;
		x = arr + len++ * elem_size;
		if (zero)
			memset(x, 0, elem_size);
		row(st, x);
	}
	br_db_done(st);
	if (rc < 0) {
		free(arr);
		return rc;
	}
	*out = arr;
	*n = len;
	return 0;
}

int
br_db_collect(struct br_db_stmt *st, size_t elem_size, br_db_row_fn row,
              void **out, size_t *n, struct br_err *err)
{
	return collect(st, elem_size, row, true, out, n, err);
}

int
br_db_collect_filled(struct br_db_stmt *st, size_t elem_size, br_db_row_fn row,
                     void **out, size_t *n, struct br_err *err)
{
	return collect(st, elem_size, row, false, out, n, err);
}
