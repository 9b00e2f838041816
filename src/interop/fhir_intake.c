/*
 * fhir_intake.c - the intake history of an episode as a
 * QuestionnaireResponse of backrest's intake Questionnaire, and back
 * (docs/internals/FHIR.md, "Intake").
 *
 * One item per field, its linkId the field's name in `backrest intake`
 * and `intake show` (onset_mode, sitting_hours ...): codes as valueCoding,
 * whole numbers as valueInteger, the weight as valueDecimal, yes/no as
 * valueBoolean, text as valueString.  The lists are repeating items, one
 * answer per code (a location's side as a nested item); medicines are a
 * group of repeating "medicine" groups.  A list that was asked but has no
 * entry is an item without answers, so "none" survives the round trip.
 * The fields, enumerations and ranges are app/intake_fields.h's.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/intake_fields.h"
#include "model/vocab.h"
#include "interop/fhir_internal.h"
#include "store/intake.h"

#define VOCAB "intake.json"

/* The code lists, in the order of enum br_intake_list (medicines apart). */
static const struct {
	const char *key, *list, *text;
} lists[] = {
        {"locations", "locations", "Pain locations"},
        {"aggravating", "aggravating", "Aggravating factors"},
        {"easing", "easing", "Easing factors"},
        {"conditions", "conditions", "Known conditions"},
        {"treatments", "treatments", "Current treatments"},
};

static const char *
list_url(const char *list)
{
	return br_fhir_cs_url(br_fhir_vocab_cs_name(VOCAB, list));
}

static char (*list_codes(struct br_intake *x, int l, int **n))[BR_CODE_LEN]
{
	switch (l) {
	case BR_INTAKE_AGGRAVATING:
		*n = &x->n_aggravating;
		return x->aggravating;
	case BR_INTAKE_EASING:
		*n = &x->n_easing;
		return x->easing;
	case BR_INTAKE_CONDITIONS:
		*n = &x->n_conditions;
		return x->conditions;
	default:
		*n = &x->n_treatments;
		return x->treatments;
	}
}

/* The Questionnaire ------------------------------------------------------ */

static json_t *
options(const char *const *names)
{
	json_t *a = json_array();

	for (int i = 0; names[i]; i++)
		json_array_append_new(a, json_pack("{s:{s:s}}", "valueCoding",
		                                   "code", names[i]));
	return a;
}

