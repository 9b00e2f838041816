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

const char *
br_series_source_name(enum br_series_source source)
{
	switch (source) {
	case BR_SERIES_FILE:
		return "file";
	case BR_SERIES_FILE_REBUILT:
		return "file rebuilt";
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

/* Maps the file at path when it holds the image of stamp; 1 when it does,
 * 0 when it is absent, unreadable, damaged or of another stamp. */
static int
map_file(const char *path, uint64_t stamp, struct br_series_snapshot *out)
{
	struct br_series_image im;
	struct stat st;
	void *map;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return 0;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) ||
	    st.st_size < BR_SERIES_IMAGE_HEADER) {
		close(fd);
		return 0;
	}
	map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_SHARED, fd, 0);
	close(fd);
	if (map == MAP_FAILED)
		return 0;
	if (br_series_image_parse(map, (size_t)st.st_size, &im) < 0 ||
	    im.stamp != stamp) {
		munmap(map, (size_t)st.st_size);
		return 0;
	}
	out->image = im;
	out->map = map;
	out->map_len = (size_t)st.st_size;
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

int
br_store_series_snapshot(struct br_store *s, struct br_series_snapshot *out,
                         struct br_err *err)
{
	uint64_t stamp;
	char *path;
	int rc;

	memset(out, 0, sizeof(*out));
	br_series_image_buf_init(&out->buf);
	rc = br_store_series_stamp(s, &stamp, err);
	if (rc < 0)
		return rc;
	path = stamp ? br_store_series_file_path(s) : NULL;
	if (path && map_file(path, stamp, out)) {
		free(path);
		return 0;
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
	br_series_image_of_buf(&out->buf, stamp, &out->image);
	out->source = BR_SERIES_MEMORY;
	/* A file that cannot be written costs speed, not the figures. */
	if (path && write_file(path, &out->buf, stamp) == 0)
		out->source = BR_SERIES_FILE_REBUILT;
	free(path);
	return 0;
}
