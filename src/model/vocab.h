/*
 * vocab.h - coded vocabularies a clinic may extend, read from the
 * embedded data files (data/intake.json, tcm.json, tcm_patterns.json,
 * herbal.json).
 *
 * A vocabulary is a named list in a file; each entry is an object with a
 * "code" (what is stored) and display fields ("label" or "name", "zh"),
 * optionally a "group": entries of one group exclude each other at one
 * site.  Files are parsed once per process (thread-safe) and never freed;
 * every returned json_t is borrowed.
 */
#ifndef BR_MODEL_VOCAB_H
#define BR_MODEL_VOCAB_H

#include <jansson.h>

#include "core/err.h"

/* The parsed file; aborts when an embedded file is missing or invalid
 * (a build bug). */
json_t *br_vocab_file(const char *file);
/* The entry of code in list, or NULL. */
json_t *br_vocab_find(const char *file, const char *list, const char *code);
/* 0 when code is in list, else BR_EINVAL naming field and value, with the
 * codes when they are few and the command that lists them when many. */
int br_vocab_check(const char *file, const char *list, const char *field,
                   const char *code, const char *see, struct br_err *err);
/* The command that lists the codes of file's vocabularies ("backrest
 * tcm vocab" ...), for br_vocab_check's see; a generic phrase when the
 * file has none.  Static storage. */
const char *br_vocab_see(const char *file);
/* The display name of code ("label", else "name"), or NULL. */
const char *br_vocab_label(const char *file, const char *list,
                           const char *code);
/*
 * Checks that no two of codes[0..n) share a group; the error names field
 * and both codes.  codes is an array of n strings of stride bytes each.
 */
int br_vocab_exclusive(const char *file, const char *list, const char *field,
                       const char *codes, int n, size_t stride,
                       struct br_err *err);

#endif
