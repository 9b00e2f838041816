/*
 * router.c - route matching and query strings (see router.h).
 *
 * Matching walks the pattern and the path segment by segment; there is no
 * allocation other than the JSON values of the parameters, and no
 * recursion.  The route table is small (tens of routes), so a linear scan
 * is faster than anything cleverer and obviously correct.
 */
#include "http/router.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define ID_MAX ((INT64_C(1) << 53) - 1)

/* Parses an id segment s[0..n) or returns -1. */
static int64_t
parse_id(const char *s, size_t n)
{
	int64_t v = 0;

	if (n == 0 || n > 16 || s[0] == '0')
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v <= ID_MAX ? v : -1;
}

/* A {token} segment: BR_ROUTE_TOKEN characters of URL-safe base64. */
static bool
is_token(const char *s, size_t n)
{
	if (n != BR_ROUTE_TOKEN)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '-' || c == '_'))
			return false;
	}
	return true;
}

/* Matches one pattern; on success adds the parameters to params (when not
 * NULL). */
static bool
match(const char *pattern, const char *path, size_t len, json_t *params)
{
	const char *p = pattern, *s = path, *end = path + len;

	while (*p && s < end) {
		const char *pseg_end, *sseg_end;
		size_t plen, slen;

		if (*p != '/' || *s != '/')
			return false;
		p++;
		s++;
		pseg_end = strchr(p, '/');
		if (pseg_end == NULL)
			pseg_end = p + strlen(p);
		sseg_end = memchr(s, '/', (size_t)(end - s));
		if (sseg_end == NULL)
			sseg_end = end;
		plen = (size_t)(pseg_end - p);
		slen = (size_t)(sseg_end - s);
		if (plen == 7 && memcmp(p, "{token}", 7) == 0) {
			if (!is_token(s, slen))
				return false;
			if (params)
				json_object_set_new(params, "token",
				                    json_stringn(s, slen));
		} else if (plen == 6 && memcmp(p, "{date}", 6) == 0) {
			/* A day: YYYY-MM-DD (checked as a date by the use
			 * case). */
			if (slen != 10 || strspn(s, "0123456789-") < 10)
				return false;
			if (params)
				json_object_set_new(params, "date",
				                    json_stringn(s, slen));
		} else if (plen > 2 && p[0] == '{' && p[plen - 1] == '}') {
			int64_t id = parse_id(s, slen);
			char name[BR_QUERY_KEY_MAX];

			if (id < 0 || plen - 2 >= sizeof(name))
				return false;
			if (params) {
				memcpy(name, p + 1, plen - 2);
				name[plen - 2] = '\0';
				json_object_set_new(params, name,
				                    json_integer(id));
			}
		} else if (plen != slen || memcmp(p, s, plen) != 0) {
			return false;
		}
		p = pseg_end;
		s = sseg_end;
	}
	return *p == '\0' && s == end;
}

int
br_route_match(const struct br_route *routes, const char *method,
               const char *path, size_t len, json_t *params,
               const struct br_route **out, char *allow, size_t allow_len,
               struct br_err *err)
{
	bool path_known = false;
	size_t used = 0;

	*out = NULL;
	if (allow && allow_len)
		allow[0] = '\0';
	if (len > BR_PATH_MAX)
		return br_error(err, BR_ETOOBIG, "path",
		                "the path is longer than %d bytes",
		                BR_PATH_MAX);
	for (const struct br_route *r = routes; r->method; r++) {
		if (!match(r->pattern, path, len, NULL))
			continue;
		if (strcmp(r->method, method) == 0) {
			if (params)
				match(r->pattern, path, len, params);
			*out = r;
			return 0;
		}
		path_known = true;
		if (allow && used < allow_len) {
			int w = snprintf(allow + used, allow_len - used, "%s%s",
			                 used ? ", " : "", r->method);
			if (w > 0)
				used += (size_t)w;
		}
	}
	if (path_known)
		return br_error(err, BR_ECONFLICT, "",
		                "this path does not take the method %.10s",
		                method);
	return br_error(err, BR_ENOTFOUND, "", "there is no such resource");
}

