/*
 * Unit tests for the strict checking of instrument definition files
 * (core/instrument_def.c): each broken file fails with a sentence naming
 * the file and the field, and an override may change wording only.
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

static json_t *
original(const char *id)
{
	char name[64];
	const struct br_embedded_file *f;
	json_t *doc;

	snprintf(name, sizeof(name), "instruments/%s.json", id);
	f = br_embedded_data(name);
	assert_non_null(f);
	doc = json_loadb((const char *)f->bytes, f->len, 0, NULL);
	assert_non_null(doc);
	return doc;
}

/* Parses doc (stolen) as file; returns the result code, err filled. */
static int
parse(json_t *doc, const char *file, struct br_instrument *out,
      struct br_err *err)
{
	char *text = json_dumps(doc, 0);
	int rc;

	json_decref(doc);
	assert_non_null(text);
	rc = br_instrument_parse(file, text, strlen(text), out, err);
	free(text);
	return rc;
}

/* Asserts doc (stolen) is refused naming field (err.field) and with
 * needle in the message. */
static void
refused(json_t *doc, const char *field, const char *needle)
{
	struct br_instrument in;
	struct br_err err = BR_ERR_INIT;
	int rc = parse(doc, "odi.json", &in, &err);

	if (rc == 0) {
		br_instrument_free(&in);
		fail_msg("accepted; expected an error on %s", field);
	}
	assert_int_equal(rc, BR_EINVAL);
	assert_non_null(strstr(err.msg, "instrument file 'odi.json'"));
	if (strcmp(err.field, field) != 0)
		fail_msg("field '%s', expected '%s': %s", err.field, field,
		         err.msg);
	if (needle && strstr(err.msg, needle) == NULL)
		fail_msg("'%s' not in: %s", needle, err.msg);
}

static json_t *
item(json_t *doc, size_t i)
{
	return json_array_get(json_object_get(doc, "items"), i);
}

static void
test_every_shipped_file_is_valid(void **state)
{
	int n = 0;

	(void)state;
	for (const struct br_embedded_file *f = br_data_files; f->name; f++) {
		struct br_instrument in;
		struct br_err err = BR_ERR_INIT;

		if (strncmp(f->name, "instruments/", 12) != 0)
			continue;
		if (br_instrument_parse(f->name, (const char *)f->bytes, f->len,
		                        &in, &err) < 0)
			fail_msg("%s", err.msg);
		br_instrument_free(&in);
		n++;
	}
	assert_int_equal(n, 9);
}

static void
test_syntax_and_shape(void **state)
{
	struct br_instrument in;
	struct br_err err = BR_ERR_INIT;

	(void)state;
	assert_int_equal(br_instrument_parse("x.json", "{", 1, &in, &err),
	                 BR_EINVAL);
	assert_non_null(strstr(err.msg, "is not valid JSON (line 1"));
	assert_int_equal(br_instrument_parse("x.json", "[1]", 3, &in, &err),
	                 BR_EINVAL);
	assert_non_null(strstr(err.msg, "one JSON object"));
	assert_int_equal(br_instrument_parse("x.json", "{\"a\":1,\"a\":2}", 13,
	                                     &in, &err),
	                 BR_EINVAL);
	refused(json_pack("{s:i}", "format", 1), "id", "is required");
}

static void
test_top_level_fields(void **state)
{
	json_t *d;

	(void)state;
	d = original("odi");
	json_object_set_new(d, "colour", json_string("red"));
	refused(d, "colour", "is not a known field");
	d = original("odi");
	json_object_set_new(d, "format", json_integer(2));
	refused(d, "format", "must be a whole number 1-1");
	d = original("odi");
	json_object_set_new(d, "id", json_string("ODI"));
	refused(d, "id", "lowercase");
	d = original("odi");
	json_object_set_new(d, "id", json_string("oswestry"));
	refused(d, "id", "must match the file name");
	d = original("odi");
	json_object_set_new(d, "direction", json_string("up"));
	refused(d, "direction", "higher-worse, higher-better");
	d = original("odi");
	json_object_set_new(d, "name", json_string(""));
	refused(d, "name", "must not be empty");
	d = original("odi");
	json_object_set_new(d, "name", json_string("a\001b"));
	refused(d, "name", "control character");
	d = original("odi");
	json_object_del(d, "licence");
	refused(d, "licence", "is required");
}

