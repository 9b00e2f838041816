/*
 * series_image.c - the layout of the packed series image (see
 * series_image.h).
 */
#include "core/series_image.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"

/* The format's version is its last character: any change to what the
 * image holds or means changes it, so a file an older binary wrote is
 * rebuilt rather than read with the new meaning. */
static const char magic[8] = {'B', 'R', 'S', 'E', 'R', 'I', 'E', '3'};

#define BYTE_ORDER_TAG 0x01020304u

struct header {
	char magic[8];
	uint32_t byte_order;
	uint32_t header_bytes;
	uint64_t stamp;
	uint64_t patients;
	uint64_t codes_bytes;
	uint64_t episodes;
	uint64_t on_record;
	uint64_t log_seq;
};

_Static_assert(sizeof(struct header) == BR_SERIES_IMAGE_HEADER,
               "the image header is 64 bytes");
_Static_assert(sizeof(struct br_series_image_entry) == BR_SERIES_IMAGE_ENTRY,
               "an index entry is 24 bytes");
_Static_assert(sizeof(struct br_series_image_episode) ==
                       BR_SERIES_IMAGE_EPISODE,
               "an episode entry is 40 bytes");

/* Whether episode e may follow prev (NULL: e is the first): ids in
 * ascending order, open 0 or 1, no unknown flag. */
static bool
episode_ok(const struct br_series_image_episode *prev,
           const struct br_series_image_episode *e)
{
	return (e->open == 0 || e->open == 1) &&
	       (e->flags & ~BR_IMAGE_RED_FLAG) == 0 &&
	       (prev == NULL || e->patient_id > prev->patient_id ||
	        (e->patient_id == prev->patient_id &&
	         e->episode_id > prev->episode_id));
}

int
br_series_image_parse(const void *bytes, size_t len,
                      struct br_series_image *out)
{
	const struct br_series_image_entry *e;
	const struct br_series_image_episode *ep;
	struct header h;
	uint64_t at = 0;
	size_t index_bytes, ep_bytes;

	memset(out, 0, sizeof(*out));
	if (bytes == NULL || len < sizeof(h) || ((uintptr_t)bytes & 7) != 0)
		return BR_EINVAL;
	memcpy(&h, bytes, sizeof(h));
	if (memcmp(h.magic, magic, sizeof(magic)) != 0 ||
	    h.byte_order != BYTE_ORDER_TAG ||
	    h.header_bytes != BR_SERIES_IMAGE_HEADER || h.stamp == 0)
		return BR_EINVAL;
	if (h.patients > (len - sizeof(h)) / BR_SERIES_IMAGE_ENTRY)
		return BR_EINVAL;
	index_bytes = (size_t)h.patients * BR_SERIES_IMAGE_ENTRY;
	if (h.episodes >
	    (len - sizeof(h) - index_bytes) / BR_SERIES_IMAGE_EPISODE)
		return BR_EINVAL;
	ep_bytes = (size_t)h.episodes * BR_SERIES_IMAGE_EPISODE;
	if (h.codes_bytes != len - sizeof(h) - index_bytes - ep_bytes)
		return BR_EINVAL;
	e = (const void *)((const uint8_t *)bytes + sizeof(h));
	ep = (const void *)((const uint8_t *)bytes + sizeof(h) + index_bytes);
	for (size_t k = 0; k < h.episodes; k++)
		if (!episode_ok(k ? &ep[k - 1] : NULL, &ep[k]))
			return BR_EINVAL;
	for (size_t k = 0; k < h.patients; k++) {
		if (e[k].n_days <= 0 || e[k].n_days > BR_SERIES_MAX_DAYS ||
		    e[k].offset != at ||
		    (k > 0 && e[k].patient_id <= e[k - 1].patient_id))
			return BR_EINVAL;
		at += (uint64_t)e[k].n_days;
		if (at > h.codes_bytes)
			return BR_EINVAL;
	}
	if (at != h.codes_bytes)
		return BR_EINVAL;
	out->stamp = h.stamp;
	out->patients = (size_t)h.patients;
	out->entry = e;
	out->episodes = (size_t)h.episodes;
	out->episode = ep;
	out->on_record = h.on_record;
	out->log_seq = h.log_seq;
	out->codes =
	        (const uint8_t *)bytes + sizeof(h) + index_bytes + ep_bytes;
	out->codes_bytes = (size_t)h.codes_bytes;
	return 0;
}

