/*
 * pages.c - the web app's pages and assets (see pages.h).
 */
#include "http/pages.h"

#include <string.h>

/* URL path -> page file.  A new page is one line here and one file in
 * web/pages/. */
static const struct {
	const char *path;
	const char *file;
} page_map[] = {
        {"/login", "pages/login.html"},
        {"/activate", "pages/activate.html"},
        {"/admin", "pages/admin.html"},
        {"/help", "pages/help.html"},
        {"/diary", "pages/diary.html"},
        {"/diary/reminders", "pages/reminders.html"},
        {"/diary/questionnaires", "pages/questionnaires.html"},
        {"/previsit", "pages/previsit.html"},
        {"/stop", "pages/stop.html"},
        /* The installable offline diary: its manifest, and the service
         * worker at the root so it may take the /diary scope. */
        {"/manifest.webmanifest", "assets/manifest.webmanifest"},
        {"/sw.js", "assets/sw.js"},
        {"/practice", "pages/today.html"},
        {"/practice/patient", "pages/chart.html"},
        {"/practice/intake", "pages/intake.html"},
        {"/practice/session", "pages/session.html"},
        {"/practice/previsit", "pages/previsit-review.html"},
        {NULL, NULL},
};

static const char not_found[] = "not found\n";
static const char not_allowed[] = "only GET and HEAD are served here\n";

bool
br_pages_is_api(const char *path, size_t len)
{
	return len >= 4 && memcmp(path, "/api", 4) == 0 &&
	       (len == 4 || path[4] == '/');
}

static bool
equals(const char *path, size_t len, const char *s)
{
	return strlen(s) == len && memcmp(path, s, len) == 0;
}

/* A file name of [A-Za-z0-9._-], not starting with a dot. */
static bool
safe_name(const char *s, size_t len)
{
	if (len == 0 || len > 64 || s[0] == '.')
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '.' || c == '_' ||
		      c == '-'))
			return false;
	}
	return true;
}

static const struct br_embedded_file *
lookup(const struct br_embedded_file *table, const char *prefix,
       const char *name, size_t len)
{
	size_t plen = strlen(prefix);

	for (const struct br_embedded_file *f = table; f->name; f++)
		if (strlen(f->name) == plen + len &&
		    memcmp(f->name, prefix, plen) == 0 &&
		    memcmp(f->name + plen, name, len) == 0)
			return f;
	return NULL;
}

const struct br_embedded_file *
br_pages_find(const char *path, size_t len)
{
	static const char assets[] = "/assets/", vendor[] = "/assets/vendor/";
	size_t al = sizeof(assets) - 1, vl = sizeof(vendor) - 1;

	/* A trailing slash names the same page ("/practice/"). */
	if (len > 1 && path[len - 1] == '/')
		len--;
	for (int i = 0; page_map[i].path; i++)
		if (equals(path, len, page_map[i].path))
			return lookup(br_web_files, page_map[i].file, "", 0);
	/* The body map's geometry is a data file, the one the report draws
	 * too (model/bodymap.h). */
	if (equals(path, len, "/assets/bodymap.json"))
		return br_embedded_data("bodymap.json");
	if (len > vl && memcmp(path, vendor, vl) == 0 &&
	    safe_name(path + vl, len - vl))
		return lookup(br_web_vendor_files, "", path + vl, len - vl);
	if (len > al && memcmp(path, assets, al) == 0 &&
	    safe_name(path + al, len - al))
		return lookup(br_web_files, "assets/", path + al, len - al);
	return NULL;
}

static const char *
content_type(const char *name)
{
	static const struct {
		const char *ext, *type;
	} types[] = {
	        {".html", "text/html; charset=utf-8"},
	        {".css", "text/css; charset=utf-8"},
	        {".js", "text/javascript; charset=utf-8"},
	        {".json", "application/json; charset=utf-8"},
	        {".webmanifest", "application/manifest+json"},
	        {".svg", "image/svg+xml"},
	        {".png", "image/png"},
	        {".ico", "image/x-icon"},
	        {".txt", "text/plain; charset=utf-8"},
	        {NULL, NULL},
	};
	size_t n = strlen(name);

	for (int i = 0; types[i].ext; i++) {
		size_t e = strlen(types[i].ext);

		if (n > e && strcmp(name + n - e, types[i].ext) == 0)
			return types[i].type;
	}
	return "application/octet-stream";
}

void
br_pages_handle(const char *method, const char *path, size_t len,
                struct br_page_resp *out)
{
	const struct br_embedded_file *f;

	memset(out, 0, sizeof(*out));
	out->type = "text/plain; charset=utf-8";
	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
		out->status = 405;
		out->body = (const unsigned char *)not_allowed;
		out->len = sizeof(not_allowed) - 1;
		return;
	}
	if (equals(path, len, "/")) {
		out->status = 303;
		out->location = "/login";
		return;
	}
	f = br_pages_find(path, len);
	if (f == NULL) {
		out->status = 404;
		out->body = (const unsigned char *)not_found;
		out->len = sizeof(not_found) - 1;
		return;
	}
	out->status = 200;
	out->body = f->bytes;
	out->len = f->len;
	out->type = content_type(f->name);
}
