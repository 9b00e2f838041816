/*
 * group.c - unit tests of store groups (store.h): the connections of one
 * process writing one database through the group's write gate, from
 * several threads at once, all commit without a busy error; a write
 * transaction left open is rolled back by br_store_abandon_write so the
 * gate is free again; br_store_audit_commit writes one row each.  On both
 * backends (the gate is SQLite's; on PostgreSQL the writers run
 * concurrently).
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "testdb.h"

#include "store/audit_query.h"
#include "store/store.h"

#define WRITERS 4
#define PER     100

struct fixture {
	char path[BR_TESTDB_MAX];
	struct br_store_group *g;
	struct br_store *s[WRITERS];
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct br_err err = BR_ERR_INIT;

	assert_int_equal(br_testdb_new(f->path), 0);
	assert_int_equal(br_store_group_new(&f->g, &err), 0);
	for (int i = 0; i < WRITERS; i++) {
		assert_int_equal(br_store_open(f->path, &f->s[i], &err), 0);
		br_store_group_join(f->s[i], f->g);
	}
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	for (int i = 0; i < WRITERS; i++)
		br_store_close(f->s[i]);
	br_store_group_free(f->g);
	br_testdb_drop(f->path);
	free(f);
	return 0;
}

struct writer {
	struct br_store *s;
	int failures;
};

static void *
write_rows(void *arg)
{
	struct writer *w = arg;
	struct br_audit_entry a = {
	        .actor = "test",
	        .action = "group.test",
	        .origin = "test",
	        .outcome = "ok",
	};

	for (int i = 0; i < PER; i++) {
		struct br_err err = BR_ERR_INIT;
		int rc;

		/* Half in a caller's transaction, half on their own. */
		if (i % 2) {
			rc = br_store_audit_commit(w->s, &a, &err);
		} else {
			rc = br_store_begin(w->s, &err);
			if (rc == 0)
				rc = br_store_audit_append(w->s, &a, &err);
			if (rc == 0)
				rc = br_store_commit(w->s, &err);
			else
				br_store_rollback(w->s);
		}
		if (rc < 0) {
			fprintf(stderr, "write: %s\n", err.msg);
			w->failures++;
		}
	}
	return NULL;
}

static size_t
rows(struct br_store *s)
{
	struct br_err err = BR_ERR_INIT;
	struct br_audit_row *r = NULL;
	size_t n = 0;

	assert_int_equal(br_store_audit_list(s, 0, 0, 0, 100000, &r, &n, &err),
	                 0);
	free(r);
	return n;
}

static void
test_writers_take_turns(void **state)
{
	struct fixture *f = *state;
	struct writer w[WRITERS];
	pthread_t t[WRITERS];

	for (int i = 0; i < WRITERS; i++) {
		w[i].s = f->s[i];
		w[i].failures = 0;
		assert_int_equal(pthread_create(&t[i], NULL, write_rows, &w[i]),
		                 0);
	}
	for (int i = 0; i < WRITERS; i++) {
		pthread_join(t[i], NULL);
		assert_int_equal(w[i].failures, 0);
	}
	assert_int_equal(rows(f->s[0]), WRITERS * PER);
}

static void
test_abandoned_write_frees_the_gate(void **state)
{
	struct fixture *f = *state;
	struct br_err err = BR_ERR_INIT;
	struct br_audit_entry a = {
	        .actor = "test",
	        .action = "group.test",
	        .origin = "test",
	        .outcome = "ok",
	};

	assert_false(br_store_abandon_write(f->s[0]));
	assert_int_equal(br_store_begin(f->s[0], &err), 0);
	assert_int_equal(br_store_audit_append(f->s[0], &a, &err), 0);
	/* Left open: rolled back (the gate is SQLite's only). */
	assert_int_equal(br_store_abandon_write(f->s[0]),
	                 !br_store_target_is_pg(f->path));
	if (br_store_target_is_pg(f->path))
		br_store_rollback(f->s[0]);
	assert_int_equal(rows(f->s[1]), 0);
	/* Another member writes at once, and so does the first again. */
	assert_int_equal(br_store_audit_commit(f->s[1], &a, &err), 0);
	assert_int_equal(br_store_audit_commit(f->s[0], &a, &err), 0);
	assert_int_equal(rows(f->s[0]), 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(test_writers_take_turns, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(
	                test_abandoned_write_frees_the_gate, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