static void
test_items(void **state)
{
	json_t *d;

	(void)state;
	d = original("odi");
	json_object_set_new(item(d, 2), "id", json_string("walking"));
	refused(d, "items[3]", "repeats the item id 'walking'");
	d = original("odi");
	json_object_del(item(d, 0), "label");
	refused(d, "items[0].label", "is required");
	d = original("odi");
	json_object_set_new(item(d, 1), "points", json_pack("[i,i]", 0, 1));
	refused(d, "items[1].points", "6 entries");
	d = original("odi");
	json_object_set_new(json_object_get(d, "responses"), "max",
	                    json_integer(1001));
	refused(d, "responses.max", "1-1000");
	d = original("odi");
	json_array_append_new(
	        json_object_get(json_object_get(d, "responses"), "anchors"),
	        json_pack("{s:i, s:s}", "code", 2, "label", "again"));
	refused(d, "responses.anchors[6]", "must come after code 5");
	d = original("odi");
	json_array_remove(
	        json_object_get(json_object_get(d, "responses"), "anchors"), 5);
	refused(d, "responses.anchors", "highest code 5");
	d = original("odi");
	json_array_clear(json_object_get(d, "items"));
	refused(d, "items", "1 to 64 entries");
}

static void
test_rules(void **state)
{
	json_t *d;

	(void)state;
	d = original("odi");
	json_object_set_new(json_object_get(d, "scoring"), "rule",
	                    json_string("count"));
	refused(d, "scoring.rule", "answered 0 or 1");
	d = original("odi");
	json_object_set_new(json_object_get(d, "scoring"), "rule",
	                    json_string("single"));
	refused(d, "scoring.rule", "exactly one item");
	d = original("odi");
	json_object_set_new(json_object_get(d, "scoring"), "rule",
	                    json_string("formula"));
	refused(d, "scoring.rule", "single, sum, count, mean, percent");
	d = original("odi");
	json_object_set_new(json_object_get(d, "missing"), "rule",
	                    json_string("prorate"));
	refused(d, "missing.min_answered", "only used with");
	d = original("odi");
	json_object_set_new(json_object_get(d, "missing"), "min_answered",
	                    json_integer(11));
	refused(d, "missing.min_answered", "1-10");
	d = original("odi");
	json_object_del(json_object_get(d, "missing"), "min_answered");
	refused(d, "missing.min_answered", "is required");
}

static void
test_bands(void **state)
{
	json_t *d, *bands;

	(void)state;
	d = original("odi");
	bands = json_object_get(d, "bands");
	json_object_set_new(json_array_get(bands, 2), "max", json_real(30));
	refused(d, "bands[2]", "above the max of an earlier band");
	d = original("odi");
	bands = json_object_get(d, "bands");
	json_object_set_new(json_array_get(bands, 4), "max", json_real(90));
	refused(d, "bands[4]", "catch every remaining score");
	d = original("odi");
	bands = json_object_get(d, "bands");
	json_object_set_new(json_array_get(bands, 0), "max", json_real(101));
	refused(d, "bands[0].max", "from 0 to 100");
	d = original("odi");
	bands = json_object_get(d, "bands");
	json_object_del(json_array_get(bands, 1), "max");
	refused(d, "bands[1]", "needs a condition");
	d = original("odi");
	json_object_set_new(
	        json_array_get(json_object_get(d, "bands"), 1), "subscore",
	        json_pack("{s:s, s:i}", "id", "distress", "max", 3));
	refused(d, "bands[1].subscore.id", "names no subscore");
}

static void
test_loinc_and_licence(void **state)
{
	json_t *d;

	(void)state;
	d = original("odi");
	json_object_set_new(json_object_get(d, "loinc"), "score",
	                    json_string("97909-5"));
	refused(d, "loinc.score", "wrong LOINC check digit");
	d = original("odi");
	json_object_set_new(json_object_get(d, "loinc"), "score",
	                    json_string("ODI"));
	refused(d, "loinc.score", "must be a LOINC code");
	d = original("odi");
	json_object_set_new(item(d, 0), "text",
	                    json_string("Licensed wording here"));
	refused(d, "items[0]", "labels-only");
	d = original("odi");
	json_object_set_new(json_object_get(d, "licence"), "wording",
	                    json_string("licensed"));
	refused(d, "items[0]", "needs its wording");
}

