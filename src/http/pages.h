/*
 * pages.h - the web app's pages and assets: static HTML shells, CSS and
 * JavaScript from web/ and the browser packages from npm (uPlot),
 * embedded in the binary at build time.
 *
 * Why static shells: every page is a fixed HTML file whose script reads
 * the JSON API (api.h) with the signed-in user's cookie.  No patient data
 * is ever written into HTML by C code, so there is no server-side
 * template to escape; the page scripts build the DOM with textContent
 * only.  Authorization stays in one place (api.c): a shell holds no data,
 * so serving it to anyone is harmless, and its script sends a signed-out
 * visitor to the sign-in page.
 *
 * Pages are served with a Content-Security-Policy that allows scripts,
 * styles and fetches from this origin only (no inline script or style).
 * Pure over bytes: no libmicrohttpd, so the unit test calls it directly.
 */
#ifndef BR_HTTP_PAGES_H
#define BR_HTTP_PAGES_H

#include <stdbool.h>
#include <stddef.h>

#include "core/embed.h"

/* The CSP of pages and assets. */
#define BR_PAGES_CSP                                                           \
	"default-src 'none'; script-src 'self'; style-src 'self'; "            \
	"img-src 'self' data:; connect-src 'self'; manifest-src 'self'; "      \
	"worker-src 'self'; form-action 'self'; "                              \
	"base-uri 'none'; frame-ancestors 'none'"

struct br_page_resp {
	int status;                /* 200, 303, 404 or 405 */
	const unsigned char *body; /* static */
	size_t len;
	const char *type;     /* Content-Type */
	const char *location; /* for 303, else NULL */
};

/* Own files of web/ (pages/NAME.html, assets/NAME) and the npm files
 * (vendor/NAME), each table ended by a NULL name. */
extern const struct br_embedded_file br_web_files[];
extern const struct br_embedded_file br_web_vendor_files[];

/* True when the path (len bytes, no query) belongs to the JSON API. */
bool br_pages_is_api(const char *path, size_t len);

/* Answers a request for a page or an asset.  Always fills out. */
void br_pages_handle(const char *method, const char *path, size_t len,
                     struct br_page_resp *out);

/* The page file (e.g. "pages/diary.html") a URL path serves, or NULL. */
const struct br_embedded_file *br_pages_find(const char *path, size_t len);

#endif
