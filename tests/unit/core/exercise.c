/* Unit tests for src/core/exercise.c: the embedded library, and the
 * progression rule (docs/clinical/exercise-and-pacing.md) at each boundary
 * (pain during 5/6, next morning usual + 1 / + 2, range loss, re-injury, two
 * tolerated sessions, the ends of a ladder, the red-flag override). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/embed.h"
#include "core/exercise.h"

static struct br_exercises lib;

static int
setup(void **state)
{
	const struct br_embedded_file *f = br_embedded_data("exercises.json");
	struct br_err err = BR_ERR_INIT;

	(void)state;
	if (f == NULL ||
	    br_exercises_parse("exercises.json", (const char *)f->bytes, f->len,
	                       &lib, &err) < 0) {
		fprintf(stderr, "%s\n", err.msg);
		return -1;
	}
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	br_exercises_free(&lib);
	return 0;
}

static void
test_library(void **state)
{
	static const char *const ids[] = {"squat-supported",
	                                  "squat-bodyweight",
	                                  "squat-goblet",
	                                  "hip-hinge-double-leg",
	                                  "hip-hinge-single-leg",
	                                  "lunge-supported",
	                                  "lunge",
	                                  "bridge",
	                                  "bridge-single-leg",
	                                  "bird-dog",
	                                  "cat-camel",
	                                  "knee-to-chest",
	                                  NULL};
	int s;

	(void)state;
	for (int i = 0; ids[i]; i++)
		assert_true(br_exercises_find(&lib, ids[i]) >= 0);
	for (int i = 0; i < lib.n_levels; i++) {
		assert_in_range(lib.levels[i].reps, 5, 10);
		assert_in_range(lib.levels[i].every_days, 2, 3);
		assert_true(lib.levels[i].n_cues > 0);
	}
	s = br_exercises_find(&lib, "squat-goblet");
	assert_int_equal(lib.levels[s].level, 3);
	assert_string_equal(lib.ladders[lib.levels[s].ladder].id, "squat");
	assert_int_equal(br_exercises_find(&lib, "plank"), -1);
}

/* The advice for logs at level id with usual morning pain usual. */
static enum br_ex_advice
advise(const char *id, int reps, int usual, bool red,
       const struct br_ex_log *logs, size_t n, struct br_ex_next *out)
{
	struct br_ex_state st;

	memset(&st, 0, sizeof(st));
	st.level = br_exercises_find(&lib, id);
	st.reps = reps;
	st.every_days = 2;
	st.usual_morning = usual;
	st.red_flag = red;
	st.logs = logs;
	st.n_logs = n;
	br_exercise_advise(&lib, &st, out);
	return out->advice;
}

static const char *
next_id(const struct br_ex_next *o)
{
	return o->level >= 0 ? lib.levels[o->level].id : "";
}

static bool
has_reason(const struct br_ex_next *o, const char *needle)
{
	for (int i = 0; i < o->n_reasons; i++)
		if (strstr(o->reasons[i], needle))
			return true;
	return false;
}

#define LOG(day, during, morning)                                              \
	{                                                                      \
		day, 8, during, morning, false, false                          \
	}

static void
test_pain_during_boundary(void **state)
{
	struct br_ex_log five[] = {LOG(1, 5, 3), LOG(3, 5, 3)};
	struct br_ex_log six[] = {LOG(1, 3, 3), LOG(3, 6, 3)};
	struct br_ex_next o;

	(void)state;
	/* 5/10 is acceptable: two such sessions progress. */
	assert_int_equal(advise("squat-bodyweight", 8, 3, false, five, 2, &o),
	                 BR_EX_PROGRESS);
	assert_string_equal(next_id(&o), "squat-goblet");
	assert_int_equal(o.reps, 6); /* the goblet squat's default */
	/* 6/10 regresses. */
	assert_int_equal(advise("squat-bodyweight", 8, 3, false, six, 2, &o),
	                 BR_EX_REGRESS);
	assert_string_equal(next_id(&o), "squat-supported");
	assert_int_equal(o.reps, 10);
	assert_true(has_reason(&o, "6/10"));
}

