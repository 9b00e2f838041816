/*
 * jsonw.h - a JSON text writer into a growing buffer, for responses that
 * are large lists of flat records (a patient's diary): the text is written
 * value by value, without building a jansson tree of one json_t per value
 * first.
 *
 * The bytes are those json_dumps(JSON_COMPACT | JSON_REAL_PRECISION(10))
 * writes for the same values (the tests compare the two): strings escaped
 * as jansson escapes them, integers in decimal, tenths (br_jw_tenths) as
 * "%.10g" with ".0" appended to whole numbers.  The caller writes the
 * punctuation ("{", ",", ":") itself with br_jw_raw.
 *
 * Errors (out of memory, a string that is not UTF-8, as jansson refuses
 * one) make the writer failed: later calls do nothing and br_jw_take
 * returns NULL.  Pure: no I/O.
 *
 * Memory: the writer owns its buffer until br_jw_take hands it to the
 * caller (release with free()); br_jw_free releases a buffer not taken.
 */
#ifndef BR_CORE_JSONW_H
#define BR_CORE_JSONW_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

struct br_jw {
	char *buf;
	size_t len, cap;
	bool failed;
	bool bad_utf8; /* the failure was a string that is not UTF-8 */
};

/* An empty writer with room for hint bytes (0: a default). */
void br_jw_init(struct br_jw *w, size_t hint);
void br_jw_free(struct br_jw *w);

/* n bytes as they are (punctuation, keys written as literals). */
void br_jw_raw(struct br_jw *w, const char *s, size_t n);
/* A NUL-terminated literal as it is (inline: strlen of a literal is a
 * constant). */
static inline void
br_jw_lit(struct br_jw *w, const char *s)
{
	br_jw_raw(w, s, strlen(s));
}
/* A JSON string: s quoted and escaped; NULL or "" as null when
 * empty_null, else "" for "". */
void br_jw_str(struct br_jw *w, const char *s, bool empty_null);
void br_jw_int(struct br_jw *w, long long v);
/* A number of tenths as JSON prints the double v (v = k / 10.0); any
 * other double is printed the way jansson prints it too. */
void br_jw_tenths(struct br_jw *w, double v);

/* The text, NUL-terminated (its length in *len), or NULL when the writer
 * failed.  The caller owns the text; the writer is empty afterwards. */
char *br_jw_take(struct br_jw *w, size_t *len);

#endif
