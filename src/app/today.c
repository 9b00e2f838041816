/*
 * today.c - use case: the Today page in one answer (see today.h).
 *
 * The clinic's patients are read a page at a time (store/clinic_load.h);
 * each patient's row, appointments and attention items are built from
 * the page's rows as soon as it is read, into lists kept until the last
 * page, then put in the order the page shows them.
 */
#include "app/today.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/due.h"
#include "app/internal.h"
#include "app/visits_internal.h"
#include "core/instrument.h"
#include "core/outcome.h"
#include "core/phase.h"
#include "core/redflag.h"
#include "core/window.h"
#include "store/clinic_load.h"
#include "store/patient_query.h"
#include "store/users.h"

/* Patients a page. */
#define TODAY_PAGE 1000
/* Sessions after which a course is judged: the default trial (PLAN.md;
 * the cohort's trial checkpoint is the same). */
#define TRIAL_SESSIONS BR_CLINIC_TRIAL_SESSIONS
/* A diary with fewer of the last 7 days is missing. */
#define DIARY_ENOUGH 4

struct appointment {
	int64_t starts_at;
	size_t seq; /* the order found in: ties keep it */
	json_t *v;
};

struct today {
	struct br_app *app;
	int32_t day;
	struct br_due_eval ev;
	const struct br_instrument *nrs; /* NULL: not loaded */
	struct viewer w;
	/* Rows by red-flag rank: emergency, urgent, the rest. */
	json_t *rows[3];
	/* Attention, per group (items in the patient list's order). */
	json_t *alerts, *red[2], *trial, *notresp, *missing[DIARY_ENOUGH],
	        *rest;
	struct appointment *appts;
	size_t n_appts, cap_appts;
	json_int_t patients, open, diary_active;
};

/* One patient's figures, as the care summary has them. */
struct figures {
	const struct br_clinic_episode *x; /* NULL: no episode */
	const struct br_episode *cur;      /* &x->e */
	bool open;
	int sessions;
	const char *first_session, *last_session; /* NULL: none */
	struct br_window_summary week;
	int rank; /* 0 emergency, 1 urgent, 2 no uncleared screen */
	json_t *screening;
};

/* A mean as the care summary shows it: one decimal. */
static double
round1(double v)
{
	return round(v * 10) / 10;
}

static json_t *
badge(const char *tone, const char *text)
{
	return json_pack("{s:s, s:s}", "tone", tone, "text", text);
}

/* An attention item of patient p. */
static void
item(json_t *list, const struct br_patient *p, json_t *b, const char *why,
     const char *link)
{
	json_array_append_new(
	        list,
	        json_pack("{s:I, s:s, s:o, s:s, s:o}", "patient_id",
	                  (json_int_t)p->id, "name", p->name, "badge", b, "why",
	                  why, "link", link ? json_string(link) : json_null()));
}

/* The current episode (the care summary's: the last open one, else the
 * first), its sessions and the last 7 diary days. */
static void
summarise(const struct today *t, const struct br_clinic_page *pg, size_t i,
          struct figures *f)
{
	const struct br_clinic_episode *cur = NULL;
	struct br_window_day w[16];
	int n = 0;

	memset(f, 0, sizeof(*f));
	f->rank = 2;
	for (size_t k = pg->episodes_at[i]; k < pg->episodes_at[i + 1]; k++)
		if (strcmp(pg->episodes[k].e.status, "open") == 0 ||
		    cur == NULL)
			cur = &pg->episodes[k];
	if (cur) {
		f->x = cur;
		f->cur = &cur->e;
		f->open = strcmp(cur->e.status, "open") == 0;
		f->sessions = cur->sessions;
		if (cur->sessions) {
			f->first_session = cur->first;
			f->last_session = cur->last;
		}
	}
	/* The patient's own days of the last 7 (not a baseline's copies). */
	for (size_t k = pg->diary_at[i]; k < pg->diary_at[i + 1] && n < 16;
	     k++) {
		const struct br_clinic_diary *d = &pg->diary[k];
		int32_t x;

		if (d->episode_id != 0 ||
		    br_parse_date("date", d->day, &x, NULL) < 0 ||
		    x < t->day - 6 || x > t->day)
			continue;
		w[n].day = x;
		w[n].pain = d->pain;
		w[n].quality = BR_UNSET;
		w[n].tst_min = BR_UNSET;
		w[n].se_pct = -1;
		n++;
	}
	br_window_summarise(w, n, t->day - 6, t->day, &f->week);
}

