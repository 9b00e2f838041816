/*
 * fhir_import_observation.c - FHIR import of Observations (diary and
 * session metrics, dispatching the other Observation kinds) and the diary
 * days they make.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "interop/fhir_import_internal.h"

/* Observations ------------------------------------------------------------ */

static int
metric_of(json_t *code)
{
	const char *c;
	int m;

	if (fi_has_coding(code, BR_FHIR_CS BR_CS_OBS, &c))
		for (m = 0; m < BR_M_COUNT; m++)
			if (strcmp(br_metrics[m].system, BR_LOINC) != 0 &&
			    strcmp(br_metrics[m].code, c) == 0)
				return m;
	if (fi_has_coding(code, BR_LOINC, &c)) {
		if (strcmp(c, BR_LOINC_PAIN) == 0)
			return BR_M_PAIN;
		if (strcmp(c, BR_LOINC_TST) == 0)
			return BR_M_TST;
	}
	return -1;
}

/* The Observation's value as a whole number in [0, max]. */
static bool
obs_int(struct entry *x, enum br_metric m, int max, int *out)
{
	json_t *q = json_object_get(x->res, "valueQuantity");
	json_t *v = json_object_get(x->res, "valueInteger");
	const char *unit = br_metrics[m].unit;

	if (v)
		return fi_get_int(x, v, "valueInteger", 0, max, out);
	if (q == NULL)
		return fi_reject(x, "%s needs valueQuantity or valueInteger",
		                 br_metrics[m].key);
	if (!json_is_object(q))
		return fi_reject(x, "valueQuantity must be a Quantity");
	if (unit && unit[0] && fi_str(q, "code") &&
	    strcmp(fi_str(q, "code"), unit) != 0)
		return fi_reject(x,
		                 "valueQuantity of %s must be in %s, not %.20s",
		                 br_metrics[m].key, unit, fi_str(q, "code"));
	return fi_get_int(x, json_object_get(q, "value"), "valueQuantity.value",
	                  0, max, out);
}

static bool
add_item(struct imp *im, struct diary_item *it)
{
	void *p;

	if (im->n_items == im->cap_items) {
		size_t cap = im->cap_items ? im->cap_items * 2 : 64;

		p = realloc(im->items, cap * sizeof(*im->items));
		if (p == NULL) {
			im->fatal = BR_ENOMEM;
			return false;
		}
		im->items = p;
		im->cap_items = cap;
	}
	im->items[im->n_items++] = *it;
	return true;
}

/* The day in backrest's diary identifier "<patient>:<date>:<metric>", when
 * there is one; it must name the Observation's patient and be within a
 * day of the night's own dates. */
bool
fi_diary_day_of(struct entry *x, int64_t pid, int32_t *day)
{
	const char *v = fi_own_ident(x, BR_NS_DIARY);
	char date[BR_DATE_LEN], want[24];
	const char *c1;
	int32_t d;

	if (v == NULL)
		return true;
	snprintf(want, sizeof(want), "%lld:", (long long)pid);
	c1 = strncmp(v, want, strlen(want)) == 0 ? v + strlen(want) : NULL;
	if (c1 == NULL || strlen(c1) < 11 || c1[10] != ':')
		return fi_reject(x,
		                 "identifier %.60s does not name this "
		                 "Observation's patient and day",
		                 v);
	memcpy(date, c1, 10);
	date[10] = '\0';
	if (br_parse_date("date", date, &d, NULL) < 0 || d < *day - 1 ||
	    d > *day + 1)
		return fi_reject(x,
		                 "identifier %.60s does not match the "
		                 "effectivePeriod",
		                 v);
	*day = d;
	return true;
}

