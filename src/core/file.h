/*
 * file.h - creating the files and directories backrest writes, which hold
 * health data: a file is mode 0600 and a directory 0700 whatever the
 * umask, and a file written whole goes to a temporary file in the target's
 * directory that is flushed (fsync) and renamed over the target, so a
 * failed write leaves nothing behind and a crash leaves the old file or the
 * new one, never half of one.
 *
 * With core/dl.c, the one module of core that does I/O: every layer above
 * (the SQLite driver, the series image, exports, reports, backups) creates
 * its files here, so there is one place that decides their mode.
 *
 * Functions return 0 or -1 with errno set (callers word the error, naming
 * the field the user typed).  struct br_file_tmp is the caller's; it owns
 * the descriptor or stream until br_file_tmp_commit or br_file_tmp_abort.
 */
#ifndef BR_CORE_FILE_H
#define BR_CORE_FILE_H

#include <limits.h>
#include <stdio.h>

#define BR_FILE_MODE 0600
#define BR_DIR_MODE  0700

/* Creates path as an empty file of mode 0600 when it does not exist; an
 * existing file is left as it is (its mode too). */
int br_file_precreate(const char *path);

/* Opens path for writing (created mode 0600 when absent, truncated when
 * present) and returns the stream, or NULL with errno set. */
FILE *br_file_open_private(const char *path);

/* Creates directory path with mode 0700; 0 when it exists already as a
 * directory (its mode is left as it is). */
int br_dir_create_private(const char *path);

struct br_file_tmp {
	char path[PATH_MAX]; /* the target */
	char tmp[PATH_MAX];  /* the temporary file beside it */
	int fd;              /* -1 once handed to f or closed */
	FILE *f;             /* set by br_file_tmp_stream */
};

/* Creates a temporary file of mode 0600 in path's directory (path
 * ".tmp-XXXXXX"); t->fd is open for reading and writing. */
int br_file_tmp_open(struct br_file_tmp *t, const char *path);

/* The temporary file as a stream (owned by t), or NULL. */
FILE *br_file_tmp_stream(struct br_file_tmp *t);

/* Flushes, fsyncs and closes the temporary file, renames it over the
 * target and fsyncs the directory.  On failure the temporary file is
 * removed and the target is unchanged. */
int br_file_tmp_commit(struct br_file_tmp *t);

/* Closes and removes the temporary file (safe to call twice). */
void br_file_tmp_abort(struct br_file_tmp *t);

#endif
