/*
 * checks_plan.c - the field tables and checks of plan items, exercise
 * assignments and logs, and pacing quotas and logs (see checks_plan.h).
 */
#include "model/checks_plan.h"

#include <stdio.h>
#include <string.h>

#include "core/parse.h"
#include "model/checks.h"
#include "model/library.h"
#include "model/requests.h"

const char *const br_pace_units[] = {"min", "m", "steps", "reps", NULL};
const char *const br_pace_recovered[] = {"no", "yes", NULL};

/* Field tables -------------------------------------------------------- */

static const struct br_field plan_item_fields[] = {
        {.key = "episode_id", .type = BR_FT_ID, .flags = BR_FF_REQUIRED},
        {.key = "treatment",
         .type = BR_FT_TEXT,
         .min = 1,
         .max = BR_PLAN_TREATMENT_MAX - 1,
         .flags = BR_FF_REQUIRED,
         .doc = "the option to plan, a treatment of the evidence table "
                "such as acupuncture or exercise"},
        {.key = "sessions",
         .type = BR_FT_INT,
         .min = 1,
         .max = 100,
         .doc = "course length in sessions (default: the evidence's)"},
        {.key = "per_week",
         .type = BR_FT_NUM,
         .min = 0,
         .max = 7,
         .doc = "sessions a week, above 0 (default: the evidence's)"},
        {.key = "trial",
         .type = BR_FT_INT,
         .min = 1,
         .max = 100,
         .doc = "review after this many sessions, at most the course "
                "length (default: the evidence's)"},
        {.key = "note",
         .type = BR_FT_TEXT,
         .max = BR_NOTE_MAX - 1,
         .doc = "a short note"},
        {0},
};
const struct br_fields br_plan_item_fields = {
        "PlanItemInput", "a treatment or course added to the plan",
        plan_item_fields};

static const struct br_field exercise_assign_fields[] = {
        {.key = "episode_id", .type = BR_FT_ID, .flags = BR_FF_REQUIRED},
        {.key = "exercise",
         .type = BR_FT_TEXT,
         .min = 1,
         .max = BR_EXERCISE_ID_MAX - 1,
         .flags = BR_FF_REQUIRED,
         .doc = "a level of a ladder of the exercise library (see "
                "'backrest exercise library')"},
        {.key = "reps",
         .type = BR_FT_INT,
         .min = 1,
         .max = 100,
         .doc = "repetitions (default: the level's)"},
        {.key = "every",
         .type = BR_FT_INT,
         .min = 1,
         .max = 14,
         .doc = "days between sessions (default: the level's)"},
        {.key = "usual_morning",
         .type = BR_FT_INT,
         .min = 0,
         .max = 10,
         .doc = "usual morning pain (default: from the diary)"},
        {0},
};
const struct br_fields br_exercise_assign_fields = {
        "ExerciseAssignmentInput", "an exercise level assigned",
        exercise_assign_fields};

static const struct br_field exercise_log_fields[] = {
        {.key = "episode_id", .type = BR_FT_ID, .flags = BR_FF_REQUIRED},
        {.key = "exercise",
         .type = BR_FT_TEXT,
         .min = 1,
         .max = BR_EXERCISE_ID_MAX - 1,
         .flags = BR_FF_REQUIRED,
         .doc = "the exercise done"},
        {.key = "date",
         .type = BR_FT_DATE,
         .flags = BR_FF_REQUIRED,
         .doc = "the day it was done"},
        {.key = "reps",
         .type = BR_FT_INT,
         .min = 0,
         .max = 1000,
         .doc = "repetitions done (needed on the day's first log)"},
        {.key = "pain_during",
         .type = BR_FT_INT,
         .min = 0,
         .max = 10,
         .doc = "pain while exercising (needed on the day's first log)"},
        {.key = "next_morning",
         .type = BR_FT_INT,
         .min = 0,
         .max = 10,
         .doc = "pain the next morning"},
        {.key = "rom_loss",
         .type = BR_FT_BOOL,
         .doc = "movement was more restricted afterwards"},
        {.key = "reinjury",
         .type = BR_FT_BOOL,
         .doc = "a new injury while exercising"},
        {0},
};
const struct br_fields br_exercise_log_fields = {
        "ExerciseLogInput",
        "an exercise session done (merged into the "
        "day's log of that exercise)",
        exercise_log_fields};

