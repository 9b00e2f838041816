/*
 * openapi.c - the API description from the route table and the field
 * tables (see openapi.h).
 */
#include "http/openapi.h"

#include <stdio.h>
#include <string.h>

#include "app/corrections.h"
#include "model/vocab.h"

#define ID_MAX 9007199254740991.0 /* 2^53 - 1 */

static const char *const errors[][2] = {
        {"400", "Malformed request: not JSON, not an object, duplicate keys, "
                "a bad query string, a body on a GET"},
        {"401", "Not signed in, or the session ended"},
        {"403", "The role may not do this, or the X-CSRF-Token header is "
                "missing or wrong"},
        {"404", "No such resource or record (records of other patients or "
                "clinics look the same)"},
        {"405", "The path does not take this method"},
        {"409", "Conflicts with stored data"},
        {"413", "Body, path or query string over its limit"},
        {"410", "The one-time link was used, expired or was revoked; "
                "error.message says which"},
        {"415", "The body is not application/json"},
        {"422", "A field is invalid or unknown; error.field names it and "
                "error.message says why in one sentence"},
        {"429", "Too many failed sign-ins or links that do not work; see "
                "Retry-After"},
        {"503", "The database is busy; try again"},
};

/* The codes of a vocabulary list as the build embeds it (a clinic may add
 * codes of its own), or NULL. */
static json_t *
vocab_codes(const char *file, const char *list)
{
	json_t *doc = file ? br_vocab_file(file) : NULL;
	json_t *items = json_object_get(doc, list), *codes, *x;
	size_t i;

	if (!json_is_array(items))
		return NULL;
	codes = json_array();
	json_array_foreach(items, i, x)
	{
		json_t *code =
		        json_is_string(x) ? x : json_object_get(x, "code");

		if (json_is_string(code))
			json_array_append(codes, code);
	}
	return codes;
}

static json_t *
enum_of(const char *const *values)
{
	json_t *a = json_array();

	for (size_t i = 0; values && values[i]; i++)
		json_array_append_new(a, json_string(values[i]));
	return a;
}

static json_t *object_schema(const struct br_field *fields,
                             const struct br_route *r);

