/*
 * series_file.c - the series image, mapped from the file beside the
 * database or built from the series table (see series_file.h).
 */
#include "store/series_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/file.h"
#include "store/series.h"
#include "store/store_internal.h"

#define SUFFIX "-series"

/* Address space (not memory) reserved after a mapped file for the series
 * a patch re-reads: 64 MB, room for the days of any patch below the
 * patients' limit (an eighth of 100 000 patients with a year each is
 * 4.6 MB).  A patch that needs more copies the image instead. */
#define TAIL_RESERVE ((size_t)64 << 20)

static size_t
round_page(size_t n)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);

	return (n + page - 1) / page * page;
}

const char *
br_series_source_name(enum br_series_source source)
{
	switch (source) {
	case BR_SERIES_FILE:
		return "file";
	case BR_SERIES_FILE_REBUILT:
		return "file rebuilt";
	case BR_SERIES_FILE_PATCHED:
		return "file patched";
	case BR_SERIES_MEMORY:
		break;
	}
	return "memory";
}

bool
br_store_series_keeps_file(const struct br_store *s)
{
	return s->target != NULL && !br_store_target_is_pg(s->target) &&
	       s->target[0] != '\0' && strcmp(s->target, ":memory:") != 0 &&
	       strncmp(s->target, "file:", 5) != 0;
}

char *
br_store_series_file_path(const struct br_store *s)
{
	size_t n;
	char *p;

	if (!br_store_series_keeps_file(s))
		return NULL;
	n = strlen(s->target) + sizeof(SUFFIX);
	p = malloc(n);
	if (p)
		snprintf(p, n, "%s%s", s->target, SUFFIX);
	return p;
}

void
br_series_snapshot_free(struct br_series_snapshot *snap)
{
	if (snap->map)
		munmap(snap->map, snap->map_len);
	br_series_image_buf_free(&snap->buf);
	memset(snap, 0, sizeof(*snap));
}

/* Maps the file at path when it holds an image; 1 when it does, 0 when
 * it is absent, unreadable or damaged. */
static int
map_file(const char *path, struct br_series_snapshot *out)
{
	struct br_series_image im;
	struct stat st;
	size_t len;
	void *map;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return 0;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) ||
	    st.st_size < BR_SERIES_IMAGE_HEADER) {
		close(fd);
		return 0;
	}
	/* The file, followed by address space reserved (no memory) for the
	 * series of the patients a patch re-reads (see patch_tail). */
	len = round_page((size_t)st.st_size) + TAIL_RESERVE;
	map = mmap(NULL, len, PROT_NONE,
	           MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (map != MAP_FAILED &&
	    mmap(map, (size_t)st.st_size, PROT_READ, MAP_SHARED | MAP_FIXED, fd,
	         0) == MAP_FAILED) {
		munmap(map, len);
		map = MAP_FAILED;
	}
	close(fd);
	if (map == MAP_FAILED)
		return 0;
	if (br_series_image_parse(map, (size_t)st.st_size, &im) < 0) {
		munmap(map, len);
		return 0;
	}
	out->image = im;
	out->map = map;
	out->map_len = len;
	out->file_len = (size_t)st.st_size;
	out->source = BR_SERIES_FILE;
	return 1;
}

static int
on_series(void *ctx, const struct br_series *v)
{
	return br_series_image_buf_add(ctx, v);
}

static int
on_episode(void *ctx, const struct br_series_image_episode *e)
{
	return br_series_image_buf_add_episode(ctx, e);
}