static const struct br_field pace_set_fields[] = {
        {.key = "episode_id", .type = BR_FT_ID, .flags = BR_FF_REQUIRED},
        {.key = "activity",
         .type = BR_FT_TEXT,
         .min = 1,
         .max = BR_ACTIVITY_MAX - 1,
         .flags = BR_FF_REQUIRED,
         .doc = "the activity, e.g. walking (a short name on one line)"},
        {.key = "unit",
         .type = BR_FT_ENUM,
         .values = br_pace_units,
         .flags = BR_FF_REQUIRED,
         .doc = "what the baseline counts"},
        {.key = "baseline",
         .type = BR_FT_NUM,
         .min = 0,
         .max = 100000,
         .flags = BR_FF_REQUIRED,
         .doc = "the tolerance measured over several days, above 0"},
        {.key = "step_pct",
         .type = BR_FT_NUM,
         .min = 10,
         .max = 20,
         .doc = "one increment as a percentage of the baseline (default: "
                "10)"},
        {.key = "every",
         .type = BR_FT_INT,
         .min = 1,
         .max = 28,
         .doc = "days between increments (default: 7)"},
        {0},
};
const struct br_fields br_pace_set_fields = {
        "PacingSetInput", "an activity's baseline tolerance", pace_set_fields};

static const struct br_field pace_log_fields[] = {
        {.key = "episode_id", .type = BR_FT_ID, .flags = BR_FF_REQUIRED},
        {.key = "activity",
         .type = BR_FT_TEXT,
         .min = 1,
         .max = BR_ACTIVITY_MAX - 1,
         .flags = BR_FF_REQUIRED,
         .doc = "the activity"},
        {.key = "date",
         .type = BR_FT_DATE,
         .flags = BR_FF_REQUIRED,
         .doc = "the day"},
        {.key = "done",
         .type = BR_FT_NUM,
         .min = 0,
         .max = 100000,
         .flags = BR_FF_REQUIRED,
         .doc = "how much was done that day, in the activity's unit"},
        {.key = "recovered",
         .type = BR_FT_ENUM,
         .values = br_pace_recovered,
         .doc = "recovered by the next day"},
        {.key = "flare", .type = BR_FT_BOOL, .doc = "a flare-up"},
        {0},
};
const struct br_fields br_pace_log_fields = {
        "PacingLogInput",
        "a day of a paced activity (replacing that day's "
        "log)",
        pace_log_fields};

/* Records' unset values ----------------------------------------------- */

void
br_plan_item_init(struct br_plan_item *it)
{
	memset(it, 0, sizeof(*it));
	it->sessions = it->trial = BR_UNSET;
	it->per_week = -1;
}

void
br_exercise_rx_init(struct br_exercise_rx *x)
{
	memset(x, 0, sizeof(*x));
	x->reps = x->every_days = x->usual_morning = BR_UNSET;
}

void
br_exercise_log_init(struct br_exercise_log *l)
{
	memset(l, 0, sizeof(*l));
	l->reps = l->pain_during = l->next_morning = BR_UNSET;
}

void
br_pacing_quota_init(struct br_pacing_quota *q)
{
	memset(q, 0, sizeof(*q));
	q->baseline = q->step_pct = -1;
	q->every_days = BR_UNSET;
}

void
br_pacing_log_init(struct br_pacing_log *l)
{
	memset(l, 0, sizeof(*l));
	l->done = -1;
	l->recovered = BR_UNSET;
}

/* Shared rules -------------------------------------------------------- */

/* A record's day: given, and a calendar date. */
static int
check_day(const char *day, struct br_err *err)
{
	int32_t d;

	if (day[0] == '\0')
		return br_error(err, BR_EINVAL, "date",
		                "date is required (YYYY-MM-DD)");
	return br_parse_date("date", day, &d, err);
}

