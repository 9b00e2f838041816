/*
 * change.c - a change between two values in words (see change.h).
 */
#include "core/change.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

char *
br_change_words(char *buf, size_t n, double change, int decimals,
                const char *unit, bool has_percent, double improvement_pct)
{
	double scale = pow(10.0, decimals < 0 ? 0 : decimals);
	double amount = round(fabs(change) * scale) / scale;
	double pct = round(fabs(improvement_pct));
	int len;

	if (n == 0)
		return buf;
	if (unit == NULL)
		unit = "points";
	if (amount == 0.0) {
		snprintf(buf, n, "no change");
		return buf;
	}
	len = snprintf(buf, n, "%s %.*f%s%s", change > 0 ? "up" : "down",
	               decimals < 0 ? 0 : decimals, amount,
	               strcmp(unit, "%") == 0 ? "" : " ", unit);
	if (has_percent && len >= 0 && (size_t)len < n)
		snprintf(buf + len, n - (size_t)len, " (%.0f %% %s)", pct,
		         pct == 0.0            ? "change"
		         : improvement_pct > 0 ? "better"
		                               : "worse");
	return buf;
}

const char *
br_change_tier_words(const char *tier)
{
	static const struct {
		const char *tier, *words;
	} names[] = {
	        {"substantial", "substantial improvement"},
	        {"moderate", "moderate improvement"},
	        {"minimal", "minimal improvement"},
	        {"improved", "important improvement"},
	        {"none", "no important change"},
	        {"worse", "worse"},
	        {"cannot-assess", "cannot assess (floor or ceiling)"},
	};

	if (tier == NULL)
		return "";
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(names[i].tier, tier) == 0)
			return names[i].words;
	return tier;
}
