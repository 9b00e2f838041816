/*
 * exercise.c - use cases: the home exercise program (see exercise.h).
 */
#include "app/exercise.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "app/plan.h"
#include "core/exercise.h"
#include "core/review.h"
#include "model/checks_plan.h"
#include "store/exercises.h"

static json_t *
cues(const struct br_ex_level *l)
{
	json_t *a = json_array();

	for (int i = 0; i < l->n_cues; i++)
		json_array_append_new(a, json_string(l->cues[i]));
	return a;
}

static json_t *
rx_view(const struct br_exercise_rx *x)
{
	const struct br_exercises *lib = br_library_exercises();
	int i = br_exercises_find(lib, x->exercise);
	const struct br_ex_level *l = i >= 0 ? &lib->levels[i] : NULL;

	return json_pack(
	        "{s:I, s:I, s:s, s:o, s:o, s:o, s:i, s:i, s:o, s:s, "
	        "s:o}",
	        "id", (json_int_t)x->id, "episode_id",
	        (json_int_t)x->episode_id, "exercise", x->exercise, "label",
	        l ? json_string(l->label) : json_null(), "ladder",
	        l ? json_string(lib->ladders[l->ladder].id) : json_null(),
	        "level", l ? json_integer(l->level) : json_null(), "reps",
	        x->reps, "every", x->every_days, "usual_morning",
	        br_json_int_opt(x->usual_morning), "date", x->day, "cues",
	        l ? cues(l) : json_array());
}

/* The mean diary pain of the 7 days before day (>= 3 days), rounded, or
 * BR_UNSET. */
static int
usual_from_diary(struct br_app *app, int64_t patient_id, int32_t day, int *out,
                 struct br_err *err)
{
	struct br_diary_day *days = NULL;
	char from[BR_DATE_LEN], to[BR_DATE_LEN];
	double sum = 0;
	size_t n = 0;
	int count = 0;
	int rc;

	br_format_date(day - BR_REVIEW_WINDOW, from);
	br_format_date(day - 1, to);
	rc = br_store_diary_list(app->store, patient_id, from, to, &days, &n,
	                         err);
	for (size_t i = 0; rc == 0 && i < n; i++)
		if (days[i].pain != BR_UNSET) {
			sum += days[i].pain;
			count++;
		}
	free(days);
	*out = count >= BR_REVIEW_MIN_DAYS ? (int)lround(sum / count)
	                                   : BR_UNSET;
	return rc;
}

/* Refuses writes to a closed episode or one waiting for a referral
 * (unless the records are history: app->history). */
static int
writable(struct br_app *app, const struct br_episode *e, struct br_err *err)
{
	char text[200];
	bool refer;
	int rc;

	if (app->history)
		return 0;
	if (strcmp(e->status, "open") != 0)
		return br_error(err, BR_ECONFLICT, "episode_id",
		                "episode %lld is closed", (long long)e->id);
	rc = br_app_referral(app, e, &refer, NULL, text, sizeof(text), err);
	if (rc == 0 && refer)
		rc = br_error(err, BR_ECONFLICT, "episode_id",
		              "episode %lld has an uncleared red-flag screen: "
		              "%s; the home program waits until a clinician "
		              "clears it",
		              (long long)e->id, text);
	return rc;
}

int
br_app_exercise_assign_apply(struct br_app *app, const struct br_episode *e,
                             struct br_exercise_rx *x, struct br_err *err)
{
	const struct br_exercises *lib = br_library_exercises();
	struct br_exercise_rx *rx = NULL;
	size_t n = 0;
	int32_t day = app->today;
	int idx, rc = writable(app, e, err);

