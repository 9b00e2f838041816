/* Unit tests for src/core/series_image.c: an image built patient by
 * patient reads back the same through its bytes, and every damage to
 * those bytes is refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/err.h"
#include "core/series_image.h"

static const uint8_t codes_a[] = {0x81, 0, 0x95, 0xa3};
static const uint8_t codes_b[] = {0x80};
static const uint8_t codes_c[] = {0xc1, 0xc2, 0xc3, 0, 0, 0xcb};
/* Two episodes of patient 10 (one closed), one of patient 300 (no
 * diary). */
static const struct br_series_image_episode episodes[] = {
        {10, 1, 19990, 20010, 19995, 20003, 0, 0},
        {10, 2, 20020, BR_IMAGE_NO_DAY, 20021, BR_IMAGE_NO_DAY, 1, 0},
        {300, 7, 20100, BR_IMAGE_NO_DAY, BR_IMAGE_NO_DAY, BR_IMAGE_NO_DAY, 1,
         0},
};

static void
build(struct br_series_image_buf *b)
{
	struct br_series v = {0};

	br_series_image_buf_init(b);
	v = (struct br_series){10, 20000, 4, codes_a, NULL, NULL};
	assert_int_equal(br_series_image_buf_add(b, &v), 0);
	v = (struct br_series){11, 19990, 1, codes_b, NULL, NULL};
	assert_int_equal(br_series_image_buf_add(b, &v), 0);
	v = (struct br_series){400, 20500, 6, codes_c, NULL, NULL};
	assert_int_equal(br_series_image_buf_add(b, &v), 0);
	assert_int_equal(br_series_image_buf_add_episode(b, &episodes[0]), 0);
	assert_int_equal(br_series_image_buf_add_episode(b, &episodes[1]), 0);
	assert_int_equal(br_series_image_buf_add_episode(b, &episodes[2]), 0);
	b->on_record = 5;
	b->log_seq = 0x0102030405ULL;
}

/* The bytes a file would hold (8-byte aligned; caller frees). */
static uint8_t *
bytes_of(const struct br_series_image_buf *b, uint64_t stamp, size_t *len)
{
	size_t idx = b->patients * sizeof(*b->entry);
	size_t eps = b->episodes * sizeof(*b->episode);
	uint8_t *p;

	*len = BR_SERIES_IMAGE_HEADER + idx + eps + b->codes_bytes;
	p = aligned_alloc(8, (*len + 7) / 8 * 8);
	assert_non_null(p);
	br_series_image_header(b, stamp, p);
	if (idx)
		memcpy(p + BR_SERIES_IMAGE_HEADER, b->entry, idx);
	if (eps)
		memcpy(p + BR_SERIES_IMAGE_HEADER + idx, b->episode, eps);
	if (b->codes_bytes)
		memcpy(p + BR_SERIES_IMAGE_HEADER + idx + eps, b->codes,
		       b->codes_bytes);
	return p;
}

static void
test_round_trip(void **state)
{
	struct br_series_image_buf b;
	struct br_series_image im, mem;
	struct br_series v;
	size_t len;
	uint8_t *p;

	(void)state;
	build(&b);
	p = bytes_of(&b, 0x1234567890ULL, &len);
	assert_int_equal(len, 64 + 3 * 24 + 3 * 40 + 11);
	assert_int_equal(br_series_image_parse(p, len, &im), 0);
	assert_true(im.stamp == 0x1234567890ULL);
	assert_int_equal(im.patients, 3);
	assert_int_equal(im.codes_bytes, 11);
	assert_int_equal(im.episodes, 3);
	assert_true(im.on_record == 5);
	assert_true(im.log_seq == 0x0102030405ULL);
	assert_memory_equal(im.episode, episodes, sizeof(episodes));
	assert_int_equal(br_series_image_find_episode(&im, 10), 0);
	assert_int_equal(br_series_image_find_episode(&im, 11), 2);
	assert_int_equal(br_series_image_find_episode(&im, 301), 3);
	br_series_image_view(&im, 2, &v);
	assert_int_equal(v.patient_id, 400);
	assert_int_equal(v.first_day, 20500);
	assert_int_equal(v.n_days, 6);
	assert_memory_equal(v.code, codes_c, sizeof(codes_c));
	assert_null(v.tst);
	br_series_image_view(&im, 1, &v);
	assert_int_equal(v.patient_id, 11);
	assert_int_equal(v.first_day, 19990);
	assert_int_equal(v.code[0], 0x80);
	/* The in-memory view of the buffer reads the same. */
	br_series_image_of_buf(&b, 7, &mem);
	assert_int_equal(mem.patients, 3);
	assert_true(mem.log_seq == b.log_seq);
	br_series_image_view(&mem, 0, &v);
	assert_memory_equal(v.code, codes_a, sizeof(codes_a));
	free(p);
	br_series_image_buf_free(&b);
}

