/*
 * report_pdf.c - the visit summary as a one-page A4 PDF through cairo's
 * PDF surface (report.h; a Debian-packaged library, not a
 * browser).  It draws the same page model as the HTML page and the same
 * pain and sleep chart, through a cairo canvas (canvas.h).
 *
 * One page by construction: the page is shown once, and each table is
 * cut to the rows that fit the space budgeted for it, saying so.
 *
 * cairo and fontconfig are not linked: the first PDF loads them
 * (pdf_load, core/dl.h), and every call into them goes through a sym_
 * pointer.  Each call is made by the drawing that loaded them first, or
 * by br_report_release() when they were loaded.
 */
#include <cairo-pdf.h>
#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/dl.h"
#include "core/buf.h"
#include "report/report.h"
#include "report/report_internal.h"

#define PAGE_W   595.28
#define PAGE_H   841.89
#define MARGIN   36.0
#define BOTTOM   (PAGE_H - 40.0)
#define FONT     "DejaVu Sans"
#define ROW_H    10.5
#define PDF_ROWS 6    /* table rows drawn at most */
#define MAP_K    0.34 /* the body map's scale beside the treatments */
#define MAP_GAP  12.0

/* cairo and fontconfig, loaded at the first PDF ----------------------- */

static __typeof__(cairo_arc) *sym_cairo_arc;
static __typeof__(cairo_create) *sym_cairo_create;
static __typeof__(cairo_debug_reset_static_data)
        *sym_cairo_debug_reset_static_data;
static __typeof__(cairo_destroy) *sym_cairo_destroy;
static __typeof__(cairo_fill) *sym_cairo_fill;
static __typeof__(cairo_fill_preserve) *sym_cairo_fill_preserve;
static __typeof__(cairo_line_to) *sym_cairo_line_to;
static __typeof__(cairo_move_to) *sym_cairo_move_to;
static __typeof__(cairo_new_path) *sym_cairo_new_path;
static __typeof__(cairo_new_sub_path) *sym_cairo_new_sub_path;
static __typeof__(cairo_pdf_surface_create) *sym_cairo_pdf_surface_create;
static __typeof__(cairo_pdf_surface_create_for_stream)
        *sym_cairo_pdf_surface_create_for_stream;
static __typeof__(cairo_pdf_surface_set_metadata)
        *sym_cairo_pdf_surface_set_metadata;
static __typeof__(cairo_rectangle) *sym_cairo_rectangle;
static __typeof__(cairo_select_font_face) *sym_cairo_select_font_face;
static __typeof__(cairo_set_dash) *sym_cairo_set_dash;
static __typeof__(cairo_set_font_size) *sym_cairo_set_font_size;
static __typeof__(cairo_set_line_width) *sym_cairo_set_line_width;
static __typeof__(cairo_set_source_rgb) *sym_cairo_set_source_rgb;
static __typeof__(cairo_set_source_rgba) *sym_cairo_set_source_rgba;
static __typeof__(cairo_show_page) *sym_cairo_show_page;
static __typeof__(cairo_show_text) *sym_cairo_show_text;
static __typeof__(cairo_status) *sym_cairo_status;
static __typeof__(cairo_status_to_string) *sym_cairo_status_to_string;
static __typeof__(cairo_stroke) *sym_cairo_stroke;
static __typeof__(cairo_surface_destroy) *sym_cairo_surface_destroy;
static __typeof__(cairo_surface_finish) *sym_cairo_surface_finish;
static __typeof__(cairo_surface_status) *sym_cairo_surface_status;
static __typeof__(cairo_text_extents) *sym_cairo_text_extents;
static __typeof__(FcFini) *sym_FcFini;

