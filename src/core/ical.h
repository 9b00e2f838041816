/*
 * ical.h - iCalendar (RFC 5545) output for the visit calendar feeds.
 *
 * What is written: a VCALENDAR (VERSION 2.0, PRODID, CALSCALE GREGORIAN,
 * METHOD PUBLISH, X-WR-CALNAME) with one VEVENT per visit: UID (stable per
 * visit), DTSTAMP and LAST-MODIFIED (when the visit last changed),
 * DTSTART and DTEND in UTC ("Z" form, so no VTIMEZONE is needed),
 * SUMMARY, LOCATION, DESCRIPTION, STATUS (CONFIRMED or CANCELLED) and
 * TRANSP OPAQUE.  Every content line ends with CRLF and is folded at 75
 * octets (RFC 5545 3.1) without splitting a UTF-8 sequence; TEXT values
 * escape backslash, semicolon, comma and newline (3.3.11); other control
 * characters become spaces and invalid UTF-8 bytes become '?'.
 *
 * Pure apart from the output buffer, which grows with realloc: the caller
 * frees *out.
 */
#ifndef BR_CORE_ICAL_H
#define BR_CORE_ICAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

#define BR_ICAL_LINE 75 /* octets of a content line before folding */

struct br_ical_event {
	int64_t id;          /* UID: "visit-<id>@backrest" */
	int64_t start_utc;   /* seconds since 1970-01-01T00:00:00Z */
	int minutes;         /* duration */
	int64_t stamp_utc;   /* DTSTAMP and LAST-MODIFIED */
	const char *summary; /* TEXT; NULL or "" to leave out */
	const char *location;
	const char *description;
	bool cancelled; /* STATUS:CANCELLED, else CONFIRMED */
};

/* A growing output buffer; failed is set when memory ran out. */
struct br_ical_buf {
	char *s;
	size_t len, cap;
	bool failed;
};

/* Appends "NAME:VALUE" + CRLF, folded; with text, value is escaped as
 * TEXT, else written as is (control bytes still become spaces). */
void br_ical_line(struct br_ical_buf *b, const char *name, const char *value,
                  bool text);

/* Writes "YYYYMMDDTHHMMSSZ" for a UTC time. */
void br_ical_utc(int64_t t, char out[17]);

/* The whole calendar named name with events[0..n).  *out is NUL-terminated
 * (len excludes the NUL); BR_ENOMEM on failure. */
int br_ical_calendar(const char *name, const struct br_ical_event *events,
                     size_t n, char **out, size_t *len, struct br_err *err);

#endif
