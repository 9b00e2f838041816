/*
 * postgres.c - the PostgreSQL driver (struct br_db_ops) of the store, on
 * libpq.
 *
 * Target: a libpq connection URI, "postgresql://..." or "postgres://...".
 * One connection per store (the HTTP server opens one store per pool
 * thread, so one PGconn per thread).
 *
 * Statements: the store's SQL (with $1, $2 ... parameters) is prepared
 * per connection with PQprepare at its first step, with the types of the
 * values bound (see server_prepare), and run with PQexecPrepared.
 * Parameters travel as text, blobs as binary bytea; results come as text
 * (integers, doubles in shortest round-trip form, bytea as hex, booleans
 * as t/f).
 *
 * Transactions: writes run SERIALIZABLE, the same guarantee SQLite's
 * single writer gives; reads REPEATABLE READ READ ONLY (one snapshot).  A
 * serialization failure or deadlock (SQLSTATE 40001, 40P01) is reported
 * as BR_EBUSY, which the callers retry as a whole (see br_store_retry).
 *
 * Scripts (migrations) pass through br_pg_dialect(): the store's DDL is
 * written once, for SQLite, and translated here (see there).
 *
 * Error messages carry the server's primary message only (never DETAIL,
 * which may quote row values), and for bad values no message text at all.
 *
 * libpq is not linked: pg_open() loads it at the first connection
 * (core/dl.h), and every libpq call goes through a sym_ pointer.  Each
 * other call works on a connection pg_open() made, so it runs after the
 * load.
 */
#include <libpq-fe.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/dl.h"
#include "store/db.h"

#define BYTEAOID  17
#define INT8OID   20
#define TEXTOID   25
#define FLOAT8OID 701

/* libpq, loaded at the first connection ------------------------------- */

static __typeof__(PQclear) *sym_PQclear;
static __typeof__(PQcmdStatus) *sym_PQcmdStatus;
static __typeof__(PQconnectdb) *sym_PQconnectdb;
static __typeof__(PQenterPipelineMode) *sym_PQenterPipelineMode;
static __typeof__(PQerrorMessage) *sym_PQerrorMessage;
static __typeof__(PQexec) *sym_PQexec;
static __typeof__(PQexecParams) *sym_PQexecParams;
static __typeof__(PQexecPrepared) *sym_PQexecPrepared;
static __typeof__(PQexitPipelineMode) *sym_PQexitPipelineMode;
static __typeof__(PQfinish) *sym_PQfinish;
static __typeof__(PQgetResult) *sym_PQgetResult;
static __typeof__(PQgetisnull) *sym_PQgetisnull;
static __typeof__(PQgetvalue) *sym_PQgetvalue;
static __typeof__(PQnfields) *sym_PQnfields;
static __typeof__(PQntuples) *sym_PQntuples;
static __typeof__(PQpipelineStatus) *sym_PQpipelineStatus;
static __typeof__(PQpipelineSync) *sym_PQpipelineSync;
static __typeof__(PQprepare) *sym_PQprepare;
static __typeof__(PQputCopyData) *sym_PQputCopyData;
static __typeof__(PQputCopyEnd) *sym_PQputCopyEnd;
static __typeof__(PQreset) *sym_PQreset;
static __typeof__(PQresultErrorField) *sym_PQresultErrorField;
static __typeof__(PQresultStatus) *sym_PQresultStatus;
static __typeof__(PQsendQueryPrepared) *sym_PQsendQueryPrepared;
static __typeof__(PQsetNoticeReceiver) *sym_PQsetNoticeReceiver;
static __typeof__(PQstatus) *sym_PQstatus;
static __typeof__(PQtransactionStatus) *sym_PQtransactionStatus;

static const struct br_dl_sym pq_syms[] = {
        {BR_DL_SYM(PQclear)},
        {BR_DL_SYM(PQcmdStatus)},
        {BR_DL_SYM(PQconnectdb)},
        {BR_DL_SYM(PQenterPipelineMode)},
        {BR_DL_SYM(PQerrorMessage)},
        {BR_DL_SYM(PQexec)},
        {BR_DL_SYM(PQexecParams)},
        {BR_DL_SYM(PQexecPrepared)},
        {BR_DL_SYM(PQexitPipelineMode)},
        {BR_DL_SYM(PQfinish)},
        {BR_DL_SYM(PQgetResult)},
        {BR_DL_SYM(PQgetisnull)},
        {BR_DL_SYM(PQgetvalue)},
        {BR_DL_SYM(PQnfields)},
        {BR_DL_SYM(PQntuples)},
        {BR_DL_SYM(PQpipelineStatus)},
        {BR_DL_SYM(PQpipelineSync)},
        {BR_DL_SYM(PQprepare)},
        {BR_DL_SYM(PQputCopyData)},
        {BR_DL_SYM(PQputCopyEnd)},
        {BR_DL_SYM(PQreset)},
        {BR_DL_SYM(PQresultErrorField)},
        {BR_DL_SYM(PQresultStatus)},
        {BR_DL_SYM(PQsendQueryPrepared)},
        {BR_DL_SYM(PQsetNoticeReceiver)},
        {BR_DL_SYM(PQstatus)},
        {BR_DL_SYM(PQtransactionStatus)},
        {NULL, NULL},
};

static struct br_dl_lib pq_lib = {
        .soname = "libpq.so.5",
        .package = "libpq5",
        .feature = "the PostgreSQL backend",
        .syms = pq_syms,
};

