/*
 * csv_write.c - writes the diary, session, measure and outcome tables
 * (see csv.h and docs/csv.md), guarding cells a spreadsheet would run as a
 * formula.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/parse.h"
#include "interop/csv_internal.h"
#include "store/sleep_device.h"
#include "interop/records.h"
#include "store/interop.h"
#include "store/measures.h"

/* Writing ------------------------------------------------------------------ */

/* -3, 2.5, -1e-05: what the writers print for a number. */
static bool
plain_number(const char *s)
{
	s += *s == '-';
	if (*s < '0' || *s > '9')
		return false;
	s += strspn(s, "0123456789");
	if (*s == '.' && s[1] >= '0' && s[1] <= '9')
		s += 1 + strspn(s + 1, "0123456789");
	if (*s == 'e' || *s == 'E') {
		s += 1 + (s[1] == '-' || s[1] == '+');
		if (*s < '0' || *s > '9')
			return false;
		s += strspn(s, "0123456789");
	}
	return *s == '\0';
}

static bool
needs_guard(const char *s)
{
	const char *t = s + strspn(s, "'");

	return *t && strchr("=+-@\t\r", *t) && !plain_number(s);
}

void
br_csv_unguard(char *s)
{
	if (s[0] == '\'' && needs_guard(s + 1))
		memmove(s, s + 1, strlen(s));
}

void
br_csv_cell(FILE *f, bool first, const char *s, const char *quote_also)
{
	bool guard;

	if (!first)
		fputc(',', f);
	if (s == NULL || s[0] == '\0')
		return;
	guard = needs_guard(s);
	if (strpbrk(s, ",\"\r\n") || (quote_also && strpbrk(s, quote_also)) ||
	    strchr(" \t", s[0]) || strchr(" \t", s[strlen(s) - 1])) {
		fputs(guard ? "\"'" : "\"", f);
		for (; *s; s++) {
			if (*s == '"')
				fputc('"', f);
			fputc(*s, f);
		}
		fputc('"', f);
	} else {
		fputs(guard ? "'" : "", f);
		fputs(s, f);
	}
}

static void
cell(FILE *f, bool first, const char *s)
{
	br_csv_cell(f, first, s, NULL);
}

static void
cell_int(FILE *f, int v)
{
	if (v == BR_UNSET)
		fputc(',', f);
	else
		fprintf(f, ",%d", v);
}

static void
cell_clock(FILE *f, int v)
{
	char buf[6];

	if (v == BR_UNSET) {
		fputc(',', f);
		return;
	}
	br_format_clock(v, buf);
	fprintf(f, ",%s", buf);
}

static void
header(FILE *f, const char *const *cols)
{
	for (int i = 0; cols[i]; i++)
		cell(f, i == 0, cols[i]);
	fputc('\n', f);
}

static int
export_diary(struct br_store *s, const struct br_patient *p, FILE *f,
             long *rows, struct br_err *err)
{
	struct br_diary_day *days = NULL;
	size_t n = 0;
	int rc = br_store_diary_list(s, p->id, "", "", &days, &n, err);

	for (size_t i = 0; rc == 0 && i < n; i++) {
		const struct br_diary_day *d = &days[i];
		struct br_sleep_metrics m;
		char id[24];

		br_sleep_derive(&d->night, &m);
		snprintf(id, sizeof(id), "%lld", (long long)p->id);
		cell(f, true, id);
		cell(f, false, d->day);
		cell_clock(f, d->night.bed);
		cell_clock(f, d->night.try_);
		cell_int(f, d->night.sol);
		cell_int(f, d->night.wakes);
		cell_int(f, d->night.waso);
		cell_clock(f, d->night.final);
		cell_clock(f, d->night.up);
		cell_int(f, d->night.quality);
		cell_int(f, d->pain);
		cell_int(f, d->pain_worst);
		cell_int(f, d->activity_min);
		cell(f, false, d->note);
		cell_int(f, m.tib_min);
		cell_int(f, m.tst_min);
		if (m.se_pct < 0)
			fputc(',', f);
		else
			fprintf(f, ",%.1f", m.se_pct);
		cell(f, false, d->updated_at);
		fputc('\n', f);
		(*rows)++;
	}
	free(days);
	return rc;
}

