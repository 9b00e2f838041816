/*
 * invitations.c - one-time links that create an account or reset a
 * password (see invitations.h), their QR code and printable letter.
 *
 * The token is looked up by its hash (an index look-up on a value an
 * attacker cannot choose reveals nothing of the token), and the stored
 * hash is then compared with the computed one in constant time
 * (sodium_memcmp).  Every look-up of a link that does not work counts
 * against the client address like a failed sign-in (app/auth.h); while
 * the address waits, no link is looked up at all.
 */
#include <qrencode.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/internal.h"
#include "app/invitations.h"
#include "app/users.h"
#include "core/buf.h"
#include "core/dl.h"
#include "model/requests.h"
#include "store/interop.h"
#include "store/invitations.h"

/* libqrencode, loaded at its first use (core/dl.h). */
static __typeof__(QRcode_encodeString) *sym_QRcode_encodeString;
static __typeof__(QRcode_free) *sym_QRcode_free;
static const struct br_dl_sym qr_syms[] = {
        {BR_DL_SYM(QRcode_encodeString)},
        {BR_DL_SYM(QRcode_free)},
        {NULL, NULL},
};
static struct br_dl_lib qr_lib = {
        .soname = "libqrencode.so.4",
        .package = "libqrencode4",
        .feature = "the QR code of an invitation",
        .syms = qr_syms,
};

#define QUIET 4 /* modules of white around the code (ISO/IEC 18004) */

char *
br_invite_qr_svg(const char *text, struct br_err *err)
{
	QRcode *qr;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;
	int w;

	if (br_dl_load(&qr_lib, err) < 0)
		return NULL;
	qr = sym_QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (qr == NULL) {
		br_error(err, BR_EINVAL, "base_url",
		         "the link is too long for a QR code");
		return NULL;
	}
	f = open_memstream(&buf, &len);
	if (f == NULL) {
		sym_QRcode_free(qr);
		br_error(err, BR_ENOMEM, "", "out of memory");
		return NULL;
	}
	w = qr->width;
	fprintf(f,
	        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d "
	        "%d\" width=\"%d\" height=\"%d\" "
	        "shape-rendering=\"crispEdges\" "
	        "role=\"img\" aria-label=\"QR code of the link\">"
	        "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/><path "
	        "fill=\"#000\" d=\"",
	        w + 2 * QUIET, w + 2 * QUIET, (w + 2 * QUIET) * 4,
	        (w + 2 * QUIET) * 4, w + 2 * QUIET, w + 2 * QUIET);
	/* One rectangle per horizontal run of dark modules. */
	for (int y = 0; y < w; y++)
		for (int x = 0; x < w;) {
			int run = 0;

			while (x + run < w && (qr->data[y * w + x + run] & 1))
				run++;
			if (run > 0) {
				fprintf(f, "M%d %dh%dv1h-%dz", x + QUIET,
				        y + QUIET, run, run);
				x += run;
			} else {
				x++;
			}
		}
	fputs("\"/></svg>", f);
	sym_QRcode_free(qr);
	if (fclose(f) != 0) {
		free(buf);
		br_error(err, BR_ENOMEM, "", "out of memory");
		return NULL;
	}
	return buf;
}

/* Tokens ---------------------------------------------------------------- */

static void
hash_raw(const unsigned char raw[32], char out[65])
{
	unsigned char h[32];

	crypto_generichash(h, sizeof(h), raw, 32, NULL, 0);
	sodium_bin2hex(out, 65, h, sizeof(h));
}

/* The hash of a token as a link writes it; false when it is not one. */
static bool
hash_token(const char *token, char out[65])
{
	unsigned char raw[32];
	size_t n = 0;

	if (token == NULL || strlen(token) != BR_INVITE_TOKEN)
		return false;
	if (sodium_base642bin(raw, sizeof(raw), token, BR_INVITE_TOKEN, NULL,
	                      &n, NULL,
	                      sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
	    n != 32)
		return false;
	hash_raw(raw, out);
	sodium_memzero(raw, sizeof(raw));
	return true;
}

/* "YYYY-MM-DD HH:MM UTC" of epoch seconds t. */
static void
format_utc(int64_t t, char out[32])
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (gmtime_r(&tt, &tm) == NULL ||
	    strftime(out, 32, "%Y-%m-%d %H:%M UTC", &tm) == 0)
		snprintf(out, 32, "%lld", (long long)t);
}

