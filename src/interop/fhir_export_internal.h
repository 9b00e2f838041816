/*
 * fhir_export_internal.h - what the files of the FHIR exporter share
 * (fhir_export.c walks the store; fhir_export_<family>.c build one
 * resource family each): the walk state and the small builders.
 *
 * Ownership: every builder returns a new json_t reference the caller owns
 * (NULL when out of memory); fe_put takes the resource's reference.
 */
#ifndef BR_INTEROP_FHIR_EXPORT_INTERNAL_H
#define BR_INTEROP_FHIR_EXPORT_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "model/herbal.h"
#include "model/instruments.h"
#include "model/library.h"
#include "model/vocab.h"
#include "core/parse.h"
#include "core/redflag.h"
#include "interop/fhir_internal.h"
#include "model/sleep_device.h"
#include "interop/records.h"
#include "store/exercises.h"
#include "store/herbal.h"
#include "store/intake.h"
#include "store/interop.h"
#include "store/measures.h"
#include "store/pacing.h"
#include "store/plans.h"
#include "store/screenings.h"
#include "store/tcm.h"
#include "store/visits.h"

#define CAT_SYSTEM "http://terminology.hl7.org/CodeSystem/observation-category"

struct walk {
	struct br_store *s;
	const struct br_fhir_filter *f;
	br_fhir_emit_fn emit;
	void *ctx;
	const struct br_instrument_set *instruments;
};

/* Shared builders (defined in the fhir_export*.c files). */

/* fhir_export_common.c */
bool fe_since_ok(const struct walk *w, const char *ts);
int fe_put(struct walk *w, json_t *res, struct br_err *err);
json_t *fe_coding(const char *system, const char *code, const char *display);
json_t *fe_concept(const char *system, const char *code, const char *display,
                   const char *text);
json_t *fe_reference(const char *type, const char *prefix, int64_t id);
json_t *fe_identifier(const char *ns, const char *value);
json_t *fe_identifier1(const char *ns, const char *value);
json_t *fe_id_identifier(const char *ns, int64_t id);
json_t *fe_meta(const char *ts);
json_t *fe_quantity(json_int_t v, const char *unit);
json_t *fe_ext(const char *name, const char *value_key, json_t *value);
void fe_sub_ext(json_t *list, const char *name, const char *value_key,
                json_t *value);
void fe_local_datetime(int32_t day, int minutes, char out[32]);

/* fhir_export_patient.c */
json_t *fe_organization(const struct br_clinic_row *c);
json_t *fe_patient(const struct br_patient *p);
json_t *fe_role_ref(int64_t user_id);
json_t *fe_practitioner(const struct br_user *u);
json_t *fe_practitioner_role(const struct br_user *u);

/* fhir_export_episode.c */
json_t *fe_condition(const struct br_episode *e);
json_t *fe_episode_of_care(const struct br_episode *e, int64_t clinic_id);

/* fhir_export_encounter.c */
json_t *fe_encounter(const struct br_session *x, int64_t clinic_id,
                     int64_t visit_id);
json_t *fe_procedure(const struct br_session *x, const char *mod, bool first);
json_t *fe_appointment(const struct br_visit *v);

/* fhir_export_observation.c */
int fe_session_resources(struct walk *w, const struct br_session *x,
                         int64_t clinic_id, int64_t visit_id,
                         struct br_err *err);
/* A sleep tracker's night (fhir_export_sleep.c). */
int fe_device_night_resources(struct walk *w,
                              const struct br_device_night_rec *r,
                              struct br_err *err);
int fe_diary_resources(struct walk *w, const struct br_diary_day *d,
                       struct br_err *err);
json_t *fe_routine_obs(const struct br_diary_day *d,
                       const struct br_routine_tick *ticks, size_t n);

/* fhir_export_questionnaire.c */
json_t *fe_episode_ext(int64_t episode_id);
json_t *fe_questionnaire(const struct br_instrument *in);
const struct br_instrument *
fe_instrument_of(const struct br_instrument_set *set, const char *id);
json_t *fe_measure_qr(const struct br_measure *m,
                      const struct br_instrument *in);
json_t *fe_measure_obs(const struct br_measure *m,
                       const struct br_instrument *in);
json_t *fe_intake_qr(const struct br_intake *x);
json_t *fe_intake_condition(const struct br_intake *x, const char *code);

/* fhir_export_screening.c */
json_t *fe_screening_obs(const struct br_screening *x);
int fe_tcm_resources(struct walk *w, const struct br_tcm *x,
                     struct br_err *err);

/* fhir_export_medication.c */
json_t *fe_herbal_mr(const struct br_herbal *x);
json_t *fe_herbal_ae_obs(const struct br_herbal_adverse *a);

/* fhir_export_careplan.c */
int fe_care_resources(struct walk *w, const struct br_episode *e,
                      struct br_err *err);

#endif
