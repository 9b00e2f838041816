/*
 * exercise.c - the exercise library and the progression rule (see
 * exercise.h).
 */
#include "core/exercise.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/jsonr.h"
#include "core/parse.h"

static int
only_keys(const struct br_jsonr *c, json_t *obj, const char *path,
          const char *const *allowed)
{
	const char *key;
	char q[48];

	if (!json_is_object(obj))
		return br_jsonr_fail(c, path, "must be an object");
	key = br_jsonr_unknown_key(obj, allowed);
	if (key == NULL)
		return 0;
	br_quote_value(key, q, sizeof(q));
	return br_jsonr_fail(c, path, "has an unknown field '%s'", q);
}

/* A non-empty string; an id also uses only a-z, 0-9 and '-'. */
static int
want_id(const struct br_jsonr *c, json_t *obj, const char *path,
        const char *key, const char **out)
{
	bool id = strcmp(key, "id") == 0;
	char p[BR_JSONR_PATH];
	int rc = br_jsonr_text(c, obj, path, key, true,
	                       id ? BR_EX_ID_MAX - 1 : SIZE_MAX, out);

	if (rc < 0 || !id)
		return rc;
	for (const char *s = *out; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		      *s == '-')) {
			br_jsonr_path_key(p, sizeof(p), path, key);
			return br_jsonr_fail(c, p, "must use a-z, 0-9 and '-'");
		}
	return 0;
}

static int
parse_level(const struct br_jsonr *c, struct br_exercises *lib, json_t *v,
            const char *path, int ladder, int pos)
{
	static const char *const keys[] = {"id",         "label", "reps",
	                                   "every_days", "cues",  NULL};
	struct br_ex_level *l = &lib->levels[lib->n_levels];
	json_t *cues = json_object_get(v, "cues"), *cue;
	size_t i;
	int rc = only_keys(c, v, path, keys);

	memset(l, 0, sizeof(*l));
	if (rc == 0)
		rc = want_id(c, v, path, "id", &l->id);
	if (rc == 0 && br_exercises_find(lib, l->id) >= 0)
		rc = br_jsonr_fail(c, path, "repeats the id of another level");
	if (rc == 0)
		rc = want_id(c, v, path, "label", &l->label);
	if (rc == 0)
		rc = br_jsonr_int(c, v, path, "reps", true, 5, 10, &l->reps,
		                  NULL);
	if (rc == 0)
		rc = br_jsonr_int(c, v, path, "every_days", true, 2, 3,
		                  &l->every_days, NULL);
	if (rc < 0)
		return rc;
	if (!json_is_array(cues) || json_array_size(cues) == 0 ||
	    json_array_size(cues) > BR_EX_MAX_CUES)
		return br_jsonr_fail(c, path, "cues must list 1-%d short cues",
		                     BR_EX_MAX_CUES);
	json_array_foreach(cues, i, cue)
	{
		if (!json_is_string(cue) || json_string_length(cue) == 0)
			return br_jsonr_fail(c, path,
			                     "cues must be non-empty strings");
		l->cues[l->n_cues++] = json_string_value(cue);
	}
	l->ladder = ladder;
	l->level = pos;
	lib->n_levels++;
	return 0;
}

