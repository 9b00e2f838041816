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
	/* A caller writing a record of its time (an importer, a correction)
	 * sets this around the apply functions it calls: they then accept a
	 * record of a closed episode and of one waiting for a red-flag
	 * referral (it was made then), and keep the ids and timestamps the
	 * record came with; every check of the record's own fields and dates
	 * still applies. */
	bool history;
	/* An importer restoring exported records sets this with history: the
	 * applies then keep what the record came with that they would
	 * otherwise work out (a visit's status and session, a check-in's
	 * rules, a screen's flags, advice and clearance, whether an exercise
	 * level is active) and run no side effect the exported records
	 * already hold (a check-in's adverse events, the other levels of a
	 * ladder ended, a visit's booking of a free time); each apply's
	 * header says what it keeps. */
	bool restore;
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

/* The writes, inside the caller's transaction -------------------------------
 *
 * Each record kind's apply runs inside a transaction the caller has open
 * (br_store_begin): it loads what the record's rules need, checks the
 * record with them (the model's check, model/checks.h, and the rules that
 * need the store or today's date) and writes it through the store.  It
 * neither begins, commits nor audits, and reads no JSON.  The use cases
 * above are thin wrappers around it (input -> record, begin, apply,
 * audit, commit, view); the importers (src/interop) call the same apply
 * functions inside their one all-or-nothing transaction, so a record is
 * accepted by the command line, the API and an import alike.
 *
 * A record refused by a rule is answered with BR_EINVAL or BR_ENOTFOUND
 * (one sentence naming the field) before anything was written, so the
 * caller's transaction is as it was and an importer may go on to check
 * the next record; any other code is a failure of the store. */

/* A patient: p's name, sex, born ("" unknown), ref and clinic_id (0: the
 * default clinic, made when there is none); id 0 and created_at "" are
 * filled in.  sex must be one of the model's (br_rec_sexes); born must
 * not be after today nor before 1900; the clinic must exist. */
int br_app_patient_apply(struct br_app *app, struct br_patient *p,
                         struct br_err *err);
/* The same rules for p, a stored patient corrected, written over the
 * stored one (br_store_patient_update: name, born, sex, ref). */
int br_app_patient_correct(struct br_app *app, struct br_patient *p,
                           struct br_err *err);

/* An episode: e's patient_id, onset, region ("" the first region),
 * sciatica, icd10 ("" none), and as an import gives them id, status ("":
 * open), opened_on ("": today), closed_on, practitioner_id, risk_group
 * and created_at ("": now).  The patient must exist; the onset must not
 * be after today, before the patient's birth or after opened_on. */
int br_app_episode_apply(struct br_app *app, struct br_episode *e,
                         struct br_err *err);
/* The same rules for e, a stored episode corrected, written over the
 * stored one (br_store_episode_update: region, onset, sciatica, icd10). */
int br_app_episode_correct(struct br_app *app, struct br_episode *e,
                           struct br_err *err);

/* What br_app_diary_apply did with the day. */
enum br_app_day { BR_APP_DAY_NEW, BR_APP_DAY_CHANGED, BR_APP_DAY_UNCHANGED };

/* Sets the caller's fields on a diary day: the stored day of that date, or
 * an empty one (br_diary_day_init).  May set updated_at (an import's
 * timestamp); returns 0 or a negative code with err filled. */
typedef int (*br_app_day_fill_fn)(void *ctx, struct br_diary_day *d,
                                  struct br_err *err);

/* The diary day of patient_id on date ("YYYY-MM-DD"): the stored day (or
 * an empty one) with fill's fields merged in, checked as a whole
 * (br_rec_day_check) and written when it differs from what is stored.
 * The patient must exist; the date must not be after today nor before
 * the patient's birth (1900 when unknown).  *out (may be NULL) is the day
 * as stored afterwards, *what (may be NULL) what was done. */
int br_app_diary_apply(struct br_app *app, int64_t patient_id, const char *date,
                       br_app_day_fill_fn fill, void *ctx,
                       struct br_diary_day *out, enum br_app_day *what,
                       struct br_err *err);

/* A session: x filled but for the ids: its episode_id's episode must
 * exist and belong to x->patient_id (0: filled from the episode); the
 * date must not be after today nor before the episode's onset; x passes
 * br_rec_session_check (which puts its lists in the stored order).  id
 * 0 and created_at "" are filled in.  Whether the episode is still open,
 * red flags and the visit are the charting use case's (br_app_session_add),
 * not the record's: an import restores a closed episode's sessions. */
int br_app_session_apply(struct br_app *app, struct br_session *x,
                         struct br_err *err);
/* The same rules for x, a stored session corrected (its id and created_at
 * kept), written over the stored one: a session is referred to by its
 * visit, check-in, TCM assessment and prescriptions, so it is updated in
 * place. */
int br_app_session_correct(struct br_app *app, struct br_session *x,
                           struct br_err *err);
/* Sets the list key of x ("modality", "points", "regions", "adverse") to
 * the one in (null: none) with the item checks of "session add". */
int br_app_session_list_set(json_t *in, const char *key, struct br_session *x,
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
