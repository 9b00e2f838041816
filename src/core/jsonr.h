/*
 * jsonr.h - a strict reader of the JSON data files backrest embeds
 * (instrument definitions, the evidence file, the exercise library):
 * typed getters over jansson that refuse unknown keys, check every type
 * and range, and fail with one sentence naming the file and the JSON path
 * of the field, e.g.
 *   instrument file 'odi.json': items[2].responses.max must be ...
 *
 * Paths are built with br_jsonr_path_key / br_jsonr_path_idx ("" is the
 * top level).  Strings returned through out parameters point into the
 * jansson document and live as long as it does; nothing here allocates.
 */
#ifndef BR_CORE_JSONR_H
#define BR_CORE_JSONR_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "core/err.h"

/* The longest path a getter builds (longer ones are cut at the end). */
#define BR_JSONR_PATH 160

struct br_jsonr {
	const char *what;  /* the kind of file: "instrument" -> "instrument
	                      file '<file>': <path> <message>" */
	const char *file;  /* for messages; NULL: "(input)" */
	const char *field; /* err->field of every failure; NULL: the path
	                      (top when the path is empty) */
	const char *top;   /* err->field for the top level when field is NULL */
	struct br_err *err;
};

/* Fills r->err (BR_EINVAL) with "<what> file '<file>': <path> <message>"
 * ("<what> file '<file>' <message>" when path is empty); returns
 * BR_EINVAL. */
int br_jsonr_fail(const struct br_jsonr *r, const char *path, const char *fmt,
                  ...) __attribute__((format(printf, 3, 4)));

/* Parses bytes (duplicate keys refused) into *doc, a new reference the
 * caller owns; fails with "(top) is not valid JSON (line N)". */
int br_jsonr_load(const struct br_jsonr *r, const char *bytes, size_t len,
                  json_t **doc);

/* "prefix.key" ("key" when prefix is empty) and "prefix[i]" into out. */
void br_jsonr_path_key(char *out, size_t n, const char *prefix,
                       const char *key);
void br_jsonr_path_idx(char *out, size_t n, const char *prefix, size_t i);

/* The first key of obj that is not in allowed (NULL-terminated), or NULL
 * when there is none. */
const char *br_jsonr_unknown_key(json_t *obj, const char *const *allowed);
/* Fails with "<path>.<key> is not a known field here" on a key of obj
 * not in allowed. */
int br_jsonr_only(const struct br_jsonr *r, json_t *obj, const char *path,
                  const char *const *allowed);

/* obj[key] into *out, NULL when absent or null (then a required key
 * fails with "is required"). */
int br_jsonr_get(const struct br_jsonr *r, json_t *obj, const char *prefix,
                 const char *key, bool required, json_t **out);
int br_jsonr_object(const struct br_jsonr *r, json_t *obj, const char *prefix,
                    const char *key, bool required, json_t **out);
/* A list of min..max entries. */
int br_jsonr_array(const struct br_jsonr *r, json_t *obj, const char *prefix,
                   const char *key, bool required, size_t min, size_t max,
                   json_t **out);

/* Text of 1..maxlen bytes without control characters (v at path p). */
int br_jsonr_check_text(const struct br_jsonr *r, json_t *v, const char *p,
                        size_t maxlen, const char **out);
int br_jsonr_text(const struct br_jsonr *r, json_t *obj, const char *prefix,
                  const char *key, bool required, size_t maxlen,
                  const char **out);
/* A whole number min..max (v at path p). */
int br_jsonr_check_int(const struct br_jsonr *r, json_t *v, const char *p,
                       long min, long max, int *out);
/* given (may be NULL) tells whether the key was there. */
int br_jsonr_int(const struct br_jsonr *r, json_t *obj, const char *prefix,
                 const char *key, bool required, long min, long max, int *out,
                 bool *given);
/* A finite number min..max (v at path p). */
int br_jsonr_check_number(const struct br_jsonr *r, json_t *v, const char *p,
                          double min, double max, double *out);
int br_jsonr_number(const struct br_jsonr *r, json_t *obj, const char *prefix,
                    const char *key, double min, double max, double *out,
                    bool *given);
/* false when absent. */
int br_jsonr_bool(const struct br_jsonr *r, json_t *obj, const char *prefix,
                  const char *key, bool *out);
/* The index in names (NULL-terminated) of the required text at key. */
int br_jsonr_enum(const struct br_jsonr *r, json_t *obj, const char *prefix,
                  const char *key, const char *const *names, int *out);

#endif
