/*
 * selfreport.c - use cases: the patient's own questionnaires (see
 * selfreport.h).
 *
 * Everything is checked before the store is touched where it can be; the
 * checks that need the record (is it due, is it the caller's) run in the
 * transaction, before anything is written.
 */
#include "app/selfreport.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/due.h"
#include "app/internal.h"
#include "app/measures.h"
#include "core/instrument.h"
#include "model/instruments.h"
#include "store/drafts.h"
#include "store/measures.h"
#include "store/users.h"

/* The patient whose account calls (a patient account only). */
static int
caller_patient(struct br_app *app, int64_t *patient_id, struct br_err *err)
{
	struct br_user u;
	int rc = br_store_user_get(app->store, app->user_id, &u, err);

	if (rc == 0 && (strcmp(u.role, "patient") != 0 || u.patient_id == 0))
		rc = br_error(err, BR_EPERM, "",
		              "only a patient's account has a diary");
	if (rc == 0)
		*patient_id = u.patient_id;
	return rc;
}

/* The questionnaire a patient may answer on the phone: its wording is
 * shipped or licensed to the clinic. */
static bool
online(const struct br_instrument *def)
{
	return strcmp(def->wording, "labels-only") != 0;
}

static bool
listed(json_t *list, const char *id)
{
	size_t i;
	json_t *v;

	json_array_foreach(list, i, v)
	{
		if (strcmp(json_string_value(json_object_get(v, "instrument")),
		           id) == 0)
			return true;
	}
	return false;
}

static void
add_item(json_t *list, const struct br_instrument *def, json_int_t episode,
         const char *what)
{
	if (listed(list, def->id))
		return;
	json_array_append_new(
	        list, json_pack("{s:s, s:s, s:I, s:s, s:b}", "instrument",
	                        def->id, "name", def->name, "episode_id",
	                        episode, "what", what, "online", online(def)));
}

/* The days after an episode's first measure during which the outcome
 * instruments not yet scored stay due as part of its baseline, so a
 * patient who sends one baseline questionnaire keeps the others (the
 * due rules count a baseline as done once any outcome measure is in). */
#define BASELINE_DAYS 7

/* The outcome instruments of set never scored in episode e, when its
 * first measure is less than BASELINE_DAYS old: appended to list. */
static int
baseline_rest(struct br_app *app, const struct br_episode *e,
              const struct br_instrument_set *set, int32_t day, json_t *list,
              struct br_err *err)
{
	struct br_measure *m = NULL;
	size_t n = 0;
	int32_t first;
	int rc = br_store_measure_list(app->store, e->patient_id, e->id, NULL,
	                               &m, &n, err);

	if (rc == 0 && n > 0 &&
	    br_parse_date("date", m[0].day, &first, NULL) == 0 &&
	    day - first < BASELINE_DAYS)
		for (int k = 0; k < set->n; k++) {
			bool scored = false;

			for (size_t j = 0; j < n && !scored; j++)
				scored = strcmp(m[j].instrument,
				                set->items[k]->id) == 0;
			if (set->items[k]->has_change && !scored)
				add_item(list, set->items[k], e->id,
				         "a first questionnaire");
		}
	free(m);
	return rc;
}

/* The questionnaires due for the patient on day, each instrument once
 * (the baseline item stands for every outcome instrument). */
static int
due_list(struct br_app *app, int64_t patient_id, int32_t day, json_t **out,
         struct br_err *err)
{
	const struct br_instrument_set *set;
	struct br_episode *eps = NULL;
	json_t *list = json_array();
	size_t n = 0;
	int rc = br_instruments_load(app->instruments_dir, &set, err);

	if (rc == 0)
		rc = br_store_episode_list(app->store, patient_id, &eps, &n,
		                           err);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		json_t *due, *d;
		size_t j;

