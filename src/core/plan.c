/*
 * plan.c - the evidence file and treatment options (see plan.h).
 */
#include "core/plan.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/jsonr.h"
#include "core/parse.h"

static const char *const source_ids[] = {"cochrane-2025", "acp-2017",
                                         "nice-ng59", NULL};
static const char *const positions[] = {"recommended",        "consider",
                                        "only-with-exercise", "do-not-offer",
                                        "no-recommendation",  NULL};
static const char *const phases[] = {"acute",          "subacute", "chronic",
                                     "acute-subacute", "any",      NULL};
static const char *const certainties[] = {"high", "moderate", "low", "very-low",
                                          NULL};
static const char *const strengths[] = {"strong", "weak", NULL};
static const char *const risks[] = {"low", "medium", "high", NULL};

/* A required non-empty string (or, with nullable, absent or null -> *out
 * NULL). */
static int
want_text(const struct br_jsonr *c, json_t *obj, const char *path,
          const char *key, bool nullable, const char **out)
{
	return br_jsonr_text(c, obj, path, key, !nullable, SIZE_MAX, out);
}

/* One of names (or, with nullable, absent or null -> *out -1). */
static int
want_enum(const struct br_jsonr *c, json_t *obj, const char *path,
          const char *key, const char *const *names, bool nullable, int *out)
{
	json_t *v = json_object_get(obj, key);

	*out = -1;
	if (nullable && (v == NULL || json_is_null(v)))
		return 0;
	return br_jsonr_enum(c, obj, path, key, names, out);
}

static int
parse_course(const struct br_jsonr *c, json_t *v, const char *path,
             struct br_course_default *out)
{
	static const char *const keys[] = {"sessions", "per_week", "trial",
	                                   "source", NULL};
	json_t *s = json_object_get(v, "sessions");
	json_t *w = json_object_get(v, "per_week");
	json_t *t = json_object_get(v, "trial");
	int rc;

	memset(out, 0, sizeof(*out));
	if (v == NULL || json_is_null(v))
		return 0;
	rc = br_jsonr_only(c, v, path, keys);
	if (rc < 0)
		return rc;
	if (!json_is_integer(s) || json_integer_value(s) < 1 ||
	    json_integer_value(s) > 100)
		return br_jsonr_fail(c, path,
		                     "sessions must be a whole number 1-100");
	if (!json_is_number(w) || json_number_value(w) <= 0 ||
	    json_number_value(w) > 7)
		return br_jsonr_fail(c, path,
		                     "per_week must be above 0 and at most 7");
	if (!json_is_integer(t) || json_integer_value(t) < 1 ||
	    json_integer_value(t) > json_integer_value(s))
		return br_jsonr_fail(
		        c, path,
		        "trial must be a whole number from 1 to sessions");
	out->given = true;
	out->sessions = (int)json_integer_value(s);
	out->per_week = json_number_value(w);
	out->trial = (int)json_integer_value(t);
	return want_text(c, v, path, "source", false, &out->source);
}

static int
parse_treatment(const struct br_jsonr *c, json_t *v, const char *path,
                struct br_treatment *t)
{
	static const char *const keys[] = {"id",         "label",  "kind",
	                                   "modalities", "course", NULL};
	static const char *const kinds[] = {"treatment", "self-management",
	                                    NULL};
	json_t *mods = json_object_get(v, "modalities"), *m;
	char p[96];
	size_t i;
	int kind, rc = br_jsonr_only(c, v, path, keys);

