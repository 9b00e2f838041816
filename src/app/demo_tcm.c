/*
 * demo_tcm.c - demo intake, TCM assessments and herbal prescriptions
 * (see demo_tcm.h).  Records are written through the store like any
 * other; every code comes from the data vocabularies.
 */
#include "app/demo_tcm.h"

#include <stdio.h>
#include <string.h>

#include "app/internal.h"
#include "store/herbal.h"
#include "store/intake.h"
#include "store/tcm.h"

int
br_demo_tcm_prepare(uint64_t seed, uint64_t index,
                    const struct br_synth_patient *sp, struct br_demo_tcm *t,
                    struct br_err *err)
{
	memset(t, 0, sizeof(*t));
	if (br_synth_tcm(seed, index, sp, &t->synth) < 0)
		return br_error(err, BR_ENOMEM, "", "out of memory");
	return 0;
}

#define COPY(dst, src) snprintf(dst, sizeof(dst), "%s", (src) ? (src) : "")

static void
codes(int n, const char *const *src, int *out_n, char (*out)[BR_CODE_LEN],
      int max)
{
	*out_n = 0;
	for (int i = 0; i < n && i < max; i++)
		snprintf(out[(*out_n)++], BR_CODE_LEN, "%s", src[i]);
}

int
br_demo_tcm_intake(struct br_app *app, const struct br_demo_tcm *t,
                   const struct br_episode *e, struct br_err *err)
{
	const struct br_synth_intake *s = &t->synth.intake;
	struct br_intake x;

	br_intake_init(&x);
	x.patient_id = e->patient_id;
	x.episode_id = e->id;
	memcpy(x.recorded_on, e->opened_on, sizeof(x.recorded_on));
	COPY(x.onset_mode, s->onset_mode);
	for (int i = 0; i < s->n_locations; i++) {
		COPY(x.locations[i].location, s->locations[i].location);
		COPY(x.locations[i].side, s->locations[i].side);
	}
	x.n_locations = s->n_locations;
	COPY(x.radiation, s->radiation);
	COPY(x.radiation_side, s->radiation_side);
	codes(s->n_aggravating, s->aggravating, &x.n_aggravating, x.aggravating,
	      BR_INTAKE_MAX_LIST);
	codes(s->n_easing, s->easing, &x.n_easing, x.easing,
	      BR_INTAKE_MAX_LIST);
	COPY(x.work, s->work);
	x.sitting_hours = s->sitting_hours;
	COPY(x.lifting, s->lifting);
	COPY(x.lifting_technique, s->lifting_technique);
	COPY(x.activity, s->activity);
	x.height_cm = s->height_cm;
	x.weight_kg = s->weight_kg;
	COPY(x.smoking, s->smoking);
	x.cigarettes_per_day =
	        s->cigarettes_per_day ? s->cigarettes_per_day : BR_UNSET;
	codes(s->n_conditions, s->conditions, &x.n_conditions, x.conditions,
	      BR_INTAKE_MAX_LIST);
	codes(s->n_treatments, s->treatments, &x.n_treatments, x.treatments,
	      BR_INTAKE_MAX_LIST);
	for (int i = 0; i < s->n_medicines; i++) {
		COPY(x.medicines[i].name, s->medicines[i].name);
		COPY(x.medicines[i].dose, s->medicines[i].dose);
		COPY(x.medicines[i].kind, s->medicines[i].kind);
		COPY(x.medicines[i].purpose, s->medicines[i].purpose);
	}
	x.n_medicines = s->n_medicines;
	x.position_difficulty = s->position_difficulty;
	x.night_pain = s->night_pain;
	x.pain_wakes = s->pain_wakes;
	COPY(x.sleep_position, s->sleep_position);
	COPY(x.mattress, s->mattress);
	x.mattress_years = s->mattress_years;
	x.pillows = s->pillows;
	x.knee_pillow = s->knee_pillow;
	COPY(x.goals, s->goals);
	for (int l = 0; l < BR_INTAKE_NLISTS; l++)
		x.recorded[l] = true;
	memcpy(x.created_at, e->created_at, sizeof(x.created_at));
	memcpy(x.updated_at, e->created_at, sizeof(x.updated_at));
	return br_store_intake_put(app->store, &x, err);
}

static int
write_assessment(struct br_app *app, struct br_demo_tcm *t,
                 const struct br_synth_visit *v, const struct br_session *s,
                 struct br_err *err)
{
	struct br_tcm x;
	int rc;

