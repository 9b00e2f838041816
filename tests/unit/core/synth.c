/* Unit tests for src/core/synth.c: reproducible for a seed, records that
 * pass the diary checks, and population figures near their parameters. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/synth.h"

static void
test_reproducible(void **state)
{
	struct br_synth_patient a, b, c;

	(void)state;
	assert_int_equal(br_synth_patient(7, 3, 90, &a), 0);
	assert_int_equal(br_synth_patient(7, 3, 90, &b), 0);
	assert_int_equal(br_synth_patient(8, 3, 90, &c), 0);
	assert_string_equal(a.name, b.name);
	assert_int_equal(a.n_sessions, b.n_sessions);
	assert_memory_equal(a.days, b.days, 90 * sizeof(*a.days));
	assert_true(a.baseline_pain == b.baseline_pain);
	assert_true(memcmp(a.days, c.days, 90 * sizeof(*a.days)) != 0);
	br_synth_patient_release(&a);
	br_synth_patient_release(&b);
	br_synth_patient_release(&c);
}

static void
test_population(void **state)
{
	int n = 2000, poor = 0, planted = 0, acu = 0, acu_resp = 0, uc = 0,
	    uc_resp = 0;
	long days = 0, present = 0;

	(void)state;
	for (int i = 0; i < n; i++) {
		struct br_synth_patient p;

		assert_int_equal(br_synth_patient(42, (uint64_t)i, 120, &p), 0);
		poor += p.poor_sleeper;
		planted += p.sleep_pain_raw != 0;
		if (p.arm == BR_ARM_ACUPUNCTURE) {
			acu++;
			acu_resp += p.responder;
			assert_true(p.n_sessions >= 5 && p.n_sessions <= 10);
		} else if (p.arm == BR_ARM_USUAL_CARE) {
			uc++;
			uc_resp += p.responder;
			assert_int_equal(p.n_sessions, 0);
		}
		for (int t = 0; t < p.n_days; t++) {
			const struct br_synth_day *d = &p.days[t];
			days++;
			present += d->morning || d->evening;
			if (d->morning)
				assert_int_equal(
				        br_night_check(&d->night, NULL), 0);
			if (d->evening) {
				assert_in_range(d->pain, 0, 10);
				assert_true(d->pain_worst >= d->pain);
			}
		}
		if (p.sleep_pain_raw == 0)
			assert_true(p.sleep_pain_beta == 0);
		else
			assert_true(p.sleep_pain_beta < 0);
		br_synth_patient_release(&p);
	}
	/* About 59% poor sleepers at mean pain (odds shift with pain). */
	assert_in_range(poor * 100 / n, 52, 68);
	assert_in_range(planted * 100 / n, 65, 75);
	assert_in_range(acu_resp * 100 / acu, 40, 52);
	assert_in_range(uc_resp * 100 / uc, 22, 33);
	/* About 85% diary completion. */
	assert_in_range(present * 100 / days, 80, 90);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_reproducible),
	        cmocka_unit_test(test_population),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
