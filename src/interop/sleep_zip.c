/*
 * sleep_zip.c - the export.xml inside the Health app's export.zip,
 * streamed through zlib without unpacking anything to disk (see
 * sleep_import.h).
 *
 * The entries are walked by their local headers (PKWARE, APPNOTE.TXT,
 * 4.3.7): stored or deflated, sizes in the header or, with flag bit 3,
 * in a data descriptor after the data, ZIP64 sizes in extra field 1.
 * Entries before export.xml are skipped (inflated into nothing when
 * their size is only known at their end); the walk stops after it.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <zlib.h>

#include "interop/sleep_import.h"

#define ZCHUNK (256 * 1024)

static uint32_t
le16(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t
le32(const unsigned char *p)
{
	return le16(p) | le16(p + 2) << 16;
}

static uint64_t
le64(const unsigned char *p)
{
	return le32(p) | (uint64_t)le32(p + 4) << 32;
}

static int
bad(struct br_err *err, const char *what)
{
	return br_error(err, BR_EINVAL, "file",
	                "the zip file is damaged or not an Apple Health "
	                "export (%s)",
	                what);
}

/* Inflates one entry from f; feeds the output to xml when it is not
 * NULL.  Unused input is given back to f with fseeko. */
static int
inflate_entry(FILE *f, unsigned char *in, unsigned char *out,
              int (*xml)(void *ctx, const char *buf, size_t len, bool last),
              void *ctx, struct br_err *err)
{
	z_stream z;
	int zr = Z_OK, rc = 0;

	memset(&z, 0, sizeof(z));
	if (inflateInit2(&z, -MAX_WBITS) != Z_OK)
		return br_error(err, BR_ENOMEM, "", "out of memory");
	while (rc == 0 && zr != Z_STREAM_END) {
		if (z.avail_in == 0) {
			size_t got = fread(in, 1, ZCHUNK, f);

			if (got == 0) {
				rc = bad(err, "an entry ends early");
				break;
			}
			z.next_in = in;
			z.avail_in = (uInt)got;
		}
		z.next_out = out;
		z.avail_out = ZCHUNK;
		zr = inflate(&z, Z_NO_FLUSH);
		if (zr != Z_OK && zr != Z_STREAM_END) {
			rc = bad(err, "an entry does not inflate");
			break;
		}
		if (xml && ZCHUNK - z.avail_out > 0)
			rc = xml(ctx, (const char *)out, ZCHUNK - z.avail_out,
			         false);
	}
	if (rc == 0 && z.avail_in > 0 &&
	    fseeko(f, -(off_t)z.avail_in, SEEK_CUR) != 0)
		rc = br_error(err, BR_EIO, "file",
		              "the file could not be read");
	inflateEnd(&z);
	return rc;
}

static int
copy_stored(FILE *f, uint64_t size, unsigned char *buf,
            int (*xml)(void *ctx, const char *buf, size_t len, bool last),
            void *ctx, struct br_err *err)
{
	while (size > 0) {
		size_t want = size < ZCHUNK ? (size_t)size : ZCHUNK;
		size_t got = fread(buf, 1, want, f);
		int rc;

		if (got != want)
			return bad(err, "an entry ends early");
		rc = xml(ctx, (const char *)buf, got, false);
		if (rc < 0)
			return rc;
		size -= got;
	}
	return 0;
}

static bool
is_export_xml(const char *name)
{
	size_t n = strlen(name);

	return strcmp(name, "export.xml") == 0 ||
	       (n > 11 && strcmp(name + n - 11, "/export.xml") == 0);
}

int br_sleep_read_apple_zip(struct br_sleep_read *r, FILE *f, const char *head,
                            size_t head_len,
                            int (*xml)(void *ctx, const char *buf, size_t len,
                                       bool last),
                            void *ctx, struct br_err *err);

int
br_sleep_read_apple_zip(struct br_sleep_read *r, FILE *f, const char *head,
                        size_t head_len,
                        int (*xml)(void *ctx, const char *buf, size_t len,
                                   bool last),
                        void *ctx, struct br_err *err)
{
	unsigned char h[30], *in = malloc(ZCHUNK), *out = malloc(ZCHUNK);
	char name[1025];
	int rc = 0;
	bool first = true, found = false;

	(void)r;
	if (in == NULL || out == NULL) {
		free(in);
		free(out);
		return br_error(err, BR_ENOMEM, "", "out of memory");
	}
	while (rc == 0 && !found) {
		uint32_t flags, method, nlen, xlen;
		uint64_t csize;
		size_t off = 0;

		if (first) {
			memcpy(h, head, head_len);
			off = head_len;
			first = false;
		}
		if (fread(h + off, 1, sizeof(h) - off, f) != sizeof(h) - off ||
		    memcmp(h, "PK\3\4", 4) != 0)
			break; /* the central directory, or the end */
		flags = le16(h + 6);
		method = le16(h + 8);
		csize = le32(h + 18);
		nlen = le16(h + 26);
		xlen = le16(h + 28);
		if (nlen >= sizeof(name) || fread(name, 1, nlen, f) != nlen) {
			rc = bad(err, "an entry's name");
			break;
		}
		name[nlen] = '\0';
		/* The extra fields: ZIP64's sizes (id 1). */
		while (xlen >= 4) {
			unsigned char x[4], v[16];
			uint32_t id, len;

			if (fread(x, 1, 4, f) != 4)
				break;
			id = le16(x);
			len = le16(x + 2);
			xlen -= 4;
			if (len > xlen)
				break;
			xlen -= len;
			if (id == 1 && len >= 16) {
				if (fread(v, 1, 16, f) != 16)
					break;
				csize = le64(v + 8);
				len -= 16;
			}
			if (len && fseeko(f, len, SEEK_CUR) != 0)
				break;
		}
		if (xlen && fseeko(f, xlen, SEEK_CUR) != 0) {
			rc = bad(err, "an entry's extra fields");
			break;
		}
		found = is_export_xml(name);
		if (method == 8)
			rc = inflate_entry(f, in, out, found ? xml : NULL, ctx,
			                   err);
		else if (method == 0 && !(flags & 8))
			rc = found ? copy_stored(f, csize, in, xml, ctx, err)
			     : fseeko(f, (off_t)csize, SEEK_CUR) == 0
			             ? 0
			             : bad(err, "an entry ends early");
		else
			rc = bad(err, "an entry is compressed in a way this "
			              "reader does not know");
		if (rc == 0 && !found && (flags & 8)) {
			/* The data descriptor: signature, CRC, two sizes
			 * (4 bytes each here: ZIP64 entries before
			 * export.xml are not expected). */
			unsigned char d[16];

			if (fread(d, 1, 12, f) != 12)
				rc = bad(err, "a data descriptor");
			else if (memcmp(d, "PK\7\10", 4) == 0 &&
			         fread(d + 12, 1, 4, f) != 4)
				rc = bad(err, "a data descriptor");
		}
	}
	free(in);
	free(out);
	if (rc == 0 && !found)
		rc = br_error(err, BR_EINVAL, "file",
		              "the zip file holds no export.xml: is it the "
		              "Health app's export?");
	if (rc == 0)
		rc = xml(ctx, "", 0, true);
	return rc;
}
