/*
 * Unit tests for core/instrument: every shipped instrument scored with
 * full, partial and invalid answers, every band boundary, and the worked
 * examples of docs/clinical/scoring.md (ODI 16/50 = 32%, 16/45 = 35.6%).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/embed.h"
#include "core/instrument.h"

static const char *const ids[] = {"nrs", "peg",  "rmdq", "odi",   "startback",
                                  "isi", "psq3", "pseq", "pseq2", NULL};
static struct br_instrument loaded[9];

static const struct br_instrument *
load(const char *id)
{
	for (int i = 0; ids[i]; i++) {
		char name[64];
		const struct br_embedded_file *f;
		struct br_err err = BR_ERR_INIT;

		if (strcmp(ids[i], id) != 0)
			continue;
		if (loaded[i].doc)
			return &loaded[i];
		snprintf(name, sizeof(name), "instruments/%s.json", id);
		f = br_embedded_data(name);
		assert_non_null(f);
		if (br_instrument_parse(name, (const char *)f->bytes, f->len,
		                        &loaded[i], &err) < 0)
			fail_msg("%s: %s", name, err.msg);
		return &loaded[i];
	}
	fail_msg("no instrument %s", id);
	return NULL;
}

static struct br_score
score(const char *id, const char *answers)
{
	const struct br_instrument *in = load(id);
	struct br_err err = BR_ERR_INIT;
	struct br_score s;
	int codes[BR_INSTR_MAX_ITEMS], n;

	if (br_answers_parse(answers, codes, BR_INSTR_MAX_ITEMS, &n, &err) < 0)
		fail_msg("%s %s: %s", id, answers, err.msg);
	if (br_instrument_score(in, codes, n, &s, &err) < 0)
		fail_msg("%s %s: %s", id, answers, err.msg);
	return s;
}

/* Asserts the answers are refused with a message containing each of the
 * needles (NULL-terminated). */
static void
refused(const char *id, const char *answers, const char *needle,
        const char *needle2)
{
	const struct br_instrument *in = load(id);
	struct br_err err = BR_ERR_INIT;
	struct br_score s;
	int codes[BR_INSTR_MAX_ITEMS], n, rc;

	rc = br_answers_parse(answers, codes, BR_INSTR_MAX_ITEMS, &n, &err);
	if (rc == 0 && n <= BR_INSTR_MAX_ITEMS)
		rc = br_instrument_score(in, codes, n, &s, &err);
	if (rc != BR_EINVAL)
		fail_msg("%s '%s' was accepted", id, answers);
	assert_string_equal(err.field, "answers");
	if (needle && strstr(err.msg, needle) == NULL)
		fail_msg("%s '%s': '%s' not in: %s", id, answers, needle,
		         err.msg);
	if (needle2 && strstr(err.msg, needle2) == NULL)
		fail_msg("%s '%s': '%s' not in: %s", id, answers, needle2,
		         err.msg);
}

static const char *
band(const char *id, const char *answers)
{
	const struct br_instrument *in = load(id);
	struct br_score s = score(id, answers);

	return s.band < 0 ? NULL : in->bands[s.band].id;
}

static void
assert_band(const char *id, const char *answers, const char *want)
{
	const char *got = band(id, answers);

	if (want == NULL && got == NULL)
		return;
	if (want == NULL || got == NULL || strcmp(want, got) != 0)
		fail_msg("%s '%s': band %s, expected %s", id, answers,
		         got ? got : "null", want ? want : "null");
}

/* n copies of code, comma-separated, then the rest. */
static const char *
repeat(int n, const char *code, const char *rest)
{
	static char buf[512];
	size_t len = 0;

	buf[0] = '\0';
	for (int i = 0; i < n; i++)
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s",
		                        i ? "," : "", code);
	if (rest)
		snprintf(buf + len, sizeof(buf) - len, "%s%s", n ? "," : "",
		         rest);
	return buf;
}

