/*
 * testdb.h - a fresh database for a unit test case, of the backend under
 * test: a new SQLite file under /tmp, or with BR_TEST_BACKEND=postgresql
 * (the unit_*_pg CTest tests) a new database in the test cluster that
 * tests/pg/cluster started at $BR_PG_HOST.  A test program that includes
 * this header is registered on both backends (CMakeLists.txt).
 *
 *   char target[BR_TESTDB_MAX];
 *   br_testdb_new(target);     ...br_store_open(target, ...)...
 *   br_testdb_drop(target);    after the last store on it is closed
 */
#ifndef BR_TESTDB_H
#define BR_TESTDB_H

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include <unistd.h>

#define BR_TESTDB_MAX 256

static inline int
br_testdb_is_pg(void)
{
	const char *b = getenv("BR_TEST_BACKEND");

	return b && strcmp(b, "postgresql") == 0;
}

/* Runs sql on the cluster's "postgres" database; 0 or -1. */
static inline int
br_testdb_admin(const char *sql)
{
	char conninfo[BR_TESTDB_MAX];
	const char *user = getenv("BR_PG_USER");
	PGconn *c;
	PGresult *r;
	int rc;

	snprintf(conninfo, sizeof(conninfo), "host=%s user=%s dbname=postgres",
	         getenv("BR_PG_HOST") ? getenv("BR_PG_HOST") : "",
	         user ? user : "backrest");
	c = PQconnectdb(conninfo);
	r = PQexec(c, sql);
	rc = PQresultStatus(r) == PGRES_COMMAND_OK ? 0 : -1;
	if (rc < 0)
		fprintf(stderr, "testdb: %s: %s", sql, PQerrorMessage(c));
	PQclear(r);
	PQfinish(c);
	return rc;
}

/* Fills target with a new, empty database; 0 or -1. */
static inline int
br_testdb_new(char target[BR_TESTDB_MAX])
{
	char sql[128];
	const char *user = getenv("BR_PG_USER");
	unsigned char rnd[6];
	int fd;

	if (!br_testdb_is_pg()) {
		snprintf(target, BR_TESTDB_MAX, "/tmp/br-unit-XXXXXX");
		fd = mkstemp(target);
		if (fd < 0)
			return -1;
		close(fd);
		unlink(target);
		return 0;
	}
	if (sodium_init() < 0)
		return -1;
	randombytes_buf(rnd, sizeof(rnd));
	snprintf(target, BR_TESTDB_MAX,
	         "postgresql:///t_%02x%02x%02x%02x%02x%02x?host=%s&user=%s",
	         rnd[0], rnd[1], rnd[2], rnd[3], rnd[4], rnd[5],
	         getenv("BR_PG_HOST") ? getenv("BR_PG_HOST") : "",
	         user ? user : "backrest");
	snprintf(sql, sizeof(sql), "CREATE DATABASE t_%02x%02x%02x%02x%02x%02x",
	         rnd[0], rnd[1], rnd[2], rnd[3], rnd[4], rnd[5]);
	return br_testdb_admin(sql);
}

/* Removes the database (and an SQLite file's -wal and -shm). */
static inline void
br_testdb_drop(const char *target)
{
	char p[BR_TESTDB_MAX + 8];

	if (strncmp(target, "postgresql:///", 14) == 0) {
		size_t n = strcspn(target + 14, "?");

		snprintf(p, sizeof(p),
		         "DROP DATABASE IF EXISTS %.*s WITH (FORCE)", (int)n,
		         target + 14);
		br_testdb_admin(p);
		return;
	}
	unlink(target);
	snprintf(p, sizeof(p), "%s-wal", target);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", target);
	unlink(p);
}

#endif