static const struct br_dl_sym cairo_syms[] = {
        {BR_DL_SYM(cairo_arc)},
        {BR_DL_SYM(cairo_create)},
        {BR_DL_SYM(cairo_debug_reset_static_data)},
        {BR_DL_SYM(cairo_destroy)},
        {BR_DL_SYM(cairo_fill)},
        {BR_DL_SYM(cairo_fill_preserve)},
        {BR_DL_SYM(cairo_line_to)},
        {BR_DL_SYM(cairo_move_to)},
        {BR_DL_SYM(cairo_new_path)},
        {BR_DL_SYM(cairo_new_sub_path)},
        {BR_DL_SYM(cairo_pdf_surface_create)},
        {BR_DL_SYM(cairo_pdf_surface_create_for_stream)},
        {BR_DL_SYM(cairo_pdf_surface_set_metadata)},
        {BR_DL_SYM(cairo_rectangle)},
        {BR_DL_SYM(cairo_select_font_face)},
        {BR_DL_SYM(cairo_set_dash)},
        {BR_DL_SYM(cairo_set_font_size)},
        {BR_DL_SYM(cairo_set_line_width)},
        {BR_DL_SYM(cairo_set_source_rgb)},
        {BR_DL_SYM(cairo_set_source_rgba)},
        {BR_DL_SYM(cairo_show_page)},
        {BR_DL_SYM(cairo_show_text)},
        {BR_DL_SYM(cairo_status)},
        {BR_DL_SYM(cairo_status_to_string)},
        {BR_DL_SYM(cairo_stroke)},
        {BR_DL_SYM(cairo_surface_destroy)},
        {BR_DL_SYM(cairo_surface_finish)},
        {BR_DL_SYM(cairo_surface_status)},
        {BR_DL_SYM(cairo_text_extents)},
        {NULL, NULL},
};

static struct br_dl_lib cairo_lib = {
        .soname = "libcairo.so.2",
        .package = "libcairo2",
        .feature = "the PDF report",
        .syms = cairo_syms,
};

static const struct br_dl_sym fc_syms[] = {
        {BR_DL_SYM(FcFini)},
        {NULL, NULL},
};

static struct br_dl_lib fc_lib = {
        .soname = "libfontconfig.so.1",
        .package = "libfontconfig1",
        .feature = "the PDF report",
        .syms = fc_syms,
};

/* Loads both libraries (fontconfig first: cairo needs it, and its own
 * message names its own package). */
static int
pdf_load(struct br_err *err)
{
	int rc = br_dl_load(&fc_lib, err);

	return rc < 0 ? rc : br_dl_load(&cairo_lib, err);
}

/* Canvas backend: chart coordinates placed at (ox, oy), scaled. */
struct cairo_canvas {
	cairo_t *cr;
	double ox, oy, k;
};

static void
rgb(cairo_t *cr, const char *hex, double alpha)
{
	unsigned v = 0;

	if (hex && hex[0] == '#')
		sscanf(hex + 1, "%6x", &v);
	sym_cairo_set_source_rgba(cr, ((v >> 16) & 255) / 255.0,
	                          ((v >> 8) & 255) / 255.0, (v & 255) / 255.0,
	                          alpha);
}

static void
paint(struct cairo_canvas *c, const struct br_style *s)
{
	if (s->fill) {
		rgb(c->cr, s->fill, s->opacity > 0 ? s->opacity : 1);
		if (s->stroke)
			sym_cairo_fill_preserve(c->cr);
		else
			sym_cairo_fill(c->cr);
	}
	if (s->stroke) {
		static const double dash[] = {4, 3};

		rgb(c->cr, s->stroke, 1);
		sym_cairo_set_line_width(c->cr,
		                         (s->width > 0 ? s->width : 1) * c->k);
		sym_cairo_set_dash(c->cr, dash, s->dashed ? 2 : 0, 0);
		sym_cairo_stroke(c->cr);
	}
	sym_cairo_new_path(c->cr);
}

#define X(c, v) ((c)->ox + (v) * (c)->k)
#define Y(c, v) ((c)->oy + (v) * (c)->k)

static void
cv_begin(void *ctx, double w, double h, const char *title)
{
	(void)ctx;
	(void)w;
	(void)h;
	(void)title;
}

static void
cv_end(void *ctx)
{
	(void)ctx;
}

