/*
 * copy.c - copying a whole store to another, of either backend, and
 * checking the copy (see copy.h).
 *
 * The tables come from the catalog (the driver's tables op), so tables a
 * later migration adds are copied without a change here.  Both stores are
 * open, hence migrated by this build: their tables and columns must agree.
 * The copy runs in one write transaction on the target: it empties the
 * tables the migrations filled (schema_migrations, series_state), loads
 * every table in foreign-key order through the driver's bulk load (COPY
 * on PostgreSQL), then reads every table back and compares row counts and
 * checksums with what was read from the source, and commits only when all
 * agree.  The source is read in one read transaction (one snapshot).
 *
 * Checksum of a table: the sum modulo 2^64, in two 64-bit halves, of the
 * 128-bit BLAKE2b hash of each row's values (class, length, bytes:
 * integers and doubles as their 8 bytes), so it does not depend on row
 * order and compares the values exactly.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/copy.h"
#include "store/store_internal.h"

/* Tables the migrations themselves fill; emptied before the copy. */
static bool
seeded(const char *name)
{
	return strcmp(name, "schema_migrations") == 0 ||
	       strcmp(name, "series_state") == 0;
}

static void
row_hash(const struct br_db_table *t, const struct br_db_value *row,
         uint64_t sum[2])
{
	crypto_generichash_state h;
	unsigned char out[16];
	uint64_t a, b;

	crypto_generichash_init(&h, NULL, 0, sizeof(out));
	for (int i = 0; i < t->ncols; i++) {
		const struct br_db_value *v = &row[i];
		unsigned char tag =
		        v->null ? 'n' : (unsigned char)t->classes[i];
		uint64_t n = v->n;

		crypto_generichash_update(&h, &tag, 1);
		if (v->null)
			continue;
		if (t->classes[i] == BR_DB_INT)
			crypto_generichash_update(&h, (const void *)&v->i, 8);
		else if (t->classes[i] == BR_DB_REAL)
			crypto_generichash_update(&h, (const void *)&v->d, 8);
		else {
			crypto_generichash_update(&h, (const void *)&n, 8);
			crypto_generichash_update(&h, v->p, v->n);
		}
	}
	crypto_generichash_final(&h, out, sizeof(out));
	memcpy(&a, out, 8);
	memcpy(&b, out + 8, 8);
	sum[0] += a;
	sum[1] += b;
}

/* SELECT every column of t (a catalog name, quoted). */
static int
select_all(struct br_store *s, const struct br_db_table *t, void **stmt,
           struct br_err *err)
{
	char sql[8192];
	size_t n = 0;

	n += (size_t)snprintf(sql, sizeof(sql), "SELECT ");
	for (int i = 0; i < t->ncols && n < sizeof(sql); i++)
		n += (size_t)snprintf(sql + n, sizeof(sql) - n, "%s\"%s\"",
		                      i ? ", " : "", t->cols[i]);
	if (n < sizeof(sql))
		n += (size_t)snprintf(sql + n, sizeof(sql) - n, " FROM \"%s\"",
		                      t->name);
	if (n >= sizeof(sql))
		return br_error(err, BR_EINVAL, "", "table %s is too wide",
		                t->name);
	return s->ops->prepare(s->conn, sql, stmt, err);
}

/* Reads the current row of stmt into row (borrowed values). */
static void
read_row(struct br_store *s, void *stmt, const struct br_db_table *t,
         struct br_db_value *row)
{
	const struct br_db_ops *o = s->ops;

	for (int i = 0; i < t->ncols; i++) {
		struct br_db_value *v = &row[i];

		memset(v, 0, sizeof(*v));
		v->null = o->col_is_null(stmt, i);
		if (v->null)
			continue;
		switch (t->classes[i]) {
		case BR_DB_INT:
			v->i = o->col_i64(stmt, i);
			break;
		case BR_DB_REAL:
			v->d = o->col_double(stmt, i);
			break;
		case BR_DB_TEXT:
			v->p = o->col_text(stmt, i);
			v->n = strlen(v->p);
			break;
		default:
			v->p = o->col_blob(stmt, i, &v->n);
		}
	}
}

/* Reads every row of t; loads each into ld when ld is not NULL; counts
 * and sums them into tc. */
static int
scan(struct br_store *s, const struct br_db_table *t, struct br_store *to,
     void *ld, int64_t *rows, uint64_t sum[2], struct br_err *err)
{
	struct br_db_value row[BR_DB_COLS_MAX];
	void *stmt;
	int rc = select_all(s, t, &stmt, err);

	*rows = 0;
	sum[0] = sum[1] = 0;
	if (rc < 0)
		return rc;
	while ((rc = s->ops->step(s->conn, stmt, err)) == 1) {
		read_row(s, stmt, t, row);
		row_hash(t, row, sum);
		(*rows)++;
		if (ld && (rc = to->ops->load_row(ld, row, err)) < 0)
			break;
	}
	s->ops->finalize(stmt);
	return rc < 0 ? rc : 0;
}