static void
test_empty_image(void **state)
{
	struct br_series_image_buf b;
	struct br_series_image im;
	size_t len;
	uint8_t *p;

	(void)state;
	br_series_image_buf_init(&b);
	p = bytes_of(&b, 1, &len);
	assert_int_equal(len, 64);
	assert_int_equal(br_series_image_parse(p, len, &im), 0);
	assert_int_equal(im.patients, 0);
	assert_int_equal(br_series_image_find_episode(&im, 5), 0);
	free(p);
}

static void
test_add_refuses(void **state)
{
	struct br_series_image_buf b;
	struct br_series v;

	(void)state;
	build(&b);
	/* An episode not after the last one, or with a bad open flag. */
	assert_int_equal(br_series_image_buf_add_episode(&b, &episodes[2]),
	                 BR_EINVAL);
	{
		struct br_series_image_episode e = episodes[2];

		e.episode_id = 8;
		e.open = 2;
		assert_int_equal(br_series_image_buf_add_episode(&b, &e),
		                 BR_EINVAL);
		e.open = 0;
		assert_int_equal(br_series_image_buf_add_episode(&b, &e), 0);
	}
	/* An id not above the last one, or an empty series. */
	v = (struct br_series){400, 0, 1, codes_b, NULL, NULL};
	assert_int_equal(br_series_image_buf_add(&b, &v), BR_EINVAL);
	v = (struct br_series){12, 0, 1, codes_b, NULL, NULL};
	assert_int_equal(br_series_image_buf_add(&b, &v), BR_EINVAL);
	v = (struct br_series){500, 0, 0, codes_b, NULL, NULL};
	assert_int_equal(br_series_image_buf_add(&b, &v), BR_EINVAL);
	assert_int_equal(b.patients, 3);
	br_series_image_buf_free(&b);
}

/* Applies one damage to a fresh copy and expects the parse to refuse. */
static void
expect_refused(const uint8_t *good, size_t len, size_t at, uint8_t x,
               size_t cut)
{
	struct br_series_image im;
	uint8_t *p = aligned_alloc(8, (len + 7) / 8 * 8);

	assert_non_null(p);
	memcpy(p, good, len);
	if (at < len)
		p[at] ^= x;
	assert_int_equal(br_series_image_parse(p, len - cut, &im), BR_EINVAL);
	assert_null(im.entry);
	free(p);
}

static void
test_damage_refused(void **state)
{
	struct br_series_image_buf b;
	struct br_series_image im;
	size_t len;
	uint8_t *p;

	(void)state;
	build(&b);
	p = bytes_of(&b, 99, &len);
	assert_int_equal(br_series_image_parse(p, len, &im), 0);
	expect_refused(p, len, 0, 1, 0);          /* magic */
	expect_refused(p, len, 8, 1, 0);          /* byte order */
	expect_refused(p, len, 12, 1, 0);         /* header size */
	expect_refused(p, len, 24, 1, 0);         /* patients */
	expect_refused(p, len, 24 + 7, 0x80, 0);  /* patients, huge */
	expect_refused(p, len, 32, 1, 0);         /* codes bytes */
	expect_refused(p, len, len, 0, 1);        /* truncated */
	expect_refused(p, len, 64 + 12, 0x80, 0); /* n_days negative */
	expect_refused(p, len, 64 + 12, 0x08, 0); /* n_days past the codes */
	expect_refused(p, len, 64 + 16, 1, 0);    /* offset */
	expect_refused(p, len, 64 + 24, 0x0f, 0); /* ids out of order */
	expect_refused(p, len, 40, 1, 0);         /* episodes count */
	/* episodes: the second's id below the first's; an open flag of 3;
	 * an unknown flag */
	expect_refused(p, len, 136 + 40 + 8, 0x02, 0);
	expect_refused(p, len, 136 + 32, 0x02, 0);
	expect_refused(p, len, 136 + 36, 0x02, 0);
	/* Stamp 0 never names a state. */
	memset(p + 16, 0, 8);
	assert_int_equal(br_series_image_parse(p, len, &im), BR_EINVAL);
	/* Too short for a header, and a misaligned start. */
	assert_int_equal(br_series_image_parse(p, 10, &im), BR_EINVAL);
	assert_int_equal(br_series_image_parse(p + 1, len - 1, &im), BR_EINVAL);
	assert_int_equal(br_series_image_parse(NULL, 0, &im), BR_EINVAL);
	free(p);
	br_series_image_buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_round_trip),
	        cmocka_unit_test(test_empty_image),
	        cmocka_unit_test(test_add_refuses),
	        cmocka_unit_test(test_damage_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
