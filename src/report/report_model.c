/*
 * report_model.c - the page model and chart inputs of the visit summary
 * (report_internal.h), and its charts as SVG (report.h).
 *
 * Wording: plain, for the patient, the clinic and a referring doctor
 * alike; every mean shown with the days it rests on; the natural-recovery
 * caveat next to any before/after figure (docs/clinical/thresholds.md).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/change.h"
#include "core/parse.h"
#include "core/sleep.h"
#include "report/report.h"
#include "report/report_internal.h"
#include "report/svg.h"

static const char *
str(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

static const char *
fig_label(const char *fig)
{
	static const char *const map[][2] = {
	        {"pain", "Pain (0-10)"},
	        {"tst_min", "Sleep time (min)"},
	        {"se_pct", "Sleep efficiency (%)"},
	        {"sleep_quality", "Sleep quality (0-4)"},
	        {"awakenings", "Awakenings / night"},
	};

	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(fig, map[i][0]) == 0)
			return map[i][1];
	return fig;
}

/* "6.1 (5/7 d)" or "- (2/7 d)" */
static void
mean_cell(const json_t *m, char *out)
{
	const json_t *v = json_object_get(m, "mean");
	long long n = json_integer_value(json_object_get(m, "days_reported")),
	          d = json_integer_value(json_object_get(m, "days"));

	if (!json_is_object(m))
		snprintf(out, RP_CELL, "-");
	else if (json_is_number(v))
		snprintf(out, RP_CELL, "%.*f (%lld/%lld d)",
		         fabs(json_number_value(v)) >= 100 ? 0 : 1,
		         json_number_value(v), n, d);
	else
		snprintf(out, RP_CELL, "- (%lld/%lld d)", n, d);
}

static const char *
yes_no(const json_t *v)
{
	return json_is_true(v) ? "yes" : json_is_false(v) ? "no" : "-";
}

/* A questionnaire by its name ("Oswestry Disability Index"), its id only
 * when the definition is not loaded. */
static const char *
instrument_name(const json_t *x)
{
	return json_is_string(json_object_get(x, "name"))
	               ? json_string_value(json_object_get(x, "name"))
	               : str(x, "instrument");
}

/* change and verdict cells of a change record */
static void
change_cells(const json_t *c, const json_t *why, char *chg, char *verdict)
{
	const char *tier = str(c, "tier");

	if (!json_is_object(c)) {
		snprintf(chg, RP_CELL, "-");
		snprintf(verdict, RP_CELL, "%s",
		         json_is_string(why) ? json_string_value(why)
		                             : "not assessed");
		return;
	}
	/* The one wording of a change (core/change.h), written by the use
	 * case. */
	snprintf(chg, RP_CELL, "%s", str(c, "words"));
	if (strcmp(tier, "cannot-assess") == 0)
		snprintf(verdict, RP_CELL, "cannot assess (floor/ceiling)");
	else if (tier[0])
		snprintf(verdict, RP_CELL, "%s; responder %s / %s",
		         br_change_tier_words(tier),
		         yes_no(json_object_get(c, "responder_points")),
		         yes_no(json_object_get(c, "responder_percent")));
	else
		snprintf(verdict, RP_CELL, "%s (no MCID)", str(c, "direction"));
}

static struct rp_section *
section(struct rp_page *p, const char *id, const char *title)
{
	struct rp_section *s = &p->sec[p->nsec++];

	memset(s, 0, sizeof(*s));
	snprintf(s->id, sizeof(s->id), "%s", id);
	snprintf(s->title, sizeof(s->title), "%s", title);
	return s;
}

static void
heads(struct rp_section *s, int n, const char *const *h)
{
	s->ncols = n;
	for (int i = 0; i < n; i++)
		snprintf(s->head[i], sizeof(s->head[i]), "%s", h[i]);
}

