/*
 * fuzz_backup.c - libFuzzer target for the backup file reader
 * (store/backup_file.c): `backrest backup --verify` and `restore` read
 * files from anywhere (a copy off-site, a stranger's USB stick), so
 * whatever one holds must be refused with a sentence or read safely.
 *
 * Input: arbitrary bytes, taken as a whole backup file.  An encrypted
 * header is followed by the chunk reader with a fixed key instead of
 * argon2id (the key derivation is libsodium's; deriving one per input
 * would only slow the fuzzer), so the corpus's encrypted files were made
 * with that key.  Invariants: an accepted file's payload has exactly the
 * size its header states, and a refused one has an error sentence.
 *
 * Corpus (fuzz/corpus/backup/): plain and encrypted files of a few bytes
 * of payload (one chunk, several 16-byte chunks, an empty payload), made
 * with br_backup_write and the key below, and a header cut short.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "store/backup_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct br_backup_header h;
	struct br_err err = BR_ERR_INIT;
	uint8_t key[BR_BACKUP_KEY_BYTES];
	char *out_buf = NULL;
	size_t out_len = 0;
	FILE *in, *out;
	int rc;

	if (size == 0)
		return 0;
	in = fmemopen((void *)data, size, "rb");
	if (in == NULL)
		return 0;
	memset(key, 0x42, sizeof(key));
	rc = br_backup_header_read(in, &h, &err);
	if (rc == 0) {
		out = open_memstream(&out_buf, &out_len);
		if (out == NULL) {
			fclose(in);
			return 0;
		}
		rc = br_backup_body_read(in, &h, h.encrypted ? key : NULL, out,
		                         &err);
		fclose(out);
		if (rc == 0 && out_len != h.payload_bytes)
			abort();
		free(out_buf);
	}
	if (rc < 0 && err.msg[0] == '\0')
		abort();
	fclose(in);
	return 0;
}
