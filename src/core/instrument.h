/*
 * instrument.h - validated questionnaires as data: the definition (a JSON
 * file under data/instruments/, parsed strictly), scoring, bands and
 * change against the minimal clinically important difference
 * (docs/clinical/scoring.md; the file format is
 * docs/internals/INSTRUMENTS.md).
 *
 * A definition names one of the scoring rules built in here (single, sum,
 * count, mean, percent) and one of the missing-item rules (all, zero,
 * min-answered, prorate); the data gives the items, their response codes
 * and optional points per code, subscores, bands, the MCID and the
 * wording and licence notes.  Scoring is always this code: a definition
 * cannot carry a formula.
 *
 * Memory: br_instrument_parse() fills a caller-provided struct that owns
 * the parsed JSON document; the strings in it are borrowed from that
 * document and live until br_instrument_free().  Everything else is pure:
 * no I/O, no allocation.
 */
#ifndef BR_CORE_INSTRUMENT_H
#define BR_CORE_INSTRUMENT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

#define BR_INSTR_ID_MAX        24 /* ids: 23 bytes and the NUL */
#define BR_INSTR_MAX_ITEMS     64
#define BR_INSTR_MAX_CODE      1000 /* response codes run 0..1000 */
#define BR_INSTR_MAX_POINTS    11   /* a points table covers <= 11 codes */
#define BR_INSTR_MAX_BANDS     8
#define BR_INSTR_MAX_SUBSCORES 4
#define BR_INSTR_MAX_TIERS     3
#define BR_INSTR_MAX_NOTES     4
#define BR_INSTR_NOTE_LEN      320
#define BR_INSTR_FILE_MAX      (256 * 1024) /* bytes of one definition */
#define BR_ANSWER_SKIPPED      (-1)         /* an item left out */

enum br_score_rule {
	BR_RULE_SINGLE,  /* one item: its points */
	BR_RULE_SUM,     /* sum of the items' points */
	BR_RULE_COUNT,   /* number of 0/1 items answered 1 */
	BR_RULE_MEAN,    /* mean of the answered items' points */
	BR_RULE_PERCENT, /* answered points / answered maximum x 100 */
};

enum br_missing_rule {
	BR_MISSING_ALL,          /* every item must be answered */
	BR_MISSING_ZERO,         /* a skipped item scores 0 */
	BR_MISSING_MIN_ANSWERED, /* at least missing_param items answered */
	BR_MISSING_PRORATE,      /* at most missing_param skipped, prorated */
};

struct br_instr_item {
	const char *id;    /* borrowed, see above */
	const char *label; /* our own short label */
	const char *text;  /* full wording, or NULL when not shipped */
	int min, max;      /* response codes */
	bool has_points;   /* else a code scores itself */
	int points[BR_INSTR_MAX_POINTS]; /* points[code - min] */
	int max_points;                  /* the most one answer scores */
};

struct br_instr_subscore {
	char id[BR_INSTR_ID_MAX];
	const char *label;
	uint64_t items; /* bit i set: item i (0-based) belongs to it */
};

/* A band matches when all its conditions hold; the first match wins. */
struct br_instr_band {
	char id[BR_INSTR_ID_MAX];
	const char *label;
	bool has_max;
	double max;   /* score <= max */
	int subscore; /* index, or -1 for no subscore condition */
	double sub_max;
};

struct br_instr_tier {
	char id[16];     /* minimal, moderate, substantial */
	bool by_percent; /* else by points */
	double threshold;
};

struct br_instrument {
	json_t *doc; /* owned: the parsed definition */
	char id[BR_INSTR_ID_MAX];
	const char *name;
	const char *version;
	const char *recall;
	const char *citation;
	const char *wording; /* "shipped", "labels-only" or "licensed" */
	bool higher_better;
	enum br_score_rule rule;
	int decimals;
	enum br_missing_rule missing;
	int missing_param; /* min answered, or max skipped */
	bool missing_local;
	const char *missing_description;
	int n_items;
	struct br_instr_item items[BR_INSTR_MAX_ITEMS];
	int n_subscores;
	struct br_instr_subscore subscores[BR_INSTR_MAX_SUBSCORES];
	int n_bands;
	struct br_instr_band bands[BR_INSTR_MAX_BANDS];
	double score_min, score_max; /* derived from the rule and items */
	bool has_change;             /* false: no change rule (screening) */
	bool has_mcid_points, has_mcid_percent;
	double mcid_points, mcid_percent;
	int n_tiers;
	struct br_instr_tier tiers[BR_INSTR_MAX_TIERS];
	bool has_floor, has_ceiling;
	double floor, ceiling;
};

