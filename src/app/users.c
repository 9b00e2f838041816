/*
 * users.c - use cases: add users, set passwords, list users, read the
 * audit log (see users.h).
 *
 * Passwords are hashed with argon2id (libsodium crypto_pwhash_str, the
 * "interactive" limits) before the transaction starts, so the write lock
 * is never held during the ~0.1 s of hashing.  A password is never echoed
 * in a message; a generated one is returned once and never stored.
 */
#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "app/users.h"
#include "model/requests.h"
#include "store/audit_filter.h"
#include "store/audit_query.h"

json_t *
br_view_user(const struct br_user *u)
{
	return json_pack(
	        "{s:I, s:s, s:o, s:s, s:o, s:o, s:b, s:s}", "id",
	        (json_int_t)u->id, "email", u->email, "name",
	        br_json_text_opt(u->name), "role", u->role, "clinic_id",
	        u->clinic_id ? json_integer(u->clinic_id) : json_null(),
	        "patient_id",
	        u->patient_id ? json_integer(u->patient_id) : json_null(),
	        "disabled", u->disabled, "created_at", u->created_at);
}

/* A plausible address: printable ASCII without spaces, one '@' with text
 * on both sides; copied lowercased into out. */
int
br_user_email_read(json_t *in, char out[BR_EMAIL_MAX], struct br_err *err)
{
	const char *s;
	size_t n, at = 0, ats = 0;
	int rc = br_in_text(in, "email", BR_EMAIL_MAX - 1, true, &s, err);

	if (rc < 0)
		return rc;
	n = strlen(s);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c <= 0x20 || c >= 0x7f || c == '"' || c == '<' || c == '>')
			return br_error(err, BR_EINVAL, "email",
			                "email must be an address like "
			                "name@example.org");
		if (c == '@') {
			at = i;
			ats++;
		}
		out[i] = (char)tolower(c);
	}
	out[n] = '\0';
	if (ats != 1 || at == 0 || at + 1 == n)
		return br_error(err, BR_EINVAL, "email",
		                "email must be an address like "
		                "name@example.org");
	return 0;
}

int
br_user_password_read(json_t *in, const char **out, struct br_err *err)
{
	json_t *v = json_object_get(in, "password");
	const char *s;
	size_t len;

	if (v == NULL || json_is_null(v))
		return br_error(err, BR_EINVAL, "password",
		                "password is needed");
	if (!json_is_string(v))
		return br_error(err, BR_EINVAL, "password",
		                "password must be text");
	s = json_string_value(v);
	len = json_string_length(v);
	if (len != strlen(s))
		return br_error(err, BR_EINVAL, "password",
		                "password must not contain NUL characters");
	if (len < BR_PASSWORD_MIN || len > BR_PASSWORD_MAX)
		return br_error(err, BR_EINVAL, "password",
		                "password must be %d to %d bytes long",
		                BR_PASSWORD_MIN, BR_PASSWORD_MAX);
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return br_error(err, BR_EINVAL, "password",
			                "password must not contain control "
			                "characters");
	*out = s;
	return 0;
}

int
br_user_account_read(json_t *in, char email[BR_EMAIL_MAX], int *role,
                     const char **name, int64_t *patient_id, int64_t *clinic_id,
                     struct br_err *err)
{
	int rc = br_user_email_read(in, email, err);

	if (rc == 0)
		rc = br_in_enum(in, "role", br_roles, true, role, err);
	if (rc == 0)
		rc = br_in_text(in, "name", BR_NAME_MAX - 1, false, name, err);
	if (rc == 0 && br_in_has(in, "patient_id"))
		rc = br_in_id(in, "patient_id", patient_id, err);
	if (rc == 0 && br_in_has(in, "clinic_id"))
		rc = br_in_id(in, "clinic_id", clinic_id, err);
	if (rc == 0 && *role == 2 && *patient_id == 0)
		rc = br_error(err, BR_EINVAL, "patient_id",
		              "a patient account needs patient_id");
	if (rc == 0 && *role != 2 && *patient_id != 0)
		rc = br_error(err, BR_EINVAL, "patient_id",
		              "only a patient account has a patient_id");
	return rc;
}