/* The red-flag status of the current open episode, as the safety net
 * answers it: the last screen, and the one waiting for clearance. */
static void
screening(const struct br_clinic_episode *x, struct figures *f)
{
	json_t *last = json_null(), *waiting = json_null();
	int tier = br_tier_parse(x->waiting.tier);

	if (x->screen.day[0])
		last = json_pack("{s:s, s:s, s:b}", "date", x->screen.day,
		                 "tier", x->screen.tier, "cleared",
		                 x->screen.cleared);
	if (x->waiting.day[0] && tier > BR_TIER_NONE) {
		waiting = json_pack("{s:s, s:s, s:s}", "date", x->waiting.day,
		                    "tier", x->waiting.tier, "referral",
		                    br_tier_referral((enum br_tier)tier));
		f->rank = tier == BR_TIER_EMERGENCY ? 0 : 1;
	}
	f->screening =
	        json_pack("{s:o, s:o}", "last", last, "waiting", waiting);
}

/* The outcome's pain change of the current open episode (outcome.h):
 * *why set when it changed by less than the minimal important change,
 * by points and by percent. */
static bool
not_responding(const struct today *t, const struct br_clinic_page *pg, size_t i,
               const struct figures *f, char *why, size_t len)
{
	struct br_outcome_day days[32];
	struct br_outcome_window b, l;
	struct br_change c;
	struct br_err err = {0};
	int32_t opened, first;
	int n = 0;

	if (t->nrs == NULL || f->sessions < TRIAL_SESSIONS ||
	    br_parse_date("opened_on", f->cur->opened_on, &opened, NULL) < 0 ||
	    br_parse_date("date", f->first_session, &first, NULL) < 0)
		return false;
	/* The latest days and the 7 before the first session, each day
	 * once, oldest first (both lists are). */
	for (size_t k = pg->diary_at[i]; k < pg->diary_at[i + 1]; k++) {
		const struct br_clinic_diary *d = &pg->diary[k];
		int32_t x;
		int at;

		if ((d->episode_id != 0 && d->episode_id != f->cur->id) ||
		    br_parse_date("date", d->day, &x, NULL) < 0)
			continue;
		for (at = n; at > 0 && days[at - 1].day > x; at--)
			;
		if ((at > 0 && days[at - 1].day == x) ||
		    n == (int)(sizeof(days) / sizeof(days[0])))
			continue;
		memmove(&days[at + 1], &days[at],
		        (size_t)(n - at) * sizeof(*days));
		days[at] = (struct br_outcome_day){x,        d->pain,  BR_UNSET,
		                                   BR_UNSET, BR_UNSET, -1};
		n++;
	}
	br_outcome_windows(days, n, opened, first, t->day, &b, &l);
	if (!b.defined || !l.defined || !b.fig[BR_FIG_PAIN].ok ||
	    !l.fig[BR_FIG_PAIN].ok ||
	    br_instrument_change(t->nrs, b.fig[BR_FIG_PAIN].mean,
	                         l.fig[BR_FIG_PAIN].mean, &c, &err) < 0 ||
	    c.cannot_assess || c.responder_points != 0 ||
	    c.responder_percent != 0)
		return false;
	if (t->nrs->has_mcid_points && t->nrs->has_mcid_percent)
		snprintf(why, len,
		         "Diary pain %.1f from %.1f after %d sessions: less "
		         "than %g points and %g %% better",
		         l.fig[BR_FIG_PAIN].mean, b.fig[BR_FIG_PAIN].mean,
		         f->sessions, t->nrs->mcid_points,
		         t->nrs->mcid_percent);
	else
		snprintf(why, len,
		         "Diary pain %.1f from %.1f after %d sessions",
		         l.fig[BR_FIG_PAIN].mean, b.fig[BR_FIG_PAIN].mean,
		         f->sessions);
	return true;
}

/* What is due at a visit, in words: the due items a visit deals with. */
static json_t *
due_at_visit(json_t *due)
{
	static const char *const kinds[][2] = {
	        {"questionnaire", NULL},
	        {"trial-checkpoint", "trial review"},
	        {"red-flag-screen", "re-screen red flags"},
	        {"exercise", "exercise review"},
	        {"pacing", "pacing review"},
	};
	json_t *words = json_array(), *d;
	size_t k;

	json_array_foreach(due, k, d)
	{
		const char *kind =
		        json_string_value(json_object_get(d, "kind"));

		for (size_t j = 0; kind && j < sizeof(kinds) / sizeof(kinds[0]);
		     j++)
			if (strcmp(kind, kinds[j][0]) == 0)
				json_array_append_new(
				        words,
				        json_string(
				                kinds[j][1]
				                        ? kinds[j][1]
				                        : json_string_value(
				                                  json_object_get(
				                                          d,
				                                          "wha"
				                                          "t"))));
	}
	return words;
}

