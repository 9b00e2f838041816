/*
 * series.h - the packed per-patient diary series: the typed arrays the
 * cohort engine streams (docs/internals/STATISTICS.md).
 *
 * One patient's series covers the days first_day .. first_day + n_days - 1
 * (day numbers).  It is stored as two blobs, column by column, so the
 * cohort pass reads 1 byte a day:
 *   main (1 byte a day):
 *     uint8 code[n]     0 when the day has no diary entry; else
 *                       0x80 | (quality + 1) << 4 | (pain + 1), where a
 *                       value not reported is -1 (so its field is 0):
 *                       pain 0-10 in bits 0-3, quality 0-4 in bits 4-6
 *   night (3 bytes a day):
 *     int16 tst[n]      total sleep minutes, little-endian, -1 when unknown
 *     uint8 flags[n]    BR_SERIES_ENTRY | BR_SERIES_NIGHT | BR_SERIES_DAY
 * Pure: no I/O.  struct br_series is a view that borrows its blob;
 * struct br_series_buf owns its bytes (release with br_series_buf_free).
 */
#ifndef BR_CORE_SERIES_H
#define BR_CORE_SERIES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BR_SERIES_ENTRY 1u /* a diary row exists for the day */
#define BR_SERIES_NIGHT 2u /* the night half was reported */
#define BR_SERIES_DAY   4u /* the day half was reported */

#define BR_SERIES_CODE_ENTRY 0x80u /* the day has a diary entry */

/* The code of a day, and its pain and quality (-1 when not reported or
 * when the day has no entry). */
#define BR_SERIES_CODE(pain, quality)                                          \
	((uint8_t)(BR_SERIES_CODE_ENTRY | (unsigned)((quality) + 1) << 4 |     \
	           (unsigned)((pain) + 1)))
#define BR_SERIES_PAIN(code)    ((int)((code)&0x0fu) - 1)
#define BR_SERIES_QUALITY(code) ((int)(((code) >> 4) & 0x07u) - 1)

#define BR_SERIES_MAX_DAYS (366 * 200) /* a sanity bound on one series */

struct br_series {
	int64_t patient_id;
	int32_t first_day;
	int32_t n_days;
	const uint8_t *code;  /* n_days codes */
	const uint8_t *tst;   /* 2 bytes a day, little-endian; NULL when the
	                         night blob was not read */
	const uint8_t *flags; /* NULL when the night blob was not read */
};

/* One day's packed values. */
struct br_series_day {
	int pain;    /* 0-10 or -1 */
	int quality; /* 0-4 or -1 */
	int tst_min; /* 0-1440 or -1 */
	unsigned flags;
};

/* A series being built: one array per column, grown at either end. */
struct br_series_buf {
	int32_t first_day;
	int32_t n_days;
	size_t cap_days;
	int8_t *pain;
	int8_t *quality;
	uint8_t *flags;
	int16_t *tst;
	uint8_t *packed; /* the main blob, made by br_series_buf_pack */
	uint8_t *night;  /* the night blob, made by br_series_buf_pack */
};

/* Bytes of the main (1 a day) and of the night blob (3 a day) of a series
 * of n days. */
size_t br_series_bytes(int32_t n_days);
size_t br_series_night_bytes(int32_t n_days);

/* A view over the main blob (len bytes) and, when night is not NULL, the
 * night blob (night_len bytes) of n_days from first_day; BR_EINVAL when
 * the sizes disagree. */
int br_series_view(int32_t first_day, int32_t n_days, const void *blob,
                   size_t len, const void *night, size_t night_len,
                   struct br_series *out);

/* Day i (0-based) of a view with its night blob. */
void br_series_get(const struct br_series *s, int32_t i,
                   struct br_series_day *out);

void br_series_buf_init(struct br_series_buf *b);
void br_series_buf_free(struct br_series_buf *b);
/* Loads a copy of a stored series (a view with its night blob) into b;
 * BR_ENOMEM or BR_EINVAL. */
int br_series_buf_load(struct br_series_buf *b, const struct br_series *v);
/* Sets one day, growing the series at either end (new days are missing).
 * BR_ENOMEM, or BR_EINVAL when the series would pass
 * BR_SERIES_MAX_DAYS. */
int br_series_buf_set(struct br_series_buf *b, int32_t day,
                      const struct br_series_day *v);
/* Packs b into its blobs (b->packed and b->night, br_series_bytes and
 * br_series_night_bytes of b->n_days) and sets a view of them;
 * BR_ENOMEM. */
int br_series_buf_pack(struct br_series_buf *b, struct br_series *out);

#endif