/* The JSON schema of one field. */
static json_t *
field_schema(const struct br_field *f, const struct br_route *r)
{
	json_t *s = json_object();
	bool range = f->min != 0 || f->max != 0;

	switch (f->type) {
	case BR_FT_ID:
		json_object_set_new(s, "type", json_string("integer"));
		json_object_set_new(s, "minimum", json_integer(1));
		json_object_set_new(s, "maximum",
		                    json_integer((json_int_t)ID_MAX));
		break;
	case BR_FT_INT:
		json_object_set_new(s, "type", json_string("integer"));
		if (range) {
			json_object_set_new(s, "minimum",
			                    json_integer((json_int_t)f->min));
			json_object_set_new(s, "maximum",
			                    json_integer((json_int_t)f->max));
		}
		break;
	case BR_FT_NUM:
		json_object_set_new(s, "type", json_string("number"));
		if (range) {
			json_object_set_new(s, "minimum", json_real(f->min));
			json_object_set_new(s, "maximum", json_real(f->max));
		}
		break;
	case BR_FT_TEXT:
		json_object_set_new(s, "type", json_string("string"));
		if (f->min > 0)
			json_object_set_new(s, "minLength",
			                    json_integer((json_int_t)f->min));
		if (f->max > 0)
			json_object_set_new(s, "maxLength",
			                    json_integer((json_int_t)f->max));
		break;
	case BR_FT_DATE:
		json_object_set_new(s, "type", json_string("string"));
		json_object_set_new(s, "format", json_string("date"));
		break;
	case BR_FT_CLOCK:
		json_object_set_new(s, "type", json_string("string"));
		json_object_set_new(
		        s, "pattern",
		        json_string("^([01][0-9]|2[0-3]):[0-5][0-9]$"));
		break;
	case BR_FT_BOOL:
		json_object_set_new(s, "type", json_string("boolean"));
		break;
	case BR_FT_ENUM:
		json_object_set_new(s, "type", json_string("string"));
		/* A clinic-extensible vocabulary's codes are x-codes below. */
		if (f->values)
			json_object_set_new(s, "enum", enum_of(f->values));
		break;
	case BR_FT_LIST: {
		json_t *items = json_pack("{s:s}", "type", "string");

		if (f->values)
			json_object_set_new(items, "enum", enum_of(f->values));
		json_object_set_new(s, "type", json_string("array"));
		json_object_set_new(s, "items", items);
		if (f->max > 0)
			json_object_set_new(s, "maxItems",
			                    json_integer((json_int_t)f->max));
		break;
	}
	case BR_FT_OBJECT:
		json_decref(s);
		s = object_schema(f->fields, r);
		break;
	case BR_FT_CODES:
		json_object_set_new(s, "type", json_string("array"));
		json_object_set_new(s, "items",
		                    json_pack("{s:[s,s], s:i}", "type",
		                              "integer", "null", "minimum", 0));
		/* or one comma-separated string, as the command line sends */
		break;
	case BR_FT_ARRAY:
		json_object_set_new(s, "type", json_string("array"));
		json_object_set_new(s, "items",
		                    f->fields ? object_schema(f->fields, r)
		                              : json_object());
		break;
	}
	if (f->flags & BR_FF_VOCAB) {
		json_t *codes = vocab_codes(f->vocab_file, f->vocab_list);
		char where[96];

		snprintf(where, sizeof(where), "%s#%s",
		         f->vocab_file ? f->vocab_file : "",
		         f->vocab_list ? f->vocab_list : "");
		/* A clinic may extend the list: the codes are the built-in
		 * ones, not an enum. */
		json_object_set_new(s, "x-vocabulary", json_string(where));
		if (codes)
			json_object_set_new(s, "x-codes", codes);
	}
	if (f->doc)
		json_object_set_new(s, "description", json_string(f->doc));
	return s;
}

/* True when the request does not name key: a path parameter of r, a
 * field r binds to the caller, or one the server sets. */
static bool
not_from_request(const struct br_field *f, const struct br_route *r)
{
	char brace[48];

	if (f->flags & BR_FF_SERVER)
		return true;
	if (r == NULL)
		return false;
	snprintf(brace, sizeof(brace), "{%s}", f->key);
	if (strstr(r->pattern, brace))
		return true;
	return (r->bind == BR_BIND_CLINIC &&
	        strcmp(f->key, "clinic_id") == 0) ||
	       (r->bind == BR_BIND_PRACTITIONER &&
	        strcmp(f->key, "practitioner_id") == 0);
}

/* An object of fields: unknown fields are refused. */
static json_t *
object_schema(const struct br_field *fields, const struct br_route *r)
{
	json_t *s = json_pack("{s:s, s:b}", "type", "object",
	                      "additionalProperties", fields == NULL);
	json_t *props = json_object(), *req = json_array();

	for (const struct br_field *f = fields; f && f->key; f++) {
		if (not_from_request(f, r))
			continue;
		json_object_set_new(props, f->key, field_schema(f, NULL));
		if (f->flags & BR_FF_REQUIRED)
			json_array_append_new(req, json_string(f->key));
	}
	json_object_set_new(s, "properties", props);
	if (json_array_size(req))
		json_object_set_new(s, "required", req);
	else
		json_decref(req);
	return s;
}

/* A correction's fields (app/corrections.h): those of the record table
 * it takes, each optional, null clearing one that is not required. */
static void
patch_schema(const struct br_fields *model, json_t *body)
{
	json_t *props = json_object_get(body, "properties");

	for (const struct br_field *f = model->fields; f->key; f++) {
		json_t *s;

		if (!br_correct_takes(model, f->key))
			continue;
		s = field_schema(f, NULL);
		if (!(f->flags & BR_FF_REQUIRED) &&
		    json_is_string(json_object_get(s, "type")))
			json_object_set_new(
			        s, "type",
			        json_pack("[O, s]", json_object_get(s, "type"),
			                  "null"));
		json_object_set_new(props, f->key, s);
	}
}

