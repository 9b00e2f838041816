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
#include "store/exercises.h"

static int
read_exercise(json_t *in, int *idx, struct br_err *err)
{
	const struct br_exercises *lib = br_library_exercises();
	const char *id;
	char q[48];
	int rc = br_in_text(in, "exercise", 40, true, &id, err);

	if (rc < 0)
		return rc;
	*idx = br_exercises_find(lib, id);
	if (*idx >= 0)
		return 0;
	br_quote_value(id, q, sizeof(q));
	return br_error(err, BR_EINVAL, "exercise",
	                "exercise '%s' is not in the library (see backrest "
	                "exercise library)",
	                q);
}

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

/* Refuses writes to a closed episode or one waiting for a referral. */
static int
writable(struct br_app *app, const struct br_episode *e, struct br_err *err)
{
	char text[200];
	bool refer;
	int rc;

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
br_app_exercise_assign(struct br_app *app, json_t *in, json_t **out,
                       struct br_err *err)
{
	static const char *const keys[] = {"episode_id",    "exercise",
	                                   "reps",          "every",
	                                   "usual_morning", NULL};
	const struct br_exercises *lib = br_library_exercises();
	struct br_exercise_rx *rx = NULL, x;
	struct br_episode e;
	size_t n = 0;
	int idx = -1, reps = BR_UNSET, every = BR_UNSET, usual = BR_UNSET;
	int rc = br_in_only(in, keys, err);

	if (rc == 0)
		rc = read_exercise(in, &idx, err);
	if (rc == 0)
		rc = br_in_int(in, "reps", 1, 100, &reps, err);
	if (rc == 0)
		rc = br_in_int(in, "every", 1, 14, &every, err);
	if (rc == 0)
		rc = br_in_int(in, "usual_morning", 0, 10, &usual, err);
	if (rc < 0)
		return rc;
	rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	rc = br_app_load_episode(app, in, &e, err);
	if (rc == 0)
		rc = writable(app, &e, err);
	if (rc == 0 && usual == BR_UNSET)
		rc = usual_from_diary(app, e.patient_id, app->today, &usual,
		                      err);
	if (rc == 0)
		rc = br_store_exercise_rx_list(app->store, e.patient_id, e.id,
		                               &rx, &n, err);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		int j = br_exercises_find(lib, rx[i].exercise);

		if (j < 0 || lib->levels[j].ladder != lib->levels[idx].ladder)
			continue;
		rc = br_store_exercise_rx_deactivate(app->store, e.patient_id,
		                                     rx[i].id, err);
	}
	free(rx);
	memset(&x, 0, sizeof(x));
	if (rc == 0) {
		x.id = br_store_new_id();
		x.patient_id = e.patient_id;
		x.episode_id = e.id;
		snprintf(x.exercise, sizeof(x.exercise), "%s",
		         lib->levels[idx].id);
		x.reps = reps != BR_UNSET ? reps : lib->levels[idx].reps;
		x.every_days =
		        every != BR_UNSET ? every : lib->levels[idx].every_days;
		br_format_date(app->today, x.day);
		x.active = true;
		x.usual_morning = usual;
		br_store_now(x.created_at);
		rc = br_store_exercise_rx_insert(app->store, &x, err);
	}
	if (rc == 0)
		rc = br_app_audit(app, "exercise.create", e.patient_id,
		                  "exercise_prescription", x.id, err);
	return br_app_finish(app, rc, rc == 0 ? rx_view(&x) : NULL, out, err);
}

static json_t *
log_view(const struct br_exercise_log *l)
{
	return json_pack("{s:I, s:s, s:s, s:i, s:i, s:o, s:b, s:b}",
	                 "episode_id", (json_int_t)l->episode_id, "exercise",
	                 l->exercise, "date", l->day, "reps", l->reps,
	                 "pain_during", l->pain_during, "next_morning",
	                 br_json_int_opt(l->next_morning), "rom_loss",
	                 l->rom_loss, "reinjury", l->reinjury);
}

