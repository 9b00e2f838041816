/*
 * ical.c - iCalendar output: escaping, folding, events (see ical.h).
 */
#include "core/ical.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/parse.h"
#include "core/utf8.h"

static void
put(struct br_ical_buf *b, const char *s, size_t n)
{
	if (b->failed)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 1024;
		char *p;

		while (cap < b->len + n + 1)
			cap *= 2;
		p = realloc(b->s, cap);
		if (p == NULL) {
			b->failed = true;
			return;
		}
		b->s = p;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

/* The current content line: folded as it is written. */
struct line {
	struct br_ical_buf *b;
	size_t used; /* octets on the current physical line */
};

/* Writes one character of n octets, folding first when it would not fit. */
static void
emit(struct line *l, const char *s, size_t n)
{
	if (l->used + n > BR_ICAL_LINE) {
		put(l->b, "\r\n ", 3);
		l->used = 1;
	}
	put(l->b, s, n);
	l->used += n;
}

void
br_ical_line(struct br_ical_buf *b, const char *name, const char *value,
             bool text)
{
	struct line l = {b, 0};
	size_t n = strlen(value);

	for (const char *p = name; *p; p++)
		emit(&l, p, 1);
	emit(&l, ":", 1);
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)value[i];
		size_t len = 1;

		if (c >= 0x80) {
			if (br_utf8_decode(value + i, n - i, &len) < 0) {
				emit(&l, "?", 1);
				i++;
				continue;
			}
			emit(&l, value + i, len);
			i += len;
			continue;
		}
		i++;
		if (c == '\r' && text && i < n && value[i] == '\n')
			continue; /* CRLF: the LF is written below */
		if (text && c == '\n') {
			emit(&l, "\\n", 2);
		} else if (text && (c == '\\' || c == ';' || c == ',')) {
			char esc[2] = {'\\', (char)c};

			emit(&l, esc, 2);
		} else if (c < 0x20 || c == 0x7f) {
			emit(&l, " ", 1);
		} else {
			emit(&l, (const char *)&value[i - 1], 1);
		}
	}
	put(b, "\r\n", 2);
}

void
br_ical_utc(int64_t t, char out[17])
{
	int64_t days = t / 86400, secs = t % 86400;
	char tmp[64];
	int y, m, d;

	if (secs < 0) {
		secs += 86400;
		days--;
	}
	br_civil_from_days((int32_t)days, &y, &m, &d);
	snprintf(tmp, sizeof(tmp), "%04d%02d%02dT%02d%02d%02dZ", y % 10000, m,
	         d, (int)(secs / 3600), (int)(secs / 60 % 60),
	         (int)(secs % 60));
	snprintf(out, 17, "%.16s", tmp);
}

static void
text_opt(struct br_ical_buf *b, const char *name, const char *value)
{
	if (value && value[0])
		br_ical_line(b, name, value, true);
}

int
br_ical_calendar(const char *name, const struct br_ical_event *events, size_t n,
                 char **out, size_t *len, struct br_err *err)
{
	struct br_ical_buf b = {NULL, 0, 0, false};
	char t[17], uid[48];

	br_ical_line(&b, "BEGIN", "VCALENDAR", false);
	br_ical_line(&b, "VERSION", "2.0", false);
	br_ical_line(&b, "PRODID", "-//backrest//visits//EN", false);
	br_ical_line(&b, "CALSCALE", "GREGORIAN", false);
	br_ical_line(&b, "METHOD", "PUBLISH", false);
	text_opt(&b, "X-WR-CALNAME", name);
	for (size_t i = 0; i < n; i++) {
		const struct br_ical_event *e = &events[i];

		br_ical_line(&b, "BEGIN", "VEVENT", false);
		snprintf(uid, sizeof(uid), "visit-%lld@backrest",
		         (long long)e->id);
		br_ical_line(&b, "UID", uid, false);
		br_ical_utc(e->stamp_utc, t);
		br_ical_line(&b, "DTSTAMP", t, false);
		br_ical_line(&b, "LAST-MODIFIED", t, false);
		br_ical_utc(e->start_utc, t);
		br_ical_line(&b, "DTSTART", t, false);
		br_ical_utc(e->start_utc + (int64_t)e->minutes * 60, t);
		br_ical_line(&b, "DTEND", t, false);
		text_opt(&b, "SUMMARY", e->summary);
		text_opt(&b, "LOCATION", e->location);
		text_opt(&b, "DESCRIPTION", e->description);
		br_ical_line(&b, "STATUS",
		             e->cancelled ? "CANCELLED" : "CONFIRMED", false);
		br_ical_line(&b, "TRANSP", "OPAQUE", false);
		br_ical_line(&b, "END", "VEVENT", false);
	}
	br_ical_line(&b, "END", "VCALENDAR", false);
	if (b.failed) {
		free(b.s);
		return br_error(err, BR_ENOMEM, "", "out of memory");
	}
	*out = b.s;
	*len = b.len;
	return 0;
}
