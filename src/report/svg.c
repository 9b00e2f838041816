/*
 * svg.c - canvas primitives written as SVG 1.1 text (svg.h).
 *
 * One element per line, attributes in a fixed order, numbers "%.2f".
 */
#include "report/svg.h"

#include <stdio.h>

#define FONT "DejaVu Sans, Verdana, Arial, sans-serif"

void
br_svg_init(struct br_svg *svg)
{
	br_buf_init(&svg->buf);
}

void
br_svg_free(struct br_svg *svg)
{
	br_buf_free(&svg->buf);
}

char *
br_svg_take(struct br_svg *svg)
{
	return br_buf_take(&svg->buf);
}

static void
attr(struct br_buf *b, const char *name, const char *value)
{
	br_buf_printf(b, " %s=\"", name);
	br_buf_escape(b, value);
	br_buf_puts(b, "\"");
}

static void
num_attr(struct br_buf *b, const char *name, double v)
{
	br_buf_printf(b, " %s=\"", name);
	br_buf_num(b, v);
	br_buf_puts(b, "\"");
}

static void
style_attrs(struct br_buf *b, const struct br_style *s)
{
	attr(b, "fill", s->fill ? s->fill : "none");
	if (s->fill && s->opacity > 0 && s->opacity < 1)
		num_attr(b, "fill-opacity", s->opacity);
	attr(b, "stroke", s->stroke ? s->stroke : "none");
	if (s->stroke) {
		num_attr(b, "stroke-width", s->width > 0 ? s->width : 1);
		if (s->dashed)
			attr(b, "stroke-dasharray", "4 3");
	}
}

static void
svg_begin(void *ctx, double w, double h, const char *title)
{
	struct br_buf *b = &((struct br_svg *)ctx)->buf;

	br_buf_puts(b, "<svg xmlns=\"http://www.w3.org/2000/svg\"");
	num_attr(b, "width", w);
	num_attr(b, "height", h);
	br_buf_puts(b, " viewBox=\"0 0 ");
	br_buf_num(b, w);
	br_buf_puts(b, " ");
	br_buf_num(b, h);
	br_buf_puts(b, "\"");
	attr(b, "font-family", FONT);
	br_buf_puts(b, " role=\"img\">\n<title>");
	br_buf_escape(b, title ? title : "");
	br_buf_puts(b, "</title>\n");
}

static void
svg_end(void *ctx)
{
	br_buf_puts(&((struct br_svg *)ctx)->buf, "</svg>\n");
}

static void
svg_line(void *ctx, double x1, double y1, double x2, double y2,
         const struct br_style *s)
{
	struct br_buf *b = &((struct br_svg *)ctx)->buf;

	br_buf_puts(b, "<line");
	num_attr(b, "x1", x1);
	num_attr(b, "y1", y1);
	num_attr(b, "x2", x2);
	num_attr(b, "y2", y2);
	style_attrs(b, s);
	br_buf_puts(b, "/>\n");
}

static void
svg_polyline(void *ctx, const double *xy, int n, const struct br_style *s)
{
	struct br_buf *b = &((struct br_svg *)ctx)->buf;

	if (n < 2)
		return;
	br_buf_puts(b, "<polyline points=\"");
	for (int i = 0; i < n; i++) {
		if (i)
			br_buf_puts(b, " ");
		br_buf_num(b, xy[2 * i]);
		br_buf_puts(b, ",");
		br_buf_num(b, xy[2 * i + 1]);
	}
	br_buf_puts(b, "\"");
	style_attrs(b, s);
	br_buf_puts(b, "/>\n");
}

static void
svg_rect(void *ctx, double x, double y, double w, double h,
         const struct br_style *s)
{
	struct br_buf *b = &((struct br_svg *)ctx)->buf;

	br_buf_puts(b, "<rect");
	num_attr(b, "x", x);
	num_attr(b, "y", y);
	num_attr(b, "width", w);
	num_attr(b, "height", h);
	style_attrs(b, s);
	br_buf_puts(b, "/>\n");
}

static void
svg_circle(void *ctx, double cx, double cy, double r, const struct br_style *s)
{
	struct br_buf *b = &((struct br_svg *)ctx)->buf;

	br_buf_puts(b, "<circle");
	num_attr(b, "cx", cx);
	num_attr(b, "cy", cy);
	num_attr(b, "r", r);
	style_attrs(b, s);
	br_buf_puts(b, "/>\n");
}

static void
svg_text(void *ctx, double x, double y, const char *s,
         const struct br_text_style *t)
{
	static const char *const anchors[] = {"start", "middle", "end"};
	struct br_buf *b = &((struct br_svg *)ctx)->buf;

	br_buf_puts(b, "<text");
	num_attr(b, "x", x);
	num_attr(b, "y", y);
	num_attr(b, "font-size", t->size);
	attr(b, "fill", t->color ? t->color : "#000000");
	if (t->anchor != BR_ANCHOR_START)
		attr(b, "text-anchor", anchors[t->anchor]);
	if (t->bold)
		attr(b, "font-weight", "bold");
	br_buf_puts(b, ">");
	br_buf_escape(b, s);
	br_buf_puts(b, "</text>\n");
}

static void
svg_marker(void *ctx, double cx, double cy, double r, const struct br_style *s,
           const char *name)
{
	struct br_buf *b = &((struct br_svg *)ctx)->buf;

	br_buf_puts(b, "<circle");
	num_attr(b, "cx", cx);
	num_attr(b, "cy", cy);
	num_attr(b, "r", r);
	style_attrs(b, s);
	br_buf_puts(b, "><title>");
	br_buf_escape(b, name ? name : "");
	br_buf_puts(b, "</title></circle>\n");
}

static const struct br_canvas_ops svg_ops = {
        svg_begin, svg_end,    svg_line, svg_polyline,
        svg_rect,  svg_circle, svg_text, svg_marker,
};

struct br_canvas
br_svg_canvas(struct br_svg *svg)
{
	struct br_canvas c = {&svg_ops, svg};

	return c;
}
