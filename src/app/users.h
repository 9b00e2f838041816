/*
 * users.h - use cases for accounts and the audit log.  Same contract as
 * app.h: a JSON object of named fields in, a new JSON value out (caller
 * owns), nothing written on error.  Password hashes never appear in any
 * output.
 */
#ifndef BR_APP_USERS_H
#define BR_APP_USERS_H

#include "app/app.h"
#include "core/parse.h"
#include "store/audit_filter.h"
#include "store/users.h"

#define BR_PASSWORD_MIN 10
#define BR_PASSWORD_MAX 128

/* in {"email", "role", "name", "patient_id", "clinic_id", "password"}.
 * A patient account needs patient_id and belongs to that patient's
 * clinic; a practitioner belongs to clinic_id (default: the first
 * clinic).  "password" is required, except for the first account of a
 * database when it is an admin: then one is generated and returned once
 * as "password" in out (the only password backrest ever prints; everyone
 * else is invited, app/invitations.h).  out: the user. */
int br_app_user_add(struct br_app *app, json_t *in, json_t **out,
                    struct br_err *err);
/* in {"user_id" | "email", "password"}: sets the password (required:
 * typed by whoever sets it) and signs the user out everywhere.  An
 * administrator resets someone's password with a one-time link
 * (br_app_invite_reset) instead. */
int br_app_user_passwd(struct br_app *app, json_t *in, json_t **out,
                       struct br_err *err);
/* out: array of users. */
int br_app_user_list(struct br_app *app, json_t *in, json_t **out,
                     struct br_err *err);

/* in {"patient_id", "user_id", "limit"} (all optional; limit 1-10000,
 * default 200); out: array of entries, newest first. */
int br_app_audit_list(struct br_app *app, json_t *in, json_t **out,
                      struct br_err *err);

/* Shared with app/invitations.c: reads "email" (lowercased into out),
 * reads and checks "password" (required; never quoted in a message),
 * hashes a password with argon2id. */
int br_user_email_read(json_t *in, char out[BR_EMAIL_MAX], struct br_err *err);
int br_user_password_read(json_t *in, const char **pw, struct br_err *err);
int br_user_password_hash(const char *pw, char out[BR_HASH_MAX],
                          struct br_err *err);
/* Shared with app/invitations.c: reads what names a new account:
 * "email", "role" (required), "name" (*name NULL when absent),
 * "patient_id" (required of a patient, refused of anyone else) and
 * "clinic_id" (0s when absent). */
int br_user_account_read(json_t *in, char email[BR_EMAIL_MAX], int *role,
                         const char **name, int64_t *patient_id,
                         int64_t *clinic_id, struct br_err *err);

/* Administration (admins on the API).  in {"user_id"}: disables an
 * account (its sessions end; never deleted, so the audit log keeps its
 * actor) or enables it again; an administrator cannot disable their own.
 * out: the user. */
int br_app_user_disable(struct br_app *app, json_t *in, json_t **out,
                        struct br_err *err);
int br_app_user_enable(struct br_app *app, json_t *in, json_t **out,
                       struct br_err *err);
/* in {"user_id", "role", "clinic_id"}: a staff account's role (admin,
 * practitioner) and clinic; its sessions end so the new rights apply at
 * the next sign-in.  A patient account keeps both.  out: the user. */
int br_app_user_role(struct br_app *app, json_t *in, json_t **out,
                     struct br_err *err);

/* in {"patient_id", "user_id", "action", "outcome", "from", "to" (days,
 * inclusive), "before" (an entry id: the next page), "limit" (1-1000,
 * default 100)}; out {"entries": [...newest first], "next_before": the
 * id to pass as "before" for the next page, or null}.  Audited as
 * audit.read. */
int br_app_audit_search(struct br_app *app, json_t *in, json_t **out,
                        struct br_err *err);
/* Reads the filter fields above into f (from and until are its text
 * storage); limit at most max_limit.  Shared with the CSV export. */
int br_app_audit_filter_read(json_t *in, struct br_audit_filter *f,
                             char from[BR_DATE_LEN], char until[BR_DATE_LEN],
                             int max_limit, struct br_err *err);
/* The JSON form of an audit entry. */
json_t *br_view_audit_row(const struct br_audit_row *r);

/* The JSON form of a user (no password hash). */
json_t *br_view_user(const struct br_user *u);

#endif
