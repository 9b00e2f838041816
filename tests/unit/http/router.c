/*
 * router.c - unit tests of the route matcher and the query parser.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "http/router.h"

static const struct br_route routes[] = {
        {.method = "GET",
         .pattern = "/api/v1/patients",
         .roles = 1,
         .action = "a",
         .ok_status = 200},
        {.method = "POST",
         .pattern = "/api/v1/patients",
         .roles = 1,
         .action = "b",
         .ok_status = 201},
        {.method = "GET",
         .pattern = "/api/v1/patients/{patient_id}/diary",
         .roles = 1,
         .scope = BR_SCOPE_PATIENT,
         .action = "c",
         .ok_status = 200},
        {.method = "GET",
         .pattern = "/api/v1/invitations/{token}",
         .action = "t",
         .ok_status = 200},
        {.method = NULL},
};

static int
route(const char *method, const char *path, json_t *params,
      const struct br_route **r)
{
	struct br_err err = BR_ERR_INIT;
	char allow[32];

	return br_route_match(routes, method, path, strlen(path), params, r,
	                      allow, sizeof(allow), &err);
}

static void
test_match(void **state)
{
	const struct br_route *r;
	json_t *p = json_object();

	(void)state;
	assert_int_equal(route("GET", "/api/v1/patients", p, &r), 0);
	assert_string_equal(r->action, "a");
	assert_int_equal(route("POST", "/api/v1/patients", p, &r), 0);
	assert_string_equal(r->action, "b");
	assert_int_equal(route("GET", "/api/v1/patients/42/diary", p, &r), 0);
	assert_string_equal(r->action, "c");
	assert_int_equal(json_integer_value(json_object_get(p, "patient_id")),
	                 42);
	assert_int_equal(
	        route("GET", "/api/v1/patients/9007199254740991/diary", p, &r),
	        0);
	json_decref(p);
}

static void
test_no_match(void **state)
{
	const char *bad[] = {
	        "",
	        "/",
	        "/api/v1/patients/",
	        "/api/v1/patients/0/diary",
	        "/api/v1/patients/042/diary",
	        "/api/v1/patients/-1/diary",
	        "/api/v1/patients/9007199254740992/diary",
	        "/api/v1/patients/12345678901234567/diary",
	        "/api/v1/patients/1/diary/",
	        "/api/v1//patients",
	        "/api/v1/patients%2F1/diary",
	        "/api/v1/patients/{patient_id}/diary",
	        NULL,
	};
	const struct br_route *r;

	(void)state;
	for (int i = 0; bad[i]; i++)
		assert_int_equal(route("GET", bad[i], NULL, &r), BR_ENOTFOUND);
	assert_int_equal(route("DELETE", "/api/v1/patients", NULL, &r),
	                 BR_ECONFLICT);
}

/* A {token} is 43 characters of URL-safe base64, kept as text. */
static void
test_token(void **state)
{
	static const char ok[] = "/api/v1/invitations/"
	                         "Az09-_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx";
	const char *bad[] = {
	        "/api/v1/invitations/12",
	        "/api/v1/invitations/"
	        "Az09-_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
	        "/api/v1/invitations/"
	        "Az09-_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
	        "/api/v1/invitations/"
	        "Az09+/xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
	        "/api/v1/invitations/"
	        "Az09%2xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
	        NULL,
	};
	const struct br_route *r;
	json_t *p = json_object();

	(void)state;
	assert_int_equal(route("GET", ok, p, &r), 0);
	assert_string_equal(r->action, "t");
	assert_string_equal(json_string_value(json_object_get(p, "token")),
	                    ok + strlen("/api/v1/invitations/"));
	for (int i = 0; bad[i]; i++)
		assert_int_equal(route("GET", bad[i], NULL, &r), BR_ENOTFOUND);
	json_decref(p);
}

static void
test_allow(void **state)
{
	struct br_err err = BR_ERR_INIT;
	const struct br_route *r;
	char allow[32];

	(void)state;
	assert_int_equal(br_route_match(routes, "PUT", "/api/v1/patients", 16,
	                                NULL, &r, allow, sizeof(allow), &err),
	                 BR_ECONFLICT);
	assert_string_equal(allow, "GET, POST");
}

static int
query(const char *qs, json_t **obj, struct br_err *err)
{
	*obj = json_object();
	return br_query_parse(qs, strlen(qs), *obj, err);
}

static void
test_query(void **state)
{
	struct br_err err = BR_ERR_INIT;
	json_t *o;

	(void)state;
	assert_int_equal(query("from=2026-01-01&to=2026-02-01", &o, &err), 0);
	assert_string_equal(json_string_value(json_object_get(o, "to")),
	                    "2026-02-01");
	json_decref(o);
	assert_int_equal(query("a=x+y%20z%C3%A9&&b=", &o, &err), 0);
	assert_string_equal(json_string_value(json_object_get(o, "a")),
	                    "x y z\xc3\xa9");
	assert_string_equal(json_string_value(json_object_get(o, "b")), "");
	json_decref(o);
	assert_int_equal(query("", &o, &err), 0);
	assert_int_equal(json_object_size(o), 0);
	json_decref(o);
}

static void
test_query_errors(void **state)
{
	const char *invalid[] = {"a",     "a=1&a=2", "A=1",   "=1",
	                         "a=%",   "a=%4",    "a=%zz", "a=%00",
	                         "a=%0a", "a=%ff",   "a-b=1", NULL};
	struct br_err err = BR_ERR_INIT;
	char big[2048];
	json_t *o;

	(void)state;
	for (int i = 0; invalid[i]; i++) {
		assert_int_equal(query(invalid[i], &o, &err), BR_EINVAL);
		json_decref(o);
	}
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	big[0] = 'a';
	big[1] = '=';
	assert_int_equal(query(big, &o, &err), BR_ETOOBIG);
	json_decref(o);
	big[300] = '\0';
	assert_int_equal(query(big, &o, &err), BR_ETOOBIG);
	assert_string_equal(err.field, "a");
	json_decref(o);
	assert_int_equal(query("a=1&b=1&c=1&d=1&e=1&f=1&g=1&h=1&i=1&j=1&k=1&"
	                       "l=1&m=1&n=1&o=1&p=1&q=1",
	                       &o, &err),
	                 BR_ETOOBIG);
	json_decref(o);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_match),
	        cmocka_unit_test(test_no_match),
	        cmocka_unit_test(test_token),
	        cmocka_unit_test(test_allow),
	        cmocka_unit_test(test_query),
	        cmocka_unit_test(test_query_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