static void
cv_line(void *ctx, double x1, double y1, double x2, double y2,
        const struct br_style *s)
{
	struct cairo_canvas *c = ctx;

	sym_cairo_move_to(c->cr, X(c, x1), Y(c, y1));
	sym_cairo_line_to(c->cr, X(c, x2), Y(c, y2));
	paint(c, s);
}

static void
cv_polyline(void *ctx, const double *xy, int n, const struct br_style *s)
{
	struct cairo_canvas *c = ctx;

	if (n < 2)
		return;
	sym_cairo_move_to(c->cr, X(c, xy[0]), Y(c, xy[1]));
	for (int i = 1; i < n; i++)
		sym_cairo_line_to(c->cr, X(c, xy[2 * i]), Y(c, xy[2 * i + 1]));
	paint(c, s);
}

static void
cv_rect(void *ctx, double x, double y, double w, double h,
        const struct br_style *s)
{
	struct cairo_canvas *c = ctx;

	sym_cairo_rectangle(c->cr, X(c, x), Y(c, y), w * c->k, h * c->k);
	paint(c, s);
}

static void
cv_circle(void *ctx, double cx, double cy, double r, const struct br_style *s)
{
	struct cairo_canvas *c = ctx;

	sym_cairo_new_sub_path(c->cr);
	sym_cairo_arc(c->cr, X(c, cx), Y(c, cy), r * c->k, 0, 2 * M_PI);
	paint(c, s);
}

static void
text_at(cairo_t *cr, double x, double y, const char *s, double size,
        const char *color, enum br_anchor a, bool bold)
{
	cairo_text_extents_t e;

	sym_cairo_select_font_face(cr, FONT, CAIRO_FONT_SLANT_NORMAL,
	                           bold ? CAIRO_FONT_WEIGHT_BOLD
	                                : CAIRO_FONT_WEIGHT_NORMAL);
	sym_cairo_set_font_size(cr, size);
	sym_cairo_text_extents(cr, s, &e);
	if (a == BR_ANCHOR_MIDDLE)
		x -= e.x_advance / 2;
	else if (a == BR_ANCHOR_END)
		x -= e.x_advance;
	rgb(cr, color ? color : "#222222", 1);
	sym_cairo_move_to(cr, x, y);
	sym_cairo_show_text(cr, s);
	sym_cairo_new_path(cr);
}

static void
cv_text(void *ctx, double x, double y, const char *s,
        const struct br_text_style *t)
{
	struct cairo_canvas *c = ctx;

	text_at(c->cr, X(c, x), Y(c, y), s, t->size * c->k, t->color, t->anchor,
	        t->bold);
}

/* A PDF has no titles for shapes: the caption names the points. */
static void
cv_marker(void *ctx, double cx, double cy, double r, const struct br_style *s,
          const char *name)
{
	(void)name;
	cv_circle(ctx, cx, cy, r, s);
}

static const struct br_canvas_ops cairo_ops = {
        cv_begin, cv_end,    cv_line, cv_polyline,
        cv_rect,  cv_circle, cv_text, cv_marker,
};

/* Page text ---------------------------------------------------------- */

static double
width_of(cairo_t *cr, const char *s, double size, bool bold)
{
	cairo_text_extents_t e;

	sym_cairo_select_font_face(cr, FONT, CAIRO_FONT_SLANT_NORMAL,
	                           bold ? CAIRO_FONT_WEIGHT_BOLD
	                                : CAIRO_FONT_WEIGHT_NORMAL);
	sym_cairo_set_font_size(cr, size);
	sym_cairo_text_extents(cr, s, &e);
	return e.x_advance;
}

/* Draws s wrapped to width from (x, y); returns the y after it.  Stops
 * at BOTTOM. */