static const char *
state_of(const struct br_invitation *v, int64_t now)
{
	if (v->used_at[0])
		return "used";
	if (v->revoked_at[0])
		return "revoked";
	if (now >= v->expires_at)
		return "expired";
	return "open";
}

static json_t *
id_or_null(int64_t v)
{
	return v ? json_integer(v) : json_null();
}

static json_t *
invitation_view(const struct br_invitation *v, int64_t now)
{
	char exp[32];

	format_utc(v->expires_at, exp);
	return json_pack("{s:I, s:s, s:s, s:o, s:s, s:o, s:o, s:o, s:s, s:s, "
	                 "s:s, s:o, s:o}",
	                 "id", (json_int_t)v->id, "kind", v->kind, "email",
	                 v->email, "name", br_json_text_opt(v->name), "role",
	                 v->role, "clinic_id", id_or_null(v->clinic_id),
	                 "patient_id", id_or_null(v->patient_id), "user_id",
	                 id_or_null(v->user_id), "created_at", v->created_at,
	                 "expires_at", exp, "state", state_of(v, now),
	                 "used_at", br_json_text_opt(v->used_at), "revoked_at",
	                 br_json_text_opt(v->revoked_at));
}

/* The letter ------------------------------------------------------------ */

/* A printable page: whom it is for, the clinic, the QR code, the link
 * written out, until when it works.  Self-contained: its own style, no
 * script, nothing to load. */
static char *
letter_html(const struct br_invitation *v, bool previsit, const char *clinic,
            const char *link, const char *qr, struct br_err *err)
{
	bool patient = strcmp(v->role, "patient") == 0;
	bool reset = strcmp(v->kind, "reset") == 0;
	const char *who = v->name[0] ? v->name : v->email;
	struct br_buf b;
	char *out, exp[32];

	br_buf_init(&b);
	format_utc(v->expires_at, exp);
	br_buf_puts(&b, "<!doctype html><html lang=\"en\"><head><meta "
	                "charset=\"utf-8\">"
	                "<title>Your link to backrest</title><style>"
	                "@page{size:A4;margin:20mm}"
	                "body{font:12pt/1.5 system-ui,sans-serif;color:#111;"
	                "max-width:170mm;margin:0 auto}"
	                "h1{font-size:18pt;margin:0 0 8mm}"
	                ".qr svg{width:60mm;height:60mm}"
	                ".link{font-family:monospace;font-size:10pt;word-break:"
	                "break-all;"
	                "border:1px solid #999;padding:3mm}"
	                "footer{margin-top:12mm;font-size:10pt;color:#444}"
	                "</style></head><body>");
	br_buf_puts(&b, "<p>");
	br_buf_escape(&b, clinic);
	br_buf_puts(&b, "</p><h1>");
	br_buf_puts(&b, reset ? "A new password for " : "Your invitation, ");
	br_buf_escape(&b, who);
	br_buf_puts(&b, "</h1><p>");
	if (reset)
		br_buf_puts(
		        &b,
		        "Your password was reset. Open the link below, or scan "
		        "the code with your phone's camera, and choose a new "
		        "password.");
	else if (patient && previsit)
		br_buf_puts(
		        &b,
		        "Before your first visit, your practitioner asks you "
		        "some questions about your back pain, your sleep and "
		        "your health. Open the link below, or scan the code "
		        "with your phone's camera, choose a password and "
		        "answer them on your phone; you can stop and carry on "
		        "later. You then sign in with your email address and "
		        "that password.");
	else if (patient)
		br_buf_puts(
		        &b,
		        "Your practitioner invites you to keep your sleep and "
		        "pain diary online. Open the link below, or scan the "
		        "code with your phone's camera, and choose a password. "
		        "You then sign in with your email address and that "
		        "password.");
	else
		br_buf_puts(
		        &b,
		        "You are invited to use backrest. Open the link below, "
		        "or scan the code, and choose a password. You then "
		        "sign "
		        "in with your email address and that password.");
	br_buf_puts(&b, "</p><div class=\"qr\">");
	br_buf_puts(&b, qr);
	br_buf_puts(&b, "</div><p class=\"link\">");
	br_buf_escape(&b, link);
	br_buf_puts(&b, "</p><p>Sign-in email: <strong>");
	br_buf_escape(&b, v->email);
	br_buf_puts(&b, "</strong></p><p>The link works once, until ");
	br_buf_escape(&b, exp);
	br_buf_puts(
	        &b,
	        ". Keep this page private: whoever has the link can use it. "
	        "If it has expired, ask for a new one.</p>"
	        "<footer>backrest</footer></body></html>");
	out = br_buf_take(&b);
	if (out == NULL)
		br_error(err, BR_ENOMEM, "", "out of memory");
	return out;
}

