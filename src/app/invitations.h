/*
 * invitations.h - one-time links instead of printed passwords: an
 * invitation creates an account, a reset link sets a new password for an
 * existing one (docs/internals/AUTH.md, "Invitations").
 *
 * A link is https://SERVER/activate#TOKEN: TOKEN is 32 bytes from
 * randombytes_buf, written as 43 characters of URL-safe base64 and shown
 * once (as the link, a QR code and a printable letter); the store keeps
 * only BLAKE2b-256(token).  A link works once, until it expires (7 days
 * by default, 1 to 30), and can be revoked.  The fragment after '#' never
 * reaches a server's log or a Referer header; the page behind it sends
 * the token to GET and POST /api/v1/invitations/{token}.
 *
 * Same contract as app.h: JSON in, a new JSON value out (caller owns),
 * nothing written on error, every create, use and revoke audited
 * (invitation.create, invitation.use, invitation.revoke).
 */
#ifndef BR_APP_INVITATIONS_H
#define BR_APP_INVITATIONS_H

#include "app/app.h"
#include "app/auth.h"
#include "store/invitations.h"

#define BR_INVITE_DAYS     7 /* default validity */
#define BR_INVITE_DAYS_MAX 30
#define BR_INVITE_TOKEN    43 /* characters of the token in a link */

/*
 * in {"email", "role", "name", "patient_id", "clinic_id", "days",
 * "base_url"}: invites a new account (role and ties as br_app_user_add
 * checks them; a patient account needs patient_id).  An open invitation
 * for the same email is revoked (one link works at a time).  Called by a
 * practitioner (app->user_id), only a patient of their own clinic may be
 * invited; by an administrator, only staff.  out: the invitation with,
 * this once, "link", "qr_svg" (the link as a QR code, an SVG document)
 * and "letter_html" (a printable page with both).  base_url is where
 * the invited person reaches the server (default http://localhost:8080).
 */
int br_app_invite(struct br_app *app, json_t *in, json_t **out,
                  struct br_err *err);
/* br_app_invite in two parts, for a use case that invites inside its own
 * transaction (app/previsit.h): br_app_invite_read checks in (the same
 * fields) before the transaction; br_app_invite_apply runs inside the
 * caller's open one (the caller's role and the patient's clinic, the
 * email not yet taken, the write, its audit) and neither begins nor
 * finishes it.  previsit: the letter asks for the pre-visit answers and
 * *result says "purpose": "previsit". */
struct br_invite_req {
	struct br_invitation v;
	int role;   /* index in br_roles */
	bool named; /* a name was given (else the patient's) */
	int days;
	char base[256];
	bool previsit;
};
int br_app_invite_read(json_t *in, struct br_invite_req *r, struct br_err *err);
int br_app_invite_apply(struct br_app *app, struct br_invite_req *r,
                        json_t **result, struct br_err *err);
/* base_url of in, checked as an invitation checks it (default
 * http://localhost:8080, no trailing slash). */
int br_app_invite_base_url(json_t *in, char out[256], struct br_err *err);
/* in {"patient_id", "email", "name", "days", "base_url"}: br_app_invite
 * of a patient account (the chart's "Invite to the diary"). */
int br_app_invite_patient(struct br_app *app, json_t *in, json_t **out,
                          struct br_err *err);
/* in {"user_id" | "email", "days", "base_url"}: a password reset by an
 * administrator.  The account's password stops working and its sessions
 * end at once; the link (out as for br_app_invite) sets a new one. */
int br_app_invite_reset(struct br_app *app, json_t *in, json_t **out,
                        struct br_err *err);
/* in {"patient_id"} (optional): invitations, newest first, with their
 * state ("open", "used", "expired", "revoked"); never a token. */
int br_app_invite_list(struct br_app *app, json_t *in, json_t **out,
                       struct br_err *err);
/* in {"invitation_id", "patient_id"}: revokes an open invitation (one of
 * that patient's when patient_id is given; another reads as missing). */
int br_app_invite_revoke(struct br_app *app, json_t *in, json_t **out,
                         struct br_err *err);

/* What the page behind a link may know (no session).  *status: 200; 404
 * for a token no invitation has; 410 for one used, expired or revoked
 * (err says which, in one sentence); 429 while the client address is
 * throttled (*retry_after seconds).  Failed look-ups are audited and
 * counted against the address (app/auth.h).  in {"token"}; out
 * {"name", "kind", "role", "expires_at"}: whom it is for, nothing
 * clinical. */
int br_app_invitation_show(struct br_app *app, const struct br_auth_config *cfg,
                           json_t *in, json_t **out, int *status,
                           int *retry_after, struct br_err *err);
/* in {"token", "password"}: uses the link: creates the account (or sets
 * the new password) and starts a session, as signing in does (token,
 * *user, *expires_at as br_auth_login fills them).  *status as above, or
 * 422/409 for a bad password or an email taken meanwhile. */
int br_app_invitation_accept(struct br_app *app,
                             const struct br_auth_config *cfg, json_t *in,
                             char token[BR_TOKEN_HEX], struct br_user *user,
                             int64_t *expires_at, int *status, int *retry_after,
                             struct br_err *err);

/* The link's QR code as an SVG document (libqrencode, loaded at first
 * use); a new string the caller frees, or NULL with err filled. */
char *br_invite_qr_svg(const char *text, struct br_err *err);

#endif
