/*
 * users.h - use cases for accounts and the audit log.  Same contract as
 * app.h: a JSON object of named fields in, a new JSON value out (caller
 * owns), nothing written on error.  Password hashes never appear in any
 * output.
 */
#ifndef BR_APP_USERS_H
#define BR_APP_USERS_H

#include "app/app.h"
#include "store/users.h"

#define BR_PASSWORD_MIN 10
#define BR_PASSWORD_MAX 128

/* in {"email", "role", "name", "patient_id", "clinic_id", "password"}.
 * A patient account needs patient_id and belongs to that patient's
 * clinic; a practitioner belongs to clinic_id (default: the first
 * clinic).  Without "password" one is generated and returned once as
 * "password" in out.  out: the user. */
int br_app_user_add(struct br_app *app, json_t *in, json_t **out,
                    struct br_err *err);
/* in {"user_id" | "email", "password"}: sets the password (generated and
 * returned once when absent) and signs the user out everywhere. */
int br_app_user_passwd(struct br_app *app, json_t *in, json_t **out,
                       struct br_err *err);
/* out: array of users. */
int br_app_user_list(struct br_app *app, json_t *in, json_t **out,
                     struct br_err *err);

/* in {"patient_id", "user_id", "limit"} (all optional; limit 1-10000,
 * default 200); out: array of entries, newest first. */
int br_app_audit_list(struct br_app *app, json_t *in, json_t **out,
                      struct br_err *err);

/* The JSON form of a user (no password hash). */
json_t *br_view_user(const struct br_user *u);

#endif
