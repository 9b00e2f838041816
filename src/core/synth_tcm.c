/*
 * synth_tcm.c - intake, TCM findings and herbal prescriptions of a
 * synthetic patient (see synth_tcm.h).
 *
 * Shares are plausible figures for a back-pain clinic, not sourced
 * estimates: they exist so the demo looks like a practice, and nothing
 * is analysed from them.  Age, sex, sciatica, sleep and response come
 * from the patient (core/synth.c), so the intake agrees with the diary.
 */
#include "core/synth_tcm.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/err.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define SALT     0x5443u /* "TC": this module's random stream */

static bool
chance(gsl_rng *r, double p)
{
	return gsl_rng_uniform(r) < p;
}

static const char *
pick(gsl_rng *r, const char *const *names, size_t n)
{
	return names[gsl_rng_uniform_int(r, n)];
}

/* Index into weights (summing to about 1) drawn at random. */
static size_t
weighted(gsl_rng *r, const double *weights, size_t n)
{
	double u = gsl_rng_uniform(r), acc = 0;

	for (size_t i = 0; i < n; i++) {
		acc += weights[i];
		if (u < acc)
			return i;
	}
	return n - 1;
}

static int
clampi(double v, int lo, int hi)
{
	long x = lround(v);

	return x < lo ? lo : x > hi ? hi : (int)x;
}

static void
add(const char **arr, int *n, int max, const char *s)
{
	for (int i = 0; i < *n; i++)
		if (strcmp(arr[i], s) == 0)
			return;
	if (*n < max)
		arr[(*n)++] = s;
}

/* Intake ----------------------------------------------------------------- */

static void
gen_onset_and_pain(gsl_rng *r, const struct br_synth_patient *p,
                   struct br_synth_intake *x)
{
	static const char *const acute_modes[] = {
	        "lifting", "twisting", "bending", "fall",
	        "sport",   "gradual",  "unknown"};
	static const double acute_w[] = {0.35, 0.2,  0.15, 0.05,
	                                 0.05, 0.15, 0.05};
	static const char *const chronic_modes[] = {
	        "gradual", "lifting", "unknown", "twisting", "bending", "fall"};
	static const double chronic_w[] = {0.4, 0.2, 0.15, 0.1, 0.1, 0.05};
	static const char *const spine_sides[] = {"central", "central", "left",
	                                          "right", "both"};
	const char *side = chance(r, 0.5) ? "left" : "right";
	int n = 0;

	x->onset_mode =
	        p->onset_offset > -42
	                ? acute_modes[weighted(r, acute_w, NELEM(acute_w))]
	                : chronic_modes[weighted(r, chronic_w,
	                                         NELEM(chronic_w))];
	x->locations[n].location = "low-back";
	x->locations[n++].side = pick(r, spine_sides, NELEM(spine_sides));
	if (p->sciatica) {
		x->locations[n].location = "buttock";
		x->locations[n++].side = side;
		x->locations[n].location = "thigh";
		x->locations[n++].side = side;
		if (chance(r, 0.7)) {
			x->locations[n].location = "calf";
			x->locations[n++].side = side;
			x->radiation = "below-knee";
		} else {
			x->radiation = "above-knee";
		}
		x->radiation_side = chance(r, 0.1) ? "both" : side;
	} else {
		double u = gsl_rng_uniform(r);

		x->radiation = u < 0.6    ? "none"
		               : u < 0.85 ? "buttock"
		                          : "above-knee";
		if (strcmp(x->radiation, "none") != 0) {
			x->radiation_side = side;
			x->locations[n].location = "buttock";
			x->locations[n++].side = side;
		}
	}
	if (chance(r, 0.15)) {
		x->locations[n].location = "sacrum";
		x->locations[n++].side = NULL;
	}
	x->n_locations = n;

	{
		static const char *const agg[] = {
		        "sitting", "bending", "lifting", "standing",
		        "morning", "rising",  "cold",    "damp"};
		static const double agg_p[] = {0.6, 0.5,  0.4, 0.3,
		                               0.3, 0.25, 0.2, 0.15};
		static const char *const eas[] = {
		        "heat", "walking",    "movement",  "lying-down",
		        "rest", "stretching", "medication"};
		static const double eas_p[] = {0.5, 0.4, 0.3, 0.3,
		                               0.3, 0.2, 0.25};

		for (size_t i = 0; i < NELEM(agg); i++)
			if (chance(r, agg_p[i]))
				add(x->aggravating, &x->n_aggravating, 5,
				    agg[i]);
		if (chance(r, p->poor_sleeper ? 0.6 : 0.2))
			add(x->aggravating, &x->n_aggravating, 6, "night");
		if (x->n_aggravating == 0)
			add(x->aggravating, &x->n_aggravating, 6, "sitting");
		for (size_t i = 0; i < NELEM(eas); i++)
			if (chance(r, eas_p[i]))
				add(x->easing, &x->n_easing, 4, eas[i]);
	}
}

