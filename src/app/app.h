/*
 * app.h - the use cases of backrest, shared by the command line and the
 * HTTP API so the two can never disagree.
 *
 * Every use case takes its input as a JSON object of named fields (the CLI
 * builds it from flags, the API receives it as the request body), checks
 * every field (core/parse.h; errors name the field), runs as one store
 * transaction, appends to the audit log when it touches a patient's record,
 * and returns its result as a new JSON value in *out (the caller owns it
 * and releases it with json_decref).  On error *out is left NULL, err is
 * filled, and nothing was written.
 */
#ifndef BR_APP_APP_H
#define BR_APP_APP_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"
#include "store/store.h"

struct br_app {
	struct br_store *store; /* borrowed */
	int32_t today;          /* "now" as a day number (--today) */
	const char *actor;      /* who acts: "cli:<login>" or a user email */
	int64_t user_id;        /* 0 on the command line */
	const char *origin;     /* "cli" or the client address */
	bool quiet;             /* no progress output */
	const char *instruments_dir; /* overrides data/instruments, or NULL */
	/* The input is a JSON body (the API): numbers, ids and booleans must
	 * be JSON numbers and booleans, not strings (app/input.h); the
	 * command line and query strings pass text. */
	bool typed_input;
};

/* A use case: input fields in, result out. */
typedef int (*br_app_fn)(struct br_app *app, json_t *in, json_t **out,
                         struct br_err *err);

/* Runs fn, again (up to BR_APP_RETRIES more times, after a short random
 * wait) when it failed with BR_EBUSY having committed nothing: a
 * serialization failure or deadlock between concurrent writers is retried
 * here and never reaches the user unless it keeps recurring. */
#define BR_APP_RETRIES 12
int br_app_call(br_app_fn fn, struct br_app *app, json_t *in, json_t **out,
                struct br_err *err);

/* A use case whose result is JSON text, and br_app_call for it. */
typedef int (*br_app_text_fn)(struct br_app *app, json_t *in, char **out,
                              size_t *len, struct br_err *err);
int br_app_call_text(br_app_text_fn fn, struct br_app *app, json_t *in,
                     char **out, size_t *len, struct br_err *err);

/* Setup: creates the default clinic.  out: {"db", "schema_version",
 * "clinic": {...}}. */
int br_app_init(struct br_app *app, json_t *in, json_t **out,
                struct br_err *err);

/* Clinics (clinics.c): in {"name"}; out: the clinic.  A second clinic of
 * the same name is a conflict. */
int br_app_clinic_add(struct br_app *app, json_t *in, json_t **out,
                      struct br_err *err);
/* in {"clinic_id", "name"}: renames a clinic (admins); out: the clinic. */
int br_app_clinic_rename(struct br_app *app, json_t *in, json_t **out,
                         struct br_err *err);
/* out: array of clinics by id. */
int br_app_clinic_list(struct br_app *app, json_t *in, json_t **out,
                       struct br_err *err);

/* Patients: in {"name", "born", "sex", "ref", "clinic_id"}; out: the
 * patient.  Without clinic_id the patient joins the first clinic. */
int br_app_patient_add(struct br_app *app, json_t *in, json_t **out,
                       struct br_err *err);
/* in {"clinic_id"} (one clinic's patients; every clinic's without); out:
 * array of patients. */
int br_app_patient_list(struct br_app *app, json_t *in, json_t **out,
                        struct br_err *err);
/* in {"patient_id"}; out: the patient with "episodes". */
int br_app_patient_show(struct br_app *app, json_t *in, json_t **out,
                        struct br_err *err);

/* Episodes: in {"patient_id", "onset", "region", "sciatica", "code"}. */
int br_app_episode_open(struct br_app *app, json_t *in, json_t **out,
                        struct br_err *err);
/* in {"episode_id"}. */
int br_app_episode_show(struct br_app *app, json_t *in, json_t **out,
                        struct br_err *err);
int br_app_episode_close(struct br_app *app, json_t *in, json_t **out,
                         struct br_err *err);

/* Diary: in {"patient_id", "date", "bed", "try", "sol", "wakes", "waso",
 * "final", "up", "quality", "pain", "pain_worst", "activity_min",
 * "note"}; merges into the stored day; out: the day. */
int br_app_diary_add(struct br_app *app, json_t *in, json_t **out,
                     struct br_err *err);
/* in {"patient_id", "from", "to"}; out: array of days. */
int br_app_diary_list(struct br_app *app, json_t *in, json_t **out,
                      struct br_err *err);
/* The same list as JSON text (what br_app_diary_list parses), written day
 * by day without a jansson tree: the API sends it as it is.  *out is the
 * caller's (free()), *len its length. */
int br_app_diary_list_text(struct br_app *app, json_t *in, char **out,
                           size_t *len, struct br_err *err);

/* Sessions: in {"episode_id", "date", "modality", "points", ...}. */
int br_app_session_add(struct br_app *app, json_t *in, json_t **out,
                       struct br_err *err);
/* in {"episode_id"}; out: array of sessions. */
int br_app_session_list(struct br_app *app, json_t *in, json_t **out,
                        struct br_err *err);

/* Practice overview: in {"clinic_id"} (one clinic's patients; every
 * clinic's without); out: counts. */
int br_app_overview(struct br_app *app, json_t *in, json_t **out,
                    struct br_err *err);
/* Care summary of a patient's current episode: in {"patient_id"}. */
int br_app_summary(struct br_app *app, json_t *in, json_t **out,
                   struct br_err *err);

/* Demo data: in {"patients", "days", "seed"}; out: what was written. */
int br_app_demo(struct br_app *app, json_t *in, json_t **out,
                struct br_err *err);

#endif
