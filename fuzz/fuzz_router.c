/*
 * fuzz_router.c - libFuzzer target for the request router and the query
 * parser (src/http/router.c) over the real route table.
 *
 * Input: "METHOD URI" (everything up to the first space is the method).
 * Invariants checked: a match returns a route of that method whose
 * pattern parameters are all present as positive integers; a failed
 * match or parse returns one of the documented codes with a message.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/api.h"
#include "http/router.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct br_err err = BR_ERR_INIT;
	const struct br_route *r = NULL;
	char *buf, *uri, method[16], allow[32];
	const char *query;
	size_t plen, qlen, mlen;
	json_t *params, *in;
	int rc;

	if (size > 8192)
		return 0;
	buf = malloc(size + 1);
	if (buf == NULL)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	uri = memchr(buf, ' ', size);
	mlen = uri ? (size_t)(uri - buf) : 0;
	if (uri == NULL || mlen >= sizeof(method)) {
		free(buf);
		return 0;
	}
	memcpy(method, buf, mlen);
	method[mlen] = '\0';
	uri++;
	br_uri_split(uri, &plen, &query, &qlen);
	params = json_object();
	rc = br_route_match(br_api_routes, method, uri, plen, params, &r, allow,
	                    sizeof(allow), &err);
	if (rc == 0) {
		const char *p = r->pattern;

		if (r == NULL || strcmp(r->method, method) != 0)
			abort();
		while ((p = strchr(p, '{')) != NULL) {
			const char *end = strchr(p, '}');
			char name[48];
			json_t *v;

			memcpy(name, p + 1, (size_t)(end - p - 1));
			name[end - p - 1] = '\0';
			v = json_object_get(params, name);
			if (!json_is_integer(v) || json_integer_value(v) < 1)
				abort();
			p = end;
		}
	} else if (rc != BR_ENOTFOUND && rc != BR_ECONFLICT &&
	           rc != BR_ETOOBIG) {
		abort();
	} else if (err.msg[0] == '\0') {
		abort();
	}
	in = json_object();
	rc = br_query_parse(query, qlen, in, &err);
	if (rc != 0 && rc != BR_EINVAL && rc != BR_ETOOBIG)
		abort();
	if (rc == 0 && json_object_size(in) > BR_QUERY_PARAMS)
		abort();
	json_decref(in);
	json_decref(params);
	free(buf);
	return 0;
}
