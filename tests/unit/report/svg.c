/* Unit tests for src/report: the SVG writer (numbers, escaping) and the
 * charts against golden files in tests/unit/report/golden/.  Set
 * BR_UPDATE_GOLDEN=1 to rewrite the golden files after a deliberate
 * change (and review the diff). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/parse.h"
#include "core/sleep.h"
#include "core/buf.h"
#include "report/chart.h"
#include "report/svg.h"

static void
test_numbers_and_escaping(void **state)
{
	struct br_buf b;
	char *s;

	(void)state;
	br_buf_init(&b);
	br_buf_num(&b, 1.005);
	br_buf_puts(&b, " ");
	br_buf_num(&b, -0.001);
	br_buf_puts(&b, " ");
	br_buf_num(&b, 12345.678);
	br_buf_puts(&b, " ");
	br_buf_num(&b, NAN);
	br_buf_puts(&b, " ");
	br_buf_escape(&b, "a<b>&\"c\" 'd' é");
	s = br_buf_take(&b);
	assert_string_equal(s, "1.00 0.00 12345.68 0.00 "
	                       "a&lt;b&gt;&amp;&quot;c&quot; &#39;d&#39; é");
	free(s);
}

static void
test_svg_elements(void **state)
{
	struct br_svg svg;
	struct br_canvas c;
	const struct br_style st = {"#ff0000", "#00ff00", 2, 0.5, 1};
	const struct br_text_style t = {10, NULL, BR_ANCHOR_MIDDLE, 1};
	const double xy[] = {0, 0, 1.5, 2.25};
	char *s;

	(void)state;
	br_svg_init(&svg);
	c = br_svg_canvas(&svg);
	c.ops->begin(c.ctx, 100, 50, "A & B");
	c.ops->line(c.ctx, 0, 0, 10, 10, &st);
	c.ops->polyline(c.ctx, xy, 2, &st);
	c.ops->polyline(c.ctx, xy, 1, &st); /* one point: nothing */
	c.ops->text(c.ctx, 5, 5, "x<\"y\">", &t);
	c.ops->end(c.ctx);
	s = br_svg_take(&svg);
	assert_non_null(s);
	assert_non_null(strstr(s, "<title>A &amp; B</title>"));
	assert_non_null(strstr(
	        s, "<line x1=\"0.00\" y1=\"0.00\" x2=\"10.00\" y2=\"10.00\" "
	           "fill=\"#00ff00\" fill-opacity=\"0.50\" stroke=\"#ff0000\" "
	           "stroke-width=\"2.00\" stroke-dasharray=\"4 3\"/>"));
	assert_non_null(strstr(s, "points=\"0.00,0.00 1.50,2.25\""));
	assert_non_null(strstr(s, ">x&lt;&quot;y&quot;&gt;</text>"));
	assert_non_null(strstr(s, "text-anchor=\"middle\""));
	{
		/* exactly one polyline */
		const char *p = strstr(s, "<polyline");

		assert_null(strstr(p + 1, "<polyline"));
	}
	free(s);
	br_svg_free(&svg);
}

