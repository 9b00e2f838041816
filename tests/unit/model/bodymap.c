/* Unit tests for model/bodymap.h: the embedded geometry loads, its places
 * are points of the charting vocabulary on their sides, and a broken copy
 * is refused with a sentence saying what is wrong. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/embed.h"
#include "model/bodymap.h"

static void
test_the_embedded_map(void **state)
{
	const struct br_bodymap *m = br_bodymap();
	double x = 0, y = 0;

	(void)state;
	assert_true(m->width == 200 && m->height == 420);
	assert_true(m->n_lines >= 3);
	assert_true(m->n_places >= 20);
	assert_int_equal(br_bodymap_place(m, "BL23", "left", &x, &y), 0);
	assert_true(x == 88 && y == 163);
	assert_int_equal(br_bodymap_place(m, "BL23", "right", &x, &y), 0);
	assert_true(x == 112 && y == 163);
	assert_int_equal(br_bodymap_place(m, "GV4", "midline", &x, &y), 0);
	assert_true(x == 100);
	/* A paired point has no midline place, a midline point no side, and
	 * "both" is two places; a point on the front is not on the map. */
	assert_int_equal(br_bodymap_place(m, "BL23", "midline", &x, &y),
	                 BR_ENOTFOUND);
	assert_int_equal(br_bodymap_place(m, "GV4", "left", &x, &y),
	                 BR_ENOTFOUND);
	assert_int_equal(br_bodymap_place(m, "BL23", "both", &x, &y),
	                 BR_ENOTFOUND);
	assert_int_equal(br_bodymap_place(m, "PC6", "left", &x, &y),
	                 BR_ENOTFOUND);
}

/* The embedded file with one substitution; refused naming why. */
static void
refused(const char *from, const char *to, const char *why)
{
	const struct br_embedded_file *f = br_embedded_data("bodymap.json");
	const char *at = strstr((const char *)f->bytes, from);
	size_t n = f->len + strlen(to) + 1;
	char *text = malloc(n);
	struct br_bodymap *m = malloc(sizeof(*m));
	struct br_err err = BR_ERR_INIT;
	json_t *doc;

	assert_non_null(at);
	snprintf(text, n, "%.*s%s%s", (int)(at - (const char *)f->bytes),
	         (const char *)f->bytes, to, at + strlen(from));
	doc = json_loads(text, 0, NULL);
	assert_non_null(doc);
	assert_int_equal(br_bodymap_read(doc, m, &err), BR_EINVAL);
	if (strstr(err.msg, why) == NULL)
		fail_msg("'%s' does not say '%s'", err.msg, why);
	json_decref(doc);
	free(text);
	free(m);
}

static void
test_a_broken_copy_is_refused(void **state)
{
	(void)state;
	refused("\"BL23\": [88, 163]", "\"BL99\": [88, 163]",
	        "'BL99' is not a point id");
	refused("\"BL23\": [88, 163]", "\"GV14\": [88, 163]",
	        "'GV14' is a midline point");
	refused("\"GV4\": [100, 163]", "\"BL24\": [100, 163]",
	        "'BL24' is a paired point");
	refused("\"BL23\": [88, 163]", "\"BL23\": [88, 999]", "inside the map");
	refused("\"head\": [100, 30, 20]", "\"head\": [100, 30]",
	        "head must be");
	refused("[100, 60, 100, 205]", "[100, 60, 100]", "x, y pairs");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_the_embedded_map),
	        cmocka_unit_test(test_a_broken_copy_is_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