static void
test_all_definitions_load(void **state)
{
	(void)state;
	for (int i = 0; ids[i]; i++)
		assert_non_null(load(ids[i]));
	assert_int_equal(load("nrs")->n_items, 1);
	assert_int_equal(load("peg")->n_items, 3);
	assert_int_equal(load("rmdq")->n_items, 24);
	assert_int_equal(load("odi")->n_items, 10);
	assert_int_equal(load("startback")->n_items, 9);
	assert_int_equal(load("isi")->n_items, 7);
	assert_int_equal(load("psq3")->n_items, 3);
	assert_int_equal(load("pseq")->n_items, 10);
	assert_int_equal(load("pseq2")->n_items, 2);
	/* Wording ships only where the licence allows. */
	assert_string_equal(load("nrs")->wording, "shipped");
	assert_non_null(load("nrs")->items[0].text);
	for (int i = 1; ids[i]; i++) {
		const struct br_instrument *in = load(ids[i]);

		assert_string_equal(in->wording, "labels-only");
		for (int k = 0; k < in->n_items; k++)
			assert_null(in->items[k].text);
	}
}

static void
test_score_ranges(void **state)
{
	(void)state;
	assert_true(load("nrs")->score_max == 10);
	assert_true(load("peg")->score_max == 10);
	assert_true(load("rmdq")->score_max == 24);
	assert_true(load("odi")->score_max == 100);
	assert_true(load("startback")->score_max == 9);
	assert_true(load("isi")->score_max == 28);
	assert_true(load("psq3")->score_max == 300);
	assert_true(load("pseq")->score_max == 60);
	assert_true(load("pseq2")->score_max == 12);
	assert_true(load("pseq")->higher_better);
	assert_true(load("pseq2")->higher_better);
	assert_false(load("odi")->higher_better);
}

