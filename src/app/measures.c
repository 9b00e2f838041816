/*
 * measures.c - use cases: scoring questionnaires and recording them on an
 * episode (see measures.h).
 *
 * Answers are checked and scored before the store is touched, so a wrong
 * count, a code out of range or too many skipped items never starts a
 * write.  A measure of an instrument with a stratification (STarT Back)
 * sets the episode's risk group from the latest such measure.
 */
#include "app/measures.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/instruments.h"
#include "app/internal.h"
#include "core/instrument.h"
#include "model/checks_clinical.h"
#include "store/measures.h"

struct answers {
	int n; /* fields given (may exceed BR_INSTR_MAX_ITEMS) */
	int codes[BR_INSTR_MAX_ITEMS];
};

/* The answers of in, checked by the field table (model/field.h:
 * br_field_codes). */
static int
read_answers(json_t *in, struct answers *a, struct br_err *err)
{
	return br_field_codes("answers", json_object_get(in, "answers"),
	                      a->codes, BR_INSTR_MAX_ITEMS, &a->n, err);
}

/* A score as a JSON number: whole numbers stay integers. */
static json_t *
number(double v, int decimals)
{
	if (decimals == 0 && v == floor(v) && fabs(v) < 1e15)
		return json_integer((json_int_t)v);
	return json_real(v);
}

static json_t *
score_view(const struct br_instrument *in, const struct br_score *s)
{
	json_t *subs = json_object(), *notes = json_array();

	for (int k = 0; k < s->n_subscores; k++)
		json_object_set_new(subs, in->subscores[k].id,
		                    s->sub_has[k] ? number(s->subscores[k], 0)
		                                  : json_null());
	for (int k = 0; k < s->n_notes; k++)
		json_array_append_new(notes, json_string(s->notes[k]));
	return json_pack(
	        "{s:s, s:o, s:o, s:o, s:i, s:b, s:o}", "instrument", in->id,
	        "score",
	        s->has_score ? number(s->score, in->decimals) : json_null(),
	        "band",
	        s->band >= 0 ? json_string(in->bands[s->band].id) : json_null(),
	        "subscores", subs, "answered", s->answered, "complete",
	        s->complete, "notes", notes);
}

/* Reads "instrument" and "answers" (in passed t) and scores them. */
static int
score_input(struct br_app *app, json_t *in, const struct br_fields *t,
            const struct br_instrument **def, struct answers *a,
            struct br_score *s, struct br_err *err)
{
	int rc = br_fields_check(in, t, app->typed_input, err);

	if (rc == 0)
		rc = br_app_instrument(
		        app,
		        json_string_value(json_object_get(in, "instrument")),
		        def, err);
	if (rc == 0)
		rc = read_answers(in, a, err);
	if (rc == 0)
		rc = br_instrument_score(*def, a->codes, a->n, s, err);
	return rc;
}

int
br_app_score(struct br_app *app, json_t *in, json_t **out, struct br_err *err)
{
	const struct br_instrument *def;
	struct answers a;
	struct br_score s;
	json_t *view;
	int rc = score_input(app, in, &br_score_fields, &def, &a, &s, err);

	if (rc < 0)
		return rc;
	view = score_view(def, &s);
	if (view == NULL)
		return br_error(err, BR_ENOMEM, "", "out of memory");
	*out = view;
	return 0;
}

static json_t *
instrument_summary(const struct br_instrument *in)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:i, s:s, s:s}", "id", in->id,
	                 "name", in->name, "version", in->version, "recall",
	                 in->recall, "items", in->n_items, "direction",
	                 in->higher_better ? "higher-better" : "higher-worse",
	                 "wording", in->wording);
}

int
br_app_instrument_list(struct br_app *app, json_t *in, json_t **out,
                       struct br_err *err)
{
	static const char *const keys[] = {NULL};
	const struct br_instrument_set *set;
	json_t *list;
	int rc = br_in_only(in, keys, err);

