/*
 * charting.h - the session-charting vocabulary from data/charting.json
 * (embedded at build time): WHO acupuncture point ids and their aliases,
 * adverse events and body regions.
 *
 * The vocabulary is loaded once per process (thread-safe) and never freed;
 * the returned pointers are static.
 */
#ifndef BR_MODEL_CHARTING_H
#define BR_MODEL_CHARTING_H

#include <jansson.h>
#include <stddef.h>

#include "core/err.h"

/*
 * Parses a point as written by a practitioner: a WHO id ("BL23", "GV29",
 * "EX-B2"), an alias of its channel ("DU4" is GV4), or "ashi", optionally
 * followed by ":L", ":R", ":B" (or ":left", ":right", ":both").  Writes the
 * WHO id and the side ("left", "right", "both", or "midline" for GV/CV
 * points); a paired point without a side is "both".
 */
int br_charting_point(const char *field, const char *text, char *id,
                      size_t idlen, char *side, size_t sidelen,
                      struct br_err *err);

/* True when word is in the list named list ("adverse_events",
 * "regions"). */
int br_charting_word(const char *list, const char *field, const char *word,
                     struct br_err *err);

/* The whole vocabulary, borrowed (static). */
json_t *br_charting_data(void);

#endif
