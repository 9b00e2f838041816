/* Unit tests for src/core/parse.c: dates, clock times, numbers, names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/parse.h"

static void
test_civil_round_trip(void **state)
{
	(void)state;
	assert_int_equal(br_days_from_civil(1970, 1, 1), 0);
	assert_int_equal(br_days_from_civil(2000, 3, 1), 11017);
	assert_int_equal(br_days_from_civil(1969, 12, 31), -1);
	for (int32_t d = -700000; d < 2900000; d += 997) {
		int y, m, dd;
		br_civil_from_days(d, &y, &m, &dd);
		assert_true(br_date_valid(y, m, dd));
		assert_int_equal(br_days_from_civil(y, m, dd), d);
	}
}

static void
test_parse_date(void **state)
{
	struct br_err err = BR_ERR_INIT;
	char buf[BR_DATE_LEN];
	int32_t d;

	(void)state;
	assert_int_equal(br_parse_date("date", "2026-03-01", &d, &err), 0);
	br_format_date(d, buf);
	assert_string_equal(buf, "2026-03-01");
	assert_int_equal(br_parse_date("date", "2024-02-29", &d, &err), 0);
	assert_int_equal(br_parse_date("date", "2026-02-29", &d, &err),
	                 BR_EINVAL);
	assert_non_null(strstr(err.msg, "not a calendar date"));
	assert_string_equal(err.field, "date");
	assert_int_equal(br_parse_date("date", "2026-02-30", &d, &err),
	                 BR_EINVAL);
	assert_int_equal(br_parse_date("date", "1900-02-29", &d, &err),
	                 BR_EINVAL);
	assert_int_equal(br_parse_date("date", "2000-02-29", &d, &err), 0);
	assert_int_equal(br_parse_date("date", "2026-13-01", &d, &err),
	                 BR_EINVAL);
	assert_int_equal(br_parse_date("date", "2026-3-1", &d, &err),
	                 BR_EINVAL);
	assert_non_null(strstr(err.msg, "YYYY-MM-DD"));
	assert_int_equal(br_parse_date("date", "2026-03-01x", &d, &err),
	                 BR_EINVAL);
	assert_int_equal(br_parse_date("date", "", &d, &err), BR_EINVAL);
	assert_int_equal(br_parse_date("date", NULL, &d, &err), BR_EINVAL);
}

static void
test_parse_clock(void **state)
{
	struct br_err err = BR_ERR_INIT;
	char buf[6];
	int m;

	(void)state;
	assert_int_equal(br_parse_clock("bed", "00:00", &m, &err), 0);
	assert_int_equal(m, 0);
	assert_int_equal(br_parse_clock("bed", "23:59", &m, &err), 0);
	assert_int_equal(m, 1439);
	br_format_clock(m, buf);
	assert_string_equal(buf, "23:59");
	assert_int_equal(br_parse_clock("bed", "24:00", &m, &err), BR_EINVAL);
	assert_int_equal(br_parse_clock("bed", "25:00", &m, &err), BR_EINVAL);
	assert_non_null(strstr(err.msg, "'25:00'"));
	assert_string_equal(err.field, "bed");
	assert_int_equal(br_parse_clock("bed", "12:60", &m, &err), BR_EINVAL);
	assert_int_equal(br_parse_clock("bed", "7:30", &m, &err), BR_EINVAL);
	assert_int_equal(br_parse_clock("bed", "07-30", &m, &err), BR_EINVAL);
}

static void
test_parse_numbers(void **state)
{
	struct br_err err = BR_ERR_INIT;
	double dv;
	long v;

	(void)state;
	assert_int_equal(br_parse_long("pain", "10", 0, 10, &v, &err), 0);
	assert_int_equal(v, 10);
	assert_int_equal(br_parse_long("pain", "0", 0, 10, &v, &err), 0);
	assert_int_equal(br_parse_long("pain", "11", 0, 10, &v, &err),
	                 BR_EINVAL);
	assert_string_equal(err.msg,
	                    "pain must be a whole number from 0 to 10, not "
	                    "'11'");
	assert_int_equal(br_parse_long("pain", "-1", 0, 10, &v, &err),
	                 BR_EINVAL);
	assert_int_equal(br_parse_long("pain", "5.5", 0, 10, &v, &err),
	                 BR_EINVAL);
	assert_int_equal(br_parse_long("pain", " 5", 0, 10, &v, &err),
	                 BR_EINVAL);
	assert_int_equal(br_parse_long("pain", "+5", 0, 10, &v, &err),
	                 BR_EINVAL);
	assert_int_equal(br_parse_long("pain", "", 0, 10, &v, &err), BR_EINVAL);
	assert_int_equal(
	        br_parse_long("n", "99999999999999999999", 0, 10, &v, &err),
	        BR_EINVAL);
	assert_int_equal(br_parse_double("f", "2.5", 0, 7, &dv, &err), 0);
	assert_true(dv == 2.5);
	assert_int_equal(br_parse_double("f", "nan", 0, 7, &dv, &err),
	                 BR_EINVAL);
	assert_int_equal(br_parse_double("f", "inf", 0, 7, &dv, &err),
	                 BR_EINVAL);
	assert_int_equal(br_parse_double("f", "7.01", 0, 7, &dv, &err),
	                 BR_EINVAL);
}

static void
test_parse_enum_and_quote(void **state)
{
	static const char *const names[] = {"prone", "supine", "side", NULL};
	struct br_err err = BR_ERR_INIT;
	char q[48];
	int idx;

	(void)state;
	assert_int_equal(br_parse_enum("position", "side", names, &idx, &err),
	                 0);
	assert_int_equal(idx, 2);
	assert_int_equal(br_parse_enum("position", "Prone", names, &idx, &err),
	                 BR_EINVAL);
	assert_string_equal(err.msg, "position must be one of prone, supine, "
	                             "side, not 'Prone'");
	br_quote_value("a\nb\x01", q, sizeof(q));
	assert_string_equal(q, "a?b?");
	br_quote_value("0123456789012345678901234567890123456789XYZ", q,
	               sizeof(q));
	assert_string_equal(q, "0123456789012345678901234567890123456789...");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_civil_round_trip),
	        cmocka_unit_test(test_parse_date),
	        cmocka_unit_test(test_parse_clock),
	        cmocka_unit_test(test_parse_numbers),
	        cmocka_unit_test(test_parse_enum_and_quote),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
