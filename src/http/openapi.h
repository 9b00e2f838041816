/*
 * openapi.h - the API description (OpenAPI 3.1) made from the route table
 * (router.h) and the model's field tables (model/field.h): every path and
 * method, its path and query parameters, its request body with types,
 * ranges, lengths, vocabularies and required fields, its responses by
 * schema name, the errors and the authentication.
 *
 * tools/openapi_gen.c calls it at build time and the server embeds the
 * result as /api/v1/openapi.json, so the document says what the code
 * takes by construction.
 *
 * Memory: the returned document is the caller's (json_decref).
 */
#ifndef BR_HTTP_OPENAPI_H
#define BR_HTTP_OPENAPI_H

#include <jansson.h>

#include "core/err.h"
#include "http/router.h"

/* The document for routes (ended by a NULL method); NULL with err filled
 * when out of memory or a table cannot be described. */
json_t *br_openapi_build(const struct br_route *routes, struct br_err *err);

#endif