void
fi_read_observation(struct imp *im, struct entry *x)
{
	static const int max[BR_M_COUNT] = {
	        [BR_M_PAIN] = 10,          [BR_M_PAIN_WORST] = 10,
	        [BR_M_ACTIVITY] = 1440,    [BR_M_SOL] = 1440,
	        [BR_M_WASO] = 1440,        [BR_M_WAKES] = 100,
	        [BR_M_QUALITY] = 4,        [BR_M_SESSION_BEFORE] = 10,
	        [BR_M_SESSION_AFTER] = 10,
	};
	struct diary_item it = {0};
	const char *status, *dt, *c = NULL;
	json_t *period, *code;
	int m, mins;
	int64_t pid;

	if (!fi_check_idents(x))
		return;
	status = fi_get_str(x, x->res, "status", "status");
	if (x->bad)
		return;
	if (status == NULL ||
	    (strcmp(status, "final") != 0 && strcmp(status, "amended") != 0 &&
	     strcmp(status, "corrected") != 0)) {
		fi_reject(x, "status must be final, amended or corrected");
		return;
	}
	code = json_object_get(x->res, "code");
	if (fi_has_coding(code, BR_FHIR_CS BR_CS_INSTRUMENT, &c)) {
		fi_read_score_obs(im, x, c);
		return;
	}
	if (fi_has_coding(code, BR_FHIR_CS BR_CS_TCM, &c)) {
		fi_read_tcm_obs(im, x, c);
		return;
	}
	if (fi_has_coding(code, BR_FHIR_CS BR_CS_OBS, &c) &&
	    strcmp(c, BR_OBS_SCREEN) == 0) {
		fi_read_screen(im, x);
		return;
	}
	if (fi_has_coding(code, BR_FHIR_CS BR_CS_OBS, &c) &&
	    strcmp(c, BR_OBS_HERB_AE) == 0) {
		fi_read_herb_ae(im, x);
		return;
	}
	if (fi_has_coding(code, BR_FHIR_CS BR_CS_OBS, &c) &&
	    strcmp(c, BR_OBS_EX_LOG) == 0) {
		fi_read_exercise_log(im, x);
		return;
	}
	if (fi_has_coding(code, BR_FHIR_CS BR_CS_OBS, &c) &&
	    strcmp(c, BR_OBS_PACE) == 0) {
		fi_read_pacing_log(im, x);
		return;
	}
	if (fi_has_coding(code, BR_FHIR_CS BR_CS_OBS, &c) &&
	    strcmp(c, BR_OBS_ROUTINE) == 0) {
		fi_read_ticks(im, x);
		return;
	}
	/* A sleep tracker's night (fhir_export_sleep.c): kept from the
	 * tracker's own export, never rebuilt from a bundle; skipped. */
	if (fi_own_ident(x, "device-night-observation")) {
		x->kind = K_UNKNOWN;
		return;
	}
	m = metric_of(code);
	if (m < 0) {
		if (im->o->skip_unknown)
			x->kind = K_UNKNOWN;
		else
			fi_reject(x, "code is not one backrest stores (pain "
			             "72514-3, sleep duration 93832-4 or a "
			             "backrest observation code); use "
			             "--skip-unknown to skip it");
		return;
	}
	if (!fi_resolve_patient(im, x, x->res, "subject", &pid))
		return;
	if (m == BR_M_SESSION_BEFORE || m == BR_M_SESSION_AFTER) {
		bool stored;
		struct entry *se = fi_session_of(im, x, &stored);
		int v;

		if (se == NULL) {
			x->exists = stored;
			return;
		}
		if (!obs_int(x, (enum br_metric)m, 10, &v))
			return;
		if (m == BR_M_SESSION_BEFORE)
			se->rec.session->pain_before = v;
		else
			se->rec.session->pain_after = v;
		return;
	}
	it.patient_id = pid;
	it.metric = (enum br_metric)m;
	it.entry = x->index;
	it.v = it.t0 = it.t1 = BR_UNSET;
	period = json_object_get(x->res, "effectivePeriod");
	if (m == BR_M_TIB || m == BR_M_TST) {
		const char *a, *b;
		int32_t da = 0, db = 0;

		if (!json_is_object(period)) {
			fi_reject(x,
			          "%s needs effectivePeriod (the clock times); "
			          "backrest stores the diary times, not the "
			          "duration",
			          br_metrics[m].key);
			return;
		}
		a = fi_get_str(x, period, "start", "effectivePeriod.start");
		b = fi_get_str(x, period, "end", "effectivePeriod.end");
		if (x->bad)
			return;
		if ((a && (!fi_parse_dt(a, &da, &it.t0, NULL) ||
		           it.t0 == BR_UNSET)) ||
		    (b && (!fi_parse_dt(b, &db, &it.t1, NULL) ||
		           it.t1 == BR_UNSET)) ||
		    (!a && !b)) {
			fi_reject(x, "effectivePeriod needs start or end as a "
			             "dateTime with a time");
			return;
		}
		/* The night belongs to the day it ends on; a start alone in
		 * the evening is the night before the next day. */
		it.day = b ? db : (it.t0 >= 720 ? da + 1 : da);
		if (a && b && (db < da || db - da > 1)) {
			fi_reject(x, "effectivePeriod must span one night");
			return;
		}
		/* backrest's own identifier names the diary day: a night
		 * whose final awakening falls before midnight still belongs
		 * to the morning it was reported. */
		if (!fi_diary_day_of(x, pid, &it.day))
			return;
		add_item(im, &it);
		return;
	}
	dt = fi_get_str(x, x->res, "effectiveDateTime", "effectiveDateTime");
	if (dt == NULL && json_is_object(period))
		dt = fi_get_str(x, period, "start", "effectivePeriod.start");
	if (x->bad)
		return;
	if (dt == NULL || !fi_parse_dt(dt, &it.day, &mins, NULL)) {
		fi_reject(x, "effectiveDateTime must be the diary date "
		             "(YYYY-MM-DD)");
		return;
	}
	if (m == BR_M_NOTE) {
		char note[BR_NOTE_MAX];

		if (!fi_set_text(x, "valueString",
		                 json_object_get(x->res, "valueString"), note,
		                 sizeof(note)))
			return;
		it.note = x->index;
	} else if (!obs_int(x, (enum br_metric)m, max[m], &it.v)) {
		return;
	}
	add_item(im, &it);
}

