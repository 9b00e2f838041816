/*
 * fhir_internal.h - building blocks shared by fhir_export.c,
 * fhir_codes.c and fhir_import.c: backrest's code-system names and the
 * codes of the diary and session Observations.
 */
#ifndef BR_INTEROP_FHIR_INTERNAL_H
#define BR_INTEROP_FHIR_INTERNAL_H

#include <jansson.h>

#include "interop/fhir.h"

/* Code systems (appended to BR_FHIR_CS). */
#define BR_CS_POINT      "acupuncture-point"
#define BR_CS_MODALITY   "treatment-modality"
#define BR_CS_TECHNIQUE  "treatment-technique"
#define BR_CS_REGION     "body-region"
#define BR_CS_ADVERSE    "adverse-event"
#define BR_CS_OBS        "observation"
#define BR_CS_CONDITION  "condition"
#define BR_CS_LATERALITY "laterality"
#define BR_CS_INSTRUMENT "instrument"      /* scores: <id>, <id>.<sub> */
#define BR_CS_BAND       "instrument-band" /* <id>.<band> */
#define BR_CS_REDFLAG    "red-flag"
#define BR_CS_TIER       "red-flag-tier"
#define BR_CS_TCM        "tcm-finding" /* codes of the TCM Observations */
#define BR_CS_PRINCIPLE  "tcm-principle"
#define BR_CS_HERB_AE    "herbal-adverse-effect"
#define BR_CS_ROLE       "user-role"
#define BR_CS_MOISTURE   "tcm-tongue-moisture"
#define BR_CS_TREATMENT  "plan-treatment" /* data/evidence.json */
#define BR_CS_EXERCISE   "exercise"       /* levels of data/exercises.json */
#define BR_CS_PLAN_ACT   "plan-activity"  /* kinds of plan ServiceRequest */
#define BR_CS_CHANGE     "checkin-change" /* worse, same, better */
#define BR_CS_DEV_SLEEP  "sleep-method"   /* model/sleep_device.h sources */
/* Vocabulary code systems (lists of data files): br_fhir_vocab_cs[]. */

/* Naming systems of identifiers (appended to BR_FHIR_NS). */
#define BR_NS_CLINIC       "clinic"
#define BR_NS_PATIENT      "patient"
#define BR_NS_REF          "patient-ref"
#define BR_NS_EPISODE      "episode"
#define BR_NS_CONDITION    "episode-condition"
#define BR_NS_SESSION      "session"
#define BR_NS_PROCEDURE    "session-procedure"
#define BR_NS_SESS_OBS     "session-observation"
#define BR_NS_DIARY        "diary-observation"
#define BR_NS_PRACT        "practitioner"
#define BR_NS_PRACT_ROLE   "practitioner-role"
#define BR_NS_MEASURE      "measure"
#define BR_NS_SCORE        "measure-score"
#define BR_NS_SCREENING    "screening"
#define BR_NS_INTAKE       "intake"
#define BR_NS_INTAKE_COND  "intake-condition"
#define BR_NS_TCM          "tcm-observation"
#define BR_NS_TCM_REC      "tcm-assessment"
#define BR_NS_INSTRUMENT   "instrument"
#define BR_NS_HERBAL       "herbal-prescription"
#define BR_NS_HERBAL_AE    "herbal-adverse-effect"
#define BR_NS_VISIT        "visit"
#define BR_NS_CARE_PLAN    "care-plan"
#define BR_NS_PLAN_ITEM    "plan-item"
#define BR_NS_ROUTINE      "bedtime-routine"
#define BR_NS_EXERCISE_RX  "exercise-prescription"
#define BR_NS_PACING       "pacing-quota"
#define BR_NS_EXERCISE_LOG "exercise-log"
#define BR_NS_PACING_LOG   "pacing-log"
#define BR_NS_CHECKIN      "checkin"
#define BR_NS_GOAL         "intake-goal"