/* A paced activity's name: given, on one line. */
static int
check_activity(const char *activity, struct br_err *err)
{
	if (activity[0] == '\0')
		return br_error(err, BR_EINVAL, "activity",
		                "activity is required");
	if (strpbrk(activity, "\n\t"))
		return br_error(err, BR_EINVAL, "activity",
		                "activity must be a short name on one line");
	return 0;
}

/* Plan items ---------------------------------------------------------- */

static void
note_default(struct br_plan_item *it, const char *field)
{
	size_t len = strlen(it->defaulted);

	snprintf(it->defaulted + len, sizeof(it->defaulted) - len, "%s%s",
	         len ? "," : "", field);
}

void
br_rec_plan_item_defaults(struct br_plan_item *it)
{
	const struct br_evidence *ev = br_library_evidence();
	int t = br_evidence_treatment(ev, it->treatment);
	const struct br_course_default *def;

	if (t < 0)
		return;
	def = &ev->treatments[t].course;
	if (!def->given)
		return;
	if (it->sessions == BR_UNSET) {
		it->sessions = def->sessions;
		note_default(it, "sessions");
	}
	if (it->per_week < 0) {
		it->per_week = def->per_week;
		note_default(it, "per_week");
	}
	if (it->trial == BR_UNSET) {
		it->trial =
		        def->trial < it->sessions ? def->trial : it->sessions;
		note_default(it, "trial");
	}
}

int
br_rec_plan_item_check(const struct br_plan_item *it, struct br_err *err)
{
	const struct br_field *pw =
	        br_fields_find(&br_plan_item_fields, "per_week");
	char q[48];
	int rc, end;

	if (br_evidence_treatment(br_library_evidence(), it->treatment) < 0) {
		br_quote_value(it->treatment, q, sizeof(q));
		return br_error(
		        err, BR_EINVAL, "treatment",
		        "treatment '%s' is not in the evidence table (see "
		        "backrest plan EPISODE_ID)",
		        q);
	}
	rc = br_fields_range(&br_plan_item_fields, "sessions", it->sessions,
	                     err);
	if (rc == 0)
		rc = br_fields_range(&br_plan_item_fields, "trial", it->trial,
		                     err);
	if (rc < 0)
		return rc;
	/* Not given is negative; given, it is a number of visits. */
	if (it->per_week >= 0 && (it->per_week <= 0 || it->per_week > pw->max))
		return br_error(err, BR_EINVAL, "per_week",
		                "per_week must be above 0 (visits a week, at "
		                "most %g)",
		                pw->max);
	if (it->trial != BR_UNSET && it->sessions != BR_UNSET &&
	    it->trial > it->sessions)
		return br_error(err, BR_EINVAL, "trial",
		                "trial checkpoint %d is after the last of %d "
		                "sessions",
		                it->trial, it->sessions);
	/* An item is active until it ends one of the ways it may. */
	if (it->status[0] && strcmp(it->status, "active") != 0)
		return br_parse_enum("status", it->status, br_plan_item_ends,
		                     &end, err);
	return 0;
}

/* Exercise assignments and logs -------------------------------------- */

/* The library level of id, or -1 with err filled. */
static int
exercise_level(const char *id, struct br_err *err)
{
	int i = br_exercises_find(br_library_exercises(), id);
	char q[48];

	if (i >= 0)
		return i;
	br_quote_value(id, q, sizeof(q));
	br_error(err, BR_EINVAL, "exercise",
	         "exercise '%s' is not in the library (see backrest exercise "
	         "library)",
	         q);
	return -1;
}

void
br_rec_exercise_rx_defaults(struct br_exercise_rx *x)
{
	const struct br_exercises *lib = br_library_exercises();
	int i = br_exercises_find(lib, x->exercise);

	if (i < 0)
		return;
	if (x->reps == BR_UNSET)
		x->reps = lib->levels[i].reps;
	if (x->every_days == BR_UNSET)
		x->every_days = lib->levels[i].every_days;
}

