/*
 * points.h - how a point prescription changed from one visit to the next:
 * points added, dropped, kept, and kept on another side.
 *
 * Pure: no allocation, no I/O.  A point is its WHO id ("BL23", "ashi")
 * and its side ("both", "left", "right", "midline"); two prescriptions
 * are compared by id, and a point present in both with a different side
 * is "side changed", not dropped and added.  Order in the inputs does not
 * matter; outputs follow the order of the input they index.
 */
#ifndef BR_CORE_POINTS_H
#define BR_CORE_POINTS_H

#include "core/err.h"

#define BR_POINTS_MAX 64

struct br_point_ref {
	char point[12];
	char side[8];
};

struct br_points_diff {
	int n_added; /* indexes into cur */
	int added[BR_POINTS_MAX];
	int n_dropped; /* indexes into prev */
	int dropped[BR_POINTS_MAX];
	int n_kept; /* indexes into cur, same side */
	int kept[BR_POINTS_MAX];
	int n_moved; /* indexes into cur whose side changed ... */
	int moved[BR_POINTS_MAX];
	int moved_from[BR_POINTS_MAX]; /* ... and the matching index in prev */
};

/* Compares cur with prev.  BR_EINVAL when a list has more than
 * BR_POINTS_MAX points. */
int br_points_diff(const struct br_point_ref *prev, int n_prev,
                   const struct br_point_ref *cur, int n_cur,
                   struct br_points_diff *out);

#endif
