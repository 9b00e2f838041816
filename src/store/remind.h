/*
 * remind.h - reminders by email and the ids of diary entries (migration
 * 017): a patient's reminder choices, the claims that make each reminder
 * go out once, the one-time links that stop a kind, and what a pass reads
 * to find what is due (visits in the next day, diary gaps).
 *
 * Kinds: "appointment", "questionnaire", "diary".
 *
 * Memory: records are filled into caller storage and own no heap memory;
 * list functions return an array the caller frees with free().
 */
#ifndef BR_STORE_REMIND_H
#define BR_STORE_REMIND_H

#include <stdbool.h>
#include <stdint.h>

#include "core/parse.h"
#include "store/store.h"

#define BR_REMIND_ITEM_LEN  96
#define BR_REMIND_EMAIL_LEN 256

struct br_remind_prefs {
	int64_t patient_id;
	bool appointment, questionnaire, diary;
	int diary_after_days;       /* 1-30 */
	int quiet_from, quiet_to;   /* minutes after midnight */
	char updated_at[BR_TS_LEN]; /* "" = never chosen: the defaults */
};

/* The defaults: appointments and questionnaires on, the diary nudge off
 * (after 3 days; quiet 21:00-08:00). */
void br_remind_prefs_init(struct br_remind_prefs *p, int64_t patient_id);

/* The stored choices, or the defaults when there are none. */
int br_store_remind_prefs_get(struct br_store *s, int64_t patient_id,
                              struct br_remind_prefs *out, struct br_err *err);
int br_store_remind_prefs_put(struct br_store *s,
                              const struct br_remind_prefs *p,
                              struct br_err *err);

/* The address reminders go to: the patient's enabled patient account's
 * email; "" when there is none. */
int br_store_remind_email(struct br_store *s, int64_t patient_id,
                          char out[BR_REMIND_EMAIL_LEN], struct br_err *err);
/* The name of the patient's clinic ("" when unknown). */
int br_store_remind_clinic(struct br_store *s, int64_t patient_id, char *out,
                           size_t outlen, struct br_err *err);

/* A booked visit starting in (from, to] (local minutes since 1970). */
struct br_remind_visit {
	int64_t patient_id, visit_id;
	char day[BR_DATE_LEN];
	int start_min;
	bool home;
};
int br_store_remind_visits(struct br_store *s, int64_t from, int64_t to,
                           struct br_remind_visit **out, size_t *n,
                           struct br_err *err);

/* A patient who asked for the diary nudge, with the last diary day ("" =
 * none yet). */
struct br_remind_gap {
	struct br_remind_prefs prefs;
	char last[BR_DATE_LEN];
};
int br_store_remind_gaps(struct br_store *s, struct br_remind_gap **out,
                         size_t *n, struct br_err *err);

/* Claims the reminder (patient_id, kind, item) for this pass: *claimed is
 * true when it had never been claimed, or its last send failed, or a
 * claim older than lease_ms has not been confirmed (its pass died), and
 * it has been claimed fewer than BR_REMIND_MAX_ATTEMPTS times (a mail
 * server that refuses an address for good is not asked forever).  The
 * claim is written in the caller's transaction. */
#define BR_REMIND_MAX_ATTEMPTS 20
int br_store_remind_claim(struct br_store *s, int64_t patient_id,
                          const char *kind, const char *item, int64_t now_ms,
                          int64_t lease_ms, bool *claimed, struct br_err *err);
/* Confirms the claim made at claimed_ms: sent (sent_at = at) or failed. */
int br_store_remind_done(struct br_store *s, int64_t patient_id,
                         const char *kind, const char *item, int64_t claimed_ms,
                         bool sent, const char *at, struct br_err *err);

/* One-time stop links: stored as the hash of their secret. */
int br_store_remind_token_add(struct br_store *s, int64_t patient_id,
                              const char *hash, const char *kind,
                              const char *at, struct br_err *err);
/* Marks the unused link (patient_id, hash) used at at and gives its kind;
 * BR_ENOTFOUND (field "token") when there is none or it was used. */
int br_store_remind_token_use(struct br_store *s, int64_t patient_id,
                              const char *hash, const char *at, char kind[16],
                              struct br_err *err);

/* The day a diary entry id was applied to: BR_ENOTFOUND when the id is
 * new. */
int br_store_diary_entry_get(struct br_store *s, int64_t patient_id,
                             const char *entry_id, char day[BR_DATE_LEN],
                             struct br_err *err);
int br_store_diary_entry_add(struct br_store *s, int64_t patient_id,
                             const char *entry_id, const char *day,
                             const char *at, struct br_err *err);

#endif
