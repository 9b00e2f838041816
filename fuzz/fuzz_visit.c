/*
 * fuzz_visit.c - libFuzzer target for the outside input of visits: the
 * local date-time parser (core/visits.c, "--at" and "start") and the
 * iCalendar writer's escaping and folding of free text (core/ical.c: a
 * home visit's address lands in LOCATION).
 *
 * Input: arbitrary bytes, used both as a date-time and as TEXT.
 * Invariants: a parsed date-time formats back to the same text (with a
 * "T"); an error names the field; every iCalendar line ends with CRLF,
 * holds at most 75 octets and no bare CR or LF, and a fold never splits
 * a UTF-8 sequence.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/ical.h"
#include "core/visits.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_datetime(const char *s)
{
	struct br_err err = BR_ERR_INIT;
	char back[BR_DATETIME_LEN];
	int32_t day;
	int minute;

	if (br_parse_datetime("at", s, &day, &minute, &err) == 0) {
		br_format_datetime(br_local_minute(day, minute), back);
		if (strncmp(back, s, 10) != 0 || strcmp(back + 11, s + 11) != 0)
			abort();
	} else if (strcmp(err.field, "at") != 0 || err.msg[0] == '\0') {
		abort();
	}
}

static void
check_ical(const char *s)
{
	struct br_ical_buf b = {NULL, 0, 0, false};
	const char *p;

	br_ical_line(&b, "LOCATION", s, true);
	if (b.failed)
		return;
	for (p = b.s; *p;) {
		const char *end = strstr(p, "\r\n");

		if (end == NULL || end - p > BR_ICAL_LINE)
			abort();
		for (const char *q = p; q < end; q++)
			if (*q == '\r' || *q == '\n')
				abort();
		if (end[2] == ' ' && (end[3] & 0xC0) == 0x80)
			abort();
		p = end + 2;
	}
	free(b.s);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s;

	if (size > 4096)
		return 0;
	s = malloc(size + 1);
	if (s == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	check_datetime(s);
	check_ical(s);
	free(s);
	return 0;
}
