/*
 * synth.c - synthetic patients (see synth.h).
 *
 * Parameters and their sources:
 * - age N(50, 15) clipped to 18-90, 60% female (GERAC, Haake 2007);
 * - mean pain N(5.8, 1.5) truncated to [4, 9.5] (people treated for back
 *   pain: the trials' entry criterion of 4 or more, Haake 2007; no one is
 *   treated for a pain of 1.7/10); day-to-day AR(1) noise
 *   with phi 0.5-0.7 and SD 1.0-1.5 (Mun 2019; Schneider 2012);
 * - 59% poor sleepers (Alsaadi 2011), odds rising about 10% per pain
 *   point; TST N(390, 60) for poor sleepers, N(420, 45) for others, nightly
 *   SD 50 min; SOL about 60 and WASO about 43 min in the insomnia class
 *   (Waldron 2012);
 * - sleep -> next-day pain: planted in 70% of patients at -0.25 to -0.6
 *   pain points per sleep-quality point, 0 in the rest (so false-pattern
 *   rates can be measured); pain -> sleep weaker, planted in 25% (Tang
 *   2012, Finan 2013).  The effect is linear here (the published asymmetry
 *   and U-shape are left out so the planted slope is the truth an analysis
 *   should recover);
 * - response: acupuncture 46%, usual care 27% (GERAC); massage 38% (an
 *   assumption between the two, Cherkin 2011 reports modest effects);
 *   responders move towards a 30-50% reduction with tau = 21 days,
 *   others drift 0-10% (regression to the mean);
 * - diary completion about 85%, falling with time, lower in younger
 *   patients and slightly lower on high-pain days (Ono 2019);
 * - sessions: acupuncture 10 x 2/week (GERAC), massage 10 x weekly
 *   (Cherkin 2011), starting after at least a baseline week; courses start
 *   at staggered times over the data set so that a practice has patients
 *   at every stage of care; 8% missed.
 */
#include "core/synth.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"