/* Extensions (appended to BR_FHIR_EXT). */
#define BR_EXT_SCIATICA   "sciatica"
#define BR_EXT_RISK       "risk-group"
#define BR_EXT_NEEDLING   "stricta-needling"
#define BR_EXT_EA         "electroacupuncture"
#define BR_EXT_TECHNIQUE  "technique"
#define BR_EXT_POSITION   "patient-position"
#define BR_EXT_LATERALITY "laterality"
#define BR_EXT_EPISODE    "episode"
#define BR_EXT_VERSION    "instrument-version"
#define BR_EXT_RECALL     "instrument-recall"
#define BR_EXT_SCREENED   "screened-by"
#define BR_EXT_CLEARANCE  "clearance"
#define BR_EXT_CREATED    "created"
#define BR_EXT_PREFILLED  "prefilled-from"
#define BR_EXT_FORMULA    "herbal-formula"
#define BR_EXT_FORM       "herbal-form"
#define BR_EXT_DURATION   "duration-text"
#define BR_EXT_PHARMACY   "pharmacy"
#define BR_EXT_ENDED      "ended"
#define BR_EXT_SEVERITY   "severity"
#define BR_EXT_PLACE      "visit-place"
#define BR_EXT_ADDRESS    "visit-address"
#define BR_EXT_PER_WEEK   "visits-per-week"
#define BR_EXT_TRIAL      "trial-checkpoint"
#define BR_EXT_DEFAULTED  "course-default"
#define BR_EXT_USUAL      "usual-morning-pain"
#define BR_EXT_PACING     "pacing-step"
#define BR_EXT_RULE       "checkin-rule"
#define BR_EXT_ADVERSE    "checkin-adverse"

/* Codes in the backrest observation code system besides the metrics. */
#define BR_OBS_SCREEN  "red-flag-screen"
#define BR_OBS_HERB_AE "herbal-adverse-effect"
#define BR_OBS_EX_LOG  "exercise-log" /* components below */
#define BR_OBS_PACE    "pacing-log"
#define BR_OBS_ROUTINE "bedtime-routine" /* diary day: steps ticked */

/* Kinds of plan ServiceRequest (category, BR_CS_PLAN_ACT). */
#define BR_PLAN_COURSE   "course"
#define BR_PLAN_EXERCISE "exercise"
#define BR_PLAN_PACING   "pacing"
#define BR_PLAN_ROUTINE  "bedtime-routine"

/* The next-day check-in and its Questionnaire
 * (BR_FHIR_BASE "/Questionnaire/aftercare"). */
#define BR_Q_AFTERCARE "aftercare"
json_t *br_fhir_aftercare_questionnaire(void);

/* backrest pacing units <-> UCUM codes ("steps" <-> "{steps}"); NULL
 * when unknown. */
const char *br_fhir_ucum_of(const char *unit);
const char *br_fhir_unit_of(const char *ucum);

/* The intake and its Questionnaire (BR_FHIR_BASE "/Questionnaire/intake"). */
#define BR_Q_INTAKE "intake"

/* The metrics of a diary day, each one Observation. */
enum br_metric {
	BR_M_PAIN,
	BR_M_PAIN_WORST,
	BR_M_ACTIVITY,
	BR_M_TIB,
	BR_M_TST,
	BR_M_SOL,
	BR_M_WASO,
	BR_M_WAKES,
	BR_M_QUALITY,
	BR_M_NOTE,
	BR_M_SESSION_BEFORE,
	BR_M_SESSION_AFTER,
	BR_M_COUNT
};

struct br_metric_def {
	const char *key;     /* in ids and identifiers: "pain", "sol" ... */
	const char *system;  /* BR_LOINC or the backrest observation CS */
	const char *code;    /* LOINC or backrest code */
	const char *display; /* display of code */
	const char *unit;    /* UCUM unit of valueQuantity, "" for integer,
	                        NULL for string */
};

extern const struct br_metric_def br_metrics[BR_M_COUNT];

/* Code systems made from a list of a vocabulary file (data/<file>):
 * concept code = the entry's code, display = its label or name. */
struct br_vocab_cs {
	const char *name; /* code-system short name */
	const char *file, *list;
	const char *title;
};
extern const struct br_vocab_cs br_fhir_vocab_cs[];
/* The code-system short name of a vocabulary list, or NULL. */
const char *br_fhir_vocab_cs_name(const char *file, const char *list);

/* The intake fields as Questionnaire items (fhir_intake.c). */
json_t *br_fhir_intake_questionnaire(void);
struct br_intake;
json_t *br_fhir_intake_items(const struct br_intake *x);
/* Reads the QuestionnaireResponse items into x; NULL or the reason it is
 * refused (in why, whylen). */
bool br_fhir_intake_read(json_t *items, struct br_intake *x, char *why,
                         size_t whylen);

/* The instrument and band code systems of set (fhir_codes.c). */
struct br_instrument_set;
int br_fhir_instrument_code_systems(const struct br_instrument_set *set,
                                    br_fhir_emit_fn emit, void *ctx,
                                    struct br_err *err);

/* The code-system URL for a short name ("acupuncture-point"). */
const char *br_fhir_cs_url(const char *name);
/* Display of a code in a backrest code system, or NULL. */
const char *br_fhir_display(const char *cs, const char *code);
/* Observation codes that are not diary metrics (red-flag screen ...). */
const char *br_fhir_obs_display(const char *code);

#endif