static json_t *
ref(const char *kind, const char *name)
{
	char buf[128];

	snprintf(buf, sizeof(buf), "#/components/%s/%s", kind, name);
	return json_pack("{s:s}", "$ref", buf);
}

/* The result schema of a route: a reference to its named schema, a list
 * of them, or a free-form object; names are collected in schemas. */
static json_t *
result_schema(const struct br_route *r, json_t *schemas)
{
	char name[64];
	size_t n;

	if (r->response == NULL)
		return json_pack("{s:s}", "type", "object");
	snprintf(name, sizeof(name), "%s", r->response);
	n = strlen(name);
	if (n > 2 && strcmp(name + n - 2, "[]") == 0) {
		name[n - 2] = '\0';
		if (!json_object_get(schemas, name))
			json_object_set_new(schemas, name,
			                    json_pack("{s:s, s:s}", "type",
			                              "object", "description",
			                              "described by name"));
		return json_pack("{s:s, s:o}", "type", "array", "items",
		                 ref("schemas", name));
	}
	if (!json_object_get(schemas, name))
		json_object_set_new(schemas, name,
		                    json_pack("{s:s, s:s}", "type", "object",
		                              "description",
		                              "described by name"));
	return ref("schemas", name);
}

static json_t *
responses(const struct br_route *r, json_t *schemas)
{
	json_t *res = json_object(), *content = json_object();
	char status[8];
	bool get = strcmp(r->method, "GET") == 0;

	switch (r->out) {
	case BR_OUT_JSON:
	case BR_OUT_TEXT:
		json_object_set_new(content, "application/json",
		                    json_pack("{s:o}", "schema",
		                              result_schema(r, schemas)));
		break;
	case BR_OUT_MEMBER:
		json_object_set_new(
		        content, r->media_type,
		        json_pack("{s:{s:s}}", "schema", "type", "string"));
		break;
	case BR_OUT_REPORT:
		json_object_set_new(content, "application/json",
		                    json_pack("{s:o}", "schema",
		                              result_schema(r, schemas)));
		json_object_set_new(
		        content, "text/html",
		        json_pack("{s:{s:s}}", "schema", "type", "string"));
		json_object_set_new(content, "application/pdf",
		                    json_pack("{s:{s:s, s:s}}", "schema",
		                              "type", "string", "format",
		                              "binary"));
		break;
	}
	snprintf(status, sizeof(status), "%d", r->ok_status);
	json_object_set_new(res, status,
	                    json_pack("{s:s, s:o}", "description",
	                              r->ok_status == 201 ? "Created" : "OK",
	                              "content", content));
	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		const char *code = errors[i][0];

		if ((strcmp(code, "401") == 0 || strcmp(code, "403") == 0) &&
		    r->roles == 0)
			continue;
		if (strcmp(code, "415") == 0 && (get || r->upload_max))
			continue;
		bool link = r->special == BR_SPECIAL_INVITATION_READ ||
		            r->special == BR_SPECIAL_INVITATION_USE;

		if (strcmp(code, "429") == 0 &&
		    r->special != BR_SPECIAL_LOGIN && !link)
			continue;
		if (strcmp(code, "410") == 0 && !link)
			continue;
		if (strcmp(code, "405") == 0)
			continue;
		json_object_set_new(res, code, ref("responses", code));
	}
	return res;
}

/* The operation's id: the method and the path's literal segments,
 * e.g. get_episodes_plan_routine. */
