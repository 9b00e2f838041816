/*
 * remind.h - reminders by email: a visit 24 hours before, a questionnaire
 * that fell due, and (when the patient asked for it) a nudge after some
 * days without a diary entry, outside the patient's quiet hours.
 *
 * Once per item.  A pass first claims a reminder in a transaction of its
 * own (the claim is the row in reminder_sends, store/remind.h), sends it
 * after that commits, and then confirms it as sent or failed.  So:
 *   - two passes at once (serve's and a cron `backrest remind`, or two
 *     crons) never both send an item: only one claim succeeds;
 *   - a send the mail server refused or that could not reach it is
 *     marked failed and claimed again by the next pass (up to 20
 *     attempts while the item is still due): never lost to a passing
 *     failure;
 *   - a pass that dies between its claim and its confirmation leaves a
 *     claim that another pass takes over after the lease (15 minutes,
 *     far longer than a send may take).  Only when it died after the
 *     mail server accepted the message and before the confirmation
 *     committed does the message go out twice, with the same Message-ID.
 * At least once, and exactly once unless a pass dies in that window.
 *
 * Emails hold no clinical content: the time and place of a visit, that a
 * questionnaire is waiting, or that the diary has not been filled in;
 * never a diagnosis, score or note.  Each has a plain-text and an HTML
 * part and a one-time link that stops that kind of reminder.
 */
#ifndef BR_APP_REMIND_H
#define BR_APP_REMIND_H

#include <stdint.h>

#include "app/app.h"
#include "app/smtp.h"
#include "model/field.h"

struct br_remind_config {
	const struct br_smtp *smtp;
	const char *public_url; /* where patients open backrest, no final / */
	int64_t now;            /* local minutes since 1970-01-01; 0 = clock */
	int64_t lease_ms;       /* 0 = 15 minutes */
};

/* One pass over every patient; out: {"sent", "failed", "stopped",
 * "no_address", "quiet", "done_before", "kinds": {kind: sent}}. */
int br_remind_pass(struct br_app *app, const struct br_remind_config *cfg,
                   json_t **out, struct br_err *err);

/* serve's reminder thread: a pass every every_s seconds on a store of
 * its own, until stopped.  The strings of cfg and db are borrowed and
 * must outlive the loop. */
struct br_remind_loop;
int br_remind_loop_start(const char *db, const char *instruments_dir,
                         const struct br_remind_config *cfg, int every_s,
                         struct br_remind_loop **out, struct br_err *err);
void br_remind_loop_stop(struct br_remind_loop *l);

/* A patient's reminder choices: in {"patient_id"}; out {"appointment",
 * "questionnaire", "diary", "diary_after_days", "quiet_from",
 * "quiet_to"}. */
int br_app_remind_prefs_get(struct br_app *app, json_t *in, json_t **out,
                            struct br_err *err);
/* in {"patient_id"} and any of the fields above; the rest stay. */
int br_app_remind_prefs_set(struct br_app *app, json_t *in, json_t **out,
                            struct br_err *err);
/* A one-time link from an email: in {"token"}; out {"stopped": kind}. */
int br_app_remind_stop(struct br_app *app, json_t *in, json_t **out,
                       struct br_err *err);

/* A stop link's secret, "PATIENT_ID.HEX64", read into the patient's id
 * and the BLAKE2b-256 hash (hex) the store keeps; -1 when it is not one. */
int br_remind_token_parse(const char *token, int64_t *patient_id,
                          char hash[65]);

/* The requests' field tables. */
extern const struct br_fields br_req_reminder_prefs, br_req_reminder_stop;

#endif