		if (strcmp(eps[i].status, "open") != 0)
			continue;
		due = json_array();
		rc = br_app_due_questionnaires(app, &eps[i], day, due, err);
		json_array_foreach(due, j, d)
		{
			const char *id = json_string_value(
			        json_object_get(d, "instrument"));

			for (int k = 0; rc == 0 && k < set->n; k++)
				if (id ? strcmp(set->items[k]->id, id) == 0
				       : set->items[k]->has_change)
					add_item(
					        list, set->items[k], eps[i].id,
					        id ? json_string_value(
					                     json_object_get(
					                             d, "what"))
					           : "a first questionnaire");
		}
		json_decref(due);
		if (rc == 0)
			rc = baseline_rest(app, &eps[i], set, day, list, err);
	}
	free(eps);
	if (rc < 0) {
		json_decref(list);
		return rc;
	}
	*out = list;
	return 0;
}

/* The due item of instrument id in list, or NULL. */
static json_t *
due_item(json_t *list, const char *id)
{
	size_t i;
	json_t *v;

	json_array_foreach(list, i, v)
	{
		if (strcmp(json_string_value(json_object_get(v, "instrument")),
		           id) == 0)
			return v;
	}
	return NULL;
}

/* The episode of def when it is a due online questionnaire of the
 * patient; BR_ECONFLICT naming "instrument" when it is not due or is
 * asked in clinic. */
static int
due_online(struct br_app *app, int64_t patient_id,
           const struct br_instrument *def, int64_t *episode,
           struct br_err *err)
{
	json_t *list = NULL, *item;
	int rc = due_list(app, patient_id, app->today, &list, err);

	if (rc < 0)
		return rc;
	item = due_item(list, def->id);
	if (item == NULL)
		rc = br_error(err, BR_ECONFLICT, "instrument",
		              "instrument '%s' is not due now", def->id);
	else if (!json_is_true(json_object_get(item, "online")))
		rc = br_error(err, BR_ECONFLICT, "instrument",
		              "instrument '%s' is asked at the next visit, not "
		              "in the diary",
		              def->id);
	else
		*episode =
		        json_integer_value(json_object_get(item, "episode_id"));
	json_decref(list);
	return rc;
}

/* Reads answers as the model's field type reads them (model/field.h:
 * br_field_codes): at most max codes, BR_ANSWER_SKIPPED for a skipped
 * item. */
static int
read_codes(json_t *in, int *codes, int max, int *n, struct br_err *err)
{
	int rc = br_field_codes("answers", json_object_get(in, "answers"),
	                        codes, max, n, err);

	if (rc == 0 && *n > max)
		rc = br_error(err, BR_EINVAL, "answers",
		              "answers has %d items; a questionnaire has at "
		              "most %d",
		              *n, max);
	return rc;
}

/* The input of a draft and of a sent questionnaire: the patient, the
 * instrument (*def) and its answers (BR_INSTR_MAX_ITEMS codes at most). */
static int
read_answers(struct br_app *app, json_t *in, const struct br_instrument **def,
             int *codes, int *n, struct br_err *err)
{
	static const char *const keys[] = {"patient_id", "instrument",
	                                   "answers", NULL};
	const char *id;
	int rc = br_in_only(in, keys, err);

	if (rc == 0)
		rc = br_in_text(in, "instrument", 40, true, &id, err);
	if (rc == 0)
		rc = br_app_instrument(app, id, def, err);
	if (rc == 0)
		rc = read_codes(in, codes, BR_INSTR_MAX_ITEMS, n, err);
	return rc;
}

static json_t *
codes_json(const int *codes, int n)
{
	json_t *a = json_array();

	for (int i = 0; a && i < n; i++)
		json_array_append_new(a, codes[i] == BR_ANSWER_SKIPPED
		                                 ? json_null()
		                                 : json_integer(codes[i]));
	return a;
}