/* Diary days ----------------------------------------------------------------
 */

static int
cmp_item(const void *a, const void *b)
{
	const struct diary_item *x = a, *y = b;

	if (x->patient_id != y->patient_id)
		return x->patient_id < y->patient_id ? -1 : 1;
	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	if (x->metric != y->metric)
		return (int)x->metric - (int)y->metric;
	return x->entry < y->entry ? -1 : x->entry > y->entry;
}

static void
apply_item(struct imp *im, const struct diary_item *it, struct br_diary_day *d)
{
	struct br_night *n = &d->night;

	switch (it->metric) {
	case BR_M_PAIN:
		d->pain = it->v;
		break;
	case BR_M_PAIN_WORST:
		d->pain_worst = it->v;
		break;
	case BR_M_ACTIVITY:
		d->activity_min = it->v;
		break;
	case BR_M_SOL:
		n->sol = it->v;
		break;
	case BR_M_WASO:
		n->waso = it->v;
		break;
	case BR_M_WAKES:
		n->wakes = it->v;
		break;
	case BR_M_QUALITY:
		n->quality = it->v;
		break;
	case BR_M_TIB:
		n->bed = it->t0 != BR_UNSET ? it->t0 : n->bed;
		n->up = it->t1 != BR_UNSET ? it->t1 : n->up;
		break;
	case BR_M_TST:
		n->try_ = it->t0 != BR_UNSET ? it->t0 : n->try_;
		n->final = it->t1 != BR_UNSET ? it->t1 : n->final;
		break;
	case BR_M_NOTE:
		snprintf(d->note, sizeof(d->note), "%s",
		         json_string_value(json_object_get(im->e[it->note].res,
		                                           "valueString")));
		break;
	default:
		break;
	}
}

/* Sorts the diary items by patient, day and metric, and rejects an item
 * that repeats another's metric on the same day (read phase). */
void
fi_group_days(struct imp *im)
{
	if (im->n_items > 1)
		qsort(im->items, im->n_items, sizeof(*im->items), cmp_item);
	for (size_t j = 1; j < im->n_items; j++) {
		const struct diary_item *a = &im->items[j - 1],
		                        *b = &im->items[j];

		if (a->patient_id == b->patient_id && a->day == b->day &&
		    a->metric == b->metric)
			fi_reject(&im->e[b->entry],
			          "duplicate: entry %zu has the same patient, "
			          "day and %s",
			          a->entry, br_metrics[b->metric].key);
	}
}

/* The items [from, to) of one patient's day, set on the day the app
 * loaded (br_app_diary_apply's fill). */
struct day_items {
	struct imp *im;
	size_t from, to;
};

static int
fill_day(void *ctx, struct br_diary_day *d, struct br_err *err)
{
	struct day_items *g = ctx;
	char ts[BR_TS_LEN] = "";

	(void)err;
	for (size_t j = g->from; j < g->to; j++) {
		struct entry *x = &g->im->e[g->im->items[j].entry];

		apply_item(g->im, &g->im->items[j], d);
		if (strcmp(x->ts, ts) > 0)
			memcpy(ts, x->ts, sizeof(ts));
	}
	if (ts[0])
		memcpy(d->updated_at, ts, sizeof(ts));
	return 0;
}

int
fi_write_days(struct imp *im, size_t *n_new, size_t *n_changed,
              size_t *unchanged)
{
	size_t i = 0, j;

	while (i < im->n_items) {
		const struct diary_item *it = &im->items[i];
		struct day_items g = {im, i, i};
		struct br_err e = BR_ERR_INIT;
		char date[BR_DATE_LEN], what_day[32];
		enum br_app_day what;
		int rc;

		for (j = i; j < im->n_items &&
		            im->items[j].patient_id == it->patient_id &&
		            im->items[j].day == it->day;
		     j++)
			;
		g.to = j;
		br_format_date(it->day, date);
		snprintf(what_day, sizeof(what_day), "diary day %s: ", date);
		rc = br_app_diary_apply(im->app, it->patient_id, date, fill_day,
		                        &g, NULL, &what, &e);
		if (fi_refused(&im->e[it->entry], rc, &e, what_day))
			return BR_EINVAL;
		if (rc < 0) {
			*im->err = e;
			return rc;
		}
		if (what == BR_APP_DAY_UNCHANGED) {
			(*unchanged)++;
			for (size_t k = i; k < j; k++)
				im->e[im->items[k].entry].exists = true;
		} else if (what == BR_APP_DAY_NEW) {
			(*n_new)++;
		} else {
			(*n_changed)++;
		}
		i = j;
	}
	return 0;
}
