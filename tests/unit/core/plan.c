/* Unit tests for src/core/plan.c: the embedded evidence file parses, the
 * guideline disagreement on acupuncture is shown side by side, options
 * follow each source's phase definition and the risk group's order, and
 * bad evidence files fail naming the field. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/embed.h"
#include "core/plan.h"

static struct br_evidence ev;

static int
setup(void **state)
{
	const struct br_embedded_file *f = br_embedded_data("evidence.json");
	struct br_err err = BR_ERR_INIT;

	(void)state;
	if (f == NULL)
		return -1;
	if (br_evidence_parse("evidence.json", (const char *)f->bytes, f->len,
	                      &ev, &err) < 0) {
		fprintf(stderr, "%s\n", err.msg);
		return -1;
	}
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	br_evidence_free(&ev);
	return 0;
}

static void
phase_at(int32_t days, struct br_phase *ph)
{
	br_phase_of(1000, 1000 + days, ph);
}

static const struct br_option *
option(const struct br_options *o, const char *id)
{
	for (int i = 0; i < o->n; i++)
		if (strcmp(ev.treatments[o->items[i].treatment].id, id) == 0)
			return &o->items[i];
	return NULL;
}

static const struct br_ev_entry *
cell(const struct br_option *o, enum br_source s)
{
	for (int i = 0; i < o->n_cells; i++)
		if (o->cells[i].source == s)
			return o->cells[i].entry;
	return NULL;
}

static void
test_embedded_file(void **state)
{
	static const char *const ids[] = {"acupuncture",
	                                  "exercise",
	                                  "stay-active",
	                                  "massage",
	                                  "spinal-manipulation",
	                                  "superficial-heat",
	                                  "multidisciplinary",
	                                  "psychological",
	                                  "yoga-tai-chi",
	                                  "traction",
	                                  "tens",
	                                  "sleep-hygiene",
	                                  "pacing",
	                                  NULL};

	(void)state;
	for (int i = 0; ids[i]; i++)
		assert_true(br_evidence_treatment(&ev, ids[i]) >= 0);
	assert_int_equal(br_evidence_treatment(&ev, "cupping"), -1);
	for (int s = 0; s < BR_SRC_N; s++)
		assert_non_null(ev.source_citation[s]);
	/* Every entry carries a finding and a citation; no source other than
	 * ACP and NICE takes a position, and the Cochrane certainty is a
	 * GRADE level or null. */
	for (int i = 0; i < ev.n_entries; i++) {
		assert_true(strlen(ev.entries[i].finding) > 10);
		assert_true(strlen(ev.entries[i].citation) > 10);
		if (ev.entries[i].source == BR_SRC_COCHRANE)
			assert_int_equal(ev.entries[i].position,
			                 BR_POS_NO_RECOMMENDATION);
	}
	assert_true(ev.treatments[br_evidence_treatment(&ev, "pacing")]
	                    .self_management);
}

/* The acceptance test: chronic acupuncture, side by side. */
static void
test_acupuncture_disagreement(void **state)
{
	struct br_options o;
	struct br_phase ph;
	const struct br_option *a;

	(void)state;
	phase_at(200, &ph);
	br_plan_options(&ev, &ph, -1, BR_SOURCES_ALL, &o);
	a = option(&o, "acupuncture");
	assert_non_null(a);
	assert_int_equal(a->n_cells, 3);
	assert_int_equal(cell(a, BR_SRC_COCHRANE)->position,
	                 BR_POS_NO_RECOMMENDATION);
	assert_string_equal(cell(a, BR_SRC_COCHRANE)->certainty, "moderate");
	assert_int_equal(cell(a, BR_SRC_ACP)->position, BR_POS_RECOMMENDED);
	assert_string_equal(cell(a, BR_SRC_ACP)->certainty, "moderate");
	assert_string_equal(cell(a, BR_SRC_ACP)->strength, "strong");
	assert_int_equal(cell(a, BR_SRC_NICE)->position, BR_POS_DO_NOT_OFFER);
	assert_null(cell(a, BR_SRC_NICE)->certainty);
	/* Acute: ACP low-quality, Cochrane not graded, NICE still no. */
	phase_at(10, &ph);
	br_plan_options(&ev, &ph, -1, BR_SOURCES_ALL, &o);
	a = option(&o, "acupuncture");
	assert_string_equal(cell(a, BR_SRC_ACP)->certainty, "low");
	assert_null(cell(a, BR_SRC_COCHRANE)->certainty);
	assert_int_equal(cell(a, BR_SRC_NICE)->position, BR_POS_DO_NOT_OFFER);
}