static double
wrap(cairo_t *cr, double x, double y, double width, const char *s, double size,
     const char *color, bool bold)
{
	char line[RP_TEXT * 2], try_[RP_TEXT * 2];
	double lh = size * 1.3;
	size_t ll = 0;

	line[0] = '\0';
	while (*s) {
		size_t wl = strcspn(s, " "), tl = ll;

		if (wl > RP_TEXT - 1)
			wl = RP_TEXT - 1;
		/* try_ = line + " " + word; both fit: ll < RP_TEXT, wl too */
		memcpy(try_, line, ll);
		if (ll)
			try_[tl++] = ' ';
		memcpy(try_ + tl, s, wl);
		tl += wl;
		try_[tl] = '\0';
		if (ll &&
		    (tl >= RP_TEXT || width_of(cr, try_, size, bold) > width)) {
			if (y + lh > BOTTOM)
				return y;
			text_at(cr, x, y + size, line, size, color,
			        BR_ANCHOR_START, bold);
			y += lh;
			memcpy(line, s, wl);
			ll = wl;
		} else {
			memcpy(line, try_, tl);
			ll = tl;
		}
		line[ll] = '\0';
		s += strcspn(s, " ");
		while (*s == ' ')
			s++;
	}
	if (ll && y + lh <= BOTTOM) {
		text_at(cr, x, y + size, line, size, color, BR_ANCHOR_START,
		        bold);
		y += lh;
	}
	return y;
}

/* A table of width w. */
static double
draw_table(cairo_t *cr, double y, const struct rp_section *s, double w)
{
	static const double w5[] = {0.17, 0.19, 0.19, 0.19, 0.26};
	double x0 = MARGIN;
	char cell[RP_CELL + 4];
	int rows = s->nrows < PDF_ROWS ? s->nrows : PDF_ROWS;

	if (s->nrows == 0)
		return y;
	for (int pass = 0; pass <= rows; pass++) {
		double x = x0, next = y + ROW_H;

		if (y + ROW_H > BOTTOM)
			return y;
		/* Each cell wrapped to its column, never cut: the row is as
		 * tall as its longest cell. */
		for (int c = 0; c < s->ncols; c++) {
			double cw =
			        w * (s->ncols == 5 ? w5[c] : 1.0 / s->ncols);
			double end = wrap(
			        cr, x, y + 0.5, cw - 4,
			        pass == 0 ? s->head[c] : s->cell[pass - 1][c],
			        7.5, pass == 0 ? "#555555" : "#222222",
			        pass == 0);

			if (end + 1.5 > next)
				next = end + 1.5;
			x += cw;
		}
		y = next;
		sym_cairo_set_source_rgb(cr, 0.92, 0.92, 0.92);
		sym_cairo_set_line_width(cr, 0.4);
		sym_cairo_move_to(cr, x0, y - 1.5);
		sym_cairo_line_to(cr, x0 + w, y - 1.5);
		sym_cairo_stroke(cr);
	}
	if (s->nrows > rows) {
		snprintf(cell, sizeof(cell),
		         "... and %d more (see the HTML "
		         "or JSON report)",
		         s->nrows - rows);
		text_at(cr, x0, y + 8, cell, 7, "#666666", BR_ANCHOR_START,
		        false);
		y += ROW_H;
	}
	return y;
}

/* The section's title and rule across the page, its text and table w
 * wide (less than the page beside a picture). */
static double
draw_section(cairo_t *cr, double y, const struct rp_section *s, double tw)
{
	double w = PAGE_W - 2 * MARGIN;

	if (y + 24 > BOTTOM)
		return y;
	y += 6;
	text_at(cr, MARGIN, y + 10, s->title, 10.5,
	        s->tone == RP_ALERT ? "#a93226" : "#222222", BR_ANCHOR_START,
	        true);
	y += 13;
	rgb(cr,
	    s->tone == RP_GOOD    ? "#27ae60"
	    : s->tone == RP_WARN  ? "#e67e22"
	    : s->tone == RP_ALERT ? "#c0392b"
	                          : "#cccccc",
	    1);
	sym_cairo_set_line_width(cr, s->tone == RP_ALERT ? 2 : 0.8);
	sym_cairo_set_dash(cr, NULL, 0, 0);
	sym_cairo_move_to(cr, MARGIN, y);
	sym_cairo_line_to(cr, MARGIN + w, y);
	sym_cairo_stroke(cr);
	y += 3;
	if (s->lead[0])
		y = wrap(cr, MARGIN, y, tw, s->lead, 8.5,
		         s->tone == RP_ALERT ? "#a93226" : "#222222",
		         s->tone == RP_ALERT);
	y = draw_table(cr, y + 1, s, tw);
	if (s->note[0])
		y = wrap(cr, MARGIN, y + 1, tw, s->note, 7, "#555555", false);
	return y;
}