void
br_series_image_view(const struct br_series_image *im, size_t k,
                     struct br_series *out)
{
	const struct br_series_image_entry *e = &im->entry[k];

	out->patient_id = e->patient_id;
	out->first_day = e->first_day;
	out->n_days = e->n_days;
	out->code = im->codes + e->offset;
	out->tst = NULL;
	out->flags = NULL;
}

size_t
br_series_image_find_episode(const struct br_series_image *im, int64_t pid)
{
	size_t a = 0, b = im->episodes;

	while (a < b) {
		size_t mid = a + (b - a) / 2;

		if (im->episode[mid].patient_id < pid)
			a = mid + 1;
		else
			b = mid;
	}
	return a;
}

void
br_series_image_buf_init(struct br_series_image_buf *b)
{
	memset(b, 0, sizeof(*b));
}

void
br_series_image_buf_free(struct br_series_image_buf *b)
{
	free(b->entry);
	free(b->episode);
	free(b->codes);
	br_series_image_buf_init(b);
}

/* Makes room for need more elements of elem bytes after used in *arr
 * (capacity *cap, doubled from first as often as needed); BR_ENOMEM. */
static int
room(void **arr, size_t *cap, size_t used, size_t need, size_t elem,
     size_t first)
{
	size_t ncap = *cap ? *cap : first;
	void *p;

	if (*cap - used >= need)
		return 0;
	while (ncap - used < need) {
		if (ncap > SIZE_MAX / 2 / elem)
			return BR_ENOMEM;
		ncap *= 2;
	}
	p = realloc(*arr, ncap * elem);
	if (p == NULL)
		return BR_ENOMEM;
	*arr = p;
	*cap = ncap;
	return 0;
}

int
br_series_image_buf_add(struct br_series_image_buf *b,
                        const struct br_series *v)
{
	size_t n = br_series_bytes(v->n_days);

	if (n == 0 || v->n_days > BR_SERIES_MAX_DAYS ||
	    (b->patients > 0 &&
	     v->patient_id <= b->entry[b->patients - 1].patient_id))
		return BR_EINVAL;
	if (room((void **)&b->entry, &b->cap, b->patients, 1, sizeof(*b->entry),
	         1024) < 0 ||
	    room((void **)&b->codes, &b->codes_cap, b->codes_bytes, n, 1,
	         65536) < 0)
		return BR_ENOMEM;
	memcpy(b->codes + b->codes_bytes, v->code, n);
	b->entry[b->patients++] = (struct br_series_image_entry){
	        v->patient_id, v->first_day, v->n_days, b->codes_bytes};
	b->codes_bytes += n;
	return 0;
}

int
br_series_image_buf_add_episode(struct br_series_image_buf *b,
                                const struct br_series_image_episode *e)
{
	if (!episode_ok(b->episodes ? &b->episode[b->episodes - 1] : NULL, e))
		return BR_EINVAL;
	if (room((void **)&b->episode, &b->ep_cap, b->episodes, 1,
	         sizeof(*b->episode), 1024) < 0)
		return BR_ENOMEM;
	b->episode[b->episodes++] = *e;
	return 0;
}

void
br_series_image_header(const struct br_series_image_buf *b, uint64_t stamp,
                       uint8_t out[BR_SERIES_IMAGE_HEADER])
{
	struct header h;

	memset(&h, 0, sizeof(h));
	memcpy(h.magic, magic, sizeof(magic));
	h.byte_order = BYTE_ORDER_TAG;
	h.header_bytes = BR_SERIES_IMAGE_HEADER;
	h.stamp = stamp;
	h.patients = b->patients;
	h.codes_bytes = b->codes_bytes;
	h.episodes = b->episodes;
	h.on_record = b->on_record;
	h.log_seq = b->log_seq;
	memcpy(out, &h, sizeof(h));
}

void
br_series_image_of_buf(const struct br_series_image_buf *b, uint64_t stamp,
                       struct br_series_image *out)
{
	out->stamp = stamp;
	out->patients = b->patients;
	out->entry = b->entry;
	out->episodes = b->episodes;
	out->episode = b->episode;
	out->on_record = b->on_record;
	out->log_seq = b->log_seq;
	out->codes = b->codes;
	out->codes_bytes = b->codes_bytes;
}