json_t *
br_fhir_intake_questionnaire(void)
{
	static const char *const types[] = {"choice", "integer", "decimal",
	                                    "boolean", "text"};
	json_t *items = json_array();

	for (size_t i = 0; i < BR_INTAKE_NFIELDS; i++) {
		const struct br_intake_field *f = &br_intake_fields[i];
		json_t *it = json_pack("{s:s, s:s, s:s}", "linkId", f->key,
		                       "text", f->text, "type", types[f->kind]);

		if (f->kind == BR_INTAKE_ENUM)
			json_object_set_new(it, "answerOption",
			                    options(f->names));
		json_array_append_new(items, it);
	}
	for (size_t l = 0; l < sizeof(lists) / sizeof(lists[0]); l++) {
		json_t *it = json_pack(
		        "{s:s, s:s, s:s, s:b, s:s}", "linkId", lists[l].key,
		        "text", lists[l].text, "type", "choice", "repeats", 1,
		        "answerValueSet", list_url(lists[l].list));

		if (l == BR_INTAKE_LOCATIONS)
			json_object_set_new(
			        it, "item",
			        json_pack("[{s:s, s:s, s:s, s:o}]", "linkId",
			                  "side", "text", "Side", "type",
			                  "choice", "answerOption",
			                  options(br_intake_location_sides)));
		json_array_append_new(items, it);
	}
	json_array_append_new(
	        items,
	        json_pack("{s:s, s:s, s:s, s:[{s:s, s:s, s:s, s:b, s:["
	                  "{s:s, s:s, s:s}, {s:s, s:s, s:s}, "
	                  "{s:s, s:s, s:s, s:o}, {s:s, s:s, s:s, s:o}]}]}",
	                  "linkId", "medicines", "text", "Medicines", "type",
	                  "group", "item", "linkId", "medicine", "text",
	                  "Medicine", "type", "group", "repeats", 1, "item",
	                  "linkId", "name", "text", "Name", "type", "string",
	                  "linkId", "dose", "text", "Dose as reported", "type",
	                  "string", "linkId", "kind", "text", "Kind", "type",
	                  "choice", "answerOption",
	                  options(br_intake_med_kinds), "linkId", "purpose",
	                  "text", "Taken for", "type", "choice", "answerOption",
	                  options(br_intake_med_purposes)));
	return json_pack("{s:s, s:s, s:s, s:[{s:s, s:s}], s:s, s:s, s:s, "
	                 "s:s, s:[s], s:s, s:o}",
	                 "resourceType", "Questionnaire", "id", "q-intake",
	                 "url", BR_FHIR_BASE "/Questionnaire/" BR_Q_INTAKE,
	                 "identifier", "system", BR_FHIR_NS BR_NS_INSTRUMENT,
	                 "value", BR_Q_INTAKE, "version", "1", "name",
	                 "BackrestIntake", "title", "backrest intake history",
	                 "status", "active", "subjectType", "Patient",
	                 "description",
	                 "The intake history of an episode of back pain: "
	                 "onset, pain locations, aggravating and easing "
	                 "factors, work and lifestyle, known conditions, "
	                 "treatments and medicines, sleep, goals.",
	                 "item", items);
}

/* Export ----------------------------------------------------------------- */

static json_t *
coded(const char *system, const char *code)
{
	return json_pack("{s:s*, s:s}", "system", system, "code", code);
}