static void
gen_lifestyle(gsl_rng *r, const struct br_synth_patient *p,
              struct br_synth_intake *x)
{
	static const char *const works[] = {"desk",   "standing",
	                                    "manual", "driving",
	                                    "mixed",  "not-working"};
	static const double work_w[] = {0.4, 0.15, 0.15, 0.05, 0.1, 0.15};
	static const char *const activities[] = {"sedentary", "light",
	                                         "moderate", "active"};
	static const double act_w[] = {0.35, 0.35, 0.2, 0.1};
	bool female = strcmp(p->sex, "female") == 0;
	double h, bmi, u;

	x->work = p->age_years > 66 && chance(r, 0.8)
	                  ? "not-working"
	                  : works[weighted(r, work_w, NELEM(work_w))];
	if (strcmp(x->work, "desk") == 0)
		x->sitting_hours = 6 + (int)gsl_rng_uniform_int(r, 5);
	else if (strcmp(x->work, "driving") == 0)
		x->sitting_hours = 5 + (int)gsl_rng_uniform_int(r, 5);
	else
		x->sitting_hours = 2 + (int)gsl_rng_uniform_int(r, 5);
	if (strcmp(x->work, "manual") == 0)
		x->lifting = chance(r, 0.7) ? "heavy" : "light";
	else
		x->lifting = chance(r, 0.5) ? "none" : "light";
	x->lifting_technique = strcmp(x->lifting, "none") == 0 ? NULL
	                       : chance(r, 0.55)               ? "poor"
	                                                       : "good";
	x->activity = activities[weighted(r, act_w, NELEM(act_w))];
	h = female ? 164 + gsl_ran_gaussian(r, 7)
	           : 178 + gsl_ran_gaussian(r, 7);
	x->height_cm = clampi(h, 145, 205);
	bmi = 27 + gsl_ran_gaussian(r, 4.5);
	bmi = bmi < 18 ? 18 : bmi > 45 ? 45 : bmi;
	x->weight_kg = round(bmi * (x->height_cm / 100.0) *
	                     (x->height_cm / 100.0) * 10) /
	               10;
	u = gsl_rng_uniform(r);
	x->smoking = u < 0.15 ? "current" : u < 0.4 ? "former" : "never";
	x->cigarettes_per_day =
	        u < 0.15 ? 5 + (int)gsl_rng_uniform_int(r, 16) : 0;
}

static void
gen_history(gsl_rng *r, const struct br_synth_patient *p,
            struct br_synth_intake *x)
{
	static const struct br_synth_medicine meds[] = {
	        {"paracetamol", "1 g up to four times a day", "otc", "pain"},
	        {"ibuprofen", "400 mg up to three times a day as needed", "otc",
	         "pain"},
	        {"naproxen", "500 mg twice a day", "prescription", "pain"},
	        {"amitriptyline", "10 mg at night", "prescription", "pain"},
	        {"melatonin", "2 mg at bedtime", "supplement", "sleep"},
	};
	static const double med_p[] = {0.35, 0.3, 0.08, 0.05, 0.0};
	bool female = strcmp(p->sex, "female") == 0;
	int age = p->age_years;

	if (chance(r, age > 55 ? 0.3 : 0.05))
		add(x->conditions, &x->n_conditions, 4, "osteoarthritis");
	if (chance(r, p->sciatica ? 0.35 : 0.05))
		add(x->conditions, &x->n_conditions, 4, "herniated-disc");
	if (p->sciatica && age > 60 && chance(r, 0.2))
		add(x->conditions, &x->n_conditions, 4, "spinal-stenosis");
	if (chance(r, 0.15))
		add(x->conditions, &x->n_conditions, 4, "myofascial-pain");
	if (chance(r, 0.04))
		add(x->conditions, &x->n_conditions, 4, "scoliosis");
	if (chance(r, 0.04))
		add(x->conditions, &x->n_conditions, 4, "spondylolisthesis");
	if (female && age > 60 && chance(r, 0.15))
		add(x->conditions, &x->n_conditions, 4, "osteoporosis");
	if (chance(r, 0.1))
		add(x->conditions, &x->n_conditions, 4, "depression");

