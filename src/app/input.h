/*
 * input.h - reading named fields of a use case's input object.
 *
 * A field may arrive as a JSON value of its own type or as a string (the
 * command line passes every flag as a string; a JSON body may not, see
 * br_in_typed); either way it is checked
 * with the strict parsers of core/parse.h and a failure names the field.
 * Absent or null fields are "not given": the out value is left at its
 * "unset" default (BR_UNSET, NULL, false) and *given (when asked) is false.
 * Returned strings are borrowed from the input object.
 */
#ifndef BR_APP_INPUT_H
#define BR_APP_INPUT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"
#include "model/field.h"

/* Typed input (a JSON body, the API): an id, a whole number, a number or a
 * true/false field given as a string is refused, as its schema says
 * (br_in_id, br_in_int, br_in_double, br_in_bool).  Set for the calling
 * thread by br_app_call from struct br_app's typed_input; returns the
 * previous setting. */
bool br_in_typed(bool on);

/* Fails on a key of in that is not in allowed (NULL-terminated). */
int br_in_only(json_t *in, const char *const *allowed, struct br_err *err);
/* True when key is present and not null. */
bool br_in_has(json_t *in, const char *key);

int br_in_id(json_t *in, const char *key, int64_t *out, struct br_err *err);
int br_in_int(json_t *in, const char *key, long min, long max, int *out,
              struct br_err *err);
int br_in_double(json_t *in, const char *key, double min, double max,
                 double *out, bool *given, struct br_err *err);
/* A string of at most maxlen bytes with no control characters other than
 * newline and tab; *out NULL when absent (or "" when required is false). */
int br_in_text(json_t *in, const char *key, size_t maxlen, bool required,
               const char **out, struct br_err *err);
/* A date; *out = INT32_MIN when absent and not required. */
int br_in_date(json_t *in, const char *key, bool required, int32_t *out,
               struct br_err *err);
int br_in_clock(json_t *in, const char *key, int *out, struct br_err *err);
/* Index into names, or -1 when absent and not required. */
int br_in_enum(json_t *in, const char *key, const char *const *names,
               bool required, int *out, struct br_err *err);
/* true/false, or the strings "yes"/"no"/"true"/"false". */
int br_in_bool(json_t *in, const char *key, bool *out, struct br_err *err);
/* A list given as a JSON array of strings or one comma-separated string;
 * calls fn for each non-empty item with its 1-based position. */
int br_in_list(json_t *in, const char *key,
               int (*fn)(void *ctx, const char *item, int pos,
                         struct br_err *err),
               void *ctx, struct br_err *err);

/* br_in_int and br_in_double with the range of key in the field table t
 * (model/field.h), so a use case states a range once, in its table. */
int br_in_int_field(json_t *in, const struct br_fields *t, const char *key,
                    int *out, struct br_err *err);
int br_in_double_field(json_t *in, const struct br_fields *t, const char *key,
                       double *out, struct br_err *err);
/* br_in_text with the length of key in t (required when t says so),
 * copied into out (n bytes; "" when not given, refused when it does not
 * fit). */
int br_in_text_field(json_t *in, const struct br_fields *t, const char *key,
                     char *out, size_t n, struct br_err *err);

#endif
