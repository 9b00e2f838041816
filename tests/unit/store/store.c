/* Unit tests for the store: migrations, transactions that roll back,
 * record ids, and diary round trips. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "testdb.h"

#include "store/store.h"

struct fixture {
	char path[BR_TESTDB_MAX];
	struct br_store *s;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct br_err err = BR_ERR_INIT;

	assert_int_equal(br_testdb_new(f->path), 0);
	assert_int_equal(br_store_open(f->path, &f->s, &err), 0);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	br_store_close(f->s);
	br_testdb_drop(f->path);
	free(f);
	return 0;
}

static void
add_patient(struct br_store *s, int64_t clinic, struct br_patient *p)
{
	struct br_err err = BR_ERR_INIT;

	memset(p, 0, sizeof(*p));
	p->id = br_store_new_id();
	p->clinic_id = clinic;
	snprintf(p->name, sizeof(p->name), "Test");
	snprintf(p->sex, sizeof(p->sex), "other");
	br_store_now(p->created_at);
	assert_int_equal(br_store_patient_insert(s, p, &err), 0);
}

static void
test_migrated_and_reopen(void **state)
{
	struct fixture *f = *state;
	struct br_err err = BR_ERR_INIT;
	struct br_store *again;
	int v = br_store_schema_version(f->s);

	assert_true(v >= 1);
	assert_int_equal(br_store_open(f->path, &again, &err), 0);
	assert_int_equal(br_store_schema_version(again), v);
	br_store_close(again);
}

/* A migration merged after a higher-numbered one (005 after 006) runs on a
 * database whose user_version is already past it. */
static void
test_lower_migration_merged_later(void **state)
{
	struct fixture *f = *state;
	struct br_err err = BR_ERR_INIT;
	struct br_store *again;
	sqlite3 *db;
	sqlite3_stmt *st;

	if (strncmp(f->path, "postgres", 8) == 0)
		skip(); /* the same code path; this test edits a SQLite file */
	br_store_close(f->s);
	f->s = NULL;
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
	                              "DROP TABLE series_night; DROP TABLE "
	                              "series_state; DROP TABLE series; "
	                              "DELETE FROM schema_migrations WHERE "
	                              "version = 5",
	                              NULL, NULL, NULL),
	                 SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(br_store_open(f->path, &again, &err), 0);
	f->s = again;
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(
	        sqlite3_prepare_v2(db,
	                           "SELECT count(*) FROM sqlite_master "
	                           "WHERE name = 'series'",
	                           -1, &st, NULL),
	        SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), 1);
	sqlite3_finalize(st);
	sqlite3_close(db);
}

static void
test_rollback_leaves_nothing(void **state)
{
	struct fixture *f = *state;
	struct br_err err = BR_ERR_INIT;
	struct br_patient p, got;
	struct br_clinic c;

	assert_int_equal(br_store_begin(f->s, &err), 0);
	assert_int_equal(br_store_clinic_default(f->s, "A", &c, &err), 0);
	add_patient(f->s, c.id, &p);
	br_store_rollback(f->s);
	assert_int_equal(br_store_patient_get(f->s, p.id, &got, &err),
	                 BR_ENOTFOUND);
	assert_string_equal(err.field, "patient_id");

	assert_int_equal(br_store_begin(f->s, &err), 0);
	assert_int_equal(br_store_clinic_default(f->s, "A", &c, &err), 0);
	add_patient(f->s, c.id, &p);
	assert_int_equal(br_store_commit(f->s, &err), 0);
	assert_int_equal(br_store_patient_get(f->s, p.id, &got, &err), 0);
	assert_string_equal(got.sex, "other");
}

static void
test_foreign_keys_enforced(void **state)
{
	struct fixture *f = *state;
	struct br_err err = BR_ERR_INIT;
	struct br_diary_day d;

	br_diary_day_init(&d);
	d.patient_id = 12345; /* no such patient */
	snprintf(d.day, sizeof(d.day), "2026-01-01");
	d.pain = 3;
	br_store_now(d.updated_at);
	assert_int_equal(br_store_begin(f->s, &err), 0);
	assert_int_equal(br_store_diary_put(f->s, &d, &err), BR_ECONFLICT);
	br_store_rollback(f->s);
}

static void
test_ids_unique_and_json_safe(void **state)
{
	int64_t prev = 0;

	(void)state;
	for (int i = 0; i < 100000; i++) {
		int64_t id = br_store_new_id();
		assert_true(id > prev);
		assert_true(id < (1LL << 53));
		prev = id;
	}
}

static void
test_diary_round_trip(void **state)
{
	struct fixture *f = *state;
	struct br_err err = BR_ERR_INIT;
	struct br_diary_day d, got, *list;
	struct br_patient p;
	struct br_clinic c;
	size_t n;

	assert_int_equal(br_store_begin(f->s, &err), 0);
	assert_int_equal(br_store_clinic_default(f->s, "A", &c, &err), 0);
	add_patient(f->s, c.id, &p);
	br_diary_day_init(&d);
	d.patient_id = p.id;
	snprintf(d.day, sizeof(d.day), "2026-01-02");
	d.night.bed = 1400;
	d.night.quality = 0;
	d.pain = 0;
	snprintf(d.note, sizeof(d.note), "note");
	br_store_now(d.updated_at);
	assert_int_equal(br_store_diary_put(f->s, &d, &err), 0);
	d.pain = 7; /* upsert replaces */
	assert_int_equal(br_store_diary_put(f->s, &d, &err), 0);
	snprintf(d.day, sizeof(d.day), "2026-01-01");
	assert_int_equal(br_store_diary_put(f->s, &d, &err), 0);
	assert_int_equal(br_store_commit(f->s, &err), 0);

	assert_int_equal(
	        br_store_diary_get(f->s, p.id, "2026-01-02", &got, &err), 0);
	assert_int_equal(got.pain, 7);
	assert_int_equal(got.night.bed, 1400);
	assert_int_equal(got.night.quality, 0);
	assert_int_equal(got.night.try_, BR_UNSET);
	assert_string_equal(got.note, "note");
	assert_int_equal(
	        br_store_diary_list(f->s, p.id, "", "", &list, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_string_equal(list[0].day, "2026-01-01");
	free(list);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(test_migrated_and_reopen, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(
	                test_lower_migration_merged_later, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_rollback_leaves_nothing,
	                                        setup, teardown),
	        cmocka_unit_test_setup_teardown(test_foreign_keys_enforced,
	                                        setup, teardown),
	        cmocka_unit_test_setup_teardown(test_ids_unique_and_json_safe,
	                                        setup, teardown),
	        cmocka_unit_test_setup_teardown(test_diary_round_trip, setup,
	                                        teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
