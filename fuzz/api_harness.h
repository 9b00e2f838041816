/*
 * api_harness.h - what the fuzz targets that push a request body through
 * the whole API pipeline (src/http/api.c) share: an in-memory store, an
 * app context to set records up with, one signed-in account, sending a
 * request as that account, and the check of an error's shape.  Linked
 * into those targets only (CMakeLists.txt); setup failures abort.
 */
#ifndef BR_FUZZ_API_HARNESS_H
#define BR_FUZZ_API_HARNESS_H

#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "app/auth.h"
#include "http/api.h"

struct harness {
	struct br_store *store;
	struct br_app app; /* setup writes, as actor "fuzz" */
	struct br_api api;
	char token[BR_TOKEN_HEX], csrf[BR_TOKEN_HEX];
};

/* An in-memory database and the API's configuration, both on
 * 2026-03-10. */
void harness_open(struct harness *h);
/* Runs fn on in (freed) through h's app and returns the "id" of what it
 * made. */
long long harness_made(struct harness *h, br_app_fn fn, json_t *in);
/* Adds an account of role (patient_id 0: none) and signs in as it: the
 * requests harness_send makes are that account's.  Returns its id. */
long long harness_sign_in(struct harness *h, const char *email,
                          const char *role, long long patient_id);
/* Sends body to uri as the signed-in account (JSON, with its CSRF token;
 * if_match may be NULL); the caller releases *resp. */
void harness_send(struct harness *h, const char *method, const char *uri,
                  const char *if_match, const uint8_t *body, size_t len,
                  struct br_http_resp *resp);
/* Aborts unless resp's body is {"error": {"code", "message", "field"}}. */
void harness_check_error(const struct br_http_resp *resp);

#endif
