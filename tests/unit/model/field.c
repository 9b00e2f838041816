/* Unit tests for src/model/field.c: checking input against a field table,
 * on the API's strict terms and the command line's. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "model/field.h"

static const char *const sides[] = {"left", "right", "both", NULL};

static const struct br_field point_fields[] = {
        {.key = "point",
         .type = BR_FT_TEXT,
         .min = 1,
         .max = 16,
         .flags = BR_FF_REQUIRED},
        {.key = "side", .type = BR_FT_ENUM, .values = sides},
        {0},
};

static const struct br_field fields[] = {
        {.key = "patient_id", .type = BR_FT_ID, .flags = BR_FF_REQUIRED},
        {.key = "date", .type = BR_FT_DATE, .flags = BR_FF_REQUIRED},
        {.key = "pain", .type = BR_FT_INT, .min = 0, .max = 10},
        {.key = "weight", .type = BR_FT_NUM, .min = 0.5, .max = 300},
        {.key = "note", .type = BR_FT_TEXT, .max = 20},
        {.key = "bedtime", .type = BR_FT_CLOCK},
        {.key = "done", .type = BR_FT_BOOL},
        {.key = "side", .type = BR_FT_ENUM, .values = sides},
        {.key = "sides", .type = BR_FT_LIST, .values = sides, .max = 2},
        {.key = "effects",
         .type = BR_FT_LIST,
         .flags = BR_FF_VOCAB,
         .vocab_file = "herbal.json",
         .vocab_list = "adverse_effects"},
        {.key = "points", .type = BR_FT_ARRAY, .fields = point_fields},
        {.key = "where", .type = BR_FT_OBJECT, .fields = point_fields},
        {.key = "extra", .type = BR_FT_OBJECT},
        {.key = "answers", .type = BR_FT_CODES},
        {.key = "clinic_id", .type = BR_FT_ID, .flags = BR_FF_SERVER},
        {0},
};

static const struct br_fields table = {"Sample", "a sample", fields};

/* Checks the JSON text in; returns the code, leaves the message in err. */
static int
check(const char *text, bool strict, struct br_err *err)
{
	json_error_t jerr;
	json_t *in = json_loads(text, 0, &jerr);
	int rc;

	assert_non_null(in);
	br_err_clear(err);
	rc = br_fields_check(in, &table, strict, err);
	json_decref(in);
	return rc;
}

/* Expects text to be refused (in the given mode) with message msg naming
 * field. */
static void
refused(const char *text, bool strict, const char *field, const char *msg)
{
	struct br_err err = BR_ERR_INIT;

	assert_int_equal(check(text, strict, &err), BR_EINVAL);
	assert_string_equal(err.field, field);
	assert_string_equal(err.msg, msg);
}

static void
accepted(const char *text, bool strict)
{
	struct br_err err = BR_ERR_INIT;
	int rc = check(text, strict, &err);

	if (rc != 0)
		fail_msg("%s refused: %s", text, err.msg);
}

#define BASE "\"patient_id\":7,\"date\":\"2026-03-01\""

static void
test_valid_both_modes(void **state)
{
	(void)state;
	accepted("{" BASE "}", true);
	accepted("{" BASE "}", false);
	accepted("{" BASE ",\"pain\":3,\"weight\":71.5,\"note\":\"a\\nb\","
	         "\"bedtime\":\"23:15\",\"done\":true,\"side\":\"left\","
	         "\"sides\":[\"left\",\"right\"],\"effects\":[\"nausea\"],"
	         "\"points\":[{\"point\":\"BL23\",\"side\":\"both\"}],"
	         "\"where\":{\"point\":\"GB30\"},\"extra\":{\"any\":[1]},"
	         "\"note\":null}",
	         true);
	/* null is "not given". */
	accepted("{" BASE ",\"pain\":null,\"side\":null}", true);
}

static void
test_unknown_and_server_keys(void **state)
{
	(void)state;
	refused("{" BASE ",\"colour\":1}", true, "colour",
	        "'colour' is not a known field here");
	/* A field the server sets is never taken from outside. */
	refused("{" BASE ",\"clinic_id\":1}", false, "clinic_id",
	        "'clinic_id' is not a known field here");
	refused("{" BASE ",\"points\":[{\"point\":\"BL23\",\"x\":1}]}", true,
	        "points[0].x", "'points[0].x' is not a known field here");
	/* Unknown keys are refused before anything else is looked at. */
	refused("{\"zz\":1}", true, "zz", "'zz' is not a known field here");

	struct br_err err = BR_ERR_INIT;
	json_t *arr = json_array();
	assert_int_equal(br_fields_check(arr, &table, true, &err), BR_EINVAL);
	assert_string_equal(err.msg, "the input must be a JSON object");
	json_decref(arr);
}