static void
test_next_morning_boundary(void **state)
{
	struct br_ex_log plus1[] = {LOG(1, 3, 3), LOG(3, 3, 4)};
	struct br_ex_log plus2[] = {LOG(1, 3, 3), LOG(3, 3, 5)};
	struct br_ex_log back[] = {LOG(1, 3, 2), LOG(3, 3, 3)};
	struct br_ex_next o;

	(void)state;
	/* Usual + 1: not back to usual, hold. */
	assert_int_equal(advise("bridge", 10, 3, false, plus1, 2, &o),
	                 BR_EX_HOLD);
	assert_true(has_reason(&o, "not back to the usual"));
	assert_string_equal(next_id(&o), "bridge");
	/* Usual + 2: regress. */
	assert_int_equal(advise("bridge", 10, 3, false, plus2, 2, &o),
	                 BR_EX_REGRESS);
	/* Bridge is the first level: same exercise, 20% fewer reps. */
	assert_string_equal(next_id(&o), "bridge");
	assert_int_equal(o.reps, 8);
	/* Back to usual (<=): progress. */
	assert_int_equal(advise("bridge", 10, 3, false, back, 2, &o),
	                 BR_EX_PROGRESS);
	assert_string_equal(next_id(&o), "bridge-single-leg");
}

static void
test_rom_and_reinjury(void **state)
{
	struct br_ex_log rom[] = {{5, 8, 2, 2, true, false}};
	struct br_ex_log re[] = {{5, 8, 2, -1, false, true}};
	struct br_ex_next o;

	(void)state;
	assert_int_equal(advise("lunge", 6, 2, false, rom, 1, &o),
	                 BR_EX_REGRESS);
	assert_string_equal(next_id(&o), "lunge-supported");
	assert_true(has_reason(&o, "range of motion"));
	assert_int_equal(advise("lunge", 6, 2, false, re, 1, &o),
	                 BR_EX_REGRESS);
	assert_true(has_reason(&o, "re-injury"));
}

static void
test_hold_cases(void **state)
{
	struct br_ex_log one[] = {LOG(1, 2, 2)};
	struct br_ex_log nomorning[] = {LOG(1, 2, 2), LOG(3, 2, -1)};
	/* An earlier not-tolerated session breaks the run of two. */
	struct br_ex_log broken[] = {{1, 8, 2, 2, true, false}, LOG(3, 2, 2)};
	struct br_ex_next o;

	(void)state;
	assert_int_equal(advise("cat-camel", 10, 2, false, NULL, 0, &o),
	                 BR_EX_HOLD);
	assert_true(has_reason(&o, "0 sessions"));
	assert_int_equal(advise("cat-camel", 10, 2, false, one, 1, &o),
	                 BR_EX_HOLD);
	assert_true(has_reason(&o, "1 session logged"));
	assert_int_equal(advise("cat-camel", 10, 2, false, nomorning, 2, &o),
	                 BR_EX_HOLD);
	assert_true(has_reason(&o, "not logged yet"));
	assert_int_equal(advise("cat-camel", 10, -1, false, one + 0, 1, &o),
	                 BR_EX_HOLD);
	assert_int_equal(advise("cat-camel", 10, 2, false, broken, 2, &o),
	                 BR_EX_HOLD);
	assert_true(has_reason(&o, "not tolerated"));
	/* Unknown usual morning pain: never progress. */
	{
		struct br_ex_log two[] = {LOG(1, 2, 2), LOG(3, 2, 2)};

		assert_int_equal(advise("cat-camel", 10, -1, false, two, 2, &o),
		                 BR_EX_HOLD);
		assert_true(has_reason(&o, "not known"));
	}
}

