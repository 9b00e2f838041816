/*
 * sleep_zip.h - the export.xml inside the Health app's export.zip, read
 * with libzip as a stream (sleep_read.c feeds it to expat a chunk at a
 * time; nothing is unpacked to disk or held whole in memory).
 */
#ifndef BR_INTEROP_SLEEP_ZIP_H
#define BR_INTEROP_SLEEP_ZIP_H

#include <stddef.h>
#include <stdio.h>

#include "core/err.h"

struct br_sleep_zip;

/* Opens the zip f (from its first byte, whatever f's position; f must be
 * seekable: a file or fmemopen, not a pipe) and its entry named
 * export.xml in any folder.  *z allocated: br_sleep_zip_close frees it;
 * f stays the caller's.  Returns 0, BR_EINVAL (not a zip, damaged, or no
 * export.xml: err says which), BR_EIO or BR_ENOMEM. */
int br_sleep_zip_open(FILE *f, struct br_sleep_zip **z, struct br_err *err);

/* Reads up to n bytes of export.xml into buf; *got 0 at its end.
 * Returns 0, BR_EINVAL (the entry is damaged) or BR_EIO. */
int br_sleep_zip_read(struct br_sleep_zip *z, void *buf, size_t n, size_t *got,
                      struct br_err *err);

void br_sleep_zip_close(struct br_sleep_zip *z);

#endif