static void
test_required(void **state)
{
	struct br_err err = BR_ERR_INIT;

	(void)state;
	refused("{\"date\":\"2026-03-01\"}", true, "patient_id",
	        "patient_id is required");
	refused("{\"patient_id\":7,\"date\":null}", false, "date",
	        "date is required (YYYY-MM-DD)");
	refused("{" BASE ",\"points\":[{\"side\":\"left\"}]}", true,
	        "points[0].point", "points[0].point is required");
	/* No input at all: the first required field is missing. */
	assert_int_equal(br_fields_check(NULL, &table, true, &err), BR_EINVAL);
	assert_string_equal(err.field, "patient_id");
}

static void
test_strict_wants_json_types(void **state)
{
	(void)state;
	/* The command line passes every flag as text ... */
	accepted("{\"patient_id\":\"7\",\"date\":\"2026-03-01\",\"pain\":\"5\","
	         "\"weight\":\"80\",\"done\":\"yes\",\"sides\":\"left,right\"}",
	         false);
	/* ... a JSON body must send numbers and booleans as JSON types
	 * (the same rule as app's typed input). */
	refused("{\"patient_id\":\"7\",\"date\":\"2026-03-01\"}", true,
	        "patient_id",
	        "patient_id must be a record id (a JSON number), not text in "
	        "quotes");
	refused("{" BASE ",\"pain\":\"5\"}", true, "pain",
	        "pain must be a whole number (a JSON number), not text in "
	        "quotes");
	refused("{" BASE ",\"weight\":\"80\"}", true, "weight",
	        "weight must be a number (a JSON number), not text in quotes");
	refused("{" BASE ",\"pain\":true}", true, "pain",
	        "pain must be a whole number from 0 to 10, not 'true'");
	refused("{" BASE ",\"done\":\"yes\"}", true, "done",
	        "done must be true or false (a JSON boolean)");
	refused("{" BASE ",\"done\":1}", true, "done",
	        "done must be true or false (a JSON boolean)");
	/* Text fields, dates, codes and lists are text either way. */
	accepted("{" BASE ",\"sides\":\"left,right\",\"side\":\"left\"}", true);
	refused("{\"patient_id\":7,\"date\":20260301}", true, "date",
	        "date must be a date written YYYY-MM-DD, not '20260301'");
	/* A string of the command line that does not parse. */
	refused("{" BASE ",\"done\":\"maybe\"}", false, "done",
	        "done must be true or false (yes or no)");
	refused("{" BASE ",\"pain\":\"five\"}", false, "pain",
	        "pain must be a whole number from 0 to 10, not 'five'");
}

static void
test_ranges_and_lengths(void **state)
{
	(void)state;
	refused("{" BASE ",\"pain\":11}", true, "pain",
	        "pain must be a whole number from 0 to 10, not '11'");
	refused("{" BASE ",\"pain\":2.5}", true, "pain",
	        "pain must be a whole number from 0 to 10, not '2.5'");
	refused("{" BASE ",\"weight\":\"0.1\"}", false, "weight",
	        "weight must be a number from 0.5 to 300, not '0.1'");
	refused("{\"patient_id\":0,\"date\":\"2026-03-01\"}", true,
	        "patient_id",
	        "patient_id must be a record id (a positive whole number)");
	refused("{" BASE ",\"note\":\"123456789012345678901\"}", true, "note",
	        "note is 21 bytes long; at most 20 are allowed");
	refused("{" BASE ",\"note\":\"a\\u0001\"}", true, "note",
	        "note contains a control character at byte 2");
	refused("{" BASE ",\"note\":5}", false, "note", "note must be text");
	refused("{" BASE ",\"points\":[{\"point\":\"\"}]}", true,
	        "points[0].point", "points[0].point must not be empty");
	refused("{\"patient_id\":7,\"date\":\"2026-02-30\"}", true, "date",
	        "date '2026-02-30' is not a calendar date");
	refused("{" BASE ",\"bedtime\":\"24:00\"}", true, "bedtime",
	        "bedtime must be a clock time HH:MM from 00:00 to 23:59, "
	        "not '24:00'");
	refused("{" BASE ",\"pain\":[1]}", false, "pain",
	        "pain must be a single value, not a list or object");
	refused("{" BASE ",\"pain\":{}}", true, "pain",
	        "pain must be a single value, not a list or object");
}

static void
test_vocabularies(void **state)
{
	(void)state;
	refused("{" BASE ",\"side\":\"up\"}", true, "side",
	        "side must be one of left, right, both, not 'up'");
	refused("{" BASE ",\"sides\":\"left,up\"}", false, "sides",
	        "sides must be one of left, right, both, not 'up'");
	refused("{" BASE ",\"sides\":[\"left\",\"right\",\"both\"]}", true,
	        "sides", "sides may list at most 2 items, not 3");
	refused("{" BASE ",\"sides\":[\"left\",3]}", true, "sides",
	        "sides must be a list of text values");
	/* A vocabulary a clinic may extend: its codes come from the file. */
	struct br_err err = BR_ERR_INIT;
	assert_int_equal(check("{" BASE ",\"effects\":[\"no-such-effect\"]}",
	                       true, &err),
	                 BR_EINVAL);
	assert_string_equal(err.field, "effects");
	assert_non_null(strstr(err.msg, "'no-such-effect'"));
	refused("{" BASE ",\"points\":[{\"point\":\"BL23\",\"side\":\"up\"}]}",
	        true, "points[0].side",
	        "points[0].side must be one of left, right, both, not 'up'");
	refused("{" BASE ",\"where\":{\"point\":\"x\",\"side\":\"up\"}}", true,
	        "where.side",
	        "where.side must be one of left, right, both, not 'up'");
}

