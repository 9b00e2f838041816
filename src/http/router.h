/*
 * router.h - the request router and query-string parser of the HTTP API.
 * Pure functions over bytes (no libmicrohttpd, no store), so they can be
 * fuzzed on their own (fuzz/fuzz_router.c).
 *
 * A route pattern is a path of literal segments and {name} parameters,
 * e.g. "/api/v1/patients/{patient_id}/diary".  A parameter matches a
 * record id: 1 to 16 decimal digits without a leading zero, at most
 * 2^53 - 1; it is stored in the params object as a JSON integer under
 * its name.  The one exception is {token}: BR_ROUTE_TOKEN characters of
 * URL-safe base64 (a one-time link's secret), stored as a string.  Nothing in a
 * path is percent-decoded: a path that needs decoding matches no route.
 *
 * Hard limits (BR_ETOOBIG beyond them): the path BR_PATH_MAX bytes, the
 * query string BR_QUERY_MAX bytes and BR_QUERY_PARAMS parameters, a
 * decoded value BR_QUERY_VALUE_MAX bytes.
 */
#ifndef BR_HTTP_ROUTER_H
#define BR_HTTP_ROUTER_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "app/app.h"
#include "core/err.h"
#include "model/field.h"

#define BR_PATH_MAX        512
#define BR_QUERY_MAX       1024
#define BR_QUERY_PARAMS    16
#define BR_QUERY_KEY_MAX   32
#define BR_QUERY_VALUE_MAX 256
#define BR_ROUTE_TOKEN     43 /* a {token} parameter's length */

/* Who may call a route (a bit set); 0 means anyone, signed in or not. */
enum br_role_bits {
	BR_ROLE_ADMIN = 1,
	BR_ROLE_PRACTITIONER = 2,
	BR_ROLE_PATIENT = 4,
};

/* Whose record a route touches: the patient is resolved from this path
 * parameter before the use case runs, and checked against the caller. */
enum br_scope {
	BR_SCOPE_NONE,    /* no single patient (lists, practice figures) */
	BR_SCOPE_PATIENT, /* {patient_id} */
	BR_SCOPE_EPISODE, /* {episode_id}: the episode's patient */
};

/* Built-in handlers for routes that are not a use case. */
enum br_route_special {
	BR_SPECIAL_NONE,
	BR_SPECIAL_LOGIN,
	BR_SPECIAL_WHOAMI,
	BR_SPECIAL_LOGOUT,
	BR_SPECIAL_OPENAPI,
	BR_SPECIAL_INVITATION_READ, /* whom a one-time link is for */
	BR_SPECIAL_INVITATION_USE,  /* use it: account and session */
};

/* A field the pipeline sets from the caller's account before the use
 * case runs; the request may leave it out or give the same value, any
 * other value is refused. */
enum br_bind {
	BR_BIND_NONE,
	BR_BIND_CLINIC,       /* clinic_id: the caller's clinic (refused
	                         when the account has none) */
	BR_BIND_PRACTITIONER, /* practitioner_id: the caller */
};

/* How the result goes out. */
enum br_out {
	BR_OUT_JSON,   /* the use case's JSON */
	BR_OUT_TEXT,   /* text_fn's JSON text, sent as it is */
	BR_OUT_MEMBER, /* the result's string member text_key, sent as
	                  media_type */
	BR_OUT_REPORT, /* the report document in the ?format= asked for
	                  (report/report.h br_report_render) */
};

struct br_route {
	const char *method;  /* "GET", "POST", "DELETE" */
	const char *pattern; /* see above */
	unsigned roles;      /* enum br_role_bits, 0 = public */
	enum br_scope scope;
	br_app_fn fn;       /* the use case, or NULL for a special */
	const char *action; /* audit action of a refused attempt */
	int ok_status;      /* 200 or 201 */
	enum br_route_special special;

	/* What the route takes: the fields of its JSON body (not GET) and
	 * of its query string (GET); NULL takes none.  Path parameters come
	 * from the pattern.  The pipeline checks the input against these
	 * tables and the API description is generated from them. */
	const struct br_fields *body, *query;
	/* A correction (PATCH, app/corrections.h): the body may also hold
	 * the fields of this record table a correction takes, each optional
	 * and null to clear it (br_correct_check). */
	const struct br_fields *patch;
	/* The result's schema name in the API description; "Name[]" for a
	 * list of them, NULL for a free-form object. */
	const char *response;
	enum br_bind bind;
	enum br_out out;
	br_app_text_fn text_fn; /* BR_OUT_TEXT */
	const char *text_key;   /* BR_OUT_MEMBER */
	const char *media_type; /* BR_OUT_MEMBER */
	const char *summary;    /* one line for the API description */
	/* An upload: the body is a file's bytes (any media type, at most
	 * upload_max bytes instead of BR_BODY_MAX), given to upload with the
	 * query string's fields (query) and the path parameters; fn is not
	 * used. */
	size_t upload_max;
	int (*upload)(struct br_app *app, json_t *in, const void *data,
	              size_t len, json_t **out, struct br_err *err);
};

/*
 * Finds the route for method and path (len bytes, no query string) in
 * routes (ended by a NULL method) and adds its path parameters to params
 * (when not NULL).
 * Returns 0 with *out set; BR_ENOTFOUND when no pattern matches the path;
 * BR_ECONFLICT when patterns match but none for this method (then allow,
 * when not NULL, lists the methods, comma-separated, up to allow_len);
 * BR_ETOOBIG when the path is over BR_PATH_MAX.
 */
int br_route_match(const struct br_route *routes, const char *method,
                   const char *path, size_t len, json_t *params,
                   const struct br_route **out, char *allow, size_t allow_len,
                   struct br_err *err);

/*
 * Parses an application/x-www-form-urlencoded query string (len bytes,
 * without the '?') into obj as string fields: '+' and %XX decoded, keys
 * of [a-z0-9_] only, every key at most once, no NUL or control
 * characters in values.  BR_EINVAL names the offending parameter;
 * BR_ETOOBIG for the limits above.  On error obj may hold part of the
 * fields.
 */
int br_query_parse(const char *qs, size_t len, json_t *obj, struct br_err *err);

/* Splits a raw request target at the first '?': the path is
 * [uri, uri + *path_len), the query (possibly empty) starts at *query. */
void br_uri_split(const char *uri, size_t *path_len, const char **query,
                  size_t *query_len);

#endif
