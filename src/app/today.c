/*
 * today.c - use case: the Today page in one answer (see today.h).
 *
 * The clinic's patients are read a page at a time (store/clinic_load.h);
 * each patient's row and attention items are written as JSON text as soon
 * as the page is read (core/jsonw.h: the answer is large, a row for every
 * patient, and a jansson tree of it cost more than reading the records),
 * into lists kept until the last page, then joined in the order the page
 * shows them.
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
#include "core/jsonw.h"
#include "core/outcome.h"
#include "core/phase.h"
#include "core/redflag.h"
#include "core/window.h"
#include "store/clinic_load.h"
#include "store/patient_query.h"
#include "store/users.h"

/* Patients a page. */
#define TODAY_PAGE 2000
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

/* A JSON array being written: its elements' text, without brackets. */
struct list {
	struct br_jw w;
	size_t n;
};

struct today {
	struct br_app *app;
	int32_t day;
	struct br_due_eval ev;
	const struct br_instrument *nrs; /* NULL: not loaded */
	struct viewer w;
	/* Rows by red-flag rank: emergency, urgent, the rest. */
	struct list rows[3];
	/* Attention, per group (items in the patient list's order). */
	struct list alerts, red[2], trial, notresp, missing[DIARY_ENOUGH], rest;
	struct appointment *appts;
	size_t n_appts, cap_appts;
	long long patients, open, diary_active;
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
};

/* Starts the next element of l. */
static struct br_jw *
next(struct list *l)
{
	if (l->n++ > 0)
		br_jw_lit(&l->w, ",");
	return &l->w;
}

/* Appends l's elements to w as an array. */
static void
put_list(struct br_jw *w, const struct list *l)
{
	br_jw_lit(w, "[");
	if (l->w.len)
		br_jw_raw(w, l->w.buf, l->w.len);
	br_jw_lit(w, "]");
}