	if (rc == 0)
		rc = br_instruments_load(app->instruments_dir, &set, err);
	if (rc < 0)
		return rc;
	list = json_array();
	for (int i = 0; list && i < set->n; i++)
		json_array_append_new(list, instrument_summary(set->items[i]));
	if (list == NULL)
		return br_error(err, BR_ENOMEM, "", "out of memory");
	*out = list;
	return 0;
}

int
br_app_instrument_show(struct br_app *app, json_t *in, json_t **out,
                       struct br_err *err)
{
	static const char *const keys[] = {"instrument", NULL};
	const struct br_instrument *def;
	const char *id;
	int rc = br_in_only(in, keys, err);

	if (rc == 0)
		rc = br_in_text(in, "instrument", 40, true, &id, err);
	if (rc == 0)
		rc = br_app_instrument(app, id, &def, err);
	if (rc < 0)
		return rc;
	*out = json_deep_copy(def->doc);
	if (*out == NULL)
		return br_error(err, BR_ENOMEM, "", "out of memory");
	return 0;
}

static json_t *
measure_view(struct br_app *app, const struct br_measure *m)
{
	const struct br_instrument *def = NULL;
	struct br_err ignored = BR_ERR_INIT;
	json_t *subs = json_object(), *notes = json_array();
	json_t *answers = json_array();
	int decimals = 3;

	if (br_app_instrument(app, m->instrument, &def, &ignored) == 0)
		decimals = def->decimals;
	for (int k = 0; k < m->n_subscores; k++)
		json_object_set_new(subs, m->subscore_ids[k],
		                    m->sub_has[k] ? number(m->subscores[k], 0)
		                                  : json_null());
	for (const char *p = m->notes; *p;) {
		size_t n = strcspn(p, "\n");

		json_array_append_new(notes, json_stringn(p, n));
		p += n;
		if (*p == '\n')
			p++;
	}
	for (int i = 0; i < m->n_items; i++)
		json_array_append_new(answers, br_json_int_opt(m->codes[i]));
	return json_pack(
	        "{s:I, s:I, s:s, s:s, s:o, s:o, s:o, s:i, s:b, s:o, "
	        "s:o, s:o, s:o, s:s, s:s}",
	        "id", (json_int_t)m->id, "episode_id",
	        (json_int_t)m->episode_id, "instrument", m->instrument, "date",
	        m->day, "score",
	        m->has_score ? number(m->score, decimals) : json_null(), "band",
	        br_json_text_opt(m->band), "subscores", subs, "answered",
	        m->answered, "complete", m->complete, "notes", notes, "answers",
	        answers, "version", br_json_text_opt(m->version), "recall",
	        br_json_text_opt(m->recall), "created_at", m->created_at,
	        "source", m->source[0] ? m->source : "practitioner");
}

static void
fill_measure(struct br_measure *m, const struct br_instrument *def,
             const struct answers *a, const struct br_score *s)
{
	size_t len = 0;

	snprintf(m->instrument, sizeof(m->instrument), "%s", def->id);
	m->has_score = s->has_score;
	m->score = s->score;
	if (s->band >= 0)
		snprintf(m->band, sizeof(m->band), "%s",
		         def->bands[s->band].id);
	m->answered = s->answered;
	m->complete = s->complete;
	snprintf(m->version, sizeof(m->version), "%s", def->version);
	snprintf(m->recall, sizeof(m->recall), "%s", def->recall);
	for (int k = 0; k < s->n_notes && len < sizeof(m->notes); k++)
		len += (size_t)snprintf(m->notes + len, sizeof(m->notes) - len,
		                        "%s%s", k ? "\n" : "", s->notes[k]);
	m->n_items = a->n;
	for (int i = 0; i < a->n; i++)
		m->codes[i] = a->codes[i];
	m->n_subscores = s->n_subscores;
	for (int k = 0; k < s->n_subscores; k++) {
		snprintf(m->subscore_ids[k], sizeof(m->subscore_ids[k]), "%s",
		         def->subscores[k].id);
		m->sub_has[k] = s->sub_has[k];
		m->subscores[k] = s->subscores[k];
	}
}

