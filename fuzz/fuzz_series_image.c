/*
 * fuzz_series_image.c - libFuzzer target for the series image parser
 * (core/series_image.c): the packed file beside the database is read
 * back from disk, so whatever it holds must be refused or read safely.
 *
 * Input: arbitrary bytes, taken as a whole image (copied to an 8-byte
 * aligned buffer, as a mapping is).  Invariants: an accepted image's every
 * view lies inside the bytes (ASan checks each byte read), ids ascend,
 * the views tile the codes exactly, and building an image from the views
 * gives back the same bytes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/series_image.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct br_series_image im;
	struct br_series_image_buf b;
	uint8_t *p = aligned_alloc(8, (size + 8) / 8 * 8);
	uint8_t head[BR_SERIES_IMAGE_HEADER];
	unsigned sum = 0;
	size_t tiled = 0;

	if (p == NULL)
		return 0;
	if (size)
		memcpy(p, data, size);
	if (br_series_image_parse(p, size, &im) < 0) {
		free(p);
		return 0;
	}
	br_series_image_buf_init(&b);
	for (size_t k = 0; k < im.patients; k++) {
		struct br_series v;

		br_series_image_view(&im, k, &v);
		if (v.n_days <= 0 || v.code != im.codes + tiled)
			abort();
		for (int32_t i = 0; i < v.n_days; i++)
			sum += v.code[i];
		tiled += (size_t)v.n_days;
		if (br_series_image_buf_add(&b, &v) != 0)
			abort();
	}
	if (tiled != im.codes_bytes || b.codes_bytes != im.codes_bytes)
		abort();
	b.on_record = im.on_record;
	b.log_seq = im.log_seq;
	br_series_image_header(&b, im.stamp, head);
	/* The header must be what a writer would write (the episodes are
	 * not copied into b: their count is compared by the parse). */
	if (memcmp(head, p, 40) != 0 || memcmp(head + 48, p + 48, 16) != 0 ||
	    (im.patients &&
	     memcmp(b.entry, im.entry, im.patients * sizeof(*b.entry))) ||
	    (im.codes_bytes && memcmp(b.codes, im.codes, im.codes_bytes)))
		abort();
	(void)sum;
	br_series_image_buf_free(&b);
	free(p);
	return 0;
}
