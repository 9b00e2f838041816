/*
 * review.c - use case: the trial checkpoint (see review.h).
 */
#include "app/review.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/instruments.h"
#include "app/internal.h"
#include "app/visits.h"
#include "app/plan.h"
#include "core/change.h"
#include "core/review.h"
#include "store/measures.h"

struct course {
	const char *treatment; /* NULL: every session of the episode */
	int sessions;
	int trial;     /* 0 when none */
	int32_t first; /* first session, INT32_MIN when none */
};

/* Picks the course (see review.h) and counts its sessions. */
static int
pick_course(struct br_app *app, const struct br_episode *e,
            const char *treatment, struct course *c,
            struct br_plan_item **items_out, struct br_err *err)
{
	const struct br_evidence *ev = br_library_evidence();
	struct br_plan_item *items = NULL;
	struct br_session *sessions = NULL;
	size_t n = 0, ns = 0;
	long pick = -1;
	int rc = br_store_plan_item_list(app->store, e->patient_id, e->id,
	                                 &items, &n, err);

	if (rc == 0)
		rc = br_store_session_list(app->store, e->patient_id, e->id,
		                           &sessions, &ns, err);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		int t = br_evidence_treatment(ev, items[i].treatment);
		bool mods = t >= 0 && ev->treatments[t].n_modalities > 0;

		if (treatment) {
			if (strcmp(items[i].treatment, treatment) == 0)
				pick = (long)i;
		} else if (mods && strcmp(items[i].status, "active") == 0) {
			pick = (long)i;
		}
	}
	if (rc == 0 && pick < 0 && treatment) {
		char q[48];

		br_quote_value(treatment, q, sizeof(q));
		rc = br_error(err, BR_ENOTFOUND, "treatment",
		              "treatment '%s' has no item in the plan of "
		              "episode %lld",
		              q, (long long)e->id);
	}
	if (rc == 0 && pick < 0)
		for (size_t i = 0; i < n; i++) {
			int t = br_evidence_treatment(ev, items[i].treatment);

			if (t >= 0 && ev->treatments[t].n_modalities > 0)
				pick = (long)i;
		}
	memset(c, 0, sizeof(*c));
	c->first = INT32_MIN;
	if (rc == 0 && pick >= 0) {
		c->treatment = items[pick].treatment;
		c->trial =
		        items[pick].trial == BR_UNSET ? 0 : items[pick].trial;
		c->sessions = br_app_course_sessions(items, n, (size_t)pick,
		                                     sessions, ns, &c->first);
		if (c->sessions < 0)
			c->sessions = 0;
	} else if (rc == 0) {
		c->sessions = (int)ns;
		if (ns > 0)
			br_parse_date("date", sessions[0].day, &c->first, NULL);
	}
	free(sessions);
	*items_out = items; /* c->treatment borrows from it */
	return rc;
}

struct pain {
	bool has;
	double baseline, current;
	const char *source; /* diary, nrs, peg */
	const struct br_instrument *def;
	char figures[BR_REVIEW_REASON];
};

/* The latest scored measure of m[0..n) on or before day (before: true)
 * or after it, or NULL. */
static const struct br_measure *
latest(const struct br_measure *m, size_t n, int32_t day, bool before)
{
	const struct br_measure *best = NULL;

	for (size_t i = 0; i < n; i++) {
		int32_t d;

		if (!m[i].has_score ||
		    br_parse_date("date", m[i].day, &d, NULL) < 0)
			continue;
		if (before ? d <= day : d > day)
			best = &m[i];
	}
	return best;
}