static int
count_rows(struct br_store *s, const char *table, int64_t *n,
           struct br_err *err)
{
	char sql[BR_DB_NAME_MAX + 40];
	void *stmt;
	int rc;

	snprintf(sql, sizeof(sql), "SELECT count(*) FROM \"%s\"", table);
	rc = s->ops->prepare(s->conn, sql, &stmt, err);
	if (rc < 0)
		return rc;
	rc = s->ops->step(s->conn, stmt, err);
	*n = rc == 1 ? s->ops->col_i64(stmt, 0) : 0;
	s->ops->finalize(stmt);
	return rc < 0 ? rc : 0;
}

static int
run_sql(struct br_store *s, const char *sql, struct br_err *err)
{
	void *stmt;
	int rc = s->ops->prepare(s->conn, sql, &stmt, err);

	if (rc < 0)
		return rc;
	rc = s->ops->step(s->conn, stmt, err);
	s->ops->finalize(stmt);
	return rc < 0 ? rc : 0;
}

static const struct br_db_table *
find(const struct br_db_table *arr, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (strcmp(arr[i].name, name) == 0)
			return &arr[i];
	return NULL;
}

/* Orders tables so that every table comes after those it references. */
static int
fk_order(const struct br_db_table *t, int n, int *order, struct br_err *err)
{
	bool *placed = calloc((size_t)n + 1, sizeof(*placed));
	int len = 0;

	if (placed == NULL)
		return br_error(err, BR_ENOMEM, "", "out of memory");
	while (len < n) {
		int before = len;

		for (int i = 0; i < n; i++) {
			bool ready = !placed[i];

			for (int r = 0; ready && r < t[i].nrefs; r++) {
				const struct br_db_table *p =
				        find(t, n, t[i].refs[r]);

				ready = p == NULL || p == &t[i] ||
				        placed[p - t];
			}
			if (ready) {
				placed[i] = true;
				order[len++] = i;
			}
		}
		if (len == before) {
			free(placed);
			return br_error(
			        err, BR_EDB, "",
			        "the tables' foreign keys form a cycle");
		}
	}
	free(placed);
	return 0;
}

static int
same_schema(const struct br_db_table *a, int na, const struct br_db_table *b,
            int nb, struct br_err *err)
{
	for (int i = 0; i < na; i++) {
		const struct br_db_table *o = find(b, nb, a[i].name);

		if (o == NULL)
			return br_error(err, BR_ECONFLICT, "to",
			                "the target has no table %s",
			                a[i].name);
		if (o->ncols != a[i].ncols)
			return br_error(err, BR_ECONFLICT, "to",
			                "table %s has other columns in the "
			                "target",
			                a[i].name);
		for (int c = 0; c < a[i].ncols; c++)
			if (strcmp(a[i].cols[c], o->cols[c]) != 0 ||
			    a[i].classes[c] != o->classes[c])
				return br_error(err, BR_ECONFLICT, "to",
				                "column %s.%s differs in the "
				                "target",
				                a[i].name, a[i].cols[c]);
	}
	if (na != nb)
		return br_error(err, BR_ECONFLICT, "to",
		                "the target has tables the source has not");
	return 0;
}