int
br_app_me_due(struct br_app *app, json_t *in, json_t **out, struct br_err *err)
{
	static const char *const keys[] = {NULL};
	struct br_measure_draft *drafts = NULL;
	json_t *list = NULL, *view = NULL, *v;
	char date[BR_DATE_LEN];
	int64_t pid = 0;
	size_t nd = 0, i;
	int rc = br_in_only(in, keys, err);

	if (rc < 0)
		return rc;
	rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	rc = caller_patient(app, &pid, err);
	if (rc == 0)
		rc = due_list(app, pid, app->today, &list, err);
	if (rc == 0)
		rc = br_store_draft_list(app->store, pid, &drafts, &nd, err);
	json_array_foreach(list, i, v)
	{
		const struct br_instrument *def;
		const char *id =
		        json_string_value(json_object_get(v, "instrument"));
		json_t *draft = NULL;

		if (rc < 0 || !json_is_true(json_object_get(v, "online")) ||
		    br_app_instrument(app, id, &def, err) < 0)
			continue;
		for (size_t k = 0; k < nd && draft == NULL; k++)
			if (strcmp(drafts[k].instrument, id) == 0)
				draft = json_loads(drafts[k].answers, 0, NULL);
		json_object_set_new(v, "recall", json_string(def->recall));
		json_object_set(v, "responses",
		                json_object_get(def->doc, "responses"));
		json_object_set(v, "items", json_object_get(def->doc, "items"));
		json_object_set_new(v, "draft", draft ? draft : json_null());
	}
	free(drafts);
	if (rc == 0)
		rc = br_app_audit(app, "measure.due.read", pid, NULL, 0, err);
	br_format_date(app->today, date);
	if (rc == 0)
		view = json_pack("{s:s, s:I, s:O}", "date", date, "patient_id",
		                 (json_int_t)pid, "questionnaires", list);
	json_decref(list);
	return br_app_finish(app, rc, view, out, err);
}

/* The patient named by in is the caller's own (the API's scope checks it
 * too); another patient answers as a missing one. */
static int
own_patient(struct br_app *app, json_t *in, int64_t *pid, struct br_err *err)
{
	int64_t given = 0;
	int rc = br_in_id(in, "patient_id", &given, err);

	if (rc == 0)
		rc = caller_patient(app, pid, err);
	if (rc == 0 && *pid != given)
		rc = br_error(err, BR_ENOTFOUND, "patient_id",
		              "there is no patient %lld", (long long)given);
	return rc;
}

int
br_app_measure_draft_save(struct br_app *app, json_t *in, json_t **out,
                          struct br_err *err)
{
	const struct br_instrument *def;
	struct br_measure_draft d;
	int codes[BR_INSTR_MAX_ITEMS];
	char *text = NULL;
	json_t *answers = NULL, *view = NULL;
	int64_t pid = 0, episode = 0;
	int n = 0;
	int rc = read_answers(app, in, &def, codes, &n, err);

	if (rc < 0)
		return rc;
	rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	rc = own_patient(app, in, &pid, err);
	if (rc == 0)
		rc = due_online(app, pid, def, &episode, err);
	if (rc == 0 && n > def->n_items)
		rc = br_error(err, BR_EINVAL, "answers",
		              "answers has %d items; %s has %d", n, def->id,
		              def->n_items);
	for (int i = 0; rc == 0 && i < n; i++)
		if (codes[i] != BR_ANSWER_SKIPPED &&
		    (codes[i] < def->items[i].min ||
		     codes[i] > def->items[i].max))
			rc = br_error(err, BR_EINVAL, "answers",
			              "answer %d is %d; expected %d-%d or null",
			              i + 1, codes[i], def->items[i].min,
			              def->items[i].max);
	if (rc == 0) {
		memset(&d, 0, sizeof(d));
		d.patient_id = pid;
		snprintf(d.instrument, sizeof(d.instrument), "%s", def->id);
		answers = codes_json(codes, n);
		text = json_dumps(answers, JSON_COMPACT);
		if (text == NULL || strlen(text) >= sizeof(d.answers))
			rc = br_error(err, BR_EINVAL, "answers",
			              "answers is too long");
		else
			memcpy(d.answers, text, strlen(text) + 1);
		br_store_now(d.updated_at);
	}
	free(text);
	if (rc == 0)
		rc = br_store_draft_put(app->store, &d, err);
	if (rc == 0)
		rc = br_app_audit(app, "measure.draft.write", pid, NULL, 0,
		                  err);
	if (rc == 0)
		view = json_pack("{s:s, s:O, s:s}", "instrument", d.instrument,
		                 "answers", answers, "updated_at",
		                 d.updated_at);
	json_decref(answers);
	return br_app_finish(app, rc, view, out, err);
}

