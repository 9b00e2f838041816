/*
 * report_text.c - the report as plain text for a terminal (see report.h):
 * the same page model as the HTML page and the PDF, each section's title,
 * its sentences wrapped to 78 columns, and each table row as one
 * paragraph ("Pain (0-10): before treatment 6.4 (7/7 d); latest ...").
 * No charts: the HTML and PDF formats carry them.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "report/report.h"
#include "report/report_internal.h"

#define TEXT_WIDTH 78

/* Columns of s (UTF-8 code points, one column each). */
static size_t
columns(const char *s, size_t n)
{
	size_t c = 0;

	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xC0) != 0x80;
	return c;
}

/* s wrapped to TEXT_WIDTH columns, each line starting with indent (the
 * first with first). */
static void
para(struct br_buf *b, const char *first, const char *indent, const char *s)
{
	size_t col = columns(first, strlen(first));
	size_t ind = columns(indent, strlen(indent));
	/* a space before the next word: after a word, or after a first
	 * part that does not end in one */
	bool space = first[0] && first[strlen(first) - 1] != ' ';

	br_buf_puts(b, first);
	while (*s) {
		size_t wl = strcspn(s, " "), w = columns(s, wl);

		if (col > ind && col + 1 + w > TEXT_WIDTH) {
			br_buf_puts(b, "\n");
			br_buf_puts(b, indent);
			col = ind;
		} else if (space) {
			br_buf_puts(b, " ");
			col++;
		}
		br_buf_add(b, s, wl);
		col += w;
		space = true;
		s += wl;
		while (*s == ' ')
			s++;
	}
	br_buf_puts(b, "\n");
}

static void
section(struct br_buf *b, const struct rp_section *s)
{
	char line[RP_COLS * (RP_CELL + 40)];

	br_buf_printf(b, "\n%s%s\n", s->title,
	              s->tone == RP_ALERT ? " (!)" : "");
	for (size_t i = 0; i < columns(s->title, strlen(s->title)); i++)
		br_buf_puts(b, "-");
	br_buf_puts(b, "\n");
	if (s->lead[0])
		para(b, "", "", s->lead);
	for (int r = 0; r < s->nrows; r++) {
		size_t len = 0;

		line[0] = '\0';
		for (int c = 1; c < s->ncols; c++) {
			const char *v = s->cell[r][c];

			if (!v[0] || strcmp(v, "-") == 0)
				continue;
			len += (size_t)snprintf(line + len, sizeof(line) - len,
			                        "%s%s: %s", len ? "; " : "",
			                        s->head[c], v);
			if (len >= sizeof(line))
				len = sizeof(line) - 1;
		}
		{
			char first[RP_CELL + 8];

			snprintf(first, sizeof(first), "  %s:", s->cell[r][0]);
			para(b, first, "      ", line);
		}
	}
	if (s->note[0])
		para(b, "  ", "  ", s->note);
}

char *
br_report_text(const json_t *report, struct br_err *err)
{
	struct rp_page *p = malloc(sizeof(*p));
	struct br_buf b;

	if (p == NULL) {
		br_error(err, BR_ENOMEM, "", "out of memory");
		return NULL;
	}
	rp_model(report, p);
	br_buf_init(&b);
	br_buf_printf(&b, "%s\n", p->title);
	para(&b, "", "", p->subtitle);
	for (int i = 0; i < p->nsec; i++)
		section(&b, &p->sec[i]);
	if (p->caveat[0]) {
		br_buf_puts(&b, "\n");
		para(&b, "", "", p->caveat);
	}
	free(p);
	if (br_buf_failed(&b)) {
		br_buf_free(&b);
		br_error(err, BR_ENOMEM, "", "out of memory");
		return NULL;
	}
	return br_buf_take(&b);
}
