/*
 * outcome.c - use case: an episode's outcome (outcome.h).
 *
 * Loads the episode, the patient's diary, the episode's sessions,
 * measures and screens in one read; core/outcome.c picks the baseline and
 * latest windows and their means, br_instrument_change (the MCID rule)
 * classifies pain (with the NRS definition) and every questionnaire, and
 * core/landing.c says how each session landed.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model/instruments.h"
#include "app/outcome.h"
#include "app/outcome_internal.h"
#include "core/change.h"
#include "core/instrument.h"
#include "core/landing.h"

static const char *const fig_units[BR_FIG_N] = {
        "0-10", "minutes", "percent of time in bed", "0-4", "per night"};
static const int fig_decimals[BR_FIG_N] = {1, 0, 1, 1, 1};
/* The unit of a figure's change in words (core/change.h). */
static const char *const fig_change_units[BR_FIG_N] = {
        "points", "min", "percentage points", "points", "awakenings"};

static double
rnd(double v, int decimals)
{
	double f = decimals == 0 ? 1 : decimals == 1 ? 10 : 100;

	return round(v * f) / f;
}

void
outcome_data_free(struct episode_data *d)
{
	free(d->diary);
	free(d->days);
	free(d->sess);
	free(d->meas);
	free(d->scr);
	memset(d, 0, sizeof(*d));
}

int
outcome_data_load(struct br_app *app, json_t *in, struct episode_data *d,
                  struct br_err *err)
{
	int32_t closed;
	int rc;

	memset(d, 0, sizeof(*d));
	rc = br_app_load_episode(app, in, &d->e, err);
	if (rc == 0)
		rc = br_store_patient_get(app->store, d->e.patient_id, &d->p,
		                          err);
	if (rc == 0)
		rc = br_store_diary_list(app->store, d->p.id, "", "", &d->diary,
		                         &d->ndiary, err);
	if (rc == 0)
		rc = br_store_session_list(app->store, d->p.id, d->e.id,
		                           &d->sess, &d->nsess, err);
	if (rc == 0)
		rc = br_store_measure_list(app->store, d->p.id, d->e.id, NULL,
		                           &d->meas, &d->nmeas, err);
	if (rc == 0)
		rc = br_store_screening_list(app->store, d->p.id, d->e.id,
		                             &d->scr, &d->nscr, err);
	if (rc == 0 && (d->days = calloc(d->ndiary ? d->ndiary : 1,
	                                 sizeof(*d->days))) == NULL)
		rc = br_error(err, BR_ENOMEM, "", "out of memory");
	for (size_t i = 0; rc == 0 && i < d->ndiary; i++) {
		struct br_sleep_metrics m;
		struct br_outcome_day *x = &d->days[i];

		br_parse_date("day", d->diary[i].day, &x->day, NULL);
		br_sleep_derive(&d->diary[i].night, &m);
		x->pain = d->diary[i].pain;
		x->quality = d->diary[i].night.quality;
		x->wakes = d->diary[i].night.wakes;
		x->tst_min = m.tst_min;
		x->se_pct = m.se_pct;
	}
	d->end = app->today;
	if (rc == 0 && d->e.closed_on[0] &&
	    br_parse_date("closed_on", d->e.closed_on, &closed, NULL) == 0 &&
	    closed < d->end)
		d->end = closed;
	return rc;
}

static json_t *
date_json(int32_t day)
{
	char s[BR_DATE_LEN];

	br_format_date(day, s);
	return json_string(s);
}

static json_t *
window_json(const struct br_outcome_window *w)
{
	json_t *o = json_pack("{s:b, s:s}", "defined", w->defined, "rule",
	                      w->rule ? w->rule : "");

	if (!w->defined && w->days == 0) {
		json_object_set_new(o, "reason", json_string(w->reason));
		return o;
	}
	json_object_set_new(o, "from", date_json(w->from));
	json_object_set_new(o, "to", date_json(w->to));
	json_object_set_new(o, "days", json_integer(w->days));
	json_object_set_new(o, "diary_days", json_integer(w->diary_days));
	json_object_set_new(o, "completeness",
	                    json_real(rnd((double)w->diary_days / w->days, 2)));
	if (w->reason)
		json_object_set_new(o, "reason", json_string(w->reason));
	return o;
}

/* A window's mean of one figure, with its completeness. */
static json_t *
mean_json(const struct br_outcome_window *w, enum br_outcome_fig f)
{
	const struct br_outcome_mean *m = &w->fig[f];
	json_t *o;

	if (!w->defined && w->days == 0)
		return json_null();
	o = json_pack("{s:o, s:i, s:i, s:f}", "mean",
	              m->ok ? json_real(rnd(m->mean, fig_decimals[f]))
	                    : json_null(),
	              "days_reported", m->n, "days", w->days, "completeness",
	              rnd((double)m->n / w->days, 2));
	if (!m->ok)
		json_object_set_new(
		        o, "note",
		        json_string("fewer than 3 days reported: no "
		                    "mean is shown"));
	return o;
}