struct pg_conn {
	PGconn *pg;
	unsigned generation; /* bumped when the connection is reset */
	unsigned next_name;
	bool bulk;   /* bulk writes: pipeline statements without rows */
	int pending; /* pipelined statements whose results are unread */
	struct br_err pipe_err; /* the first failure among them */
};

enum { P_NULL, P_I64, P_DOUBLE, P_TEXT, P_BLOB };

struct pg_param {
	int kind;
	char num[32]; /* P_I64, P_DOUBLE */
	char *text;   /* P_TEXT, owned */
	const void *blob;
	size_t n;
};

struct pg_stmt {
	struct pg_conn *c;
	char *sql; /* owned copy */
	char name[24];
	unsigned generation; /* of the connection when prepared */
	bool prepared;
	bool no_rows; /* INSERT, UPDATE or DELETE without RETURNING */
	bool sent;    /* pipelined, result not read (bulk writes) */
	Oid *types;   /* the parameter types prepared with */
	int nparams;
	struct pg_param *p;
	const char **vals; /* PQexecPrepared's arrays, nparams each */
	int *lens, *fmts;
	PGresult *res;
	int row, nrows;
	/* col_blob: decoded bytes, one buffer per column */
	unsigned char **blob;
	size_t *blob_cap;
	int nblob;
};

/* Errors --------------------------------------------------------------- */

static bool
sqlstate_is(const PGresult *r, const char *code)
{
	const char *s = r ? sym_PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;

	return s && strncmp(s, code, strlen(code)) == 0;
}

/* Fills err from a failed result (or the connection when r is NULL). */
static int
pg_fail(struct pg_conn *c, const PGresult *r, struct br_err *err)
{
	const char *primary =
	        r ? sym_PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;

	if (c && sym_PQstatus(c->pg) == CONNECTION_BAD)
		return br_error(err, BR_EIO, "",
		                "lost the connection to the database");
	if (sqlstate_is(r, "40001") || sqlstate_is(r, "40P01"))
		return br_error(err, BR_EBUSY, "",
		                "the database was busy with a concurrent "
		                "change; try again");
	if (sqlstate_is(r, "55P03") || sqlstate_is(r, "57014"))
		return br_error(err, BR_EBUSY, "",
		                "the database stayed locked by another "
		                "writer; try again");
	if (sqlstate_is(r, "23"))
		return br_error(err, BR_ECONFLICT, "",
		                "the change conflicts with stored data (%s)",
		                primary ? primary : "constraint");
	if (sqlstate_is(r, "22"))
		return br_error(err, BR_EDB, "",
		                "database error: a value does not fit its "
		                "column");
	if (sqlstate_is(r, "53100"))
		return br_error(err, BR_EIO, "", "the disk is full");
	if (sqlstate_is(r, "08"))
		return br_error(err, BR_EIO, "",
		                "lost the connection to the database");
	if (primary == NULL && c)
		primary = sym_PQerrorMessage(c->pg);
	return br_error(err, BR_EDB, "", "database error: %.200s",
	                primary && primary[0] ? primary : "unknown");
}

/* After an error outside a transaction: reconnects when the connection
 * broke, so the next statement can work (prepared statements are then
 * prepared again). */
static void
pg_heal(struct pg_conn *c)
{
	if (sym_PQstatus(c->pg) != CONNECTION_BAD)
		return;
	sym_PQreset(c->pg);
	c->generation++;
}

/*
 * Bulk writes (br_store_bulk_write, the demo generator): an INSERT,
 * UPDATE or DELETE without RETURNING is sent in libpq's pipeline mode and
 * its result read later, so a batch of small writes costs no round trip
 * each.  Anything else (a read, a command, a prepare, the commit) first
 * drains the pipeline: reads the pending results and reports the first
 * failure among them.
 */
static int
drain(struct pg_conn *c, struct br_err *err)
{
	PGresult *r;
	int rc = 0;

	if (sym_PQpipelineStatus(c->pg) == PQ_PIPELINE_OFF)
		return 0;
	if (sym_PQpipelineSync(c->pg) != 1)
		rc = pg_fail(c, NULL, &c->pipe_err);
	while (rc == 0) {
		r = sym_PQgetResult(c->pg);
		if (r == NULL) {
			/* The end of one statement's results. */
			if (sym_PQstatus(c->pg) == CONNECTION_BAD) {
				rc = pg_fail(c, NULL, &c->pipe_err);
				break;
			}
			continue;
		}
		if (sym_PQresultStatus(r) == PGRES_PIPELINE_SYNC) {
			sym_PQclear(r);
			break;
		}
		if (sym_PQresultStatus(r) != PGRES_COMMAND_OK &&
		    sym_PQresultStatus(r) != PGRES_TUPLES_OK &&
		    c->pipe_err.code == 0)
			pg_fail(c, r, &c->pipe_err);
		sym_PQclear(r);
	}
	sym_PQexitPipelineMode(c->pg);
	c->pending = 0;
	if (c->pipe_err.code != 0) {
		if (err)
			*err = c->pipe_err;
		rc = c->pipe_err.code;
		br_err_clear(&c->pipe_err);
	}
	return rc;
}

/* A script or command without parameters or rows. */
static int
pg_command(struct pg_conn *c, const char *sql, struct br_err *err)
{
	int drained = drain(c, err);
	PGresult *r;

	if (drained < 0)
		return drained;
	r = sym_PQexec(c->pg, sql);
	ExecStatusType st = sym_PQresultStatus(r);
	int rc = 0;

	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK &&
	    st != PGRES_EMPTY_QUERY)
		rc = pg_fail(c, r, err);
	sym_PQclear(r);
	if (rc < 0)
		pg_heal(c);
	return rc;
}

/* Dialect ---------------------------------------------------------------- */

