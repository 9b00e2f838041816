/*
 * backup_file.h - the backup file format: a versioned header and a
 * payload, plain or encrypted (backrest backup / restore; store/backup.h).
 *
 * The payload is an SQLite database file holding backrest's tables, as
 * the build that wrote it migrated them.  It is restorable to either
 * backend: a restore opens it as a store (migrating it forward when an
 * older build wrote it) and copies it through store/copy.h, the code
 * `backrest migrate` uses, which checks every table's row count and
 * checksum.  SQLite's own integrity check covers the payload's pages.
 *
 * Layout (integers little-endian):
 *
 *   offset size  plain and encrypted
 *        0    8  magic "BRBACKUP"
 *        8    4  format version, 1
 *       12    4  flags: bit 0 = encrypted (other bits 0)
 *       16    8  payload size in bytes (of the plain SQLite file)
 *       24    8  schema version of the payload's database
 *       32   32  plain: BLAKE2b-256 of the payload; encrypted: zeros
 *   plain:
 *       64    n  the payload
 *   encrypted (libsodium crypto_secretstream_xchacha20poly1305, the key
 *   from the passphrase by crypto_pwhash argon2id):
 *       64    4  key derivation, 1 = argon2id (crypto_pwhash_ALG_ARGON2ID13)
 *       68    4  plain chunk size in bytes (1 .. 16 MiB)
 *       72    8  argon2id opslimit
 *       80    8  argon2id memlimit in bytes
 *       88   16  salt
 *      104   24  secretstream header
 *      128    -  chunks: 4-byte ciphertext length, ciphertext; every
 *                chunk holds chunk-size plain bytes but the last, which
 *                is tagged FINAL; the first chunk authenticates the 128
 *                header bytes as additional data.
 *
 * Nothing may follow the payload or the final chunk.
 *
 * Memory: the caller owns every FILE and buffer passed in; nothing
 * returned needs freeing.
 */
#ifndef BR_STORE_BACKUP_FILE_H
#define BR_STORE_BACKUP_FILE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "core/err.h"

#define BR_BACKUP_VERSION      1
#define BR_BACKUP_KEY_BYTES    32
#define BR_BACKUP_PLAIN_HEADER 64
#define BR_BACKUP_CRYPT_HEADER 128
#define BR_BACKUP_CHUNK_MAX    (16u << 20)

struct br_backup_header {
	uint32_t version;
	bool encrypted;
	uint64_t payload_bytes;
	int64_t schema;
	uint8_t hash[32];
	/* encrypted only */
	uint32_t chunk;
	uint64_t opslimit, memlimit;
	uint8_t salt[16];
	uint8_t stream[24];
	/* the header's bytes as read (the first chunk's additional data) */
	uint8_t raw[BR_BACKUP_CRYPT_HEADER];
	size_t raw_len;
};

/* Reads and checks the header at the start of in. */
int br_backup_header_read(FILE *in, struct br_backup_header *h,
                          struct br_err *err);

/* Derives the key of an encrypted backup from a passphrase (argon2id with
 * the header's salt and limits); key_out holds BR_BACKUP_KEY_BYTES. */
int br_backup_derive(const struct br_backup_header *h, const char *pass,
                     size_t pass_len, uint8_t *key_out, struct br_err *err);

/* Reads the payload after the header: decrypts it with key (encrypted; key
 * NULL for a plain backup), checks its size and checksum or every chunk's
 * tag, and writes it to out (NULL: check only).  Fails on a truncated,
 * damaged or extended file or a wrong key. */
int br_backup_body_read(FILE *in, const struct br_backup_header *h,
                        const uint8_t *key, FILE *out, struct br_err *err);

struct br_backup_write_opts {
	int64_t schema;
	/* Encryption: a passphrase (pass != NULL) with argon2id limits (0:
	 * crypto_pwhash_*_MODERATE), or a ready key (key != NULL; the
	 * header's limits and salt are still written).  Both NULL: plain. */
	const char *pass;
	size_t pass_len;
	const uint8_t *key;
	uint64_t opslimit, memlimit;
	uint32_t chunk; /* 0: 1 MiB */
};

/* Writes a backup of the payload (size bytes, read from payload from its
 * current position) to out. */
int br_backup_write(FILE *payload, uint64_t size,
                    const struct br_backup_write_opts *o, FILE *out,
                    struct br_err *err);

#endif