static json_t *
flag_json(int v)
{
	return v < 0 ? json_null() : json_boolean(v);
}

/* A change record (br_change) as JSON, with its words (core/change.h):
 * "words" ("up 0.3 points (4 % worse)") and "tier_words". */
static json_t *
change_json(const struct br_change *c, int decimals, const char *unit)
{
	char words[96];

	br_change_words(words, sizeof(words), rnd(c->change, decimals),
	                decimals, unit, c->has_percent, c->percent);
	return json_pack(
	        "{s:f, s:f, s:o, s:o, s:o, s:o, s:b, s:o, s:s, s:s}", "change",
	        rnd(c->change, decimals), "improvement",
	        rnd(c->improvement, decimals), "percent",
	        c->has_percent ? json_real(rnd(c->percent, 1)) : json_null(),
	        "tier", c->tier ? json_string(c->tier) : json_null(),
	        "responder_points", flag_json(c->responder_points),
	        "responder_percent", flag_json(c->responder_percent),
	        "cannot_assess", c->cannot_assess, "reason",
	        c->reason ? json_string(c->reason) : json_null(), "words",
	        words, "tier_words", br_change_tier_words(c->tier));
}

static json_t *
mcid_json(const struct br_instrument *in)
{
	const char *src = json_string_value(
	        json_object_get(json_object_get(in->doc, "change"), "source"));

	return json_pack("{s:o, s:o, s:o}", "points",
	                 in->has_mcid_points ? json_real(in->mcid_points)
	                                     : json_null(),
	                 "percent",
	                 in->has_mcid_percent ? json_real(in->mcid_percent)
	                                      : json_null(),
	                 "source", src ? json_string(src) : json_null());
}

static json_t *
figure_json(struct br_app *app, const struct br_outcome_window *b,
            const struct br_outcome_window *l, enum br_outcome_fig f,
            struct br_err *err)
{
	json_t *o = json_pack("{s:s, s:s, s:b, s:o, s:o}", "figure",
	                      br_outcome_fig_name(f), "unit", fig_units[f],
	                      "higher_is_better",
	                      br_outcome_fig_higher_better(f), "baseline",
	                      mean_json(b, f), "latest", mean_json(l, f));
	const struct br_instrument *nrs = NULL;
	const char *why = NULL;

	if (!b->defined || !l->defined)
		why = !b->defined ? b->reason : l->reason;
	else if (!b->fig[f].ok || !l->fig[f].ok)
		why = "fewer than 3 days reported in a window: not assessed";
	if (why) {
		json_object_set_new(o, "change", json_null());
		json_object_set_new(o, "not_assessed", json_string(why));
		return o;
	}
	if (f == BR_FIG_PAIN && br_app_instrument(app, "nrs", &nrs, err) == 0) {
		struct br_change c;

		if (br_instrument_change(nrs, b->fig[f].mean, l->fig[f].mean,
		                         &c, err) == 0) {
			json_object_set_new(o, "change",
			                    change_json(&c, 1, "points"));
			json_object_set_new(o, "mcid", mcid_json(nrs));
			return o;
		}
	}
	if (f == BR_FIG_PAIN) {
		json_decref(o);
		return NULL;
	} else {
		struct br_outcome_delta dl;
		char words[96];

		br_outcome_delta(f, b->fig[f].mean, l->fig[f].mean, &dl);
		br_change_words(words, sizeof(words),
		                rnd(dl.change, fig_decimals[f]),
		                fig_decimals[f], fig_change_units[f],
		                dl.has_percent, dl.percent);
		json_object_set_new(
		        o, "change",
		        json_pack(
		                "{s:f, s:f, s:o, s:s, s:n, s:n, s:n, s:s, s:s}",
		                "change", rnd(dl.change, fig_decimals[f]),
		                "improvement",
		                rnd(dl.improvement, fig_decimals[f]), "percent",
		                dl.has_percent ? json_real(dl.percent)
		                               : json_null(),
		                "direction", dl.direction, "tier",
		                "responder_points", "responder_percent", "note",
		                "no published minimal important change for "
		                "this diary figure: direction only",
		                "words", words));
	}
	if (f == BR_FIG_SE)
		json_object_set_new(o, "target_85",
		                    json_pack("{s:b, s:b}", "baseline",
		                              b->fig[f].mean >= 85.0, "latest",
		                              l->fig[f].mean >= 85.0));
	return o;
}