	x->patient_id = e->patient_id;
	x->episode_id = e->id;
	/* A restored prescription keeps whether it is still the active
	 * level; the level it replaced then came with its own. */
	if (!app->restore)
		x->active = true;
	if (!x->day[0])
		br_format_date(app->today, x->day);
	br_rec_exercise_rx_defaults(x);
	if (rc == 0)
		rc = br_rec_exercise_rx_check(x, err);
	if (rc == 0)
		rc = br_parse_date("date", x->day, &day, err);
	if (rc == 0)
		rc = br_app_not_future(app, "date", day, err);
	if (rc == 0 && !app->restore && x->usual_morning == BR_UNSET)
		rc = usual_from_diary(app, e->patient_id, day,
		                      &x->usual_morning, err);
	if (rc == 0 && !app->restore)
		rc = br_store_exercise_rx_list(app->store, e->patient_id, e->id,
		                               &rx, &n, err);
	idx = br_exercises_find(lib, x->exercise);
	/* The new level replaces the active one of its ladder. */
	for (size_t i = 0; rc == 0 && i < n; i++) {
		int j = br_exercises_find(lib, rx[i].exercise);

		if (j < 0 || lib->levels[j].ladder != lib->levels[idx].ladder)
			continue;
		rc = br_store_exercise_rx_deactivate(app->store, e->patient_id,
		                                     rx[i].id, err);
	}
	free(rx);
	if (rc < 0)
		return rc;
	if (x->id == 0)
		x->id = br_store_new_id();
	if (!x->created_at[0])
		br_store_now(x->created_at);
	return br_store_exercise_rx_insert(app->store, x, err);
}

int
br_app_exercise_assign(struct br_app *app, json_t *in, json_t **out,
                       struct br_err *err)
{
	const struct br_fields *t = &br_exercise_assign_fields;
	struct br_exercise_rx x;
	struct br_episode e;
	int rc = br_fields_check(in, t, app->typed_input, err);

	br_exercise_rx_init(&x);
	if (rc == 0)
		rc = br_in_text_field(in, t, "exercise", x.exercise,
		                      sizeof(x.exercise), err);
	if (rc == 0)
		rc = br_in_int_field(in, t, "reps", &x.reps, err);
	if (rc == 0)
		rc = br_in_int_field(in, t, "every", &x.every_days, err);
	if (rc == 0)
		rc = br_in_int_field(in, t, "usual_morning", &x.usual_morning,
		                     err);
	/* The whole assignment, the level's defaults filled, before
	 * anything is written. */
	br_rec_exercise_rx_defaults(&x);
	if (rc == 0)
		rc = br_rec_exercise_rx_check(&x, err);
	if (rc < 0)
		return rc;
	rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	rc = br_app_load_episode(app, in, &e, err);
	if (rc == 0)
		rc = br_app_exercise_assign_apply(app, &e, &x, err);
	if (rc == 0)
		rc = br_app_audit(app, "exercise.create", e.patient_id,
		                  "exercise_prescription", x.id, err);
	return br_app_finish(app, rc, rc == 0 ? rx_view(&x) : NULL, out, err);
}

static json_t *
log_view(const struct br_exercise_log *l)
{
	return json_pack("{s:I, s:I, s:s, s:s, s:i, s:i, s:o, s:b, s:b}", "id",
	                 (json_int_t)l->id, "episode_id",
	                 (json_int_t)l->episode_id, "exercise", l->exercise,
	                 "date", l->day, "reps", l->reps, "pain_during",
	                 l->pain_during, "next_morning",
	                 br_json_int_opt(l->next_morning), "rom_loss",
	                 l->rom_loss, "reinjury", l->reinjury);
}

int
br_app_exercise_log_apply(struct br_app *app, const struct br_episode *e,
                          struct br_exercise_log *l, struct br_err *err)
{
	struct br_exercise_rx *rx = NULL;
	struct br_exercise_log m;
	const struct br_exercise_rx *found = NULL;
	size_t n = 0;
	int32_t day;
	int rc = 0;