json_t *
br_fhir_intake_items(const struct br_intake *x)
{
	json_t *items = json_array();

	for (size_t i = 0; i < BR_INTAKE_NFIELDS; i++) {
		const struct br_intake_field *f = &br_intake_fields[i];
		const void *p = br_intake_at_c(x, f);
		json_t *v = NULL;
		const char *key = NULL;

		switch (f->kind) {
		case BR_INTAKE_ENUM:
			if (((const char *)p)[0]) {
				key = "valueCoding";
				v = coded(NULL, p);
			}
			break;
		case BR_INTAKE_TEXT:
			if (((const char *)p)[0]) {
				key = "valueString";
				v = json_string(p);
			}
			break;
		case BR_INTAKE_INT:
			if (*(const int *)p != BR_UNSET) {
				key = "valueInteger";
				v = json_integer(*(const int *)p);
			}
			break;
		case BR_INTAKE_BOOL:
			if (*(const int *)p != BR_UNSET) {
				key = "valueBoolean";
				v = json_boolean(*(const int *)p);
			}
			break;
		case BR_INTAKE_KG:
			if (*(const double *)p >= 0) {
				key = "valueDecimal";
				v = json_real(*(const double *)p);
			}
			break;
		}
		if (v)
			json_array_append_new(
			        items, json_pack("{s:s, s:[{s:o}]}", "linkId",
			                         f->key, "answer", key, v));
	}
	for (int l = 0; l < BR_INTAKE_MEDICINES; l++) {
		json_t *answers;
		const char *url = list_url(lists[l].list);

		if (!x->recorded[l])
			continue;
		answers = json_array();
		if (l == BR_INTAKE_LOCATIONS)
			for (int i = 0; i < x->n_locations; i++) {
				const struct br_intake_location *loc =
				        &x->locations[i];
				json_t *a =
				        json_pack("{s:o}", "valueCoding",
				                  coded(url, loc->location));

				if (loc->side[0])
					json_object_set_new(
					        a, "item",
					        json_pack("[{s:s, s:[{s:o}]}]",
					                  "linkId", "side",
					                  "answer",
					                  "valueCoding",
					                  coded(NULL,
					                        loc->side)));
				json_array_append_new(answers, a);
			}
		else {
			int *n;
			char(*codes)[BR_CODE_LEN] =
			        list_codes((struct br_intake *)x, l, &n);

			for (int i = 0; i < *n; i++)
				json_array_append_new(
				        answers,
				        json_pack("{s:o}", "valueCoding",
				                  coded(url, codes[i])));
		}
		if (json_array_size(answers) == 0) {
			json_decref(answers);
			answers = NULL;
		}
		json_array_append_new(items, json_pack("{s:s, s:o*}", "linkId",
		                                       lists[l].key, "answer",
		                                       answers));
	}
	if (x->recorded[BR_INTAKE_MEDICINES]) {
		json_t *meds = json_array();

		for (int i = 0; i < x->n_medicines; i++) {
			const struct br_intake_medicine *m = &x->medicines[i];
			json_t *sub = json_pack("[{s:s, s:[{s:s}]}]", "linkId",
			                        "name", "answer", "valueString",
			                        m->name);

			if (m->dose[0])
				json_array_append_new(
				        sub,
				        json_pack("{s:s, s:[{s:s}]}", "linkId",
				                  "dose", "answer",
				                  "valueString", m->dose));
			if (m->kind[0])
				json_array_append_new(
				        sub, json_pack("{s:s, s:[{s:o}]}",
				                       "linkId", "kind",
				                       "answer", "valueCoding",
				                       coded(NULL, m->kind)));
			if (m->purpose[0])
				json_array_append_new(
				        sub,
				        json_pack("{s:s, s:[{s:o}]}", "linkId",
				                  "purpose", "answer",
				                  "valueCoding",
				                  coded(NULL, m->purpose)));
			json_array_append_new(
			        meds, json_pack("{s:s, s:o}", "linkId",
			                        "medicine", "item", sub));
		}
		if (json_array_size(meds) == 0) {
			json_decref(meds);
			meds = NULL;
		}
		json_array_append_new(items,
		                      json_pack("{s:s, s:o*}", "linkId",
		                                "medicines", "item", meds));
	}
	return items;
}

/* Import ----------------------------------------------------------------- */

static bool
fail(char *why, size_t n, const char *fmt, const char *a, const char *b)
{
	snprintf(why, n, fmt, a, b);
	return false;
}

static const char *
code_of(json_t *answer)
{
	return json_string_value(json_object_get(
	        json_object_get(answer, "valueCoding"), "code"));
}

static int
index_of(const char *const *names, const char *s)
{
	for (int i = 0; s && names[i]; i++)
		if (strcmp(names[i], s) == 0)
			return i;
	return -1;
}

static bool
text_ok(const char *s, size_t size)
{
	if (s == NULL || strlen(s) >= size)
		return false;
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p < 0x20 && *p != '\n' && *p != '\t')
			return false;
	return true;
}

