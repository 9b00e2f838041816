/* Unit tests for src/core/series.c: building a series in any order,
 * packing and reading it back, the missing markers, size checks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/err.h"
#include "core/series.h"

static void
test_build_any_order(void **state)
{
	struct br_series_buf b, c;
	struct br_series v, w;
	struct br_series_day d, got;

	(void)state;
	br_series_buf_init(&b);
	/* Day 105, then later, then earlier: the series grows both ways. */
	d = (struct br_series_day){7, 2, 415, BR_SERIES_ENTRY | 6u};
	assert_int_equal(br_series_buf_set(&b, 105, &d), 0);
	d = (struct br_series_day){3, -1, -1, BR_SERIES_ENTRY | 4u};
	assert_int_equal(br_series_buf_set(&b, 110, &d), 0);
	d = (struct br_series_day){-1, 4, 1440, BR_SERIES_ENTRY | 2u};
	assert_int_equal(br_series_buf_set(&b, 100, &d), 0);
	assert_int_equal(b.first_day, 100);
	assert_int_equal(b.n_days, 11);
	assert_int_equal(br_series_buf_pack(&b, &v), 0);
	assert_int_equal(v.n_days, 11);

	br_series_get(&v, 0, &got);
	assert_int_equal(got.pain, -1);
	assert_int_equal(got.quality, 4);
	assert_int_equal(got.tst_min, 1440);
	assert_int_equal(got.flags, BR_SERIES_ENTRY | 2u);
	/* In the main blob a day without an entry is 0, a day with an
	 * entry has the entry bit and value + 1 in each field. */
	assert_int_equal(v.code[0], 0x80 | 5 << 4 | 0);
	assert_int_equal(v.code[1], 0);
	assert_int_equal(v.code[5], BR_SERIES_CODE(7, 2));
	assert_int_equal(BR_SERIES_PAIN(v.code[5]), 7);
	assert_int_equal(BR_SERIES_QUALITY(v.code[5]), 2);
	assert_int_equal(BR_SERIES_PAIN(BR_SERIES_CODE(10, 4)), 10);
	assert_int_equal(BR_SERIES_QUALITY(BR_SERIES_CODE(10, 4)), 4);
	assert_int_equal(BR_SERIES_PAIN(BR_SERIES_CODE(-1, -1)), -1);
	br_series_get(&v, 1, &got);
	assert_int_equal(got.pain, -1);
	assert_int_equal(got.quality, -1);
	assert_int_equal(got.tst_min, -1);
	assert_int_equal(got.flags, 0);
	br_series_get(&v, 5, &got);
	assert_int_equal(got.pain, 7);
	assert_int_equal(got.quality, 2);
	assert_int_equal(got.tst_min, 415);
	br_series_get(&v, 10, &got);
	assert_int_equal(got.pain, 3);

	/* Reload a copy from the packed blobs: the same bytes. */
	br_series_buf_init(&c);
	assert_int_equal(br_series_buf_load(&c, &v), 0);
	assert_int_equal(br_series_buf_pack(&c, &w), 0);
	assert_memory_equal(b.packed, c.packed, br_series_bytes(11));
	assert_memory_equal(b.night, c.night, br_series_night_bytes(11));

	/* Replacing a day keeps the others. */
	d = (struct br_series_day){0, 0, 0, BR_SERIES_ENTRY};
	assert_int_equal(br_series_buf_set(&c, 105, &d), 0);
	assert_int_equal(br_series_buf_pack(&c, &w), 0);
	assert_int_equal(BR_SERIES_PAIN(w.code[5]), 0);
	assert_int_equal(BR_SERIES_PAIN(w.code[10]), 3);
	br_series_buf_free(&b);
	br_series_buf_free(&c);
}

static void
test_long_append(void **state)
{
	struct br_series_buf b;
	struct br_series v;

	(void)state;
	br_series_buf_init(&b);
	for (int i = 0; i < 1000; i++) {
		struct br_series_day d = {i % 11, i % 5, 300 + i,
		                          BR_SERIES_ENTRY};

		assert_int_equal(br_series_buf_set(&b, 20000 + 2 * i, &d), 0);
	}
	assert_int_equal(b.n_days, 1999);
	assert_int_equal(br_series_buf_pack(&b, &v), 0);
	for (int i = 0; i < 1999; i++) {
		struct br_series_day got;

		br_series_get(&v, i, &got);
		if (i % 2) {
			assert_int_equal(got.flags, 0);
			continue;
		}
		assert_int_equal(got.pain, (i / 2) % 11);
		assert_int_equal(got.quality, (i / 2) % 5);
		assert_int_equal(got.tst_min, 300 + i / 2);
	}
	br_series_buf_free(&b);
}

static void
test_view_checks_sizes(void **state)
{
	uint8_t blob[5] = {0}, night[15] = {0};
	struct br_series v;
	struct br_series_buf b;
	struct br_series_day d = {1, 1, 1, BR_SERIES_ENTRY};

	(void)state;
	assert_int_equal(br_series_view(5, 5, blob, 5, night, 15, &v), 0);
	assert_int_equal(br_series_view(5, 5, blob, 5, NULL, 0, &v), 0);
	assert_null(v.tst);
	assert_int_equal(br_series_view(5, 5, blob, 4, NULL, 0, &v), BR_EINVAL);
	assert_int_equal(br_series_view(5, 5, blob, 5, night, 14, &v),
	                 BR_EINVAL);
	assert_int_equal(br_series_view(5, 0, blob, 0, NULL, 0, &v), BR_EINVAL);
	br_series_buf_init(&b);
	assert_int_equal(br_series_buf_set(&b, 0, &d), 0);
	assert_int_equal(br_series_buf_set(&b, BR_SERIES_MAX_DAYS, &d),
	                 BR_EINVAL);
	assert_int_equal(br_series_buf_set(&b, -BR_SERIES_MAX_DAYS, &d),
	                 BR_EINVAL);
	assert_int_equal(b.n_days, 1);
	br_series_buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_build_any_order),
	        cmocka_unit_test(test_long_append),
	        cmocka_unit_test(test_view_checks_sizes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