static void
red_flags(const json_t *r, struct rp_page *p)
{
	const json_t *rf = json_object_get(r, "red_flags"), *f;
	const char *st = str(rf, "status");
	struct rp_section *s = section(p, "red-flags", "Red flags");
	size_t i, len;

	s->tone = strcmp(st, "none") == 0 || strcmp(st, "cleared") == 0
	                  ? RP_GOOD
	          : strcmp(st, "not-screened") == 0 ? RP_WARN
	                                            : RP_ALERT;
	len = (size_t)snprintf(s->lead, sizeof(s->lead), "%s", str(rf, "text"));
	if (json_is_string(json_object_get(rf, "date")))
		len += (size_t)snprintf(s->lead + len, sizeof(s->lead) - len,
		                        " Last screen %s.", str(rf, "date"));
	json_array_foreach(json_object_get(rf, "flags"), i, f)
	{
		if (len >= sizeof(s->lead))
			break;
		len += (size_t)snprintf(
		        s->lead + len, sizeof(s->lead) - len, "%s%s",
		        i ? ", " : " Flags: ", json_string_value(f));
	}
	if (s->tone == RP_ALERT && len < sizeof(s->lead))
		snprintf(s->lead + len, sizeof(s->lead) - len, " %s",
		         str(rf, "action"));
}

static void
trend(const json_t *r, struct rp_page *p)
{
	static const char *const h[] = {"Diary", "Before treatment", "Latest",
	                                "Change", "Verdict"};
	const json_t *o = json_object_get(r, "outcome");
	const json_t *diary = json_object_get(o, "diary"), *x;
	const json_t *b = json_object_get(diary, "baseline"),
	             *l = json_object_get(diary, "latest");
	struct rp_section *s = section(p, "trend", "Pain and sleep trend");
	size_t i;

	heads(s, 5, h);
	json_array_foreach(json_object_get(diary, "figures"), i, x)
	{
		char(*row)[RP_CELL];

		if (s->nrows == RP_ROWS)
			break;
		row = s->cell[s->nrows++];
		snprintf(row[0], RP_CELL, "%s", fig_label(str(x, "figure")));
		mean_cell(json_object_get(x, "baseline"), row[1]);
		mean_cell(json_object_get(x, "latest"), row[2]);
		change_cells(json_object_get(x, "change"),
		             json_object_get(x, "not_assessed"), row[3],
		             row[4]);
		if (strcmp(str(x, "figure"), "pain") == 0) {
			const char *t =
			        str(json_object_get(x, "change"), "tier");

			s->tone = strcmp(t, "substantial") == 0 ||
			                          strcmp(t, "moderate") == 0
			                  ? RP_GOOD
			                  : RP_PLAIN;
		}
	}
	if (json_is_true(json_object_get(b, "defined")) &&
	    json_is_true(json_object_get(l, "defined")))
		snprintf(s->lead, sizeof(s->lead),
		         "Before treatment: %s to %s (%s). Latest: %s to %s.",
		         str(b, "from"), str(b, "to"), str(b, "rule"),
		         str(l, "from"), str(l, "to"));
	else
		snprintf(s->lead, sizeof(s->lead), "%s",
		         json_is_true(json_object_get(b, "defined"))
		                 ? str(l, "reason")
		                 : str(b, "reason"));
	snprintf(s->note, sizeof(s->note),
	         "Self-reported diary means of 7 days; a mean needs 3 days "
	         "(d = days reported). Pain: MCID 2 points or 30%%, tiers "
	         "10/30/50%% (IMMPACT); responder by points / by percent. "
	         "Sleep figures have no published MCID.%s%s",
	         json_is_object(json_object_get(r, "device_sleep"))
	                 ? " Sleep tracker: "
	                 : "",
	         str(json_object_get(r, "device_sleep"), "sentence"));
}

static void
questionnaires(const json_t *r, struct rp_page *p)
{
	static const char *const h[] = {"Questionnaire", "First", "Latest",
	                                "Change", "Verdict"};
	const json_t *ins = json_object_get(json_object_get(r, "outcome"),
	                                    "instruments"),
	             *x;
	struct rp_section *s = section(p, "questionnaires", "Questionnaires");
	size_t i;

	heads(s, 5, h);
	json_array_foreach(ins, i, x)
	{
		const json_t *b = json_object_get(x, "baseline"),
		             *l = json_object_get(x, "latest");
		char(*row)[RP_CELL];

		if (s->nrows == RP_ROWS)
			break;
		row = s->cell[s->nrows++];
		snprintf(row[0], RP_CELL, "%s", instrument_name(x));
		for (int k = 0; k < 2; k++) {
			const json_t *m = k == 0 ? b : l;

			if (json_is_object(m))
				snprintf(row[1 + k], RP_CELL, "%g (%s)%s%s",
				         json_number_value(
				                 json_object_get(m, "score")),
				         str(m, "date"),
				         json_is_true(
				                 json_object_get(m, "complete"))
				                 ? ""
				                 : " incomplete",
				         strcmp(str(m, "source"), "patient") ==
				                         0
				                 ? ", patient-reported"
				                 : "");
			else
				snprintf(row[1 + k], RP_CELL, "-");
		}
		change_cells(json_object_get(x, "change"),
		             json_object_get(x, "not_assessed"), row[3],
		             row[4]);
	}
	if (s->nrows == 0)
		snprintf(s->lead, sizeof(s->lead),
		         "No questionnaire was given in this episode.");
	else
		snprintf(s->note, sizeof(s->note),
		         "First and latest complete scores of the episode; "
		         "change against each questionnaire's minimal "
		         "clinically important difference.");
}

