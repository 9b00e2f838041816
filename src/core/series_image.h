/*
 * series_image.h - every patient's packed series (core/series.h) and every
 * episode's anchors in one contiguous image: what the cohort pass reads,
 * the layout of the file it maps (store/series_file.h), and the same
 * layout built in memory.
 *
 * Layout (host byte order; the header says which, and a reader on another
 * order refuses the image):
 *   header, 64 bytes:
 *     char     magic[8]      "BRSERIE3" (the last character is the
 *                            format's version)
 *     uint32   byte_order    0x01020304 as written
 *     uint32   header_bytes  64
 *     uint64   stamp         the cache's stamp it was built from (never 0)
 *     uint64   patients      number of index entries (patients with a
 *                            diary)
 *     uint64   codes_bytes   bytes of the codes area
 *     uint64   episodes      number of episode entries
 *     uint64   on_record     patients on record (with or without diary)
 *     uint64   log_seq       the write log's position the image is of
 *                            (store/series_file.h; 0: unknown, as in
 *                            files written before the log existed)
 *   index, 24 bytes a patient, patient_id strictly ascending:
 *     int64 patient_id, int32 first_day, int32 n_days, uint64 offset
 *   episodes, 40 bytes each, (patient_id, episode_id) strictly ascending:
 *     int64 patient_id, int64 episode_id, int32 opened, int32 closed,
 *     int32 first_session, int32 fourth_session, int32 open, int32 flags
 *     (day numbers; BR_IMAGE_NO_DAY when absent; open is 1 or 0; flags:
 *     BR_IMAGE_RED_FLAG or 0)
 *   codes: each patient's main blob (1 byte a day), back to back, in index
 *   order; entry k's offset is the sum of the n_days before it.
 * The image is exactly 64 + 24 * patients + 40 * episodes + codes_bytes
 * long.
 *
 * Pure: no I/O.  br_series_image_parse() checks every entry, so a view
 * taken from a parsed image is always inside it; the views borrow the
 * caller's bytes.  struct br_series_image_buf owns what it builds
 * (release with br_series_image_buf_free).
 */
#ifndef BR_CORE_SERIES_IMAGE_H
#define BR_CORE_SERIES_IMAGE_H

#include <stddef.h>
#include <stdint.h>

#include "core/series.h"

#define BR_SERIES_IMAGE_HEADER  64
#define BR_SERIES_IMAGE_ENTRY   24
#define BR_SERIES_IMAGE_EPISODE 40
#define BR_IMAGE_NO_DAY         INT32_MIN
/* An urgent or emergency red-flag screen of the episode was not cleared
 * on the day of its 4th session (the review's "refer"). */
#define BR_IMAGE_RED_FLAG 1

struct br_series_image_entry {
	int64_t patient_id;
	int32_t first_day;
	int32_t n_days;
	uint64_t offset;
};

/* One episode: its period and the sessions the responder figures are
 * anchored on. */
struct br_series_image_episode {
	int64_t patient_id;
	int64_t episode_id;
	int32_t opened, closed; /* closed: BR_IMAGE_NO_DAY while open */
	int32_t first_session;  /* the first session's day */
	int32_t fourth_session; /* the 4th session's day (the trial) */
	int32_t open;           /* status open: 1, closed: 0 */
	int32_t flags;          /* BR_IMAGE_RED_FLAG or 0 */
};

/* A parsed image: borrowed pointers into its bytes. */
struct br_series_image {
	uint64_t stamp;
	size_t patients;
	const struct br_series_image_entry *entry;
	size_t episodes;
	const struct br_series_image_episode *episode;
	uint64_t on_record;
	uint64_t log_seq;
	const uint8_t *codes;
	size_t codes_bytes;
};

/* An image being built, patient by patient in ascending id order. */
struct br_series_image_buf {
	struct br_series_image_entry *entry;
	size_t patients, cap;
	struct br_series_image_episode *episode;
	size_t episodes, ep_cap;
	uint64_t on_record;
	uint64_t log_seq;
	uint8_t *codes;
	size_t codes_bytes, codes_cap;
};

/* Checks len bytes at bytes (8-byte aligned) as an image and sets out;
 * BR_EINVAL when anything disagrees: magic, byte order, sizes, an entry
 * outside the codes or out of order. */
int br_series_image_parse(const void *bytes, size_t len,
                          struct br_series_image *out);

/* The view of patient k (k < patients): main blob only. */
void br_series_image_view(const struct br_series_image *im, size_t k,
                          struct br_series *out);

/* The index of the first episode of a patient with id >= pid (episodes
 * when none). */
size_t br_series_image_find_episode(const struct br_series_image *im,
                                    int64_t pid);

void br_series_image_buf_init(struct br_series_image_buf *b);
void br_series_image_buf_free(struct br_series_image_buf *b);
/* Appends a patient's main blob; BR_EINVAL when v's id is not above the
 * last one or v is empty, BR_ENOMEM. */
int br_series_image_buf_add(struct br_series_image_buf *b,
                            const struct br_series *v);
/* Appends an episode; BR_EINVAL when (patient_id, episode_id) is not
 * above the last one, open is not 0 or 1 or flags has an unknown bit,
 * BR_ENOMEM. */
int br_series_image_buf_add_episode(struct br_series_image_buf *b,
                                    const struct br_series_image_episode *e);
/* The header of b's image with stamp. */
void br_series_image_header(const struct br_series_image_buf *b, uint64_t stamp,
                            uint8_t out[BR_SERIES_IMAGE_HEADER]);
/* A parsed view of b (without copying it). */
void br_series_image_of_buf(const struct br_series_image_buf *b, uint64_t stamp,
                            struct br_series_image *out);

#endif