static int
add_appointments(struct today *t, const struct br_clinic_page *pg, size_t i,
                 const struct figures *f, json_t *due, struct br_err *err)
{
	for (size_t k = pg->visits_at[i]; f->open && k < pg->visits_at[i + 1];
	     k++) {
		struct br_visit v = pg->visits[k];
		struct appointment *a;

		if (v.episode_id != f->cur->id ||
		    strcmp(v.status, "cancelled") == 0)
			continue;
		if (t->n_appts == t->cap_appts) {
			size_t cap = t->cap_appts ? 2 * t->cap_appts : 16;
			struct appointment *x =
			        realloc(t->appts, cap * sizeof(*x));

			if (x == NULL)
				return br_error(err, BR_ENOMEM, "",
				                "out of memory");
			t->appts = x;
			t->cap_appts = cap;
		}
		snprintf(v.patient_name, sizeof(v.patient_name), "%s",
		         pg->patients[i].name);
		a = &t->appts[t->n_appts];
		a->starts_at = v.starts_at;
		a->seq = t->n_appts++;
		a->v = vi_view_visit(&t->w, &v);
		json_object_set_new(a->v, "due", due_at_visit(due));
	}
	return 0;
}

/* The due items of kinds, of one patient. */
static json_t *
due_of(json_t *due, const char *const *kinds)
{
	json_t *out = json_array(), *d;
	size_t k;

	json_array_foreach(due, k, d)
	{
		const char *kind =
		        json_string_value(json_object_get(d, "kind"));

		for (const char *const *x = kinds; kind && *x; x++)
			if (strcmp(kind, *x) == 0)
				json_array_append(out, d);
	}
	return out;
}

/* Appends to buf (of len, holding n bytes) sep then text. */
static void
join(char *buf, size_t len, const char *sep, const char *text)
{
	size_t n = strlen(buf);

	if (n + 1 < len)
		snprintf(buf + n, len - n, "%s%s", n ? sep : "", text);
}

/* The trial reviews and the rest of what is due, from the due items. */
static void
due_items(struct today *t, const struct br_patient *p, json_t *due)
{
	static const char *const trial[] = {"trial-checkpoint", NULL};
	static const char *const rest[] = {"red-flag-screen", "questionnaire",
	                                   "exercise", "pacing", NULL};
	static const char *const words[] = {
	        "re-screen red flags", "questionnaires", "exercises", "pacing"};
	json_t *x = due_of(due, trial), *d;
	char why[2048] = "", kinds[128] = "";
	bool seen[4] = {false}, rescreen = false;
	size_t k;

	json_array_foreach(x, k, d)
	{
		char one[256], treatment[128];

		snprintf(treatment, sizeof(treatment), "%s",
		         json_string_value(json_object_get(d, "treatment")));
		for (char *c = treatment; *c; c++)
			if (*c == '-')
				*c = ' ';
		snprintf(one, sizeof(one),
		         "%s: %lld sessions, checkpoint at %lld", treatment,
		         (long long)json_integer_value(
		                 json_object_get(d, "sessions")),
		         (long long)json_integer_value(
		                 json_object_get(d, "trial")));
		join(why, sizeof(why), "; ", one);
	}
	if (json_array_size(x))
		item(t->trial, p, badge("warn", "review the course"), why,
		     "#plan");
	json_decref(x);
	x = due_of(due, rest);
	why[0] = '\0';
	json_array_foreach(x, k, d)
	{
		const char *kind =
		        json_string_value(json_object_get(d, "kind"));

		join(why, sizeof(why), "; ",
		     json_string_value(json_object_get(d, "what")));
		for (int j = 0; j < 4; j++)
			if (strcmp(kind, rest[j]) == 0 && !seen[j]) {
				seen[j] = true;
				join(kinds, sizeof(kinds), ", ", words[j]);
				rescreen = rescreen || j == 0;
			}
	}
	if (json_array_size(x))
		item(t->rest, p, badge(rescreen ? "warn" : "ok", kinds), why,
		     NULL);
	json_decref(x);
}

