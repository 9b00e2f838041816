/*
 * Unit tests for core/redflag: the urgency tier of every flag and of the
 * combinations docs/clinical/red-flags.md names, the age triggers, and the
 * texts.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/parse.h"
#include "core/redflag.h"

static struct br_screen_result
screen(const char *a, const char *b, const char *c)
{
	const char *flags[3];
	struct br_screen_result r;
	struct br_err err = BR_ERR_INIT;
	int n = 0;

	if (a)
		flags[n++] = a;
	if (b)
		flags[n++] = b;
	if (c)
		flags[n++] = c;
	if (br_redflag_screen(flags, n, &r, &err) < 0)
		fail_msg("%s", err.msg);
	return r;
}

static bool
suspects(const struct br_screen_result *r, const char *p)
{
	for (int i = 0; i < r->n_suspected; i++)
		if (strcmp(r->suspected[i], p) == 0)
			return true;
	return false;
}

static void
test_no_flags(void **state)
{
	struct br_screen_result r = screen(NULL, NULL, NULL);

	(void)state;
	assert_int_equal(r.tier, BR_TIER_NONE);
	assert_int_equal(r.n_suspected, 0);
	assert_int_equal(r.n_reasons, 0);
	assert_non_null(strstr(r.action, "No red flags"));
	assert_non_null(strstr(r.safety_net, "emergency department"));
	assert_non_null(strstr(r.safety_net, "weakness in both legs"));
}

static void
test_cauda_equina_is_emergency(void **state)
{
	static const char *const ces[] = {
	        "saddle-anaesthesia",     "bladder-dysfunction",
	        "bowel-dysfunction",      "sexual-dysfunction",
	        "bilateral-leg-symptoms", "progressive-leg-weakness",
	        "gait-disturbance",       NULL};

	(void)state;
	for (int i = 0; ces[i]; i++) {
		struct br_screen_result r = screen(ces[i], NULL, NULL);

		assert_int_equal(r.tier, BR_TIER_EMERGENCY);
		assert_true(suspects(&r, "cauda-equina"));
		assert_string_equal(r.suspected[0], "cauda-equina");
		assert_non_null(strstr(r.action, "emergency department"));
		assert_non_null(strstr(r.action, "cauda equina"));
		assert_int_equal(r.n_reasons, 1);
		assert_non_null(strstr(r.reasons[0], ces[i]));
	}
	assert_int_equal(screen("multilevel-weakness", NULL, NULL).tier,
	                 BR_TIER_EMERGENCY);
}

static void
test_infection(void **state)
{
	static const char *const risks[] = {
	        "immunosuppression",       "iv-drug-use", "recent-infection",
	        "recent-spinal-procedure", "steroid-use", NULL};
	struct br_screen_result r;

	(void)state;
	/* Fever alone, or a risk factor alone: urgent. */
	r = screen("fever", NULL, NULL);
	assert_int_equal(r.tier, BR_TIER_URGENT);
	assert_true(suspects(&r, "infection"));
	for (int i = 0; risks[i]; i++) {
		assert_int_equal(screen(risks[i], NULL, NULL).tier,
		                 BR_TIER_URGENT);
		/* Fever with a risk factor: suspected infection, emergency. */
		r = screen("fever", risks[i], NULL);
		assert_int_equal(r.tier, BR_TIER_EMERGENCY);
		assert_true(suspects(&r, "infection"));
		assert_int_equal(r.n_reasons, 3);
		assert_non_null(strstr(r.reasons[2], "suspected spinal "
		                                     "infection"));
		assert_non_null(strstr(r.reasons[2], risks[i]));
	}
	r = screen("systemically-unwell", "iv-drug-use", NULL);
	assert_int_equal(r.tier, BR_TIER_EMERGENCY);
}

