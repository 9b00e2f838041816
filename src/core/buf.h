/*
 * buf.h - a growing byte buffer for the writers of text (SVG, HTML, mail).
 *
 * Appends never fail visibly: on allocation failure the buffer is marked
 * failed, further appends are ignored, and the caller checks
 * br_buf_failed() once at the end.  Memory: the buffer owns p; release
 * it with br_buf_free() (or take it with br_buf_take()).
 */
#ifndef BR_CORE_BUF_H
#define BR_CORE_BUF_H

#include <stdbool.h>
#include <stddef.h>

struct br_buf {
	char *p; /* NUL-terminated when len > 0 */
	size_t len, cap;
	bool failed;
};

void br_buf_init(struct br_buf *b);
void br_buf_free(struct br_buf *b);
/* The bytes, NUL-terminated ("" when empty); ownership passes to the
 * caller (free()), and b is empty again.  NULL when the buffer failed. */
char *br_buf_take(struct br_buf *b);
bool br_buf_failed(const struct br_buf *b);

void br_buf_add(struct br_buf *b, const char *s, size_t n);
void br_buf_puts(struct br_buf *b, const char *s);
void br_buf_printf(struct br_buf *b, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));
/* s with & < > " ' written as character references: safe in XML and
 * HTML text and in double- or single-quoted attribute values. */
void br_buf_escape(struct br_buf *b, const char *s);
/* A coordinate or size: fixed "%.2f", with "-0.00" written "0.00" so the
 * output is the same on every platform. */
void br_buf_num(struct br_buf *b, double v);

#endif