/* Room the sections after index from need at most. */
static double
reserve(const struct rp_page *p, int from)
{
	double r = 40;

	for (int i = from; i < p->nsec; i++) {
		int rows =
		        p->sec[i].nrows < PDF_ROWS ? p->sec[i].nrows : PDF_ROWS;

		r += 34 + (rows ? (rows + 2) * ROW_H : 0) +
		     (p->sec[i].note[0] ? 30 : 0);
		/* The body map beside the treatments, and its caption. */
		if (strcmp(p->sec[i].id, "treatments") == 0 &&
		    p->map_caption[0])
			r += 40;
	}
	return r + (p->caveat[0] ? 30 : 0);
}

/* Questionnaire trajectories with the MCID band, up to 3 in a row, when
 * the rest of the page still fits under them. */
static double
draw_trajectories(cairo_t *cr, double y, const struct rp_charts *c,
                  double need_after)
{
	const double k = 0.55;
	int n = 0;

	for (int i = 0; i < c->ninstr && n < 3; i++) {
		struct cairo_canvas cc = {cr, MARGIN + n * (310 * k + 6), y + 4,
		                          k};
		struct br_canvas cv = {&cairo_ops, &cc};

		if (c->instr[i].n == 0)
			continue;
		if (y + 4 + 170 * k + need_after > BOTTOM)
			return y;
		br_chart_instrument(&cv, &c->instr[i]);
		n++;
	}
	return n ? y + 4 + 170 * k : y;
}

/* Draws the page on surf (a PDF surface of PAGE_W x PAGE_H), finishes
 * and destroys it. */
static int
draw_pdf(const json_t *report, cairo_surface_t *surf, struct br_err *err)
{
	struct rp_page *p = malloc(sizeof(*p));
	struct rp_charts charts;
	cairo_t *cr;
	cairo_status_t st;
	double y;

	if (p == NULL) {
		sym_cairo_surface_destroy(surf);
		return br_error(err, BR_ENOMEM, "", "out of memory");
	}
	if (rp_charts(report, &charts) < 0) {
		free(p);
		sym_cairo_surface_destroy(surf);
		return br_error(err, BR_ENOMEM, "", "out of memory");
	}
	rp_model(report, p);
	cr = sym_cairo_create(surf);
	sym_cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_TITLE,
	                                   p->title);
	sym_cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATOR,
	                                   "backrest");
	text_at(cr, MARGIN, 48, p->title, 15, "#222222", BR_ANCHOR_START, true);
	y = wrap(cr, MARGIN, 54, PAGE_W - 2 * MARGIN, p->subtitle, 8.5,
	         "#555555", false);
	for (int i = 0; i < p->nsec; i++) {
		const double full = PAGE_W - 2 * MARGIN;
		const struct br_bodymap *bm = charts.bodymap.map;
		/* The treatments' body map, on the right of their text, when
		 * the page still has room for it. */
		bool map = strcmp(p->sec[i].id, "treatments") == 0 &&
		           charts.bodymap.n > 0 &&
		           y + 22 + bm->height * MAP_K + 40 < BOTTOM;
		double mapw = map ? bm->width * MAP_K : 0;
		double tw = map ? full - mapw - MAP_GAP : full, top = y;

		y = draw_section(cr, y, &p->sec[i], tw);
		if (map) {
			struct cairo_canvas cc = {cr, PAGE_W - MARGIN - mapw,
			                          top + 24, MAP_K};
			struct br_canvas cv = {&cairo_ops, &cc};

			br_chart_bodymap(&cv, &charts.bodymap);
			y = wrap(cr, MARGIN, y + 2, tw, p->map_caption, 7,
			         "#555555", false);
		}
		if (strcmp(p->sec[i].id, "trend") == 0 && y + 210 < BOTTOM) {
			struct cairo_canvas cc = {cr, MARGIN + 20, y + 4, 0.68};
			struct br_canvas cv = {&cairo_ops, &cc};

			br_chart_pain_sleep(&cv, &charts.diary);
			y += 300 * cc.k + 6;
		}
		if (strcmp(p->sec[i].id, "trend") == 0 && charts.device &&
		    y + 130 < BOTTOM) {
			struct cairo_canvas cc = {cr, MARGIN + 20, y + 2, 0.68};
			struct br_canvas cv = {&cairo_ops, &cc};

			br_chart_sleep_time(&cv, &charts.diary);
			y += 170 * cc.k + 4;
		}
		if (strcmp(p->sec[i].id, "questionnaires") == 0)
			y = draw_trajectories(cr, y, &charts,
			                      reserve(p, i + 1));
		if (strcmp(p->sec[i].id, "treatments") == 0 && p->caveat[0])
			y = wrap(cr, MARGIN + 6, y + 2, tw - 6, p->caveat, 7,
			         "#5b2c6f", false);
		if (map && y < top + 24 + bm->height * MAP_K + 4)
			y = top + 24 + bm->height * MAP_K + 4;
	}
	text_at(cr, MARGIN, PAGE_H - 24, p->generated, 7, "#777777",
	        BR_ANCHOR_START, false);
	text_at(cr, PAGE_W - MARGIN, PAGE_H - 24,
	        "Figures are from the patient's own diary and questionnaires.",
	        7, "#777777", BR_ANCHOR_END, false);
	sym_cairo_show_page(cr);
	st = sym_cairo_status(cr);
	sym_cairo_destroy(cr);
	sym_cairo_surface_finish(surf);
	if (st == CAIRO_STATUS_SUCCESS)
		st = sym_cairo_surface_status(surf);
	sym_cairo_surface_destroy(surf);
	rp_charts_free(&charts);
	free(p);
	if (st != CAIRO_STATUS_SUCCESS)
		return br_error(err, BR_EIO, "out", "cannot write the PDF: %s",
		                sym_cairo_status_to_string(st));
	return 0;
}

