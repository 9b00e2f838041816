/*
 * checks_clinical.c - the field tables and checks of the red-flag screen,
 * the measure, the check-in and the visit booking (see
 * checks_clinical.h).
 */
#include "model/checks_clinical.h"

#include <stdio.h>
#include <string.h>

#include "core/instrument.h"
#include "core/parse.h"
#include "core/sleep.h"
#include "core/utf8.h"
#include "core/visits.h"

/* Field tables -------------------------------------------------------- */

static const struct br_field screen_fields[] = {
        {.key = "episode_id", .type = BR_FT_ID, .flags = BR_FF_REQUIRED},
        {.key = "none", .type = BR_FT_BOOL, .doc = "no red flag found"},
        {.key = "flags",
         .type = BR_FT_LIST,
         .doc = "the red flags found (ids of GET /api/v1/red-flags), or "
                "none"},
        {.key = "date",
         .type = BR_FT_DATE,
         .doc = "the day of the screen (default: today)"},
        {0},
};
const struct br_fields br_screen_fields = {"ScreenInput", "a red-flag screen",
                                           screen_fields};

static const struct br_field measure_fields[] = {
        {.key = "episode_id", .type = BR_FT_ID, .flags = BR_FF_REQUIRED},
        {.key = "instrument",
         .type = BR_FT_TEXT,
         .min = 1,
         .max = 40,
         .flags = BR_FF_REQUIRED,
         .doc = "the questionnaire's id (GET /api/v1/instruments)"},
        {.key = "answers",
         .type = BR_FT_CODES,
         .flags = BR_FF_REQUIRED,
         .doc = "response codes in item order (null: a skipped item)"},
        {.key = "date",
         .type = BR_FT_DATE,
         .doc = "the day it was answered (default: today)"},
        {0},
};
const struct br_fields br_measure_fields = {
        "MeasureInput", "a questionnaire's answers", measure_fields};

/* The same fields without an episode or a date: scored, not stored. */
static const struct br_field score_fields[] = {
        {.key = "instrument",
         .type = BR_FT_TEXT,
         .min = 1,
         .max = 40,
         .flags = BR_FF_REQUIRED,
         .doc = "the questionnaire's id (GET /api/v1/instruments)"},
        {.key = "answers",
         .type = BR_FT_CODES,
         .flags = BR_FF_REQUIRED,
         .doc = "response codes in item order (null: a skipped item)"},
        {0},
};
const struct br_fields br_score_fields = {
        "ScoreInput", "answers to score without storing them", score_fields};

static const struct br_field checkin_fields[] = {
        {.key = "session_id", .type = BR_FT_ID, .flags = BR_FF_REQUIRED},
        {.key = "episode_id",
         .type = BR_FT_ID,
         .doc = "the session's episode (a session outside it reads as "
                "missing)"},
        {.key = "date",
         .type = BR_FT_DATE,
         .doc = "the day of the check-in, after the session's (default: "
                "today)"},
        {.key = "soreness",
         .type = BR_FT_INT,
         .min = 0,
         .max = 10,
         .flags = BR_FF_REQUIRED,
         .doc = "soreness since the session (0 none, 10 worst)"},
        {.key = "energy",
         .type = BR_FT_ENUM,
         .values = br_checkin_change_names,
         .flags = BR_FF_REQUIRED,
         .doc = "energy compared with before the session"},
        {.key = "mood",
         .type = BR_FT_ENUM,
         .values = br_checkin_change_names,
         .flags = BR_FF_REQUIRED,
         .doc = "mood compared with before the session"},
        {.key = "unusual",
         .type = BR_FT_TEXT,
         .max = BR_CHECKIN_NOTE - 1,
         .doc = "anything unusual since the session"},
        {0},
};
const struct br_fields br_checkin_fields = {
        "CheckinInput", "the next-day check-in after a session",
        checkin_fields};

/* What a visit is booked with, alone (visit book) or for each visit of a
 * course: its length, place, a home visit's address and the
 * practitioner. */