static int
export_device_sleep(struct br_store *s, const struct br_patient *p, FILE *f,
                    long *rows, struct br_err *err)
{
	struct br_device_night_rec *x = NULL;
	size_t n = 0;
	int rc = br_store_device_night_list(s, p->id, "", "", &x, &n, err);

	for (size_t i = 0; rc == 0 && i < n; i++) {
		char id[24];

		snprintf(id, sizeof(id), "%lld", (long long)p->id);
		cell(f, true, id);
		cell(f, false, x[i].night);
		cell(f, false, x[i].source);
		cell(f, false, x[i].device);
		cell_int(f, x[i].in_bed_min);
		cell_int(f, x[i].asleep_min);
		cell_int(f, x[i].sol_min);
		cell_int(f, x[i].waso_min);
		cell_int(f, x[i].awakenings);
		fprintf(f, ",%.1f", x[i].se_pct);
		cell_int(f, x[i].naps);
		cell_int(f, x[i].nap_min);
		cell(f, false, x[i].imported_at);
		fputc('\n', f);
		(*rows)++;
	}
	free(x);
	return rc;
}

static void
cell_list(FILE *f, int n, const char *items, size_t stride)
{
	char buf[BR_MAX_POINTS * 24] = "";
	size_t k = 0;

	for (int i = 0; i < n && k < sizeof(buf); i++)
		k += (size_t)snprintf(buf + k, sizeof(buf) - k, "%s%s",
		                      i ? ";" : "", items + (size_t)i * stride);
	cell(f, false, buf);
}

static void
session_row(FILE *f, const struct br_session *x)
{
	char buf[BR_MAX_POINTS * 24] = "", id[24];
	size_t k = 0;

	snprintf(id, sizeof(id), "%lld", (long long)x->id);
	cell(f, true, id);
	fprintf(f, ",%lld,%lld", (long long)x->patient_id,
	        (long long)x->episode_id);
	cell(f, false, x->day);
	cell_list(f, x->n_modalities, x->modalities[0],
	          sizeof(x->modalities[0]));
	for (int i = 0; i < x->n_points && k < sizeof(buf); i++)
		k += (size_t)snprintf(buf + k, sizeof(buf) - k, "%s%s:%s",
		                      i ? ";" : "", x->points[i].point,
		                      x->points[i].side);
	cell(f, false, buf);
	cell_int(f, x->needles);
	cell_int(f, x->retention_min);
	cell_int(f, x->depth_mm);
	cell(f, false, x->deqi == BR_UNSET ? "" : x->deqi ? "yes" : "no");
	cell(f, false, x->stimulation);
	cell(f, false, x->needle_size);
	cell(f, false, x->ea_hz);
	cell(f, false, x->ea_waveform);
	cell_int(f, x->ea_minutes);
	if (x->ea_ma < 0)
		fputc(',', f);
	else
		fprintf(f, ",%g", x->ea_ma);
	cell(f, false, x->position);
	cell(f, false, x->cupping);
	cell(f, false, x->moxa);
	cell(f, false, x->massage);
	cell_list(f, x->n_regions, x->regions[0], sizeof(x->regions[0]));
	cell_int(f, x->pain_before);
	cell_int(f, x->pain_after);
	cell_list(f, x->n_adverse, x->adverse[0], sizeof(x->adverse[0]));
	cell(f, false, x->note);
	cell(f, false, x->created_at);
	fputc('\n', f);
}

static int
export_sessions(struct br_store *s, const struct br_patient *p, FILE *f,
                long *rows, struct br_err *err)
{
	struct br_episode *eps = NULL;
	size_t ne = 0;
	int rc = br_store_episode_list(s, p->id, &eps, &ne, err);

	for (size_t i = 0; rc == 0 && i < ne; i++) {
		struct br_session *xs = NULL;
		size_t n = 0;

		rc = br_store_session_list(s, p->id, eps[i].id, &xs, &n, err);
		for (size_t j = 0; rc == 0 && j < n; j++) {
			session_row(f, &xs[j]);
			(*rows)++;
		}
		free(xs);
	}
	free(eps);
	return rc;
}

static void
cell_score(FILE *f, bool has, double v)
{
	char buf[40] = "";

	if (has)
		snprintf(buf, sizeof(buf), "%.10g", v);
	cell(f, false, buf);
}

const struct br_instrument *
ci_instrument(const struct br_instrument_set *set, const char *id)
{
	for (int i = 0; set && i < set->n; i++)
		if (strcmp(set->items[i]->id, id) == 0)
			return set->items[i];
	return NULL;
}

static void
cell_id(FILE *f, bool first, int64_t id)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "%lld", (long long)id);
	cell(f, first, buf);
}