/* The session the report's body map shows: the latest listed one that
 * charted points, or NULL. */
static const json_t *
mapped_session(const json_t *r)
{
	const json_t *list = json_object_get(
	        json_object_get(r, "treatments_since"), "sessions");

	for (size_t i = json_array_size(list); i > 0; i--) {
		const json_t *x = json_array_get(list, i - 1);

		if (json_array_size(json_object_get(x, "points")) > 0)
			return x;
	}
	return NULL;
}

/* "Points of the session of DATE on the body map, seen from behind:
 * BL23, BL25 left, GV4. Not on the map: PC6." */
static void
map_caption(const json_t *x, char *out, size_t n)
{
	const struct br_bodymap *m = br_bodymap();
	const json_t *pt;
	size_t i, len, off = 0;
	char missing[RP_TEXT] = "";

	len = (size_t)snprintf(out, n,
	                       "Points of the session of %s on the body map, "
	                       "seen from behind: ",
	                       str(x, "date"));
	json_array_foreach(json_object_get(x, "points"), i, pt)
	{
		const char *id = str(pt, "point"), *side = str(pt, "side");
		double px, py;
		bool shown = br_bodymap_place(m, id,
		                              strcmp(side, "both") == 0 ? "left"
		                                                        : side,
		                              &px, &py) == 0;

		if (len < n)
			len += (size_t)snprintf(
			        out + len, n - len, "%s%s%s%s", i ? ", " : "",
			        id,
			        strcmp(side, "left") == 0 ||
			                        strcmp(side, "right") == 0
			                ? " "
			                : "",
			        strcmp(side, "left") == 0 ||
			                        strcmp(side, "right") == 0
			                ? side
			                : "");
		if (!shown && off < sizeof(missing))
			off += (size_t)snprintf(missing + off,
			                        sizeof(missing) - off, "%s%s",
			                        off ? ", " : "", id);
	}
	if (len < n && missing[0])
		len += (size_t)snprintf(out + len, n - len,
		                        ". Not on the map: %s", missing);
	if (len < n)
		snprintf(out + len, n - len, ".");
}

