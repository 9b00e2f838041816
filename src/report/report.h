/*
 * report.h - the one-page visit summary drawn from the report document
 * (app/outcome.h, br_app_report): as self-contained HTML with print CSS,
 * or as a one-page A4 PDF through cairo.  Both draw the same page model
 * (report_model.c) and the same charts (chart.h), so they cannot differ.
 *
 * Memory: br_report_html() returns a NUL-terminated string the caller
 * frees; br_report_pdf() writes a file, br_report_pdf_mem() returns a
 * buffer the caller frees.
 */
#ifndef BR_REPORT_REPORT_H
#define BR_REPORT_REPORT_H

#include <jansson.h>

#include "core/err.h"
#include "model/requests.h"

/* The formats of the report; br_report_formats (model/requests.h) names
 * them in this order. */
enum br_report_format { BR_REPORT_JSON, BR_REPORT_HTML, BR_REPORT_PDF };

/* The report in one format: the document as indented JSON text, the HTML
 * page or the PDF.  bytes (len of them; NUL-terminated but for a PDF) is
 * the caller's to free(); media_type and ext are static.  The one
 * dispatch the command line and the API both call. */
struct br_report_doc {
	char *bytes;
	size_t len;
	const char *media_type; /* "application/json", "text/html; ..." */
	const char *ext;        /* "json", "html", "pdf" */
};
int br_report_render(const json_t *report, enum br_report_format format,
                     struct br_report_doc *out, struct br_err *err);

/* The HTML page; NULL with err filled when it cannot be made. */
char *br_report_html(const json_t *report, struct br_err *err);

/* The report as plain text for a terminal: the page's sections, their
 * sentences and tables in words, wrapped to 78 columns, no charts; NULL
 * with err filled when out of memory.  The caller frees. */
char *br_report_text(const json_t *report, struct br_err *err);

/* Writes the PDF (one A4 page) to path. */
int br_report_pdf(const json_t *report, const char *path, struct br_err *err);

/* The same PDF in memory: *out (len bytes, the caller frees) for a server
 * to send.  Safe to call from several threads (they take turns). */
int br_report_pdf_mem(const json_t *report, unsigned char **out, size_t *len,
                      struct br_err *err);

/* Releases the font caches cairo and fontconfig keep for the process
 * (so leak checkers see a clean exit).  Only when no PDF is being drawn
 * and none will be: the command line calls it after writing its PDF. */
void br_report_release(void);

/* The report's charts as SVG documents (caller frees; NULL when out of
 * memory).  which: "pain-sleep", "sleep-efficiency", "adherence",
 * "body-map" (the latest listed session's points; NULL when no listed
 * session has points), or an instrument id. */
char *br_report_svg(const json_t *report, const char *which);

#endif