static void
test_answers_parser(void **state)
{
	struct br_err err = BR_ERR_INIT;
	int codes[8], n;

	(void)state;
	assert_int_equal(br_answers_parse("1, 2 ,-,,3", codes, 8, &n, &err), 0);
	assert_int_equal(n, 5);
	assert_int_equal(codes[0], 1);
	assert_int_equal(codes[1], 2);
	assert_int_equal(codes[2], BR_ANSWER_SKIPPED);
	assert_int_equal(codes[3], BR_ANSWER_SKIPPED);
	assert_int_equal(codes[4], 3);
	assert_int_equal(br_answers_parse("", codes, 8, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(codes[0], BR_ANSWER_SKIPPED);
	assert_int_equal(br_answers_parse("1,", codes, 8, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_int_equal(codes[1], BR_ANSWER_SKIPPED);
	assert_int_equal(br_answers_parse("007", codes, 8, &n, &err), 0);
	assert_int_equal(codes[0], 7);
	/* More fields than room: counted, not stored. */
	assert_int_equal(
	        br_answers_parse("1,2,3,4,5,6,7,8,9,10", codes, 8, &n, &err),
	        0);
	assert_int_equal(n, 10);
	assert_int_equal(br_answers_parse("1,x,3", codes, 8, &n, &err),
	                 BR_EINVAL);
	assert_non_null(strstr(err.msg, "answer 2 is 'x'"));
	assert_int_equal(br_answers_parse("-1", codes, 8, &n, &err), BR_EINVAL);
	assert_int_equal(br_answers_parse("1.5", codes, 8, &n, &err),
	                 BR_EINVAL);
	assert_int_equal(br_answers_parse("+1", codes, 8, &n, &err), BR_EINVAL);
	assert_int_equal(br_answers_parse("1234567", codes, 8, &n, &err),
	                 BR_EINVAL);
	assert_int_equal(br_answers_parse("--", codes, 8, &n, &err), BR_EINVAL);
	assert_int_equal(br_answers_parse("1;2", codes, 8, &n, &err),
	                 BR_EINVAL);
}

static void
test_nrs(void **state)
{
	struct br_score s;

	(void)state;
	s = score("nrs", "7");
	assert_true(s.has_score);
	assert_true(s.score == 7);
	assert_int_equal(s.answered, 1);
	assert_true(s.complete);
	assert_int_equal(s.n_notes, 0);
	/* Every band boundary: none 0, mild 1-3, moderate 4-6, severe 7-10. */
	assert_band("nrs", "0", "none");
	assert_band("nrs", "1", "mild");
	assert_band("nrs", "3", "mild");
	assert_band("nrs", "4", "moderate");
	assert_band("nrs", "6", "moderate");
	assert_band("nrs", "7", "severe");
	assert_band("nrs", "10", "severe");
	refused("nrs", "11", "item 1 of nrs is 11", "0-10");
	refused("nrs", "", "item 1 of nrs was skipped", NULL);
	refused("nrs", "-", "skipped", NULL);
	refused("nrs", "5,5", "nrs has 1 item but 2 answers", "answer 2");
}

static void
test_peg(void **state)
{
	struct br_score s;

	(void)state;
	s = score("peg", "5,6,7");
	assert_true(s.score == 6);
	s = score("peg", "5,5,6");
	assert_true(s.score == 5.33);
	s = score("peg", "2,3,3");
	assert_true(s.score == 2.67);
	assert_true(score("peg", "0,0,0").score == 0);
	assert_true(score("peg", "10,10,10").score == 10);
	assert_int_equal(score("peg", "1,2,3").band, -1); /* no bands */
	assert_int_equal(score("peg", "1,2,3").answered, 3);
	refused("peg", "5,-,7", "item 2 of peg was skipped",
	        "all 3 items are answered");
	refused("peg", "5,,", "items 2 and 3", NULL);
	refused("peg", "5,6", "peg has 3 items but only 2", "item 3");
	refused("peg", "5,6,7,8", "answer 4 is one too many", NULL);
	refused("peg", "5,11,7", "item 2 of peg is 11", "0-10");
}

static void
test_rmdq(void **state)
{
	struct br_score s;

	(void)state;
	s = score("rmdq", repeat(24, "1", NULL));
	assert_true(s.score == 24);
	assert_true(s.complete);
	s = score("rmdq", repeat(24, "0", NULL));
	assert_true(s.score == 0);
	assert_int_equal(s.band, -1);
	/* Blank = not ticked = 0 (a tick list). */
	s = score("rmdq", repeat(20, "1", "-,,0,1"));
	assert_true(s.score == 21);
	assert_int_equal(s.answered, 22);
	assert_true(s.complete);
	assert_int_equal(s.n_notes, 1);
	assert_non_null(strstr(s.notes[0], "2 skipped items scored 0"));
	s = score("rmdq", repeat(24, "", NULL));
	assert_true(s.score == 0);
	assert_int_equal(s.answered, 0);
	refused("rmdq", repeat(23, "1", NULL), "rmdq has 24 items but only 23",
	        "item 24 is missing");
	refused("rmdq", repeat(25, "1", NULL), "but 25 answers",
	        "answer 25 is one too many");
	refused("rmdq", repeat(5, "1", "2,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0"),
	        "item 6 of rmdq is 2", "0-1");
}

static void
test_odi(void **state)
{
	struct br_score s;

	(void)state;
	/* The ODI worked examples (docs/clinical/scoring.md). */
	s = score("odi", "2,2,2,2,2,2,1,1,1,1"); /* 16/50 */
	assert_true(s.score == 32.0);
	assert_true(s.complete);
	assert_int_equal(s.answered, 10);
	assert_string_equal(load("odi")->bands[s.band].id, "moderate");
	s = score("odi", "2,2,2,2,2,2,1,-,2,1"); /* 16/45 */
	assert_true(s.score == 35.6);
	assert_false(s.complete);
	assert_int_equal(s.answered, 9);
	assert_string_equal(load("odi")->bands[s.band].id, "moderate");
	/* The local missing-section rule is stated in the notes. */
	assert_true(s.n_notes >= 1);
	assert_non_null(strstr(s.notes[0], "at least 8 of the 10"));
	assert_non_null(strstr(s.notes[1], "9 of 10 items answered"));
	/* 8 of 10 answered is scored; 7 is not. */
	s = score("odi", "1,1,1,1,1,1,1,1,,");
	assert_true(s.score == 20.0);
	assert_int_equal(s.answered, 8);
	refused("odi", "1,-,1,1,-,1,1,1,-,1", "at least 8 of 10",
	        "items 2, 5 and 9 were skipped");
	refused("odi", "1,1,1,6,1,1,1,1,1,1", "item 4 of odi is 6", "0-5");
	refused("odi", "1,1,1,1,1,1,1,1,1", "odi has 10 items but only 9",
	        NULL);
	/* Every band boundary (percent of the answered maximum). */
	assert_band("odi", "0,0,0,0,0,0,0,0,0,0", "minimal");
	assert_band("odi", "1,1,1,1,1,1,1,1,1,1", "minimal");   /* 20.0 */
	assert_band("odi", "2,1,1,1,1,1,1,1,1,1", "moderate");  /* 22.0 */
	assert_band("odi", "1,1,1,1,1,1,1,1,1,-", "minimal");   /* 20.0 */
	assert_band("odi", "2,1,1,1,1,1,1,1,1,-", "moderate");  /* 22.2 */
	assert_band("odi", "2,2,2,2,2,2,2,2,2,2", "moderate");  /* 40.0 */
	assert_band("odi", "3,2,2,2,2,2,2,2,2,2", "severe");    /* 42.0 */
	assert_band("odi", "3,3,3,3,3,3,3,3,3,3", "severe");    /* 60.0 */
	assert_band("odi", "4,3,3,3,3,3,3,3,3,3", "crippling"); /* 62.0 */
	assert_band("odi", "4,4,4,4,4,4,4,4,4,4", "crippling"); /* 80.0 */
	assert_band("odi", "4,4,4,4,4,4,4,4,4,-", "crippling"); /* 80.0 */
	assert_band("odi", "5,4,4,4,4,4,4,4,4,-", "bed-bound"); /* 82.2 */
	assert_band("odi", "5,4,4,4,4,4,4,4,4,4", "bed-bound"); /* 82.0 */
	assert_band("odi", "5,5,5,5,5,5,5,5,5,5", "bed-bound"); /* 100 */
	assert_true(score("odi", "5,4,4,4,4,4,4,4,4,-").score == 82.2);
	assert_true(score("odi", "1,0,0,0,0,0,0,0,-,-").score == 2.5);
}

static void
test_startback(void **state)
{
	const struct br_instrument *in = load("startback");
	struct br_score s;

	(void)state;
	s = score("startback", "1,1,1,1,1,1,1,1,4");
	assert_true(s.score == 9);
	assert_int_equal(s.n_subscores, 1);
	assert_true(s.sub_has[0]);
	assert_true(s.subscores[0] == 5);
	assert_string_equal(in->bands[s.band].id, "high");
	/* Item 9 counts 1 only for "very much" (3) or "extremely" (4). */
	assert_true(score("startback", "0,0,0,0,0,0,0,0,2").score == 0);
	assert_true(score("startback", "0,0,0,0,0,0,0,0,3").score == 1);
	assert_true(score("startback", "0,0,0,0,0,0,0,0,3").subscores[0] == 1);
	assert_true(score("startback", "0,0,0,0,0,0,0,0,1").subscores[0] == 0);
	/* Risk groups at every boundary. */
	assert_band("startback", "0,0,0,0,0,0,0,0,0", "low");
	assert_band("startback", "1,1,1,0,0,0,0,0,0", "low");    /* 3, 0 */
	assert_band("startback", "0,0,0,0,1,1,1,0,0", "low");    /* 3, 3 */
	assert_band("startback", "1,1,1,1,0,0,0,0,0", "medium"); /* 4, 0 */
	assert_band("startback", "1,0,0,0,1,1,1,0,2", "medium"); /* 4, 3 */
	assert_band("startback", "0,0,0,0,1,1,1,1,0", "high");   /* 4, 4 */
	assert_band("startback", "1,1,1,1,1,1,1,0,0", "medium"); /* 7, 3 */
	assert_band("startback", "0,0,0,0,1,1,1,0,4", "high");   /* 4, 4 */
	assert_band("startback", "1,1,1,1,1,1,1,1,1", "high");   /* 8, 4 */
	refused("startback", "0,0,0,0,0,0,0,0,5", "item 9 of startback is 5",
	        "0-4");
	refused("startback", "2,0,0,0,0,0,0,0,0", "item 1 of startback is 2",
	        "0-1");
	refused("startback", "0,0,0,0,-,0,0,0,0", "item 5", "skipped");
	refused("startback", "0,0,0,0,0,0,0,0", "only 8", "item 9 is missing");
}

static void
test_isi(void **state)
{
	(void)state;
	assert_true(score("isi", "4,4,4,4,4,4,4").score == 28);
	assert_band("isi", "0,0,0,0,0,0,0", "none");
	assert_band("isi", "1,1,1,1,1,1,1", "none");         /* 7 */
	assert_band("isi", "2,1,1,1,1,1,1", "subthreshold"); /* 8 */
	assert_band("isi", "2,2,2,2,2,2,2", "subthreshold"); /* 14 */
	assert_band("isi", "3,2,2,2,2,2,2", "moderate");     /* 15 */
	assert_band("isi", "3,3,3,3,3,3,3", "moderate");     /* 21 */
	assert_band("isi", "4,3,3,3,3,3,3", "severe");       /* 22 */
	assert_band("isi", "4,4,4,4,4,4,4", "severe");       /* 28 */
	refused("isi", "4,4,4,4,4,4,5", "item 7 of isi is 5", "0-4");
	refused("isi", "4,4,4,-,4,4,4", "item 4", "skipped");
	refused("isi", "4,4,4,4,4,4", "only 6", NULL);
}

static void
test_psq3(void **state)
{
	struct br_score s;

	(void)state;
	s = score("psq3", "0,0,0");
	assert_true(s.score == 0);
	assert_int_equal(s.band, -1);
	assert_true(score("psq3", "100,100,100").score == 300);
	assert_true(score("psq3", "35,70,12").score == 117);
	refused("psq3", "35,101,12", "item 2 of psq3 is 101", "0-100");
	refused("psq3", "35,,12", "item 2", "skipped");
}

static void
test_pseq(void **state)
{
	struct br_score s;

	(void)state;
	assert_true(score("pseq", "6,6,6,6,6,6,6,6,6,6").score == 60);
	assert_band("pseq", "0,0,0,0,0,0,0,0,0,0", "severe");
	assert_band("pseq", "2,2,2,2,2,2,2,2,2,1", "severe");   /* 19 */
	assert_band("pseq", "2,2,2,2,2,2,2,2,2,2", "moderate"); /* 20 */
	assert_band("pseq", "3,3,3,3,3,3,3,3,3,3", "moderate"); /* 30 */
	assert_band("pseq", "4,3,3,3,3,3,3,3,3,3", "mild");     /* 31 */
	assert_band("pseq", "4,4,4,4,4,4,4,4,4,4", "mild");     /* 40 */
	assert_band("pseq", "5,4,4,4,4,4,4,4,4,4", "minimal");  /* 41 */
	assert_band("pseq", "6,6,6,6,6,6,6,6,6,6", "minimal");  /* 60 */
	/* One missing item is prorated and flagged; two are not scored. */
	s = score("pseq", "2,2,2,2,2,2,2,2,2,-");
	assert_true(s.score == 20); /* 18 x 10 / 9 */
	assert_true(s.prorated);
	assert_false(s.complete);
	assert_int_equal(s.answered, 9);
	assert_non_null(strstr(s.notes[1], "prorated from 9 of 10"));
	assert_true(score("pseq", "5,5,5,5,5,5,5,5,4,-").score ==
	            49); /* 48.9 */
	refused("pseq", "2,2,2,-,2,2,2,2,2,-", "at most 1 item",
	        "items 4 and 10 were skipped");
	refused("pseq", "2,2,2,2,2,2,2,2,2,7", "item 10 of pseq is 7", "0-6");
}

static void
test_pseq2(void **state)
{
	(void)state;
	assert_true(score("pseq2", "6,6").score == 12);
	assert_true(score("pseq2", "0,3").score == 3);
	assert_int_equal(score("pseq2", "0,3").band, -1);
	refused("pseq2", "-,6", "item 1", "skipped");
	refused("pseq2", "6", "pseq2 has 2 items but only 1 answer was", NULL);
	refused("pseq2", "6,7", "item 2 of pseq2 is 7", "0-6");
}

static struct br_change
change(const char *id, double baseline, double followup)
{
	struct br_err err = BR_ERR_INIT;
	struct br_change c;

	if (br_instrument_change(load(id), baseline, followup, &c, &err) < 0)
		fail_msg("%s %g -> %g: %s", id, baseline, followup, err.msg);
	return c;
}

static void
assert_tier(const char *id, double b, double f, const char *tier)
{
	struct br_change c = change(id, b, f);

	if (tier == NULL && c.tier == NULL)
		return;
	if (tier == NULL || c.tier == NULL || strcmp(tier, c.tier) != 0)
		fail_msg("%s %g -> %g: tier %s, expected %s", id, b, f,
		         c.tier ? c.tier : "null", tier ? tier : "null");
}

static void
test_change_pain(void **state)
{
	struct br_change c;

	(void)state;
	/* IMMPACT tiers on the NRS: >= 10% minimal, >= 30% moderate, >= 50%
	 * substantial. */
	c = change("nrs", 6, 3);
	assert_true(c.change == -3);
	assert_true(c.improvement == 3);
	assert_true(c.has_percent);
	assert_true(c.percent == 50);
	assert_string_equal(c.tier, "substantial");
	assert_int_equal(c.responder_points, 1);
	assert_int_equal(c.responder_percent, 1);
	assert_tier("nrs", 10, 9, "minimal");  /* 10% */
	assert_tier("nrs", 10, 8, "minimal");  /* 20% */
	assert_tier("nrs", 10, 7, "moderate"); /* 30% */
	assert_tier("nrs", 10, 6, "moderate"); /* 40% */
	assert_tier("nrs", 10, 5, "substantial");
	assert_tier("nrs", 5, 5, "none");
	assert_tier("nrs", 5, 6, "none"); /* a 1-point rise is within MCID */
	assert_tier("nrs", 4, 6, "worse");
	c = change("nrs", 10, 9);
	assert_int_equal(c.responder_points, 0);
	assert_int_equal(c.responder_percent, 0);
	/* Both flags kept: 2 points from 8 is 25%. */
	c = change("nrs", 8, 6);
	assert_int_equal(c.responder_points, 1);
	assert_int_equal(c.responder_percent, 0);
	/* Floor and ceiling. */
	c = change("nrs", 0, 0);
	assert_true(c.cannot_assess);
	assert_string_equal(c.tier, "cannot-assess");
	assert_int_equal(c.responder_points, -1);
	assert_int_equal(c.responder_percent, -1);
	assert_non_null(c.reason);
	assert_tier("nrs", 10, 10, "cannot-assess");
	assert_tier("nrs", 10, 4, "substantial");
	/* PEG: 1-point MID, IMMPACT-style tiers. */
	c = change("peg", 6, 5);
	assert_int_equal(c.responder_points, 1);
	assert_int_equal(c.responder_percent, 0);
	assert_string_equal(c.tier, "minimal");
}

static void
test_change_disability(void **state)
{
	struct br_change c;
	struct br_err err = BR_ERR_INIT;

	(void)state;
	/* RMDQ: 5 points or 30%; cannot assess below 4 or above 20. */
	c = change("rmdq", 12, 2);
	assert_true(c.percent > 83.3 && c.percent < 83.4);
	assert_int_equal(c.responder_points, 1);
	assert_int_equal(c.responder_percent, 1);
	assert_string_equal(c.tier, "improved");
	c = change("rmdq", 10, 7); /* 3 points, 30% */
	assert_int_equal(c.responder_points, 0);
	assert_int_equal(c.responder_percent, 1);
	assert_string_equal(c.tier, "improved");
	assert_tier("rmdq", 12, 10, "none");
	assert_tier("rmdq", 10, 16, "worse");
	assert_tier("rmdq", 3, 0, "cannot-assess");
	assert_tier("rmdq", 4, 0, "improved");
	assert_tier("rmdq", 21, 22, "cannot-assess");
	assert_tier("rmdq", 21, 21, "cannot-assess");
	assert_tier("rmdq", 21, 14, "improved");
	c = change("rmdq", 3, 0);
	assert_int_equal(c.responder_points, -1);
	/* ODI: 10 points or 30%, with one-decimal scores. */
	c = change("odi", 35.6, 25.6); /* 10.0 points, 28% */
	assert_int_equal(c.responder_points, 1);
	assert_int_equal(c.responder_percent, 0);
	c = change("odi", 40, 31);
	assert_int_equal(c.responder_points, 0);
	assert_int_equal(c.responder_percent, 0);
	assert_string_equal(c.tier, "none");
	/* ISI: minimal at 6 points, moderate (responder) at 8. */
	c = change("isi", 20, 13);
	assert_string_equal(c.tier, "minimal");
	assert_int_equal(c.responder_points, 0);
	assert_int_equal(c.responder_percent, -1);
	assert_tier("isi", 20, 12, "moderate");
	assert_tier("isi", 20, 16, "none");
	assert_tier("isi", 12, 20, "worse");
	/* PSEQ: higher is better. */
	c = change("pseq", 20, 30);
	assert_true(c.improvement == 10);
	assert_true(c.percent == 50);
	assert_int_equal(c.responder_points, 1);
	assert_int_equal(c.responder_percent, -1);
	assert_string_equal(c.tier, "improved");
	assert_tier("pseq", 30, 20, "worse");
	assert_tier("pseq", 60, 60, "cannot-assess");
	assert_tier("pseq", 0, 0, "cannot-assess");
	assert_tier("pseq", 0, 10, "improved");
	/* No MCID published: change only. */
	c = change("psq3", 200, 100);
	assert_null(c.tier);
	assert_int_equal(c.responder_points, -1);
	assert_int_equal(c.responder_percent, -1);
	assert_true(c.percent == 50);
	assert_null(change("pseq2", 4, 8).tier);
	/* STarT Back is a screening tool; scores off the scale fail. */
	assert_int_equal(
	        br_instrument_change(load("startback"), 5, 2, &c, &err),
	        BR_EINVAL);
	assert_int_equal(br_instrument_change(load("nrs"), 5, 11, &c, &err),
	                 BR_EINVAL);
	assert_int_equal(br_instrument_change(load("nrs"), -1, 1, &c, &err),
	                 BR_EINVAL);
}

static int
teardown(void **state)
{
	(void)state;
	for (int i = 0; ids[i]; i++)
		br_instrument_free(&loaded[i]);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_all_definitions_load),
	        cmocka_unit_test(test_score_ranges),
	        cmocka_unit_test(test_answers_parser),
	        cmocka_unit_test(test_nrs),
	        cmocka_unit_test(test_peg),
	        cmocka_unit_test(test_rmdq),
	        cmocka_unit_test(test_odi),
	        cmocka_unit_test(test_startback),
	        cmocka_unit_test(test_isi),
	        cmocka_unit_test(test_psq3),
	        cmocka_unit_test(test_pseq),
	        cmocka_unit_test(test_pseq2),
	        cmocka_unit_test(test_change_pain),
	        cmocka_unit_test(test_change_disability),
	};

	return cmocka_run_group_tests(tests, NULL, teardown);
}
