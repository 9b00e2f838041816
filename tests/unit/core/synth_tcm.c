/*
 * synth_tcm.c - unit tests of core/synth_tcm.c: the demo intake, TCM
 * findings and herbal prescriptions are reproducible for a seed, agree
 * with the patient, and keep the rules the app layer checks.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/synth.h"
#include "core/synth_tcm.h"

static bool
has(const char *const *list, int n, const char *s)
{
	for (int i = 0; i < n; i++)
		if (strcmp(list[i], s) == 0)
			return true;
	return false;
}

static void
test_reproducible_and_independent(void **state)
{
	struct br_synth_patient p, q;
	struct br_synth_tcm a, b;

	(void)state;
	assert_int_equal(br_synth_patient(11, 4, 90, &p), 0);
	assert_int_equal(br_synth_tcm(11, 4, &p, &a), 0);
	assert_int_equal(br_synth_tcm(11, 4, &p, &b), 0);
	assert_memory_equal(&a, &b, sizeof(a));
	/* Generating it leaves the patient's own stream untouched. */
	assert_int_equal(br_synth_patient(11, 4, 90, &q), 0);
	assert_memory_equal(p.days, q.days, 90 * sizeof(*p.days));
	br_synth_patient_release(&p);
	br_synth_patient_release(&q);
}

static void
test_consistent_with_patient(void **state)
{
	int acu = 0, herbal = 0, poor_night = 0, poor = 0;

	(void)state;
	for (uint64_t i = 0; i < 1000; i++) {
		struct br_synth_patient p;
		struct br_synth_tcm t;
		const struct br_synth_intake *x = &t.intake;

		assert_int_equal(br_synth_patient(42, i, 120, &p), 0);
		assert_int_equal(br_synth_tcm(42, i, &p, &t), 0);
		if (p.sciatica) {
			assert_true(strcmp(x->radiation, "below-knee") == 0 ||
			            strcmp(x->radiation, "above-knee") == 0);
			assert_non_null(x->radiation_side);
		}
		if (strcmp(x->radiation, "none") == 0)
			assert_null(x->radiation_side);
		assert_true((x->cigarettes_per_day > 0) ==
		            (strcmp(x->smoking, "current") == 0));
		if (x->pain_wakes > 0)
			assert_true(x->night_pain);
		if (strcmp(x->lifting, "none") == 0)
			assert_null(x->lifting_technique);
		assert_in_range(x->height_cm, 100, 250);
		assert_true(x->weight_kg >= 25 && x->weight_kg <= 350);
		assert_in_range(x->sitting_hours, 0, 24);
		assert_true(x->n_aggravating > 0);
		assert_non_null(x->goals);
		poor += p.poor_sleeper;
		poor_night += p.poor_sleeper && x->night_pain;
		assert_int_equal(t.n_visits, p.n_sessions);
		for (int k = 0; k < t.n_visits; k++) {
			const struct br_synth_visit *v = &t.visits[k];

			if (!p.sessions[k].acupuncture) {
				assert_false(v->assessed);
				continue;
			}
			if (k == 0)
				assert_true(v->assessed);
			if (!v->assessed)
				continue;
			assert_true(v->n_patterns >= 1);
			assert_int_equal(v->n_patterns, p.poor_sleeper ? 2 : 1);
			assert_false(has(v->coat, v->n_coat, "thin") &&
			             has(v->coat, v->n_coat, "thick"));
			assert_false(has(v->pulse, v->n_pulse, "slow") &&
			             has(v->pulse, v->n_pulse, "rapid"));
			assert_false(has(v->shape, v->n_shape, "thin") &&
			             has(v->shape, v->n_shape, "swollen"));
			assert_in_range(v->pulse_rate, 30, 200);
		}
		if (p.arm == BR_ARM_ACUPUNCTURE)
			acu++;
		else
			assert_int_equal(t.n_herbal, 0);
		herbal += t.n_herbal > 0;
		for (int k = 0; k < t.n_herbal; k++) {
			assert_true(t.herbal[k].session_index < p.n_sessions);
			assert_non_null(t.herbal[k].dose);
		}
		assert_true(t.treatment_principle[0] != '\0');
		br_synth_patient_release(&p);
	}
	/* Poor sleepers mostly report night pain; some patients get herbs. */
	assert_true(poor_night * 100 / poor > 55);
	assert_in_range(herbal * 100 / acu, 25, 50);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_reproducible_and_independent),
	        cmocka_unit_test(test_consistent_with_patient),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