/* The episode's risk group from its latest measure of def, when def
 * stratifies. */
static int
update_risk_group(struct br_app *app, const struct br_episode *e,
                  const struct br_instrument *def, struct br_err *err)
{
	struct br_measure *latest;
	int rc;

	if (json_object_get(def->doc, "stratification") == NULL)
		return 0;
	latest = malloc(sizeof(*latest));
	if (latest == NULL)
		return br_error(err, BR_ENOMEM, "", "out of memory");
	rc = br_store_measure_latest(app->store, e->patient_id, e->id, def->id,
	                             latest, err);
	/* None left (the last one entered in error): no risk group. */
	if (rc == BR_ENOTFOUND) {
		br_err_clear(err);
		latest->band[0] = '\0';
		rc = 0;
	}
	if (rc == 0)
		rc = br_store_episode_set_risk_group(app->store, e->patient_id,
		                                     e->id, latest->band, err);
	free(latest);
	return rc;
}

int
br_app_measure_rescore(struct br_app *app, struct br_measure *m,
                       struct br_err *err)
{
	const struct br_instrument *def;
	struct answers a;
	struct br_score s;
	int rc = br_app_instrument(app, m->instrument, &def, err);

	a.n = m->n_items;
	for (int i = 0; i < m->n_items && i < BR_INSTR_MAX_ITEMS; i++)
		a.codes[i] = m->codes[i];
	if (rc == 0)
		rc = br_instrument_score(def, a.codes, a.n, &s, err);
	if (rc == 0) {
		char day[sizeof(m->day)], created[sizeof(m->created_at)],
		        source[sizeof(m->source)];
		int64_t id = m->id;

		/* What fill_measure does not set is kept. */
		memcpy(day, m->day, sizeof(day));
		memcpy(created, m->created_at, sizeof(created));
		memcpy(source, m->source, sizeof(source));
		memset(m, 0, sizeof(*m));
		m->id = id;
		memcpy(m->day, day, sizeof(day));
		memcpy(m->created_at, created, sizeof(created));
		memcpy(m->source, source, sizeof(source));
		fill_measure(m, def, &a, &s);
	}
	return rc;
}

int
br_app_measure_removed(struct br_app *app, const struct br_episode *e,
                       const char *instrument, struct br_err *err)
{
	const struct br_instrument *def;

	if (br_app_instrument(app, instrument, &def, err) < 0) {
		br_err_clear(err); /* an instrument no longer loaded */
		return 0;
	}
	return update_risk_group(app, e, def, err);
}

int
br_app_measure_apply(struct br_app *app, const struct br_episode *e,
                     struct br_measure *m, struct br_err *err)
{
	const struct br_instrument *def;
	int32_t day, closed;
	int rc = br_rec_measure_check(m, err);

	if (rc == 0)
		rc = br_parse_date("date", m->day, &day, err);
	if (rc == 0)
		rc = br_app_instrument(app, m->instrument, &def, err);
	if (rc < 0)
		return rc;
	rc = br_app_not_before_onset(e, "date", day, err);
	if (rc < 0)
		return rc;
	if (e->closed_on[0] &&
	    br_parse_date("closed_on", e->closed_on, &closed, NULL) == 0 &&
	    day > closed)
		return br_error(err, BR_ECONFLICT, "date",
		                "episode %lld was closed on %s; a measure must "
		                "not be dated after that",
		                (long long)e->id, e->closed_on);
	if (m->id == 0)
		m->id = br_store_new_id();
	m->patient_id = e->patient_id;
	m->episode_id = e->id;
	if (!m->created_at[0])
		br_store_now(m->created_at);
	rc = br_store_measure_insert(app->store, m, err);
	if (rc == 0)
		rc = update_risk_group(app, e, def, err);
	return rc;
}

