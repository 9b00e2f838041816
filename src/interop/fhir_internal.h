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

/* Naming systems of identifiers (appended to BR_FHIR_NS). */
#define BR_NS_CLINIC    "clinic"
#define BR_NS_PATIENT   "patient"
#define BR_NS_REF       "patient-ref"
#define BR_NS_EPISODE   "episode"
#define BR_NS_CONDITION "episode-condition"
#define BR_NS_SESSION   "session"
#define BR_NS_PROCEDURE "session-procedure"
#define BR_NS_SESS_OBS  "session-observation"
#define BR_NS_DIARY     "diary-observation"

/* Extensions (appended to BR_FHIR_EXT). */
#define BR_EXT_SCIATICA   "sciatica"
#define BR_EXT_RISK       "risk-group"
#define BR_EXT_NEEDLING   "stricta-needling"
#define BR_EXT_EA         "electroacupuncture"
#define BR_EXT_TECHNIQUE  "technique"
#define BR_EXT_POSITION   "patient-position"
#define BR_EXT_LATERALITY "laterality"

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

/* The code-system URL for a short name ("acupuncture-point"). */
const char *br_fhir_cs_url(const char *name);
/* Display of a code in a backrest code system, or NULL. */
const char *br_fhir_display(const char *cs, const char *code);

#endif