static void
treatments(const json_t *r, struct rp_page *p)
{
	static const char *const h[] = {"Date", "Treatment", "Pain before",
	                                "Pain after", "Reactions"};
	const json_t *t = json_object_get(r, "treatments_since"), *x, *m;
	const json_t *land =
	        json_object_get(json_object_get(r, "outcome"), "landing");
	struct rp_section *s;
	char title[96];
	size_t i, k, n = json_array_size(json_object_get(t, "sessions"));
	size_t len = 0;

	snprintf(title, sizeof(title), "Treatments since %s", str(t, "since"));
	s = section(p, "treatments", title);
	heads(s, 5, h);
	json_array_foreach(json_object_get(t, "sessions"), i, x)
	{
		char(*row)[RP_CELL];
		size_t ln = 0;

		/* The most recent RP_ROWS - 2 sessions. */
		if (n > RP_ROWS - 2 && i < n - (RP_ROWS - 2))
			continue;
		row = s->cell[s->nrows++];
		snprintf(row[0], RP_CELL, "%s", str(x, "date"));
		json_array_foreach(json_object_get(x, "modalities"), k, m) ln +=
		        (size_t)snprintf(
		                row[1] + ln, ln < RP_CELL ? RP_CELL - ln : 0,
		                "%s%s", k ? ", " : "", json_string_value(m));
		for (int c = 0; c < 2; c++) {
			const json_t *v = json_object_get(x, c ? "pain_after"
			                                       : "pain_before");

			if (json_is_integer(v))
				snprintf(row[2 + c], RP_CELL, "%lld",
				         (long long)json_integer_value(v));
			else
				snprintf(row[2 + c], RP_CELL, "-");
		}
		ln = 0;
		json_array_foreach(json_object_get(x, "adverse"), k, m) ln +=
		        (size_t)snprintf(
		                row[4] + ln, ln < RP_CELL ? RP_CELL - ln : 0,
		                "%s%s", k ? ", " : "", json_string_value(m));
		if (ln == 0)
			snprintf(row[4], RP_CELL, "none recorded");
	}
	if (n == 0)
		snprintf(s->lead, sizeof(s->lead),
		         "No session since %s (%lld in the "
		         "episode).",
		         str(t, "since"),
		         (long long)json_integer_value(
		                 json_object_get(t, "sessions_in_episode")));
	else if (n > RP_ROWS - 2)
		snprintf(s->lead, sizeof(s->lead),
		         "%zu sessions; the last %d are listed.", n,
		         RP_ROWS - 2);
	json_array_foreach(json_object_get(land, "by_modality"), i, x)
	{
		const json_t *sc = json_object_get(x, "session_change"),
		             *dc = json_object_get(x, "diary_change");
		char a[48] = "-", b[48] = "-";

		if (len >= sizeof(s->note))
			break;
		if (json_is_number(json_object_get(sc, "mean")))
			snprintf(
			        a, sizeof(a), "%+.1f",
			        json_number_value(json_object_get(sc, "mean")));
		if (json_is_number(json_object_get(dc, "mean")))
			snprintf(
			        b, sizeof(b), "%+.1f",
			        json_number_value(json_object_get(dc, "mean")));
		len += (size_t)snprintf(
		        s->note + len, sizeof(s->note) - len,
		        "%s%s (%lld sessions in the episode): pain in session "
		        "%s, diary 3 days after vs before %s",
		        i ? "; " : "How sessions landed, by modality: ",
		        str(x, "modality"),
		        (long long)json_integer_value(
		                json_object_get(x, "sessions")),
		        a, b);
	}
	if (mapped_session(r))
		map_caption(mapped_session(r), p->map_caption,
		            sizeof(p->map_caption));
	if (json_array_size(json_object_get(land, "by_modality")) > 0) {
		size_t nl = strlen(s->note);

		if (nl < sizeof(s->note))
			snprintf(s->note + nl, sizeof(s->note) - nl, ".");
		snprintf(p->caveat, sizeof(p->caveat), "%s",
		         str(land, "caveat"));
	}
}

static void
adherence(const json_t *r, struct rp_page *p)
{
	const json_t *a = json_object_get(r, "adherence");
	const json_t *d = json_object_get(a, "diary_last_28_days");
	const json_t *ex = json_object_get(a, "exercise"),
	             *pc = json_object_get(a, "pacing"),
	             *vi = json_object_get(a, "visits");
	struct rp_section *s = section(p, "adherence", "Adherence");
	long long kept = json_integer_value(json_object_get(d, "kept"));
	size_t len;

	s->tone = kept >= 20 ? RP_GOOD : kept >= 10 ? RP_PLAIN : RP_WARN;
	len = (size_t)snprintf(
	        s->lead, sizeof(s->lead),
	        "Diary kept on %lld of the last 28 days "
	        "(%.0f%%).",
	        kept, json_number_value(json_object_get(d, "share")) * 100);
	if (json_is_object(ex) && len < sizeof(s->lead))
		len += (size_t)snprintf(
		        s->lead + len, sizeof(s->lead) - len,
		        " Home exercise logged on %lld days of about %lld due "
		        "in the last 28.",
		        (long long)json_integer_value(
		                json_object_get(ex, "logged_days_last_28")),
		        (long long)json_integer_value(
		                json_object_get(ex, "due_days_last_28")));
	if (json_is_object(pc) && len < sizeof(s->lead))
		len += (size_t)snprintf(
		        s->lead + len, sizeof(s->lead) - len,
		        " Paced activity logged on %lld of the last 28 days.",
		        (long long)json_integer_value(
		                json_object_get(pc, "logged_days_last_28")));
	if (!json_is_object(ex) && !json_is_object(pc) && len < sizeof(s->lead))
		len += (size_t)snprintf(s->lead + len, sizeof(s->lead) - len,
		                        " No home exercise or pacing is "
		                        "prescribed.");
	if (json_is_object(vi) &&
	    json_integer_value(json_object_get(vi, "due")) > 0 &&
	    len < sizeof(s->lead))
		snprintf(s->lead + len, sizeof(s->lead) - len,
		         " Visits attended: %lld of %lld due%s.",
		         (long long)json_integer_value(
		                 json_object_get(vi, "attended")),
		         (long long)json_integer_value(
		                 json_object_get(vi, "due")),
		         json_array_size(json_object_get(vi, "long_gaps")) > 0
		                 ? ", with gaps longer than planned"
		                 : "");
}