static json_t *
row_json(const struct today *t, const struct br_patient *p,
         const struct figures *f)
{
	json_t *ep = json_null();

	if (f->cur) {
		struct br_phase ph;
		int32_t onset = 0, end = t->app->today;

		br_parse_date("onset", f->cur->onset, &onset, NULL);
		if (f->cur->closed_on[0])
			br_parse_date("closed_on", f->cur->closed_on, &end,
			              NULL);
		br_phase_of(onset, end, &ph);
		ep = json_pack("{s:I, s:s, s:s, s:f}", "id",
		               (json_int_t)f->cur->id, "status", f->cur->status,
		               "phase", br_phase_name(ph.cochrane),
		               "duration_weeks", ph.weeks);
	}
	return json_pack(
	        "{s:I, s:s, s:o, s:o, s:o, s:{s:i, s:o}, s:{s:i, s:o}}", "id",
	        (json_int_t)p->id, "name", p->name, "ref",
	        br_json_text_opt(p->ref), "screening",
	        f->screening ? json_incref(f->screening) : json_null(),
	        "episode", ep, "diary", "days", f->week.diary_days, "pain",
	        f->week.pain.n ? json_real(round1(f->week.pain.mean))
	                       : json_null(),
	        "sessions", "count", f->sessions, "last",
	        f->last_session ? json_string(f->last_session) : json_null());
}

static int
patient(struct today *t, const struct br_clinic_page *pg, size_t i,
        struct br_err *err)
{
	const struct br_patient *p = &pg->patients[i];
	struct figures f;
	json_t *due = NULL;
	char why[256];
	int rc = br_due_patient(&t->ev, pg, i, &due, err);

	if (rc < 0)
		return rc;
	summarise(t, pg, i, &f);
	t->patients++;
	if (f.open) {
		t->open++;
		t->diary_active += f.week.diary_days > 0;
		screening(f.x, &f);
		if (not_responding(t, pg, i, &f, why, sizeof(why)))
			item(t->notresp, p, badge("warn", "not responding"),
			     why, "#outcome");
		if (f.week.diary_days < DIARY_ENOUGH) {
			int n = f.week.diary_days;
			char words[32];

			if (n == 0)
				snprintf(why, sizeof(why),
				         "No diary entries in the last 7 days");
			else
				snprintf(why, sizeof(why),
				         "Diary on only %d of the last 7 days",
				         n);
			snprintf(words, sizeof(words), "%d of 7 days", n);
			item(t->missing[n], p,
			     n == 0 ? badge("bad", "none in 7 days")
			            : badge("warn", words),
			     why, NULL);
		}
	}
	if (f.rank < 2) {
		json_t *w = json_object_get(f.screening, "waiting");
		const char *tier =
		        json_string_value(json_object_get(w, "tier"));
		char text[64];

		snprintf(why, sizeof(why),
		         "Screen of %s: %s; no session until cleared",
		         json_string_value(json_object_get(w, "date")),
		         json_string_value(json_object_get(w, "referral")));
		snprintf(text, sizeof(text), "%s red flag", tier);
		item(t->red[f.rank], p,
		     badge(f.rank == 0 ? "bad" : "warn", text), why, NULL);
	}
	due_items(t, p, due);
	rc = add_appointments(t, pg, i, &f, due, err);
	json_array_append_new(t->rows[f.rank], row_json(t, p, &f));
	json_decref(f.screening);
	json_decref(due);
	return rc;
}

/*
 * Alerts: what another part of the record says needs a clinician before
 * anything else (a pre-visit intake's emergency answers, say).  A source
 * appends its items (as item() makes them) to t->alerts for the page's
 * patients here; the group leads "attention", before the red flags, and
 * is left out while it is empty.  No source is wired in yet.
 */
static int
alerts(struct today *t, const struct br_clinic_page *pg, struct br_err *err)
{
	(void)t;
	(void)pg;
	(void)err;
	return 0;
}