	if (!app->history && strcmp(e->status, "open") != 0)
		return br_error(err, BR_ECONFLICT, "episode_id",
		                "episode %lld is closed", (long long)e->id);
	rc = br_parse_date("date", l->day, &day, err);
	if (rc == 0)
		rc = br_app_not_future(app, "date", day, err);
	if (rc == 0)
		rc = br_store_exercise_log_get(app->store, e->patient_id, e->id,
		                               l->exercise, l->day, &m, err);
	if (rc == BR_ENOTFOUND) {
		br_err_clear(err);
		br_exercise_log_init(&m);
		m.id = l->id ? l->id : br_store_new_id();
		m.patient_id = e->patient_id;
		m.episode_id = e->id;
		snprintf(m.exercise, sizeof(m.exercise), "%s", l->exercise);
		snprintf(m.day, sizeof(m.day), "%s", l->day);
		if (l->created_at[0])
			snprintf(m.created_at, sizeof(m.created_at), "%s",
			         l->created_at);
		else
			br_store_now(m.created_at);
		rc = 0;
	}
	if (rc < 0)
		return rc;
	/* A field given replaces the day's; a flag once raised stays. */
	if (l->reps != BR_UNSET)
		m.reps = l->reps;
	if (l->pain_during != BR_UNSET)
		m.pain_during = l->pain_during;
	if (l->next_morning != BR_UNSET)
		m.next_morning = l->next_morning;
	m.rom_loss = m.rom_loss || l->rom_loss;
	m.reinjury = m.reinjury || l->reinjury;
	rc = br_rec_exercise_log_check(&m, err);
	if (rc == 0)
		rc = br_store_exercise_rx_list(app->store, e->patient_id, e->id,
		                               &rx, &n, err);
	/* The prescription the log counts against: the latest; for a log
	 * of the past, the one it was written under (the latest assigned
	 * on or before its day). */
	for (size_t i = 0; rc == 0 && i < n; i++)
		if (strcmp(rx[i].exercise, m.exercise) == 0 &&
		    (found == NULL || !app->history ||
		     strcmp(rx[i].day, m.day) <= 0))
			found = &rx[i];
	if (rc == 0 && found == NULL)
		rc = br_error(err, BR_EINVAL, "exercise",
		              "exercise %s is not assigned in episode %lld "
		              "(backrest exercise assign)",
		              m.exercise, (long long)e->id);
	if (rc == 0 && strcmp(m.day, found->day) < 0)
		rc = br_error(err, BR_EINVAL, "date",
		              "date %s is before the exercise was assigned "
		              "(%s)",
		              m.day, found->day);
	free(rx);
	if (rc == 0)
		rc = br_store_exercise_log_put(app->store, &m, err);
	if (rc == 0)
		*l = m;
	return rc;
}

int
br_app_exercise_log(struct br_app *app, json_t *in, json_t **out,
                    struct br_err *err)
{
	const struct br_fields *t = &br_exercise_log_fields;
	struct br_exercise_log l;
	struct br_episode e;
	int32_t day = 0;
	int rc = br_fields_check(in, t, app->typed_input, err);

	br_exercise_log_init(&l);
	if (rc == 0)
		rc = br_in_text_field(in, t, "exercise", l.exercise,
		                      sizeof(l.exercise), err);
	if (rc == 0)
		rc = br_in_date(in, "date", true, &day, err);
	if (rc == 0)
		rc = br_app_not_future(app, "date", day, err);
	if (rc == 0)
		rc = br_in_int_field(in, t, "reps", &l.reps, err);
	if (rc == 0)
		rc = br_in_int_field(in, t, "pain_during", &l.pain_during, err);
	if (rc == 0)
		rc = br_in_int_field(in, t, "next_morning", &l.next_morning,
		                     err);
	if (rc == 0)
		rc = br_in_bool(in, "rom_loss", &l.rom_loss, err);
	if (rc == 0)
		rc = br_in_bool(in, "reinjury", &l.reinjury, err);
	if (rc < 0)
		return rc;
	br_format_date(day, l.day);
	rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	rc = br_app_load_episode(app, in, &e, err);
	/* The fields given merge into the day's log, which is checked as a
	 * whole (model/checks_plan.h). */
	if (rc == 0)
		rc = br_app_exercise_log_apply(app, &e, &l, err);
	if (rc == 0)
		rc = br_app_audit(app, "exercise.log", e.patient_id,
		                  "exercise_log", l.id, err);
	return br_app_finish(app, rc, rc == 0 ? log_view(&l) : NULL, out, err);
}