static int
write_all(int fd, const void *p, size_t n)
{
	const char *c = p;

	while (n > 0) {
		ssize_t w = write(fd, c, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		c += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Writes b's image with stamp to path through a flushed temporary file
 * renamed over it; -1 (and nothing at path changed) when it cannot. */
static int
write_file(const char *path, const struct br_series_image_buf *b,
           uint64_t stamp)
{
	uint8_t head[BR_SERIES_IMAGE_HEADER];
	struct br_file_tmp t;
	int rc;

	if (br_file_tmp_open(&t, path) < 0) /* mode 0600 */
		return -1;
	br_series_image_header(b, stamp, head);
	rc = write_all(t.fd, head, sizeof(head));
	if (rc == 0)
		rc = write_all(t.fd, b->entry, b->patients * sizeof(*b->entry));
	if (rc == 0)
		rc = write_all(t.fd, b->episode,
		               b->episodes * sizeof(*b->episode));
	if (rc == 0)
		rc = write_all(t.fd, b->codes, b->codes_bytes);
	if (rc < 0) {
		br_file_tmp_abort(&t);
		return -1;
	}
	return br_file_tmp_commit(&t) < 0 ? -1 : 0;
}

/* The patients of the base image and the changed ones (pids, n of them,
 * ascending) merged into out->buf: a changed patient's series and
 * episodes are read from the tables, every other patient's are copied
 * from base. */
static int
merge(struct br_store *s, const struct br_series_image *base,
      const int64_t *pids, size_t n, struct br_series_image_buf *b,
      struct br_err *err)
{
	size_t i = 0, e = 0, j = 0;
	int rc = 0;

	/* The index and codes at their final size, near enough: one
	 * allocation each instead of doublings. */
	b->cap = base->patients + n + 1;
	b->entry = malloc(b->cap * sizeof(*b->entry));
	b->ep_cap = base->episodes + 4 * n + 1;
	b->episode = malloc(b->ep_cap * sizeof(*b->episode));
	b->codes_cap = base->codes_bytes + (size_t)n * 512 + 1;
	b->codes = malloc(b->codes_cap);
	if (!b->entry || !b->episode || !b->codes)
		return BR_ENOMEM;
	/* Series: runs of unchanged patients are copied whole. */
	while (rc == 0 && (i < base->patients || j < n)) {
		size_t k = i;
		int64_t next = j < n ? pids[j] : INT64_MAX;

		while (k < base->patients && base->entry[k].patient_id < next)
			k++;
		if (k > i) {
			const struct br_series_image_entry *first =
			        &base->entry[i];
			const struct br_series_image_entry *last =
			        &base->entry[k - 1];
			size_t bytes = (size_t)(last->offset - first->offset) +
			               (size_t)last->n_days;

			if (b->patients > 0 &&
			    first->patient_id <=
			            b->entry[b->patients - 1].patient_id)
				return BR_EINVAL;
			if (b->codes_cap - b->codes_bytes < bytes) {
				/* changed patients outgrew the slack */
				size_t cap = b->codes_bytes + bytes +
				             base->codes_bytes / 16 + 1;
				uint8_t *p = realloc(b->codes, cap);

				if (p == NULL)
					return BR_ENOMEM;
				b->codes = p;
				b->codes_cap = cap;
			}
			memcpy(b->codes + b->codes_bytes,
			       base->codes + first->offset, bytes);
			for (size_t m = i; m < k; m++) {
				struct br_series_image_entry x = base->entry[m];

				x.offset = x.offset - first->offset +
				           b->codes_bytes;
				b->entry[b->patients++] = x;
			}
			b->codes_bytes += bytes;
			i = k;
		}
		if (j < n) {
			if (i < base->patients &&
			    base->entry[i].patient_id == pids[j])
				i++;
			rc = br_store_series_scan_one(s, pids[j], on_series, b,
			                              err);
			j++;
		}
	}
	/* Episodes, the same way. */
	j = 0;
	while (rc == 0 && (e < base->episodes || j < n)) {
		int64_t next = j < n ? pids[j] : INT64_MAX;

		while (rc == 0 && e < base->episodes &&
		       base->episode[e].patient_id < next)
			rc = br_series_image_buf_add_episode(
			        b, &base->episode[e++]);
		if (rc == 0 && j < n) {
			while (e < base->episodes &&
			       base->episode[e].patient_id == pids[j])
				e++;
			rc = br_store_cohort_episodes_one(s, pids[j],
			                                  on_episode, b, err);
			j++;
		}
	}
	if (rc == 0) {
		int64_t on_record;

		rc = br_store_patients_on_record(s, &on_record, err);
		b->on_record = (uint64_t)on_record;
	}
	return rc;
}

/* The changed patients (pids, n of them, ascending) merged into the
 * mapped image without copying it: their series are read from the tables
 * into the reserved pages after the file, a new index and episode list
 * (in out->buf) point at the file's codes for everyone else and at those
 * pages for them; the codes the file still holds for a changed patient
 * are simply no longer referenced.  0 when done, 1 when the reserve is too
 * small (nothing changed), negative on error. */
static int
patch_tail(struct br_store *s, struct br_series_snapshot *out,
           const int64_t *pids, size_t n, struct br_err *err)
{
	const struct br_series_image *base = &out->image;
	struct br_series_image_buf *b = &out->buf;
	struct br_series_image_buf t;
	uint8_t *tail = (uint8_t *)out->map + round_page(out->file_len);
	uint64_t shift = (uint64_t)(tail - base->codes);
	size_t i = 0, k = 0, e = 0, f = 0, j = 0;
	int rc = 0;

	br_series_image_buf_init(&t);
	for (size_t m = 0; rc == 0 && m < n; m++)
		rc = br_store_series_scan_one(s, pids[m], on_series, &t, err);
	for (size_t m = 0; rc == 0 && m < n; m++)
		rc = br_store_cohort_episodes_one(s, pids[m], on_episode, &t,
		                                  err);
	if (rc == 0 && t.codes_bytes > TAIL_RESERVE)
		rc = 1;
	if (rc == 0 && t.codes_bytes > 0 &&
	    mprotect(tail, round_page(t.codes_bytes), PROT_READ | PROT_WRITE))
		rc = 1;
	if (rc == 0) {
		b->cap = base->patients + t.patients;
		b->ep_cap = base->episodes + t.episodes;
		b->entry = malloc((b->cap + 1) * sizeof(*b->entry));
		b->episode = malloc((b->ep_cap + 1) * sizeof(*b->episode));
		if (!b->entry || !b->episode)
			rc = BR_ENOMEM;
	}
	if (rc != 0) {
		br_series_image_buf_free(&t);
		br_series_image_buf_free(b);
		return rc;
	}
	if (t.codes_bytes > 0)
		memcpy(tail, t.codes, t.codes_bytes);
	/* Index: base entries of unchanged patients and the re-read ones,
	 * by patient id. */
	while (i < base->patients || k < t.patients) {
		const struct br_series_image_entry *x =
		        i < base->patients ? &base->entry[i] : NULL;
		const struct br_series_image_entry *y =
		        k < t.patients ? &t.entry[k] : NULL;

		if (x) {
			while (j < n && pids[j] < x->patient_id)
				j++;
			if (j < n && pids[j] == x->patient_id) {
				i++; /* changed: its row, if any, is in t */
				continue;
			}
		}
		if (x && (!y || x->patient_id < y->patient_id)) {
			b->entry[b->patients++] = *x;
			i++;
		} else {
			b->entry[b->patients] = *y;
			b->entry[b->patients++].offset += shift;
			k++;
		}
	}
	/* Episodes, the same way. */
	j = 0;
	while (e < base->episodes || f < t.episodes) {
		const struct br_series_image_episode *x =
		        e < base->episodes ? &base->episode[e] : NULL;
		const struct br_series_image_episode *y =
		        f < t.episodes ? &t.episode[f] : NULL;

		if (x) {
			while (j < n && pids[j] < x->patient_id)
				j++;
			if (j < n && pids[j] == x->patient_id) {
				e++;
				continue;
			}
		}
		if (x && (!y || x->patient_id < y->patient_id ||
		          (x->patient_id == y->patient_id &&
		           x->episode_id < y->episode_id))) {
			b->episode[b->episodes++] = *x;
			e++;
		} else {
			b->episode[b->episodes++] = *y;
			f++;
		}
	}
	b->codes_bytes = (size_t)shift + t.codes_bytes;
	br_series_image_buf_free(&t);
	{
		int64_t on_record;

		rc = br_store_patients_on_record(s, &on_record, err);
		b->on_record = (uint64_t)on_record;
	}
	return rc;
}

/* A patched image is written back once this many writes or patients
 * have been merged into it since the file was written; below that, each
 * pass merges the few patients again (cheaper than a flushed rewrite of
 * the whole file after every write). */
#define REWRITE_WRITES   1024
#define REWRITE_PATIENTS 256

/* Brings the mapped image in out up to (stamp, seq) through the write
 * log: 1 when done (out holds the merged image), 0 when the log cannot
 * (out unchanged), negative on error. */
static int
patch(struct br_store *s, struct br_series_snapshot *out, uint64_t stamp,
      uint64_t seq, const char *path, struct br_err *err)
{
	const struct br_series_image *base = &out->image;
	/* Beyond an eighth of the patients, one scan of the tables is
	 * cheaper than a look-up per patient. */
	size_t max = base->patients / 8 + 64;
	uint64_t base_seq = base->log_seq;
	bool rewrite;
	int64_t *pids;
	size_t n;
	int rc;

	rc = br_store_series_log_since(s, base_seq, base->stamp, max, &pids, &n,
	                               err);
	if (rc != 0)
		return rc < 0 ? rc : 0;
	rewrite = seq - base_seq >= REWRITE_WRITES || n >= REWRITE_PATIENTS;
	if (!rewrite) {
		/* The common case: a few patients, no copy, no file written. */
		rc = patch_tail(s, out, pids, n, err);
		if (rc == 0) {
			struct br_series_image im = out->image;

			free(pids);
			out->buf.log_seq = seq;
			br_series_image_of_buf(&out->buf, stamp, &out->image);
			out->image.codes = im.codes;
			out->source = BR_SERIES_FILE_PATCHED;
			return 1;
		}
		if (rc < 0) {
			free(pids);
			if (rc == BR_ENOMEM)
				return br_error(err, rc, "", "out of memory");
			return rc == BR_EINVAL ? 0 : rc;
		}
	}
	rc = merge(s, base, pids, n, &out->buf, err);
	free(pids);
	if (rc < 0) {
		br_series_image_buf_free(&out->buf);
		if (rc == BR_ENOMEM)
			return br_error(err, rc, "", "out of memory");
		return rc == BR_EINVAL ? 0 : rc;
	}
	munmap(out->map, out->map_len);
	out->map = NULL;
	out->map_len = out->file_len = 0;
	out->buf.log_seq = seq;
	br_series_image_of_buf(&out->buf, stamp, &out->image);
	out->source = BR_SERIES_FILE_PATCHED;
	if (rewrite && write_file(path, &out->buf, stamp) == 0)
		out->source = BR_SERIES_FILE_REBUILT;
	return 1;
}

int
br_store_series_snapshot(struct br_store *s, struct br_series_snapshot *out,
                         struct br_err *err)
{
	uint64_t stamp, seq;
	char *path;
	int rc;

	memset(out, 0, sizeof(*out));
	br_series_image_buf_init(&out->buf);
	rc = br_store_series_log_head(s, &stamp, &seq, err);
	if (rc < 0)
		return rc;
	path = stamp ? br_store_series_file_path(s) : NULL;
	if (path && map_file(path, out)) {
		if (out->image.stamp == stamp) {
			free(path);
			return 0;
		}
		rc = patch(s, out, stamp, seq, path, err);
		if (rc != 0) {
			free(path);
			if (rc < 0)
				br_series_snapshot_free(out);
			return rc < 0 ? rc : 0;
		}
		br_series_snapshot_free(out);
		br_series_image_buf_init(&out->buf);
	}
	rc = br_store_series_scan(s, on_series, &out->buf, err);
	if (rc == 0)
		rc = br_store_cohort_episodes(s, on_episode, &out->buf, err);
	if (rc == 0) {
		int64_t n;

		rc = br_store_patients_on_record(s, &n, err);
		out->buf.on_record = (uint64_t)n;
	}
	if (rc == BR_ENOMEM)
		rc = br_error(err, rc, "", "out of memory");
	else if (rc == BR_EINVAL)
		rc = br_error(err, BR_EDB, "",
		              "the series cache is damaged; run backrest "
		              "reindex");
	if (rc < 0) {
		free(path);
		br_series_snapshot_free(out);
		return rc;
	}
	out->buf.log_seq = seq;
	br_series_image_of_buf(&out->buf, stamp, &out->image);
	out->source = BR_SERIES_MEMORY;
	/* A file that cannot be written costs speed, not the figures. */
	if (path && write_file(path, &out->buf, stamp) == 0)
		out->source = BR_SERIES_FILE_REBUILT;
	free(path);
	return 0;
}
