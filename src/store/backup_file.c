/*
 * backup_file.c - reading and writing the backup file format (see
 * backup_file.h).  Every sentence here names the backup as a whole; the
 * command that reads one adds that nothing was written.
 */
#include "store/backup_file.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

static const char magic[8] = {'B', 'R', 'B', 'A', 'C', 'K', 'U', 'P'};

#define KDF_ARGON2ID  1u
#define CHUNK_DEFAULT (1u << 20)
#define ABYTES        crypto_secretstream_xchacha20poly1305_ABYTES

static void
put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void
put64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t
get32(const uint8_t *p)
{
	uint32_t v = 0;

	for (int i = 3; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static uint64_t
get64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static int
truncated(struct br_err *err)
{
	return br_error(err, BR_EINVAL, "file",
	                "the backup is truncated: it ends before its last "
	                "byte");
}

static int
damaged(struct br_err *err)
{
	return br_error(err, BR_EINVAL, "file",
	                "the backup is damaged: its contents do not match "
	                "their checksum");
}

/* Reads exactly n bytes; 1 when in ended first, -1 on a read error. */
static int
read_exact(FILE *in, void *p, size_t n)
{
	if (n == 0 || fread(p, 1, n, in) == n)
		return 0;
	return ferror(in) ? -1 : 1;
}

static int
read_fail(FILE *in, int r, struct br_err *err)
{
	(void)in;
	if (r > 0)
		return truncated(err);
	return br_error(err, BR_EIO, "file", "cannot read the backup");
}

int
br_backup_header_read(FILE *in, struct br_backup_header *h, struct br_err *err)
{
	uint8_t *p = h->raw;
	uint32_t flags;
	size_t got;
	int r;

	memset(h, 0, sizeof(*h));
	got = fread(p, 1, BR_BACKUP_PLAIN_HEADER, in);

	if (ferror(in))
		return read_fail(in, -1, err);
	if (got < sizeof(magic) || memcmp(p, magic, sizeof(magic)) != 0)
		return br_error(err, BR_EINVAL, "file",
		                "the file is not a backrest backup");
	if (got < BR_BACKUP_PLAIN_HEADER)
		return truncated(err);
	h->version = get32(p + 8);
	flags = get32(p + 12);
	h->payload_bytes = get64(p + 16);
	h->schema = (int64_t)get64(p + 24);
	memcpy(h->hash, p + 32, 32);
	h->raw_len = BR_BACKUP_PLAIN_HEADER;
	if (h->version != BR_BACKUP_VERSION)
		return br_error(err, BR_EINVAL, "file",
		                "the backup is of format version %lu; this "
		                "build reads version %d",
		                (unsigned long)h->version, BR_BACKUP_VERSION);
	if ((flags & ~1u) != 0 || h->schema < 0 || h->schema > 1000000)
		return damaged(err);
	h->encrypted = flags & 1u;
	if (!h->encrypted)
		return 0;
	r = read_exact(in, p + BR_BACKUP_PLAIN_HEADER,
	               BR_BACKUP_CRYPT_HEADER - BR_BACKUP_PLAIN_HEADER);
	if (r != 0)
		return read_fail(in, r, err);
	h->raw_len = BR_BACKUP_CRYPT_HEADER;
	h->chunk = get32(p + 68);
	h->opslimit = get64(p + 72);
	h->memlimit = get64(p + 80);
	memcpy(h->salt, p + 88, sizeof(h->salt));
	memcpy(h->stream, p + 104, sizeof(h->stream));
	if (get32(p + 64) != KDF_ARGON2ID || h->chunk == 0 ||
	    h->chunk > BR_BACKUP_CHUNK_MAX ||
	    h->opslimit < crypto_pwhash_OPSLIMIT_MIN ||
	    h->opslimit > crypto_pwhash_OPSLIMIT_SENSITIVE ||
	    h->memlimit < crypto_pwhash_MEMLIMIT_MIN ||
	    h->memlimit > crypto_pwhash_MEMLIMIT_SENSITIVE)
		return damaged(err);
	return 0;
}

int
br_backup_derive(const struct br_backup_header *h, const char *pass,
                 size_t pass_len, uint8_t *key_out, struct br_err *err)
{
	if (sodium_init() < 0)
		return br_error(err, BR_EIO, "", "libsodium failed to start");
	if (crypto_pwhash(key_out, BR_BACKUP_KEY_BYTES, pass, pass_len, h->salt,
	                  h->opslimit, (size_t)h->memlimit,
	                  crypto_pwhash_ALG_ARGON2ID13) != 0)
		return br_error(err, BR_ENOMEM, "",
		                "not enough memory to derive the backup's key");
	return 0;
}

static int
write_out(FILE *out, const void *p, size_t n, struct br_err *err)
{
	if (out && n && fwrite(p, 1, n, out) != n)
		return br_error(err, BR_EIO, "out", "cannot write: %s",
		                "the disk may be full");
	return 0;
}

static int
plain_body(FILE *in, const struct br_backup_header *h, FILE *out,
           struct br_err *err)
{
	crypto_generichash_state st;
	uint8_t buf[65536], sum[32];
	uint64_t left = h->payload_bytes;
	int rc = 0;

	crypto_generichash_init(&st, NULL, 0, sizeof(sum));
	while (rc == 0 && left > 0) {
		size_t n = left < sizeof(buf) ? (size_t)left : sizeof(buf);
		int r = read_exact(in, buf, n);

		if (r != 0)
			return read_fail(in, r, err);
		crypto_generichash_update(&st, buf, n);
		rc = write_out(out, buf, n, err);
		left -= n;
	}
	if (rc < 0)
		return rc;
	crypto_generichash_final(&st, sum, sizeof(sum));
	if (fgetc(in) != EOF)
		return damaged(err);
	if (sodium_memcmp(sum, h->hash, sizeof(sum)) != 0)
		return damaged(err);
	return 0;
}

static int
crypt_body(FILE *in, const struct br_backup_header *h, const uint8_t *key,
           FILE *out, struct br_err *err)
{
	crypto_secretstream_xchacha20poly1305_state st;
	size_t cap = (size_t)h->chunk + ABYTES;
	uint8_t *c = malloc(cap), *m = malloc(h->chunk), len[4];
	uint64_t got = 0;
	bool first = true, final = false;
	int rc = 0;

	if (c == NULL || m == NULL) {
		free(c);
		free(m);
		return br_error(err, BR_ENOMEM, "", "out of memory");
	}
	if (crypto_secretstream_xchacha20poly1305_init_pull(&st, h->stream,
	                                                    key) != 0)
		rc = damaged(err);
	while (rc == 0 && !final) {
		unsigned long long mlen;
		unsigned char tag;
		uint32_t n;
		int r = read_exact(in, len, 4);

		if (r != 0) {
			rc = read_fail(in, r, err);
			break;
		}
		n = get32(len);
		if (n < ABYTES || n > cap) {
			rc = damaged(err);
			break;
		}
		r = read_exact(in, c, n);
		if (r != 0) {
			rc = read_fail(in, r, err);
			break;
		}
		if (crypto_secretstream_xchacha20poly1305_pull(
		            &st, m, &mlen, &tag, c, n, first ? h->raw : NULL,
		            first ? h->raw_len : 0) != 0) {
			rc = first ? br_error(err, BR_EINVAL, "passphrase",
			                      "the passphrase does not open "
			                      "this backup (or its header is "
			                      "damaged)")
			           : damaged(err);
			break;
		}
		first = false;
		final = tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL;
		got += mlen;
		if (got > h->payload_bytes || (!final && mlen != h->chunk))
			rc = damaged(err);
		else
			rc = write_out(out, m, (size_t)mlen, err);
	}
	if (rc == 0 && (got != h->payload_bytes || fgetc(in) != EOF))
		rc = damaged(err);
	sodium_memzero(m, h->chunk);
	sodium_memzero(&st, sizeof(st));
	free(c);
	free(m);
	return rc;
}

int
br_backup_body_read(FILE *in, const struct br_backup_header *h,
                    const uint8_t *key, FILE *out, struct br_err *err)
{
	if (!h->encrypted)
		return plain_body(in, h, out, err);
	if (key == NULL)
		return br_error(err, BR_EINVAL, "passphrase",
		                "the backup is encrypted: give its passphrase "
		                "on standard input or with --key-file");
	return crypt_body(in, h, key, out, err);
}

/* Writing ------------------------------------------------------------------ */

static int
hash_payload(FILE *payload, uint64_t size, uint8_t sum[32], struct br_err *err)
{
	crypto_generichash_state st;
	uint8_t buf[65536];
	long start = ftell(payload);

	crypto_generichash_init(&st, NULL, 0, 32);
	for (uint64_t left = size; left > 0;) {
		size_t n = left < sizeof(buf) ? (size_t)left : sizeof(buf);

		if (read_exact(payload, buf, n) != 0)
			return br_error(err, BR_EIO, "",
			                "cannot read the copy");
		crypto_generichash_update(&st, buf, n);
		left -= n;
	}
	crypto_generichash_final(&st, sum, 32);
	if (start < 0 || fseek(payload, start, SEEK_SET) != 0)
		return br_error(err, BR_EIO, "", "cannot read the copy");
	return 0;
}

static int
write_crypt(FILE *payload, uint64_t size, uint8_t *head, const uint8_t *key,
            FILE *out, struct br_err *err)
{
	crypto_secretstream_xchacha20poly1305_state st;
	uint32_t chunk = get32(head + 68);
	uint8_t *m = malloc(chunk), *c = malloc((size_t)chunk + ABYTES);
	uint8_t stream[24], len[4];
	uint64_t left = size;
	bool first = true;
	int rc = 0;

	if (m == NULL || c == NULL) {
		free(m);
		free(c);
		return br_error(err, BR_ENOMEM, "", "out of memory");
	}
	crypto_secretstream_xchacha20poly1305_init_push(&st, stream, key);
	/* The stream header is part of the file header: written first. */
	memcpy(head + 104, stream, sizeof(stream));
	rc = write_out(out, head, BR_BACKUP_CRYPT_HEADER, err);
	while (rc == 0 && (first || left > 0)) {
		size_t n = left < chunk ? (size_t)left : chunk;
		unsigned long long clen;
		unsigned char tag =
		        n == left
		                ? crypto_secretstream_xchacha20poly1305_TAG_FINAL
		                : 0;

		if (read_exact(payload, m, n) != 0) {
			rc = br_error(err, BR_EIO, "", "cannot read the copy");
			break;
		}
		crypto_secretstream_xchacha20poly1305_push(
		        &st, c, &clen, m, n, first ? head : NULL,
		        first ? BR_BACKUP_CRYPT_HEADER : 0, tag);
		put32(len, (uint32_t)clen);
		rc = write_out(out, len, 4, err);
		if (rc == 0)
			rc = write_out(out, c, (size_t)clen, err);
		left -= n;
		first = false;
	}
	sodium_memzero(m, chunk);
	sodium_memzero(&st, sizeof(st));
	free(m);
	free(c);
	return rc;
}

int
br_backup_write(FILE *payload, uint64_t size,
                const struct br_backup_write_opts *o, FILE *out,
                struct br_err *err)
{
	uint8_t head[BR_BACKUP_CRYPT_HEADER] = {0};
	uint8_t key[BR_BACKUP_KEY_BYTES];
	bool crypt = o->pass != NULL || o->key != NULL;
	int rc = 0;

	if (sodium_init() < 0)
		return br_error(err, BR_EIO, "", "libsodium failed to start");
	memcpy(head, magic, sizeof(magic));
	put32(head + 8, BR_BACKUP_VERSION);
	put32(head + 12, crypt ? 1u : 0u);
	put64(head + 16, size);
	put64(head + 24, (uint64_t)o->schema);
	if (!crypt) {
		rc = hash_payload(payload, size, head + 32, err);
		if (rc == 0)
			rc = write_out(out, head, BR_BACKUP_PLAIN_HEADER, err);
		for (uint64_t left = size; rc == 0 && left > 0;) {
			uint8_t buf[65536];
			size_t n =
			        left < sizeof(buf) ? (size_t)left : sizeof(buf);

			if (read_exact(payload, buf, n) != 0)
				return br_error(err, BR_EIO, "",
				                "cannot read the copy");
			rc = write_out(out, buf, n, err);
			left -= n;
		}
		return rc;
	}
	put32(head + 64, KDF_ARGON2ID);
	put32(head + 68, o->chunk ? o->chunk : CHUNK_DEFAULT);
	put64(head + 72,
	      o->opslimit ? o->opslimit : crypto_pwhash_OPSLIMIT_MODERATE);
	put64(head + 80,
	      o->memlimit ? o->memlimit : crypto_pwhash_MEMLIMIT_MODERATE);
	randombytes_buf(head + 88, 16);
	if (o->key) {
		memcpy(key, o->key, sizeof(key));
	} else {
		struct br_backup_header h = {0};

		memcpy(h.salt, head + 88, 16);
		h.opslimit = get64(head + 72);
		h.memlimit = get64(head + 80);
		rc = br_backup_derive(&h, o->pass, o->pass_len, key, err);
	}
	if (rc == 0)
		rc = write_crypt(payload, size, head, key, out, err);
	sodium_memzero(key, sizeof(key));
	return rc;
}