static void
test_nested_shapes(void **state)
{
	(void)state;
	refused("{" BASE ",\"points\":{}}", true, "points",
	        "points must be a list, not an object");
	refused("{" BASE ",\"points\":[\"BL23\"]}", true, "points[0]",
	        "points[0] must be an object, not text");
	refused("{" BASE ",\"where\":[]}", true, "where",
	        "where must be an object, not a list");
	refused("{" BASE ",\"extra\":\"x\"}", false, "extra",
	        "extra must be an object, not text");
}

static void
test_answer_codes(void **state)
{
	const char *text = "{" BASE ",\"answers\":[3,null,\"-\",\"2\"]}";
	json_t *in = json_loads(text, 0, NULL);
	struct br_err err = BR_ERR_INIT;
	int codes[8], n = 0;

	(void)state;
	accepted(text, true);
	accepted("{" BASE ",\"answers\":\"3,,-,2\"}", false);
	accepted("{" BASE ",\"answers\":[]}", true);
	refused("{" BASE ",\"answers\":[-1]}", true, "answers",
	        "answers: answer 1 is -1; expected a response code (a whole "
	        "number 0 or more) or null for a skipped item");
	refused("{" BASE ",\"answers\":[1,\"x\"]}", true, "answers",
	        "answers: answer 2 is not a response code, - or null");
	refused("{" BASE ",\"answers\":[1,[2]]}", true, "answers",
	        "answers: answer 2 must be a response code or null");
	refused("{" BASE ",\"answers\":{}}", true, "answers",
	        "answers must be a comma-separated list or an array of codes");
	refused("{" BASE ",\"answers\":\"1,x\"}", false, "answers",
	        "answers: answer 2 is 'x'; expected a response code (a whole "
	        "number), or - or nothing for a skipped item");
	/* Read: codes in order, skipped items as BR_ANSWER_SKIPPED (-1). */
	assert_non_null(in);
	assert_int_equal(br_field_codes("answers",
	                                json_object_get(in, "answers"), codes,
	                                8, &n, &err),
	                 0);
	assert_int_equal(n, 4);
	assert_int_equal(codes[0], 3);
	assert_int_equal(codes[1], -1);
	assert_int_equal(codes[2], -1);
	assert_int_equal(codes[3], 2);
	json_decref(in);
}

/* A filled record's values against the table: a whole number, a number,
 * a word of a vocabulary; a key the table lacks is an error, not a
 * crash. */
static void
test_record_values(void **state)
{
	struct br_err err = BR_ERR_INIT;

	(void)state;
	assert_int_equal(br_fields_range(&table, "pain", 10, &err), 0);
	assert_int_equal(br_fields_range(&table, "pain", 11, &err), BR_EINVAL);
	assert_string_equal(err.msg, "pain must be 0-10, not 11");
	assert_int_equal(br_fields_num_range(&table, "weight", 0.5, &err), 0);
	assert_int_equal(br_fields_num_range(&table, "weight", 0.4, &err),
	                 BR_EINVAL);
	assert_string_equal(err.field, "weight");
	assert_string_equal(err.msg,
	                    "weight must be a number from 0.5 to 300, not 0.4");
	assert_int_equal(br_fields_enum(&table, "side", "both", &err), 0);
	assert_int_equal(br_fields_enum(&table, "side", "up", &err), BR_EINVAL);
	assert_string_equal(err.msg,
	                    "side must be one of left, right, both, not 'up'");
	assert_null(br_fields_get(&table, "colour", &err));
	assert_string_equal(err.msg, "colour is not a field of Sample");
	assert_int_equal(br_fields_num_range(&table, "colour", 1, &err),
	                 BR_EINVAL);
	assert_int_equal(br_fields_enum(&table, "colour", "x", &err),
	                 BR_EINVAL);
	assert_string_equal(err.field, "colour");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_valid_both_modes),
	        cmocka_unit_test(test_unknown_and_server_keys),
	        cmocka_unit_test(test_required),
	        cmocka_unit_test(test_strict_wants_json_types),
	        cmocka_unit_test(test_ranges_and_lengths),
	        cmocka_unit_test(test_vocabularies),
	        cmocka_unit_test(test_nested_shapes),
	        cmocka_unit_test(test_answer_codes),
	        cmocka_unit_test(test_record_values),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