int
br_app_exercise_log(struct br_app *app, json_t *in, json_t **out,
                    struct br_err *err)
{
	static const char *const keys[] = {
	        "episode_id",   "exercise", "date",     "reps", "pain_during",
	        "next_morning", "rom_loss", "reinjury", NULL};
	const struct br_exercises *lib = br_library_exercises();
	struct br_exercise_rx *rx = NULL;
	struct br_exercise_log l;
	struct br_episode e;
	char date[BR_DATE_LEN];
	const struct br_exercise_rx *found = NULL;
	bool rom = false, reinj = false;
	size_t n = 0;
	int32_t day;
	int idx = -1, reps = BR_UNSET, during = BR_UNSET, morning = BR_UNSET;
	int rc = br_in_only(in, keys, err);

	if (rc == 0)
		rc = read_exercise(in, &idx, err);
	if (rc == 0)
		rc = br_in_date(in, "date", true, &day, err);
	if (rc == 0)
		rc = br_app_not_future(app, "date", day, err);
	if (rc == 0)
		rc = br_in_int(in, "reps", 0, 1000, &reps, err);
	if (rc == 0)
		rc = br_in_int(in, "pain_during", 0, 10, &during, err);
	if (rc == 0)
		rc = br_in_int(in, "next_morning", 0, 10, &morning, err);
	if (rc == 0)
		rc = br_in_bool(in, "rom_loss", &rom, err);
	if (rc == 0)
		rc = br_in_bool(in, "reinjury", &reinj, err);
	if (rc < 0)
		return rc;
	br_format_date(day, date);
	rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	rc = br_app_load_episode(app, in, &e, err);
	if (rc == 0 && strcmp(e.status, "open") != 0)
		rc = br_error(err, BR_ECONFLICT, "episode_id",
		              "episode %lld is closed", (long long)e.id);
	if (rc == 0)
		rc = br_store_exercise_rx_list(app->store, e.patient_id, e.id,
		                               &rx, &n, err);
	for (size_t i = 0; rc == 0 && i < n; i++)
		if (strcmp(rx[i].exercise, lib->levels[idx].id) == 0)
			found = &rx[i];
	if (rc == 0 && found == NULL)
		rc = br_error(err, BR_EINVAL, "exercise",
		              "exercise %s is not assigned in episode %lld "
		              "(backrest exercise assign)",
		              lib->levels[idx].id, (long long)e.id);
	if (rc == 0 && strcmp(date, found->day) < 0)
		rc = br_error(err, BR_EINVAL, "date",
		              "date %s is before the exercise was assigned "
		              "(%s)",
		              date, found->day);
	if (rc == 0) {
		rc = br_store_exercise_log_get(app->store, e.patient_id, e.id,
		                               lib->levels[idx].id, date, &l,
		                               err);
		if (rc == BR_ENOTFOUND) {
			br_err_clear(err);
			memset(&l, 0, sizeof(l));
			l.id = br_store_new_id();
			l.patient_id = e.patient_id;
			l.episode_id = e.id;
			snprintf(l.exercise, sizeof(l.exercise), "%s",
			         lib->levels[idx].id);
			snprintf(l.day, sizeof(l.day), "%s", date);
			l.reps = l.pain_during = l.next_morning = BR_UNSET;
			br_store_now(l.created_at);
			rc = 0;
		}
	}
	free(rx);
	if (rc == 0) {
		if (reps != BR_UNSET)
			l.reps = reps;
		if (during != BR_UNSET)
			l.pain_during = during;
		if (morning != BR_UNSET)
			l.next_morning = morning;
		l.rom_loss = l.rom_loss || rom;
		l.reinjury = l.reinjury || reinj;
		if (l.reps == BR_UNSET)
			rc = br_error(
			        err, BR_EINVAL, "reps",
			        "reps is needed for the first log of %s on "
			        "%s",
			        l.exercise, date);
		else if (l.pain_during == BR_UNSET)
			rc = br_error(err, BR_EINVAL, "pain_during",
			              "pain_during is needed for the first log "
			              "of %s on %s",
			              l.exercise, date);
	}
	if (rc == 0)
		rc = br_store_exercise_log_put(app->store, &l, err);
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