/* A score as a JSON number: whole numbers stay integers. */
static json_t *
number(double v, int decimals)
{
	if (decimals == 0 && v == floor(v) && fabs(v) < 1e15)
		return json_integer((json_int_t)v);
	return json_real(v);
}

static void
fill(struct br_measure *m, const struct br_instrument *def, const int *codes,
     int n, const struct br_score *s)
{
	size_t len = 0;

	snprintf(m->instrument, sizeof(m->instrument), "%s", def->id);
	snprintf(m->source, sizeof(m->source), "patient");
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
	m->n_items = n;
	memcpy(m->codes, codes, sizeof(*codes) * (size_t)n);
	m->n_subscores = s->n_subscores;
	for (int k = 0; k < s->n_subscores; k++) {
		snprintf(m->subscore_ids[k], sizeof(m->subscore_ids[k]), "%s",
		         def->subscores[k].id);
		m->sub_has[k] = s->sub_has[k];
		m->subscores[k] = s->subscores[k];
	}
}

int
br_app_self_measure_add(struct br_app *app, json_t *in, json_t **out,
                        struct br_err *err)
{
	const struct br_instrument *def;
	struct br_measure *m;
	struct br_score s;
	struct br_episode e;
	int codes[BR_INSTR_MAX_ITEMS];
	json_t *view = NULL;
	int64_t pid = 0, episode = 0;
	int n = 0;
	int rc = read_answers(app, in, &def, codes, &n, err);

	/* Scored before the store is touched: a wrong count, a code out of
	 * range or too many skipped items never starts a write. */
	if (rc == 0)
		rc = br_instrument_score(def, codes, n, &s, err);
	if (rc < 0)
		return rc;
	m = calloc(1, sizeof(*m));
	if (m == NULL)
		return br_error(err, BR_ENOMEM, "", "out of memory");
	rc = br_store_begin(app->store, err);
	if (rc < 0) {
		free(m);
		return rc;
	}
	rc = own_patient(app, in, &pid, err);
	if (rc == 0)
		rc = due_online(app, pid, def, &episode, err);
	if (rc == 0)
		rc = br_store_episode_get(app->store, episode, &e, err);
	if (rc == 0) {
		br_format_date(app->today, m->day);
		fill(m, def, codes, n, &s);
		rc = br_app_measure_apply(app, &e, m, err);
	}
	if (rc == 0)
		rc = br_store_draft_delete(app->store, pid, def->id, err);
	if (rc == 0)
		rc = br_app_audit(app, "measure.create", pid, "measure", m->id,
		                  err);
	if (rc == 0)
		view = json_pack("{s:I, s:I, s:s, s:s, s:o, s:o, s:i, s:b, "
		                 "s:o, s:s}",
		                 "id", (json_int_t)m->id, "episode_id",
		                 (json_int_t)m->episode_id, "instrument",
		                 m->instrument, "date", m->day, "score",
		                 m->has_score ? number(m->score, def->decimals)
		                              : json_null(),
		                 "band", br_json_text_opt(m->band), "answered",
		                 m->answered, "complete", m->complete,
		                 "answers", codes_json(codes, n), "source",
		                 m->source);
	free(m);
	return br_app_finish(app, rc, view, out, err);
}