static int
pain_figures(struct br_app *app, const struct br_episode *e,
             const struct course *c, struct pain *p, struct br_err *err)
{
	static const char *const fallback[] = {"nrs", "peg"};
	struct br_diary_day *days = NULL;
	struct br_day_pain *dp = NULL;
	char d1[BR_DATE_LEN], d2[BR_DATE_LEN];
	size_t n = 0, k = 0;
	int nb = 0, nc = 0, rc;
	double mb = 0, mc = 0;

	memset(p, 0, sizeof(*p));
	if (c->first == INT32_MIN)
		return 0;
	rc = br_store_diary_list(app->store, e->patient_id, "", "", &days, &n,
	                         err);
	if (rc == 0 && n > 0 && (dp = calloc(n, sizeof(*dp))) == NULL)
		rc = br_error(err, BR_ENOMEM, "", "out of memory");
	for (size_t i = 0; rc == 0 && i < n; i++)
		if (days[i].pain != BR_UNSET &&
		    br_parse_date("date", days[i].day, &dp[k].day, NULL) == 0)
			dp[k++].pain = days[i].pain;
	free(days);
	if (rc == 0) {
		br_review_window(dp, k, c->first - BR_REVIEW_WINDOW,
		                 c->first - 1, &mb, &nb);
		br_review_window(dp, k, app->today - BR_REVIEW_WINDOW + 1,
		                 app->today, &mc, &nc);
	}
	free(dp);
	if (rc < 0)
		return rc;
	br_format_date(c->first, d1);
	if (nb >= BR_REVIEW_MIN_DAYS && nc >= BR_REVIEW_MIN_DAYS) {
		p->has = true;
		p->baseline = round(mb * 100) / 100;
		p->current = round(mc * 100) / 100;
		p->source = "diary";
		rc = br_app_instrument(app, "nrs", &p->def, err);
		snprintf(p->figures, sizeof(p->figures),
		         "diary pain: %.1f at baseline (mean of %d of the 7 "
		         "days before the first session on %s), %.1f now "
		         "(mean of %d of the last 7 days)",
		         p->baseline, nb, d1, p->current, nc);
		return rc;
	}
	for (int f = 0; f < 2 && !p->has; f++) {
		struct br_measure *m = NULL;
		const struct br_measure *b, *cur;
		size_t nm = 0;

		rc = br_store_measure_list(app->store, e->patient_id, e->id,
		                           fallback[f], &m, &nm, err);
		if (rc < 0)
			return rc;
		b = latest(m, nm, c->first, true);
		cur = latest(m, nm, c->first, false);
		if (b && cur) {
			p->has = true;
			p->baseline = b->score;
			p->current = cur->score;
			p->source = fallback[f];
			snprintf(d2, sizeof(d2), "%s", cur->day);
			snprintf(p->figures, sizeof(p->figures),
			         "too few diary days (%d before the first "
			         "session, %d in the last 7 days; %d each are "
			         "needed), so %s measures stand in: %g on %s, "
			         "%g on %s",
			         nb, nc, BR_REVIEW_MIN_DAYS, fallback[f],
			         b->score, b->day, cur->score, d2);
			rc = br_app_instrument(app, fallback[f], &p->def, err);
		}
		free(m);
		if (rc < 0)
			return rc;
	}
	if (!p->has)
		snprintf(p->figures, sizeof(p->figures),
		         "too few diary days (%d before the first session on "
		         "%s, %d in the last 7 days; %d each are needed) and "
		         "no NRS or PEG measure both before and after it",
		         nb, d1, nc, BR_REVIEW_MIN_DAYS);
	return 0;
}

