/*
 * usecases.h - the interop layer's use cases, called by the command
 * line and the HTTP API: they move records in and out of backrest: FHIR
 * R4 (a collection Bundle, bulk NDJSON, Bundle import), CSV tables of the
 * diary and the sessions, and the STRICTA table of each course of
 * acupuncture.  They sit above app (they combine its records with the
 * mappings of this directory), so app never includes interop.  Same
 * contract as app.h: a JSON object of named fields in, the result in
 * *out, one transaction, audited.
 *
 * Files are written whole or not at all: to a temporary name beside the
 * target, renamed into place when complete.
 */
#ifndef BR_INTEROP_USECASES_H
#define BR_INTEROP_USECASES_H

#include "app/app.h"

/* in {"out", "patient_id", "episode_id"}; out {"file", "resources",
 * "types": {type: n}}. */
int br_app_export_fhir(struct br_app *app, json_t *in, json_t **out,
                       struct br_err *err);
/* in {"dir", "since"}; out {"dir", "output": [{"type", "file", "count"}]}. */
int br_app_export_ndjson(struct br_app *app, json_t *in, json_t **out,
                         struct br_err *err);
/* in {"file", "skip_unknown"}; out: the import report (fhir.h).  On
 * rejection err holds one sentence naming every rejected entry (the first
 * 20) and, when rejected is not NULL, *rejected is the full list
 * [{"index", "fullUrl", "resourceType", "reason"}] (caller releases it). */
int br_app_import_fhir_ex(struct br_app *app, json_t *in, json_t **out,
                          json_t **rejected, struct br_err *err);
int br_app_import_fhir(struct br_app *app, json_t *in, json_t **out,
                       struct br_err *err);

/* in {"dir", "skip_unknown"}: every .ndjson file of dir, streamed (one
 * transaction, all or nothing, progress on stderr unless quiet); out:
 * the import report.  On rejection *rejected (when not NULL) is the list
 * [{"file", "line", "resourceType", "fullUrl", "reason"}]. */
int br_app_import_ndjson_ex(struct br_app *app, json_t *in, json_t **out,
                            json_t **rejected, struct br_err *err);
int br_app_import_ndjson(struct br_app *app, json_t *in, json_t **out,
                         struct br_err *err);

/* GET /api/v1/fhir/Patient/{id}/$everything: in {"patient_id"}; out: a
 * searchset Bundle of the patient's whole record (with the code systems
 * and definitions it uses). */
int br_app_fhir_everything(struct br_app *app, json_t *in, json_t **out,
                           struct br_err *err);
/* GET /api/v1/fhir/$export: in {"_since", "_type"}; out {"ndjson": text,
 * "resources": n}: one resource a line, every patient of the calling
 * practitioner's clinic (of every clinic when there is no signed-in user),
 * in one response; the API serves the text as application/fhir+ndjson. */
int br_app_fhir_bulk(struct br_app *app, json_t *in, json_t **out,
                     struct br_err *err);

/* in {"kind": diary|sessions, "out", "patient_id"}; out {"file",
 * "rows"}. */
int br_app_export_csv(struct br_app *app, json_t *in, json_t **out,
                      struct br_err *err);
/* in {"kind", "file", "partial"}; out {"rows", "imported", "unchanged",
 * "rejected": [{"line", "column", "reason"}]}. */
int br_app_import_csv(struct br_app *app, json_t *in, json_t **out,
                      struct br_err *err);
/* in {"out", "episode_id", "format": csv|markdown}; out {"file",
 * "courses"}. */
int br_app_export_stricta(struct br_app *app, json_t *in, json_t **out,
                          struct br_err *err);

#endif