struct buf {
	char *p;
	size_t n, cap;
	bool oom;
};

static void
buf_add(struct buf *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (b->n + n + 1 > b->cap) {
		size_t cap = (b->n + n + 1) * 2;
		char *p = realloc(b->p, cap);

		if (p == NULL) {
			b->oom = true;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = '\0';
}

static bool
word_is(const char *w, size_t n, const char *kw)
{
	return strlen(kw) == n && strncasecmp(w, kw, n) == 0;
}

static bool
is_ident_start(char ch)
{
	return isalpha((unsigned char)ch) || ch == '_';
}

static bool
is_ident(char ch)
{
	return isalnum((unsigned char)ch) || ch == '_';
}

/*
 * Translates the store's SQLite DDL to PostgreSQL, token by token (string
 * literals, quoted names and comments are copied unchanged):
 *   INTEGER -> BIGINT      ids are 53-bit
 *   REAL    -> DOUBLE PRECISION   SQLite's REAL is 8 bytes
 *   BLOB    -> BYTEA
 *   TEXT as a column's type -> TEXT COLLATE "C"   byte order, as SQLite
 *   WITHOUT ROWID -> (nothing)
 * Everything else in the migrations is SQL both accept.  Returns a new
 * string (caller frees) or NULL when out of memory.
 */
char *
br_pg_dialect(const char *sql)
{
	struct buf b = {0};
	/* The two significant tokens before this one: kind and text. */
	const char *prev = "", *prev2 = "";
	size_t prev_n = 0, prev2_n = 0;
	bool prev_ident = false;
	const char *s = sql;

	buf_add(&b, "", 0);
	while (*s) {
		const char *t = s;

		if (s[0] == '-' && s[1] == '-') {
			while (*s && *s != '\n')
				s++;
			buf_add(&b, t, (size_t)(s - t));
			continue;
		}
		if (s[0] == '/' && s[1] == '*') {
			const char *e = strstr(s + 2, "*/");

			s = e ? e + 2 : s + strlen(s);
			buf_add(&b, t, (size_t)(s - t));
			continue;
		}
		if (*s == '\'' || *s == '"') {
			char q = *s++;

			while (*s && !(*s == q && s[1] != q)) {
				if (*s == q)
					s++;
				s++;
			}
			if (*s)
				s++;
			buf_add(&b, t, (size_t)(s - t));
			prev2 = prev, prev2_n = prev_n;
			prev = t, prev_n = (size_t)(s - t);
			prev_ident = q == '"';
			continue;
		}
		if (isspace((unsigned char)*s)) {
			while (isspace((unsigned char)*s))
				s++;
			buf_add(&b, t, (size_t)(s - t));
			continue;
		}
		if (is_ident_start(*s)) {
			size_t n;
			bool column_type;

			while (is_ident(*s))
				s++;
			n = (size_t)(s - t);
			column_type = prev_ident &&
			              (word_is(prev2, prev2_n, "(") ||
			               word_is(prev2, prev2_n, ",") ||
			               word_is(prev2, prev2_n, "COLUMN"));
			if (word_is(t, n, "INTEGER")) {
				buf_add(&b, "BIGINT", 6);
			} else if (word_is(t, n, "REAL")) {
				buf_add(&b, "DOUBLE PRECISION", 16);
			} else if (word_is(t, n, "BLOB")) {
				buf_add(&b, "BYTEA", 5);
			} else if (word_is(t, n, "TEXT") && column_type) {
				buf_add(&b, "TEXT COLLATE \"C\"", 16);
			} else if (word_is(t, n, "WITHOUT")) {
				const char *u = s;

				while (isspace((unsigned char)*u))
					u++;
				if (strncasecmp(u, "ROWID", 5) == 0 &&
				    !is_ident(u[5])) {
					s = u + 5;
					continue;
				}
				buf_add(&b, t, n);
			} else {
				buf_add(&b, t, n);
			}
			prev2 = prev, prev2_n = prev_n;
			prev = t, prev_n = n;
			prev_ident = true;
			continue;
		}
		s++;
		buf_add(&b, t, 1);
		prev2 = prev, prev2_n = prev_n;
		prev = t, prev_n = 1;
		prev_ident = false;
	}
	if (b.oom) {
		free(b.p);
		return NULL;
	}
	return b.p;
}

/* Connections ------------------------------------------------------------ */

static int
pg_exec(void *conn, const char *sql, struct br_err *err)
{
	char *t = br_pg_dialect(sql);
	int rc;

	if (t == NULL)
		return br_error(err, BR_ENOMEM, "", "out of memory");
	rc = pg_command(conn, t, err);
	free(t);
	return rc;
}

static void
no_notices(void *arg, const PGresult *r)
{
	(void)arg;
	(void)r;
}

static int
pg_open(const char *target, void **conn, struct br_err *err)
{
	struct pg_conn *c = calloc(1, sizeof(*c));
	int rc;

	if (c == NULL)
		return br_error(err, BR_ENOMEM, "", "out of memory");
	rc = br_dl_load(&pq_lib, err);
	if (rc < 0) {
		free(c);
		return rc;
	}
	c->pg = sym_PQconnectdb(target);
	if (c->pg == NULL || sym_PQstatus(c->pg) != CONNECTION_OK) {
		/* libpq's message names the host and the reason, not the
		 * password; keep its first line. */
		const char *m =
		        c->pg ? sym_PQerrorMessage(c->pg) : "out of memory";
		int n = (int)strcspn(m, "\n");

		br_error(err, BR_EIO, "db",
		         "cannot connect to the database: %.*s",
		         n > 180 ? 180 : n, m);
		sym_PQfinish(c->pg);
		free(c);
		return BR_EIO;
	}
	sym_PQsetNoticeReceiver(c->pg, no_notices, NULL);
	rc = pg_command(c,
	                "SET client_encoding = 'UTF8'; "
	                "SET client_min_messages = warning; "
	                "SET extra_float_digits = 1; "
	                "SET lock_timeout = '5s'; "
	                /* A commit returns once its WAL is flushed: a write
	                 * the caller was told of survives a power cut,
	                 * whatever the server's default. */
	                "SET synchronous_commit = on",
	                err);
	if (rc < 0) {
		sym_PQfinish(c->pg);
		free(c);
		return rc;
	}
	*conn = c;
	return 0;
}

static void
pg_close(void *conn)
{
	struct pg_conn *c = conn;

	if (c == NULL)
		return;
	sym_PQfinish(c->pg);
	free(c);
}

/* Statements ------------------------------------------------------------- */

/* The highest $N in sql, outside literals and comments. */
static int
count_params(const char *s)
{
	int max = 0;

	while (*s) {
		if (*s == '\'' || *s == '"') {
			char q = *s++;

			while (*s && *s != q)
				s++;
			if (*s)
				s++;
		} else if (s[0] == '-' && s[1] == '-') {
			while (*s && *s != '\n')
				s++;
		} else if (*s == '$' && isdigit((unsigned char)s[1])) {
			long v = strtol(s + 1, (char **)&s, 10);

			if (v > max && v < 1000)
				max = (int)v;
		} else {
			s++;
		}
	}
	return max;
}

static bool
returns_no_rows(const char *sql)
{
	while (isspace((unsigned char)*sql))
		sql++;
	return (strncasecmp(sql, "INSERT", 6) == 0 ||
	        strncasecmp(sql, "UPDATE", 6) == 0 ||
	        strncasecmp(sql, "DELETE", 6) == 0) &&
	       strstr(sql, "RETURNING") == NULL &&
	       strstr(sql, "returning") == NULL;
}

static void
clear_params(struct pg_stmt *st)
{
	for (int i = 0; i < st->nparams; i++) {
		free(st->p[i].text);
		st->p[i].text = NULL;
		st->p[i].kind = P_NULL;
	}
}

static Oid
kind_oid(int kind)
{
	switch (kind) {
	case P_I64:
		return INT8OID;
	case P_DOUBLE:
		return FLOAT8OID;
	case P_BLOB:
		return BYTEAOID;
	default:
		return 0;
	}
}

/* PQprepare inside a savepoint when a transaction is open, so a statement
 * the server refuses does not abort the caller's transaction. */
static PGresult *
prepare_guarded(struct pg_stmt *st, const Oid *types)
{
	struct pg_conn *c = st->c;
	bool in_tx;
	PGresult *r;

	drain(c, NULL);
	in_tx = sym_PQtransactionStatus(c->pg) == PQTRANS_INTRANS;
	if (in_tx)
		sym_PQclear(sym_PQexec(c->pg, "SAVEPOINT br_prepare"));
	r = sym_PQprepare(c->pg, st->name, st->sql, st->nparams, types);
	if (in_tx)
		sym_PQclear(sym_PQexec(c->pg,
		                       sym_PQresultStatus(r) == PGRES_COMMAND_OK
		                               ? "RELEASE br_prepare"
		                               : "ROLLBACK TO br_prepare"));
	return r;
}

/*
 * Prepares st on the server with the types of the values bound now:
 * int8, float8 and bytea for integers, doubles and blobs; text and NULL
 * left for the server to infer from the context (so "patient_id = $1"
 * takes text as well).  A parameter whose type cannot be inferred (used
 * only in "$1 IS NULL", say) is then declared text.
 */
static int
server_prepare(struct pg_stmt *st, struct br_err *err)
{
	struct pg_conn *c = st->c;
	PGresult *r;
	int rc = 0;

	for (int i = 0; i < st->nparams; i++)
		st->types[i] = kind_oid(st->p[i].kind);
	if (st->prepared && st->generation == c->generation) {
		char sql[48];

		snprintf(sql, sizeof(sql), "DEALLOCATE %s", st->name);
		rc = pg_command(c, sql, err);
		if (rc < 0)
			return rc;
	}
	st->prepared = false;
	snprintf(st->name, sizeof(st->name), "br%u", c->next_name++);
	r = prepare_guarded(st, st->types);
	if (sqlstate_is(r, "42P18") || sqlstate_is(r, "42P08")) {
		sym_PQclear(r);
		for (int i = 0; i < st->nparams; i++)
			if (st->types[i] == 0)
				st->types[i] = TEXTOID;
		r = prepare_guarded(st, st->types);
	}
	if (sym_PQresultStatus(r) != PGRES_COMMAND_OK) {
		rc = pg_fail(c, r, err);
	} else {
		st->prepared = true;
		st->generation = c->generation;
	}
	sym_PQclear(r);
	return rc;
}

static void
free_stmt(struct pg_stmt *st)
{
	for (int i = 0; i < st->nblob; i++)
		free(st->blob[i]);
	free(st->blob);
	free(st->blob_cap);
	free(st->sql);
	free(st->p);
	free(st->types);
	free(st->vals);
	free(st->lens);
	free(st->fmts);
	free(st);
}

static int
pg_prepare(void *conn, const char *sql, void **stmt, struct br_err *err)
{
	struct pg_stmt *st = calloc(1, sizeof(*st));
	int rc = 0;

	if (st == NULL)
		return br_error(err, BR_ENOMEM, "", "out of memory");
	st->c = conn;
	st->sql = strdup(sql);
	st->no_rows = returns_no_rows(sql);
	st->nparams = count_params(sql);
	st->p = calloc((size_t)st->nparams + 1, sizeof(*st->p));
	st->types = calloc((size_t)st->nparams + 1, sizeof(*st->types));
	st->vals = calloc((size_t)st->nparams + 1, sizeof(*st->vals));
	st->lens = calloc((size_t)st->nparams + 1, sizeof(*st->lens));
	st->fmts = calloc((size_t)st->nparams + 1, sizeof(*st->fmts));
	if (st->sql == NULL || st->p == NULL || st->types == NULL ||
	    st->vals == NULL || st->lens == NULL || st->fmts == NULL) {
		rc = br_error(err, BR_ENOMEM, "", "out of memory");
	}
	if (rc < 0) {
		free_stmt(st);
		return rc;
	}
	*stmt = st;
	return 0;
}

static void
pg_reset(void *stmt)
{
	struct pg_stmt *st = stmt;

	sym_PQclear(st->res);
	st->res = NULL;
	st->sent = false;
	st->row = st->nrows = 0;
	clear_params(st);
}

static void
pg_finalize(void *stmt)
{
	struct pg_stmt *st = stmt;

	pg_reset(st);
	/* The connection may be gone already; statements die with it. */
	free_stmt(st);
}

static struct pg_param *
param(void *stmt, int idx)
{
	struct pg_stmt *st = stmt;

	if (idx < 1 || idx > st->nparams)
		return NULL;
	free(st->p[idx - 1].text);
	st->p[idx - 1].text = NULL;
	return &st->p[idx - 1];
}

static int
pg_bind_i64(void *stmt, int idx, int64_t v)
{
	struct pg_param *p = param(stmt, idx);

	if (p == NULL)
		return BR_EINVAL;
	p->kind = P_I64;
	snprintf(p->num, sizeof(p->num), "%lld", (long long)v);
	return 0;
}

static int
pg_bind_double(void *stmt, int idx, double v)
{
	struct pg_param *p = param(stmt, idx);

	if (p == NULL)
		return BR_EINVAL;
	p->kind = P_DOUBLE;
	snprintf(p->num, sizeof(p->num), "%.17g", v);
	return 0;
}

static int
pg_bind_text(void *stmt, int idx, const char *s)
{
	struct pg_param *p = param(stmt, idx);

	if (p == NULL)
		return BR_EINVAL;
	p->text = strdup(s);
	p->kind = p->text ? P_TEXT : P_NULL;
	return p->text ? 0 : BR_ENOMEM;
}

static int
pg_bind_null(void *stmt, int idx)
{
	struct pg_param *p = param(stmt, idx);

	if (p == NULL)
		return BR_EINVAL;
	p->kind = P_NULL;
	return 0;
}

static int
pg_bind_blob(void *stmt, int idx, const void *b, size_t n)
{
	struct pg_param *p = param(stmt, idx);

	if (p == NULL)
		return BR_EINVAL;
	p->kind = P_BLOB;
	p->blob = n ? b : "";
	p->n = n;
	return 0;
}

/* Whether the statement must be prepared (again) for the values bound:
 * not yet prepared on this connection, or a value of another type than
 * the one prepared for (NULL fits any). */
static bool
needs_prepare(struct pg_stmt *st)
{
	if (!st->prepared || st->generation != st->c->generation)
		return true;
	for (int i = 0; i < st->nparams; i++) {
		Oid t = kind_oid(st->p[i].kind);

		if (st->p[i].kind != P_NULL && t != st->types[i] &&
		    !(t == 0 && st->types[i] == TEXTOID))
			return true;
	}
	return false;
}

static int
execute(struct pg_stmt *st, struct br_err *err)
{
	struct pg_conn *c = st->c;
	const char **vals = st->vals;
	int *lens = st->lens, *fmts = st->fmts;
	ExecStatusType status;
	int rc;

	if (needs_prepare(st)) {
		rc = server_prepare(st, err);
		if (rc < 0)
			return rc;
	}
	for (int i = 0; i < st->nparams; i++) {
		const struct pg_param *p = &st->p[i];

		lens[i] = 0;
		fmts[i] = 0;
		switch (p->kind) {
		case P_I64:
		case P_DOUBLE:
			vals[i] = p->num;
			break;
		case P_TEXT:
			vals[i] = p->text;
			break;
		case P_BLOB:
			vals[i] = p->blob;
			lens[i] = (int)p->n;
			fmts[i] = 1;
			break;
		default:
			vals[i] = NULL;
		}
	}
	if (c->bulk && st->no_rows) {
		if (sym_PQpipelineStatus(c->pg) == PQ_PIPELINE_OFF &&
		    sym_PQenterPipelineMode(c->pg) != 1)
			return pg_fail(c, NULL, err);
		if (sym_PQsendQueryPrepared(c->pg, st->name, st->nparams, vals,
		                            lens, fmts, 0) != 1)
			return pg_fail(c, NULL, err);
		st->sent = true;
		st->nrows = st->row = 0;
		return ++c->pending >= 4096 ? drain(c, err) : 0;
	}
	rc = drain(c, err);
	if (rc < 0)
		return rc;
	st->res = sym_PQexecPrepared(c->pg, st->name, st->nparams, vals, lens,
	                             fmts, 0);
	status = sym_PQresultStatus(st->res);
	if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK) {
		st->nrows = sym_PQntuples(st->res);
		st->row = 0;
		return 0;
	}
	rc = pg_fail(c, st->res, err);
	sym_PQclear(st->res);
	st->res = NULL;
	if (sym_PQtransactionStatus(c->pg) == PQTRANS_IDLE)
		pg_heal(c);
	return rc;
}

static int
pg_step(void *conn, void *stmt, struct br_err *err)
{
	struct pg_stmt *st = stmt;
	int rc;

	(void)conn;
	if (st->sent)
		return 0;
	if (st->res == NULL) {
		rc = execute(st, err);
		if (rc < 0)
			return rc;
	} else {
		st->row++;
	}
	return st->row < st->nrows ? 1 : 0;
}

static bool
pg_col_is_null(void *stmt, int col)
{
	struct pg_stmt *st = stmt;

	return st->res == NULL || st->row >= st->nrows ||
	       col >= sym_PQnfields(st->res) ||
	       sym_PQgetisnull(st->res, st->row, col);
}

static const char *
pg_col_text(void *stmt, int col)
{
	struct pg_stmt *st = stmt;

	if (pg_col_is_null(stmt, col))
		return "";
	return sym_PQgetvalue(st->res, st->row, col);
}

static int64_t
pg_col_i64(void *stmt, int col)
{
	const char *v = pg_col_text(stmt, col);

	if (v[0] == 't' && v[1] == '\0')
		return 1; /* a boolean, as SQLite gives 1 */
	if (strchr(v, '.') || strchr(v, 'e'))
		return (int64_t)strtod(v, NULL);
	return strtoll(v, NULL, 10);
}

static double
pg_col_double(void *stmt, int col)
{
	const char *v = pg_col_text(stmt, col);

	if (v[0] == 't' && v[1] == '\0')
		return 1;
	return strtod(v, NULL);
}

static int
hexval(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

static const void *
pg_col_blob(void *stmt, int col, size_t *n)
{
	struct pg_stmt *st = stmt;
	const char *v = pg_col_text(stmt, col);
	size_t len = strlen(v), out;

	*n = 0;
	if (len < 2 || v[0] != '\\' || v[1] != 'x')
		return "";
	if (col >= st->nblob) {
		int nb = col + 1;
		unsigned char **b = realloc(st->blob, (size_t)nb * sizeof(*b));
		size_t *cap;

		if (b == NULL)
			return "";
		st->blob = b;
		cap = realloc(st->blob_cap, (size_t)nb * sizeof(*cap));
		if (cap == NULL)
			return "";
		st->blob_cap = cap;
		for (int i = st->nblob; i < nb; i++) {
			st->blob[i] = NULL;
			st->blob_cap[i] = 0;
		}
		st->nblob = nb;
	}
	out = (len - 2) / 2;
	if (out + 1 > st->blob_cap[col]) {
		unsigned char *p = realloc(st->blob[col], out + 1);

		if (p == NULL)
			return "";
		st->blob[col] = p;
		st->blob_cap[col] = out + 1;
	}
	for (size_t i = 0; i < out; i++) {
		int hi = hexval(v[2 + 2 * i]), lo = hexval(v[3 + 2 * i]);

		if (hi < 0 || lo < 0)
			return "";
		st->blob[col][i] = (unsigned char)(hi << 4 | lo);
	}
	*n = out;
	return st->blob[col];
}

static void
pg_hint_bulk_read(void *conn)
{
	(void)conn;
}

static void
pg_bulk_write(void *conn, bool on)
{
	struct pg_conn *c = conn;

	if (!on)
		drain(c, NULL);
	c->bulk = on;
}

/* Transactions ----------------------------------------------------------- */

static int
pg_begin(struct pg_conn *c, const char *sql, struct br_err *err)
{
	if (sym_PQtransactionStatus(c->pg) == PQTRANS_INERROR)
		pg_command(c, "ROLLBACK", NULL);
	pg_heal(c);
	return pg_command(c, sql, err);
}

static int
pg_begin_write(void *conn, struct br_err *err)
{
	return pg_begin(conn, "BEGIN ISOLATION LEVEL SERIALIZABLE", err);
}

static int
pg_begin_read(void *conn, struct br_err *err)
{
	return pg_begin(conn, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
	                err);
}

static int
pg_commit(void *conn, struct br_err *err)
{
	struct pg_conn *c = conn;
	PGresult *r;
	int rc = drain(c, err);

	if (rc < 0)
		return rc;
	r = sym_PQexec(c->pg, "COMMIT");
	if (sym_PQresultStatus(r) != PGRES_COMMAND_OK)
		rc = pg_fail(c, r, err);
	else if (strcmp(sym_PQcmdStatus(r), "ROLLBACK") == 0)
		/* COMMIT of a transaction a failed statement aborted. */
		rc = br_error(err, BR_EDB, "",
		              "database error: the transaction was rolled "
		              "back");
	sym_PQclear(r);
	return rc;
}

static int
pg_rollback(void *conn)
{
	struct pg_conn *c = conn;

	drain(c, NULL);
	if (sym_PQtransactionStatus(c->pg) == PQTRANS_IDLE)
		return 0;
	return pg_command(c, "ROLLBACK", NULL);
}

/* Schema version: a one-row table schema_version. */
static int
pg_get_version(void *conn, int *version, struct br_err *err)
{
	struct pg_conn *c = conn;
	PGresult *r = sym_PQexec(c->pg, "SELECT CASE WHEN to_regclass("
	                                "'schema_version') IS NULL THEN 0 END");
	int rc = 0;

	*version = 0;
	if (sym_PQresultStatus(r) != PGRES_TUPLES_OK) {
		rc = pg_fail(c, r, err);
	} else if (sym_PQgetisnull(r, 0, 0)) {
		sym_PQclear(r);
		r = sym_PQexec(c->pg,
		               "SELECT max(version) FROM schema_version");
		if (sym_PQresultStatus(r) != PGRES_TUPLES_OK)
			rc = pg_fail(c, r, err);
		else if (!sym_PQgetisnull(r, 0, 0))
			*version =
			        (int)strtol(sym_PQgetvalue(r, 0, 0), NULL, 10);
	}
	sym_PQclear(r);
	return rc;
}

static int
pg_set_version(void *conn, int version, struct br_err *err)
{
	char sql[200];

	snprintf(sql, sizeof(sql),
	         "CREATE TABLE IF NOT EXISTS schema_version (version "
	         "INTEGER NOT NULL); DELETE FROM schema_version; INSERT "
	         "INTO schema_version (version) VALUES (%d)",
	         version);
	return pg_command(conn, sql, err);
}

/* Migrations run under a session advisory lock, so two processes (or two
 * server threads) opening a new database do not both create the schema. */
static int
pg_lock_schema(void *conn, bool lock, struct br_err *err)
{
	return pg_command(conn,
	                  lock ? "SELECT pg_advisory_lock(7306216254291218)"
	                       : "SELECT pg_advisory_unlock(7306216254291218)",
	                  err);
}

/* Copying: the catalog and COPY ------------------------------------------- */

static char
class_of(const char *type)
{
	if (strcmp(type, "bigint") == 0 || strcmp(type, "integer") == 0 ||
	    strcmp(type, "smallint") == 0 || strcmp(type, "boolean") == 0)
		return BR_DB_INT;
	if (strcmp(type, "double precision") == 0 ||
	    strcmp(type, "real") == 0 || strncmp(type, "numeric", 7) == 0)
		return BR_DB_REAL;
	if (strcmp(type, "bytea") == 0)
		return BR_DB_BLOB;
	return BR_DB_TEXT;
}

static PGresult *
query1(struct pg_conn *c, const char *sql, const char *arg)
{
	return sym_PQexecParams(c->pg, sql, arg ? 1 : 0, NULL, &arg, NULL, NULL,
	                        0);
}

static int
table_details(struct pg_conn *c, struct br_db_table *t, struct br_err *err)
{
	PGresult *r = query1(c,
	                     "SELECT attname, format_type(atttypid, atttypmod) "
	                     "FROM pg_attribute WHERE attrelid = "
	                     "quote_ident($1)::regclass AND attnum > 0 AND NOT "
	                     "attisdropped ORDER BY attnum",
	                     t->name);
	int rc = 0;

	if (sym_PQresultStatus(r) != PGRES_TUPLES_OK) {
		rc = pg_fail(c, r, err);
		sym_PQclear(r);
		return rc;
	}
	for (int i = 0; i < sym_PQntuples(r) && t->ncols < BR_DB_COLS_MAX;
	     i++) {
		snprintf(t->cols[t->ncols], BR_DB_NAME_MAX, "%s",
		         sym_PQgetvalue(r, i, 0));
		t->classes[t->ncols++] = class_of(sym_PQgetvalue(r, i, 1));
	}
	sym_PQclear(r);
	r = query1(c,
	           "SELECT DISTINCT f.relname FROM pg_constraint k JOIN "
	           "pg_class f ON f.oid = k.confrelid WHERE k.contype = 'f' "
	           "AND k.conrelid = quote_ident($1)::regclass ORDER BY 1",
	           t->name);
	if (sym_PQresultStatus(r) != PGRES_TUPLES_OK)
		rc = pg_fail(c, r, err);
	for (int i = 0;
	     rc == 0 && i < sym_PQntuples(r) && t->nrefs < BR_DB_REFS_MAX; i++)
		snprintf(t->refs[t->nrefs++], BR_DB_NAME_MAX, "%s",
		         sym_PQgetvalue(r, i, 0));
	sym_PQclear(r);
	return rc;
}

static int
pg_tables(void *conn, struct br_db_table **out, int *n, struct br_err *err)
{
	struct pg_conn *c = conn;
	struct br_db_table *arr;
	PGresult *r =
	        query1(c,
	               "SELECT c.relname FROM pg_class c JOIN pg_namespace "
	               "s ON s.oid = c.relnamespace WHERE s.nspname = "
	               "current_schema() AND c.relkind IN ('r', 'p') AND "
	               "NOT c.relispartition AND c.relname <> "
	               "'schema_version' ORDER BY c.relname COLLATE \"C\"",
	               NULL);
	int rc = 0, len;

	if (sym_PQresultStatus(r) != PGRES_TUPLES_OK) {
		rc = pg_fail(c, r, err);
		sym_PQclear(r);
		return rc;
	}
	len = sym_PQntuples(r);
	arr = calloc((size_t)len + 1, sizeof(*arr));
	if (arr == NULL) {
		sym_PQclear(r);
		return br_error(err, BR_ENOMEM, "", "out of memory");
	}
	for (int i = 0; i < len; i++)
		snprintf(arr[i].name, BR_DB_NAME_MAX, "%s",
		         sym_PQgetvalue(r, i, 0));
	sym_PQclear(r);
	for (int i = 0; rc == 0 && i < len; i++)
		rc = table_details(c, &arr[i], err);
	if (rc < 0) {
		free(arr);
		return rc;
	}
	*out = arr;
	*n = len;
	return 0;
}

struct pg_load {
	struct pg_conn *c;
	const struct br_db_table *t;
	struct buf b;
};

static int
load_flush(struct pg_load *l, struct br_err *err)
{
	if (l->b.oom)
		return br_error(err, BR_ENOMEM, "", "out of memory");
	if (l->b.n > 0 && sym_PQputCopyData(l->c->pg, l->b.p, (int)l->b.n) != 1)
		return pg_fail(l->c, NULL, err);
	l->b.n = 0;
	return 0;
}

static int
pg_load_begin(void *conn, const struct br_db_table *t, void **ld,
              struct br_err *err)
{
	struct pg_load *l = calloc(1, sizeof(*l));
	struct buf sql = {0};
	PGresult *r;
	int rc = 0;

	if (l == NULL)
		return br_error(err, BR_ENOMEM, "", "out of memory");
	l->c = conn;
	l->t = t;
	buf_add(&sql, "COPY \"", 6);
	buf_add(&sql, t->name, strlen(t->name));
	buf_add(&sql, "\" (", 3);
	for (int i = 0; i < t->ncols; i++) {
		buf_add(&sql, i ? ", \"" : "\"", i ? 3 : 1);
		buf_add(&sql, t->cols[i], strlen(t->cols[i]));
		buf_add(&sql, "\"", 1);
	}
	buf_add(&sql, ") FROM STDIN", 12);
	if (sql.oom) {
		free(sql.p);
		free(l);
		return br_error(err, BR_ENOMEM, "", "out of memory");
	}
	r = sym_PQexec(l->c->pg, sql.p);
	free(sql.p);
	if (sym_PQresultStatus(r) != PGRES_COPY_IN)
		rc = pg_fail(l->c, r, err);
	sym_PQclear(r);
	if (rc < 0) {
		free(l);
		return rc;
	}
	*ld = l;
	return 0;
}

/* COPY's text format: tab between columns, \N for NULL, backslash
 * escapes for backslash, tab, newline and carriage return. */
static void
load_text(struct buf *b, const char *s, size_t n)
{
	size_t from = 0;

	for (size_t i = 0; i < n; i++) {
		const char *esc = s[i] == '\\'   ? "\\\\"
		                  : s[i] == '\t' ? "\\t"
		                  : s[i] == '\n' ? "\\n"
		                  : s[i] == '\r' ? "\\r"
		                                 : NULL;

		if (esc == NULL)
			continue;
		buf_add(b, s + from, i - from);
		buf_add(b, esc, 2);
		from = i + 1;
	}
	buf_add(b, s + from, n - from);
}

static int
pg_load_row(void *ld, const struct br_db_value *row, struct br_err *err)
{
	static const char hex[] = "0123456789abcdef";
	struct pg_load *l = ld;
	char num[40];

	for (int i = 0; i < l->t->ncols; i++) {
		const struct br_db_value *v = &row[i];
		char cls = l->t->classes[i];

		if (i)
			buf_add(&l->b, "\t", 1);
		if (v->null) {
			buf_add(&l->b, "\\N", 2);
		} else if (cls == BR_DB_INT) {
			snprintf(num, sizeof(num), "%lld", (long long)v->i);
			buf_add(&l->b, num, strlen(num));
		} else if (cls == BR_DB_REAL) {
			snprintf(num, sizeof(num), "%.17g", v->d);
			buf_add(&l->b, num, strlen(num));
		} else if (cls == BR_DB_TEXT) {
			load_text(&l->b, v->p, v->n);
		} else {
			const unsigned char *p = v->p;

			buf_add(&l->b, "\\\\x", 3);
			for (size_t k = 0; k < v->n; k++) {
				char h[2] = {hex[p[k] >> 4], hex[p[k] & 15]};

				buf_add(&l->b, h, 2);
			}
		}
	}
	buf_add(&l->b, "\n", 1);
	return l->b.n >= 1 << 16 ? load_flush(l, err) : 0;
}

static int
pg_load_end(void *ld, bool ok, struct br_err *err)
{
	struct pg_load *l = ld;
	PGresult *r;
	int rc = ok ? load_flush(l, err) : 0;

	if (sym_PQputCopyEnd(l->c->pg, rc == 0 && ok ? NULL : "abandoned") !=
	            1 &&
	    rc == 0)
		rc = pg_fail(l->c, NULL, err);
	while ((r = sym_PQgetResult(l->c->pg)) != NULL) {
		if (sym_PQresultStatus(r) != PGRES_COMMAND_OK && rc == 0 && ok)
			rc = pg_fail(l->c, r, err);
		sym_PQclear(r);
	}
	free(l->b.p);
	free(l);
	return rc;
}

const struct br_db_ops br_postgres_ops = {
        .name = "postgresql",
        .open = pg_open,
        .close = pg_close,
        .exec = pg_exec,
        .prepare = pg_prepare,
        .finalize = pg_finalize,
        .reset = pg_reset,
        .bind_i64 = pg_bind_i64,
        .bind_double = pg_bind_double,
        .bind_text = pg_bind_text,
        .bind_null = pg_bind_null,
        .bind_blob = pg_bind_blob,
        .step = pg_step,
        .col_is_null = pg_col_is_null,
        .col_i64 = pg_col_i64,
        .col_double = pg_col_double,
        .col_text = pg_col_text,
        .col_blob = pg_col_blob,
        .hint_bulk_read = pg_hint_bulk_read,
        .bulk_write = pg_bulk_write,
        .begin_write = pg_begin_write,
        .begin_read = pg_begin_read,
        .commit = pg_commit,
        .rollback = pg_rollback,
        .get_version = pg_get_version,
        .set_version = pg_set_version,
        .lock_schema = pg_lock_schema,
        .tables = pg_tables,
        .load_begin = pg_load_begin,
        .load_row = pg_load_row,
        .load_end = pg_load_end,
};
