/*
 * checks_tcm.c - the field table and check of the TCM assessment (see
 * checks_tcm.h).
 */
#include "model/checks_tcm.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "core/parse.h"
#include "core/sleep.h"
#include "model/vocab.h"

#define VOCAB    "tcm.json"
#define PATTERNS "tcm_patterns.json"

const char *const br_tcm_findings[] = {"tongue_colour",
                                       "tongue_shape",
                                       "tongue_coat",
                                       "tongue_moisture",
                                       "tongue_note",
                                       "pulse",
                                       "pulse_left_cun",
                                       "pulse_left_guan",
                                       "pulse_left_chi",
                                       "pulse_right_cun",
                                       "pulse_right_guan",
                                       "pulse_right_chi",
                                       "pulse_rate",
                                       "pulse_note",
                                       "eight_principles",
                                       "patterns",
                                       "pattern_note",
                                       "treatment_principle",
                                       NULL};

#define CODES(k, file, list, n, d)                                             \
	{                                                                      \
		.key = k, .type = BR_FT_LIST, .max = n, .flags = BR_FF_VOCAB,  \
		.doc = d, .vocab_file = file, .vocab_list = list               \
	}
#define PULSE(k, d) CODES(k, VOCAB, "pulse_qualities", BR_TCM_MAX_LIST, d)

static const struct br_field tcm_fields[] = {
        {.key = "session_id", .type = BR_FT_ID, .flags = BR_FF_REQUIRED},
        {.key = "episode_id",
         .type = BR_FT_ID,
         .doc = "the session's episode (a session outside it reads as "
                "missing)"},
        {.key = "tongue_colour",
         .type = BR_FT_ENUM,
         .flags = BR_FF_VOCAB,
         .doc = "tongue body colour (GET /api/v1/tcm/vocabulary)",
         .vocab_file = VOCAB,
         .vocab_list = "tongue_colours"},
        CODES("tongue_shape", VOCAB, "tongue_shapes", BR_TCM_MAX_LIST,
              "tongue shape"),
        CODES("tongue_coat", VOCAB, "tongue_coats", BR_TCM_MAX_LIST,
              "tongue coating"),
        {.key = "tongue_moisture",
         .type = BR_FT_ENUM,
         .values = br_tcm_moistures,
         .doc = "tongue moisture"},
        {.key = "tongue_note",
         .type = BR_FT_TEXT,
         .max = BR_SHORT_NOTE - 1,
         .doc = "a note on the tongue"},
        PULSE("pulse", "overall pulse qualities"),
        PULSE("pulse_left_cun", "left cun position"),
        PULSE("pulse_left_guan", "left guan position"),
        PULSE("pulse_left_chi", "left chi position"),
        PULSE("pulse_right_cun", "right cun position"),
        PULSE("pulse_right_guan", "right guan position"),
        PULSE("pulse_right_chi", "right chi position"),
        {.key = "pulse_rate",
         .type = BR_FT_INT,
         .min = 30,
         .max = 200,
         .doc = "beats a minute"},
        {.key = "pulse_note",
         .type = BR_FT_TEXT,
         .max = BR_SHORT_NOTE - 1,
         .doc = "a note on the pulse"},
        {.key = "eight_principles",
         .type = BR_FT_LIST,
         .values = br_tcm_principles,
         .max = 8,
         .doc = "eight-principle findings, e.g. cold,deficiency"},
        CODES("patterns", PATTERNS, "patterns", BR_TCM_MAX_PATTERNS,
              "TCM patterns in rank order, e.g. kidney-yang-deficiency"),
        {.key = "pattern_note",
         .type = BR_FT_TEXT,
         .max = BR_NOTE_MAX - 1,
         .doc = "a note on the patterns"},
        {.key = "treatment_principle",
         .type = BR_FT_TEXT,
         .max = BR_SHORT_NOTE - 1,
         .doc = "the treatment principle"},
        {.key = "from_last",
         .type = BR_FT_BOOL,
         .doc = "start from the episode's previous assessment"},
        {.key = "clear",
         .type = BR_FT_LIST,
         .values = br_tcm_findings,
         .doc = "with from_last: findings not to carry forward"},
        {0},
};
const struct br_fields br_tcm_fields = {"TcmInput", "a TCM assessment",
                                        tcm_fields};

/* Where the coded list key lives in struct br_tcm (its count and its
 * first code, as offsets), and what it holds. */
struct list {
	size_t n_off, arr_off, stride;
	int max;
	const char *file, *vlist; /* vlist NULL: the eight principles */
};

#define OFF(m) offsetof(struct br_tcm, m)

