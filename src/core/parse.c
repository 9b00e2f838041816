/*
 * parse.c - strict parsers for outside input (see parse.h).
 *
 * The civil-date conversion is the classic era-based algorithm for the
 * proleptic Gregorian calendar (as described by Howard Hinnant in
 * "chrono-Compatible Low-Level Date Algorithms"), written here from that
 * description.
 */
#include "core/parse.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int32_t
br_days_from_civil(int year, int month, int day)
{
	int y = year - (month <= 2);
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;
	int mp = (month + 9) % 12;
	int doy = (153 * mp + 2) / 5 + day - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return (int32_t)era * 146097 + doe - 719468;
}

void
br_civil_from_days(int32_t days, int *year, int *month, int *day)
{
	int32_t z = days + 719468;
	int32_t era = (z >= 0 ? z : z - 146096) / 146097;
	int32_t doe = z - era * 146097;
	int32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int32_t mp = (5 * doy + 2) / 153;
	int d = (int)(doy - (153 * mp + 2) / 5 + 1);
	int m = (int)(mp < 10 ? mp + 3 : mp - 9);

	*year = (int)(yoe + era * 400) + (m <= 2);
	*month = m;
	*day = d;
}

static bool
leap_year(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

bool
br_date_valid(int year, int month, int day)
{
	static const int mdays[12] = {31, 28, 31, 30, 31, 30,
	                              31, 31, 30, 31, 30, 31};
	int max;

	if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1)
		return false;
	max = mdays[month - 1] + (month == 2 && leap_year(year));
	return day <= max;
}

void
br_quote_value(const char *s, char *out, size_t outlen)
{
	size_t i, n = 0;

	if (outlen == 0)
		return;
	for (i = 0; s[i] && n + 1 < outlen && i < 40; i++) {
		unsigned char c = (unsigned char)s[i];
		out[n++] = (c < 0x20 || c > 0x7e) ? '?' : (char)c;
	}
	out[n] = '\0';
	if (s[i] && outlen > 4) {
		if (n > outlen - 4)
			n = outlen - 4;
		memcpy(out + n, "...", 4);
	}
}

static int
digits(const char *s, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int
br_parse_date(const char *field, const char *s, int32_t *out,
              struct br_err *err)
{
	char q[48];
	int y, m, d;

	if (s == NULL)
		return br_error(err, BR_EINVAL, field, "%s is missing", field);
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' || digits(s, 4, &y) ||
	    digits(s + 5, 2, &m) || digits(s + 8, 2, &d))
		goto bad;
	if (!br_date_valid(y, m, d)) {
		br_quote_value(s, q, sizeof(q));
		return br_error(err, BR_EINVAL, field,
		                "%s '%s' is not a calendar date", field, q);
	}
	*out = br_days_from_civil(y, m, d);
	return 0;
bad:
	br_quote_value(s, q, sizeof(q));
	return br_error(err, BR_EINVAL, field,
	                "%s must be a date written YYYY-MM-DD, not '%s'", field,
	                q);
}

void
br_format_date(int32_t day, char out[BR_DATE_LEN])
{
	int y, m, d;

	br_civil_from_days(day, &y, &m, &d);
	if (y < 0 || y > 9999)
		y = 0;
	snprintf(out, BR_DATE_LEN, "%04d-%02d-%02d", y, m, d);
}

int
br_parse_clock(const char *field, const char *s, int *out, struct br_err *err)
{
	char q[48];
	int h, m;

	if (s == NULL)
		return br_error(err, BR_EINVAL, field, "%s is missing", field);
	if (strlen(s) != 5 || s[2] != ':' || digits(s, 2, &h) ||
	    digits(s + 3, 2, &m) || h > 23 || m > 59) {
		br_quote_value(s, q, sizeof(q));
		return br_error(err, BR_EINVAL, field,
		                "%s must be a clock time HH:MM from 00:00 to "
		                "23:59, not '%s'",
		                field, q);
	}
	*out = h * 60 + m;
	return 0;
}

void
br_format_clock(int minutes, char out[6])
{
	if (minutes < 0 || minutes > 1439)
		minutes = 0;
	snprintf(out, 6, "%02d:%02d", minutes / 60, minutes % 60);
}

int
br_parse_long(const char *field, const char *s, long min, long max, long *out,
              struct br_err *err)
{
	char q[48];
	char *end;
	long v;

	if (s == NULL)
		return br_error(err, BR_EINVAL, field, "%s is missing", field);
	errno = 0;
	v = strtol(s, &end, 10);
	if (end == s || *end != '\0' || errno == ERANGE || v < min || v > max ||
	    s[0] == ' ' || s[0] == '+') {
		br_quote_value(s, q, sizeof(q));
		return br_error(err, BR_EINVAL, field,
		                "%s must be a whole number from %ld to %ld, "
		                "not '%s'",
		                field, min, max, q);
	}
	*out = v;
	return 0;
}

int
br_parse_double(const char *field, const char *s, double min, double max,
                double *out, struct br_err *err)
{
	char q[48];
	char *end;
	double v;

	if (s == NULL)
		return br_error(err, BR_EINVAL, field, "%s is missing", field);
	errno = 0;
	v = strtod(s, &end);
	if (end == s || *end != '\0' || errno == ERANGE || !isfinite(v) ||
	    v < min || v > max || s[0] == ' ' || s[0] == '+') {
		br_quote_value(s, q, sizeof(q));
		return br_error(err, BR_EINVAL, field,
		                "%s must be a number from %g to %g, not '%s'",
		                field, min, max, q);
	}
	*out = v;
	return 0;
}

int
br_parse_enum(const char *field, const char *s, const char *const *names,
              int *out, struct br_err *err)
{
	char list[200] = "";
	char q[48];
	size_t n = 0;

	if (s == NULL)
		return br_error(err, BR_EINVAL, field, "%s is missing", field);
	for (int i = 0; names[i]; i++)
		if (strcmp(s, names[i]) == 0) {
			*out = i;
			return 0;
		}
	for (int i = 0; names[i] && n < sizeof(list); i++)
		n += (size_t)snprintf(list + n, sizeof(list) - n, "%s%s",
		                      i ? ", " : "", names[i]);
	br_quote_value(s, q, sizeof(q));
	return br_error(err, BR_EINVAL, field, "%s must be one of %s, not '%s'",
	                field, list, q);
}

int32_t
br_today_local(void)
{
	time_t now = time(NULL);
	struct tm tm;

	localtime_r(&now, &tm);
	return br_days_from_civil(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}
