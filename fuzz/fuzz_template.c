/*
 * fuzz_template.c - libFuzzer target for point templates' request bodies
 * through the whole API pipeline (src/http/api.c): the field table
 * (model/templates.h), the point parser of the charting vocabulary, the
 * use cases and the store, on an in-memory database with one signed-in
 * practitioner who owns one template.
 *
 * Input: the first byte picks saving a template or changing the one
 * template, the rest is the body.  Invariants: every response is a status
 * the API documents; every error is {"error": {"code", "message",
 * "field"}}; a template saved or changed has a name, 1 to BR_MAX_POINTS
 * points, each a point id with a side of the vocabulary and none twice,
 * and a retention unset or 1-240 minutes.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_harness.h"
#include "app/templates.h"
#include "model/checks.h"
#include "model/templates.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct harness h;
static char uris[2][96];

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	long long uid, tid;

	(void)argc;
	(void)argv;
	harness_open(&h);
	uid = harness_sign_in(&h, "doc@fuzz.org", "practitioner", 0);
	tid = harness_made(&h, br_app_template_add,
	                   json_pack("{s:I, s:s, s:s}", "practitioner_id",
	                             (json_int_t)uid, "name", "low back",
	                             "points", "BL23,BL25:L,GV4"));
	snprintf(uris[0], sizeof(uris[0]), "/api/v1/point-templates");
	snprintf(uris[1], sizeof(uris[1]), "/api/v1/point-templates/%lld", tid);
	return 0;
}

static void
check_template(const json_t *t)
{
	const json_t *points = json_object_get(t, "points"), *p, *min;
	size_t i, j;

	if (!json_is_string(json_object_get(t, "name")) ||
	    json_string_length(json_object_get(t, "name")) == 0 ||
	    !json_is_array(points) || json_array_size(points) == 0 ||
	    json_array_size(points) > BR_MAX_POINTS)
		abort();
	min = json_object_get(t, "minutes");
	if (!json_is_null(min) &&
	    (!json_is_integer(min) || json_integer_value(min) < 1 ||
	     json_integer_value(min) > 240))
		abort();
	json_array_foreach(points, i, p)
	{
		const char *id = json_string_value(json_object_get(p, "point"));
		const char *side =
		        json_string_value(json_object_get(p, "side"));

		if (id == NULL || id[0] == '\0' || side == NULL ||
		    br_rec_index(br_rec_sides, side) < 0)
			abort();
		for (j = 0; j < i; j++)
			if (strcmp(id, json_string_value(json_object_get(
			                       json_array_get(points, j),
			                       "point"))) == 0)
				abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct br_http_resp resp;

	if (size < 1 || size > BR_BODY_MAX)
		return 0;
	harness_send(&h, "POST", uris[data[0] % 2], NULL, data + 1, size - 1,
	             &resp);
	switch (resp.status) {
	case 200:
	case 201:
		check_template(resp.body);
		break;
	case 400:
	case 404:
	case 409:
	case 413:
	case 415:
	case 422:
		harness_check_error(&resp);
		break;
	default:
		fprintf(stderr, "unexpected status %d\n", resp.status);
		abort();
	}
	br_http_resp_release(&resp);
	return 0;
}
