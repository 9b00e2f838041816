/* Unit tests for src/model/previsit.c: every red-flag question for
 * patients asks about a flag of the project's list (core/redflag.h),
 * one a person can tell about themselves (never a derived one), once;
 * every emergency flag a patient can report is asked; and the answers'
 * table takes the intake's fields and the replies, and refuses anything
 * else, naming it as the body names it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/redflag.h"
#include "model/previsit.h"

static void
test_questions_ask_known_flags(void **state)
{
	int n = 0;

	(void)state;
	for (const struct br_previsit_question *q = br_previsit_questions;
	     q->flag; q++, n++) {
		const struct br_redflag *f = br_redflag_find(q->flag);

		assert_non_null(f);
		assert_false(f->derived);
		assert_true(strlen(q->text) > 10);
		assert_int_equal(q->text[strlen(q->text) - 1], '?');
		for (const struct br_previsit_question *o =
		             br_previsit_questions;
		     o < q; o++)
			assert_string_not_equal(o->flag, q->flag);
	}
	assert_true(n > 0 && n <= BR_REDFLAG_MAX);
}

/* The emergency signs a patient can tell are all asked: every cauda
 * equina flag and major trauma (multilevel weakness is found on
 * examination). */
static void
test_emergency_signs_are_asked(void **state)
{
	(void)state;
	for (const struct br_redflag *f = br_redflags; f->id; f++) {
		bool asked = false;

		if (!f->emergency || strcmp(f->id, "multilevel-weakness") == 0)
			continue;
		for (const struct br_previsit_question *q =
		             br_previsit_questions;
		     q->flag; q++)
			asked = asked || strcmp(q->flag, f->id) == 0;
		if (!asked)
			fail_msg("the emergency flag %s is not asked", f->id);
	}
}

static void
test_answers_table(void **state)
{
	struct br_err err = BR_ERR_INIT;
	json_t *in;

	(void)state;
	in = json_pack("{s:{s:s, s:i, s:b, s:[s]}, s:{s:s, s:s}, s:b}",
	               "intake", "onset_mode", "lifting", "sitting_hours", 8,
	               "night_pain", 1, "locations", "low-back", "red_flags",
	               "saddle-anaesthesia", "no", "fever", "unsure",
	               "finished", 1);
	assert_int_equal(
	        br_fields_check(in, &br_previsit_answer_fields, true, &err), 0);
	json_decref(in);

	in = json_pack("{s:{s:i}}", "intake", "sitting_hours", 25);
	assert_int_equal(
	        br_fields_check(in, &br_previsit_answer_fields, true, &err),
	        BR_EINVAL);
	assert_string_equal(err.field, "intake.sitting_hours");
	json_decref(in);

	in = json_pack("{s:{s:s}}", "red_flags", "fever", "maybe");
	assert_int_equal(
	        br_fields_check(in, &br_previsit_answer_fields, true, &err),
	        BR_EINVAL);
	assert_string_equal(err.field, "red_flags.fever");
	json_decref(in);

	/* No episode, date or clear: the answers have no episode yet. */
	in = json_pack("{s:{s:s}}", "intake", "date", "2026-03-01");
	assert_int_equal(
	        br_fields_check(in, &br_previsit_answer_fields, true, &err),
	        BR_EINVAL);
	assert_string_equal(err.field, "intake.date");
	json_decref(in);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_questions_ask_known_flags),
	        cmocka_unit_test(test_emergency_signs_are_asked),
	        cmocka_unit_test(test_answers_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