	memset(t, 0, sizeof(*t));
	if (rc == 0)
		rc = want_text(c, v, path, "id", false, &t->id);
	if (rc == 0 && strlen(t->id) >= BR_EV_ID_MAX)
		rc = br_jsonr_fail(c, path, "id is too long");
	if (rc == 0)
		rc = want_text(c, v, path, "label", false, &t->label);
	if (rc == 0)
		rc = want_enum(c, v, path, "kind", kinds, false, &kind);
	if (rc < 0)
		return rc;
	t->self_management = kind == 1;
	snprintf(p, sizeof(p), "%s.modalities", path);
	if (!json_is_array(mods) ||
	    json_array_size(mods) > BR_EV_MAX_MODALITIES)
		return br_jsonr_fail(c, p,
		                     "must be a list of at most %d modalities",
		                     BR_EV_MAX_MODALITIES);
	json_array_foreach(mods, i, m)
	{
		if (!json_is_string(m))
			return br_jsonr_fail(c, p, "must hold strings");
		t->modalities[t->n_modalities++] = json_string_value(m);
	}
	snprintf(p, sizeof(p), "%s.course", path);
	return parse_course(c, json_object_get(v, "course"), p, &t->course);
}

static bool
phases_overlap(enum br_ev_phase a, enum br_ev_phase b)
{
	for (int p = BR_PHASE_ACUTE; p <= BR_PHASE_CHRONIC; p++)
		if (br_ev_phase_applies(a, (enum br_phase_id)p) &&
		    br_ev_phase_applies(b, (enum br_phase_id)p))
			return true;
	return false;
}

static int
parse_entry(const struct br_jsonr *c, const struct br_evidence *ev, json_t *v,
            const char *path, struct br_ev_entry *e)
{
	static const char *const keys[] = {"treatment", "phase",     "source",
	                                   "position",  "certainty", "strength",
	                                   "finding",   "citation",  NULL};
	const char *tid;
	int x = 0, rc = br_jsonr_only(c, v, path, keys);

	memset(e, 0, sizeof(*e));
	if (rc == 0)
		rc = want_text(c, v, path, "treatment", false, &tid);
	if (rc == 0 && (e->treatment = br_evidence_treatment(ev, tid)) < 0)
		rc = br_jsonr_fail(c, path,
		                   "names a treatment that is not listed");
	if (rc == 0)
		rc = want_enum(c, v, path, "phase", phases, false, &x);
	e->phase = (enum br_ev_phase)x;
	if (rc == 0)
		rc = want_enum(c, v, path, "source", source_ids, false, &x);
	e->source = (enum br_source)x;
	if (rc == 0)
		rc = want_enum(c, v, path, "position", positions, false, &x);
	e->position = (enum br_position)x;
	if (rc == 0)
		rc = want_enum(c, v, path, "certainty", certainties, true, &x);
	e->certainty = x < 0 ? NULL : certainties[x];
	if (rc == 0)
		rc = want_enum(c, v, path, "strength", strengths, true, &x);
	e->strength = x < 0 ? NULL : strengths[x];
	if (rc == 0)
		rc = want_text(c, v, path, "finding", false, &e->finding);
	if (rc == 0)
		rc = want_text(c, v, path, "citation", false, &e->citation);
	if (rc < 0)
		return rc;
	/* The overview grades evidence but recommends nothing; NICE's
	 * recommendations carry no certainty grade in the data. */
	if (e->source == BR_SRC_COCHRANE &&
	    e->position != BR_POS_NO_RECOMMENDATION)
		return br_jsonr_fail(c, path,
		                     "position of a Cochrane entry must be "
		                     "no-recommendation (an overview does not "
		                     "recommend)");
	if (e->source == BR_SRC_NICE && e->certainty)
		return br_jsonr_fail(c, path,
		                     "certainty must be null for NICE");
	for (int i = 0; i < ev->n_entries; i++) {
		const struct br_ev_entry *o = &ev->entries[i];

		if (o->treatment == e->treatment && o->source == e->source &&
		    phases_overlap(o->phase, e->phase))
			return br_jsonr_fail(
			        c, path,
			        "covers a phase another entry of the same "
			        "treatment and source already covers");
	}
	return 0;
}