static void
plan(const json_t *r, struct rp_page *p)
{
	static const char *const h[] = {"Planned", "Sessions", "Per week",
	                                "Trial at", "Status"};
	struct rp_section *s = section(p, "plan", "Plan and trial decision");
	const json_t *pl = json_object_get(r, "plan"),
	             *td = json_object_get(r, "trial_decision"), *x;
	size_t i;

	heads(s, 5, h);
	json_array_foreach(json_object_get(pl, "items"), i, x)
	{
		char(*row)[RP_CELL];
		const json_t *pw = json_object_get(x, "per_week");

		if (s->nrows == RP_ROWS)
			break;
		row = s->cell[s->nrows++];
		snprintf(row[0], RP_CELL, "%s (%s)", str(x, "treatment"),
		         str(x, "date"));
		for (int k = 0; k < 2; k++) {
			const json_t *v =
			        json_object_get(x, k ? "trial" : "sessions");

			if (json_is_integer(v))
				snprintf(row[k ? 3 : 1], RP_CELL, "%lld",
				         (long long)json_integer_value(v));
			else
				snprintf(row[k ? 3 : 1], RP_CELL, "-");
		}
		if (json_is_number(pw))
			snprintf(row[2], RP_CELL, "%g", json_number_value(pw));
		else
			snprintf(row[2], RP_CELL, "-");
		snprintf(row[4], RP_CELL, "%s", str(x, "status"));
	}
	if (json_is_object(td)) {
		const char *dec = str(td, "decision");
		const json_t *reasons = json_object_get(td, "reasons");

		s->tone = strcmp(dec, "continue") == 0     ? RP_GOOD
		          : strcmp(dec, "refer") == 0      ? RP_ALERT
		          : strcmp(dec, "reconsider") == 0 ? RP_WARN
		                                           : RP_PLAIN;
		snprintf(s->lead, sizeof(s->lead), "Trial review: %s. %s", dec,
		         json_is_string(json_array_get(reasons, 0))
		                 ? json_string_value(json_array_get(reasons, 0))
		                 : "");
	} else if (s->nrows == 0) {
		snprintf(s->lead, sizeof(s->lead),
		         "No care plan or trial review is recorded for this "
		         "episode yet.");
	}
}

void
rp_model(const json_t *r, struct rp_page *p)
{
	const json_t *pt = json_object_get(r, "patient"),
	             *ep = json_object_get(r, "episode");

	memset(p, 0, sizeof(*p));
	snprintf(p->title, sizeof(p->title), "Visit summary: %s",
	         str(pt, "name"));
	snprintf(p->subtitle, sizeof(p->subtitle),
	         "Born %s. Episode %lld (%s%s), onset %s, opened %s, %s. "
	         "%lld sessions.",
	         json_is_string(json_object_get(pt, "born")) ? str(pt, "born")
	                                                     : "unknown",
	         (long long)json_integer_value(json_object_get(ep, "id")),
	         str(ep, "region"),
	         json_is_true(json_object_get(ep, "sciatica")) ? ", sciatica"
	                                                       : "",
	         str(ep, "onset"), str(ep, "opened_on"), str(ep, "status"),
	         (long long)json_integer_value(json_object_get(
	                 json_object_get(r, "outcome"), "sessions")));
	snprintf(p->generated, sizeof(p->generated), "Made on %s by backrest",
	         str(r, "generated_on"));
	red_flags(r, p);
	trend(r, p);
	questionnaires(r, p);
	treatments(r, p);
	adherence(r, p);
	plan(r, p);
}