	if (chance(r, 0.25))
		add(x->treatments, &x->n_treatments, 4, "physiotherapy");
	if (chance(r, 0.2))
		add(x->treatments, &x->n_treatments, 4, "exercise");
	if (chance(r, 0.1))
		add(x->treatments, &x->n_treatments, 4, "chiropractic");
	if (chance(r, 0.4))
		add(x->treatments, &x->n_treatments, 4, "medication");

	for (size_t i = 0; i < NELEM(meds); i++) {
		double pr = med_p[i];

		if (strcmp(meds[i].purpose, "sleep") == 0)
			pr = p->poor_sleeper ? 0.12 : 0.02;
		if (x->n_medicines < 3 && chance(r, pr))
			x->medicines[x->n_medicines++] = meds[i];
	}
}

static void
gen_sleep(gsl_rng *r, const struct br_synth_patient *p,
          struct br_synth_intake *x)
{
	static const char *const positions[] = {"side", "back", "front",
	                                        "varies"};
	static const double pos_w[] = {0.55, 0.25, 0.1, 0.1};
	static const char *const mattresses[] = {"firm", "medium", "soft"};
	static const double mat_w[] = {0.35, 0.45, 0.2};
	static const char *const sleep_goals[] = {
	        "Sleep through the night without the pain waking me",
	        "Wake up rested instead of stiff and sore",
	        "Find a position I can fall asleep in",
	};
	static const char *const day_goals[] = {
	        "Sit through a working day without my back seizing up",
	        "Get back to gardening",
	        "Pick up my grandchildren again",
	        "Walk the dog for an hour",
	        "Play tennis again this summer",
	        "Drive to work without pain",
	        "Stop depending on painkillers",
	};

	x->position_difficulty = chance(r, p->poor_sleeper ? 0.75 : 0.3);
	x->night_pain = chance(r, p->poor_sleeper ? 0.7 : 0.25);
	x->pain_wakes =
	        x->night_pain
	                ? (p->poor_sleeper ? 1 + (int)gsl_rng_uniform_int(r, 3)
	                                   : (int)gsl_rng_uniform_int(r, 2))
	                : 0;
	x->sleep_position = positions[weighted(r, pos_w, NELEM(pos_w))];
	x->mattress = mattresses[weighted(r, mat_w, NELEM(mat_w))];
	x->mattress_years = 1 + (int)gsl_rng_uniform_int(r, 15);
	x->pillows = 1 + (int)gsl_rng_uniform_int(r, 3);
	x->knee_pillow = chance(r, 0.2);
	x->goals = p->poor_sleeper && chance(r, 0.6)
	                   ? pick(r, sleep_goals, NELEM(sleep_goals))
	                   : pick(r, day_goals, NELEM(day_goals));
}

/* TCM -------------------------------------------------------------------- */

/* A main back pattern: the findings it is charted with. */
struct pattern {
	const char *code;
	const char *colour, *moisture;
	const char *shape[3], *coat[3], *pulse[3];
	const char *left_chi[2], *right_chi[2];
	const char *principles[3];
	int rate;
	const char *principle;
	/* what settles in a responder from the 4th visit */
	const char *settled_colour, *settled_coat[3], *settled_pulse[3];
	const char *formula[4]; /* pinyin, chinese, english, form */
	const char *dose;
	int weeks;
};

static const struct pattern back_patterns[] = {
        {"kidney-yang-deficiency",
         "pale",
         "moist",
         {"swollen", "tooth-marked"},
         {"thin", "white"},
         {"deep", "weak"},
         {"weak"},
         {"deep", "weak"},
         {"interior", "cold", "deficiency"},
         62,
         "Warm and tonify kidney yang; strengthen the lower back",
         NULL,
         {NULL},
         {NULL},
         {"You Gui Wan", "右归丸", "Restore the Right [Kidney] Pill", "pills"},
         "8 pills three times a day",
         4},
        {"cold-damp-obstruction",
         "pale-red",
         "moist",
         {"swollen"},
         {"thick", "white", "greasy"},
         {"deep", "slow"},
         {"deep"},
         {"deep"},
         {"interior", "cold", "excess"},
         60,
         "Dispel cold and damp; warm and unblock the channels",
         NULL,
         {"thin", "white"},
         {"deep"},
         {"Du Huo Ji Sheng Tang", "独活寄生汤",
          "Angelica Pubescens and Taxillus Decoction", "granules"},
         "6 g twice a day",
         2},
        {"qi-stagnation-blood-stasis",
         "purple",
         "normal",
         {"purple-spots", "sublingual-veins"},
         {"thin", "white"},
         {"wiry", "choppy"},
         {"wiry"},
         {"choppy"},
         {"interior", "excess"},
         72,
         "Move qi and blood; remove stasis and stop pain",
         "pale-purple",
         {NULL},
         {"wiry"},
         {"Shen Tong Zhu Yu Tang", "身痛逐瘀汤",
          "Drive Out Blood Stasis from a Painful Body Decoction", "granules"},
         "5 g twice a day",
         2},
        {"liver-kidney-deficiency",
         "red",
         "dry",
         {"thin", "cracked"},
         {"thin", "peeled"},
         {"thin", "weak"},
         {"thin", "weak"},
         {"thin"},
         {"interior", "deficiency"},
         74,
         "Nourish the liver and kidneys; strengthen sinews and bones",
         NULL,
         {NULL},
         {NULL},
         {"Du Huo Ji Sheng Tang", "独活寄生汤",
          "Angelica Pubescens and Taxillus Decoction", "granules"},
         "6 g twice a day",
         2},
        {"damp-heat-obstruction",
         "red",
         "normal",
         {"swollen"},
         {"thick", "yellow", "greasy"},
         {"slippery", "rapid"},
         {"slippery"},
         {"slippery"},
         {"interior", "heat", "excess"},
         82,
         "Clear heat and drain damp; unblock the channels",
         NULL,
         {"thin", "yellow"},
         {"slippery"},
         {"Si Miao Wan", "四妙丸", "Four-Marvel Pill", "pills"},
         "8 pills twice a day",
         3},
};