#define BOOKING                                                                \
	{.key = "minutes",                                                     \
	 .type = BR_FT_INT,                                                    \
	 .min = 5,                                                             \
	 .max = 480,                                                           \
	 .doc = "length in minutes (default: 45)"},                            \
	        {.key = "where",                                               \
	         .type = BR_FT_ENUM,                                           \
	         .values = br_visit_place_names,                               \
	         .doc = "in the clinic or at home (default: clinic)"},         \
	        {.key = "address",                                             \
	         .type = BR_FT_TEXT,                                           \
	         .max = BR_ADDRESS_MAX - 1,                                    \
	         .doc = "a home visit's address"},                             \
	{                                                                      \
		.key = "practitioner_id", .type = BR_FT_INT, .min = 0,         \
		.max = 9007199254740991.0,                                     \
		.doc = "the practitioner's user id (default: the caller; 0: "  \
		       "the local operator, command line only)"                \
	}

static const struct br_field visit_fields[] = {
        {.key = "episode_id", .type = BR_FT_ID, .flags = BR_FF_REQUIRED},
        {.key = "at",
         .type = BR_FT_TEXT,
         .min = 1,
         .max = 32,
         .flags = BR_FF_REQUIRED,
         .doc = "local date and time, YYYY-MM-DDTHH:MM"},
        BOOKING,
        {0},
};
const struct br_fields br_visit_fields = {"VisitInput", "a visit booked",
                                          visit_fields};

static const struct br_field course_fields[] = {
        {.key = "episode_id", .type = BR_FT_ID, .flags = BR_FF_REQUIRED},
        {.key = "item_id",
         .type = BR_FT_ID,
         .doc = "the plan item the course serves (default: the active "
                "one)"},
        {.key = "sessions",
         .type = BR_FT_INT,
         .min = 1,
         .max = BR_COURSE_MAX,
         .doc = "how many visits (default: the plan's)"},
        {.key = "per_week",
         .type = BR_FT_NUM,
         .min = 0.1,
         .max = 7,
         .doc = "visits per week (default: the plan's)"},
        {.key = "start",
         .type = BR_FT_TEXT,
         .max = 32,
         .doc = "the first visit, YYYY-MM-DDTHH:MM"},
        BOOKING,
        {0},
};
const struct br_fields br_course_fields = {
        "Course", "a course of visits for a plan item", course_fields};

static const struct br_field herbal_fields[] = {
        {.key = "episode_id", .type = BR_FT_ID, .flags = BR_FF_REQUIRED},
        {.key = "date",
         .type = BR_FT_DATE,
         .doc = "the day prescribed (default: the session's, else today)"},
        {.key = "session_id",
         .type = BR_FT_ID,
         .doc = "the session it was prescribed at"},
        {.key = "pinyin",
         .type = BR_FT_TEXT,
         .max = BR_NAME_MAX - 1,
         .doc = "formula name in pinyin"},
        {.key = "chinese",
         .type = BR_FT_TEXT,
         .max = BR_NAME_MAX - 1,
         .doc = "formula name in Chinese characters"},
        {.key = "english",
         .type = BR_FT_TEXT,
         .max = BR_NAME_MAX - 1,
         .doc = "formula name in English"},
        {.key = "form",
         .type = BR_FT_ENUM,
         .values = br_herbal_forms,
         .flags = BR_FF_REQUIRED,
         .doc = "the preparation"},
        {.key = "dose",
         .type = BR_FT_TEXT,
         .min = 1,
         .max = BR_SHORT_NOTE - 1,
         .flags = BR_FF_REQUIRED,
         .doc = "dose as written"},
        {.key = "duration",
         .type = BR_FT_TEXT,
         .max = BR_NAME_MAX - 1,
         .doc = "how long to take it"},
        {.key = "instructions",
         .type = BR_FT_TEXT,
         .max = BR_NOTE_MAX - 1,
         .doc = "how to take it"},
        {.key = "modifications",
         .type = BR_FT_TEXT,
         .max = BR_SHORT_NOTE - 1,
         .doc = "herbs added or removed"},
        {.key = "pharmacy",
         .type = BR_FT_TEXT,
         .max = BR_NAME_MAX - 1,
         .doc = "who dispenses it"},
        {0},
};
const struct br_fields br_herbal_fields = {
        "HerbalInput", "a herbal prescription as written", herbal_fields};

