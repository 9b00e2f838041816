/*
 * openapi_gen.c - writes the API description (http/openapi.h) to the file
 * named by its argument: run by the build, whose output the server embeds
 * as /api/v1/openapi.json.
 */
#include <stdio.h>

#include "core/embed.h"
#include "http/api.h"
#include "http/openapi.h"

/* The server's embedded files are what this program makes: linked
 * without them, it serves nothing. */
const struct br_embedded_file br_http_files[] = {{NULL, NULL, 0}};

int
main(int argc, char **argv)
{
	struct br_err err = BR_ERR_INIT;
	json_t *doc;
	int rc;

	if (argc != 2) {
		fprintf(stderr, "usage: openapi_gen OUT.json\n");
		return 2;
	}
	doc = br_openapi_build(br_api_routes, &err);
	if (doc == NULL) {
		fprintf(stderr, "openapi_gen: %s\n", err.msg);
		return 1;
	}
	rc = json_dump_file(doc, argv[1],
	                    JSON_INDENT(1) | JSON_REAL_PRECISION(10));
	json_decref(doc);
	if (rc != 0) {
		fprintf(stderr, "openapi_gen: cannot write %s\n", argv[1]);
		return 1;
	}
	return 0;
}