static int
parse_pathways(const struct br_jsonr *c, struct br_evidence *ev, json_t *v)
{
	static const char *const keys[] = {"source", "low", "medium", "high",
	                                   NULL};
	int rc = br_jsonr_only(c, v, "risk_pathways", keys);

	if (rc == 0)
		rc = want_text(c, v, "risk_pathways", "source", false,
		               &ev->risk_source);
	for (int r = 0; rc == 0 && r < 3; r++) {
		json_t *list = json_object_get(v, risks[r]), *t;
		char p[64];
		size_t i;

		snprintf(p, sizeof(p), "risk_pathways.%s", risks[r]);
		if (!json_is_array(list) ||
		    json_array_size(list) > BR_EV_MAX_PATHWAY)
			return br_jsonr_fail(c, p,
			                     "must be a list of at most %d ids",
			                     BR_EV_MAX_PATHWAY);
		json_array_foreach(list, i, t)
		{
			int idx =
			        br_evidence_treatment(ev, json_string_value(t));

			if (!json_is_string(t) || idx < 0)
				return br_jsonr_fail(
				        c, p,
				        "names a treatment that is not "
				        "listed");
			ev->pathway[r][ev->n_pathway[r]++] = idx;
		}
	}
	return rc;
}

static int
parse_doc(const struct br_jsonr *c, struct br_evidence *ev)
{
	static const char *const keys[] = {
	        "format",        "about",   "sources", "treatments",
	        "risk_pathways", "entries", NULL};
	static const char *const skeys[] = {"id", "name", "jurisdiction",
	                                    "citation", NULL};
	json_t *doc = ev->doc, *arr, *v;
	char p[64];
	size_t i;
	int rc = br_jsonr_only(c, doc, "(top)", keys);

	if (rc < 0)
		return rc;
	if (json_integer_value(json_object_get(doc, "format")) != 1)
		return br_jsonr_fail(c, "format", "must be 1");
	arr = json_object_get(doc, "sources");
	if (!json_is_array(arr) || json_array_size(arr) != BR_SRC_N)
		return br_jsonr_fail(c, "sources", "must list the %d sources",
		                     BR_SRC_N);
	json_array_foreach(arr, i, v)
	{
		int s;

		snprintf(p, sizeof(p), "sources[%zu]", i);
		rc = br_jsonr_only(c, v, p, skeys);
		if (rc == 0)
			rc = want_enum(c, v, p, "id", source_ids, false, &s);
		if (rc == 0 && ev->source_name[s])
			rc = br_jsonr_fail(c, p, "repeats a source");
		if (rc == 0)
			rc = want_text(c, v, p, "name", false,
			               &ev->source_name[s]);
		if (rc == 0)
			rc = want_text(c, v, p, "citation", false,
			               &ev->source_citation[s]);
		if (rc < 0)
			return rc;
	}
	arr = json_object_get(doc, "treatments");
	if (!json_is_array(arr) || json_array_size(arr) == 0 ||
	    json_array_size(arr) > BR_EV_MAX_TREATMENTS)
		return br_jsonr_fail(c, "treatments",
		                     "must list 1-%d treatments",
		                     BR_EV_MAX_TREATMENTS);
	json_array_foreach(arr, i, v)
	{
		struct br_treatment t;

		snprintf(p, sizeof(p), "treatments[%zu]", i);
		rc = parse_treatment(c, v, p, &t);
		if (rc < 0)
			return rc;
		if (br_evidence_treatment(ev, t.id) >= 0)
			return br_jsonr_fail(
			        c, p, "repeats the id of another treatment");
		ev->treatments[ev->n_treatments++] = t;
	}
	rc = parse_pathways(c, ev, json_object_get(doc, "risk_pathways"));
	if (rc < 0)
		return rc;
	arr = json_object_get(doc, "entries");
	if (!json_is_array(arr) || json_array_size(arr) > BR_EV_MAX_ENTRIES)
		return br_jsonr_fail(c, "entries",
		                     "must be a list of at most %d",
		                     BR_EV_MAX_ENTRIES);
	json_array_foreach(arr, i, v)
	{
		snprintf(p, sizeof(p), "entries[%zu]", i);
		rc = parse_entry(c, ev, v, p, &ev->entries[ev->n_entries]);
		if (rc < 0)
			return rc;
		ev->n_entries++;
	}
	return 0;
}

int
br_evidence_parse(const char *file, const char *bytes, size_t len,
                  struct br_evidence *out, struct br_err *err)
{
	struct br_jsonr c = {"evidence", file, "evidence", NULL, err};
	int rc;

