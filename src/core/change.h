/*
 * change.h - a change between two values in words, the one wording every
 * place that shows one uses (the chart, the review, the CLI, the report
 * and its PDF): the direction in words, the amount without a sign, and the
 * change relative to the baseline as "% better" or "% worse", where
 * better is the direction of the figure's improvement:
 *
 *   pain 6.7 -> 7.0       "up 0.3 points (4 % worse)"
 *   sleep 300 -> 345 min  "up 45 min (15 % better)"
 *   5.0 -> 5.0            "no change"
 *
 * and the tier of an important change in words ("none" reads "no
 * important change").  Pure; the caller owns every buffer.
 */
#ifndef BR_CORE_CHANGE_H
#define BR_CORE_CHANGE_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Writes the words of a change of `change` (latest - baseline, in the
 * figure's unit, shown with `decimals` decimals) into buf (n bytes,
 * always terminated).  unit is "points", "min", "%" ... (NULL: "points");
 * has_percent false leaves the percentage out (a baseline of 0);
 * improvement_pct is the improvement relative to the baseline, > 0
 * better, whatever the figure's direction.  A change that rounds to 0 at
 * the decimals shown is "no change".  Returns buf.
 */
char *br_change_words(char *buf, size_t n, double change, int decimals,
                      const char *unit, bool has_percent,
                      double improvement_pct);

/* A tier of an instrument's change (core/instrument.h) in words:
 * "substantial" -> "substantial improvement", "none" -> "no important
 * change", ...; an unknown tier is returned as it is, NULL as "". */
const char *br_change_tier_words(const char *tier);

#endif
