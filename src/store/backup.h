/*
 * backup.h - backups that restore: an online, consistent copy of a store
 * of either backend written to a backup file (store/backup_file.h), its
 * verification, and its restore into a store of either backend.
 *
 * backup: the source is read in one read transaction (one snapshot: SQLite
 * WAL readers and PostgreSQL REPEATABLE READ let writers go on) into a new
 * SQLite database beside the output file, which becomes the payload.  An
 * SQLite source is copied with VACUUM INTO (pages, not rows), and the copy
 * then passes SQLite's integrity check and is checksummed table by table;
 * a PostgreSQL source is copied row by row through store/copy.h, which
 * reads the copy back and compares every table's row count and checksum; the
 * file is written to a temporary file in the output's directory, flushed and
 * renamed (core/file.h), mode 0600.
 *
 * verify and restore read the whole file (checksum or every encrypted
 * chunk), unpack the payload into a temporary file (0600, removed after),
 * run SQLite's integrity check on it and checksum every table.  restore
 * then copies it into the target through store/copy.h in one transaction
 * that commits only when the target's tables read back equal; a new SQLite
 * target is built in a temporary file and renamed into place.  A target
 * that holds records is refused unless force is set (then emptied in the
 * same transaction).  On any failure nothing is written.
 *
 * Memory: br_backup_result holds a copy report (free with
 * br_backup_result_free); everything else is the caller's.
 */
#ifndef BR_STORE_BACKUP_H
#define BR_STORE_BACKUP_H

#include <stdbool.h>
#include <stddef.h>

#include "store/copy.h"

struct br_backup_result {
	struct br_copy_report tables; /* per table: rows and checksum */
	unsigned long long bytes;     /* the backup file's size */
	unsigned long long payload;   /* the database's size inside */
	int schema;                   /* the database's schema version */
	bool encrypted;
	double seconds;
};

/* The passphrase, asked for only when needed (an encrypted backup). */
struct br_backup_pass {
	int (*get)(void *ctx, const char **pass, size_t *len,
	           struct br_err *err);
	void *ctx;
};

/* Writes a backup of from to out; encrypted when pass is not NULL, its
 * key derived with argon2id at opslimit and memlimit (0: libsodium's
 * MODERATE limits). */
int br_store_backup(struct br_store *from, const char *out, const char *pass,
                    size_t pass_len, unsigned long long opslimit,
                    unsigned long long memlimit, struct br_backup_result *r,
                    struct br_err *err);

/* Checks the backup at path (see above) without restoring it. */
int br_backup_verify(const char *path, const struct br_backup_pass *pass,
                     struct br_backup_result *r, struct br_err *err);

/* Restores the backup at path into target (a path or postgresql:// URI). */
int br_backup_restore(const char *path, const struct br_backup_pass *pass,
                      const char *target, bool force,
                      struct br_backup_result *r, struct br_err *err);

void br_backup_result_free(struct br_backup_result *r);

#endif