	br_tcm_init(&x);
	x.id = br_store_new_id();
	x.patient_id = s->patient_id;
	x.episode_id = s->episode_id;
	x.session_id = s->id;
	x.prefilled_from = t->last_assessment;
	memcpy(x.day, s->day, sizeof(x.day));
	COPY(x.tongue_colour, v->tongue_colour);
	COPY(x.tongue_moisture, v->tongue_moisture);
	codes(v->n_shape, v->shape, &x.n_shape, x.shape, BR_TCM_MAX_LIST);
	codes(v->n_coat, v->coat, &x.n_coat, x.coat, BR_TCM_MAX_LIST);
	codes(v->n_pulse, v->pulse, &x.n_pulse[BR_PULSE_OVERALL],
	      x.pulse[BR_PULSE_OVERALL], BR_TCM_MAX_LIST);
	codes(v->n_left_chi, v->left_chi, &x.n_pulse[BR_PULSE_LEFT_CHI],
	      x.pulse[BR_PULSE_LEFT_CHI], BR_TCM_MAX_LIST);
	codes(v->n_right_chi, v->right_chi, &x.n_pulse[BR_PULSE_RIGHT_CHI],
	      x.pulse[BR_PULSE_RIGHT_CHI], BR_TCM_MAX_LIST);
	x.pulse_rate = v->pulse_rate;
	for (int i = 0; i < v->n_principles && i < 8; i++)
		COPY(x.principles[x.n_principles++], v->principles[i]);
	for (int i = 0; i < v->n_patterns && i < BR_TCM_MAX_PATTERNS; i++)
		COPY(x.patterns[x.n_patterns++], v->patterns[i]);
	COPY(x.treatment_principle, t->synth.treatment_principle);
	memcpy(x.created_at, s->created_at, sizeof(x.created_at));
	rc = br_store_tcm_insert(app->store, &x, err);
	if (rc == 0)
		t->last_assessment = x.id;
	return rc;
}

static int
write_herbal(struct br_app *app, const struct br_synth_herbal *h,
             const struct br_session *s, struct br_err *err)
{
	struct br_herbal x;
	struct br_herbal_adverse a;
	int32_t day;
	int rc;

	memset(&x, 0, sizeof(x));
	x.id = br_store_new_id();
	x.patient_id = s->patient_id;
	x.episode_id = s->episode_id;
	x.session_id = s->id;
	memcpy(x.day, s->day, sizeof(x.day));
	COPY(x.pinyin, h->pinyin);
	COPY(x.chinese, h->chinese);
	COPY(x.english, h->english);
	COPY(x.form, h->form);
	COPY(x.dose, h->dose);
	COPY(x.duration, h->duration);
	COPY(x.instructions, h->instructions);
	COPY(x.pharmacy, "Demo Herbal Dispensary");
	if (br_parse_date("date", s->day, &day, err) < 0)
		return BR_EINVAL;
	if (h->end_reason && day + h->end_after_days <= app->today) {
		br_format_date(day + h->end_after_days, x.ended_on);
		COPY(x.end_reason, h->end_reason);
	}
	memcpy(x.created_at, s->created_at, sizeof(x.created_at));
	rc = br_store_herbal_insert(app->store, &x, err);
	if (rc < 0 || h->adverse_effect == NULL ||
	    day + h->adverse_after_days > app->today)
		return rc;
	memset(&a, 0, sizeof(a));
	a.id = br_store_new_id();
	a.patient_id = x.patient_id;
	a.prescription_id = x.id;
	br_format_date(day + h->adverse_after_days, a.day);
	COPY(a.effect, h->adverse_effect);
	COPY(a.severity, "mild");
	memcpy(a.created_at, s->created_at, sizeof(a.created_at));
	return br_store_herbal_adverse_insert(app->store, &a, err);
}

int
br_demo_tcm_session(struct br_app *app, struct br_demo_tcm *t, int i,
                    const struct br_session *x, struct br_err *err)
{
	int rc = 0;

	if (i < t->synth.n_visits && t->synth.visits[i].assessed)
		rc = write_assessment(app, t, &t->synth.visits[i], x, err);
	for (int k = 0; rc == 0 && k < t->synth.n_herbal; k++)
		if (t->synth.herbal[k].session_index == i)
			rc = write_herbal(app, &t->synth.herbal[k], x, err);
	return rc;
}