static void
operation_id(const struct br_route *r, char *out, size_t n)
{
	const char *p = r->pattern + strlen("/api/v1");
	size_t o = 0;

	for (const char *m = r->method; *m && o + 1 < n; m++)
		out[o++] = (char)(*m >= 'A' && *m <= 'Z' ? *m + 32 : *m);
	while (*p && o + 2 < n) {
		if (*p == '/') {
			out[o++] = '_';
			p++;
			if (*p == '{') {
				/* by_<param> */
				const char *end = strchr(p, '}');

				o += (size_t)snprintf(out + o, n - o, "by_%.*s",
				                      (int)(end - p - 1),
				                      p + 1);
				if (o >= n)
					o = n - 1;
				p = end + 1;
			}
			continue;
		}
		out[o++] = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')
		                   ? *p
		                   : '_';
		p++;
	}
	out[o < n ? o : n - 1] = '\0';
}

static json_t *
roles_of(unsigned roles)
{
	json_t *a = json_array();

	if (roles & BR_ROLE_ADMIN)
		json_array_append_new(a, json_string("admin"));
	if (roles & BR_ROLE_PRACTITIONER)
		json_array_append_new(a, json_string("practitioner"));
	if (roles & BR_ROLE_PATIENT)
		json_array_append_new(a, json_string("patient"));
	return a;
}

static json_t *
operation(const struct br_route *r, json_t *schemas)
{
	json_t *op = json_object(), *params = json_array();
	char id[128];
	const char *p = r->pattern;

	operation_id(r, id, sizeof(id));
	json_object_set_new(op, "operationId", json_string(id));
	if (r->summary)
		json_object_set_new(op, "summary", json_string(r->summary));
	json_object_set_new(op, "x-roles", roles_of(r->roles));
	if (r->action)
		json_object_set_new(op, "x-audit-action",
		                    json_string(r->action));
	while ((p = strchr(p, '{')) != NULL) {
		const char *end = strchr(p, '}');
		char name[48];
		json_t *schema;

		snprintf(name, sizeof(name), "%.*s", (int)(end - p - 1), p + 1);
		if (strcmp(name, "date") == 0) {
			schema = json_pack("{s:s, s:s}", "type", "string",
			                   "format", "date");
		} else if (strcmp(name, "token") == 0) {
			char pattern[48];

			snprintf(pattern, sizeof(pattern),
			         "^[A-Za-z0-9_-]{%d}$", BR_ROUTE_TOKEN);
			schema = json_pack("{s:s, s:s}", "type", "string",
			                   "pattern", pattern);
		} else {
			schema = json_pack("{s:s, s:i, s:I}", "type", "integer",
			                   "minimum", 1, "maximum",
			                   (json_int_t)ID_MAX);
		}
		json_array_append_new(params,
		                      json_pack("{s:s, s:s, s:b, s:o}", "name",
		                                name, "in", "path", "required",
		                                1, "schema", schema));
		p = end;
	}
	if (r->query)
		for (const struct br_field *f = r->query->fields; f->key; f++) {
			if (not_from_request(f, r))
				continue;
			json_array_append_new(
			        params,
			        json_pack("{s:s, s:s, s:b, s:o}", "name",
			                  f->key, "in", "query", "required",
			                  (f->flags & BR_FF_REQUIRED) != 0,
			                  "schema", field_schema(f, r)));
		}
	if (strcmp(r->method, "GET") != 0 && r->roles != 0)
		json_array_append_new(params, ref("parameters", "csrf"));
	json_object_set_new(op, "parameters", params);
	if (r->upload_max > 0) {
		/* An upload: the file as the body, its fields in the query
		 * string (above). */
		json_object_set_new(
		        op, "requestBody",
		        json_pack("{s:b, s:{s:{s:{s:s, s:s, s:s, s:I}}}}",
		                  "required", 1, "content",
		                  "application/octet-stream", "schema", "type",
		                  "string", "format", "binary", "description",
		                  "the file, at most x-max-bytes bytes",
		                  "x-max-bytes", (json_int_t)r->upload_max));
	} else if (strcmp(r->method, "GET") != 0) {
		json_t *body =
		        object_schema(r->body ? r->body->fields : NULL, r);
		bool required = json_object_get(body, "required") != NULL;

		if (r->patch)
			patch_schema(r->patch, body);

		/* A route without fields still refuses any field. */
		if (r->body == NULL)
			json_object_set_new(body, "additionalProperties",
			                    json_false());
		if (r->body && r->body->doc)
			json_object_set_new(body, "description",
			                    json_string(r->body->doc));
		json_object_set_new(op, "requestBody",
		                    json_pack("{s:b, s:{s:{s:o}}}", "required",
		                              required, "content",
		                              "application/json", "schema",
		                              body));
	}
	json_object_set_new(op, "responses", responses(r, schemas));
	if (r->roles == 0)
		json_object_set_new(op, "security", json_array());
	return op;
}