static const char *const first_names[] = {
        "Ada",   "Ben",   "Carla", "Dev",   "Elin",  "Farah", "Gus",  "Hana",
        "Ivo",   "Jade",  "Kofi",  "Lena",  "Mateo", "Nora",  "Omar", "Pia",
        "Quinn", "Rosa",  "Sami",  "Tara",  "Umar",  "Vera",  "Wes",  "Xena",
        "Yusuf", "Zoe",   "Aiko",  "Bram",  "Cleo",  "Dara",  "Emil", "Freya",
        "Goran", "Hugo",  "Ines",  "Jonas", "Kira",  "Liam",  "Maya", "Nils",
        "Olga",  "Pavel", "Rui",   "Sofia", "Theo",  "Una",   "Vik",  "Wren",
};
static const char *const last_names[] = {
        "Abbott", "Baker",  "Chen",   "Diaz",   "Evans",  "Fischer",
        "Garcia", "Hughes", "Ito",    "Jensen", "Kowal",  "Larsen",
        "Moreau", "Novak",  "Okafor", "Patel",  "Quist",  "Rossi",
        "Silva",  "Tanaka", "Ueda",   "Varga",  "Walsh",  "Xu",
        "Young",  "Zhang",  "Berg",   "Costa",  "Dubois", "Eriksen",
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

const char *
br_synth_arm_name(enum br_synth_arm arm)
{
	switch (arm) {
	case BR_ARM_ACUPUNCTURE:
		return "acupuncture";
	case BR_ARM_MASSAGE:
		return "massage";
	case BR_ARM_USUAL_CARE:
		return "usual-care";
	}
	return "unknown";
}

static double
clampd(double v, double lo, double hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

static int
clampi(double v, int lo, int hi)
{
	long r = lround(v);

	return r < lo ? lo : r > hi ? hi : (int)r;
}

static int
wrap(double minutes)
{
	long m = lround(minutes) % 1440;

	return (int)(m < 0 ? m + 1440 : m);
}

static double
uniform(gsl_rng *r, double a, double b)
{
	return a + (b - a) * gsl_rng_uniform(r);
}

void
br_synth_patient_release(struct br_synth_patient *p)
{
	free(p->days);
	free(p->sessions);
	p->days = NULL;
	p->sessions = NULL;
}

static void
add_point(struct br_synth_session *s, const char *id, const char *side)
{
	if (s->n_points >= BR_SYNTH_MAX_POINTS)
		return;
	snprintf(s->points[s->n_points].id, sizeof(s->points[0].id), "%s", id);
	s->points[s->n_points].side = side;
	s->n_points++;
	s->needles += strcmp(side, "both") == 0 ? 2 : 1;
}

static void
plan_sessions(gsl_rng *r, struct br_synth_patient *p, const double *level)
{
	static const char *const back[] = {"BL23", "BL25",  "BL40", "GB30",
	                                   "BL52", "EX-B2", "SI3",  "BL60"};
	static const char *const sleep[] = {"HT7", "SP6", "KI6", "BL62"};
	static const char *const massage_types[] = {"deep-tissue", "swedish",
	                                            "trigger-point"};
	int count = 10, gap_pattern[2] = {3, 4}, day = p->course_start, n = 0;
	const char *mtype = massage_types[gsl_rng_uniform_int(r, 3)];

	if (p->arm == BR_ARM_USUAL_CARE)
		return;
	for (int i = 0; i < count && day < p->n_days; i++) {
		struct br_synth_session *s = &p->sessions[n];
		int today = day;

		day += p->arm == BR_ARM_ACUPUNCTURE ? gap_pattern[i % 2] : 7;
		if (gsl_rng_uniform(r) < 0.08)
			continue; /* a missed visit */
		memset(s, 0, sizeof(*s));
		s->day_index = today;
		if (p->arm == BR_ARM_ACUPUNCTURE) {
			s->acupuncture = true;
			s->electro = gsl_rng_uniform(r) < 0.25;
			s->cupping = gsl_rng_uniform(r) < 0.15;
			for (size_t k = 0; k < NELEM(back); k++)
				if (k < 4 || gsl_rng_uniform(r) < 0.4)
					add_point(s, back[k], "both");
			add_point(s, "GV4", "midline");
			if (p->poor_sleeper)
				for (size_t k = 0; k < NELEM(sleep); k++)
					if (gsl_rng_uniform(r) < 0.5)
						add_point(s, sleep[k], "both");
			s->retention_min =
			        20 + 5 * (int)gsl_rng_uniform_int(r, 3);
			s->deqi = gsl_rng_uniform(r) < 0.8;
		} else {
			s->massage = true;
			s->massage_type = mtype;
		}
		s->pain_before =
		        clampi(level[today] + gsl_ran_gaussian(r, 0.8), 0, 10);
		s->pain_after = clampi(
		        s->pain_before - (double)gsl_rng_uniform_int(r, 3), 0,
		        10);
		s->bruising = s->acupuncture && gsl_rng_uniform(r) < 0.06;
		s->soreness = gsl_rng_uniform(r) < 0.08;
		s->fatigue = gsl_rng_uniform(r) < 0.04;
		n++;
	}
	p->n_sessions = n;
}

int
br_synth_patient(uint64_t seed, uint64_t index, int n_days,
                 struct br_synth_patient *out)
{
	gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
	double *level = NULL, *qual = NULL, *pains = NULL;
	double tst_mean, sol_mean, waso_mean, bed_mean, effect, noise = 0;
	double p_poor, resp_p;
	int nq = 0, np = 0, prev_pain = -1;
	uint64_t mix =
	        seed * 0x9E3779B97F4A7C15ULL + index * 0xBF58476D1CE4E5B9ULL;

	memset(out, 0, sizeof(*out));
	if (r == NULL)
		return BR_ENOMEM;
	gsl_rng_set(r, (unsigned long)(mix ^ (mix >> 31)));
	out->n_days = n_days;
	out->days =
	        calloc((size_t)(n_days > 0 ? n_days : 1), sizeof(*out->days));
	out->sessions = calloc(16, sizeof(*out->sessions));
	level = calloc((size_t)(n_days > 0 ? n_days : 1), sizeof(double));
	qual = calloc((size_t)(n_days > 0 ? n_days : 1), sizeof(double));
	pains = calloc((size_t)(n_days > 0 ? n_days : 1), sizeof(double));
	if (!out->days || !out->sessions || !level || !qual || !pains) {
		free(level);
		free(qual);
		free(pains);
		br_synth_patient_release(out);
		gsl_rng_free(r);
		return BR_ENOMEM;
	}

	/* Who. */
	snprintf(out->name, sizeof(out->name), "%s %s",
	         first_names[gsl_rng_uniform_int(r, NELEM(first_names))],
	         last_names[gsl_rng_uniform_int(r, NELEM(last_names))]);
	snprintf(out->ref, sizeof(out->ref), "DEMO-%06llu",
	         (unsigned long long)index + 1);
	out->sex = gsl_rng_uniform(r) < 0.6 ? "female" : "male";
	out->age_years = clampi(50 + gsl_ran_gaussian(r, 15), 18, 90);
	out->sciatica = gsl_rng_uniform(r) < 0.3;
	{
		double u = gsl_rng_uniform(r);
		if (u < 0.75)
			out->onset_offset = -(int)uniform(r, 90, 3000);
		else if (u < 0.9)
			out->onset_offset = -(int)uniform(r, 42, 84);
		else
			out->onset_offset = -(int)uniform(r, 3, 41);
	}

	/* Planted truth. */
	/* Redrawn outside [4, 9.5] (see above). */
	do
		out->baseline_pain = 5.8 + gsl_ran_gaussian(r, 1.5);
	while (out->baseline_pain < 4 || out->baseline_pain > 9.5);
	out->pain_sd = uniform(r, 1.0, 1.5);
	out->pain_phi = uniform(r, 0.5, 0.7);
	p_poor = 0.59 * pow(1.10, out->baseline_pain - 5.5);
	p_poor = p_poor / (1 - 0.59 + p_poor); /* odds x1.1 per pain point */
	out->poor_sleeper = gsl_rng_uniform(r) < p_poor;
	{
		double u = gsl_rng_uniform(r);
		out->arm = u < 0.45   ? BR_ARM_ACUPUNCTURE
		           : u < 0.65 ? BR_ARM_MASSAGE
		                      : BR_ARM_USUAL_CARE;
	}
	resp_p = out->arm == BR_ARM_ACUPUNCTURE ? 0.46
	         : out->arm == BR_ARM_MASSAGE   ? 0.38
	                                        : 0.27;
	out->responder = gsl_rng_uniform(r) < resp_p;
	effect = out->responder ? uniform(r, 0.30, 0.50) : uniform(r, 0, 0.10);
	out->sleep_pain_raw =
	        gsl_rng_uniform(r) < 0.7 ? -uniform(r, 0.25, 0.6) : 0.0;
	out->pain_sleep_raw =
	        gsl_rng_uniform(r) < 0.25 ? -uniform(r, 0.10, 0.25) : 0.0;

	tst_mean = out->poor_sleeper ? 390 + gsl_ran_gaussian(r, 60)
	                             : 420 + gsl_ran_gaussian(r, 45);
	tst_mean = clampd(tst_mean, 240, 560);
	sol_mean = out->poor_sleeper ? uniform(r, 30, 60) : uniform(r, 8, 20);
	waso_mean = out->poor_sleeper ? uniform(r, 25, 45) : uniform(r, 5, 15);
	bed_mean = 22 * 60 + 45 + gsl_ran_gaussian(r, 40);

	/* Expected level of pain each day (from the start of the course; for
	 * usual care from the same point, as natural history). */
	out->course_start =
	        7 + (int)gsl_rng_uniform_int(
	                    r, (unsigned long)(n_days > 77 ? n_days - 77 : 1));
	for (int t = 0; t < n_days; t++) {
		double since = t - out->course_start;
		double drop = since > 0 ? effect * (1 - exp(-since / 21.0)) : 0;
		level[t] = out->baseline_pain * (1 - drop);
	}

	for (int t = 0; t < n_days; t++) {
		struct br_synth_day *d = &out->days[t];
		double q_lat, tst, sol, waso, bed, tryt, final, up, pain;
		double p_complete;
		int wakes;

		br_night_init(&d->night);
		/* The night before day t: quality depends on yesterday's
		 * pain when pain -> sleep is planted. */
		tst = clampd(tst_mean + gsl_ran_gaussian(r, 50), 120, 660);
		sol = clampd(sol_mean * gsl_ran_exponential(r, 1.0), 0, 180);
		wakes = (int)gsl_ran_poisson(r, out->poor_sleeper ? 2.5 : 1.0);
		waso = wakes ? clampd(waso_mean * gsl_ran_exponential(r, 1.0),
		                      1, 240)
		             : 0;
		q_lat = 2.3 + (tst - 420) / 60.0 * 0.5 -
		        (sol + waso - 40) / 40.0 * 0.4 -
		        (out->poor_sleeper ? 0.5 : 0) +
		        gsl_ran_gaussian(r, 0.7);
		if (prev_pain >= 0)
			q_lat += out->pain_sleep_raw *
			         (prev_pain - out->baseline_pain);
		qual[t] = clampi(q_lat, 0, 4);
		bed = bed_mean + gsl_ran_gaussian(r, 30);
		tryt = bed + (gsl_rng_uniform(r) < 0.4 ? 0 : uniform(r, 5, 30));
		final = tryt + sol + tst + waso;
		up = final + uniform(r, 0, 35);

		/* Day t's pain: AR(1) noise around the expected level, plus
		 * the planted effect of last night's sleep quality. */
		noise = out->pain_phi * noise +
		        sqrt(1 - out->pain_phi * out->pain_phi) *
		                gsl_ran_gaussian(r, out->pain_sd);
		pain = level[t] + noise + out->sleep_pain_raw * (qual[t] - 2.0);
		pains[t] = clampi(pain, 0, 10);
		prev_pain = (int)pains[t];

		p_complete = 0.93 - 0.15 * t / (n_days > 1 ? n_days - 1 : 1) -
		             (out->age_years < 35 ? 0.05 : 0) -
		             (pains[t] >= 8 ? 0.05 : 0);
		if (gsl_rng_uniform(r) >= p_complete)
			continue;
		d->morning = gsl_rng_uniform(r) < 0.97;
		d->evening = !d->morning || gsl_rng_uniform(r) < 0.96;
		if (d->morning) {
			d->night.bed = wrap(bed);
			d->night.try_ = wrap(tryt);
			d->night.sol = (int)lround(sol);
			d->night.wakes = wakes;
			d->night.waso = (int)lround(waso);
			d->night.final = wrap(final);
			d->night.up = wrap(up);
			d->night.quality = (int)qual[t];
			/* Rounding can push SOL + WASO a minute past the
			 * night: keep the record consistent. */
			if (br_night_check(&d->night, NULL) < 0)
				d->night.final = wrap(final + 2);
			qual[nq++] = qual[t];
		}
		if (d->evening) {
			d->pain = (int)pains[t];
			d->pain_worst = clampi(pains[t] + uniform(r, 0, 2.5),
			                       d->pain, 10);
			d->activity_min = clampi(
			        60 - 4 * pains[t] + gsl_ran_gaussian(r, 20), 0,
			        600);
			pains[np++] = pains[t];
		}
	}
	/* The truth in the units an analysis reports: per 1 SD of the
	 * observed predictor. */
	out->sleep_pain_beta =
	        nq > 1 ? out->sleep_pain_raw * gsl_stats_sd(qual, 1, (size_t)nq)
	               : 0;
	out->pain_sleep_beta =
	        np > 1 ? out->pain_sleep_raw *
	                         gsl_stats_sd(pains, 1, (size_t)np)
	               : 0;
	plan_sessions(r, out, level);
	free(level);
	free(qual);
	free(pains);
	gsl_rng_free(r);
	return 0;
}