static void
test_change_rule(void **state)
{
	json_t *d;

	(void)state;
	d = original("odi");
	json_object_set_new(json_object_get(d, "change"), "mcid_percent",
	                    json_integer(0));
	refused(d, "change.mcid_percent", "from 0.001 to 100");
	d = original("odi");
	json_object_set_new(json_object_get(d, "change"), "tiers",
	                    json_pack("[{s:s, s:i}, {s:s, s:i}]", "id",
	                              "moderate", "percent", 30, "id",
	                              "minimal", "percent", 10));
	refused(d, "change.tiers[1]", "after the lower tiers");
	d = original("odi");
	json_object_set_new(json_object_get(d, "change"), "tiers",
	                    json_pack("[{s:s}]", "id", "minimal"));
	refused(d, "change.tiers[0]", "either percent or points");
}

static void
test_override_may_change_wording_only(void **state)
{
	struct br_instrument a, b;
	struct br_err err = BR_ERR_INIT;
	json_t *d;
	size_t i;
	json_t *it;

	(void)state;
	assert_int_equal(parse(original("odi"), "odi.json", &a, &err), 0);
	/* A clinic's licensed form: wording added, labels changed. */
	d = original("odi");
	json_object_set_new(json_object_get(d, "licence"), "wording",
	                    json_string("licensed"));
	json_array_foreach(json_object_get(d, "items"), i, it)
	{
		json_object_set_new(it, "text", json_string("Licensed text"));
	}
	json_object_set_new(item(d, 7), "label",
	                    json_string("8. Employment / homemaking"));
	assert_int_equal(parse(d, "odi.json", &b, &err), 0);
	assert_int_equal(br_instrument_same_scoring(&a, &b, "odi.json", &err),
	                 0);
	assert_string_equal(b.items[0].text, "Licensed text");
	br_instrument_free(&b);
	/* A changed band boundary is refused. */
	d = original("odi");
	json_object_set_new(json_array_get(json_object_get(d, "bands"), 0),
	                    "max", json_real(22));
	assert_int_equal(parse(d, "odi.json", &b, &err), 0);
	assert_int_equal(br_instrument_same_scoring(&a, &b, "odi.json", &err),
	                 BR_EINVAL);
	assert_non_null(strstr(err.msg, "its bands differs"));
	br_instrument_free(&b);
	/* So is a changed missing-item rule. */
	d = original("odi");
	json_object_set_new(json_object_get(d, "missing"), "min_answered",
	                    json_integer(5));
	assert_int_equal(parse(d, "odi.json", &b, &err), 0);
	assert_int_equal(br_instrument_same_scoring(&a, &b, "odi.json", &err),
	                 BR_EINVAL);
	assert_non_null(strstr(err.msg, "missing-item rule"));
	br_instrument_free(&b);
	br_instrument_free(&a);
}

static void
test_new_instrument(void **state)
{
	struct br_instrument in;
	struct br_err err = BR_ERR_INIT;
	json_t *d = json_pack(
	        "{s:i, s:s, s:s, s:s, s:s, s:s, s:s, s:{s:i, s:i, s:[{s:i, "
	        "s:s}, {s:i, s:s}]}, s:[{s:s, s:s}, {s:s, s:s}], s:{s:s, s:i, "
	        "s:s}, s:{s:s, s:s}, s:[], s:{s:s, s:s, s:s, s:s}}",
	        "format", 1, "id", "bpi-int", "name", "Example", "version", "1",
	        "recall", "past week", "direction", "higher-worse", "citation",
	        "a test", "responses", "min", 0, "max", 10, "anchors", "code",
	        0, "label", "none", "code", 10, "label", "worst", "items", "id",
	        "a", "label", "first", "id", "b", "label", "second", "scoring",
	        "rule", "mean", "decimals", 1, "description", "mean", "missing",
	        "rule", "all", "description", "all needed", "bands", "licence",
	        "holder", "nobody", "terms", "free", "wording", "labels-only",
	        "wording_source", "none");
	int codes[2] = {3, 4};
	struct br_score s;

	(void)state;
	assert_int_equal(parse(d, "bpi-int.json", &in, &err), 0);
	assert_int_equal(br_instrument_score(&in, codes, 2, &s, &err), 0);
	assert_true(s.score == 3.5);
	assert_false(in.has_change);
	br_instrument_free(&in);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_every_shipped_file_is_valid),
	        cmocka_unit_test(test_syntax_and_shape),
	        cmocka_unit_test(test_top_level_fields),
	        cmocka_unit_test(test_items),
	        cmocka_unit_test(test_rules),
	        cmocka_unit_test(test_bands),
	        cmocka_unit_test(test_loinc_and_licence),
	        cmocka_unit_test(test_change_rule),
	        cmocka_unit_test(test_override_may_change_wording_only),
	        cmocka_unit_test(test_new_instrument),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