/* NICE never recommends acupuncture, in any phase. */
static void
test_nice_never_recommends_acupuncture(void **state)
{
	int t = br_evidence_treatment(&ev, "acupuncture"), n = 0;

	(void)state;
	for (int i = 0; i < ev.n_entries; i++)
		if (ev.entries[i].treatment == t &&
		    ev.entries[i].source == BR_SRC_NICE) {
			assert_int_equal(ev.entries[i].position,
			                 BR_POS_DO_NOT_OFFER);
			n++;
		}
	assert_true(n > 0);
}

static void
test_phase_boundaries(void **state)
{
	struct br_options o;
	struct br_phase ph;
	const struct br_option *x;

	(void)state;
	/* Day 27: acute for both; stay-active (acute only) is listed. */
	phase_at(27, &ph);
	br_plan_options(&ev, &ph, -1, BR_SOURCES_ALL, &o);
	assert_non_null(option(&o, "stay-active"));
	assert_non_null(option(&o, "superficial-heat"));
	assert_null(option(&o, "traction"));
	/* Day 28: ACP subacute, Cochrane still acute: stay-active shows the
	 * Cochrane and NICE rows, and no ACP entry (acute only). */
	phase_at(28, &ph);
	br_plan_options(&ev, &ph, -1, BR_SOURCES_ALL, &o);
	x = option(&o, "stay-active");
	assert_non_null(x);
	assert_non_null(cell(x, BR_SRC_COCHRANE));
	assert_null(cell(x, BR_SRC_ACP));
	/* ACP multidisciplinary subacute entry now applies. */
	assert_non_null(option(&o, "multidisciplinary"));
	assert_non_null(cell(option(&o, "multidisciplinary"), BR_SRC_ACP));
	/* Day 42: Cochrane subacute; stay-active no longer listed. */
	phase_at(42, &ph);
	br_plan_options(&ev, &ph, -1, BR_SOURCES_ALL, &o);
	assert_null(option(&o, "stay-active"));
	assert_non_null(option(&o, "superficial-heat"));
	/* Day 84 is still subacute, day 85 chronic: heat goes, traction
	 * comes. */
	phase_at(84, &ph);
	br_plan_options(&ev, &ph, -1, BR_SOURCES_ALL, &o);
	assert_non_null(option(&o, "superficial-heat"));
	assert_null(option(&o, "traction"));
	phase_at(85, &ph);
	br_plan_options(&ev, &ph, -1, BR_SOURCES_ALL, &o);
	assert_null(option(&o, "superficial-heat"));
	assert_non_null(option(&o, "traction"));
	/* Self-management items are listed in every phase. */
	assert_non_null(option(&o, "sleep-hygiene"));
	assert_non_null(option(&o, "pacing"));
}

static void
test_one_source(void **state)
{
	struct br_options o;
	struct br_phase ph;
	const struct br_option *x;

	(void)state;
	phase_at(200, &ph);
	br_plan_options(&ev, &ph, -1, 1u << BR_SRC_NICE, &o);
	x = option(&o, "acupuncture");
	assert_int_equal(x->n_cells, 1);
	assert_int_equal(x->cells[0].source, BR_SRC_NICE);
	br_plan_options(&ev, &ph, -1, 1u << BR_SRC_ACP, &o);
	/* ACP has no chronic TENS row? It has an "any" row. */
	assert_non_null(option(&o, "tens"));
	assert_int_equal(option(&o, "acupuncture")->cells[0].entry->position,
	                 BR_POS_RECOMMENDED);
}

static void
test_risk_order(void **state)
{
	struct br_options o;
	struct br_phase ph;

	(void)state;
	phase_at(200, &ph);
	br_plan_options(&ev, &ph, br_risk_index("high"), BR_SOURCES_ALL, &o);
	assert_string_equal(ev.treatments[o.items[0].treatment].id,
	                    "psychological");
	assert_true(o.items[0].matched);
	assert_string_equal(ev.treatments[o.items[1].treatment].id,
	                    "multidisciplinary");
	br_plan_options(&ev, &ph, br_risk_index("low"), BR_SOURCES_ALL, &o);
	/* stay-active has no chronic row: it is skipped, not forced in. */
	assert_string_equal(ev.treatments[o.items[0].treatment].id, "pacing");
	assert_null(option(&o, "stay-active"));
	br_plan_options(&ev, &ph, -1, BR_SOURCES_ALL, &o);
	assert_string_equal(ev.treatments[o.items[0].treatment].id,
	                    "acupuncture");
	assert_false(o.items[0].matched);
	/* Same treatments whatever the risk group: order only. */
	{
		struct br_options hi;

		br_plan_options(&ev, &ph, 2, BR_SOURCES_ALL, &hi);
		assert_int_equal(hi.n, o.n);
	}
	assert_int_equal(br_risk_index("medium"), 1);
	assert_int_equal(br_risk_index("severe"), -1);
}