/* Creating -------------------------------------------------------------- */

/* base_url: http(s)://host[:port][/path], no query, fragment, space,
 * quote or angle bracket; copied without a trailing slash. */
static int
read_base_url(json_t *in, char out[256], struct br_err *err)
{
	const char *s = NULL;
	size_t n;
	int rc = br_in_text(in, "base_url", 200, false, &s, err);

	if (rc < 0)
		return rc;
	if (s == NULL || s[0] == '\0')
		s = "http://localhost:8080";
	n = strlen(s);
	if (strncmp(s, "http://", 7) != 0 && strncmp(s, "https://", 8) != 0)
		return br_error(err, BR_EINVAL, "base_url",
		                "base_url must start with https:// or http://");
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c <= 0x20 || c >= 0x7f || strchr("\"'<>?#\\`", c))
			return br_error(err, BR_EINVAL, "base_url",
			                "base_url must be an address like "
			                "https://clinic.example.org");
	}
	while (n > 0 && s[n - 1] == '/')
		n--;
	snprintf(out, 256, "%.*s", (int)n, s);
	return 0;
}

/* The caller on the API (0 on the command line: the server's operator). */
static int
load_caller(struct br_app *app, struct br_user *u, struct br_err *err)
{
	memset(u, 0, sizeof(*u));
	if (app->user_id == 0)
		return 0;
	return br_store_user_get(app->store, app->user_id, u, err);
}

/* Writes v with a new token and builds the output with the link, its QR
 * code and the letter.  Inside the open transaction. */