static json_t *
components(json_t *schemas)
{
	json_t *resp = json_object();
	json_t *error = json_pack(
	        "{s:s, s:b, s:{s:{s:s, s:b, s:{s:{s:s}, s:{s:s}, s:{s:[ss], "
	        "s:s}}, s:[sss]}}, s:[s]}",
	        "type", "object", "additionalProperties", 0, "properties",
	        "error", "type", "object", "additionalProperties", 0,
	        "properties", "code", "type", "string", "message", "type",
	        "string", "field", "type", "string", "null", "description",
	        "the field at fault, as the request named it", "required",
	        "code", "message", "field", "required", "error");

	json_object_set_new(schemas, "Error", error);
	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++)
		json_object_set_new(
		        resp, errors[i][0],
		        json_pack("{s:s, s:{s:{s:o}}}", "description",
		                  errors[i][1], "content", "application/json",
		                  "schema", ref("schemas", "Error")));
	return json_pack(
	        "{s:{s:{s:s, s:s, s:s, s:s}}, s:{s:{s:s, s:s, s:b, s:s, "
	        "s:{s:s, s:s}}}, s:o, s:O}",
	        "securitySchemes", "session", "type", "apiKey", "in", "cookie",
	        "name", "br_session", "description",
	        "The session token POST /api/v1/session sets: HttpOnly, "
	        "SameSite=Strict; named __Host-br_session when served with "
	        "--secure-cookies",
	        "parameters", "csrf", "name", "X-CSRF-Token", "in", "header",
	        "required", 1, "description",
	        "The session's csrf_token (GET /api/v1/session), on every "
	        "request that is not a GET",
	        "schema", "type", "string", "pattern", "^[0-9a-f]{64}$",
	        "responses", resp, "schemas", schemas);
}

json_t *
br_openapi_build(const struct br_route *routes, struct br_err *err)
{
	json_t *paths = json_object(), *schemas = json_object(), *doc;

	for (const struct br_route *r = routes; r->method; r++) {
		json_t *item = json_object_get(paths, r->pattern);
		char m[8];
		size_t i;

		if (item == NULL) {
			item = json_object();
			json_object_set_new(paths, r->pattern, item);
		}
		for (i = 0; r->method[i] && i + 1 < sizeof(m); i++)
			m[i] = (char)(r->method[i] + 32);
		m[i] = '\0';
		json_object_set_new(item, m, operation(r, schemas));
	}
	doc = json_pack(
	        "{s:s, s:{s:s, s:s, s:s, s:{s:s, s:s}}, s:[{s:s}], s:[{s:[]}], "
	        "s:o, s:o}",
	        "openapi", "3.1.0", "info", "title", "backrest API", "version",
	        "1", "description",
	        "Measurement-based care of back pain that disrupts sleep. "
	        "Every operation calls the same use case as the backrest "
	        "command line. Sign in with POST /api/v1/session; send the "
	        "returned csrf_token as X-CSRF-Token on every request that is "
	        "not a GET. A request body or query string may hold only the "
	        "fields listed here; any other is refused with 422. "
	        "x-roles names the roles that may call an operation. "
	        "Generated from the server's route table and field tables.",
	        "license", "name", "AGPL-3.0-or-later", "identifier",
	        "AGPL-3.0-or-later", "servers", "url", "/", "security",
	        "session", "paths", paths, "components", components(schemas));
	json_decref(schemas);
	if (doc == NULL)
		br_error(err, BR_ENOMEM, "", "out of memory");
	return doc;
}