/* Charts ------------------------------------------------------------- */

static int32_t
day_of(const json_t *v)
{
	int32_t d = 0;
	const char *s = json_string_value(v);

	if (s == NULL || br_parse_date("day", s, &d, NULL) < 0)
		return 0;
	return d;
}

static int
int_at(const json_t *arr, size_t i)
{
	const json_t *v = json_array_get(arr, i);

	return json_is_integer(v) ? (int)json_integer_value(v) : BR_UNSET;
}

void
rp_charts_free(struct rp_charts *c)
{
	free(c->days);
	free(c->sessions);
	free(c->weekly);
	for (int i = 0; i < RP_INSTR_MAX; i++)
		free(c->scores[i]);
	memset(c, 0, sizeof(*c));
}

int
rp_charts(const json_t *r, struct rp_charts *c)
{
	const json_t *s = json_object_get(r, "series"), *x, *m;
	const json_t *pain = json_object_get(s, "pain"),
	             *q = json_object_get(s, "sleep_quality"),
	             *tst = json_object_get(s, "tst_min"),
	             *se = json_object_get(s, "se_pct"),
	             *sess = json_object_get(s, "sessions");
	const json_t *wk = json_object_get(
	        json_object_get(json_object_get(r, "adherence"), "weekly"),
	        "diary");
	int32_t from = day_of(json_object_get(s, "from")),
	        to = day_of(json_object_get(s, "to"));
	size_t n = json_array_size(pain), nw = json_array_size(wk), i, k;

	memset(c, 0, sizeof(*c));
	c->days = calloc(n ? n : 1, sizeof(*c->days));
	c->sessions = calloc(json_array_size(sess) + 1, sizeof(int32_t));
	c->weekly = calloc(3 * (nw ? nw : 1), sizeof(double));
	if (c->days == NULL || c->sessions == NULL || c->weekly == NULL) {
		rp_charts_free(c);
		return -1;
	}
	for (i = 0; i < n; i++) {
		const json_t *v = json_array_get(se, i);

		c->days[i] = (struct br_chart_day){
		        from + (int32_t)i,
		        int_at(pain, i),
		        int_at(q, i),
		        int_at(tst, i),
		        json_is_number(v) ? json_number_value(v) : -1,
		        -1};
	}
	{
		/* A sleep tracker's nights: one a day from the same from. */
		const json_t *dev = json_object_get(r, "device_sleep");
		const json_t *dt = json_object_get(dev, "tst_min");
		int32_t dfrom = day_of(json_object_get(dev, "from"));

		for (i = 0; i < n; i++) {
			int32_t at = from + (int32_t)i - dfrom;
			const json_t *v =
			        at >= 0 ? json_array_get(dt, (size_t)at) : NULL;

			c->days[i].device_tst_min =
			        json_is_integer(v) ? (int)json_integer_value(v)
			                           : -1;
		}
		c->device = json_is_object(dev);
	}
	json_array_foreach(sess, i, x) c->sessions[i] = day_of(x);
	c->diary = (struct br_chart_diary){
	        from,   to,          c->days,
	        (int)n, c->sessions, (int)json_array_size(sess)};
	for (i = 0; i < nw; i++)
		c->weekly[i] = json_number_value(json_array_get(wk, i));
	c->adherence.from = day_of(json_object_get(
	        json_object_get(json_object_get(r, "adherence"), "weekly"),
	        "from"));
	c->adherence.weeks = (int)nw;
	c->adherence.n_series = 1;
	c->adherence.label[0] = "diary kept";
	c->adherence.share[0] = c->weekly;
	for (int sr = 0; sr < 2; sr++) {
		const json_t *arr = json_object_get(
		        json_object_get(json_object_get(r, "adherence"),
		                        "weekly"),
		        sr ? "pacing" : "exercise");
		double *v;
		bool any = false;

		for (i = 0; i < json_array_size(arr); i++)
			any = any || json_is_number(json_array_get(arr, i));
		if (!any || json_array_size(arr) != nw)
			continue;
		v = c->weekly + nw * (size_t)(1 + sr);
		for (i = 0; i < nw; i++) {
			const json_t *x2 = json_array_get(arr, i);

			v[i] = json_is_number(x2) ? json_number_value(x2) : NAN;
		}
		c->adherence.label[c->adherence.n_series] =
		        sr ? "pacing logged" : "exercise done";
		c->adherence.share[c->adherence.n_series++] = v;
	}
	{
		/* The body map of the latest session with points. */
		const json_t *ms = mapped_session(r), *pt;

		c->bodymap.map = br_bodymap();
		c->bodymap.points = c->map_points;
		c->bodymap.title = c->map_title;
		json_array_foreach(json_object_get(ms, "points"), i, pt)
		{
			struct br_session_point *bp =
			        &c->map_points[c->bodymap.n];

			if (c->bodymap.n == BR_MAX_POINTS)
				break;
			snprintf(bp->point, sizeof(bp->point), "%s",
			         str(pt, "point"));
			snprintf(bp->side, sizeof(bp->side), "%s",
			         str(pt, "side"));
			c->bodymap.n++;
		}
		snprintf(c->map_title, sizeof(c->map_title),
		         "Body map seen from behind: the points of the session "
		         "of %s",
		         ms ? str(ms, "date") : "-");
	}
	json_array_foreach(
	        json_object_get(json_object_get(r, "outcome"), "instruments"),
	        i, x)
	{
		struct br_chart_instrument *ci = &c->instr[c->ninstr];
		const json_t *scale = json_object_get(x, "scale"),
		             *mc = json_object_get(x, "mcid");
		const json_t *ms = json_object_get(x, "measures");
		int ns = 0;

		if (c->ninstr == RP_INSTR_MAX || !json_is_array(scale) ||
		    !json_is_object(mc))
			continue;
		c->scores[c->ninstr] =
		        calloc(json_array_size(ms) + 1, sizeof(**c->scores));
		if (c->scores[c->ninstr] == NULL) {
			rp_charts_free(c);
			return -1;
		}
		json_array_foreach(ms, k, m)
		{
			if (!json_is_number(json_object_get(m, "score")))
				continue;
			c->scores[c->ninstr][ns++] = (struct br_chart_score){
			        day_of(json_object_get(m, "date")),
			        json_number_value(json_object_get(m, "score"))};
		}
		snprintf(c->instr_id[c->ninstr], sizeof(c->instr_id[0]), "%s",
		         str(x, "instrument"));
		snprintf(c->instr_name[c->ninstr], sizeof(c->instr_name[0]),
		         "%s", instrument_name(x));
		*ci = (struct br_chart_instrument){
		        c->instr_name[c->ninstr],
		        json_number_value(json_array_get(scale, 0)),
		        json_number_value(json_array_get(scale, 1)),
		        json_is_true(json_object_get(x, "higher_is_better")),
		        json_is_number(json_object_get(mc, "points"))
		                ? json_number_value(
		                          json_object_get(mc, "points"))
		                : 0,
		        json_is_number(json_object_get(mc, "percent"))
		                ? json_number_value(
		                          json_object_get(mc, "percent"))
		                : 0,
		        c->scores[c->ninstr],
		        ns,
		        from,
		        to};
		c->ninstr++;
	}
	return 0;
}