static bool
read_field(const struct br_intake_field *f, json_t *answer, struct br_intake *x,
           char *why, size_t wn)
{
	void *p = br_intake_at(x, f);
	json_t *v;
	double d;

	switch (f->kind) {
	case BR_INTAKE_ENUM:
		if (index_of(f->names, code_of(answer)) < 0)
			return fail(why, wn,
			            "item %s needs a valueCoding with one of "
			            "its codes%s",
			            f->key, "");
		snprintf(p, f->size, "%s", code_of(answer));
		return true;
	case BR_INTAKE_TEXT:
		v = json_object_get(answer, "valueString");
		if (!text_ok(json_string_value(v), f->size))
			return fail(why, wn,
			            "item %s needs a valueString (no control "
			            "characters, at most the field's length)%s",
			            f->key, "");
		snprintf(p, f->size, "%s", json_string_value(v));
		return true;
	case BR_INTAKE_INT:
		v = json_object_get(answer, "valueInteger");
		if (!json_is_integer(v) || json_integer_value(v) < f->min ||
		    json_integer_value(v) > f->max)
			return fail(why, wn,
			            "item %s needs a valueInteger in its "
			            "range%s",
			            f->key, "");
		*(int *)p = (int)json_integer_value(v);
		return true;
	case BR_INTAKE_BOOL:
		v = json_object_get(answer, "valueBoolean");
		if (!json_is_boolean(v))
			return fail(why, wn, "item %s needs a valueBoolean%s",
			            f->key, "");
		*(int *)p = json_is_true(v);
		return true;
	case BR_INTAKE_KG:
		v = json_object_get(answer, "valueDecimal");
		d = json_number_value(v);
		if (!json_is_number(v) || d < (double)f->min ||
		    d > (double)f->max)
			return fail(why, wn,
			            "item %s needs a valueDecimal from 25 to "
			            "350%s",
			            f->key, "");
		*(double *)p = d;
		return true;
	}
	return false;
}

static bool
read_list(int l, json_t *item, struct br_intake *x, char *why, size_t wn)
{
	json_t *a;
	size_t i;
	const char *url = list_url(lists[l].list);
	int *n = &x->n_locations;
	char(*codes)[BR_CODE_LEN] = NULL;

	if (l != BR_INTAKE_LOCATIONS)
		codes = list_codes(x, l, &n);
	if (x->recorded[l])
		return fail(why, wn, "item %s is given twice%s", lists[l].key,
		            "");
	x->recorded[l] = true;
	json_array_foreach(json_object_get(item, "answer"), i, a)
	{
		json_t *c = json_object_get(a, "valueCoding");
		const char *code = code_of(a);
		const char *sys =
		        json_string_value(json_object_get(c, "system"));

		if (code == NULL || (sys && strcmp(sys, url) != 0) ||
		    strlen(code) >= BR_CODE_LEN ||
		    br_vocab_find(VOCAB, lists[l].list, code) == NULL)
			return fail(why, wn,
			            "item %s: %.40s is not a code of its "
			            "list",
			            lists[l].key, code ? code : "(no code)");
		if (*n == BR_INTAKE_MAX_LIST)
			return fail(why, wn,
			            "item %s has more than 16 answers%s",
			            lists[l].key, "");
		for (int k = 0; k < *n; k++)
			if (strcmp(codes ? codes[k] : x->locations[k].location,
			           code) == 0)
				return fail(why, wn, "item %s lists %s twice",
				            lists[l].key, code);
		if (codes) {
			snprintf(codes[(*n)++], BR_CODE_LEN, "%s", code);
			continue;
		}
		snprintf(x->locations[*n].location, BR_CODE_LEN, "%s", code);
		x->locations[*n].side[0] = '\0';
		{
			json_t *side = json_array_get(
			        json_object_get(
			                json_array_get(
			                        json_object_get(a, "item"), 0),
			                "answer"),
			        0);
			const char *sc = code_of(side);

			if (side && index_of(br_intake_location_sides, sc) < 0)
				return fail(why, wn,
				            "item locations: the side of %s "
				            "must be left, right, both or "
				            "central%s",
				            code, "");
			if (sc)
				snprintf(x->locations[*n].side,
				         sizeof(x->locations[0].side), "%s",
				         sc);
		}
		(*n)++;
	}
	return true;
}

static json_t *
sub_answer(json_t *group, const char *link)
{
	json_t *it;
	size_t i;

	json_array_foreach(json_object_get(group, "item"), i, it)
	{
		const char *l =
		        json_string_value(json_object_get(it, "linkId"));

		if (l && strcmp(l, link) == 0)
			return json_array_get(json_object_get(it, "answer"), 0);
	}
	return NULL;
}

