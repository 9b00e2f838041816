/*
 * jsonw.c - the JSON text writer (see jsonw.h).
 */
#include "core/jsonw.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
br_jw_init(struct br_jw *w, size_t hint)
{
	memset(w, 0, sizeof(*w));
	w->cap = hint ? hint : 4096;
	w->buf = malloc(w->cap);
	if (w->buf == NULL) {
		w->cap = 0;
		w->failed = true;
	}
}

void
br_jw_free(struct br_jw *w)
{
	free(w->buf);
	memset(w, 0, sizeof(*w));
	w->failed = true;
}

/* Room for n more bytes and the NUL. */
static bool
reserve(struct br_jw *w, size_t n)
{
	size_t cap;
	char *p;

	if (w->failed)
		return false;
	if (w->len + n + 1 <= w->cap)
		return true;
	cap = w->cap ? w->cap : 4096;
	while (cap < w->len + n + 1) {
		if (cap > SIZE_MAX / 2) {
			w->failed = true;
			return false;
		}
		cap *= 2;
	}
	p = realloc(w->buf, cap);
	if (p == NULL) {
		w->failed = true;
		return false;
	}
	w->buf = p;
	w->cap = cap;
	return true;
}

void
br_jw_raw(struct br_jw *w, const char *s, size_t n)
{
	if (!reserve(w, n))
		return;
	memcpy(w->buf + w->len, s, n);
	w->len += n;
}

/* Length of the UTF-8 sequence at s (at most lim bytes) and its code
 * point, or 0 when it is not valid UTF-8 (jansson's utf8_check_full:
 * no overlong forms, no surrogates, nothing above U+10FFFF). */
static size_t
utf8_seq(const unsigned char *s, size_t lim, int32_t *cp)
{
	unsigned char c = s[0];
	size_t n;
	int32_t v;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c < 0xC2)
		return 0;
	if (c < 0xE0) {
		n = 2;
		v = c & 0x1F;
	} else if (c < 0xF0) {
		n = 3;
		v = c & 0x0F;
	} else if (c < 0xF5) {
		n = 4;
		v = c & 0x07;
	} else {
		return 0;
	}
	if (n > lim)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3F);
	}
	if ((n == 3 && v < 0x800) || (n == 4 && v < 0x10000) || v > 0x10FFFF ||
	    (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return n;
}

void
br_jw_str(struct br_jw *w, const char *s, bool empty_null)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p = (const unsigned char *)s;
	size_t len, start = 0, i = 0;

	if (s == NULL || (empty_null && s[0] == '\0')) {
		br_jw_raw(w, "null", 4);
		return;
	}
	len = strlen(s);
	/* At most 6 bytes out per byte in ("\u001F"), and the quotes. */
	if (!reserve(w, 6 * len + 2))
		return;
	w->buf[w->len++] = '"';
	while (i < len) {
		int32_t cp;
		size_t n = utf8_seq(p + i, len - i, &cp);
		char esc = 0;

		if (n == 0) {
			w->failed = w->bad_utf8 = true;
			return;
		}
		if (cp != '"' && cp != '\\' && cp >= 0x20) {
			i += n;
			continue;
		}
		memcpy(w->buf + w->len, s + start, i - start);
		w->len += i - start;
		switch (cp) {
		case '"':
			esc = '"';
			break;
		case '\\':
			esc = '\\';
			break;
		case '\b':
			esc = 'b';
			break;
		case '\f':
			esc = 'f';
			break;
		case '\n':
			esc = 'n';
			break;
		case '\r':
			esc = 'r';
			break;
		case '\t':
			esc = 't';
			break;
		}
		w->buf[w->len++] = '\\';
		if (esc) {
			w->buf[w->len++] = esc;
		} else {
			memcpy(w->buf + w->len, "u00", 3);
			w->buf[w->len + 3] = hex[(cp >> 4) & 0xF];
			w->buf[w->len + 4] = hex[cp & 0xF];
			w->len += 5;
		}
		i += n;
		start = i;
	}
	memcpy(w->buf + w->len, s + start, i - start);
	w->len += i - start;
	w->buf[w->len++] = '"';
}

void
br_jw_int(struct br_jw *w, long long v)
{
	char tmp[24];
	size_t n = 0;
	unsigned long long u =
	        v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;

	do {
		tmp[sizeof(tmp) - 1 - n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		tmp[sizeof(tmp) - 1 - n++] = '-';
	br_jw_raw(w, tmp + sizeof(tmp) - n, n);
}

void
br_jw_tenths(struct br_jw *w, double v)
{
	char tmp[40];
	int n;

	if (v >= 0 && v < 1e9) {
		long long k = llround(v * 10.0);

		if ((double)k / 10.0 == v) {
			br_jw_int(w, k / 10);
			tmp[0] = '.';
			tmp[1] = (char)('0' + k % 10);
			br_jw_raw(w, tmp, 2);
			return;
		}
	}
	/* jansson's own rule: "%.10g", ".0" when it reads as an integer,
	 * no "+" and no leading zeros in the exponent. */
	n = snprintf(tmp, sizeof(tmp), "%.10g", v);
	if (n < 0 || (size_t)n >= sizeof(tmp) - 3) {
		w->failed = true;
		return;
	}
	if (strchr(tmp, '.') == NULL && strchr(tmp, 'e') == NULL) {
		memcpy(tmp + n, ".0", 3);
		n += 2;
	}
	{
		char *e = strchr(tmp, 'e');

		if (e) {
			char *start = e + 1, *end = e + 2;

			if (*start == '-')
				start++;
			while (*end == '0')
				end++;
			if (end != start) {
				memmove(start, end,
				        (size_t)(tmp + n - end) + 1);
				n -= (int)(end - start);
			}
		}
	}
	br_jw_raw(w, tmp, (size_t)n);
}

char *
br_jw_take(struct br_jw *w, size_t *len)
{
	char *text;

	if (w->failed || !reserve(w, 0)) {
		br_jw_free(w);
		return NULL;
	}
	w->buf[w->len] = '\0';
	text = w->buf;
	if (len)
		*len = w->len;
	memset(w, 0, sizeof(*w));
	return text;
}
