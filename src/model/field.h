/*
 * field.h - the model's field tables: one description of every named
 * input field a record kind or a request takes, read by everything that
 * needs to know what a field is.
 *
 * A field table is the single place that says a field's name, type,
 * range or length, vocabulary and whether it is required.  The use cases
 * check their input against it (br_fields_check), the command line
 * builds its help from it, and the HTTP API's description
 * (/api/v1/openapi.json) is generated from the route table and these
 * tables at build time, so the code and the document cannot disagree.
 *
 * Cross-field rules (a massage type needs the massage modality, a
 * record's date not before its episode's onset ...) are not in the table:
 * they belong to the record kind's check function in src/model.
 *
 * Tables are static, constant data; nothing here allocates.
 */
#ifndef BR_MODEL_FIELD_H
#define BR_MODEL_FIELD_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

enum br_ftype {
	BR_FT_ID,     /* a record id: a whole number 1 .. 2^53-1 */
	BR_FT_INT,    /* a whole number in [min, max] */
	BR_FT_NUM,    /* a number in [min, max] */
	BR_FT_TEXT,   /* text of at most max bytes (min: at least, 0 = may
	                 be empty), no control characters but \n and \t */
	BR_FT_DATE,   /* YYYY-MM-DD */
	BR_FT_CLOCK,  /* HH:MM, 24 h */
	BR_FT_BOOL,   /* true or false */
	BR_FT_ENUM,   /* one of values */
	BR_FT_LIST,   /* a list of text items (a JSON array, or one
	                 comma-separated string on the command line); items
	                 from values when values is not NULL; at most max
	                 items when max > 0 */
	BR_FT_OBJECT, /* a JSON object described by fields (or free-form
	                 when fields is NULL) */
	BR_FT_ARRAY,  /* a JSON array of objects described by fields (or of
	                 any values when fields is NULL) */
	BR_FT_CODES,  /* questionnaire answers: a JSON array of response
	                 codes (whole numbers 0 or more, null or "-" for a
	                 skipped item), or one comma-separated string on the
	                 command line (br_field_codes) */
};

enum br_fflag {
	BR_FF_REQUIRED = 1u << 0, /* must be present and not null */
	BR_FF_PATH = 1u << 1,     /* taken from the URL path, not the body */
	BR_FF_QUERY = 1u << 2,    /* a query-string parameter of a GET */
	BR_FF_SERVER = 1u << 3,   /* set by the server (the caller's clinic,
	                             user ...): never accepted from outside */
	BR_FF_VOCAB = 1u << 4,    /* values come from a clinic-extensible
	                             vocabulary (vocab_file/vocab_list) */
};

struct br_field {
	const char *key; /* input name, e.g. "pain_worst" */
	enum br_ftype type;
	double min, max;               /* range (INT, NUM), length (TEXT),
	                                  item count (LIST); 0,0 = none */
	const char *const *values;     /* ENUM/LIST vocabulary, NULL-ended */
	unsigned flags;                /* enum br_fflag */
	const char *doc;               /* one short phrase for help and the
	                                  API description */
	const struct br_field *fields; /* OBJECT/ARRAY members, ended by a
	                                  NULL key */
	const char *vocab_file;        /* BR_FF_VOCAB: data file and list */
	const char *vocab_list;
};

/* A named table: a record kind's or a request's fields, ended by a NULL
 * key.  name is the schema name in the API description. */
struct br_fields {
	const char *name;
	const char *doc;
	const struct br_field *fields;
};

/*
 * Checks the input object in against table t: refuses a key the table
 * does not name (or names as set by the server), a required field that
 * is absent or null, a value of the wrong type, out of its range or
 * length, or not in its vocabulary, and the members of OBJECT and ARRAY
 * fields likewise (named "key.member" and "key[i].member", i from 0).
 * strict (a JSON body of the API, app's typed input) asks for JSON types
 * where the command line passes text: an ID, INT or NUM given as text in
 * quotes is refused, and a BOOL must be true or false.  Not strict (the
 * command line, which passes every flag as a string; a query string) also
 * takes text parsed with core/parse.h and "yes"/"no"/"0"/"1" for a
 * boolean.  Either way a LIST may be a JSON array or one comma-separated
 * string.  in NULL is an empty object.  Returns 0 or BR_EINVAL with one
 * sentence in err naming the first field at fault by its key.  Checks
 * only: cross-field rules are the record kind's check function's.
 */
int br_fields_check(json_t *in, const struct br_fields *t, bool strict,
                    struct br_err *err);

/* The pieces br_fields_check reads a value with, shared with app's field
 * readers (app/input.h) so both say the same.  br_field_text: a string
 * value itself, a number or boolean formatted as text (integers exactly)
 * into buf; NULL for a list or an object.  br_field_text_check: v is a
 * string of min..max bytes (max 0: no limit) with no control character
 * but newline and tab.  br_field_list_each: calls fn for each non-empty
 * item of a JSON array of strings or a comma-separated string, with its
 * 1-based position; a negative return from fn stops and is returned. */
const char *br_field_text(const json_t *v, char *buf, size_t len);
/* "key must be a single value, not a list or object". */
int br_field_not_single(const char *key, struct br_err *err);
/* "'key' is not a known field here", the key quoted as typed (and the
 * error's field too): every reader that refuses an unknown key says it
 * this way. */
int br_field_unknown(const char *key, struct br_err *err);
/* "key must be WANT, not text in quotes": a JSON body gave a number or
 * an id as a string (want: "a whole number (a JSON number)" ...). */
int br_field_quoted_number(const char *key, const char *want,
                           struct br_err *err);
int br_field_text_check(const char *key, const json_t *v, size_t min,
                        size_t max, struct br_err *err);
int br_field_list_each(const char *key, const json_t *v,
                       int (*fn)(void *ctx, const char *item, int pos,
                                 struct br_err *err),
                       void *ctx, struct br_err *err);

/* Reads the BR_FT_CODES value v of key: stores the first max codes
 * (BR_ANSWER_SKIPPED for a skipped item) and sets *n to the number of
 * answers given (which may exceed max).  codes may be NULL to check
 * only. */
int br_field_codes(const char *key, const json_t *v, int *codes, int max,
                   int *n, struct br_err *err);

/* The field of t named key, or NULL. */
const struct br_field *br_fields_find(const struct br_fields *t,
                                      const char *key);
/* The same, for a key the caller's code names and the table must have:
 * NULL with "key is not a field of NAME" in err (a bug in the caller,
 * told as an error rather than a crash). */
const struct br_field *br_fields_get(const struct br_fields *t, const char *key,
                                     struct br_err *err);
/* A whole number v of a filled record (not input) against the range of
 * key in t: an INT's min-max, a CLOCK's 0-1439, a BOOL's 0-1; BR_UNSET
 * passes.  The error reads "key must be MIN-MAX, not V". */
int br_fields_range(const struct br_fields *t, const char *key, int v,
                    struct br_err *err);
/* A number v of a filled record against the range of key in t, in the
 * words of the input check: "key must be a number from MIN to MAX, not
 * V" (an unset value is the caller's to refuse or pass first). */
int br_fields_num_range(const struct br_fields *t, const char *key, double v,
                        struct br_err *err);
/* A word v of a filled record against the vocabulary of key in t, in
 * br_parse_enum's words. */
int br_fields_enum(const struct br_fields *t, const char *key, const char *v,
                   struct br_err *err);

#endif