int
br_rec_exercise_rx_check(const struct br_exercise_rx *x, struct br_err *err)
{
	const struct br_fields *t = &br_exercise_assign_fields;
	int rc = exercise_level(x->exercise, err) < 0 ? BR_EINVAL : 0;

	if (rc == 0)
		rc = br_fields_range(t, "reps", x->reps, err);
	if (rc == 0)
		rc = br_fields_range(t, "every", x->every_days, err);
	if (rc == 0)
		rc = br_fields_range(t, "usual_morning", x->usual_morning, err);
	if (rc == 0 && (x->reps == BR_UNSET || x->every_days == BR_UNSET))
		rc = br_error(err, BR_EINVAL,
		              x->reps == BR_UNSET ? "reps" : "every",
		              "an assignment needs its reps and the days "
		              "between sessions");
	return rc;
}

int
br_rec_exercise_log_check(const struct br_exercise_log *l, struct br_err *err)
{
	const struct br_fields *t = &br_exercise_log_fields;
	int rc = exercise_level(l->exercise, err) < 0 ? BR_EINVAL : 0;

	if (rc == 0)
		rc = check_day(l->day, err);
	if (rc == 0)
		rc = br_fields_range(t, "reps", l->reps, err);
	if (rc == 0)
		rc = br_fields_range(t, "pain_during", l->pain_during, err);
	if (rc == 0)
		rc = br_fields_range(t, "next_morning", l->next_morning, err);
	if (rc < 0)
		return rc;
	if (l->reps == BR_UNSET)
		return br_error(err, BR_EINVAL, "reps",
		                "reps is needed for the first log of %s on %s",
		                l->exercise, l->day);
	if (l->pain_during == BR_UNSET)
		return br_error(err, BR_EINVAL, "pain_during",
		                "pain_during is needed for the first log of %s "
		                "on %s",
		                l->exercise, l->day);
	return 0;
}

/* Pacing -------------------------------------------------------------- */

void
br_rec_pacing_quota_defaults(struct br_pacing_quota *q)
{
	if (q->step_pct < 0)
		q->step_pct = BR_PACE_STEP_PCT_DEFAULT;
	if (q->every_days == BR_UNSET)
		q->every_days = BR_PACE_EVERY_DEFAULT;
}

int
br_rec_pacing_quota_check(const struct br_pacing_quota *q, struct br_err *err)
{
	const struct br_fields *t = &br_pace_set_fields;
	int unit, rc = check_activity(q->activity, err);

	if (rc == 0 && q->unit[0] == '\0')
		rc = br_error(err, BR_EINVAL, "unit", "unit is required");
	if (rc == 0)
		rc = br_parse_enum("unit", q->unit, br_pace_units, &unit, err);
	if (rc == 0 && q->baseline < 0)
		rc = br_error(err, BR_EINVAL, "baseline",
		              "baseline is required");
	if (rc == 0)
		rc = br_fields_num_range(t, "baseline", q->baseline, err);
	if (rc == 0 && q->baseline <= 0)
		rc = br_error(err, BR_EINVAL, "baseline",
		              "baseline must be above 0");
	if (rc == 0)
		rc = br_fields_num_range(t, "step_pct", q->step_pct, err);
	if (rc == 0)
		rc = br_fields_range(t, "every", q->every_days, err);
	if (rc == 0 && q->every_days == BR_UNSET)
		rc = br_error(err, BR_EINVAL, "every", "every is required");
	return rc;
}

int
br_rec_pacing_log_check(const struct br_pacing_log *l, struct br_err *err)
{
	int rc = check_activity(l->activity, err);

	if (rc == 0)
		rc = check_day(l->day, err);
	if (rc == 0 && l->done < 0)
		rc = br_error(err, BR_EINVAL, "done", "done is required");
	if (rc == 0)
		rc = br_fields_num_range(&br_pace_log_fields, "done", l->done,
		                         err);
	if (rc == 0 && l->recovered != BR_UNSET &&
	    (l->recovered < 0 || l->recovered > 1))
		rc = br_error(err, BR_EINVAL, "recovered",
		              "recovered must be %s, %s or not given, not %d",
		              br_pace_recovered[0], br_pace_recovered[1],
		              l->recovered);
	return rc;
}