/* An attention item of patient p. */
static void
item(struct list *l, const struct br_patient *p, const char *tone,
     const char *badge, const char *why, const char *link)
{
	struct br_jw *w = next(l);

	br_jw_lit(w, "{\"patient_id\":");
	br_jw_int(w, p->id);
	br_jw_lit(w, ",\"name\":");
	br_jw_str(w, p->name, false);
	br_jw_lit(w, ",\"badge\":{\"tone\":");
	br_jw_str(w, tone, false);
	br_jw_lit(w, ",\"text\":");
	br_jw_str(w, badge, false);
	br_jw_lit(w, "},\"why\":");
	br_jw_str(w, why, false);
	br_jw_lit(w, ",\"link\":");
	br_jw_str(w, link, true);
	br_jw_lit(w, "}");
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
 * answers it: the last screen, and the one waiting for clearance; sets
 * the rank. */
static void
put_screening(struct br_jw *w, struct figures *f)
{
	const struct br_clinic_episode *x = f->x;
	int tier = br_tier_parse(x->waiting.tier);

	br_jw_lit(w, "{\"last\":");
	if (x->screen.day[0]) {
		br_jw_lit(w, "{\"date\":");
		br_jw_str(w, x->screen.day, false);
		br_jw_lit(w, ",\"tier\":");
		br_jw_str(w, x->screen.tier, false);
		br_jw_lit(w, x->screen.cleared ? ",\"cleared\":true}"
		                               : ",\"cleared\":false}");
	} else {
		br_jw_lit(w, "null");
	}
	br_jw_lit(w, ",\"waiting\":");
	if (x->waiting.day[0] && tier > BR_TIER_NONE) {
		br_jw_lit(w, "{\"date\":");
		br_jw_str(w, x->waiting.day, false);
		br_jw_lit(w, ",\"tier\":");
		br_jw_str(w, x->waiting.tier, false);
		br_jw_lit(w, ",\"referral\":");
		br_jw_str(w, br_tier_referral((enum br_tier)tier), false);
		br_jw_lit(w, "}");
	} else {
		br_jw_lit(w, "null");
	}
	br_jw_lit(w, "}");
}

/* Whether the current open episode waits for a screen's clearance: its
 * rank (0 emergency, 1 urgent, 2 not). */
static int
rank_of(const struct figures *f)
{
	int tier;

	if (!f->open || !f->x->waiting.day[0])
		return 2;
	tier = br_tier_parse(f->x->waiting.tier);
	return tier == BR_TIER_EMERGENCY ? 0 : tier > BR_TIER_NONE ? 1 : 2;
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

/* Appends to buf (of len) sep then text. */
static void
join(char *buf, size_t len, const char *sep, const char *text)
{
	size_t n = strlen(buf);

	if (n + 1 < len)
		snprintf(buf + n, len - n, "%s%s", n ? sep : "", text);
}

static bool
kind_is(json_t *d, const char *kind)
{
	const char *k = json_string_value(json_object_get(d, "kind"));

	return k && strcmp(k, kind) == 0;
}

/* The trial reviews and the rest of what is due, from the due items. */
static void
due_items(struct today *t, const struct br_patient *p, json_t *due)
{
	static const char *const rest[] = {"red-flag-screen", "questionnaire",
	                                   "exercise", "pacing"};
	static const char *const words[] = {
	        "re-screen red flags", "questionnaires", "exercises", "pacing"};
	char why[2048] = "", kinds[128] = "";
	bool seen[4] = {false}, any = false;
	json_t *d;
	size_t k;

	json_array_foreach(due, k, d)
	{
		char one[256], treatment[128];

		if (!kind_is(d, "trial-checkpoint"))
			continue;
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
		any = true;
	}
	if (any)
		item(&t->trial, p, "warn", "review the course", why, "#plan");
	why[0] = '\0';
	any = false;
	json_array_foreach(due, k, d)
	{
		for (int j = 0; j < 4; j++) {
			if (!kind_is(d, rest[j]))
				continue;
			join(why, sizeof(why), "; ",
			     json_string_value(json_object_get(d, "what")));
			if (!seen[j])
				join(kinds, sizeof(kinds), ", ", words[j]);
			seen[j] = any = true;
		}
	}
	if (any)
		item(&t->rest, p, seen[0] ? "warn" : "ok", kinds, why, NULL);
}

static void
put_row(struct today *t, const struct br_patient *p, struct figures *f)
{
	struct br_jw *w = next(&t->rows[f->rank]);

	br_jw_lit(w, "{\"id\":");
	br_jw_int(w, p->id);
	br_jw_lit(w, ",\"name\":");
	br_jw_str(w, p->name, false);
	br_jw_lit(w, ",\"ref\":");
	br_jw_str(w, p->ref, true);
	br_jw_lit(w, ",\"screening\":");
	if (f->open)
		put_screening(w, f);
	else
		br_jw_lit(w, "null");
	br_jw_lit(w, ",\"episode\":");
	if (f->cur) {
		struct br_phase ph;
		int32_t onset = 0, end = t->app->today;

		br_parse_date("onset", f->cur->onset, &onset, NULL);
		if (f->cur->closed_on[0])
			br_parse_date("closed_on", f->cur->closed_on, &end,
			              NULL);
		br_phase_of(onset, end, &ph);
		br_jw_lit(w, "{\"id\":");
		br_jw_int(w, f->cur->id);
		br_jw_lit(w, ",\"status\":");
		br_jw_str(w, f->cur->status, false);
		br_jw_lit(w, ",\"phase\":");
		br_jw_str(w, br_phase_name(ph.cochrane), false);
		br_jw_lit(w, ",\"duration_weeks\":");
		br_jw_tenths(w, ph.weeks);
		br_jw_lit(w, "}");
	} else {
		br_jw_lit(w, "null");
	}
	br_jw_lit(w, ",\"diary\":{\"days\":");
	br_jw_int(w, f->week.diary_days);
	br_jw_lit(w, ",\"pain\":");
	if (f->week.pain.n)
		br_jw_tenths(w, round(f->week.pain.mean * 10) / 10);
	else
		br_jw_lit(w, "null");
	br_jw_lit(w, "},\"sessions\":{\"count\":");
	br_jw_int(w, f->sessions);
	br_jw_lit(w, ",\"last\":");
	br_jw_str(w, f->last_session, true);
	br_jw_lit(w, "}}");
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
	f.rank = rank_of(&f);
	t->patients++;
	if (f.open) {
		int n = f.week.diary_days;

		t->open++;
		t->diary_active += n > 0;
		if (not_responding(t, pg, i, &f, why, sizeof(why)))
			item(&t->notresp, p, "warn", "not responding", why,
			     "#outcome");
		if (n < DIARY_ENOUGH) {
			char words[32];

			if (n == 0)
				snprintf(why, sizeof(why),
				         "No diary entries in the last 7 days");
			else
				snprintf(why, sizeof(why),
				         "Diary on only %d of the last 7 days",
				         n);
			snprintf(words, sizeof(words), "%d of 7 days", n);
			item(&t->missing[n], p, n == 0 ? "bad" : "warn",
			     n == 0 ? "none in 7 days" : words, why, NULL);
		}
	}
	if (f.rank < 2) {
		char text[64];

		snprintf(why, sizeof(why),
		         "Screen of %s: %s; no session until cleared",
		         f.x->waiting.day,
		         br_tier_referral(f.rank == 0 ? BR_TIER_EMERGENCY
		                                      : BR_TIER_URGENT));
		snprintf(text, sizeof(text), "%s red flag", f.x->waiting.tier);
		item(&t->red[f.rank], p, f.rank == 0 ? "bad" : "warn", text,
		     why, NULL);
	}
	due_items(t, p, due);
	rc = add_appointments(t, pg, i, &f, due, err);
	put_row(t, p, &f);
	json_decref(due);
	return rc;
}

/*
 * Alerts: what another part of the record says needs a clinician before
 * anything else (a pre-visit intake's emergency answers, say).  A source
 * appends its items to t->alerts for the page's patients here, with
 * item() (patient, badge tone and words, why, the chart's section); the
 * group leads "attention", before the red flags, and is left out while it
 * is empty.  No source is wired in yet.
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

/* An attention group of the given lists, joined. */
static void
put_group(struct br_jw *w, bool first, const char *key, const char *title,
          const struct list *lists, int n)
{
	bool any = false;

	br_jw_lit(w, first ? "{\"group\":" : ",{\"group\":");
	br_jw_str(w, key, false);
	br_jw_lit(w, ",\"title\":");
	br_jw_str(w, title, false);
	br_jw_lit(w, ",\"items\":[");
	for (int k = 0; k < n; k++) {
		if (lists[k].n == 0)
			continue;
		if (any)
			br_jw_lit(w, ",");
		br_jw_raw(w, lists[k].w.buf, lists[k].w.len);
		any = true;
	}
	br_jw_lit(w, "]}");
}

/* The answer's text: NULL when memory ran out. */
static char *
answer(struct today *t, size_t *len)
{
	struct br_jw w;
	char date[BR_DATE_LEN];
	bool alert = t->alerts.n > 0;

	br_jw_init(&w, 0);
	br_format_date(t->day, date);
	br_jw_lit(&w, "{\"date\":");
	br_jw_str(&w, date, false);
	br_jw_lit(&w, ",\"figures\":{\"patients\":");
	br_jw_int(&w, t->patients);
	br_jw_lit(&w, ",\"open_episodes\":");
	br_jw_int(&w, t->open);
	br_jw_lit(&w, ",\"diary_this_week\":");
	br_jw_int(&w, t->diary_active);
	br_jw_lit(&w, "},\"appointments\":[");
	if (t->n_appts)
		qsort(t->appts, t->n_appts, sizeof(*t->appts), by_time);
	for (size_t k = 0; k < t->n_appts; k++) {
		char *v = json_dumps(t->appts[k].v, JSON_COMPACT);

		if (v == NULL) {
			br_jw_free(&w);
			return NULL;
		}
		if (k)
			br_jw_lit(&w, ",");
		br_jw_raw(&w, v, strlen(v));
		free(v);
	}
	br_jw_lit(&w, "],\"attention\":[");
	if (alert)
		put_group(&w, true, "alerts", "Alerts", &t->alerts, 1);
	put_group(&w, !alert, "red-flags", "Red flags", t->red, 2);
	put_group(&w, false, "trial-reviews", "Trial reviews due", &t->trial,
	          1);
	put_group(&w, false, "not-responding", "Not responding", &t->notresp,
	          1);
	put_group(&w, false, "diary-missing", "Diary missing", t->missing,
	          DIARY_ENOUGH);
	put_group(&w, false, "due-today", "Due today", &t->rest, 1);
	br_jw_lit(&w, "],\"patients\":");
	{
		struct list all = {.n = 0};

		br_jw_init(&all.w, 0);
		for (int r = 0; r < 3; r++)
			if (t->rows[r].n) {
				if (all.n++)
					br_jw_lit(&all.w, ",");
				br_jw_raw(&all.w, t->rows[r].w.buf,
				          t->rows[r].w.len);
			}
		put_list(&w, &all);
		br_jw_free(&all.w);
	}
	br_jw_lit(&w, "}");
	return br_jw_take(&w, len);
}

static void
lists(struct today *t, void (*fn)(struct br_jw *))
{
	struct list *all[] = {&t->rows[0],    &t->rows[1],    &t->rows[2],
	                      &t->alerts,     &t->red[0],     &t->red[1],
	                      &t->trial,      &t->notresp,    &t->missing[0],
	                      &t->missing[1], &t->missing[2], &t->missing[3],
	                      &t->rest};

	for (size_t k = 0; k < sizeof(all) / sizeof(all[0]); k++)
		fn(&all[k]->w);
}

static void
list_init(struct br_jw *w)
{
	br_jw_init(w, 0);
}

static void
today_free(struct today *t)
{
	for (size_t k = 0; k < t->n_appts; k++)
		json_decref(t->appts[k].v);
	free(t->appts);
	lists(t, br_jw_free);
	br_due_eval_free(&t->ev);
}

int
br_app_today_text(struct br_app *app, json_t *in, char **out, size_t *len,
                  struct br_err *err)
{
	static const char *const keys[] = {"clinic_id", NULL};
	struct br_patient_scope sc;
	struct br_clinic_cursor after;
	struct br_clinic_page pg;
	struct today t;
	char *text = NULL;
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
	lists(&t, list_init);
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
	if (rc == 0 && (text = answer(&t, len)) == NULL)
		rc = br_error(err, BR_ENOMEM, "", "out of memory");
	today_free(&t);
	if (rc < 0)
		return rc;
	*out = text;
	return 0;
}

int
br_app_today(struct br_app *app, json_t *in, json_t **out, struct br_err *err)
{
	json_error_t jerr;
	size_t len = 0;
	char *text = NULL;
	int rc = br_app_today_text(app, in, &text, &len, err);

	if (rc < 0)
		return rc;
	*out = json_loadb(text, len, 0, &jerr);
	free(text);
	return *out ? 0 : br_error(err, BR_ENOMEM, "", "out of memory");
}