/* Compares text with golden file name (or rewrites it). */
static void
golden(const char *name, const char *text)
{
	const char *src = getenv("BR_SOURCE_DIR");
	char path[512];
	FILE *f;
	char *want;
	long n;

	snprintf(path, sizeof(path), "%s/tests/unit/report/golden/%s",
	         src ? src : ".", name);
	if (getenv("BR_UPDATE_GOLDEN")) {
		f = fopen(path, "wb");
		assert_non_null(f);
		fputs(text, f);
		fclose(f);
		return;
	}
	f = fopen(path, "rb");
	if (f == NULL)
		fail_msg("no golden file %s (BR_UPDATE_GOLDEN=1 makes it)",
		         path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	want = calloc(1, (size_t)n + 1);
	assert_non_null(want);
	assert_int_equal(fread(want, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	if (strcmp(want, text) != 0)
		fail_msg("%s differs from its golden file", name);
	free(want);
}

/* A fixed 60-day diary with gaps, 5 sessions. */
static struct br_chart_day diary[60];
static const int32_t sessions[] = {20480, 20487, 20494, 20501, 20600};

static struct br_chart_diary
fixture(void)
{
	struct br_chart_diary d;

	for (int i = 0; i < 60; i++) {
		bool gap = i % 9 == 4 || (i >= 30 && i < 36);

		diary[i].day = 20470 + i;
		diary[i].pain = gap ? BR_UNSET : 7 - i / 12 + (i % 3 == 0);
		diary[i].quality = gap || i % 5 == 2 ? BR_UNSET : 1 + i / 20;
		diary[i].tst_min = gap ? BR_UNSET : 360 + i;
		diary[i].se_pct = gap || i % 7 == 1 ? -1 : 70.0 + i * 0.3;
		/* A tracker worn from day 10, missing other nights. */
		diary[i].device_tst_min =
		        i < 10 || i % 11 == 3 ? BR_UNSET : 340 + (i % 4) * 15;
	}
	d.from = 20470;
	d.to = 20529;
	d.days = diary;
	d.n = 60;
	d.sessions = sessions;
	d.n_sessions = 5; /* the last is outside the range */
	return d;
}

static char *
draw(int which)
{
	struct br_chart_diary d = fixture();
	static const struct br_chart_score rmdq[] = {
	        {20472, 14}, {20500, 10}, {20528, 6}};
	struct br_chart_instrument q = {"rmdq", 0,    24, 0,     5,
	                                0,      rmdq, 3,  20470, 20529};
	static const double weeks[] = {1.0, 6.0 / 7, NAN, 3.0 / 7, 0};
	struct br_chart_adherence a = {20470, 5, 1, {"diary kept"}, {weeks}};
	struct br_svg svg;
	struct br_canvas c;
	char *s;

	br_svg_init(&svg);
	c = br_svg_canvas(&svg);
	switch (which) {
	case 0:
		br_chart_pain_sleep(&c, &d);
		break;
	case 1:
		br_chart_sleep_efficiency(&c, &d);
		break;
	case 2:
		br_chart_instrument(&c, &q);
		break;
	case 4:
		br_chart_sleep_time(&c, &d);
		break;
	default:
		br_chart_adherence(&c, &a);
		break;
	}
	s = br_svg_take(&svg);
	br_svg_free(&svg);
	return s;
}

static void
test_golden_charts(void **state)
{
	static const char *const names[] = {
	        "pain_sleep.svg", "sleep_efficiency.svg", "instrument.svg",
	        "adherence.svg", "sleep_time.svg"};

	(void)state;
	for (int i = 0; i < 5; i++) {
		char *a = draw(i), *b = draw(i);

		assert_non_null(a);
		assert_string_equal(a, b); /* deterministic */
		golden(names[i], a);
		free(a);
		free(b);
	}
}

static void
test_gaps_break_the_mean(void **state)
{
	char *s = draw(0);
	int lines = 0;

	(void)state;
	/* Days 30-35 are missing: the pain mean breaks into pieces instead
	 * of joining over the gap. */
	for (const char *p = s; (p = strstr(p, "<polyline")); p++)
		lines++;
	assert_true(lines >= 4); /* >= 2 pieces for each panel */
	/* 5 sessions, one outside: 4 markers in each of 2 panels plus the
	 * legend's */
	{
		int marks = 0;

		for (const char *p = s; (p = strstr(p, "stroke=\"#8e44ad\""));
		     p++)
			marks++;
		assert_int_equal(marks, 9);
	}
	free(s);
}

static void
test_empty_diary(void **state)
{
	struct br_chart_diary d = {100, 99, NULL, 0, NULL, 0};
	struct br_svg svg;
	struct br_canvas c;
	char *s;

	(void)state;
	br_svg_init(&svg);
	c = br_svg_canvas(&svg);
	br_chart_pain_sleep(&c, &d);
	s = br_svg_take(&svg);
	assert_non_null(strstr(s, "no pain recorded"));
	/* only the legend's dot */
	assert_non_null(strstr(s, "<circle cx"));
	assert_null(strstr(strstr(s, "<circle cx") + 1, "<circle cx"));
	free(s);
	br_svg_free(&svg);
}

/* A session's points on the body map: both sides, one side, the
 * midline; a point the map does not show is not drawn. */
static char *
draw_body_map(void)
{
	static const struct br_session_point pts[] = {{"BL23", "both"},
	                                              {"BL40", "left"},
	                                              {"GV4", "midline"},
	                                              {"PC6", "both"},
	                                              {"HT7", "right"}};
	struct br_chart_bodymap b = {br_bodymap(), "the points of a session",
	                             pts, 5};
	struct br_svg svg;
	struct br_canvas c;
	char *s;

	br_svg_init(&svg);
	c = br_svg_canvas(&svg);
	br_chart_bodymap(&c, &b);
	s = br_svg_take(&svg);
	br_svg_free(&svg);
	return s;
}

static int
count(const char *s, const char *what)
{
	int n = 0;

	for (const char *p = s; (p = strstr(p, what)); p++)
		n++;
	return n;
}

static void
test_body_map(void **state)
{
	char *a = draw_body_map(), *b = draw_body_map();

	(void)state;
	assert_non_null(a);
	assert_string_equal(a, b);
	golden("body_map.svg", a);
	assert_non_null(strstr(a, "<title>the points of a session</title>"));
	/* BL23 on both sides, BL40 left, GV4, HT7 right: 5 markers, each
	 * named; PC6 (on the front) is left to the caption. */
	assert_int_equal(count(a, "</title></circle>"), 5);
	assert_int_equal(count(a, "<title>BL23, left</title>"), 1);
	assert_int_equal(count(a, "<title>BL23, right</title>"), 1);
	assert_int_equal(count(a, "<title>BL40, left</title>"), 1);
	assert_int_equal(count(a, "<title>BL40, right</title>"), 0);
	assert_int_equal(count(a, "<title>GV4</title>"), 1);
	assert_int_equal(count(a, "<title>HT7, right</title>"), 1);
	assert_int_equal(count(a, "PC6"), 0);
	/* The right side mirrors the left about the middle: BL23 at x 88
	 * and 112 (data/bodymap.json). */
	assert_non_null(strstr(a, "<circle cx=\"88.00\" cy=\"163.00\""));
	assert_non_null(strstr(a, "<circle cx=\"112.00\" cy=\"163.00\""));
	free(a);
	free(b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_numbers_and_escaping),
	        cmocka_unit_test(test_svg_elements),
	        cmocka_unit_test(test_golden_charts),
	        cmocka_unit_test(test_gaps_break_the_mean),
	        cmocka_unit_test(test_empty_diary),
	        cmocka_unit_test(test_body_map),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
