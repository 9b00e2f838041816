/*
 * fhir_export_common.c - the FHIR exporter's small builders: codings,
 * references, identifiers, meta, quantities, extensions, local times.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "interop/fhir_export_internal.h"

bool
fe_since_ok(const struct walk *w, const char *ts)
{
	return w->f->since[0] == '\0' || strcmp(ts, w->f->since) >= 0;
}

int
fe_put(struct walk *w, json_t *res, struct br_err *err)
{
	if (res == NULL)
		return br_error(err, BR_ENOMEM, "", "out of memory");
	return w->emit(w->ctx, res, err);
}

void
br_fhir_full_url(json_t *resource, char *out, size_t outlen)
{
	snprintf(out, outlen, "%s/%s/%s", BR_FHIR_BASE,
	         json_string_value(json_object_get(resource, "resourceType")),
	         json_string_value(json_object_get(resource, "id")));
}

/* Small builders ---------------------------------------------------------- */

json_t *
fe_coding(const char *system, const char *code, const char *display)
{
	return json_pack("{s:s, s:s, s:s*}", "system", system, "code", code,
	                 "display", display);
}

json_t *
fe_concept(const char *system, const char *code, const char *display,
           const char *text)
{
	return json_pack("{s:[o], s:s*}", "coding",
	                 fe_coding(system, code, display), "text", text);
}

json_t *
fe_reference(const char *type, const char *prefix, int64_t id)
{
	char buf[96];

	snprintf(buf, sizeof(buf), "%s/%s-%lld", type, prefix, (long long)id);
	return json_pack("{s:s}", "reference", buf);
}

json_t *
fe_identifier(const char *ns, const char *value)
{
	char sys[160];

	snprintf(sys, sizeof(sys), "%s%s", BR_FHIR_NS, ns);
	return json_pack("[{s:s, s:s}]", "system", sys, "value", value);
}

/* One Identifier (not a list): QuestionnaireResponse.identifier and
 * valueIdentifier. */
json_t *
fe_identifier1(const char *ns, const char *value)
{
	char sys[160];

	snprintf(sys, sizeof(sys), "%s%s", BR_FHIR_NS, ns);
	return json_pack("{s:s, s:s}", "system", sys, "value", value);
}

json_t *
fe_id_identifier(const char *ns, int64_t id)
{
	char v[24];

	snprintf(v, sizeof(v), "%lld", (long long)id);
	return fe_identifier(ns, v);
}

json_t *
fe_meta(const char *ts)
{
	return ts && ts[0] ? json_pack("{s:s}", "lastUpdated", ts) : NULL;
}

json_t *
fe_quantity(json_int_t v, const char *unit)
{
	return json_pack("{s:I, s:s, s:s, s:s}", "value", v, "unit", unit,
	                 "system", BR_UCUM, "code", unit);
}

json_t *
fe_ext(const char *name, const char *value_key, json_t *value)
{
	char url[160];

	snprintf(url, sizeof(url), "%s%s", BR_FHIR_EXT, name);
	return json_pack("{s:s, s:o}", "url", url, value_key, value);
}

/* A sub-extension of a complex extension: the url is the bare name. */
void
fe_sub_ext(json_t *list, const char *name, const char *value_key, json_t *value)
{
	json_array_append_new(
	        list, json_pack("{s:s, s:o}", "url", name, value_key, value));
}

/* Local date and clock to a FHIR dateTime with this machine's UTC offset
 * at that moment: "2026-03-01T23:05:00+01:00". */
void
fe_local_datetime(int32_t day, int minutes, char out[32])
{
	struct tm tm, back;
	int y, m, d;
	time_t t;
	long off;

	br_civil_from_days(day, &y, &m, &d);
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = minutes / 60;
	tm.tm_min = minutes % 60;
	tm.tm_isdst = -1;
	t = mktime(&tm);
	off = 0;
	if (t != (time_t)-1 && localtime_r(&t, &back))
		off = back.tm_gmtoff;
	if (off == 0) {
		snprintf(out, 32, "%04d-%02d-%02dT%02d:%02d:00Z", y, m, d,
		         minutes / 60, minutes % 60);
		return;
	}
	snprintf(out, 32, "%04d-%02d-%02dT%02d:%02d:00%c%02d:%02d", y % 10000,
	         m % 100, d % 100, minutes / 60 % 100, minutes % 60,
	         off < 0 ? '-' : '+', (int)(labs(off) / 3600 % 24),
	         (int)(labs(off) % 3600 / 60));
}
