/*
 * points.c - the change of a point prescription between visits (see
 * points.h).
 */
#include "core/points.h"

#include <string.h>

static int
find(const struct br_point_ref *list, int n, const char *point)
{
	for (int i = 0; i < n; i++)
		if (strcmp(list[i].point, point) == 0)
			return i;
	return -1;
}

int
br_points_diff(const struct br_point_ref *prev, int n_prev,
               const struct br_point_ref *cur, int n_cur,
               struct br_points_diff *out)
{
	memset(out, 0, sizeof(*out));
	if (n_prev < 0 || n_cur < 0 || n_prev > BR_POINTS_MAX ||
	    n_cur > BR_POINTS_MAX)
		return BR_EINVAL;
	for (int i = 0; i < n_cur; i++) {
		int j = find(prev, n_prev, cur[i].point);

		if (j < 0) {
			out->added[out->n_added++] = i;
		} else if (strcmp(prev[j].side, cur[i].side) == 0) {
			out->kept[out->n_kept++] = i;
		} else {
			out->moved_from[out->n_moved] = j;
			out->moved[out->n_moved++] = i;
		}
	}
	for (int j = 0; j < n_prev; j++)
		if (find(cur, n_cur, prev[j].point) < 0)
			out->dropped[out->n_dropped++] = j;
	return 0;
}