static json_t *
measure_json(const struct br_measure *m)
{
	return json_pack("{s:I, s:s, s:o, s:o, s:b, s:i, s:i, s:s}", "id",
	                 (json_int_t)m->id, "date", m->day, "score",
	                 m->has_score ? json_real(m->score) : json_null(),
	                 "band", br_json_text_opt(m->band), "complete",
	                 m->complete, "answered", m->answered, "items",
	                 m->n_items, "source",
	                 m->source[0] ? m->source : "practitioner");
}

/* One instrument's measures (their indexes in d->meas) as JSON. */
static json_t *
instrument_json(struct br_app *app, const struct episode_data *d,
                const char *id, struct br_err *err)
{
	const struct br_instrument *in = NULL;
	const struct br_measure *first = NULL, *last = NULL;
	json_t *o, *scores = json_array();
	int given = 0;

	for (size_t i = 0; i < d->nmeas; i++) {
		const struct br_measure *m = &d->meas[i];

		if (strcmp(m->instrument, id) != 0)
			continue;
		given++;
		json_array_append_new(scores, measure_json(m));
		if (!m->has_score)
			continue;
		if (first == NULL)
			first = m;
		last = m;
	}
	o = json_pack("{s:s, s:i, s:o}", "instrument", id, "given", given,
	              "measures", scores);
	if (br_app_instrument(app, id, &in, err) < 0) {
		br_err_clear(err);
		json_object_set_new(o, "change", json_null());
		json_object_set_new(
		        o, "not_assessed",
		        json_string("the instrument's definition is "
		                    "not loaded"));
		return o;
	}
	json_object_set_new(o, "name", json_string(in->name));
	json_object_set_new(o, "higher_is_better",
	                    json_boolean(in->higher_better));
	json_object_set_new(o, "scale",
	                    json_pack("[f, f]", in->score_min, in->score_max));
	json_object_set_new(o, "baseline",
	                    first ? measure_json(first) : json_null());
	json_object_set_new(o, "latest",
	                    last && last != first ? measure_json(last)
	                                          : json_null());
	if (!in->has_change) {
		json_object_set_new(o, "change", json_null());
		json_object_set_new(o, "not_assessed",
		                    json_string("a screening tool, not an "
		                                "outcome measure"));
	} else if (first == NULL || last == first) {
		json_object_set_new(o, "change", json_null());
		json_object_set_new(
		        o, "not_assessed",
		        json_string(first ? "given once: nothing to compare"
		                          : "no complete score"));
	} else {
		struct br_change c;

		if (br_instrument_change(in, first->score, last->score, &c,
		                         err) < 0) {
			json_decref(o);
			return NULL;
		}
		json_object_set_new(
		        o, "change",
		        change_json(&c, in->decimals > 1 ? 2 : in->decimals,
		                    "points"));
	}
	if (in->has_change)
		json_object_set_new(o, "mcid", mcid_json(in));
	return o;
}

static json_t *
opt_mean(const struct br_outcome_mean *m, int days)
{
	return json_pack("{s:o, s:i, s:i}", "mean",
	                 m->ok ? json_real(m->mean) : json_null(),
	                 "days_reported", m->n, "days", days);
}

static json_t *
sum_json(const struct br_landing_sum *s)
{
	return json_pack("{s:o, s:i}", "mean",
	                 s->n ? json_real(s->mean) : json_null(), "sessions",
	                 s->n);
}

