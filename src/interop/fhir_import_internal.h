/*
 * fhir_import_internal.h - what the files of the FHIR importer share
 * (fhir_import.c walks the Bundle and writes; fhir_import_<family>.c read
 * one resource family each): the entries read from the Bundle, the import
 * state, and the readers and checks every family uses.
 *
 * Ownership: an entry's rec is allocated by its reader and freed by
 * fhir_import.c (release); strings returned by fi_str and the like point
 * into the Bundle and live as long as it does.
 */
#ifndef BR_INTEROP_FHIR_IMPORT_INTERNAL_H
#define BR_INTEROP_FHIR_IMPORT_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include <jansson.h>

#include "model/instruments.h"
#include "model/library.h"
#include "model/vocab.h"
#include "core/parse.h"
#include "core/redflag.h"
#include "interop/fhir_internal.h"
#include "app/app.h"
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

#define MAX_ID 9007199254740991LL /* 2^53 - 1: ids are JSON-safe */

enum kind {
	K_UNKNOWN,
	K_DEFINITION, /* CodeSystem: read, not stored */
	K_ORG,
	K_PATIENT,
	K_CONDITION,
	K_EOC,
	K_ENCOUNTER,
	K_PROCEDURE,
	K_OBSERVATION,
	K_PRACT,
	K_PRACT_ROLE,
	K_QR,
	K_MEDREQ,
	K_APPT,
	K_SERVREQ,
	K_CAREPLAN,
	K_GOAL,
};

/* What a QuestionnaireResponse, Observation or Condition turned out to
 * be. */
enum sub {
	S_NONE,
	S_MEASURE,     /* QR of an instrument */
	S_INTAKE,      /* QR of the intake */
	S_SCORE,       /* score Observation of a measure */
	S_SCREEN,      /* red-flag screen */
	S_TCM,         /* TCM tongue, pulse or differentiation */
	S_HERB_AE,     /* adverse effect of a herbal prescription */
	S_INTAKE_COND, /* known condition of an intake */
	S_COURSE,      /* ServiceRequest: a plan item */
	S_ROUTINE,     /* ServiceRequest: the plan's bedtime routine */
	S_EXERCISE,    /* ServiceRequest: an exercise prescription */
	S_PACING,      /* ServiceRequest: a pacing quota setting */
	S_EX_LOG,      /* Observation: an exercise log */
	S_PACE_LOG,    /* Observation: a pacing log */
	S_TICKS,       /* Observation: routine steps ticked on a day */
	S_CHECKIN,     /* QuestionnaireResponse: the next-day check-in */
};

struct entry {
	size_t index;
	const char *full_url; /* NULL when absent */
	const char *type;
	const char *id;
	json_t *res;
	enum kind kind;
	bool bad;
	bool dependent; /* rejected only because an entry it needs is */
	char reason[200];
	size_t named_by; /* Condition: 1 + the EpisodeOfCare naming it;
	                    Practitioner: its first role; measure: its score */
	enum sub sub;
	bool holder; /* TCM: the Observation that holds the record */
	size_t appt; /* Encounter: 1 + the new Appointment of its visit */

	bool exists;        /* matched a stored record */
	bool used;          /* a Condition named by an EpisodeOfCare */
	int64_t rec_id;     /* record id (clinic, patient, episode, session) */
	int64_t patient_id; /* owning patient */
	char ts[BR_TS_LEN]; /* meta.lastUpdated as a backrest timestamp */
	char link_sys[160]; /* foreign identifier to remember, if any */
	char link_val[BR_REF_MAX];
	union {
		struct br_clinic_row *clinic;
		struct br_patient *patient;
		struct br_episode *episode;
		struct br_session *session;
		struct br_user *user;
		struct br_measure *measure;
		struct br_screening *screening;
		struct br_intake *intake;
		struct br_tcm *tcm;
		struct br_herbal *herbal;
		struct br_herbal_adverse *adverse;
		struct br_visit *visit;
		struct br_plan_item *plan;
		struct br_exercise_rx *rx;
		struct br_exercise_log *exlog;
		struct br_pacing_quota *quota;
		struct br_pacing_log *pacelog;
		struct br_checkin *checkin;
		struct routine_rec *routine;
	} rec;
	int64_t clinic_ref; /* Patient, Practitioner: resolved clinic, 0 =
	                       default (none for a practitioner) */
	bool close_episode; /* stored open episode that has finished */
};

/* One diary metric read from an Observation. */
struct diary_item {
	int64_t patient_id;
	int32_t day;
	enum br_metric metric;
	int v;       /* value, or BR_UNSET */
	int t0, t1;  /* clock times (bed/up, try/final) or BR_UNSET */
	size_t note; /* entry index holding the note text */
	size_t entry;
};

struct imp {
	struct br_app *app;
	struct br_store *s; /* app->store: the readers' lookups */
	const struct br_fhir_import_opts *o;
	struct entry *e;
	size_t n;
	json_t *index;  /* fullUrl or "Type/id" -> entry index */
	json_t *idents; /* "Type|system|value" -> entry index */
	struct diary_item *items;
	size_t n_items, cap_items;
	struct br_err *err;
	int fatal; /* a store failure: abort with this code */
	const struct br_instrument_set *instruments;
};

/* A bedtime routine of a plan, or the steps ticked on a diary day. */
struct routine_rec {
	int64_t patient_id, episode_id;
	struct br_routine r;
};

/* Shared readers and checks (defined in the fhir_import*.c files). */