static int
issue(struct br_app *app, struct br_invitation *v, bool previsit,
      const char *base, int64_t days, json_t **result, struct br_err *err)
{
	struct br_clinic_row clinic;
	unsigned char raw[32];
	char token[BR_INVITE_TOKEN + 2], link[320];
	char *qr = NULL, *letter = NULL;
	int64_t now = time(NULL);
	int rc;

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(token, sizeof(token), raw, sizeof(raw),
	                  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	hash_raw(raw, v->token_hash);
	sodium_memzero(raw, sizeof(raw));
	snprintf(link, sizeof(link), "%s/activate#%s", base, token);
	sodium_memzero(token, sizeof(token));
	v->id = br_store_new_id();
	v->created_by = app->user_id;
	br_store_now(v->created_at);
	v->expires_at = now + days * 86400;
	memset(&clinic, 0, sizeof(clinic));
	rc = br_store_invitation_revoke_open(app->store, v->email,
	                                     v->patient_id, v->user_id,
	                                     v->created_at, err);
	if (rc == 0)
		rc = br_store_invitation_insert(app->store, v, err);
	if (rc == 0 && v->clinic_id)
		rc = br_store_clinic_get(app->store, v->clinic_id, &clinic,
		                         err);
	if (rc == 0)
		rc = br_app_audit(app, "invitation.create", v->patient_id,
		                  "invitation", v->id, err);
	if (rc == 0) {
		qr = br_invite_qr_svg(link, err);
		rc = qr ? 0 : err->code;
	}
	if (rc == 0) {
		letter = letter_html(v, previsit, clinic.name, link, qr, err);
		rc = letter ? 0 : err->code;
	}
	if (rc == 0) {
		*result = invitation_view(v, now);
		json_object_set_new(*result, "link", json_string(link));
		json_object_set_new(*result, "qr_svg", json_string(qr));
		json_object_set_new(*result, "letter_html",
		                    json_string(letter));
		if (previsit)
			json_object_set_new(*result, "purpose",
			                    json_string("previsit"));
	}
	sodium_memzero(link, sizeof(link));
	free(qr);
	free(letter);
	return rc;
}

static int
read_days(json_t *in, int *days, struct br_err *err)
{
	*days = BR_INVITE_DAYS;
	return br_in_int(in, "days", 1, BR_INVITE_DAYS_MAX, days, err);
}

int
br_app_invite_base_url(json_t *in, char out[256], struct br_err *err)
{
	return read_base_url(in, out, err);
}

int
br_app_invite_read(json_t *in, struct br_invite_req *r, struct br_err *err)
{
	static const char *const keys[] = {"email",      "role",      "name",
	                                   "patient_id", "clinic_id", "days",
	                                   "base_url",   NULL};
	const char *name = NULL;
	int rc;

	memset(r, 0, sizeof(*r));
	rc = br_in_only(in, keys, err);
	if (rc == 0)
		rc = br_user_account_read(in, r->v.email, &r->role, &name,
		                          &r->v.patient_id, &r->v.clinic_id,
		                          err);
	if (rc == 0)
		rc = read_days(in, &r->days, err);
	if (rc == 0)
		rc = read_base_url(in, r->base, err);
	if (rc < 0)
		return rc;
	snprintf(r->v.kind, sizeof(r->v.kind), "account");
	snprintf(r->v.role, sizeof(r->v.role), "%s", br_roles[r->role]);
	snprintf(r->v.name, sizeof(r->v.name), "%s", name ? name : "");
	r->named = name != NULL;
	return 0;
}

int
br_app_invite_apply(struct br_app *app, struct br_invite_req *r,
                    json_t **result, struct br_err *err)
{
	struct br_invitation *v = &r->v;
	struct br_user caller, existing;
	struct br_patient p;
	int role = r->role;
	int rc = load_caller(app, &caller, err);

	/* An administrator invites staff; a practitioner, patients of
	 * their own clinic (checked with the patient below). */
	if (rc == 0 && strcmp(caller.role, "admin") == 0 && role == 2)
		rc = br_error(err, BR_EPERM, "role",
		              "a patient is invited by their practitioner");
	if (rc == 0 && strcmp(caller.role, "practitioner") == 0 && role != 2)
		rc = br_error(err, BR_EPERM, "role",
		              "staff are invited by an administrator");
	if (rc == 0 && v->patient_id) {
		rc = br_store_patient_get(app->store, v->patient_id, &p, err);
		if (rc == 0 && strcmp(caller.role, "practitioner") == 0 &&
		    caller.clinic_id != p.clinic_id)
			rc = br_error(err, BR_ENOTFOUND, "patient_id",
			              "there is no patient %lld",
			              (long long)v->patient_id);
		if (rc == 0 && v->clinic_id && v->clinic_id != p.clinic_id)
			rc = br_error(err, BR_EINVAL, "clinic_id",
			              "clinic_id must be the patient's clinic");
		if (rc == 0 && !r->named)
			snprintf(v->name, sizeof(v->name), "%s", p.name);
		v->clinic_id = p.clinic_id;
	} else if (rc == 0 && v->clinic_id) {
		rc = br_store_clinic_exists(app->store, v->clinic_id, err);
	} else if (rc == 0 && role == 1) {
		struct br_clinic c;

		rc = br_store_clinic_default(app->store, "My practice", &c,
		                             err);
		v->clinic_id = c.id;
	}
	if (rc == 0) {
		rc = br_store_user_by_email(app->store, v->email, &existing,
		                            err);
		sodium_memzero(existing.password_hash,
		               sizeof(existing.password_hash));
		if (rc == 0)
			rc = br_error(err, BR_ECONFLICT, "email",
			              "a user with this email already exists");
		else if (rc == BR_ENOTFOUND) {
			br_err_clear(err);
			rc = 0;
		}
	}
	if (rc == 0)
		rc = issue(app, v, r->previsit, r->base, r->days, result, err);
	return rc;
}

int
br_app_invite(struct br_app *app, json_t *in, json_t **out, struct br_err *err)
{
	struct br_invite_req r;
	json_t *result = NULL;
	int rc = br_app_invite_read(in, &r, err);

	if (rc < 0)
		return rc;
	rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	rc = br_app_invite_apply(app, &r, &result, err);
	return br_app_finish(app, rc, result, out, err);
}

int
br_app_invite_patient(struct br_app *app, json_t *in, json_t **out,
                      struct br_err *err)
{
	static const char *const keys[] = {"patient_id", "email",    "name",
	                                   "days",       "base_url", NULL};
	int rc = br_in_only(in, keys, err);

	if (rc < 0)
		return rc;
	json_object_set_new(in, "role", json_string("patient"));
	return br_app_invite(app, in, out, err);
}

int
br_app_invite_reset(struct br_app *app, json_t *in, json_t **out,
                    struct br_err *err)
{
	static const char *const keys[] = {"user_id", "email", "days",
	                                   "base_url", NULL};
	struct br_invitation v;
	struct br_user u;
	json_t *result = NULL;
	char email[BR_EMAIL_MAX], base[256];
	int64_t id = 0;
	int days, rc = br_in_only(in, keys, err);

	if (rc == 0 && br_in_has(in, "user_id"))
		rc = br_in_id(in, "user_id", &id, err);
	else if (rc == 0)
		rc = br_user_email_read(in, email, err);
	if (rc == 0)
		rc = read_days(in, &days, err);
	if (rc == 0)
		rc = read_base_url(in, base, err);
	if (rc < 0)
		return rc;
	rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	if (id)
		rc = br_store_user_get(app->store, id, &u, err);
	else
		rc = br_store_user_by_email(app->store, email, &u, err);
	if (rc == 0 && u.disabled)
		rc = br_error(err, BR_ECONFLICT, id ? "user_id" : "email",
		              "the account is disabled; enable it first");
	memset(&v, 0, sizeof(v));
	if (rc == 0) {
		snprintf(v.kind, sizeof(v.kind), "reset");
		snprintf(v.email, sizeof(v.email), "%s", u.email);
		snprintf(v.name, sizeof(v.name), "%s", u.name);
		snprintf(v.role, sizeof(v.role), "%s", u.role);
		v.clinic_id = u.clinic_id;
		v.patient_id = u.patient_id;
		v.user_id = u.id;
		/* The old password stops working now: a reset is asked for
		 * when it may be known to someone else. */
		rc = br_store_user_set_password(app->store, u.id, "!reset",
		                                err);
	}
	if (rc == 0)
		rc = br_app_audit(app, "user.reset", u.patient_id, "user", u.id,
		                  err);
	if (rc == 0)
		rc = issue(app, &v, false, base, days, &result, err);
	sodium_memzero(u.password_hash, sizeof(u.password_hash));
	return br_app_finish(app, rc, result, out, err);
}

int
br_app_invite_list(struct br_app *app, json_t *in, json_t **out,
                   struct br_err *err)
{
	static const char *const keys[] = {"patient_id", NULL};
	struct br_invitation *arr = NULL;
	json_t *list = NULL;
	int64_t patient_id = 0, now = time(NULL);
	size_t n = 0;
	int rc = br_in_only(in, keys, err);

	if (rc == 0 && br_in_has(in, "patient_id"))
		rc = br_in_id(in, "patient_id", &patient_id, err);
	if (rc < 0)
		return rc;
	rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	rc = br_store_invitation_list(app->store, patient_id, &arr, &n, err);
	if (rc == 0)
		rc = br_app_audit(app, "invitation.list", patient_id, NULL, 0,
		                  err);
	if (rc == 0) {
		list = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(list,
			                      invitation_view(&arr[i], now));
	}
	free(arr);
	return br_app_finish(app, rc, list, out, err);
}

int
br_app_invite_revoke(struct br_app *app, json_t *in, json_t **out,
                     struct br_err *err)
{
	static const char *const keys[] = {"invitation_id", "patient_id", NULL};
	struct br_invitation v;
	int64_t id = 0, patient_id = 0, now = time(NULL);
	int rc = br_in_only(in, keys, err);

	if (rc == 0)
		rc = br_in_id(in, "invitation_id", &id, err);
	if (rc == 0 && br_in_has(in, "patient_id"))
		rc = br_in_id(in, "patient_id", &patient_id, err);
	if (rc < 0)
		return rc;
	rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	rc = br_store_invitation_get(app->store, id, &v, err);
	if (rc == 0 && patient_id && v.patient_id != patient_id)
		rc = br_error(err, BR_ENOTFOUND, "invitation_id",
		              "there is no such invitation");
	if (rc == 0 && strcmp(state_of(&v, now), "open") != 0)
		rc = br_error(err, BR_ECONFLICT, "invitation_id",
		              "invitation_id %lld is %s already",
		              (long long)v.id, state_of(&v, now));
	if (rc == 0) {
		br_store_now(v.revoked_at);
		rc = br_store_invitation_revoke(app->store, v.id, v.revoked_at,
		                                err);
	}
	if (rc == 0)
		rc = br_app_audit(app, "invitation.revoke", v.patient_id,
		                  "invitation", v.id, err);
	return br_app_finish(app, rc, rc < 0 ? NULL : invitation_view(&v, now),
	                     out, err);
}

/* Using a link ---------------------------------------------------------- */

static int
audit_link(struct br_app *app, const char *action, const char *outcome,
           const struct br_invitation *v, struct br_err *err)
{
	char record[64] = "";
	struct br_audit_entry a = {
	        .user_id = app->user_id,
	        .actor = app->actor,
	        .action = action,
	        .patient_id = v ? v->patient_id : 0,
	        .record = record,
	        .origin = app->origin,
	        .outcome = outcome,
	};

	if (v)
		snprintf(record, sizeof(record), "invitation/%lld",
		         (long long)v->id);
	return br_store_audit_append(app->store, &a, err);
}

/*
 * Inside an open transaction: the throttle, the look-up and the verdict.
 * *status 200 with *v filled, else 404/410/429 with err filled; a
 * refusal is counted and audited (the caller commits it).
 */
static int
judge(struct br_app *app, const struct br_auth_config *cfg, const char *action,
      const char *token, struct br_invitation *v, int *status, int *retry_after,
      struct br_err *err)
{
	char hash[65], exp[32];
	int64_t now = time(NULL);
	const char *state;
	int rc = br_auth_link_wait(app, cfg, retry_after, err);

	*status = 200;
	if (rc < 0)
		return rc;
	if (*retry_after > 0) {
		*status = 429;
		br_error(err, BR_EPERM, "",
		         "too many links that do not work from your address; "
		         "try again in %d seconds",
		         *retry_after);
		return audit_link(app, action, "throttled", NULL, err);
	}
	if (!hash_token(token, hash))
		rc = BR_ENOTFOUND;
	else
		rc = br_store_invitation_by_hash(app->store, hash, v, err);
	if (rc == 0 && sodium_memcmp(hash, v->token_hash, 64) != 0)
		rc = BR_ENOTFOUND;
	if (rc < 0 && rc != BR_ENOTFOUND)
		return rc;
	if (rc == BR_ENOTFOUND) {
		*status = 404;
		br_err_clear(err);
		br_error(err, BR_ENOTFOUND, "token",
		         "this link is not valid; check that it was copied "
		         "whole, or ask for a new one");
		v = NULL;
	} else if (strcmp(state = state_of(v, now), "open") != 0) {
		*status = 410;
		format_utc(v->expires_at, exp);
		if (strcmp(state, "used") == 0)
			br_error(err, BR_ECONFLICT, "token",
			         "this link has been used already; sign in, "
			         "or ask for a new link");
		else if (strcmp(state, "revoked") == 0)
			br_error(err, BR_ECONFLICT, "token",
			         "this link was withdrawn; ask for a new one");
		else
			br_error(err, BR_ECONFLICT, "token",
			         "this link expired on %s; ask for a new one",
			         exp);
	} else {
		return 0;
	}
	rc = br_auth_link_failed(app, cfg, err);
	if (rc == 0)
		rc = audit_link(app, action, "denied", v, err);
	return rc;
}

/* Commits a refusal's bookkeeping and hands back its error. */
static int
refused(struct br_app *app, int rc, struct br_err *err)
{
	struct br_err keep = *err;

	if (rc < 0) {
		br_store_rollback(app->store);
		return rc;
	}
	rc = br_store_commit(app->store, err);
	if (rc < 0)
		return rc;
	*err = keep;
	return keep.code ? keep.code : BR_EPERM;
}

int
br_app_invitation_show(struct br_app *app, const struct br_auth_config *cfg,
                       json_t *in, json_t **out, int *status, int *retry_after,
                       struct br_err *err)
{
	static const char *const keys[] = {"token", NULL};
	struct br_invitation v;
	const char *token = NULL;
	char exp[32];
	int rc = br_in_only(in, keys, err);

	*out = NULL;
	*status = 422;
	*retry_after = 0;
	if (rc == 0)
		rc = br_in_text(in, "token", 64, true, &token, err);
	if (rc < 0)
		return rc;
	rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	rc = judge(app, cfg, "invitation.read", token, &v, status, retry_after,
	           err);
	if (rc < 0 || *status != 200)
		return refused(app, rc, err);
	/* The name is a person's: its read is audited like a refusal. */
	rc = br_app_audit(app, "invitation.read", v.patient_id, "invitation",
	                  v.id, err);
	format_utc(v.expires_at, exp);
	return br_app_finish(app, rc,
	                     rc < 0 ? NULL
	                            : json_pack("{s:o, s:s, s:s, s:s}", "name",
	                                        br_json_text_opt(v.name),
	                                        "kind", v.kind, "role", v.role,
	                                        "expires_at", exp),
	                     out, err);
}

int
br_app_invitation_accept(struct br_app *app, const struct br_auth_config *cfg,
                         json_t *in, char token[BR_TOKEN_HEX],
                         struct br_user *user, int64_t *expires_at, int *status,
                         int *retry_after, struct br_err *err)
{
	static const char *const keys[] = {"token", "password", NULL};
	struct br_invitation v;
	struct br_patient p;
	const char *link = NULL, *pw = NULL;
	char hash[BR_HASH_MAX], now_ts[BR_TS_LEN];
	int rc = br_in_only(in, keys, err);

	token[0] = '\0';
	memset(user, 0, sizeof(*user));
	*status = 422;
	*retry_after = 0;
	if (rc == 0)
		rc = br_in_text(in, "token", 64, true, &link, err);
	if (rc == 0)
		rc = br_user_password_read(in, &pw, err);
	if (rc < 0)
		return rc;
	/* First the link (cheap, throttled), then the password's hash
	 * outside any transaction, then the account, judging the link
	 * again: another request may have used it meanwhile. */
	rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	rc = judge(app, cfg, "invitation.use", link, &v, status, retry_after,
	           err);
	if (rc < 0 || *status != 200)
		return refused(app, rc, err);
	br_store_rollback(app->store);
	rc = br_user_password_hash(pw, hash, err);
	if (rc < 0)
		return rc;

	rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	rc = judge(app, cfg, "invitation.use", link, &v, status, retry_after,
	           err);
	if (rc < 0 || *status != 200) {
		sodium_memzero(hash, sizeof(hash));
		return refused(app, rc, err);
	}
	*status = 422;
	br_store_now(now_ts);
	if (strcmp(v.kind, "reset") == 0) {
		rc = br_store_user_get(app->store, v.user_id, user, err);
		if (rc == 0)
			rc = br_store_user_set_password(app->store, user->id,
			                                hash, err);
	} else {
		user->id = br_store_new_id();
		snprintf(user->email, sizeof(user->email), "%s", v.email);
		snprintf(user->name, sizeof(user->name), "%s", v.name);
		snprintf(user->role, sizeof(user->role), "%s", v.role);
		user->clinic_id = v.clinic_id;
		user->patient_id = v.patient_id;
		snprintf(user->password_hash, sizeof(user->password_hash), "%s",
		         hash);
		snprintf(user->created_at, sizeof(user->created_at), "%s",
		         now_ts);
		if (v.patient_id) {
			/* The patient's clinic may have changed since. */
			rc = br_store_patient_get(app->store, v.patient_id, &p,
			                          err);
			if (rc == 0)
				user->clinic_id = p.clinic_id;
		}
		if (rc == 0)
			rc = br_store_user_insert(app->store, user, err);
	}
	sodium_memzero(hash, sizeof(hash));
	sodium_memzero(user->password_hash, sizeof(user->password_hash));
	if (rc == 0 && user->disabled)
		rc = br_error(err, BR_ECONFLICT, "token",
		              "the account is disabled; ask for it to be "
		              "enabled");
	if (rc == 0)
		rc = br_store_invitation_use(app->store, v.id, user->id, now_ts,
		                             err);
	if (rc == 0) {
		app->user_id = user->id;
		app->actor = user->email;
		rc = audit_link(app, "invitation.use", "ok", &v, err);
	}
	if (rc == 0)
		rc = br_auth_session_open(app, cfg, user->id, token, expires_at,
		                          err);
	if (rc == 0)
		rc = br_store_commit(app->store, err);
	else
		br_store_rollback(app->store);
	if (rc < 0) {
		sodium_memzero(token, BR_TOKEN_HEX);
		token[0] = '\0';
		if (rc == BR_ECONFLICT)
			*status = 409;
		else if (rc == BR_ENOTFOUND)
			*status = 410;
		return rc;
	}
	*status = 200;
	return 0;
}