	memset(out, 0, sizeof(*out));
	rc = br_jsonr_load(&c, bytes, len, &out->doc);
	if (rc < 0)
		return rc;
	rc = parse_doc(&c, out);
	if (rc < 0) {
		json_decref(out->doc);
		memset(out, 0, sizeof(*out));
	}
	return rc;
}

void
br_evidence_free(struct br_evidence *ev)
{
	json_decref(ev->doc);
	memset(ev, 0, sizeof(*ev));
}

int
br_evidence_treatment(const struct br_evidence *ev, const char *id)
{
	for (int i = 0; id && i < ev->n_treatments; i++)
		if (strcmp(ev->treatments[i].id, id) == 0)
			return i;
	return -1;
}

bool
br_ev_phase_applies(enum br_ev_phase p, enum br_phase_id phase)
{
	switch (p) {
	case BR_EVP_ACUTE:
		return phase == BR_PHASE_ACUTE;
	case BR_EVP_SUBACUTE:
		return phase == BR_PHASE_SUBACUTE;
	case BR_EVP_CHRONIC:
		return phase == BR_PHASE_CHRONIC;
	case BR_EVP_ACUTE_SUBACUTE:
		return phase != BR_PHASE_CHRONIC;
	case BR_EVP_ANY:
		return true;
	}
	return false;
}

enum br_phase_id
br_source_phase(enum br_source s, const struct br_phase *ph)
{
	return s == BR_SRC_ACP ? ph->acp : ph->cochrane;
}

static const struct br_ev_entry *
find_entry(const struct br_evidence *ev, int t, enum br_source s,
           const struct br_phase *ph)
{
	enum br_phase_id phase = br_source_phase(s, ph);

	for (int i = 0; i < ev->n_entries; i++) {
		const struct br_ev_entry *e = &ev->entries[i];

		if (e->treatment == t && e->source == s &&
		    br_ev_phase_applies(e->phase, phase))
			return e;
	}
	return NULL;
}

static void
add_option(const struct br_evidence *ev, const struct br_phase *ph, int t,
           bool matched, unsigned sources, struct br_options *out)
{
	struct br_option o;
	bool any = false;

	for (int i = 0; i < out->n; i++)
		if (out->items[i].treatment == t)
			return;
	memset(&o, 0, sizeof(o));
	o.treatment = t;
	o.matched = matched;
	for (int s = 0; s < BR_SRC_N; s++) {
		if (!(sources & (1u << s)))
			continue;
		o.cells[o.n_cells].source = (enum br_source)s;
		o.cells[o.n_cells].entry =
		        find_entry(ev, t, (enum br_source)s, ph);
		any = any || o.cells[o.n_cells].entry;
		o.n_cells++;
	}
	if (any)
		out->items[out->n++] = o;
}

void
br_plan_options(const struct br_evidence *ev, const struct br_phase *ph,
                int risk, unsigned sources, struct br_options *out)
{
	memset(out, 0, sizeof(*out));
	if (risk >= 0 && risk < 3)
		for (int i = 0; i < ev->n_pathway[risk]; i++)
			add_option(ev, ph, ev->pathway[risk][i], true, sources,
			           out);
	for (int t = 0; t < ev->n_treatments; t++)
		add_option(ev, ph, t, false, sources, out);
}

const char *
br_source_id(enum br_source s)
{
	return s >= 0 && s < BR_SRC_N ? source_ids[s] : "unknown";
}

const char *
br_position_name(enum br_position p)
{
	return p >= 0 && p <= BR_POS_NO_RECOMMENDATION ? positions[p]
	                                               : "unknown";
}

const char *
br_ev_phase_name(enum br_ev_phase p)
{
	return p >= 0 && p <= BR_EVP_ANY ? phases[p] : "unknown";
}

int
br_risk_index(const char *s)
{
	for (int i = 0; s && risks[i]; i++)
		if (strcmp(s, risks[i]) == 0)
			return i;
	return -1;
}
