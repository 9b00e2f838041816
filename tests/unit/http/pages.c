/*
 * pages.c - unit tests of the web app's page and asset routing, and of
 * what the embedded files may contain: every page loads only assets that
 * exist, and no page or script carries anything the Content-Security-
 * Policy would block or that would turn data into markup (inline scripts,
 * style attributes, on* handlers, innerHTML).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "http/pages.h"

static void
handle(const char *method, const char *path, struct br_page_resp *r)
{
	br_pages_handle(method, path, strlen(path), r);
}

static void
test_pages(void **state)
{
	static const char *const paths[] = {"/login",
	                                    "/help",
	                                    "/diary",
	                                    "/practice",
	                                    "/practice/",
	                                    "/practice/patient",
	                                    "/practice/intake",
	                                    "/practice/session",
	                                    NULL};
	struct br_page_resp r;

	(void)state;
	for (int i = 0; paths[i]; i++) {
		handle("GET", paths[i], &r);
		assert_int_equal(r.status, 200);
		assert_string_equal(r.type, "text/html; charset=utf-8");
		assert_non_null(
		        strstr((const char *)r.body, "<!doctype html>"));
	}
	handle("HEAD", "/diary", &r);
	assert_int_equal(r.status, 200);
	handle("GET", "/", &r);
	assert_int_equal(r.status, 303);
	assert_string_equal(r.location, "/login");
}

static void
test_assets(void **state)
{
	struct br_page_resp r;

	(void)state;
	handle("GET", "/assets/app.css", &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(r.type, "text/css; charset=utf-8");
	handle("GET", "/assets/common.js", &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(r.type, "text/javascript; charset=utf-8");
	handle("GET", "/assets/vendor/uPlot.iife.min.js", &r);
	assert_int_equal(r.status, 200);
	assert_true(r.len > 10000);
	handle("GET", "/assets/vendor/uPlot.min.css", &r);
	assert_int_equal(r.status, 200);
}

static void
test_refusals(void **state)
{
	static const char *const missing[] = {"/nope",
	                                      "/assets/",
	                                      "/assets/../pages/diary.html",
	                                      "/assets/..%2fpages%2fdiary.html",
	                                      "/assets/.hidden",
	                                      "/assets/pages/diary.html",
	                                      "/assets/vendor/../app.css",
	                                      "/assets/vendor/uPlot.esm.js",
	                                      "/pages/diary.html",
	                                      "/diary.html",
	                                      "/practice/patient/1",
	                                      "//diary",
	                                      NULL};
	struct br_page_resp r;

	(void)state;
	for (int i = 0; missing[i]; i++) {
		handle("GET", missing[i], &r);
		assert_int_equal(r.status, 404);
	}
	handle("POST", "/login", &r);
	assert_int_equal(r.status, 405);
	handle("DELETE", "/assets/app.css", &r);
	assert_int_equal(r.status, 405);
	assert_true(br_pages_is_api("/api/v1/session", 15));
	assert_true(br_pages_is_api("/api", 4));
	assert_false(br_pages_is_api("/apix", 5));
	assert_false(br_pages_is_api("/diary", 6));
}

/* Every src="/..." and href="/..." of a page names an embedded file. */
static void
check_links(const char *name, const char *html)
{
	static const char *const attrs[] = {"src=\"/", "href=\"/", NULL};

	for (int a = 0; attrs[a]; a++)
		for (const char *p = strstr(html, attrs[a]); p;
		     p = strstr(p + 1, attrs[a])) {
			const char *start = strchr(p, '"') + 1;
			const char *end = strchr(start, '"');
			struct br_page_resp r;

			assert_non_null(end);
			if (memchr(start, '?', (size_t)(end - start)) ||
			    memchr(start, '#', (size_t)(end - start)))
				continue;
			br_pages_handle("GET", start, (size_t)(end - start),
			                &r);
			if (r.status != 200 && r.status != 303) {
				fprintf(stderr, "%s links to %.*s\n", name,
				        (int)(end - start), start);
				fail();
			}
		}
}

static void
test_csp_safe(void **state)
{
	static const char *const banned_html[] = {
	        "<script>",  " style=\"",   " onclick=",
	        " onload=",  " onsubmit=",  " onchange=",
	        " oninput=", "javascript:", NULL};
	static const char *const banned_js[] = {"innerHTML",
	                                        "outerHTML",
	                                        "insertAdjacentHTML",
	                                        "document.write",
	                                        "eval(",
	                                        "new Function",
	                                        NULL};
	int pages = 0, scripts = 0;

	(void)state;
	for (const struct br_embedded_file *f = br_web_files; f->name; f++) {
		const char *text = (const char *)f->bytes;
		size_t n = strlen(f->name);
		bool html = n > 5 && strcmp(f->name + n - 5, ".html") == 0;
		bool js = n > 3 && strcmp(f->name + n - 3, ".js") == 0;

		for (int i = 0; html && banned_html[i]; i++)
			if (strstr(text, banned_html[i])) {
				fprintf(stderr, "%s has %s\n", f->name,
				        banned_html[i]);
				fail();
			}
		for (int i = 0; js && banned_js[i]; i++)
			if (strstr(text, banned_js[i])) {
				fprintf(stderr, "%s has %s\n", f->name,
				        banned_js[i]);
				fail();
			}
		if (html) {
			check_links(f->name, text);
			assert_non_null(strstr(text, "<html lang=\"en\">"));
			assert_non_null(strstr(text, "name=\"viewport\""));
			/* The safety net is one tap away on every page. */
			if (strcmp(f->name, "pages/help.html") != 0)
				assert_non_null(strstr(text, "href=\"/help\""));
			pages++;
		}
		scripts += js;
	}
	assert_true(pages >= 7);
	assert_true(scripts >= 7);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_pages),
	        cmocka_unit_test(test_assets),
	        cmocka_unit_test(test_refusals),
	        cmocka_unit_test(test_csp_safe),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