static bool
read_medicines(json_t *item, struct br_intake *x, char *why, size_t wn)
{
	json_t *g;
	size_t i;

	if (x->recorded[BR_INTAKE_MEDICINES])
		return fail(why, wn, "item %s is given twice%s", "medicines",
		            "");
	x->recorded[BR_INTAKE_MEDICINES] = true;
	json_array_foreach(json_object_get(item, "item"), i, g)
	{
		struct br_intake_medicine *m;
		const char *name = json_string_value(
		        json_object_get(sub_answer(g, "name"), "valueString"));
		const char *dose = json_string_value(
		        json_object_get(sub_answer(g, "dose"), "valueString"));
		const char *kind = code_of(sub_answer(g, "kind"));
		const char *purpose = code_of(sub_answer(g, "purpose"));

		if (x->n_medicines == BR_INTAKE_MAX_MEDS)
			return fail(why, wn,
			            "item medicines has more than 16 "
			            "medicines%s%s",
			            "", "");
		if (!text_ok(name, BR_NAME_MAX) || name[0] == '\0' ||
		    (dose && !text_ok(dose, BR_NAME_MAX)))
			return fail(why, wn,
			            "item medicines: each medicine needs a "
			            "name (and a dose) of at most 120 "
			            "characters%s%s",
			            "", "");
		if ((kind && index_of(br_intake_med_kinds, kind) < 0) ||
		    (purpose && index_of(br_intake_med_purposes, purpose) < 0))
			return fail(why, wn,
			            "item medicines: kind %.20s or purpose "
			            "%.20s is not known",
			            kind ? kind : "-", purpose ? purpose : "-");
		m = &x->medicines[x->n_medicines++];
		memset(m, 0, sizeof(*m));
		snprintf(m->name, sizeof(m->name), "%s", name);
		snprintf(m->dose, sizeof(m->dose), "%s", dose ? dose : "");
		snprintf(m->kind, sizeof(m->kind), "%s", kind ? kind : "");
		snprintf(m->purpose, sizeof(m->purpose), "%s",
		         purpose ? purpose : "");
	}
	return true;
}

bool
br_fhir_intake_read(json_t *items, struct br_intake *x, char *why, size_t wn)
{
	bool seen[BR_INTAKE_NFIELDS] = {false};
	json_t *it;
	size_t i;

	if (items && !json_is_array(items))
		return fail(why, wn, "item must be a list%s%s", "", "");
	json_array_foreach(items, i, it)
	{
		const char *link =
		        json_string_value(json_object_get(it, "linkId"));
		json_t *answers = json_object_get(it, "answer");
		bool done = false;

		if (link == NULL)
			return fail(why, wn, "item[%s] needs a linkId%s", "",
			            "");
		if (answers && !json_is_array(answers))
			return fail(why, wn,
			            "item %.40s: answer must be a "
			            "list%s",
			            link, "");
		for (size_t f = 0; f < BR_INTAKE_NFIELDS && !done; f++) {
			if (strcmp(br_intake_fields[f].key, link) != 0)
				continue;
			done = true;
			if (seen[f] || json_array_size(answers) != 1)
				return fail(why, wn,
				            "item %.40s needs exactly one "
				            "answer, once%s",
				            link, "");
			seen[f] = true;
			if (!read_field(&br_intake_fields[f],
			                json_array_get(answers, 0), x, why, wn))
				return false;
		}
		for (int l = 0; l < BR_INTAKE_MEDICINES && !done; l++)
			if (strcmp(lists[l].key, link) == 0) {
				done = true;
				if (!read_list(l, it, x, why, wn))
					return false;
			}
		if (!done && strcmp(link, "medicines") == 0) {
			done = true;
			if (!read_medicines(it, x, why, wn))
				return false;
		}
		if (!done)
			return fail(why, wn,
			            "item %.40s is not an item of backrest's "
			            "intake%s",
			            link, "");
	}
	return true;
}
