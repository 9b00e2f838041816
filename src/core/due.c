/*
 * due.c - what is due (see due.h).
 */
#include "core/due.h"

int
br_due_missing_days(const int32_t *present, size_t n, int32_t from, int32_t to,
                    int32_t *out, int max)
{
	size_t i = 0;
	int missing = 0;

	for (int32_t d = from; d <= to; d++) {
		while (i < n && present[i] < d)
			i++;
		if (i < n && present[i] == d)
			continue;
		if (missing < max)
			out[missing] = d;
		missing++;
	}
	return missing;
}

bool
br_due_exercise(int32_t assigned, int every_days, int32_t last, int32_t today)
{
	if (last == INT32_MIN)
		return today >= assigned;
	return today - last >= every_days;
}

bool
br_due_measure(int32_t last, int sessions_since, int32_t today)
{
	return sessions_since >= BR_DUE_MEASURE_SESSIONS ||
	       today - last >= BR_DUE_MEASURE_DAYS;
}

bool
br_due_trial(int sessions, int trial)
{
	return trial > 0 && sessions >= trial;
}