static void
test_course_defaults(void **state)
{
	const struct br_treatment *a =
	        &ev.treatments[br_evidence_treatment(&ev, "acupuncture")];

	(void)state;
	assert_true(a->course.given);
	assert_int_equal(a->course.sessions, 8);
	assert_true(a->course.per_week == 1.0);
	assert_int_equal(a->course.trial, 4);
	assert_non_null(strstr(a->course.source, "CG88"));
	assert_int_equal(a->n_modalities, 2);
	assert_false(
	        ev.treatments[br_evidence_treatment(&ev, "tens")].course.given);
}

static void
expect_bad(const char *doc, const char *needle)
{
	struct br_evidence bad;
	struct br_err err = BR_ERR_INIT;

	assert_int_equal(
	        br_evidence_parse("x.json", doc, strlen(doc), &bad, &err),
	        BR_EINVAL);
	if (strstr(err.msg, needle) == NULL)
		fail_msg("'%s' not in '%s'", needle, err.msg);
	assert_null(bad.doc);
}

#define HEAD                                                                   \
	"{\"format\":1,\"sources\":[{\"id\":\"cochrane-2025\",\"name\":\"C\"," \
	"\"citation\":\"c\"},{\"id\":\"acp-2017\",\"name\":\"A\","             \
	"\"citation\":\"a\"},{\"id\":\"nice-ng59\",\"name\":\"N\","            \
	"\"citation\":\"n\"}],\"treatments\":[{\"id\":\"t\",\"label\":\"T\","  \
	"\"kind\":\"treatment\",\"modalities\":[]}],\"risk_pathways\":{"       \
	"\"source\":\"s\",\"low\":[],\"medium\":[],\"high\":[\"t\"]},"         \
	"\"entries\":["
#define ENTRY(src, phase, pos, cert)                                           \
	"{\"treatment\":\"t\",\"phase\":\"" phase "\",\"source\":\"" src       \
	"\",\"position\":\"" pos "\",\"certainty\":" cert                      \
	",\"finding\":\"f\",\"citation\":\"c\"}"

static void
test_bad_files(void **state)
{
	struct br_evidence ok;
	struct br_err err = BR_ERR_INIT;
	const char *good = HEAD ENTRY("acp-2017", "chronic", "recommended",
	                              "\"low\"") "]}";

	(void)state;
	assert_int_equal(
	        br_evidence_parse("x.json", good, strlen(good), &ok, &err), 0);
	assert_int_equal(ok.n_entries, 1);
	br_evidence_free(&ok);
	expect_bad("{", "not valid JSON");
	expect_bad(HEAD ENTRY("acp-2017", "chronic", "maybe", "null") "]}",
	           "entries[0].position");
	expect_bad(HEAD ENTRY("who-2020", "chronic", "consider", "null") "]}",
	           "entries[0].source");
	expect_bad(HEAD ENTRY("acp-2017", "later", "consider", "null") "]}",
	           "entries[0].phase");
	expect_bad(HEAD ENTRY("acp-2017", "chronic", "consider",
	                      "\"certain\"") "]}",
	           "entries[0].certainty");
	expect_bad(HEAD ENTRY("cochrane-2025", "chronic", "recommended",
	                      "\"moderate\"") "]}",
	           "an overview does not recommend");
	expect_bad(
	        HEAD ENTRY("nice-ng59", "chronic", "consider", "\"low\"") "]}",
	        "certainty must be null for NICE");
	expect_bad(HEAD ENTRY("acp-2017", "chronic", "consider",
	                      "null") "," ENTRY("acp-2017", "any", "consider",
	                                        "null") "]}",
	           "entries[1] covers a phase");
	expect_bad(HEAD "{\"treatment\":\"u\"}]}", "entries[0]");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_embedded_file),
	        cmocka_unit_test(test_acupuncture_disagreement),
	        cmocka_unit_test(test_nice_never_recommends_acupuncture),
	        cmocka_unit_test(test_phase_boundaries),
	        cmocka_unit_test(test_one_source),
	        cmocka_unit_test(test_risk_order),
	        cmocka_unit_test(test_course_defaults),
	        cmocka_unit_test(test_bad_files),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