static bool
list_of(const char *key, struct list *l)
{
	const int pulse0 = 5; /* "pulse" in br_tcm_findings */

	memset(l, 0, sizeof(*l));
	l->stride = BR_CODE_LEN;
	l->max = BR_TCM_MAX_LIST;
	l->file = VOCAB;
	if (strcmp(key, "tongue_shape") == 0) {
		l->n_off = OFF(n_shape);
		l->arr_off = OFF(shape);
		l->vlist = "tongue_shapes";
	} else if (strcmp(key, "tongue_coat") == 0) {
		l->n_off = OFF(n_coat);
		l->arr_off = OFF(coat);
		l->vlist = "tongue_coats";
	} else if (strcmp(key, "eight_principles") == 0) {
		l->n_off = OFF(n_principles);
		l->arr_off = OFF(principles);
		l->stride = sizeof(((struct br_tcm *)0)->principles[0]);
		l->max = 8;
	} else if (strcmp(key, "patterns") == 0) {
		l->n_off = OFF(n_patterns);
		l->arr_off = OFF(patterns);
		l->stride = sizeof(((struct br_tcm *)0)->patterns[0]);
		l->max = BR_TCM_MAX_PATTERNS;
		l->file = PATTERNS;
		l->vlist = "patterns";
	} else {
		for (int p = 0; p < BR_PULSE_NPOS; p++)
			if (strcmp(key, br_tcm_findings[pulse0 + p]) == 0) {
				l->n_off =
				        OFF(n_pulse) + (size_t)p * sizeof(int);
				l->arr_off =
				        OFF(pulse) +
				        (size_t)p * sizeof(((struct br_tcm *)0)
				                                   ->pulse[0]);
				l->vlist = "pulse_qualities";
				return true;
			}
		return false;
	}
	return true;
}

int
br_rec_tcm_add(struct br_tcm *x, const char *key, const char *code,
               struct br_err *err)
{
	struct list l;
	int *n;
	char *arr;

	if (!list_of(key, &l))
		return br_error(err, BR_EINVAL, key,
		                "%s is not a coded TCM finding", key);
	n = (int *)((char *)x + l.n_off);
	arr = (char *)x + l.arr_off;
	for (int i = 0; i < *n; i++)
		if (strcmp(arr + (size_t)i * l.stride, code) == 0)
			return br_error(err, BR_EINVAL, key,
			                "%s lists %s twice", key, code);
	if (*n == l.max)
		return br_error(err, BR_EINVAL, key,
		                "%s lists more than %d items", key, l.max);
	snprintf(arr + (size_t)(*n)++ * l.stride, l.stride, "%s", code);
	return 0;
}

/* The codes of one list: in the vocabulary, each once, exclusive groups
 * apart. */
static int
check_list(const struct br_tcm *x, const char *key, struct br_err *err)
{
	struct list l;
	const int *n;
	const char *arr;
	int idx, rc = 0;

	list_of(key, &l);
	n = (const int *)((const char *)x + l.n_off);
	arr = (const char *)x + l.arr_off;
	if (*n < 0 || *n > l.max)
		return br_error(err, BR_EINVAL, key,
		                "%s lists more than %d items", key, l.max);
	for (int i = 0; rc == 0 && i < *n; i++) {
		const char *c = arr + (size_t)i * l.stride;

		if (l.vlist)
			rc = br_vocab_check(l.file, l.vlist, key, c,
			                    br_vocab_see(l.file), err);
		else
			rc = br_parse_enum(key, c, br_tcm_principles, &idx,
			                   err);
		for (int j = 0; rc == 0 && j < i; j++)
			if (strcmp(arr + (size_t)j * l.stride, c) == 0)
				rc = br_error(err, BR_EINVAL, key,
				              "%s lists %s twice", key, c);
	}
	if (rc == 0 && l.vlist && strcmp(key, "patterns") != 0)
		rc = br_vocab_exclusive(l.file, l.vlist, key, arr, *n, l.stride,
		                        err);
	return rc;
}

int
br_rec_tcm_check_findings(const struct br_tcm *x, struct br_err *err)
{
	static const char *const lists[] = {
	        "tongue_shape",     "tongue_coat",      "pulse",
	        "pulse_left_cun",   "pulse_left_guan",  "pulse_left_chi",
	        "pulse_right_cun",  "pulse_right_guan", "pulse_right_chi",
	        "eight_principles", "patterns",         NULL};
	int idx, rc = 0;

	if (x->tongue_colour[0])
		rc = br_vocab_check(VOCAB, "tongue_colours", "tongue_colour",
		                    x->tongue_colour, br_vocab_see(VOCAB), err);
	if (rc == 0 && x->tongue_moisture[0])
		rc = br_parse_enum("tongue_moisture", x->tongue_moisture,
		                   br_tcm_moistures, &idx, err);
	for (int i = 0; rc == 0 && lists[i]; i++)
		rc = check_list(x, lists[i], err);
	if (rc == 0)
		rc = br_fields_range(&br_tcm_fields, "pulse_rate",
		                     x->pulse_rate, err);
	return rc;
}

int
br_rec_tcm_check(const struct br_tcm *x, struct br_err *err)
{
	int rc = br_rec_tcm_check_findings(x, err);
	bool any = x->tongue_colour[0] || x->n_shape || x->n_coat ||
	           x->tongue_moisture[0] || x->tongue_note[0] ||
	           x->pulse_rate != BR_UNSET || x->pulse_note[0] ||
	           x->n_principles || x->n_patterns || x->pattern_note[0] ||
	           x->treatment_principle[0];

	if (rc < 0)
		return rc;
	for (int p = 0; p < BR_PULSE_NPOS; p++)
		any = any || x->n_pulse[p] > 0;
	if (!any)
		return br_error(err, BR_EINVAL, "",
		                "a TCM assessment needs at least one finding "
		                "(tongue, pulse, principles, patterns or "
		                "treatment principle)");
	return 0;
}