/* A sleep pattern: what it adds to the main pattern's findings. */
struct sleep_pattern {
	const char *code, *shape, *pulse, *principle;
};

static const struct sleep_pattern sleep_patterns[] = {
        {"heart-spleen-deficiency", "tooth-marked", "thin",
         "nourish heart and spleen and calm the mind"},
        {"heart-kidney-disharmony", "red-tip", "thin",
         "harmonise heart and kidney and calm the mind"},
        {"liver-fire", "red-sides", "wiry",
         "clear liver fire and calm the mind"},
        {"yin-deficiency-fire", "red-tip", "thin",
         "nourish yin, clear empty heat and calm the mind"},
};

static void
copy_list(const char **dst, int *n, int max, const char *const *src, int k)
{
	*n = 0;
	for (int i = 0; i < k && src[i]; i++)
		add(dst, n, max, src[i]);
}

static void
gen_visits(gsl_rng *r, const struct br_synth_patient *p,
           const struct pattern *bp, const struct sleep_pattern *sp,
           struct br_synth_tcm *out)
{
	int base_rate = bp->rate + (int)lround(gsl_ran_gaussian(r, 4));

	snprintf(out->treatment_principle, sizeof(out->treatment_principle),
	         "%s%s%s", bp->principle, sp ? "; " : "",
	         sp ? sp->principle : "");
	out->n_visits = p->n_sessions < BR_SYNTH_MAX_VISITS
	                        ? p->n_sessions
	                        : BR_SYNTH_MAX_VISITS;
	for (int i = 0; i < out->n_visits; i++) {
		struct br_synth_visit *v = &out->visits[i];
		bool settled = p->responder && i >= 3 &&
		               (bp->settled_colour || bp->settled_coat[0] ||
		                bp->settled_pulse[0]);

		memset(v, 0, sizeof(*v));
		v->assessed = p->sessions[i].acupuncture &&
		              (i == 0 || chance(r, 0.9));
		if (!v->assessed)
			continue;
		v->tongue_colour = settled && bp->settled_colour
		                           ? bp->settled_colour
		                           : bp->colour;
		v->tongue_moisture = bp->moisture;
		copy_list(v->shape, &v->n_shape, 4, bp->shape, 3);
		copy_list(v->coat, &v->n_coat, 4,
		          settled && bp->settled_coat[0] ? bp->settled_coat
		                                         : bp->coat,
		          3);
		copy_list(v->pulse, &v->n_pulse, 4,
		          settled && bp->settled_pulse[0] ? bp->settled_pulse
		                                          : bp->pulse,
		          3);
		copy_list(v->left_chi, &v->n_left_chi, 2, bp->left_chi, 2);
		copy_list(v->right_chi, &v->n_right_chi, 2, bp->right_chi, 2);
		copy_list(v->principles, &v->n_principles, 4, bp->principles,
		          3);
		v->patterns[v->n_patterns++] = bp->code;
		if (sp) {
			add(v->shape, &v->n_shape, 4, sp->shape);
			add(v->pulse, &v->n_pulse, 4, sp->pulse);
			v->patterns[v->n_patterns++] = sp->code;
		}
		v->pulse_rate = clampi(base_rate + gsl_ran_gaussian(r, 3) -
		                               (settled ? 2 : 0),
		                       48, 100);
	}
}

