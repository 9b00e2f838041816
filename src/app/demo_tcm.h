/*
 * demo_tcm.h - writes a demo patient's intake, TCM assessments and herbal
 * prescriptions (core/synth_tcm.h) for "backrest demo" (app/demo.c),
 * inside the demo's transaction.
 */
#ifndef BR_APP_DEMO_TCM_H
#define BR_APP_DEMO_TCM_H

#include "app/app.h"
#include "core/synth.h"
#include "core/synth_tcm.h"

struct br_demo_tcm {
	struct br_synth_tcm synth;
	int64_t last_assessment; /* the one the next visit starts from */
};

/* Generates the data of demo patient index (see br_synth_tcm). */
int br_demo_tcm_prepare(uint64_t seed, uint64_t index,
                        const struct br_synth_patient *sp,
                        struct br_demo_tcm *t, struct br_err *err);
/* Writes the intake of episode e, taken on its first day. */
int br_demo_tcm_intake(struct br_app *app, const struct br_demo_tcm *t,
                       const struct br_episode *e, struct br_err *err);
/* Writes what belongs to session number i (just stored as x): its TCM
 * assessment and the prescriptions given at it, with what the patient
 * reported later (up to today). */
int br_demo_tcm_session(struct br_app *app, struct br_demo_tcm *t, int i,
                        const struct br_session *x, struct br_err *err);

#endif