static json_t *
landing_json(const struct episode_data *d)
{
	struct br_landing_session *ls =
	        calloc(d->nsess ? d->nsess : 1, sizeof(*ls));
	struct br_landing *l = calloc(d->nsess ? d->nsess : 1, sizeof(*l));
	struct br_landing_modality mods[32];
	json_t *arr, *bym, *res = NULL;
	int nm;

	if (ls == NULL || l == NULL)
		goto out;
	arr = json_array();
	for (size_t i = 0; i < d->nsess; i++) {
		const struct br_session *x = &d->sess[i];
		json_t *m = json_array();

		br_parse_date("day", x->day, &ls[i].day, NULL);
		ls[i].pain_before = x->pain_before;
		ls[i].pain_after = x->pain_after;
		ls[i].n_modalities = x->n_modalities < BR_LANDING_MAX_MODALITIES
		                             ? x->n_modalities
		                             : BR_LANDING_MAX_MODALITIES;
		for (int k = 0; k < ls[i].n_modalities; k++) {
			ls[i].modalities[k] = x->modalities[k];
			json_array_append_new(m, json_string(x->modalities[k]));
		}
		br_landing_of(&ls[i], d->days, (int)d->ndiary, &l[i]);
		json_array_append_new(
		        arr,
		        json_pack("{s:I, s:s, s:o, s:o, s:o, s:o, s:o, s:o, "
		                  "s:o, s:{s:o, s:o, s:o}}",
		                  "session_id", (json_int_t)x->id, "date",
		                  x->day, "modalities", m, "pain_before",
		                  br_json_int_opt(x->pain_before), "pain_after",
		                  br_json_int_opt(x->pain_after),
		                  "session_change",
		                  l[i].has_session_change
		                          ? json_integer(l[i].session_change)
		                          : json_null(),
		                  "diary_before",
		                  opt_mean(&l[i].before, BR_LANDING_SIDE),
		                  "diary_after",
		                  opt_mean(&l[i].after, BR_LANDING_SIDE),
		                  "diary_change",
		                  l[i].has_diary_change
		                          ? json_real(l[i].diary_change)
		                          : json_null(),
		                  "next_night", "sleep_quality",
		                  br_json_int_opt(l[i].next_quality), "tst_min",
		                  br_json_int_opt(l[i].next_tst_min), "se_pct",
		                  l[i].next_se_pct >= 0
		                          ? json_real(l[i].next_se_pct)
		                          : json_null()));
	}
	nm = br_landing_by_modality(ls, l, (int)d->nsess, mods, 32);
	bym = json_array();
	for (int j = 0; j < nm; j++)
		json_array_append_new(
		        bym, json_pack("{s:s, s:i, s:o, s:o, s:o, s:o}",
		                       "modality", mods[j].modality, "sessions",
		                       mods[j].sessions, "session_change",
		                       sum_json(&mods[j].session_change),
		                       "diary_change",
		                       sum_json(&mods[j].diary_change),
		                       "next_night_quality",
		                       sum_json(&mods[j].next_quality),
		                       "next_night_tst_min",
		                       sum_json(&mods[j].next_tst_min)));
	res = json_pack("{s:s, s:s, s:o, s:o}", "caveat", BR_LANDING_CAVEAT,
	                "method",
	                "in-session pain after minus before; diary pain: mean "
	                "of the 3 days after minus the 3 days before (each "
	                "needs 2 days reported); the next night is the diary "
	                "day after the session",
	                "sessions", arr, "by_modality", bym);
out:
	free(ls);
	free(l);
	return res;
}

json_t *
outcome_json(struct br_app *app, const struct episode_data *d,
             struct br_err *err)
{
	struct br_outcome_window b, l;
	int32_t first = INT32_MIN, opened;
	json_t *res, *figs, *ins, *land;

	if (d->nsess > 0)
		br_parse_date("day", d->sess[0].day, &first, NULL);
	if (br_parse_date("opened_on", d->e.opened_on, &opened, NULL) < 0)
		opened = d->end;
	br_outcome_windows(d->days, (int)d->ndiary, opened, first, d->end, &b,
	                   &l);
	figs = json_array();
	for (int f = 0; f < BR_FIG_N; f++) {
		json_t *x = figure_json(app, &b, &l, f, err);

		if (x == NULL) {
			json_decref(figs);
			return NULL;
		}
		json_array_append_new(figs, x);
	}
	ins = json_array();
	for (size_t i = 0; i < d->nmeas; i++) {
		bool seen = false;
		json_t *x;

		for (size_t k = 0; k < i && !seen; k++)
			seen = strcmp(d->meas[k].instrument,
			              d->meas[i].instrument) == 0;
		if (seen)
			continue;
		x = instrument_json(app, d, d->meas[i].instrument, err);
		if (x == NULL) {
			json_decref(figs);
			json_decref(ins);
			return NULL;
		}
		json_array_append_new(ins, x);
	}
	land = landing_json(d);
	res = json_pack("{s:I, s:I, s:s, s:s, s:o, s:o, s:i, s:{s:o, s:o, "
	                "s:o}, s:o, s:o}",
	                "episode_id", (json_int_t)d->e.id, "patient_id",
	                (json_int_t)d->p.id, "status", d->e.status, "opened_on",
	                d->e.opened_on, "closed_on",
	                br_json_text_opt(d->e.closed_on), "as_of",
	                date_json(d->end), "sessions", (int)d->nsess, "diary",
	                "baseline", window_json(&b), "latest", window_json(&l),
	                "figures", figs, "instruments", ins, "landing",
	                land ? land : json_null());
	return res;
}

int
br_app_outcome(struct br_app *app, json_t *in, json_t **out, struct br_err *err)
{
	static const char *const keys[] = {"episode_id", NULL};
	struct episode_data d;
	json_t *res = NULL;
	int rc = br_in_only(in, keys, err);

	if (rc < 0)
		return rc;
	rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	rc = outcome_data_load(app, in, &d, err);
	if (rc == 0)
		rc = br_app_audit(app, "episode.outcome", d.p.id, "episode",
		                  d.e.id, err);
	if (rc == 0 && (res = outcome_json(app, &d, err)) == NULL && err->code)
		rc = err->code;
	outcome_data_free(&d);
	return br_app_finish(app, rc, res, out, err);
}