static int
parse_doc(const struct br_jsonr *c, struct br_exercises *lib)
{
	static const char *const keys[] = {"format", "about", "ladders", NULL};
	static const char *const lkeys[] = {"id", "label", "levels", NULL};
	json_t *ladders = json_object_get(lib->doc, "ladders"), *v;
	char p[64];
	size_t i;
	int rc = only_keys(c, lib->doc, "(top)", keys);

	if (rc < 0)
		return rc;
	if (json_integer_value(json_object_get(lib->doc, "format")) != 1)
		return br_jsonr_fail(c, "format", "must be 1");
	if (!json_is_array(ladders) || json_array_size(ladders) == 0 ||
	    json_array_size(ladders) > BR_EX_MAX_LADDERS)
		return br_jsonr_fail(c, "ladders", "must list 1-%d ladders",
		                     BR_EX_MAX_LADDERS);
	json_array_foreach(ladders, i, v)
	{
		struct br_ex_ladder *ld = &lib->ladders[lib->n_ladders];
		json_t *levels = json_object_get(v, "levels"), *lv;
		size_t j;

		snprintf(p, sizeof(p), "ladders[%zu]", i);
		rc = only_keys(c, v, p, lkeys);
		if (rc == 0)
			rc = want_id(c, v, p, "id", &ld->id);
		if (rc == 0)
			rc = want_id(c, v, p, "label", &ld->label);
		for (int k = 0; rc == 0 && k < lib->n_ladders; k++)
			if (strcmp(lib->ladders[k].id, ld->id) == 0)
				rc = br_jsonr_fail(c, p, "repeats a ladder id");
		if (rc < 0)
			return rc;
		if (!json_is_array(levels) || json_array_size(levels) == 0 ||
		    json_array_size(levels) + (size_t)lib->n_levels >
		            BR_EX_MAX_LEVELS)
			return br_jsonr_fail(
			        c, p,
			        "levels must list 1 or more levels "
			        "(at most %d in all)",
			        BR_EX_MAX_LEVELS);
		ld->first = lib->n_levels;
		json_array_foreach(levels, j, lv)
		{
			char lp[96];

			snprintf(lp, sizeof(lp), "%s.levels[%zu]", p, j);
			rc = parse_level(c, lib, lv, lp, lib->n_ladders,
			                 (int)j + 1);
			if (rc < 0)
				return rc;
		}
		ld->n_levels = lib->n_levels - ld->first;
		lib->n_ladders++;
	}
	return 0;
}

int
br_exercises_parse(const char *file, const char *bytes, size_t len,
                   struct br_exercises *out, struct br_err *err)
{
	struct br_jsonr c = {"exercise", file, "exercises", NULL, err};
	int rc;

	memset(out, 0, sizeof(*out));
	rc = br_jsonr_load(&c, bytes, len, &out->doc);
	if (rc < 0)
		return rc;
	rc = parse_doc(&c, out);
	if (rc < 0) {
		json_decref(out->doc);
		memset(out, 0, sizeof(*out));
	}
	return rc;
}

void
br_exercises_free(struct br_exercises *lib)
{
	json_decref(lib->doc);
	memset(lib, 0, sizeof(*lib));
}

int
br_exercises_find(const struct br_exercises *lib, const char *id)
{
	for (int i = 0; id && i < lib->n_levels; i++)
		if (strcmp(lib->levels[i].id, id) == 0)
			return i;
	return -1;
}

static void reason(struct br_ex_next *out, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));

static void
reason(struct br_ex_next *out, const char *fmt, ...)
{
	va_list ap;

	if (out->n_reasons == BR_EX_MAX_REASONS)
		return;
	va_start(ap, fmt);
	vsnprintf(out->reasons[out->n_reasons++], BR_EX_REASON, fmt, ap);
	va_end(ap);
}

/* Why log l calls for regression (reasons added), or false. */
static bool
regress_reasons(const struct br_ex_state *in, const struct br_ex_log *l,
                struct br_ex_next *out, char date[BR_DATE_LEN])
{
	int before = out->n_reasons;

	if (l->pain_during > BR_EX_PAIN_OK)
		reason(out,
		       "pain during the session on %s was %d/10, above "
		       "%d/10",
		       date, l->pain_during, BR_EX_PAIN_OK);
	if (l->next_morning >= 0 && in->usual_morning >= 0 &&
	    l->next_morning >= in->usual_morning + BR_EX_MORNING_UP)
		reason(out,
		       "next-morning pain after %s was %d/10, %d or more above "
		       "the usual morning pain of %d/10",
		       date, l->next_morning, BR_EX_MORNING_UP,
		       in->usual_morning);
	if (l->rom_loss)
		reason(out, "range of motion was lost after the session on %s",
		       date);
	if (l->reinjury)
		reason(out, "a re-injury was reported on %s", date);
	return out->n_reasons > before;
}

/* Whether log l was tolerated (pain during <= 5, next morning back to
 * usual); adds why not when it was not. */
