/*
 * sleep_zip.c - the export.xml inside the Health app's export.zip, read
 * with libzip (see sleep_zip.h).
 *
 * libzip reads the zip by its central directory (PKWARE, APPNOTE.TXT),
 * so it needs the whole file and a seek: it is given the caller's FILE
 * (a file or an upload in memory) through a source of its own, which
 * never closes it.  Deflate, stored entries, data descriptors, ZIP64
 * and the entry's CRC are libzip's; export.xml is then streamed out a
 * chunk at a time.
 */
#include "interop/sleep_zip.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/types.h>
#include <zip.h>

struct br_sleep_zip {
	FILE *f;               /* the caller's */
	zip_uint64_t size, at; /* f's length and position */
	zip_error_t error;     /* the source's last error */
	zip_t *za;
	zip_file_t *zf; /* export.xml */
};

static int
bad(struct br_err *err, const char *what)
{
	return br_error(err, BR_EINVAL, "file",
	                "the zip file is damaged or not an Apple Health "
	                "export (%s)",
	                what);
}

/* One sentence for a libzip error. */
static int
zip_fail(struct br_err *err, zip_error_t *ze)
{
	switch (zip_error_code_zip(ze)) {
	case ZIP_ER_MEMORY:
		return br_error(err, BR_ENOMEM, "", "out of memory");
	case ZIP_ER_READ:
	case ZIP_ER_SEEK:
		return br_error(err, BR_EIO, "file",
		                "the file could not be read");
	case ZIP_ER_NOZIP:
		return bad(err, "it has no zip directory at its end: is the "
		                "file whole?");
	case ZIP_ER_COMPNOTSUPP:
		return bad(err, "an entry is compressed in a way this reader "
		                "does not know");
	case ZIP_ER_ENCRNOTSUPP:
	case ZIP_ER_NOPASSWD:
	case ZIP_ER_WRONGPASSWD:
		return bad(err, "export.xml is encrypted");
	case ZIP_ER_CRC:
		return bad(err, "export.xml's checksum does not match");
	default:
		return bad(err, zip_error_strerror(ze));
	}
}

static zip_int64_t
seek_to(struct br_sleep_zip *z, zip_uint64_t to)
{
	if (fseeko(z->f, (off_t)to, SEEK_SET) != 0) {
		zip_error_set(&z->error, ZIP_ER_SEEK, errno);
		return -1;
	}
	z->at = to;
	return 0;
}

/* libzip's source over z->f (zip_source_function_create). */
static zip_int64_t
source(void *ctx, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
	struct br_sleep_zip *z = ctx;

	switch (cmd) {
	case ZIP_SOURCE_OPEN:
		return seek_to(z, 0);
	case ZIP_SOURCE_READ: {
		size_t got = fread(data, 1, (size_t)len, z->f);

		if (got < len && ferror(z->f)) {
			zip_error_set(&z->error, ZIP_ER_READ, EIO);
			return -1;
		}
		z->at += got;
		return (zip_int64_t)got;
	}
	case ZIP_SOURCE_STAT: {
		zip_stat_t *st = data;

		if (len < sizeof(*st)) {
			zip_error_set(&z->error, ZIP_ER_INVAL, 0);
			return -1;
		}
		zip_stat_init(st);
		st->size = z->size;
		st->valid |= ZIP_STAT_SIZE;
		return (zip_int64_t)sizeof(*st);
	}
	case ZIP_SOURCE_SEEK: {
		zip_int64_t to = zip_source_seek_compute_offset(
		        z->at, z->size, data, len, &z->error);

		return to < 0 ? -1 : seek_to(z, (zip_uint64_t)to);
	}
	case ZIP_SOURCE_TELL:
		return (zip_int64_t)z->at;
	case ZIP_SOURCE_ERROR:
		return zip_error_to_data(&z->error, data, len);
	case ZIP_SOURCE_SUPPORTS:
		return zip_source_make_command_bitmap(
		        ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE,
		        ZIP_SOURCE_STAT, ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE,
		        ZIP_SOURCE_SEEK, ZIP_SOURCE_TELL, ZIP_SOURCE_SUPPORTS,
		        -1);
	case ZIP_SOURCE_CLOSE:
	case ZIP_SOURCE_FREE:
		return 0; /* f is the caller's */
	default:
		zip_error_set(&z->error, ZIP_ER_OPNOTSUPP, 0);
		return -1;
	}
}

int
br_sleep_zip_open(FILE *f, struct br_sleep_zip **out, struct br_err *err)
{
	struct br_sleep_zip *z = calloc(1, sizeof(*z));
	zip_source_t *src;
	zip_error_t ze;
	zip_int64_t i;
	off_t end;
	int rc = 0;

	*out = NULL;
	if (z == NULL)
		return br_error(err, BR_ENOMEM, "", "out of memory");
	z->f = f;
	zip_error_init(&z->error);
	zip_error_init(&ze);
	if (fseeko(f, 0, SEEK_END) != 0 || (end = ftello(f)) < 0) {
		rc = br_error(err, BR_EINVAL, "file",
		              "a zip file cannot be read from a pipe: name "
		              "the file itself");
		goto out;
	}
	z->size = z->at = (zip_uint64_t)end;
	src = zip_source_function_create(source, z, &ze);
	if (src == NULL) {
		rc = zip_fail(err, &ze);
		goto out;
	}
	z->za = zip_open_from_source(src, ZIP_RDONLY, &ze);
	if (z->za == NULL) {
		zip_source_free(src);
		rc = zip_fail(err, &ze);
		goto out;
	}
	/* "apple_health_export/export.xml": the name in any folder. */
	i = zip_name_locate(z->za, "export.xml", ZIP_FL_NODIR);
	if (i < 0) {
		rc = br_error(err, BR_EINVAL, "file",
		              "the zip file holds no export.xml: is it the "
		              "Health app's export?");
		goto out;
	}
	z->zf = zip_fopen_index(z->za, (zip_uint64_t)i, 0);
	if (z->zf == NULL)
		rc = zip_fail(err, zip_get_error(z->za));
out:
	zip_error_fini(&ze);
	if (rc < 0)
		br_sleep_zip_close(z);
	else
		*out = z;
	return rc;
}

int
br_sleep_zip_read(struct br_sleep_zip *z, void *buf, size_t n, size_t *got,
                  struct br_err *err)
{
	zip_int64_t r = zip_fread(z->zf, buf, n);

	*got = 0;
	if (r < 0)
		return zip_fail(err, zip_file_get_error(z->zf));
	*got = (size_t)r;
	return 0;
}

void
br_sleep_zip_close(struct br_sleep_zip *z)
{
	if (z == NULL)
		return;
	if (z->zf)
		zip_fclose(z->zf);
	if (z->za)
		zip_discard(z->za);
	zip_error_fini(&z->error);
	free(z);
}
