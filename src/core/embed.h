/*
 * embed.h - files embedded in the binary at build time (cmake/embed.cmake).
 *
 * br_data_files holds data/ (instruments, evidence, exercises, points ...),
 * br_migration_files the store's SQL migrations.  Both tables end with an
 * entry whose name is NULL.  The bytes are static and NUL-terminated; the
 * length excludes the NUL.
 */
#ifndef BR_CORE_EMBED_H
#define BR_CORE_EMBED_H

#include <stddef.h>

struct br_embedded_file {
	const char *name;           /* path relative to data/ or migrations/ */
	const unsigned char *bytes; /* static, NUL-terminated */
	size_t len;                 /* excluding the NUL */
};

extern const struct br_embedded_file br_data_files[];
extern const struct br_embedded_file br_migration_files[];

/* The embedded data file at path name (e.g. "points.json"), or NULL. */
const struct br_embedded_file *br_embedded_data(const char *name);

#endif
