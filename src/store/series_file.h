/*
 * series_file.h - the image the cohort pass streams: the series table
 * (store/series.h), every episode with its first and 4th session and
 * whether a red flag was uncleared then, and the number of patients, as
 * one packed image (core/series_image.h), kept in a file beside an SQLite
 * database (its path with "-series" appended) and mapped whole.
 *
 * The file is a cache of those tables.  Its header carries their stamp
 * (series_state.stamp, a new random value set by every write of the
 * series, patients, episodes, sessions and screenings tables in that
 * write's transaction: br_store_series_bump) and the position in the
 * write log (series_log, appended by the same call with the patient the
 * write changed) the image is of.  While the stamps agree the file is
 * used as it is.  Otherwise, when the log still holds the file's position
 * with the file's stamp (the file is of an earlier state of this same
 * history), only the patients logged since are re-read from the tables,
 * in the caller's read transaction, and merged into the mapped image
 * (BR_SERIES_FILE_PATCHED); the merge is written back once enough writes
 * have piled up.  When the log cannot vouch for the file (position
 * dropped, another stamp there, a reindex logged, too many patients
 * changed) the image is rebuilt whole from the tables.  Either way the
 * result matches the snapshot the caller reads, and a new file is written
 * to a temporary file, flushed and renamed over the old one: a crash
 * leaves the old file or the new one, never a mix, and an old file never
 * passes for a newer state.  Writers never touch the file, and a write
 * and its log row commit together, so no crash falls between them.
 * Where no file can be kept (PostgreSQL, an in-memory database, a table
 * not stamped yet, a directory that cannot be written) the image is built
 * in memory for the one pass.
 *
 * The file holds diary values: it is created with mode 0600 and is
 * removable at any time (the next pass rebuilds it).
 *
 * Memory: a snapshot owns its mapping or its buffer; release it with
 * br_series_snapshot_free().
 */
#ifndef BR_STORE_SERIES_FILE_H
#define BR_STORE_SERIES_FILE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/series_image.h"
#include "store/store.h"

enum br_series_source {
	BR_SERIES_FILE,         /* the file, mapped: it was current */
	BR_SERIES_FILE_REBUILT, /* built or patched; the file rewritten */
	BR_SERIES_FILE_PATCHED, /* the file, with the patients written since
	                           re-read from the tables */
	BR_SERIES_MEMORY,       /* built from the table; no file kept */
};

struct br_series_snapshot {
	struct br_series_image image;
	enum br_series_source source;
	void *map; /* owned mapping (the file and address space reserved
	              after it), or NULL */
	size_t map_len, file_len;
	struct br_series_image_buf buf; /* owned image when not mapped */
};

/* Sets out to the image of the series table as the caller's open read
 * transaction sees it (see above). */
int br_store_series_snapshot(struct br_store *s, struct br_series_snapshot *out,
                             struct br_err *err);
void br_series_snapshot_free(struct br_series_snapshot *snap);

/* "file", "file rebuilt" or "memory". */
const char *br_series_source_name(enum br_series_source source);

/* Whether s keeps a series file: an SQLite database in a file. */
bool br_store_series_keeps_file(const struct br_store *s);

/* The path of the series file of s (a new string, caller frees), or NULL
 * when s keeps none (PostgreSQL, an in-memory database). */
char *br_store_series_file_path(const struct br_store *s);

#endif