/* 20 characters of a 56-symbol alphabet (116 bits) into gen: only the
 * first account of a new database (its administrator) gets one. */
static void
generate_password(char gen[32])
{
	static const char alphabet[] = "abcdefghijkmnpqrstuvwxyz"
	                               "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

	for (int i = 0; i < 20; i++)
		gen[i] = alphabet[randombytes_uniform(
		        (uint32_t)(sizeof(alphabet) - 1))];
	gen[20] = '\0';
}

int
br_user_password_hash(const char *pw, char out[BR_HASH_MAX], struct br_err *err)
{
	if (crypto_pwhash_str(out, pw, strlen(pw),
	                      crypto_pwhash_OPSLIMIT_INTERACTIVE,
	                      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return br_error(err, BR_ENOMEM, "",
		                "not enough memory to hash the password");
	return 0;
}

static int
count_users(struct br_app *app, int64_t *n, struct br_err *err)
{
	int rc = br_store_begin_read(app->store, err);

	if (rc < 0)
		return rc;
	rc = br_store_user_count(app->store, n, err);
	if (rc == 0)
		return br_store_end_read(app->store, err);
	br_store_rollback(app->store);
	return rc;
}

/* Adds "password" to view when it was generated. */
static json_t *
with_generated(json_t *view, const char *pw, const char *gen)
{
	if (view && pw == gen)
		json_object_set_new(view, "password", json_string(gen));
	return view;
}

int
br_app_user_add(struct br_app *app, json_t *in, json_t **out,
                struct br_err *err)
{
	static const char *const keys[] = {
	        "email",     "role",     "name", "patient_id",
	        "clinic_id", "password", NULL};
	struct br_user u;
	struct br_patient p;
	struct br_clinic c;
	const char *name, *pw = NULL;
	char gen[32];
	int64_t count = -1;
	int role, rc;

	memset(&u, 0, sizeof(u));
	rc = br_in_only(in, keys, err);
	if (rc == 0)
		rc = br_user_account_read(in, u.email, &role, &name,
		                          &u.patient_id, &u.clinic_id, err);
	/* Only the first account of a new database, its administrator, may
	 * be given a generated password (printed once); everyone else is
	 * invited with a one-time link or sets their own. */
	if (rc == 0 && !br_in_has(in, "password") && role == 0)
		rc = count_users(app, &count, err);
	if (rc == 0 && !br_in_has(in, "password") && count == 0 && role == 0) {
		generate_password(gen);
		pw = gen;
	} else if (rc == 0 && !br_in_has(in, "password")) {
		rc = br_error(err, BR_EINVAL, "password",
		              "password is needed: only the first "
		              "administrator gets a generated one; invite "
		              "everyone else with 'backrest user invite'");
	} else if (rc == 0) {
		rc = br_user_password_read(in, &pw, err);
	}
	if (rc == 0)
		rc = br_user_password_hash(pw, u.password_hash, err);
	if (rc < 0)
		return rc;
	snprintf(u.role, sizeof(u.role), "%s", br_roles[role]);
	snprintf(u.name, sizeof(u.name), "%s", name ? name : "");
	u.id = br_store_new_id();
	br_store_now(u.created_at);

	rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	if (u.patient_id) {
		rc = br_store_patient_get(app->store, u.patient_id, &p, err);
		if (rc == 0 && u.clinic_id && u.clinic_id != p.clinic_id)
			rc = br_error(err, BR_EINVAL, "clinic_id",
			              "clinic_id must be the patient's clinic");
		u.clinic_id = p.clinic_id;
	} else if (u.clinic_id) {
		rc = br_store_clinic_exists(app->store, u.clinic_id, err);
	} else if (role == 1) {
		rc = br_store_clinic_default(app->store, "My practice", &c,
		                             err);
		u.clinic_id = c.id;
	}
	if (rc == 0 && pw == gen)
		rc = br_store_user_count(app->store, &count, err);
	if (rc == 0 && pw == gen && count != 0)
		rc = br_error(err, BR_ECONFLICT, "password",
		              "password is needed: the first administrator "
		              "exists already");
	if (rc == 0)
		rc = br_store_user_insert(app->store, &u, err);
	if (rc == 0)
		rc = br_app_audit(app, "user.create", u.patient_id, "user",
		                  u.id, err);
	sodium_memzero(u.password_hash, sizeof(u.password_hash));
	return br_app_finish(app, rc,
	                     rc < 0 ? NULL
	                            : with_generated(br_view_user(&u), pw, gen),
	                     out, err);
}

int
br_app_user_passwd(struct br_app *app, json_t *in, json_t **out,
                   struct br_err *err)
{
	static const char *const keys[] = {"user_id", "email", "password",
	                                   NULL};
	struct br_user u;
	char email[BR_EMAIL_MAX], hash[BR_HASH_MAX];
	const char *pw = NULL;
	int64_t id = 0;
	int rc = br_in_only(in, keys, err);

	if (rc == 0 && br_in_has(in, "user_id"))
		rc = br_in_id(in, "user_id", &id, err);
	else if (rc == 0)
		rc = br_user_email_read(in, email, err);
	/* A new password is typed by whoever sets it; an administrator
	 * resetting someone else's sends a one-time link instead
	 * (br_app_invite_reset). */
	if (rc == 0 && !br_in_has(in, "password"))
		rc = br_error(err, BR_EINVAL, "password",
		              "password is needed: give it on standard input, "
		              "or send a reset link with 'backrest user "
		              "reset'");
	if (rc == 0)
		rc = br_user_password_read(in, &pw, err);
	if (rc == 0)
		rc = br_user_password_hash(pw, hash, err);
	if (rc < 0)
		return rc;
	rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	if (id)
		rc = br_store_user_get(app->store, id, &u, err);
	else
		rc = br_store_user_by_email(app->store, email, &u, err);
	if (rc == 0)
		rc = br_store_user_set_password(app->store, u.id, hash, err);
	if (rc == 0)
		rc = br_app_audit(app, "user.password", u.patient_id, "user",
		                  u.id, err);
	sodium_memzero(hash, sizeof(hash));
	return br_app_finish(app, rc, rc < 0 ? NULL : br_view_user(&u), out,
	                     err);
}

int
br_app_user_list(struct br_app *app, json_t *in, json_t **out,
                 struct br_err *err)
{
	static const char *const keys[] = {NULL};
	struct br_user *arr = NULL;
	json_t *list = NULL;
	size_t n = 0;
	int rc = br_in_only(in, keys, err);

	if (rc < 0)
		return rc;
	rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	rc = br_store_user_list(app->store, &arr, &n, err);
	if (rc == 0)
		rc = br_app_audit(app, "user.list", 0, NULL, 0, err);
	if (rc == 0) {
		list = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(list, br_view_user(&arr[i]));
	}
	if (arr)
		sodium_memzero(arr, n * sizeof(*arr));
	free(arr);
	return br_app_finish(app, rc, list, out, err);
}

static json_t *
id_or_null(int64_t v)
{
	return v ? json_integer(v) : json_null();
}

int
br_app_audit_list(struct br_app *app, json_t *in, json_t **out,
                  struct br_err *err)
{
	static const char *const keys[] = {"patient_id", "user_id", "limit",
	                                   "clinic_id", NULL};
	struct br_audit_row *rows = NULL;
	int64_t patient_id = 0, user_id = 0, clinic_id = 0;
	json_t *list = NULL;
	int limit = 200;
	size_t n = 0;
	int rc = br_in_only(in, keys, err);

	if (rc == 0 && br_in_has(in, "patient_id"))
		rc = br_in_id(in, "patient_id", &patient_id, err);
	if (rc == 0 && br_in_has(in, "user_id"))
		rc = br_in_id(in, "user_id", &user_id, err);
	if (rc == 0 && br_in_has(in, "clinic_id"))
		rc = br_in_id(in, "clinic_id", &clinic_id, err);
	if (rc == 0)
		rc = br_in_int(in, "limit", 1, 10000, &limit, err);
	if (rc < 0)
		return rc;
	rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	if (clinic_id)
		rc = br_store_clinic_exists(app->store, clinic_id, err);
	if (rc == 0)
		rc = br_store_audit_list(app->store, clinic_id, patient_id,
		                         user_id, limit, &rows, &n, err);
	/* Reading the log is itself logged, against the patient asked
	 * about. */
	if (rc == 0)
		rc = br_app_audit(app, "audit.read", patient_id, NULL, 0, err);
	if (rc == 0) {
		list = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(list,
			                      br_view_audit_row(&rows[i]));
	}
	free(rows);
	return br_app_finish(app, rc, list, out, err);
}

/* Administration ------------------------------------------------------- */

/* Loads the account named by "user_id" in a new transaction. */
static int
begin_with_user(struct br_app *app, json_t *in, struct br_user *u,
                struct br_err *err)
{
	int64_t id = 0;
	int rc = br_in_id(in, "user_id", &id, err);

	if (rc < 0)
		return rc;
	rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	rc = br_store_user_get(app->store, id, u, err);
	sodium_memzero(u->password_hash, sizeof(u->password_hash));
	if (rc < 0)
		br_store_rollback(app->store);
	return rc;
}

static int
set_disabled(struct br_app *app, json_t *in, json_t **out, bool disabled,
             struct br_err *err)
{
	static const char *const keys[] = {"user_id", NULL};
	struct br_user u;
	int rc = br_in_only(in, keys, err);

	if (rc == 0)
		rc = begin_with_user(app, in, &u, err);
	if (rc < 0)
		return rc;
	/* An administrator cannot lock themselves out. */
	if (disabled && app->user_id && app->user_id == u.id)
		rc = br_error(err, BR_ECONFLICT, "user_id",
		              "you cannot disable your own account");
	if (rc == 0)
		rc = br_store_user_set_disabled(app->store, u.id, disabled,
		                                err);
	u.disabled = disabled;
	if (rc == 0)
		rc = br_app_audit(app,
		                  disabled ? "user.disable" : "user.enable",
		                  u.patient_id, "user", u.id, err);
	return br_app_finish(app, rc, rc < 0 ? NULL : br_view_user(&u), out,
	                     err);
}

int
br_app_user_disable(struct br_app *app, json_t *in, json_t **out,
                    struct br_err *err)
{
	return set_disabled(app, in, out, true, err);
}

int
br_app_user_enable(struct br_app *app, json_t *in, json_t **out,
                   struct br_err *err)
{
	return set_disabled(app, in, out, false, err);
}

int
br_app_user_role(struct br_app *app, json_t *in, json_t **out,
                 struct br_err *err)
{
	static const char *const keys[] = {"user_id", "role", "clinic_id",
	                                   NULL};
	struct br_user u;
	int64_t clinic_id = 0;
	int role = -1, rc = br_in_only(in, keys, err);

	if (rc == 0)
		rc = br_in_enum(in, "role", br_staff_roles, false, &role, err);
	if (rc == 0 && br_in_has(in, "clinic_id"))
		rc = br_in_id(in, "clinic_id", &clinic_id, err);
	if (rc == 0 && role < 0 && clinic_id == 0)
		rc = br_error(err, BR_EINVAL, "role",
		              "give role, clinic_id or both");
	if (rc == 0)
		rc = begin_with_user(app, in, &u, err);
	if (rc < 0)
		return rc;
	if (strcmp(u.role, "patient") == 0)
		rc = br_error(err, BR_ECONFLICT, "user_id",
		              "a patient account keeps its role and its "
		              "patient's clinic");
	else if (role >= 0 && app->user_id && app->user_id == u.id &&
	         strcmp(br_staff_roles[role], u.role) != 0)
		rc = br_error(err, BR_ECONFLICT, "role",
		              "you cannot change your own role");
	if (rc == 0 && clinic_id)
		rc = br_store_clinic_exists(app->store, clinic_id, err);
	if (rc == 0) {
		if (role >= 0)
			snprintf(u.role, sizeof(u.role), "%s",
			         br_staff_roles[role]);
		if (clinic_id)
			u.clinic_id = clinic_id;
		if (strcmp(u.role, "practitioner") == 0 && u.clinic_id == 0) {
			struct br_clinic c;

			rc = br_store_clinic_default(app->store, "My practice",
			                             &c, err);
			u.clinic_id = c.id;
		}
	}
	if (rc == 0)
		rc = br_store_user_set_role(app->store, u.id, u.role,
		                            u.clinic_id, err);
	if (rc == 0)
		rc = br_app_audit(app, "user.role", 0, "user", u.id, err);
	return br_app_finish(app, rc, rc < 0 ? NULL : br_view_user(&u), out,
	                     err);
}

int
br_app_audit_filter_read(json_t *in, struct br_audit_filter *f,
                         char from[BR_DATE_LEN], char until[BR_DATE_LEN],
                         int max_limit, struct br_err *err)
{
	static const char *const keys[] = {"patient_id", "user_id", "action",
	                                   "outcome",    "from",    "to",
	                                   "before",     "limit",   NULL};
	int32_t d_from = 0, d_to = 0;
	int limit = 100;
	int rc = br_in_only(in, keys, err);

	memset(f, 0, sizeof(*f));
	from[0] = until[0] = '\0';
	if (rc == 0 && br_in_has(in, "patient_id"))
		rc = br_in_id(in, "patient_id", &f->patient_id, err);
	if (rc == 0 && br_in_has(in, "user_id"))
		rc = br_in_id(in, "user_id", &f->user_id, err);
	if (rc == 0 && br_in_has(in, "before"))
		rc = br_in_id(in, "before", &f->before, err);
	if (rc == 0)
		rc = br_in_text(in, "action", 47, false, &f->action, err);
	if (rc == 0)
		rc = br_in_text(in, "outcome", 23, false, &f->outcome, err);
	if (rc == 0 && br_in_has(in, "from"))
		rc = br_in_date(in, "from", false, &d_from, err);
	if (rc == 0 && br_in_has(in, "to"))
		rc = br_in_date(in, "to", false, &d_to, err);
	if (rc == 0 && d_from && d_to && d_from > d_to)
		rc = br_error(err, BR_EINVAL, "to",
		              "to must not be before from");
	if (rc == 0)
		rc = br_in_int(in, "limit", 1, max_limit, &limit, err);
	if (rc < 0)
		return rc;
	/* Entries carry UTC times (YYYY-MM-DDTHH:MM:SSZ): a day range is
	 * [from, the day after to). */
	if (d_from) {
		br_format_date(d_from, from);
		f->from = from;
	}
	if (d_to) {
		br_format_date(d_to + 1, until);
		f->until = until;
	}
	if (f->action && !f->action[0])
		f->action = NULL;
	if (f->outcome && !f->outcome[0])
		f->outcome = NULL;
	f->limit = limit;
	return 0;
}

json_t *
br_view_audit_row(const struct br_audit_row *r)
{
	return json_pack("{s:I, s:s, s:s, s:o, s:s, s:o, s:o, s:s, s:s}", "id",
	                 (json_int_t)r->id, "at", r->at, "actor", r->actor,
	                 "user_id", id_or_null(r->user_id), "action", r->action,
	                 "patient_id", id_or_null(r->patient_id), "record",
	                 br_json_text_opt(r->record), "origin", r->origin,
	                 "outcome", r->outcome);
}

int
br_app_audit_search(struct br_app *app, json_t *in, json_t **out,
                    struct br_err *err)
{
	struct br_audit_filter f;
	struct br_audit_row *rows = NULL;
	char from[BR_DATE_LEN], until[BR_DATE_LEN];
	json_t *result = NULL, *list;
	size_t n = 0;
	int rc = br_app_audit_filter_read(in, &f, from, until, 1000, err);

	if (rc < 0)
		return rc;
	rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	/* One more than asked: whether there is a next page. */
	f.limit++;
	rc = br_store_audit_filter(app->store, &f, &rows, &n, err);
	if (rc == 0)
		rc = br_app_audit(app, "audit.read", f.patient_id, NULL, 0,
		                  err);
	if (rc == 0) {
		size_t shown =
		        n > (size_t)(f.limit - 1) ? (size_t)f.limit - 1 : n;

		list = json_array();
		for (size_t i = 0; i < shown; i++)
			json_array_append_new(list,
			                      br_view_audit_row(&rows[i]));
		result = json_pack("{s:o, s:o}", "entries", list, "next_before",
		                   n > shown ? json_integer(rows[shown - 1].id)
		                             : json_null());
	}
	free(rows);
	return br_app_finish(app, rc, result, out, err);
}