static int
by_time(const void *a, const void *b)
{
	const struct appointment *x = a, *y = b;

	if (x->starts_at != y->starts_at)
		return x->starts_at < y->starts_at ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void
group(json_t *attention, const char *key, const char *title, json_t *items)
{
	json_array_append_new(attention,
	                      json_pack("{s:s, s:s, s:O}", "group", key,
	                                "title", title, "items", items));
}

static json_t *
answer(struct today *t)
{
	json_t *appts = json_array(), *att = json_array(), *rows = json_array();
	json_t *red = json_array(), *missing = json_array();
	char date[BR_DATE_LEN];

	qsort(t->appts, t->n_appts, sizeof(*t->appts), by_time);
	for (size_t k = 0; k < t->n_appts; k++) {
		json_array_append_new(appts, t->appts[k].v);
		t->appts[k].v = NULL;
	}
	json_array_extend(red, t->red[0]);
	json_array_extend(red, t->red[1]);
	for (int n = 0; n < DIARY_ENOUGH; n++)
		json_array_extend(missing, t->missing[n]);
	if (json_array_size(t->alerts))
		group(att, "alerts", "Alerts", t->alerts);
	group(att, "red-flags", "Red flags", red);
	group(att, "trial-reviews", "Trial reviews due", t->trial);
	group(att, "not-responding", "Not responding", t->notresp);
	group(att, "diary-missing", "Diary missing", missing);
	group(att, "due-today", "Due today", t->rest);
	json_decref(red);
	json_decref(missing);
	for (int r = 0; r < 3; r++)
		json_array_extend(rows, t->rows[r]);
	br_format_date(t->day, date);
	return json_pack("{s:s, s:{s:I, s:I, s:I}, s:o, s:o, s:o}", "date",
	                 date, "figures", "patients", t->patients,
	                 "open_episodes", t->open, "diary_this_week",
	                 t->diary_active, "appointments", appts, "attention",
	                 att, "patients", rows);
}

static void
today_free(struct today *t)
{
	for (size_t k = 0; k < t->n_appts; k++)
		json_decref(t->appts[k].v);
	free(t->appts);
	for (int r = 0; r < 3; r++)
		json_decref(t->rows[r]);
	json_decref(t->alerts);
	json_decref(t->red[0]);
	json_decref(t->red[1]);
	json_decref(t->trial);
	json_decref(t->notresp);
	for (int n = 0; n < DIARY_ENOUGH; n++)
		json_decref(t->missing[n]);
	json_decref(t->rest);
	br_due_eval_free(&t->ev);
}

int
br_app_today(struct br_app *app, json_t *in, json_t **out, struct br_err *err)
{
	static const char *const keys[] = {"clinic_id", NULL};
	struct br_patient_scope sc;
	struct br_clinic_cursor after;
	struct br_clinic_page pg;
	struct today t;
	json_t *view = NULL;
	int rc = br_in_only(in, keys, err);

	if (rc == 0)
		rc = br_app_scope(app, in, &sc, err);
	if (rc < 0)
		return rc;
	memset(&t, 0, sizeof(t));
	t.app = app;
	t.day = app->today;
	rc = br_due_eval_init(&t.ev, app, t.day, 0, err);
	if (rc < 0)
		return rc;
	if (br_app_instrument(app, "nrs", &t.nrs, err) < 0) {
		t.nrs = NULL;
		br_err_clear(err);
	}
	for (int r = 0; r < 3; r++)
		t.rows[r] = json_array();
	t.alerts = json_array();
	t.red[0] = json_array();
	t.red[1] = json_array();
	t.trial = json_array();
	t.notresp = json_array();
	for (int n = 0; n < DIARY_ENOUGH; n++)
		t.missing[n] = json_array();
	t.rest = json_array();
	/* A read: the audit row is written after it, in its own
	 * transaction, before anything is answered. */
	rc = br_store_begin_read(app->store, err);
	if (rc < 0) {
		today_free(&t);
		return rc;
	}
	if (sc.clinic_id)
		rc = br_store_clinic_exists(app->store, sc.clinic_id, err);
	if (rc == 0)
		rc = vi_load_viewer(app, &t.w, err);
	memset(&after, 0, sizeof(after));
	do {
		if (rc == 0)
			rc = br_store_clinic_page(
			        app->store, &sc, &after, TODAY_PAGE,
			        BR_CLINIC_DUE | BR_CLINIC_TODAY, t.day, &pg,
			        err);
		if (rc < 0)
			break;
		rc = alerts(&t, &pg, err);
		for (size_t i = 0; rc == 0 && i < pg.n; i++)
			rc = patient(&t, &pg, i, err);
		after = pg.next;
		if (pg.n < TODAY_PAGE)
			after.id = 0;
		br_store_clinic_page_free(&pg);
	} while (rc == 0 && after.id);
	if (rc == 0)
		rc = br_store_end_read(app->store, err);
	else
		br_store_rollback(app->store);
	if (rc == 0)
		rc = br_app_audit_commit(app, "today.read", 0, NULL, 0, err);
	if (rc == 0 && (view = answer(&t)) == NULL)
		rc = br_error(err, BR_ENOMEM, "", "out of memory");
	today_free(&t);
	if (rc < 0)
		return rc;
	*out = view;
	return 0;
}