char *
br_report_svg(const json_t *report, const char *which)
{
	struct rp_charts c;
	struct br_svg svg;
	struct br_canvas cv;
	char *out = NULL;

	if (rp_charts(report, &c) < 0)
		return NULL;
	br_svg_init(&svg);
	cv = br_svg_canvas(&svg);
	if (strcmp(which, "pain-sleep") == 0) {
		br_chart_pain_sleep(&cv, &c.diary);
	} else if (strcmp(which, "sleep-efficiency") == 0) {
		br_chart_sleep_efficiency(&cv, &c.diary);
	} else if (strcmp(which, "sleep-time") == 0) {
		br_chart_sleep_time(&cv, &c.diary);
	} else if (strcmp(which, "adherence") == 0) {
		br_chart_adherence(&cv, &c.adherence);
	} else if (strcmp(which, "body-map") == 0) {
		if (c.bodymap.n > 0)
			br_chart_bodymap(&cv, &c.bodymap);
	} else {
		for (int i = 0; i < c.ninstr; i++)
			if (strcmp(c.instr_id[i], which) == 0)
				br_chart_instrument(&cv, &c.instr[i]);
	}
	if (svg.buf.len > 0)
		out = br_svg_take(&svg);
	br_svg_free(&svg);
	rp_charts_free(&c);
	return out;
}
