/*
 * jsonw.c - unit tests of the JSON text writer: every value it writes is
 * byte for byte what json_dumps(JSON_COMPACT | JSON_REAL_PRECISION(10))
 * writes for the same value, the contract the diary's text path relies on.
 */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "core/jsonw.h"

#define DUMP_FLAGS (JSON_COMPACT | JSON_REAL_PRECISION(10) | JSON_ENCODE_ANY)

/* Compares what the writer wrote with jansson's dump of v (stolen). */
static void
same(struct br_jw *w, json_t *v)
{
	char *want = json_dumps(v, DUMP_FLAGS);
	size_t len = 0;
	char *got = br_jw_take(w, &len);

	assert_non_null(want);
	assert_non_null(got);
	assert_int_equal(len, strlen(got));
	assert_string_equal(got, want);
	free(want);
	free(got);
	json_decref(v);
}

static void
test_integers(void **state)
{
	static const long long v[] = {0,
	                              1,
	                              -1,
	                              9,
	                              10,
	                              1439,
	                              -1440,
	                              123456789,
	                              INT32_MAX,
	                              INT32_MIN,
	                              9007199254740991LL,
	                              LLONG_MAX,
	                              LLONG_MIN + 1};
	struct br_jw w;

	(void)state;
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		br_jw_init(&w, 1); /* a small buffer: growth is tested too */
		br_jw_int(&w, v[i]);
		same(&w, json_integer(v[i]));
	}
	for (long long k = -2000; k <= 2000; k++) {
		br_jw_init(&w, 0);
		br_jw_int(&w, k);
		same(&w, json_integer(k));
	}
}

static void
test_tenths(void **state)
{
	struct br_jw w;

	(void)state;
	/* Sleep efficiency: round(1000 * tst / tib) / 10, and beyond. */
	for (long long k = 0; k <= 200000; k++) {
		double v = (double)k / 10.0;

		br_jw_init(&w, 0);
		br_jw_tenths(&w, v);
		same(&w, json_real(v));
	}
	/* Anything else falls back to jansson's own formatting rule. */
	{
		static const double odd[] = {
		        0.05, 1.0 / 3.0, 123456789.123,  1e-7,  2.5e12, 1e20,
		        -0.1, -42.0,     99.99999999999, 1e300, 5e-324};

		for (size_t i = 0; i < sizeof(odd) / sizeof(odd[0]); i++) {
			br_jw_init(&w, 0);
			br_jw_tenths(&w, odd[i]);
			same(&w, json_real(odd[i]));
		}
	}
}

static void
test_strings(void **state)
{
	static const char *const v[] = {
	        "",
	        "2026-03-01",
	        "a \"quoted\" \\ back/slash",
	        "tab\there\nnew\rline\b\f",
	        "\x01\x02\x1f\x7f control",
	        "ünïcödé 痛 🙂 \xe2\x80\xa8 U+2028",
	        "ends with a quote\"",
	        "\\",
	};
	struct br_jw w;

	(void)state;
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		br_jw_init(&w, 2);
		br_jw_str(&w, v[i], false);
		same(&w, json_string(v[i]));
	}
	/* empty_null: "" and NULL are null; other text as before. */
	br_jw_init(&w, 0);
	br_jw_str(&w, "", true);
	same(&w, json_null());
	br_jw_init(&w, 0);
	br_jw_str(&w, NULL, true);
	same(&w, json_null());
	br_jw_init(&w, 0);
	br_jw_str(&w, "x", true);
	same(&w, json_string("x"));
}

/* Every string of up to 3 bytes drawn from a set that covers ASCII,
 * escapes and the edges of UTF-8: accepted exactly when jansson accepts
 * it, and then written the same. */
static void
test_utf8_edges(void **state)
{
	static const unsigned char bytes[] = {
	        0x00, 0x01, 0x1f, 0x20, '"',  '\\', '/',  'a',  0x7f,
	        0x80, 0x8f, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf,
	        0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff};
	size_t nb = sizeof(bytes);
	struct br_jw w;
	char s[4];

	(void)state;
	for (size_t a = 1; a < nb; a++)
		for (size_t b = 0; b < nb; b++)
			for (size_t c = 0; c < nb; c++) {
				json_t *j;
				char *got;

				s[0] = (char)bytes[a];
				s[1] = (char)bytes[b];
				s[2] = b ? (char)bytes[c] : '\0';
				s[3] = '\0';
				j = json_string(s);
				br_jw_init(&w, 0);
				br_jw_str(&w, s, false);
				if (j == NULL) {
					assert_true(w.bad_utf8);
					got = br_jw_take(&w, NULL);
					assert_null(got);
					continue;
				}
				same(&w, j);
			}
}

static void
test_failed_writer(void **state)
{
	struct br_jw w;

	(void)state;
	br_jw_init(&w, 0);
	br_jw_lit(&w, "[");
	br_jw_str(&w, "\xff", false);
	assert_true(w.failed);
	br_jw_lit(&w, "]"); /* ignored */
	assert_null(br_jw_take(&w, NULL));
	br_jw_free(&w); /* harmless after take */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_integers),
	        cmocka_unit_test(test_tenths),
	        cmocka_unit_test(test_strings),
	        cmocka_unit_test(test_utf8_edges),
	        cmocka_unit_test(test_failed_writer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
