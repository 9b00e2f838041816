/*
 * group.c - unit tests of store groups (store.h): the connections of one
 * process writing one database through the group's write gate, from
 * several threads at once, all commit without a busy error; a write
 * transaction left open is rolled back by br_store_abandon_write so the
 * gate is free again; br_store_audit_commit writes one row each.  Group
 * commit: with the group's syncer started, the same writers each wait for
 * the flush that covers their commit, and flushes are shared; a member's
 * sync point covers another member's earlier commit; a callback hears of
 * its flush.  On both backends (the gate and the syncer are SQLite's; on
 * PostgreSQL the writers run concurrently and every point is 0).
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

/* As setup, with the group's syncer started before the members join. */
static int
setup_sync(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct br_err err = BR_ERR_INIT;

	assert_int_equal(br_testdb_new(f->path), 0);
	assert_int_equal(br_store_group_new(&f->g, &err), 0);
	assert_int_equal(br_store_group_sync_start(f->g, f->path, &err), 0);
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
	struct br_store_group *g; /* wait for flushes (group commit) */
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
		/* What an answer does: wait for the flush of its commit. */
		if (rc == 0 && w->g) {
			uint64_t p = br_store_sync_point(w->s);

			rc = br_store_group_wait(w->g, p, &err);
			if (rc == 0 && !br_store_group_synced(w->g, p))
				rc = BR_EIO;
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
		w[i].g = NULL;
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

static void
test_group_commit_shares_flushes(void **state)
{
	struct fixture *f = *state;
	struct writer w[WRITERS];
	pthread_t t[WRITERS];
	bool sqlite = !br_store_target_is_pg(f->path);
	uint64_t flushes;

	for (int i = 0; i < WRITERS; i++) {
		w[i].s = f->s[i];
		w[i].g = f->g;
		w[i].failures = 0;
		assert_int_equal(pthread_create(&t[i], NULL, write_rows, &w[i]),
		                 0);
	}
	for (int i = 0; i < WRITERS; i++) {
		pthread_join(t[i], NULL);
		assert_int_equal(w[i].failures, 0);
	}
	assert_int_equal(rows(f->s[0]), WRITERS * PER);
	flushes = br_store_group_flushes(f->g);
	if (sqlite) {
		assert_true(flushes > 0);
		/* At most one a commit (shared ones are fewer, but a disk
		 * that flushes at once may let each commit have its own). */
		assert_true(flushes <= WRITERS * PER);
	} else {
		assert_true(flushes == 0);
	}
}

struct heard {
	pthread_mutex_t lock;
	int calls, rc;
};

static void
on_flushed(void *arg, int rc)
{
	struct heard *h = arg;

	pthread_mutex_lock(&h->lock);
	h->calls++;
	h->rc = rc;
	pthread_mutex_unlock(&h->lock);
}

static void
test_sync_point_covers_what_others_committed(void **state)
{
	struct fixture *f = *state;
	struct br_err err = BR_ERR_INIT;
	struct br_audit_entry a = {
	        .actor = "test",
	        .action = "group.test",
	        .origin = "test",
	        .outcome = "ok",
	};
	struct br_store_sync_wait wait;
	struct heard h = {.calls = 0};
	uint64_t p0, p1;
	int calls = 0;

	pthread_mutex_init(&h.lock, NULL);
	assert_int_equal(br_store_audit_commit(f->s[0], &a, &err), 0);
	p0 = br_store_sync_point(f->s[0]);
	/* s1 wrote nothing, but may have read s0's row: its point covers
	 * s0's commit unless that is flushed already. */
	assert_int_equal(rows(f->s[1]), 1);
	p1 = br_store_sync_point(f->s[1]);
	if (p1 == 0)
		assert_true(br_store_group_synced(f->g, p0));
	else
		assert_true(p1 >= p0);
	br_store_group_notify(f->g, &wait, p1, on_flushed, &h);
	for (int i = 0; i < 5000 && calls == 0; i++) {
		pthread_mutex_lock(&h.lock);
		calls = h.calls;
		pthread_mutex_unlock(&h.lock);
		if (calls == 0)
			usleep(1000);
	}
	assert_int_equal(calls, 1);
	assert_int_equal(h.rc, 0);
	assert_true(br_store_group_synced(f->g, p0));
	assert_true(br_store_group_synced(f->g, p1));
	pthread_mutex_destroy(&h.lock);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(test_writers_take_turns, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(
	                test_abandoned_write_frees_the_gate, setup, teardown),
	        cmocka_unit_test_setup_teardown(
	                test_group_commit_shares_flushes, setup_sync, teardown),
	        cmocka_unit_test_setup_teardown(
	                test_sync_point_covers_what_others_committed,
	                setup_sync, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