static bool
tolerated(const struct br_ex_state *in, const struct br_ex_log *l,
          struct br_ex_next *out, char date[BR_DATE_LEN])
{
	if (l->pain_during > BR_EX_PAIN_OK || l->rom_loss || l->reinjury) {
		reason(out,
		       "the session on %s was not tolerated (pain above "
		       "%d/10, lost range or re-injury)",
		       date, BR_EX_PAIN_OK);
		return false;
	}
	if (l->next_morning < 0) {
		reason(out, "next-morning pain after %s is not logged yet",
		       date);
		return false;
	}
	if (in->usual_morning < 0) {
		reason(out, "the usual morning pain is not known, so "
		            "next-morning pain cannot be compared with it");
		return false;
	}
	if (l->next_morning > in->usual_morning) {
		reason(out,
		       "next-morning pain after %s was %d/10, not back to the "
		       "usual %d/10",
		       date, l->next_morning, in->usual_morning);
		return false;
	}
	return true;
}

void
br_exercise_advise(const struct br_exercises *lib, const struct br_ex_state *in,
                   struct br_ex_next *out)
{
	const struct br_ex_level *lv = &lib->levels[in->level];
	const struct br_ex_ladder *ld = &lib->ladders[lv->ladder];
	const struct br_ex_log *last =
	        in->n_logs ? &in->logs[in->n_logs - 1] : NULL;
	char date[BR_DATE_LEN];
	bool ok = true;

	memset(out, 0, sizeof(*out));
	out->level = in->level;
	out->reps = in->reps;
	out->every_days = in->every_days;
	if (in->red_flag) {
		out->advice = BR_EX_REFER;
		out->level = -1;
		reason(out, "an urgent or emergency red-flag screen is not "
		            "cleared: pause the home program until a clinician "
		            "clears it (a red flag overrides everything)");
		return;
	}
	if (last) {
		br_format_date(last->day, date);
		if (regress_reasons(in, last, out, date)) {
			out->advice = BR_EX_REGRESS;
			if (lv->level > 1) {
				out->level = in->level - 1;
				out->reps = lib->levels[out->level].reps;
				out->every_days =
				        lib->levels[out->level].every_days;
				reason(out, "back one level to %s",
				       lib->levels[out->level].id);
			} else {
				out->reps = (int)floor(in->reps * 0.8);
				if (out->reps >= in->reps)
					out->reps = in->reps - 1;
				if (out->reps < 1)
					out->reps = 1;
				reason(out,
				       "already the first level of %s: fewer "
				       "reps (%d, about 20%% less)",
				       ld->id, out->reps);
			}
			return;
		}
	}
	out->advice = BR_EX_HOLD;
	if (in->n_logs < BR_EX_SESSIONS) {
		reason(out,
		       "%zu session%s logged at this level: %d tolerated "
		       "sessions in a row are needed to progress",
		       in->n_logs, in->n_logs == 1 ? "" : "s", BR_EX_SESSIONS);
		return;
	}
	for (size_t i = in->n_logs - BR_EX_SESSIONS; i < in->n_logs; i++) {
		br_format_date(in->logs[i].day, date);
		if (!tolerated(in, &in->logs[i], out, date))
			ok = false;
	}
	if (!ok)
		return;
	out->advice = BR_EX_PROGRESS;
	reason(out,
	       "the last %d sessions had pain during at most %d/10 and "
	       "next-morning pain back to the usual %d/10",
	       BR_EX_SESSIONS, BR_EX_PAIN_OK, in->usual_morning);
	if (lv->level < ld->n_levels) {
		out->level = in->level + 1;
		out->reps = lib->levels[out->level].reps;
		out->every_days = lib->levels[out->level].every_days;
		reason(out, "up one level to %s", lib->levels[out->level].id);
	} else {
		out->reps = (int)lround(in->reps * 1.1);
		if (out->reps <= in->reps)
			out->reps = in->reps + 1;
		if (out->reps > 100)
			out->reps = 100;
		reason(out,
		       "already the top level of %s: more reps (%d, about 10%% "
		       "more)",
		       ld->id, out->reps);
	}
}

const char *
br_ex_advice_name(enum br_ex_advice a)
{
	switch (a) {
	case BR_EX_PROGRESS:
		return "progress";
	case BR_EX_HOLD:
		return "hold";
	case BR_EX_REGRESS:
		return "regress";
	case BR_EX_REFER:
		return "refer";
	}
	return "unknown";
}
