/*
 * openapi.c - the served OpenAPI description agrees with the route table:
 * every route is documented with its method and path parameters, every
 * documented operation is a route, and public routes (and only those)
 * declare no security.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <cmocka.h>

#include "core/embed.h"
#include "http/api.h"

extern const struct br_embedded_file br_http_files[];

static json_t *
load_spec(void)
{
	for (const struct br_embedded_file *f = br_http_files; f->name; f++)
		if (strcmp(f->name, "openapi.json") == 0)
			return json_loadb((const char *)f->bytes, f->len,
			                  JSON_REJECT_DUPLICATES, NULL);
	return NULL;
}

static void
lower(const char *in, char *out, size_t n)
{
	size_t i;

	for (i = 0; in[i] && i + 1 < n; i++)
		out[i] = (char)(in[i] >= 'A' && in[i] <= 'Z' ? in[i] + 32
		                                             : in[i]);
	out[i] = '\0';
}

/* Number of {name} segments in pattern, each declared as a path
 * parameter of op. */
static void
check_params(const char *pattern, json_t *op)
{
	const char *p = pattern;
	int want = 0, have = 0;
	size_t i;
	json_t *prm;

	while ((p = strchr(p, '{')) != NULL) {
		const char *end = strchr(p, '}');
		char name[48];
		bool found = false;

		snprintf(name, sizeof(name), "%.*s", (int)(end - p - 1), p + 1);
		json_array_foreach(json_object_get(op, "parameters"), i, prm)
		{
			found = found ||
			        (json_is_string(json_object_get(prm, "name")) &&
			         strcmp(json_string_value(
			                        json_object_get(prm, "name")),
			                name) == 0 &&
			         strcmp(json_string_value(
			                        json_object_get(prm, "in")),
			                "path") == 0);
		}
		if (!found)
			fail_msg("%s: path parameter %s is not documented",
			         pattern, name);
		want++;
		p = end;
	}
	json_array_foreach(json_object_get(op, "parameters"), i, prm)
	{
		json_t *in = json_object_get(prm, "in");

		if (in && strcmp(json_string_value(in), "path") == 0)
			have++;
	}
	assert_int_equal(want, have);
}

static void
test_routes_documented(void **state)
{
	json_t *spec = load_spec(), *paths;

	(void)state;
	assert_non_null(spec);
	assert_string_equal(json_string_value(json_object_get(spec, "openapi")),
	                    "3.1.0");
	paths = json_object_get(spec, "paths");
	for (const struct br_route *r = br_api_routes; r->method; r++) {
		char m[16];
		json_t *op, *sec;

		lower(r->method, m, sizeof(m));
		op = json_object_get(json_object_get(paths, r->pattern), m);
		if (op == NULL)
			fail_msg("route %s %s is not in openapi.json",
			         r->method, r->pattern);
		check_params(r->pattern, op);
		sec = json_object_get(op, "security");
		/* Public exactly when the spec waives security. */
		assert_int_equal(r->roles == 0,
		                 json_is_array(sec) &&
		                         json_array_size(sec) == 0);
		/* Every state change documents the CSRF header. */
		if (strcmp(r->method, "GET") != 0 && r->roles != 0) {
			json_t *p;
			size_t i;
			bool csrf = false;

			json_array_foreach(json_object_get(op, "parameters"), i,
			                   p)
			{
				json_t *ref = json_object_get(p, "$ref");
				csrf = csrf ||
				       (ref &&
				        strstr(json_string_value(ref), "csrf"));
			}
			if (!csrf)
				fail_msg("%s %s does not document "
				         "X-CSRF-Token",
				         r->method, r->pattern);
		}
	}
	json_decref(spec);
}

static void
test_documented_are_routes(void **state)
{
	json_t *spec = load_spec(), *item, *op;
	const char *path, *method;

	(void)state;
	json_object_foreach(json_object_get(spec, "paths"), path, item)
	{
		json_object_foreach(item, method, op)
		{
			bool found = false;

			for (const struct br_route *r = br_api_routes;
			     r->method && !found; r++)
				found = strcmp(r->pattern, path) == 0 &&
				        strcasecmp(r->method, method) == 0;
			if (!found)
				fail_msg("openapi.json documents %s %s, which "
				         "is no route",
				         method, path);
			assert_non_null(json_object_get(op, "operationId"));
			assert_non_null(json_object_get(op, "responses"));
		}
	}
	json_decref(spec);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_routes_documented),
	        cmocka_unit_test(test_documented_are_routes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