static void
test_fracture_and_malignancy(void **state)
{
	static const char *const urgent[] = {"cancer-history",
	                                     "weight-loss",
	                                     "night-pain",
	                                     "failure-to-improve",
	                                     "thoracic-pain",
	                                     "multi-site-pain",
	                                     "osteoporosis",
	                                     "steroid-use",
	                                     "structural-deformity",
	                                     "sudden-central-pain",
	                                     "major-motor-loss",
	                                     "raised-inflammatory-markers",
	                                     "inflammatory-back-pain",
	                                     "immunosuppression",
	                                     "iv-drug-use",
	                                     "recent-infection",
	                                     "recent-spinal-procedure",
	                                     "systemically-unwell",
	                                     "fever",
	                                     "age-over-60",
	                                     "age-under-15",
	                                     NULL};
	struct br_screen_result r;

	(void)state;
	r = screen("major-trauma", NULL, NULL);
	assert_int_equal(r.tier, BR_TIER_EMERGENCY);
	assert_true(suspects(&r, "fracture"));
	for (int i = 0; urgent[i]; i++) {
		r = screen(urgent[i], NULL, NULL);
		if (r.tier != BR_TIER_URGENT)
			fail_msg("%s: tier %s", urgent[i],
			         br_tier_name(r.tier));
		assert_non_null(strstr(r.action, "same-week medical review"));
	}
	r = screen("cancer-history", NULL, NULL);
	assert_true(suspects(&r, "malignancy"));
	assert_non_null(strstr(r.action, "2-week-wait"));
	r = screen("osteoporosis", NULL, NULL);
	assert_true(suspects(&r, "fracture"));
	assert_non_null(strstr(r.action, "X-ray"));
	/* The highest tier wins; every flag keeps its reason. */
	r = screen("weight-loss", "saddle-anaesthesia", "osteoporosis");
	assert_int_equal(r.tier, BR_TIER_EMERGENCY);
	assert_int_equal(r.n_reasons, 3);
	assert_string_equal(r.suspected[0], "cauda-equina");
	assert_true(suspects(&r, "malignancy"));
	assert_true(suspects(&r, "fracture"));
	/* Duplicates count once. */
	r = screen("weight-loss", "weight-loss", NULL);
	assert_int_equal(r.n_reasons, 1);
}

static void
test_unknown_flag(void **state)
{
	const char *flags[] = {"headache"};
	struct br_screen_result r;
	struct br_err err = BR_ERR_INIT;

	(void)state;
	assert_int_equal(br_redflag_screen(flags, 1, &r, &err), BR_EINVAL);
	assert_string_equal(err.field, "flag");
	assert_non_null(strstr(err.msg, "'headache' is not a red-flag id"));
	assert_null(br_redflag_find("headache"));
	assert_true(br_redflag_find("age-over-60")->derived);
	assert_false(br_redflag_find("fever")->derived);
}

static void
test_age(void **state)
{
	int32_t born = br_days_from_civil(1960, 3, 11);

	(void)state;
	assert_int_equal(br_age_years(born, br_days_from_civil(2026, 3, 10)),
	                 65);
	assert_int_equal(br_age_years(born, br_days_from_civil(2020, 3, 10)),
	                 59);
	assert_int_equal(br_age_years(born, br_days_from_civil(2020, 3, 11)),
	                 60);
	assert_int_equal(br_age_years(born, born - 1), -1);
	assert_null(br_redflag_age_flag(60));
	assert_null(br_redflag_age_flag(15));
	assert_null(br_redflag_age_flag(-1));
	assert_string_equal(br_redflag_age_flag(61), "age-over-60");
	assert_string_equal(br_redflag_age_flag(14), "age-under-15");
}

static void
test_names(void **state)
{
	(void)state;
	assert_string_equal(br_tier_name(BR_TIER_URGENT), "urgent");
	assert_int_equal(br_tier_parse("emergency"), BR_TIER_EMERGENCY);
	assert_int_equal(br_tier_parse("soon"), -1);
	assert_non_null(strstr(br_tier_referral(BR_TIER_EMERGENCY),
	                       "emergency department"));
	assert_string_equal(br_tier_referral(BR_TIER_NONE), "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_no_flags),
	        cmocka_unit_test(test_cauda_equina_is_emergency),
	        cmocka_unit_test(test_infection),
	        cmocka_unit_test(test_fracture_and_malignancy),
	        cmocka_unit_test(test_unknown_flag),
	        cmocka_unit_test(test_age),
	        cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