/* Red flags ----------------------------------------------------------- */

int
br_rec_flag_add(struct br_flag_input *f, const char *key, const char *item,
                struct br_err *err)
{
	const struct br_redflag *r;
	char q[48];

	f->given = true;
	if (strcmp(item, "none") == 0) {
		f->none = true;
		return 0;
	}
	r = br_redflag_find(item);
	br_quote_value(item, q, sizeof(q));
	if (r == NULL)
		return br_error(err, BR_EINVAL, key,
		                "%s: '%s' is not a red-flag id (see 'backrest "
		                "screen flags')",
		                key, q);
	if (r->derived)
		return br_error(err, BR_EINVAL, key,
		                "%s: '%s' is worked out from the patient's "
		                "birth date and cannot be given by hand",
		                key, q);
	for (int i = 0; i < f->n; i++)
		if (f->ids[i] == r->id)
			return 0;
	if (f->n == BR_REDFLAG_MAX)
		return br_error(err, BR_EINVAL, key,
		                "%s: at most %d red flags per screen", key,
		                BR_REDFLAG_MAX);
	f->ids[f->n++] = r->id;
	return 0;
}

int
br_rec_flags_check(const struct br_flag_input *f, const char *key,
                   struct br_err *err)
{
	if (!f->given)
		return 0;
	if (f->none && f->n > 0)
		return br_error(err, BR_EINVAL, key,
		                "%s: 'none' cannot be combined with red-flag "
		                "ids",
		                key);
	if (!f->none && f->n == 0)
		return br_error(err, BR_EINVAL, key,
		                "%s must be 'none' or red-flag ids (see "
		                "'backrest screen flags')",
		                key);
	return 0;
}

int
br_rec_screen_check(bool none, const struct br_flag_input *f,
                    struct br_err *err)
{
	int rc = br_rec_flags_check(f, "flags", err);

	if (rc < 0)
		return rc;
	if (none && f->n > 0)
		return br_error(err, BR_EINVAL, "none",
		                "--none cannot be combined with --flag");
	if (!none && !f->given)
		return br_error(
		        err, BR_EINVAL, "flags",
		        "a screen needs --none or at least one --flag ID "
		        "(see 'backrest screen flags')");
	return 0;
}

int
br_rec_screening_check(const struct br_screening *x, struct br_err *err)
{
	char q[48];

	if (x->n_flags < 0 || x->n_flags > BR_SCREENING_MAX_FLAGS)
		return br_error(err, BR_EINVAL, "flags",
		                "at most %d red flags per screen",
		                BR_SCREENING_MAX_FLAGS);
	for (int i = 0; i < x->n_flags; i++) {
		if (br_redflag_find(x->flags[i]) == NULL) {
			br_quote_value(x->flags[i], q, sizeof(q));
			return br_error(err, BR_EINVAL, "flags",
			                "'%s' is not a red-flag id (see "
			                "'backrest screen flags')",
			                q);
		}
		for (int j = 0; j < i; j++)
			if (strcmp(x->flags[i], x->flags[j]) == 0)
				return br_error(err, BR_EINVAL, "flags",
				                "red flag %s is listed twice",
				                x->flags[i]);
	}
	if (x->tier[0] && br_tier_parse(x->tier) < 0) {
		br_quote_value(x->tier, q, sizeof(q));
		return br_error(err, BR_EINVAL, "tier",
		                "tier must be none, urgent or emergency, not "
		                "'%s'",
		                q);
	}
	return 0;
}

/* Measures ------------------------------------------------------------ */

