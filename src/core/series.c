/*
 * series.c - packing and unpacking one patient's diary series (see
 * series.h).
 */
#include "core/series.h"

#include <stdlib.h>
#include <string.h>

#include "core/err.h"

size_t
br_series_bytes(int32_t n_days)
{
	return n_days > 0 ? (size_t)n_days : 0;
}

size_t
br_series_night_bytes(int32_t n_days)
{
	return n_days > 0 ? (size_t)n_days * 3 : 0;
}

int
br_series_view(int32_t first_day, int32_t n_days, const void *blob, size_t len,
               const void *night, size_t night_len, struct br_series *out)
{
	const uint8_t *d = blob, *nd = night;

	memset(out, 0, sizeof(*out));
	if (n_days <= 0 || n_days > BR_SERIES_MAX_DAYS ||
	    len != br_series_bytes(n_days) || blob == NULL ||
	    (night && night_len != br_series_night_bytes(n_days)))
		return BR_EINVAL;
	out->first_day = first_day;
	out->n_days = n_days;
	out->code = d;
	if (nd) {
		out->tst = nd;
		out->flags = nd + 2 * (size_t)n_days;
	}
	return 0;
}

void
br_series_get(const struct br_series *s, int32_t i, struct br_series_day *out)
{
	uint8_t c = s->code[i];

	out->pain = BR_SERIES_PAIN(c);
	out->quality = BR_SERIES_QUALITY(c);
	out->tst_min = -1;
	out->flags = c & BR_SERIES_CODE_ENTRY ? BR_SERIES_ENTRY : 0;
	if (s->tst) {
		out->tst_min = (int16_t)(uint16_t)(s->tst[2 * i] |
		                                   (s->tst[2 * i + 1] << 8));
		out->flags = s->flags[i];
	}
}

void
br_series_buf_init(struct br_series_buf *b)
{
	memset(b, 0, sizeof(*b));
}

void
br_series_buf_free(struct br_series_buf *b)
{
	free(b->pain);
	free(b->quality);
	free(b->flags);
	free(b->tst);
	free(b->packed);
	free(b->night);
	br_series_buf_init(b);
}

static void
clear_day(struct br_series_buf *b, int32_t i)
{
	b->pain[i] = b->quality[i] = -1;
	b->flags[i] = 0;
	b->tst[i] = -1;
}

/* Makes b cover [first, first + n), keeping its days; new days are
 * missing.  Appending is amortised O(1); prepending moves the days. */
static int
reshape(struct br_series_buf *b, int32_t first, int32_t n)
{
	int32_t shift = b->n_days ? b->first_day - first : 0;

	if (n > BR_SERIES_MAX_DAYS)
		return BR_EINVAL;
	if ((size_t)n > b->cap_days) {
		size_t cap = (size_t)n + (size_t)n / 2 + 32;
		void *p;

		if ((p = realloc(b->pain, cap)) == NULL)
			return BR_ENOMEM;
		b->pain = p;
		if ((p = realloc(b->quality, cap)) == NULL)
			return BR_ENOMEM;
		b->quality = p;
		if ((p = realloc(b->flags, cap)) == NULL)
			return BR_ENOMEM;
		b->flags = p;
		if ((p = realloc(b->tst, cap * sizeof(int16_t))) == NULL)
			return BR_ENOMEM;
		b->tst = p;
		b->cap_days = cap;
	}
	if (shift > 0 && b->n_days > 0) {
		memmove(b->pain + shift, b->pain, (size_t)b->n_days);
		memmove(b->quality + shift, b->quality, (size_t)b->n_days);
		memmove(b->flags + shift, b->flags, (size_t)b->n_days);
		memmove(b->tst + shift, b->tst,
		        (size_t)b->n_days * sizeof(int16_t));
		for (int32_t i = 0; i < shift; i++)
			clear_day(b, i);
	}
	for (int32_t i = shift + b->n_days; i < n; i++)
		clear_day(b, i);
	b->first_day = first;
	b->n_days = n;
	return 0;
}

int
br_series_buf_load(struct br_series_buf *b, const struct br_series *v)
{
	int rc;

	br_series_buf_free(b);
	if (v->n_days <= 0)
		return 0;
	rc = reshape(b, v->first_day, v->n_days);
	for (int32_t i = 0; rc == 0 && i < v->n_days; i++) {
		struct br_series_day d;

		br_series_get(v, i, &d);
		b->pain[i] = (int8_t)d.pain;
		b->quality[i] = (int8_t)d.quality;
		b->flags[i] = (uint8_t)d.flags;
		b->tst[i] = (int16_t)d.tst_min;
	}
	return rc;
}

int
br_series_buf_set(struct br_series_buf *b, int32_t day,
                  const struct br_series_day *v)
{
	int64_t end = (int64_t)b->first_day + b->n_days;
	int32_t i;
	int rc = 0;

	if (b->n_days == 0)
		rc = reshape(b, day, 1);
	else if (day < b->first_day)
		rc = end - day > BR_SERIES_MAX_DAYS
		             ? BR_EINVAL
		             : reshape(b, day, (int32_t)(end - day));
	else if (day >= end)
		rc = (int64_t)day - b->first_day + 1 > BR_SERIES_MAX_DAYS
		             ? BR_EINVAL
		             : reshape(b, b->first_day, day - b->first_day + 1);
	if (rc < 0)
		return rc;
	i = day - b->first_day;
	b->pain[i] = (int8_t)v->pain;
	b->quality[i] = (int8_t)v->quality;
	b->flags[i] = (uint8_t)v->flags;
	b->tst[i] = (int16_t)v->tst_min;
	return 0;
}

int
br_series_buf_pack(struct br_series_buf *b, struct br_series *out)
{
	size_t n = (size_t)b->n_days;
	uint8_t *d, *nd;

	free(b->packed);
	free(b->night);
	b->packed = malloc(n ? n : 1);
	b->night = malloc(n ? n * 3 : 1);
	if (b->packed == NULL || b->night == NULL)
		return BR_ENOMEM;
	d = b->packed;
	nd = b->night;
	for (size_t i = 0; i < n; i++) {
		uint16_t t = (uint16_t)b->tst[i];

		d[i] = (b->flags[i] & BR_SERIES_ENTRY)
		               ? BR_SERIES_CODE(b->pain[i], b->quality[i])
		               : 0;
		nd[2 * i] = (uint8_t)(t & 0xff);
		nd[2 * i + 1] = (uint8_t)(t >> 8);
		nd[2 * n + i] = b->flags[i];
	}
	if (n == 0) {
		memset(out, 0, sizeof(*out));
		return 0;
	}
	return br_series_view(b->first_day, b->n_days, d, n, nd, n * 3, out);
}