static void
measure_line(FILE *f, const struct br_measure *m)
{
	char buf[BR_MEASURE_MAX_ITEMS * 6 + 1] = "";
	char subs[BR_MEASURE_MAX_SUBSCORES * 40] = "";
	size_t k = 0;

	cell_id(f, true, m->id);
	cell_id(f, false, m->patient_id);
	cell_id(f, false, m->episode_id);
	cell(f, false, m->instrument);
	cell(f, false, m->day);
	for (int i = 0; i < m->n_items && k < sizeof(buf); i++) {
		if (m->codes[i] == BR_UNSET)
			k += (size_t)snprintf(buf + k, sizeof(buf) - k, "%s-",
			                      i ? ";" : "");
		else
			k += (size_t)snprintf(buf + k, sizeof(buf) - k, "%s%d",
			                      i ? ";" : "", m->codes[i]);
	}
	cell(f, false, buf);
	cell_score(f, m->has_score, m->score);
	cell(f, false, m->band);
	k = 0;
	for (int i = 0; i < m->n_subscores && k < sizeof(subs); i++) {
		if (m->sub_has[i])
			k += (size_t)snprintf(subs + k, sizeof(subs) - k,
			                      "%s%s=%.10g", i ? ";" : "",
			                      m->subscore_ids[i],
			                      m->subscores[i]);
		else
			k += (size_t)snprintf(subs + k, sizeof(subs) - k,
			                      "%s%s=", i ? ";" : "",
			                      m->subscore_ids[i]);
	}
	cell(f, false, subs);
	cell_int(f, m->answered);
	cell(f, false, m->complete ? "yes" : "no");
	cell(f, false, m->version);
	cell(f, false, m->recall);
	cell(f, false, m->created_at);
	fputc('\n', f);
}

/* Per instrument of the episode: the first complete score against the
 * latest one (br_instrument_change), the rule of `backrest outcome`. */
static int
outcome_rows(FILE *f, const struct br_episode *e, const struct br_measure *ms,
             size_t n, const struct br_instrument_set *set, long *rows,
             struct br_err *err)
{
	(void)err;
	for (int k = 0; set && k < set->n; k++) {
		const struct br_instrument *in = set->items[k];
		const struct br_measure *first = NULL, *last = NULL;
		struct br_change c;
		struct br_err ce = BR_ERR_INIT;
		int count = 0;
		bool has = false;
		char buf[40];

		for (size_t i = 0; i < n; i++) {
			if (strcmp(ms[i].instrument, in->id) != 0)
				continue;
			count++;
			/* As `backrest outcome` (OUTCOMES.md): complete
			 * scores only. */
			if (!ms[i].has_score || !ms[i].complete)
				continue;
			if (first == NULL)
				first = &ms[i];
			last = &ms[i];
		}
		if (count == 0)
			continue;
		if (first && last != first && in->has_change)
			has = br_instrument_change(in, first->score,
			                           last->score, &c, &ce) == 0;
		cell_id(f, true, e->patient_id);
		cell_id(f, false, e->id);
		cell(f, false, in->id);
		cell_int(f, count);
		cell(f, false, first ? first->day : "");
		cell_score(f, first != NULL, first ? first->score : 0);
		cell(f, false, last && last != first ? last->day : "");
		cell_score(f, last && last != first, last ? last->score : 0);
		cell_score(f, has, has ? c.change : 0);
		cell_score(f, has, has ? c.improvement : 0);
		cell_score(f, has && c.has_percent, has ? c.percent : 0);
		cell(f, false, has && c.tier ? c.tier : "");
		snprintf(buf, sizeof(buf), "%s",
		         !has || c.responder_points < 0 ? ""
		         : c.responder_points           ? "yes"
		                                        : "no");
		cell(f, false, buf);
		snprintf(buf, sizeof(buf), "%s",
		         !has || c.responder_percent < 0 ? ""
		         : c.responder_percent           ? "yes"
		                                         : "no");
		cell(f, false, buf);
		for (int i = 0; i < OUTCOME_WINDOW_COLS; i++)
			fputc(',', f);
		fputc('\n', f);
		(*rows)++;
	}
	return 0;
}

/* A number member of obj as a cell ("" when null or absent). */
static void
cell_num(FILE *f, json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);

	cell_score(f, json_is_number(v), json_number_value(v));
}

static void
cell_flag(FILE *f, json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);

	cell(f, false, json_is_true(v) ? "yes" : json_is_false(v) ? "no" : "");
}

/* The diary-pain row of an episode from its outcome document (`backrest
 * outcome`, OUTCOMES.md): the baseline and latest 7-day windows, their
 * pain means and day counts, and the change after the NRS rule.  Nothing
 * when neither window has a reported pain. */
