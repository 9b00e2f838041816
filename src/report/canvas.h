/*
 * canvas.h - the drawing surface the charts draw on.
 *
 * A chart (chart.h) is written once against these few primitives; svg.c
 * turns them into SVG text (byte-for-byte deterministic, checked against
 * golden files) and report_pdf.c into cairo calls for the PDF, so the
 * chart in the HTML report and in the PDF is the same drawing.
 *
 * Coordinates are in points of the chart's own box (0,0 top left), as
 * given to begin().  Colours are "#rrggbb" strings; NULL means none.
 */
#ifndef BR_REPORT_CANVAS_H
#define BR_REPORT_CANVAS_H

#include <stdbool.h>

struct br_style {
	const char *stroke; /* NULL: no outline */
	const char *fill;   /* NULL: no fill */
	double width;       /* stroke width */
	double opacity;     /* of the fill, 0-1; 0 is taken as 1 */
	bool dashed;
};

enum br_anchor { BR_ANCHOR_START, BR_ANCHOR_MIDDLE, BR_ANCHOR_END };

struct br_text_style {
	double size;
	const char *color;
	enum br_anchor anchor;
	bool bold;
};

struct br_canvas_ops {
	/* The chart's box and its accessible title (SVG <title>). */
	void (*begin)(void *ctx, double w, double h, const char *title);
	void (*end)(void *ctx);
	void (*line)(void *ctx, double x1, double y1, double x2, double y2,
	             const struct br_style *s);
	/* n points as x0,y0,x1,y1,... */
	void (*polyline)(void *ctx, const double *xy, int n,
	                 const struct br_style *s);
	void (*rect)(void *ctx, double x, double y, double w, double h,
	             const struct br_style *s);
	void (*circle)(void *ctx, double cx, double cy, double r,
	               const struct br_style *s);
	/* UTF-8 text with its baseline at y. */
	void (*text)(void *ctx, double x, double y, const char *s,
	             const struct br_text_style *t);
	/* A named place (a point on the body map): a circle as circle()
	 * draws it, whose name an SVG carries as the circle's <title>. */
	void (*marker)(void *ctx, double cx, double cy, double r,
	               const struct br_style *s, const char *name);
};

struct br_canvas {
	const struct br_canvas_ops *ops;
	void *ctx;
};

#endif
