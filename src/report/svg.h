/*
 * svg.h - the SVG writer: canvas primitives (canvas.h) as SVG text in a
 * buffer.  Hand-written rather than a library: every
 * number is written with a fixed "%.2f" and every text and attribute is
 * escaped, so the same chart is always the same bytes and can be checked
 * against a golden file.
 *
 * Memory: struct br_svg owns its buffer; br_svg_take() hands the text to
 * the caller, br_svg_free() releases it.
 */
#ifndef BR_REPORT_SVG_H
#define BR_REPORT_SVG_H

#include "core/buf.h"
#include "report/canvas.h"

struct br_svg {
	struct br_buf buf;
};

void br_svg_init(struct br_svg *svg);
void br_svg_free(struct br_svg *svg);
/* A canvas that writes into svg. */
struct br_canvas br_svg_canvas(struct br_svg *svg);
/* The SVG document, NUL-terminated (caller frees), or NULL when memory
 * ran out. */
char *br_svg_take(struct br_svg *svg);

#endif