static int
diary_outcome_row(FILE *f, const struct br_episode *e, json_t *doc, long *rows)
{
	json_t *diary = json_object_get(doc, "diary"), *fig = NULL, *x;
	json_t *bw = json_object_get(diary, "baseline");
	json_t *lw = json_object_get(diary, "latest");
	json_t *bm, *lm, *ch;
	size_t i;

	json_array_foreach(json_object_get(diary, "figures"), i, x)
	{
		const char *name =
		        json_string_value(json_object_get(x, "figure"));

		if (name && strcmp(name, "pain") == 0)
			fig = x;
	}
	bm = json_object_get(fig, "baseline");
	lm = json_object_get(fig, "latest");
	ch = json_object_get(fig, "change");
	if (json_integer_value(json_object_get(bm, "days_reported")) == 0 &&
	    json_integer_value(json_object_get(lm, "days_reported")) == 0)
		return 0;
	cell_id(f, true, e->patient_id);
	cell_id(f, false, e->id);
	cell(f, false, "diary-pain");
	cell(f, false, ""); /* measures */
	cell(f, false, ""); /* baseline_date */
	cell_num(f, bm, "mean");
	cell(f, false, ""); /* latest_date */
	cell_num(f, lm, "mean");
	cell_num(f, ch, "change");
	cell_num(f, ch, "improvement");
	cell_num(f, ch, "percent");
	cell(f, false, json_string_value(json_object_get(ch, "tier")));
	cell_flag(f, ch, "responder_points");
	cell_flag(f, ch, "responder_percent");
	cell(f, false, json_string_value(json_object_get(bw, "from")));
	cell(f, false, json_string_value(json_object_get(bw, "to")));
	cell_num(f, bm, "days");
	cell_num(f, bm, "days_reported");
	cell(f, false, json_string_value(json_object_get(lw, "from")));
	cell(f, false, json_string_value(json_object_get(lw, "to")));
	cell_num(f, lm, "days");
	cell_num(f, lm, "days_reported");
	cell(f, false, json_string_value(json_object_get(fig, "not_assessed")));
	fputc('\n', f);
	(*rows)++;
	return 0;
}

static int
export_measures(struct br_store *s, const struct br_patient *p,
                const struct br_instrument_set *set, bool outcomes,
                const struct br_csv_outcome *oc, FILE *f, long *rows,
                struct br_err *err)
{
	struct br_episode *eps = NULL;
	size_t ne = 0;
	int rc = br_store_episode_list(s, p->id, &eps, &ne, err);

	for (size_t i = 0; rc == 0 && i < ne; i++) {
		struct br_measure *ms = NULL;
		size_t n = 0;

		rc = br_store_measure_list(s, p->id, eps[i].id, NULL, &ms, &n,
		                           err);
		if (rc == 0 && outcomes)
			rc = outcome_rows(f, &eps[i], ms, n, set, rows, err);
		if (rc == 0 && outcomes && oc && oc->fn) {
			json_t *doc = NULL;

			rc = oc->fn(oc->ctx, &eps[i], &doc, err);
			if (rc == 0)
				rc = diary_outcome_row(f, &eps[i], doc, rows);
			json_decref(doc);
		}
		for (size_t j = 0; rc == 0 && !outcomes && j < n; j++) {
			measure_line(f, &ms[j]);
			(*rows)++;
		}
		free(ms);
	}
	free(eps);
	return rc;
}

int
br_csv_export(struct br_store *s, const char *kind, int64_t patient_id, FILE *f,
              long *rows, struct br_err *err)
{
	return br_csv_export_ex(s, kind, patient_id, NULL, NULL, f, rows, err);
}

int
br_csv_export_ex(struct br_store *s, const char *kind, int64_t patient_id,
                 const char *instruments_dir, const struct br_csv_outcome *oc,
                 FILE *f, long *rows, struct br_err *err)
{
	struct br_patient *pats = NULL, one;
	const struct br_instrument_set *set = NULL;
	int k = br_rec_index(br_csv_kinds, kind);
	size_t n = 0;
	int rc = k < 0 ? br_error(err, BR_EINVAL, "kind",
	                          "kind must be diary, sessions, measures, "
	                          "outcomes or device-sleep")
	               : 0;

	*rows = 0;
	if (rc == 0 && (k == K_MEASURES || k == K_OUTCOMES))
		rc = br_instruments_load(instruments_dir, &set, err);
	if (rc < 0)
		return rc;
	if (patient_id) {
		rc = br_store_patient_get(s, patient_id, &one, err);
		pats = &one;
		n = 1;
	} else {
		rc = br_store_patient_list(s, &pats, &n, err);
	}
	if (rc < 0)
		return rc;
	header(f, ci_columns(k));
	for (size_t i = 0; rc == 0 && i < n; i++)
		rc = k == K_DIARY ? export_diary(s, &pats[i], f, rows, err)
		     : k == K_DEVICE_SLEEP
		             ? export_device_sleep(s, &pats[i], f, rows, err)
		     : k == K_SESSIONS
		             ? export_sessions(s, &pats[i], f, rows, err)
		             : export_measures(s, &pats[i], set,
		                               k == K_OUTCOMES, oc, f, rows,
		                               err);
	if (pats != &one)
		free(pats);
	return rc;
}