int
br_app_exercise_advice(struct br_app *app, const struct br_episode *e,
                       json_t **out, struct br_err *err)
{
	const struct br_exercises *lib = br_library_exercises();
	struct br_exercise_rx *rx = NULL;
	struct br_ex_next *nx = malloc(sizeof(*nx));
	bool refer = false;
	size_t n = 0;
	int rc = nx ? br_app_referral(app, e, &refer, NULL, NULL, 0, err)
	            : br_error(err, BR_ENOMEM, "", "out of memory");

	*out = NULL;
	if (rc == 0)
		rc = br_store_exercise_rx_list(app->store, e->patient_id, e->id,
		                               &rx, &n, err);
	if (rc == 0)
		*out = json_array();
	for (size_t i = 0; rc == 0 && i < n; i++) {
		struct br_exercise_log *logs = NULL;
		struct br_ex_log *el = NULL;
		struct br_ex_state st;
		json_t *reasons, *next = json_null();
		size_t nl = 0, k = 0;
		int idx = br_exercises_find(lib, rx[i].exercise);

		if (idx < 0)
			continue; /* removed from the library */
		rc = br_store_exercise_log_list(app->store, e->patient_id,
		                                e->id, rx[i].exercise, &logs,
		                                &nl, err);
		if (rc == 0 && nl > 0 && (el = calloc(nl, sizeof(*el))) == NULL)
			rc = br_error(err, BR_ENOMEM, "", "out of memory");
		for (size_t j = 0; rc == 0 && j < nl; j++) {
			if (strcmp(logs[j].day, rx[i].day) < 0 ||
			    br_parse_date("date", logs[j].day, &el[k].day,
			                  NULL) < 0)
				continue;
			el[k].reps = logs[j].reps;
			el[k].pain_during = logs[j].pain_during;
			el[k].next_morning = logs[j].next_morning == BR_UNSET
			                             ? -1
			                             : logs[j].next_morning;
			el[k].rom_loss = logs[j].rom_loss;
			el[k].reinjury = logs[j].reinjury;
			k++;
		}
		free(logs);
		if (rc < 0) {
			free(el);
			break;
		}
		memset(&st, 0, sizeof(st));
		st.level = idx;
		st.reps = rx[i].reps;
		st.every_days = rx[i].every_days;
		st.usual_morning = rx[i].usual_morning == BR_UNSET
		                           ? -1
		                           : rx[i].usual_morning;
		st.red_flag = refer;
		st.logs = el;
		st.n_logs = k;
		br_exercise_advise(lib, &st, nx);
		free(el);
		reasons = json_array();
		for (int j = 0; j < nx->n_reasons; j++)
			json_array_append_new(reasons,
			                      json_string(nx->reasons[j]));
		if (nx->level >= 0)
			next = json_pack("{s:s, s:i, s:i}", "exercise",
			                 lib->levels[nx->level].id, "reps",
			                 nx->reps, "every", nx->every_days);
		json_array_append_new(
		        *out,
		        json_pack("{s:s, s:s, s:i, s:i, s:i, s:o, s:s, s:o, "
		                  "s:o}",
		                  "exercise", rx[i].exercise, "ladder",
		                  lib->ladders[lib->levels[idx].ladder].id,
		                  "level", lib->levels[idx].level, "reps",
		                  rx[i].reps, "every", rx[i].every_days,
		                  "usual_morning",
		                  br_json_int_opt(rx[i].usual_morning),
		                  "advice", br_ex_advice_name(nx->advice),
		                  "next", next, "reasons", reasons));
	}
	free(rx);
	free(nx);
	if (rc < 0) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

int
br_app_exercise_next(struct br_app *app, json_t *in, json_t **out,
                     struct br_err *err)
{
	static const char *const keys[] = {"episode_id", NULL};
	struct br_episode e;
	json_t *list = NULL;
	int rc = br_in_only(in, keys, err);

	if (rc < 0)
		return rc;
	rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	rc = br_app_load_episode(app, in, &e, err);
	if (rc == 0)
		rc = br_app_exercise_advice(app, &e, &list, err);
	if (rc == 0)
		rc = br_app_audit(app, "exercise.read", e.patient_id, "episode",
		                  e.id, err);
	return br_app_finish(app, rc, list, out, err);
}

int
br_app_exercise_library(struct br_app *app, json_t *in, json_t **out,
                        struct br_err *err)
{
	static const char *const keys[] = {NULL};
	const struct br_exercises *lib = br_library_exercises();
	json_t *list;
	int rc = br_in_only(in, keys, err);

	(void)app;
	if (rc < 0)
		return rc;
	list = json_array();
	for (int i = 0; list && i < lib->n_ladders; i++) {
		const struct br_ex_ladder *ld = &lib->ladders[i];
		json_t *levels = json_array();

		for (int j = 0; j < ld->n_levels; j++) {
			const struct br_ex_level *l =
			        &lib->levels[ld->first + j];

			json_array_append_new(
			        levels,
			        json_pack("{s:s, s:s, s:i, s:i, s:i, s:o}",
			                  "id", l->id, "label", l->label,
			                  "level", l->level, "reps", l->reps,
			                  "every", l->every_days, "cues",
			                  cues(l)));
		}
		json_array_append_new(
		        list, json_pack("{s:s, s:s, s:o}", "ladder", ld->id,
		                        "label", ld->label, "levels", levels));
	}
	if (list == NULL)
		return br_error(err, BR_ENOMEM, "", "out of memory");
	*out = list;
	return 0;
}