/* Outcome measures: start-of-course score against the latest. */
static int
measures_view(struct br_app *app, const struct br_episode *e, int32_t first,
              json_t **out, struct br_err *err)
{
	const struct br_instrument_set *set;
	int rc = br_instruments_load(app->instruments_dir, &set, err);

	*out = json_array();
	for (int i = 0; rc == 0 && i < set->n; i++) {
		const struct br_instrument *def = set->items[i];
		const struct br_measure *b, *cur;
		struct br_measure *m = NULL;
		struct br_change ch;
		char words[96];
		size_t n = 0;
		json_t *v;

		if (!def->has_change)
			continue;
		rc = br_store_measure_list(app->store, e->patient_id, e->id,
		                           def->id, &m, &n, err);
		b = rc == 0 && first != INT32_MIN ? latest(m, n, first, true)
		                                  : NULL;
		if (b == NULL && rc == 0)
			for (size_t j = 0; j < n && b == NULL; j++)
				if (m[j].has_score)
					b = &m[j];
		cur = rc == 0 ? latest(m, n, INT32_MAX - 1, true) : NULL;
		if (b == NULL) {
			free(m);
			continue;
		}
		if (cur == b)
			cur = NULL;
		v = json_pack("{s:s, s:{s:s, s:f}, s:n, s:n, s:n, s:n}",
		              "instrument", def->id, "baseline", "date", b->day,
		              "score", b->score, "current", "change", "percent",
		              "tier");
		if (cur && br_instrument_change(def, b->score, cur->score, &ch,
		                                NULL) == 0) {
			json_object_set_new(v, "current",
			                    json_pack("{s:s, s:f}", "date",
			                              cur->day, "score",
			                              cur->score));
			json_object_set_new(v, "change", json_real(ch.change));
			json_object_set_new(
			        v, "percent",
			        ch.has_percent
			                ? json_real(round(ch.percent * 10) / 10)
			                : json_null());
			json_object_set_new(v, "tier",
			                    br_json_text_opt(ch.tier));
			json_object_set_new(
			        v, "words",
			        json_string(br_change_words(
			                words, sizeof(words), ch.change,
			                def->decimals > 1 ? 2 : def->decimals,
			                "points", ch.has_percent, ch.percent)));
		}
		json_array_append_new(*out, v);
		free(m);
	}
	return rc;
}

/* One sentence on attendance: visits attended of those due, and gaps
 * longer than planned. */
static json_t *
adherence_reason(const struct br_adherence *a)
{
	char buf[240];
	int n = snprintf(buf, sizeof(buf),
	                 "attended %d of %d booked visits due so far (%.0f%%)",
	                 a->attended, a->due, a->rate >= 0 ? a->rate * 100 : 0);

	if (a->n_long_gaps > 0 && n > 0 && (size_t)n < sizeof(buf))
		snprintf(buf + n, sizeof(buf) - (size_t)n,
		         "; %d gap%s longer than planned, the longest %d days",
		         a->n_long_gaps, a->n_long_gaps == 1 ? "" : "s",
		         a->longest_gap_days);
	return json_string(buf);
}

