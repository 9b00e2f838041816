/* Unit tests for br_pg_dialect: the SQLite DDL of the migrations as
 * PostgreSQL runs it (store/postgres.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "store/db.h"

static void
check(const char *in, const char *want)
{
	char *got = br_pg_dialect(in);

	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static void
test_types(void **state)
{
	(void)state;
	check("CREATE TABLE t (\n\tid INTEGER PRIMARY KEY,\n\tx REAL, b "
	      "BLOB,\n\tname TEXT NOT NULL\n) WITHOUT ROWID;",
	      "CREATE TABLE t (\n\tid BIGINT PRIMARY KEY,\n\tx DOUBLE "
	      "PRECISION, b BYTEA,\n\tname TEXT COLLATE \"C\" NOT NULL\n) ;");
	check("ALTER TABLE m ADD COLUMN notes TEXT;",
	      "ALTER TABLE m ADD COLUMN notes TEXT COLLATE \"C\";");
}

static void
test_literals_comments_and_casts_untouched(void **state)
{
	(void)state;
	check("-- an INTEGER in a comment\nSELECT 'INTEGER TEXT', "
	      "\"REAL\", CAST(x AS TEXT) /* BLOB */",
	      "-- an INTEGER in a comment\nSELECT 'INTEGER TEXT', "
	      "\"REAL\", CAST(x AS TEXT) /* BLOB */");
	check("SELECT 'it''s INTEGER'", "SELECT 'it''s INTEGER'");
	/* Words that merely contain a type name. */
	check("CREATE TABLE t (integer_count INTEGER, textual TEXT)",
	      "CREATE TABLE t (integer_count BIGINT, textual TEXT COLLATE "
	      "\"C\")");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_types),
	        cmocka_unit_test(test_literals_comments_and_casts_untouched),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
