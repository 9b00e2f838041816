/*
 * api.h - the JSON API under /api/v1/: one request in, one response out,
 * independent of the HTTP library (server.c adapts libmicrohttpd to it, the
 * fuzz targets and unit tests call it directly).
 *
 * The pipeline of every request, in this order:
 *   1. limits: path, query string (router.h), body (BR_BODY_MAX, enforced
 *      by the server while reading)                          -> 413
 *   2. route: path and method                                -> 404 / 405
 *   3. session: the cookie's token (app/auth.h)              -> 401
 *   4. CSRF: X-CSRF-Token on every method but GET            -> 403
 *   5. role: the route's role set                            -> 403
 *   6. input: query string (GET) or JSON body (others), plus the path
 *      parameters; strict JSON (no duplicate keys)           -> 400 / 415
 *      checked against the route's field table (router.h, model/field.h:
 *      no unknown field, required fields, types, ranges)    -> 422
 *   7. scope: the record's patient belongs to the caller (a patient: their
 *      own; a practitioner: their clinic's).  A record out of scope is
 *      answered exactly like a missing one                   -> 404
 *   8. the use case (app/app.h)                    -> 200/201, 404/409/422
 * Refusals at 3 (for patient routes), 5 and 7 are written to the audit
 * log with the outcome "unauthenticated" or "denied".
 *
 * Errors are {"error": {"code", "message", "field"}}; messages never carry
 * secrets or health data beyond the offending field's name.
 */
#ifndef BR_HTTP_API_H
#define BR_HTTP_API_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/auth.h"
#include "http/router.h"
#include "store/store.h"

#define BR_BODY_MAX (64 * 1024) /* bytes of a request body */

struct br_api {
	struct br_auth_config auth;
	bool secure_cookies; /* Secure and the __Host- cookie prefix */
	int32_t today;       /* fixed "today", or INT32_MIN for the clock */
	const char *instruments_dir; /* --instruments (app.h), or NULL */
};

struct br_http_req {
	const char *method;
	const char *uri;  /* raw request target, with the query */
	const char *body; /* may be NULL when body_len is 0 */
	size_t body_len;
	bool body_too_big;        /* the server stopped reading at the cap */
	const char *content_type; /* NULL when absent */
	const char *token;        /* the session cookie's value, or NULL */
	const char *csrf;         /* the X-CSRF-Token header, or NULL */
	const char *origin;       /* client address */
	const char *if_match;     /* the If-Match header, or NULL */
};

struct br_http_resp {
	int status;
	json_t *body;             /* owned; released by br_http_resp_release */
	const unsigned char *raw; /* static body instead of JSON, or NULL */
	size_t raw_len;
	char set_cookie[256]; /* "" for none */
	int retry_after;      /* seconds, 0 for none */
	char allow[32];       /* for 405 */

	/* A body that is neither JSON nor static (the calendar feed, a
	 * report as HTML or PDF): text_len bytes, or up to its NUL when
	 * text_len is 0. */
	char *text;            /* owned, or NULL */
	size_t text_len;       /* for a binary body (PDF) */
	const char *text_type; /* its Content-Type (static) */
	const char *csp;       /* Content-Security-Policy instead of the API's
	                          (static), or NULL */
	char disposition[96];  /* Content-Disposition, "" for none */
	char etag[32];         /* ETag (a record's version), "" for none */
};

/* The route table (ended by a NULL method): the pipeline's, and the
 * source of the API description (http/openapi.h). */
extern const struct br_route br_api_routes[];

/* The most body bytes the server reads for a request of method to uri:
 * BR_BODY_MAX, or an upload route's own limit. */
size_t br_api_body_max(const char *method, const char *uri);
/* The cookie that carries the session token. */
const char *br_api_cookie_name(const struct br_api *api);

/* Handles one request with store (the calling thread's connection).
 * Always fills resp. */
void br_api_handle(const struct br_api *api, struct br_store *store,
                   const struct br_http_req *req, struct br_http_resp *resp);

void br_http_resp_release(struct br_http_resp *resp);

#endif
