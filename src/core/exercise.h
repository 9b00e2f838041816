/*
 * exercise.h - the home-exercise library (data/exercises.json: ladders of
 * levels, each with default repetitions, days between sessions and cues)
 * and the progression rule of docs/clinical/exercise-and-pacing.md (the
 * pain-monitoring model of Silbernagel et al. 2007, extrapolated from
 * Achilles tendinopathy):
 *
 *   refer     an uncleared red-flag screen overrides everything
 *   regress   the latest session: pain during > 5/10, next-morning pain
 *             >= usual morning pain + 2 (the 2-point MCID), loss of
 *             range of motion, or re-injury
 *   progress  the last 2 logged sessions at this level (consecutive) had
 *             pain during <= 5, next-morning pain back to usual (<= usual)
 *             and neither loss of range nor re-injury
 *   hold      otherwise (fewer than 2 sessions, next morning not logged,
 *             usual morning pain unknown ...)
 *
 * Progress is the next level at its default reps; at the top of a ladder
 * the same level with about 10% more reps (at least one more).  Regress is
 * the previous level at its default reps; at the bottom the same level
 * with 20% fewer reps (at least one fewer, never below 1): the rule
 * gives 10-20% of volume, and the upper end is used after a flare.
 *
 * Memory as in plan.h: br_exercises_parse() owns a JSON document, freed
 * by br_exercises_free().  Everything else is pure.
 */
#ifndef BR_CORE_EXERCISE_H
#define BR_CORE_EXERCISE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

#define BR_EX_MAX_LADDERS 32
#define BR_EX_MAX_LEVELS  96
#define BR_EX_MAX_CUES    6
#define BR_EX_ID_MAX      32
#define BR_EX_PAIN_OK     5 /* pain during may reach 5/10 */
#define BR_EX_MORNING_UP  2 /* next morning >= usual + 2: regress */
#define BR_EX_SESSIONS    2 /* consecutive tolerated sessions to progress */
#define BR_EX_MAX_REASONS 6
#define BR_EX_REASON      240

struct br_ex_level {
	const char *id;
	const char *label;
	int reps;       /* default, 5-10 */
	int every_days; /* default, 2-3 */
	int n_cues;
	const char *cues[BR_EX_MAX_CUES];
	int ladder; /* index into ladders */
	int level;  /* 1-based position in its ladder */
};

struct br_ex_ladder {
	const char *id;
	const char *label;
	int first;    /* index of its first level */
	int n_levels; /* levels first .. first + n_levels - 1 */
};

struct br_exercises {
	json_t *doc; /* owned */
	int n_ladders;
	struct br_ex_ladder ladders[BR_EX_MAX_LADDERS];
	int n_levels;
	struct br_ex_level levels[BR_EX_MAX_LEVELS];
};

/* Parses and checks the library (ids unique across ladders and levels,
 * reps 5-10, every_days 2-3, at least one cue).  Fails naming the file
 * and the field. */
int br_exercises_parse(const char *file, const char *bytes, size_t len,
                       struct br_exercises *out, struct br_err *err);
void br_exercises_free(struct br_exercises *lib);
/* Index of the level with id, or -1. */
int br_exercises_find(const struct br_exercises *lib, const char *id);

/* One logged session. */
struct br_ex_log {
	int32_t day;
	int reps;
	int pain_during;  /* 0-10 */
	int next_morning; /* 0-10, or -1 when not logged */
	bool rom_loss;
	bool reinjury;
};

struct br_ex_state {
	int level;         /* index into levels */
	int reps;          /* prescribed */
	int every_days;    /* prescribed */
	int usual_morning; /* 0-10, or -1 when unknown */
	bool red_flag;     /* an uncleared urgent or emergency screen */
	const struct br_ex_log *logs; /* at this level, oldest first */
	size_t n_logs;
};

enum br_ex_advice {
	BR_EX_PROGRESS,
	BR_EX_HOLD,
	BR_EX_REGRESS,
	BR_EX_REFER,
};

struct br_ex_next {
	enum br_ex_advice advice;
	int level; /* index into levels, or -1 (refer) */
	int reps;
	int every_days;
	int n_reasons;
	char reasons[BR_EX_MAX_REASONS][BR_EX_REASON];
};

void br_exercise_advise(const struct br_exercises *lib,
                        const struct br_ex_state *in, struct br_ex_next *out);

/* "progress", "hold", "regress", "refer". */
const char *br_ex_advice_name(enum br_ex_advice a);

#endif