int
br_rec_measure_check(const struct br_measure *m, struct br_err *err)
{
	int answered = 0;

	if (m->n_items < 0 || m->n_items > BR_MEASURE_MAX_ITEMS)
		return br_error(err, BR_EINVAL, "answers",
		                "answers may have at most %d items, not %d",
		                BR_MEASURE_MAX_ITEMS, m->n_items);
	for (int i = 0; i < m->n_items; i++) {
		if (m->codes[i] == BR_ANSWER_SKIPPED)
			continue;
		if (m->codes[i] < 0)
			return br_error(err, BR_EINVAL, "answers",
			                "answer %d is %d; expected a response "
			                "code (a whole number 0 or more) or "
			                "null for a skipped item",
			                i + 1, m->codes[i]);
		answered++;
	}
	if (m->answered != answered)
		return br_error(err, BR_EINVAL, "answers",
		                "the measure counts %d answered items but has "
		                "%d",
		                m->answered, answered);
	if (m->n_subscores < 0 || m->n_subscores > BR_MEASURE_MAX_SUBSCORES)
		return br_error(err, BR_EINVAL, "subscores",
		                "a measure has at most %d subscores",
		                BR_MEASURE_MAX_SUBSCORES);
	return 0;
}

/* Check-ins ----------------------------------------------------------- */

int
br_rec_checkin_check(const struct br_checkin *c, struct br_err *err)
{
	int32_t day, sday;
	int rc = br_fields_range(&br_checkin_fields, "soreness", c->soreness,
	                         err);

	if (rc == 0 && c->soreness == BR_UNSET)
		rc = br_error(err, BR_EINVAL, "soreness",
		              "soreness is required (0-10)");
	if (rc == 0)
		rc = br_fields_enum(&br_checkin_fields, "energy", c->energy,
		                    err);
	if (rc == 0)
		rc = br_fields_enum(&br_checkin_fields, "mood", c->mood, err);
	if (rc == 0)
		rc = br_parse_date("date", c->day, &day, err);
	if (rc < 0)
		return rc;
	if (c->session_day[0] &&
	    br_parse_date("date", c->session_day, &sday, NULL) == 0 &&
	    day <= sday)
		return br_error(err, BR_EINVAL, "date",
		                "date must be after the session's date %s (the "
		                "check-in is the day after)",
		                c->session_day);
	return 0;
}

/* Visits -------------------------------------------------------------- */

int
br_rec_visit_check(const struct br_visit *v, struct br_err *err)
{
	int rc = br_fields_range(&br_visit_fields, "minutes", v->minutes, err);

	if (rc == 0)
		rc = br_fields_enum(&br_visit_fields, "where", v->place, err);
	if (rc < 0)
		return rc;
	if (strcmp(v->place, "home") == 0 && v->address[0] == '\0')
		return br_error(err, BR_EINVAL, "address",
		                "address is required for a home visit");
	if (strcmp(v->place, "clinic") == 0 && v->address[0])
		return br_error(
		        err, BR_EINVAL, "address",
		        "address is only for a home visit (where home)");
	return 0;
}

/* Herbal prescriptions ------------------------------------------------ */

int
br_rec_herbal_check(const struct br_herbal *x, struct br_err *err)
{
	char q[48];
	int rc;

	if (x->pinyin[0] && !br_utf8_is_pinyin(x->pinyin)) {
		br_quote_value(x->pinyin, q, sizeof(q));
		return br_error(err, BR_EINVAL, "pinyin",
		                "pinyin must be written in Latin letters (tone "
		                "marks or digits allowed), not '%s'",
		                q);
	}
	if (x->chinese[0] && !br_utf8_all_han(x->chinese))
		return br_error(err, BR_EINVAL, "chinese",
		                "chinese must be written in Chinese characters "
		                "only");
	if (!x->pinyin[0] && !x->chinese[0] && !x->english[0])
		return br_error(
		        err, BR_EINVAL, "pinyin",
		        "the formula needs a name: give pinyin, chinese "
		        "or english");
	rc = br_fields_enum(&br_herbal_fields, "form", x->form, err);
	if (rc == 0 && x->dose[0] == '\0')
		rc = br_error(err, BR_EINVAL, "dose", "dose is required");
	return rc;
}
