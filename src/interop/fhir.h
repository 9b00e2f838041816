/*
 * fhir.h - backrest's records as FHIR R4 resources, and back
 * (the mapping is described in docs/internals/FHIR.md).
 *
 * Export walks the store and hands each resource to a callback in a fixed
 * order (code systems, clinics, then per patient: Patient, per episode
 * Condition + EpisodeOfCare + per session Encounter, Procedures and the
 * session's pain Observations, then the diary Observations), so the same
 * store always gives the same resources with the same ids.  Import reads a
 * transaction or collection Bundle, checks every entry, and writes only when
 * all of them are good; it runs inside the caller's store transaction.
 *
 * Adding a record kind (measures, plans ...) is one mapping function here
 * (export) and one reader (import), called from the walks in
 * fhir_export.c / fhir_import.c.
 */
#ifndef BR_INTEROP_FHIR_H
#define BR_INTEROP_FHIR_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"
#include "app/app.h"
#include "store/store.h"

/* The canonical base of backrest's code systems, naming systems and
 * extensions, and the base of fullUrls in exported Bundles. */
#define BR_FHIR_BASE "https://backrest.example.org/fhir"
#define BR_FHIR_CS   BR_FHIR_BASE "/CodeSystem/"
#define BR_FHIR_NS   BR_FHIR_BASE "/NamingSystem/"
#define BR_FHIR_EXT  BR_FHIR_BASE "/StructureDefinition/"

#define BR_LOINC      "http://loinc.org"
#define BR_UCUM       "http://unitsofmeasure.org"
#define BR_LOINC_PAIN "72514-3"
#define BR_LOINC_TST  "93832-4"

/* What to export: 0 / "" for all. */
struct br_fhir_filter {
	int64_t patient_id;
	int64_t episode_id;
	char since[BR_TS_LEN]; /* records created or updated at or after */
	bool code_systems;     /* include backrest's CodeSystem resources */
	const char *instruments_dir; /* br_instruments_load(), NULL: built in */
	int64_t clinic_id;           /* only this clinic's patients (0: all) */
};

/* Receives each resource (a new reference the callee steals). */
typedef int (*br_fhir_emit_fn)(void *ctx, json_t *resource, struct br_err *err);

/* Walks the selection in the fixed order; BR_ENOTFOUND when the filter's
 * patient or episode does not exist.  Stops at the first failing emit. */
int br_fhir_export(struct br_store *s, const struct br_fhir_filter *f,
                   br_fhir_emit_fn emit, void *ctx, struct br_err *err);

/* backrest's CodeSystem resources (acupuncture points, modalities,
 * regions, adverse events, observation codes ...), one emit each. */
int br_fhir_code_systems(br_fhir_emit_fn emit, void *ctx, struct br_err *err);

/* The fullUrl of a resource: BR_FHIR_BASE "/Type/id" (out of outlen). */
void br_fhir_full_url(json_t *resource, char *out, size_t outlen);

struct br_fhir_import_opts {
	bool skip_unknown; /* skip resource types backrest does not store */
	const char *instruments_dir; /* br_instruments_load(), NULL: built in */
	/* Optional, kept across calls (streamed NDJSON import): a reference
	 * ("Type/id" or fullUrl) of a clinic or practitioner imported by an
	 * earlier call -> backrest's reference ("Organization/org-<id>"). */
	json_t *aliases;
};

/*
 * Imports bundle within the caller's open write transaction (app's
 * store), writing the patients, episodes, sessions and diary days through
 * their app apply functions (app/app.h), so an imported record passes the
 * rules a use case applies.  On success *report is {"created": {type:
 * n}, "matched": {type: n}, "skipped": {type: n}, "patients": [ids]}.
 * When any entry is rejected (while reading, or a record its apply
 * refused while writing) BR_EINVAL: err names the first rejection (and
 * the count), *report is {"rejected": [{"index", "fullUrl",
 * "resourceType", "reason"}], ...} for the caller to show, and the caller
 * must roll back what was written.  patients[] lists every patient whose record
 * was written (for the audit log).
 */
int br_fhir_import(struct br_app *app, json_t *bundle,
                   const struct br_fhir_import_opts *o, json_t **report,
                   struct br_err *err);

struct br_fhir_ndjson_opts {
	bool skip_unknown;
	bool progress; /* on stderr */
	const char *instruments_dir;
};

/*
 * Imports every .ndjson file of dir (one resource a line) within the caller's
 * open write transaction, in memory bounded by one patient's record (see
 * fhir_ndjson.c).  *report as br_fhir_import's, plus "files" and
 * "resources"; on rejection BR_EINVAL naming the first problem by file and
 * line, *report holds "rejected": [{"file", "line", "resourceType",
 * "fullUrl", "reason"}] (the first 100), and the caller must roll back.
 */
int br_fhir_import_ndjson(struct br_app *app, const char *dir,
                          const struct br_fhir_ndjson_opts *o, json_t **report,
                          struct br_err *err);

#endif