static int
hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes s[0..n) into out (at most outlen - 1 bytes); -1 on a bad
 * escape, -2 when too long, -3 on a control character. */
static int
decode(const char *s, size_t n, char *out, size_t outlen)
{
	size_t o = 0;

	for (size_t i = 0; i < n; i++) {
		int c = (unsigned char)s[i];

		if (c == '+') {
			c = ' ';
		} else if (c == '%') {
			int hi, lo;

			if (i + 2 >= n)
				return -1;
			hi = hex_value(s[i + 1]);
			lo = hex_value(s[i + 2]);
			if (hi < 0 || lo < 0)
				return -1;
			c = hi * 16 + lo;
			i += 2;
		}
		if (c < 0x20 || c == 0x7f)
			return -3;
		if (o + 1 >= outlen)
			return -2;
		out[o++] = (char)c;
	}
	out[o] = '\0';
	return 0;
}

int
br_query_parse(const char *qs, size_t len, json_t *obj, struct br_err *err)
{
	const char *p = qs, *end = qs + len;
	int count = 0;

	if (len > BR_QUERY_MAX)
		return br_error(err, BR_ETOOBIG, "query",
		                "the query string is longer than %d bytes",
		                BR_QUERY_MAX);
	while (p < end) {
		const char *amp = memchr(p, '&', (size_t)(end - p));
		const char *pend = amp ? amp : end, *eq;
		char key[BR_QUERY_KEY_MAX], value[BR_QUERY_VALUE_MAX];
		size_t klen;
		int rc;

		if (pend == p) {
			p = pend + 1;
			continue; /* "a=1&&b=2" */
		}
		if (++count > BR_QUERY_PARAMS)
			return br_error(err, BR_ETOOBIG, "query",
			                "the query string has more than %d "
			                "parameters",
			                BR_QUERY_PARAMS);
		eq = memchr(p, '=', (size_t)(pend - p));
		if (eq == NULL)
			return br_error(err, BR_EINVAL, "query",
			                "every query parameter needs a value "
			                "(name=value)");
		klen = (size_t)(eq - p);
		if (klen == 0 || klen >= sizeof(key))
			return br_error(
			        err, BR_EINVAL, "query",
			        "a query parameter name must be 1 to %d "
			        "characters",
			        BR_QUERY_KEY_MAX - 1);
		for (size_t i = 0; i < klen; i++) {
			char c = p[i];

			if (!((c >= 'a' && c <= 'z') ||
			      (c >= '0' && c <= '9') || c == '_'))
				return br_error(
				        err, BR_EINVAL, "query",
				        "query parameter names use only "
				        "a-z, 0-9 and _");
			key[i] = c;
		}
		key[klen] = '\0';
		rc = decode(eq + 1, (size_t)(pend - eq - 1), value,
		            sizeof(value));
		if (rc == -2)
			return br_error(err, BR_ETOOBIG, key,
			                "the query parameter %s is longer than "
			                "%d bytes",
			                key, BR_QUERY_VALUE_MAX - 1);
		if (rc < 0)
			return br_error(err, BR_EINVAL, key,
			                "the query parameter %s is not "
			                "well-formed",
			                key);
		if (json_object_get(obj, key))
			return br_error(err, BR_EINVAL, key,
			                "the query parameter %s is given twice",
			                key);
		/* json_string rejects invalid UTF-8. */
		if (json_object_set_new(obj, key, json_string(value)) != 0)
			return br_error(err, BR_EINVAL, key,
			                "the query parameter %s is not UTF-8",
			                key);
		p = amp ? amp + 1 : end;
	}
	return 0;
}

void
br_uri_split(const char *uri, size_t *path_len, const char **query,
             size_t *query_len)
{
	const char *q = strchr(uri, '?');

	if (q == NULL) {
		*path_len = strlen(uri);
		*query = uri + *path_len;
		*query_len = 0;
		return;
	}
	*path_len = (size_t)(q - uri);
	*query = q + 1;
	*query_len = strlen(q + 1);
}