static double
seconds_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) +
	       (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

static int
copy_locked(struct br_store *from, struct br_store *to,
            const struct br_db_table *t, int n, const int *order,
            struct br_copy_report *r, struct br_err *err)
{
	int rc = 0;

	/* The target must be new: nothing but what its migrations wrote;
	 * or it is emptied, child tables first. */
	for (int k = n - 1; r->replace && rc == 0 && k >= 0; k--) {
		char sql[BR_DB_NAME_MAX + 20];

		snprintf(sql, sizeof(sql), "DELETE FROM \"%s\"",
		         t[order[k]].name);
		rc = run_sql(to, sql, err);
	}
	for (int k = 0; rc == 0 && k < n; k++) {
		int64_t rows;

		if (seeded(t[k].name))
			continue;
		rc = count_rows(to, t[k].name, &rows, err);
		if (rc == 0 && rows > 0)
			rc = br_error(err, BR_ECONFLICT, "to",
			              "the target already holds records (table "
			              "%s); migrate into a new, empty database",
			              t[k].name);
	}
	for (int k = n - 1; !r->replace && rc == 0 && k >= 0; k--) {
		char sql[BR_DB_NAME_MAX + 20];

		if (!seeded(t[order[k]].name))
			continue;
		snprintf(sql, sizeof(sql), "DELETE FROM \"%s\"",
		         t[order[k]].name);
		rc = run_sql(to, sql, err);
	}
	for (int k = 0; rc == 0 && k < n; k++) {
		const struct br_db_table *x = &t[order[k]];
		struct br_copy_table *ct = &r->tables[k];
		void *ld;
		int end;

		snprintf(ct->name, sizeof(ct->name), "%s", x->name);
		rc = to->ops->load_begin(to->conn, x, &ld, err);
		if (rc < 0)
			break;
		rc = scan(from, x, to, ld, &ct->rows, ct->sum, err);
		end = to->ops->load_end(ld, rc == 0, rc == 0 ? err : NULL);
		if (rc == 0)
			rc = end;
		r->rows += ct->rows;
		if (r->progress)
			r->progress(r->ctx, ct->name, ct->rows);
	}
	/* Verify: read everything back from the target. */
	for (int k = 0; rc == 0 && k < n; k++) {
		struct br_copy_table *ct = &r->tables[k];
		int64_t rows;
		uint64_t sum[2];

		rc = scan(to, &t[order[k]], NULL, NULL, &rows, sum, err);
		if (rc == 0 && (rows != ct->rows || sum[0] != ct->sum[0] ||
		                sum[1] != ct->sum[1]))
			rc = br_error(
			        err, BR_EDB, "",
			        "the copy of table %s does not match the "
			        "source (%lld rows, %lld copied); nothing "
			        "was written",
			        ct->name, (long long)ct->rows, (long long)rows);
	}
	return rc;
}

int
br_store_copy(struct br_store *from, struct br_store *to,
              struct br_copy_report *r, struct br_err *err)
{
	struct br_db_table *ta = NULL, *tb = NULL;
	struct timespec t0;
	int na = 0, nb = 0, rc;
	int *order = NULL;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	r->tables = NULL;
	r->n_tables = 0;
	r->rows = 0;
	if (from->ops->tables == NULL || to->ops->tables == NULL)
		return br_error(err, BR_EINVAL, "", "this backend cannot copy");
	rc = from->ops->tables(from->conn, &ta, &na, err);
	if (rc == 0)
		rc = to->ops->tables(to->conn, &tb, &nb, err);
	if (rc == 0)
		rc = same_schema(ta, na, tb, nb, err);
	if (rc == 0) {
		order = calloc((size_t)na + 1, sizeof(*order));
		r->tables = calloc((size_t)na + 1, sizeof(*r->tables));
		if (order == NULL || r->tables == NULL)
			rc = br_error(err, BR_ENOMEM, "", "out of memory");
	}
	if (rc == 0)
		rc = fk_order(ta, na, order, err);
	if (rc == 0) {
		r->n_tables = na;
		rc = br_store_begin_read(from, err);
	}
	if (rc == 0) {
		br_db_hint_bulk_read(from);
		rc = br_store_begin(to, err);
		if (rc == 0)
			rc = copy_locked(from, to, ta, na, order, r, err);
		if (rc == 0)
			rc = br_store_commit(to, err);
		else
			br_store_rollback(to);
		br_store_rollback(from);
	}
	free(ta);
	free(tb);
	free(order);
	r->seconds = seconds_since(&t0);
	return rc;
}

void
br_copy_report_free(struct br_copy_report *r)
{
	free(r->tables);
	r->tables = NULL;
}

int
br_store_checksums(struct br_store *s, struct br_copy_report *r,
                   struct br_err *err)
{
	struct br_db_table *t = NULL;
	struct timespec t0;
	int n = 0, rc, *order = NULL;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	r->tables = NULL;
	r->n_tables = 0;
	r->rows = 0;
	if (s->ops->tables == NULL)
		return br_error(err, BR_EINVAL, "", "this backend cannot copy");
	rc = s->ops->tables(s->conn, &t, &n, err);
	if (rc == 0) {
		order = calloc((size_t)n + 1, sizeof(*order));
		r->tables = calloc((size_t)n + 1, sizeof(*r->tables));
		if (order == NULL || r->tables == NULL)
			rc = br_error(err, BR_ENOMEM, "", "out of memory");
	}
	if (rc == 0)
		rc = fk_order(t, n, order, err);
	if (rc == 0)
		rc = br_store_begin_read(s, err);
	if (rc == 0) {
		br_db_hint_bulk_read(s);
		for (int k = 0; rc == 0 && k < n; k++) {
			struct br_copy_table *ct = &r->tables[k];

			snprintf(ct->name, sizeof(ct->name), "%s",
			         t[order[k]].name);
			rc = scan(s, &t[order[k]], NULL, NULL, &ct->rows,
			          ct->sum, err);
			r->rows += ct->rows;
			r->n_tables = k + 1;
		}
		br_store_rollback(s);
	}
	free(t);
	free(order);
	r->seconds = seconds_since(&t0);
	return rc;
}

int
br_store_holds_records(struct br_store *s, char *table, size_t size,
                       struct br_err *err)
{
	struct br_db_table *t = NULL;
	int n = 0, rc, found = 0;

	if (s->ops->tables == NULL)
		return br_error(err, BR_EINVAL, "", "this backend cannot copy");
	rc = s->ops->tables(s->conn, &t, &n, err);
	for (int k = 0; rc == 0 && !found && k < n; k++) {
		int64_t rows;

		if (seeded(t[k].name))
			continue;
		rc = count_rows(s, t[k].name, &rows, err);
		if (rc == 0 && rows > 0) {
			found = 1;
			snprintf(table, size, "%s", t[k].name);
		}
	}
	free(t);
	return rc < 0 ? rc : found;
}