/*
 * Parses and checks the definition in bytes[0..len) read from file (a name
 * for messages; its stem must equal the definition's id).  Strict: an
 * unknown key, a wrong type or an inconsistent value fails with one
 * sentence naming the file and the field path (e.g. "items[3].max").
 * On success out owns a JSON document: release it with
 * br_instrument_free().  On failure out owns nothing.
 */
int br_instrument_parse(const char *file, const char *bytes, size_t len,
                        struct br_instrument *out, struct br_err *err);
void br_instrument_free(struct br_instrument *in);

/* 0 when b scores exactly as a (rules, items, codes, points, subscores,
 * bands, direction, change rule): only wording may differ.  Else
 * BR_EINVAL naming file and the first field that differs. */
int br_instrument_same_scoring(const struct br_instrument *a,
                               const struct br_instrument *b, const char *file,
                               struct br_err *err);

/* Index of the band with id, or -1. */
int br_instrument_band_index(const struct br_instrument *in, const char *id);

/*
 * Parses answers written "A1,A2,...": each field a response code (a whole
 * number), or empty or "-" for a skipped item (BR_ANSWER_SKIPPED);
 * spaces around a field are ignored.  Stores the first max codes; *n is
 * the number of fields (which may exceed max).  Fails naming the item.
 */
int br_answers_parse(const char *s, int *codes, int max, int *n,
                     struct br_err *err);

struct br_score {
	bool has_score;
	double score; /* rounded to the instrument's decimals */
	int band;     /* index into bands, or -1 */
	int n_subscores;
	bool sub_has[BR_INSTR_MAX_SUBSCORES];
	double subscores[BR_INSTR_MAX_SUBSCORES];
	int answered; /* items not skipped */
	bool complete;
	bool prorated;
	int n_notes;
	char notes[BR_INSTR_MAX_NOTES][BR_INSTR_NOTE_LEN];
};

/*
 * Scores n answers (codes in item order).  Fails with BR_EINVAL and one
 * sentence naming the item number and what was expected when the count
 * is wrong, a code is out of range, or more items are skipped than the
 * missing-item rule allows.
 */
int br_instrument_score(const struct br_instrument *in, const int *codes, int n,
                        struct br_score *out, struct br_err *err);

/* Change from baseline to follow-up (docs/clinical/scoring.md). */
struct br_change {
	double change;      /* follow-up - baseline */
	double improvement; /* direction-aware: > 0 is better */
	bool has_percent;   /* false when the baseline is 0 */
	double percent;     /* improvement as a percentage of baseline */
	/* "substantial", "moderate", "minimal" (instruments with tiers),
	 * "improved" (no tiers, but at least the MCID), "none", "worse",
	 * "cannot-assess", or NULL when the instrument has no MCID and no
	 * tiers. */
	const char *tier;
	int responder_points;  /* 1 yes, 0 no, -1 no MCID or cannot assess */
	int responder_percent; /* the same for the percentage threshold */
	bool cannot_assess;
	const char *reason; /* why it cannot be assessed (static), or NULL */
};

/*
 * The change between two scores of in.  Improvement is decrease for
 * higher-worse instruments and increase for higher-better ones.  At the
 * floor (the definition's change.floor, or a baseline already at the best
 * end of the scale) improvement cannot be detected: tier "cannot-assess"
 * and both responder flags -1.  At the ceiling (change.ceiling, or the
 * worst end) deterioration cannot be detected: a follow-up that is not
 * better is "cannot-assess" too.  BR_EINVAL for a score outside the scale
 * or an instrument without a change rule.
 */
int br_instrument_change(const struct br_instrument *in, double baseline,
                         double followup, struct br_change *out,
                         struct br_err *err);

/* Names for messages and views. */
const char *br_score_rule_name(enum br_score_rule r);
const char *br_missing_rule_name(enum br_missing_rule r);

#endif