/* fhir_import_common.c */
bool fi_reject(struct entry *e, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));
bool fi_reject_dep(struct entry *x, const char *what, const struct entry *dep);
bool fi_reject_err(struct imp *im, struct entry *e, int rc,
                   const struct br_err *err);
const char *fi_str(json_t *obj, const char *key);
const char *fi_get_str(struct entry *e, json_t *obj, const char *key,
                       const char *path);
bool fi_get_int(struct entry *e, json_t *v, const char *path, long min,
                long max, int *out);
bool fi_get_count(struct entry *e, json_t *v, const char *path, int *out);
bool fi_copy(struct entry *e, const char *path, const char *s, char *out,
             size_t n);
bool fi_parse_rec_id(const char *s, int64_t *out);
bool fi_parse_dt(const char *s, int32_t *day, int *minutes, time_t *instant);
bool fi_get_date(struct entry *e, json_t *obj, const char *key,
                 const char *path, bool required, char out[BR_DATE_LEN]);
bool fi_get_ts(struct entry *e, char out[BR_TS_LEN]);
void fi_ts_or_now(struct entry *e, char out[BR_TS_LEN]);
const char *fi_own_ident(struct entry *e, const char *ns);
bool fi_check_idents(struct entry *e);
bool fi_unique(struct imp *im, struct entry *x, const char *what,
               const char *key);
bool fi_unique_key(struct imp *im, struct entry *x, const char *what,
                   const char *part, int64_t id);
bool fi_match_ident(struct imp *im, struct entry *x, const char *ns);
void fi_index_key(struct imp *im, const char *key, size_t i);
struct entry *fi_find_ref(struct imp *im, const char *ref);
bool fi_resolve(struct imp *im, struct entry *x, json_t *obj, const char *key,
                const char *path, const char *type, const char *prefix,
                bool required, struct entry **target, int64_t *stored_id);
bool fi_episode_of(struct imp *im, struct entry *x, int64_t pid,
                   int64_t *episode_id, struct br_episode *ep_out);
bool fi_encounter_of(struct imp *im, struct entry *x, int64_t pid,
                     bool required, int64_t *session_id, int64_t *episode_id,
                     char day[BR_DATE_LEN]);
bool fi_ext_text(struct entry *x, json_t *obj, const char *name,
                 const char *key, char *out, size_t n);
json_t *fi_ext_part(json_t *ext, const char *url);
const char *fi_first_note(json_t *res);
bool fi_in_list(const char *const *names, const char *s);
bool fi_claim(struct imp *im, struct entry *x, enum br_interop_rec kind,
              int64_t pid, int64_t *id, char created_at[BR_TS_LEN]);
void fi_ident_as_list(struct entry *x);
bool fi_refused(struct entry *x, int rc, const struct br_err *e,
                const char *prefix);

/* fhir_import_patient.c */
void fi_read_org(struct imp *im, struct entry *x);
void fi_read_patient(struct imp *im, struct entry *x);
bool fi_resolve_patient(struct imp *im, struct entry *x, json_t *obj,
                        const char *key, int64_t *patient_id);

/* fhir_import_episode.c */
bool fi_has_coding(json_t *cc, const char *system, const char **code);
json_t *fi_find_ext(json_t *obj, const char *name);
void fi_read_condition(struct imp *im, struct entry *x);
void fi_read_eoc(struct imp *im, struct entry *x);

/* fhir_import_encounter.c */
void fi_read_appt(struct imp *im, struct entry *x);
void fi_read_encounter(struct imp *im, struct entry *x);
struct entry *fi_session_of(struct imp *im, struct entry *x, bool *stored);
bool fi_set_text(struct entry *x, const char *path, json_t *v, char *out,
                 size_t n);
void fi_read_procedure(struct imp *im, struct entry *x);

/* fhir_import_observation.c */
bool fi_diary_day_of(struct entry *x, int64_t pid, int32_t *day);
void fi_read_observation(struct imp *im, struct entry *x);
void fi_group_days(struct imp *im);
int fi_write_days(struct imp *im, size_t *n_new, size_t *n_changed,
                  size_t *unchanged);

/* fhir_import_practitioner.c */
void fi_read_pract(struct imp *im, struct entry *x);
bool fi_resolve_pract(struct imp *im, struct entry *x, json_t *obj,
                      const char *key, const char *path, int64_t *user_id);
void fi_read_pract_role(struct imp *im, struct entry *x);

/* fhir_import_questionnaire.c */
const struct br_instrument *fi_find_instrument(struct imp *im, const char *id);
void fi_read_qr(struct imp *im, struct entry *x);
void fi_read_score_obs(struct imp *im, struct entry *x, const char *code);

/* fhir_import_screening.c */
void fi_read_screen(struct imp *im, struct entry *x);
void fi_read_tcm_obs(struct imp *im, struct entry *x, const char *part);

/* fhir_import_medication.c */
void fi_read_medreq(struct imp *im, struct entry *x);
void fi_read_herb_ae(struct imp *im, struct entry *x);

/* fhir_import_intake.c */
void fi_read_intake_cond(struct imp *im, struct entry *x);
void fi_read_goal(struct imp *im, struct entry *x);

/* fhir_import_careplan.c */
void fi_read_servreq(struct imp *im, struct entry *x);
void fi_read_exercise_log(struct imp *im, struct entry *x);
void fi_read_pacing_log(struct imp *im, struct entry *x);
void fi_read_ticks(struct imp *im, struct entry *x);
void fi_read_checkin(struct imp *im, struct entry *x, int64_t pid);
void fi_read_careplan(struct imp *im, struct entry *x);

#endif