int
br_app_review_apply(struct br_app *app, const struct br_episode *ep,
                    const char *treatment, json_t **out, struct br_err *err)
{
	struct br_review_out *r = malloc(sizeof(*r));
	struct br_plan_item *items = NULL;
	struct br_review_in ri;
	struct course c;
	struct pain p;
	struct br_change ch;
	const struct br_episode e = *ep;
	struct br_adherence adh;
	char referral[200], course[200], words[96] = "";
	json_t *view = NULL, *reasons, *pain, *measures = NULL;
	bool refer = false;
	int rc = r ? 0 : br_error(err, BR_ENOMEM, "", "out of memory");

	*out = NULL;
	if (rc == 0)
		rc = br_app_referral(app, &e, &refer, NULL, referral,
		                     sizeof(referral), err);
	if (rc == 0)
		rc = pick_course(app, &e, treatment, &c, &items, err);
	if (rc == 0)
		rc = pain_figures(app, &e, &c, &p, err);
	if (rc == 0)
		rc = measures_view(app, &e, c.first, &measures, err);
	if (rc == 0)
		rc = br_visits_adherence(app, &e, &adh, err);
	if (rc == 0) {
		memset(&ri, 0, sizeof(ri));
		memset(&ch, 0, sizeof(ch));
		ri.refer = refer;
		ri.referral = referral;
		ri.sessions = c.sessions;
		ri.trial = c.trial;
		ri.has_pain = p.has;
		ri.baseline = p.baseline;
		ri.current = p.current;
		ri.pain_what = p.source && strcmp(p.source, "diary") == 0
		                       ? "diary pain"
		               : p.source && strcmp(p.source, "nrs") == 0
		                       ? "NRS pain"
		               : p.source ? "PEG"
		                          : "pain";
		if (p.has && br_instrument_change(p.def, p.baseline, p.current,
		                                  &ch, NULL) == 0)
			ri.cannot_assess = ch.cannot_assess;
		br_review_decide(&ri, r);
		reasons = json_array();
		if (c.treatment)
			snprintf(course, sizeof(course),
			         "%d %s session%s so far%s", c.sessions,
			         c.treatment, c.sessions == 1 ? "" : "s",
			         c.trial ? ""
			                 : "; the course has no trial "
			                   "checkpoint");
		else
			snprintf(
			        course, sizeof(course),
			        "no course with session modalities is planned: "
			        "all %d session%s of the episode counted",
			        c.sessions, c.sessions == 1 ? "" : "s");
		if (c.trial)
			snprintf(course + strlen(course),
			         sizeof(course) - strlen(course),
			         "; trial checkpoint at %d", c.trial);
		json_array_append_new(reasons, json_string(course));
		if (p.figures[0] && !refer)
			json_array_append_new(reasons, json_string(p.figures));
		for (int i = 0; i < r->n_reasons; i++)
			json_array_append_new(reasons,
			                      json_string(r->reasons[i]));
		if (adh.due > 0)
			json_array_append_new(reasons, adherence_reason(&adh));
		if (p.has)
			br_change_words(words, sizeof(words),
			                round(p.current * 10) / 10 -
			                        round(p.baseline * 10) / 10,
			                1, "points", r->has_percent,
			                r->percent);
		pain = json_pack(
		        "{s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "baseline",
		        p.has ? json_real(p.baseline) : json_null(), "current",
		        p.has ? json_real(p.current) : json_null(), "change",
		        p.has ? json_real(
		                        round((p.current - p.baseline) * 100) /
		                        100)
		              : json_null(),
		        "percent",
		        p.has && r->has_percent
		                ? json_real(round(r->percent * 10) / 10)
		                : json_null(),
		        "tier", p.has ? br_json_text_opt(ch.tier) : json_null(),
		        "source", br_json_text_opt(p.source), "words",
		        p.has ? json_string(words) : json_null());
		view = json_pack("{s:o, s:i, s:o, s:o, s:O, s:s, s:o, s:o}",
		                 "treatment", br_json_text_opt(c.treatment),
		                 "sessions", c.sessions, "trial",
		                 c.trial ? json_integer(c.trial) : json_null(),
		                 "pain", pain, "measures", measures, "decision",
		                 br_decision_name(r->decision), "reasons",
		                 reasons, "adherence", br_view_adherence(&adh));
	}
	json_decref(measures);
	free(items);
	free(r);
	if (rc < 0) {
		json_decref(view);
		return rc;
	}
	if (view == NULL)
		return br_error(err, BR_ENOMEM, "", "out of memory");
	*out = view;
	return 0;
}

int
br_app_review(struct br_app *app, json_t *in, json_t **out, struct br_err *err)
{
	static const char *const keys[] = {"episode_id", "treatment", NULL};
	struct br_episode e;
	const char *treatment = NULL;
	json_t *view = NULL;
	int rc = br_in_only(in, keys, err);

	if (rc == 0)
		rc = br_in_text(in, "treatment", 40, false, &treatment, err);
	if (rc == 0 && treatment && treatment[0] == '\0')
		treatment = NULL;
	if (rc == 0)
		rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	rc = br_app_load_episode(app, in, &e, err);
	if (rc == 0)
		rc = br_app_audit(app, "review.read", e.patient_id, "episode",
		                  e.id, err);
	if (rc == 0)
		rc = br_app_review_apply(app, &e, treatment, &view, err);
	return br_app_finish(app, rc, view, out, err);
}