static void
gen_herbal(gsl_rng *r, const struct br_synth_patient *p,
           const struct pattern *bp, const struct sleep_pattern *sp,
           struct br_synth_tcm *out)
{
	if (p->n_sessions == 0 || !p->sessions[0].acupuncture)
		return;
	if (chance(r, 0.3)) {
		struct br_synth_herbal *h = &out->herbal[out->n_herbal++];
		bool gui_pi =
		        sp &&
		        strcmp(sp->code, "heart-spleen-deficiency") == 0 &&
		        chance(r, 0.5);

		memset(h, 0, sizeof(*h));
		h->session_index = p->n_sessions > 1 ? 1 : 0;
		if (gui_pi) {
			h->pinyin = "Gui Pi Tang";
			h->chinese = "归脾汤";
			h->english = "Restore the Spleen Decoction";
			h->form = "granules";
			h->dose = "5 g twice a day";
			h->duration = "3 weeks, then review";
		} else {
			h->pinyin = bp->formula[0];
			h->chinese = bp->formula[1];
			h->english = bp->formula[2];
			h->form = bp->formula[3];
			h->dose = bp->dose;
			h->duration = bp->weeks == 4   ? "4 weeks, then review"
			              : bp->weeks == 3 ? "3 weeks, then review"
			                               : "2 weeks, then review";
		}
		h->instructions = strcmp(h->form, "granules") == 0
		                          ? "Dissolve in warm water; take "
		                            "after meals"
		                          : "Take with warm water after meals";
		if (chance(r, 0.1)) {
			h->adverse_effect =
			        chance(r, 0.5) ? "bloating" : "stomach-upset";
			h->adverse_after_days =
			        3 + (int)gsl_rng_uniform_int(r, 4);
			if (chance(r, 0.5)) {
				h->end_reason = "adverse-effect";
				h->end_after_days = h->adverse_after_days + 1;
			}
		}
		if (h->end_reason == NULL && chance(r, 0.7)) {
			h->end_reason = "completed";
			h->end_after_days = 7 * (bp->weeks > 1 ? bp->weeks : 2);
		}
	}
	if (chance(r, 0.15)) {
		struct br_synth_herbal *h = &out->herbal[out->n_herbal++];

		memset(h, 0, sizeof(*h));
		h->session_index = 0;
		h->pinyin = "Zheng Gu Shui";
		h->chinese = "正骨水";
		h->english = "Bone-setting liniment";
		h->form = "liniment";
		h->dose = "Rub a little into the sore area two or three times "
		          "a day";
		h->duration = "As needed";
		h->instructions = "For external use only; not on broken skin";
		if (chance(r, 0.08)) {
			h->adverse_effect = "skin-irritation";
			h->adverse_after_days =
			        2 + (int)gsl_rng_uniform_int(r, 4);
			h->end_reason = "adverse-effect";
			h->end_after_days = h->adverse_after_days;
		}
	}
}

int
br_synth_tcm(uint64_t seed, uint64_t index, const struct br_synth_patient *p,
             struct br_synth_tcm *out)
{
	static const double back_w[] = {0.25, 0.25, 0.25, 0.15, 0.10};
	static const double sleep_w[] = {0.4, 0.3, 0.15, 0.15};
	gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
	uint64_t mix = (seed ^ SALT) * 0x9E3779B97F4A7C15ULL +
	               (index + 1) * 0xD6E8FEB86659FD93ULL;
	const struct pattern *bp;
	const struct sleep_pattern *sp = NULL;
	double w[NELEM(back_w)];

	memset(out, 0, sizeof(*out));
	if (r == NULL)
		return BR_ENOMEM;
	gsl_rng_set(r, (unsigned long)(mix ^ (mix >> 29)));
	gen_onset_and_pain(r, p, &out->intake);
	gen_lifestyle(r, p, &out->intake);
	gen_history(r, p, &out->intake);
	gen_sleep(r, p, &out->intake);

	/* Older patients lean to kidney patterns, recent onsets to stasis. */
	memcpy(w, back_w, sizeof(w));
	if (p->age_years > 55) {
		w[0] += 0.1;
		w[2] -= 0.1;
	}
	if (p->onset_offset > -42) {
		w[2] += 0.1;
		w[0] -= 0.1;
	}
	bp = &back_patterns[weighted(r, w, NELEM(w))];
	if (p->poor_sleeper)
		sp = &sleep_patterns[weighted(r, sleep_w, NELEM(sleep_w))];
	gen_visits(r, p, bp, sp, out);
	gen_herbal(r, p, bp, sp, out);
	gsl_rng_free(r);
	return 0;
}