static void
test_top_of_ladder(void **state)
{
	struct br_ex_log two[] = {LOG(1, 2, 2), LOG(3, 2, 2)};
	struct br_ex_next o;

	(void)state;
	assert_int_equal(advise("squat-goblet", 6, 2, false, two, 2, &o),
	                 BR_EX_PROGRESS);
	assert_string_equal(next_id(&o), "squat-goblet");
	assert_int_equal(o.reps, 7); /* +10%, at least one more */
	assert_int_equal(advise("bird-dog", 10, 2, false, two, 2, &o),
	                 BR_EX_PROGRESS);
	assert_int_equal(o.reps, 11);
	/* Regress at 1 rep stays at 1. */
	{
		struct br_ex_log bad[] = {LOG(1, 9, 2)};

		assert_int_equal(advise("bird-dog", 1, 2, false, bad, 1, &o),
		                 BR_EX_REGRESS);
		assert_int_equal(o.reps, 1);
	}
}

static void
test_red_flag_overrides(void **state)
{
	struct br_ex_log two[] = {LOG(1, 2, 2), LOG(3, 2, 2)};
	struct br_ex_next o;

	(void)state;
	assert_int_equal(advise("bridge", 10, 2, true, two, 2, &o),
	                 BR_EX_REFER);
	assert_int_equal(o.level, -1);
	assert_string_equal(br_ex_advice_name(o.advice), "refer");
	assert_true(has_reason(&o, "overrides everything"));
}

static void
test_bad_library(void **state)
{
	struct br_exercises bad;
	struct br_err err = BR_ERR_INIT;
	const char *docs[][2] = {
	        {"{\"format\":1,\"ladders\":[{\"id\":\"a\",\"label\":\"A\","
	         "\"levels\":[{\"id\":\"a1\",\"label\":\"A\",\"reps\":12,"
	         "\"every_days\":2,\"cues\":[\"x\"]}]}]}",
	         "reps must be a whole number 5-10"},
	        {"{\"format\":1,\"ladders\":[{\"id\":\"a\",\"label\":\"A\","
	         "\"levels\":[{\"id\":\"a1\",\"label\":\"A\",\"reps\":5,"
	         "\"every_days\":4,\"cues\":[\"x\"]}]}]}",
	         "every_days must be a whole number 2-3"},
	        {"{\"format\":1,\"ladders\":[{\"id\":\"a\",\"label\":\"A\","
	         "\"levels\":[{\"id\":\"a1\",\"label\":\"A\",\"reps\":5,"
	         "\"every_days\":2,\"cues\":[]}]}]}",
	         "cues"},
	        {"{\"format\":1,\"ladders\":[{\"id\":\"a\",\"label\":\"A\","
	         "\"levels\":[{\"id\":\"a1\",\"label\":\"A\",\"reps\":5,"
	         "\"every_days\":2,\"cues\":[\"x\"]},{\"id\":\"a1\","
	         "\"label\":\"B\",\"reps\":5,\"every_days\":2,\"cues\":"
	         "[\"x\"]}]}]}",
	         "repeats the id"},
	        {"{\"format\":1,\"ladders\":[],\"x\":1}", "unknown field"},
	        {"{\"format\":2,\"ladders\":[]}", "format"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		assert_int_equal(br_exercises_parse("x.json", docs[i][0],
		                                    strlen(docs[i][0]), &bad,
		                                    &err),
		                 BR_EINVAL);
		if (strstr(err.msg, docs[i][1]) == NULL)
			fail_msg("'%s' not in '%s'", docs[i][1], err.msg);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_library),
	        cmocka_unit_test(test_pain_during_boundary),
	        cmocka_unit_test(test_next_morning_boundary),
	        cmocka_unit_test(test_rom_and_reinjury),
	        cmocka_unit_test(test_hold_cases),
	        cmocka_unit_test(test_top_of_ladder),
	        cmocka_unit_test(test_red_flag_overrides),
	        cmocka_unit_test(test_bad_library),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