int
br_report_pdf(const json_t *report, const char *path, struct br_err *err)
{
	int rc = pdf_load(err);

	if (rc < 0)
		return rc;
	return draw_pdf(report,
	                sym_cairo_pdf_surface_create(path, PAGE_W, PAGE_H),
	                err);
}

static cairo_status_t
to_buf(void *closure, const unsigned char *data, unsigned int len)
{
	struct br_buf *b = closure;

	br_buf_add(b, (const char *)data, len);
	return br_buf_failed(b) ? CAIRO_STATUS_NO_MEMORY : CAIRO_STATUS_SUCCESS;
}

int
br_report_pdf_mem(const json_t *report, unsigned char **out, size_t *len,
                  struct br_err *err)
{
	/* One PDF at a time per process: the drawing goes through cairo's
	 * and fontconfig's shared font caches. */
	static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	struct br_buf b;
	int rc;

	*out = NULL;
	*len = 0;
	rc = pdf_load(err);
	if (rc < 0)
		return rc;
	br_buf_init(&b);
	pthread_mutex_lock(&lock);
	rc = draw_pdf(report,
	              sym_cairo_pdf_surface_create_for_stream(to_buf, &b,
	                                                      PAGE_W, PAGE_H),
	              err);
	pthread_mutex_unlock(&lock);
	if (rc == 0 && br_buf_failed(&b))
		rc = br_error(err, BR_ENOMEM, "", "out of memory");
	if (rc < 0) {
		br_buf_free(&b);
		return rc;
	}
	*len = b.len;
	*out = (unsigned char *)br_buf_take(&b);
	return *out ? 0 : br_error(err, BR_ENOMEM, "", "out of memory");
}

void
br_report_release(void)
{
	/* Nothing to release when no PDF was drawn: never load them here. */
	if (br_dl_loaded(&cairo_lib))
		sym_cairo_debug_reset_static_data();
	if (br_dl_loaded(&fc_lib))
		sym_FcFini();
}
