/*
 * buf.c - the growing byte buffer (buf.h).
 */
#include "core/buf.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
br_buf_init(struct br_buf *b)
{
	memset(b, 0, sizeof(*b));
}

void
br_buf_free(struct br_buf *b)
{
	free(b->p);
	br_buf_init(b);
}

bool
br_buf_failed(const struct br_buf *b)
{
	return b->failed;
}

char *
br_buf_take(struct br_buf *b)
{
	char *p;

	if (b->failed) {
		br_buf_free(b);
		return NULL;
	}
	p = b->p ? b->p : calloc(1, 1);
	br_buf_init(b);
	return p;
}

static bool
reserve(struct br_buf *b, size_t n)
{
	size_t cap;
	char *p;

	if (b->failed)
		return false;
	if (b->len + n + 1 <= b->cap)
		return true;
	cap = b->cap ? b->cap : 4096;
	while (cap < b->len + n + 1)
		cap *= 2;
	p = realloc(b->p, cap);
	if (p == NULL) {
		b->failed = true;
		return false;
	}
	b->p = p;
	b->cap = cap;
	return true;
}

void
br_buf_add(struct br_buf *b, const char *s, size_t n)
{
	if (!reserve(b, n))
		return;
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void
br_buf_puts(struct br_buf *b, const char *s)
{
	br_buf_add(b, s, strlen(s));
}

void
br_buf_printf(struct br_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || !reserve(b, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void
br_buf_escape(struct br_buf *b, const char *s)
{
	const char *run = s;

	for (; *s; s++) {
		const char *rep = NULL;

		switch (*s) {
		case '&':
			rep = "&amp;";
			break;
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		case '"':
			rep = "&quot;";
			break;
		case '\'':
			rep = "&#39;";
			break;
		default:
			break;
		}
		if (rep) {
			br_buf_add(b, run, (size_t)(s - run));
			br_buf_puts(b, rep);
			run = s + 1;
		}
	}
	br_buf_add(b, run, (size_t)(s - run));
}

void
br_buf_num(struct br_buf *b, double v)
{
	char tmp[48];

	if (!isfinite(v))
		v = 0;
	snprintf(tmp, sizeof(tmp), "%.2f", v);
	br_buf_puts(b, strcmp(tmp, "-0.00") == 0 ? "0.00" : tmp);
}