int
br_app_measure_add(struct br_app *app, json_t *in, json_t **out,
                   struct br_err *err)
{
	const struct br_instrument *def;
	struct br_measure *m;
	struct answers a;
	struct br_score s;
	struct br_episode e;
	int32_t day;
	int rc = score_input(app, in, &br_measure_fields, &def, &a, &s, err);

	if (rc == 0)
		rc = br_in_date(in, "date", false, &day, err);
	if (rc == 0 && day == INT32_MIN)
		day = app->today;
	if (rc == 0)
		rc = br_app_not_future(app, "date", day, err);
	if (rc < 0)
		return rc;
	m = calloc(1, sizeof(*m));
	if (m == NULL)
		return br_error(err, BR_ENOMEM, "", "out of memory");
	br_format_date(day, m->day);
	fill_measure(m, def, &a, &s);
	rc = br_store_begin(app->store, err);
	if (rc < 0) {
		free(m);
		return rc;
	}
	rc = br_app_load_episode(app, in, &e, err);
	if (rc == 0)
		rc = br_app_measure_apply(app, &e, m, err);
	if (rc == 0)
		rc = br_app_audit(app, "measure.create", e.patient_id,
		                  "measure", m->id, err);
	rc = br_app_finish(app, rc, rc < 0 ? NULL : measure_view(app, m), out,
	                   err);
	free(m);
	return rc;
}

int
br_app_measure_list(struct br_app *app, json_t *in, json_t **out,
                    struct br_err *err)
{
	static const char *const keys[] = {"episode_id", "instrument", NULL};
	const struct br_instrument *def;
	struct br_measure *arr = NULL;
	struct br_episode e;
	const char *id;
	json_t *list = NULL;
	size_t n = 0;
	int rc = br_in_only(in, keys, err);

	if (rc == 0)
		rc = br_in_text(in, "instrument", 40, false, &id, err);
	if (rc == 0 && id)
		rc = br_app_instrument(app, id, &def, err);
	if (rc < 0)
		return rc;
	rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	rc = br_app_load_episode(app, in, &e, err);
	if (rc == 0)
		rc = br_store_measure_list(app->store, e.patient_id, e.id, id,
		                           &arr, &n, err);
	if (rc == 0)
		rc = br_app_audit(app, "measure.read", e.patient_id, "episode",
		                  e.id, err);
	if (rc == 0) {
		list = json_array();
		for (size_t i = 0; list && i < n; i++)
			json_array_append_new(list, measure_view(app, &arr[i]));
	}
	free(arr);
	return br_app_finish(app, rc, list, out, err);
}

json_t *
br_app_risk_view(struct br_app *app, const struct br_episode *e)
{
	const struct br_instrument_set *set;
	struct br_err ignored = BR_ERR_INIT;
	struct br_measure *latest;
	json_t *strat = NULL, *view;
	const struct br_instrument *def = NULL;

	if (e->risk_group[0] == '\0' ||
	    br_instruments_load(app->instruments_dir, &set, &ignored) < 0)
		return json_null();
	for (int i = 0; i < set->n && strat == NULL; i++) {
		json_t *s =
		        json_object_get(set->items[i]->doc, "stratification");

		if (s && json_object_get(json_object_get(s, "pathways"),
		                         e->risk_group)) {
			strat = s;
			def = set->items[i];
		}
	}
	if (strat == NULL)
		return json_null();
	latest = malloc(sizeof(*latest));
	view = json_pack("{s:s, s:s, s:O, s:O, s:O}", "risk_group",
	                 e->risk_group, "instrument", def->id, "pathway",
	                 json_object_get(json_object_get(strat, "pathways"),
	                                 e->risk_group),
	                 "caveat", json_object_get(strat, "caveat"), "source",
	                 json_object_get(strat, "source"));
	if (latest && view &&
	    br_store_measure_latest(app->store, e->patient_id, e->id, def->id,
	                            latest, &ignored) == 0)
		json_object_set_new(view, "date", json_string(latest->day));
	free(latest);
	return view ? view : json_null();
}
