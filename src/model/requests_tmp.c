/*
 * requests_tmp.c - TEMPORARY tables of the clinical requests (see
 * requests_tmp.h): replaced by the model's record tables.
 */
#include "model/requests_tmp.h"

#include <stddef.h>

#define F(k, t, lo, hi, fl)                                                    \
	{                                                                      \
		.key = k, .type = t, .min = lo, .max = hi, .flags = fl         \
	}
#define E(k, v, fl)                                                            \
	{                                                                      \
		.key = k, .type = BR_FT_ENUM, .values = v, .flags = fl         \
	}
#define REQ BR_FF_REQUIRED
#define END                                                                    \
	{                                                                      \
		.key = NULL                                                    \
	}
#define T(name, doc) const struct br_fields br_tmp_##name = {#name, doc, name}

/* Until then the API checks only the names of these tables' fields (the
 * use cases check their values). */
bool
br_tmp_is(const struct br_fields *t)
{
	const struct br_fields *const all[] = {
	        &br_tmp_patient_add,
	        &br_tmp_episode_open,
	        &br_tmp_diary_day,
	        &br_tmp_session,
	};

	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		if (all[i] == t)
			return true;
	return false;
}

static const char *const sexes[] = {"female", "male", "other", "unknown", NULL};
static const char *const regions[] = {"low-back", "mid-back", "neck", NULL};

static const struct br_field patient_add[] = {
        F("name", BR_FT_TEXT, 1, 120, REQ),
        F("born", BR_FT_DATE, 0, 0, 0),
        E("sex", sexes, 0),
        F("ref", BR_FT_TEXT, 0, 64, 0),
        F("clinic_id", BR_FT_ID, 0, 0, BR_FF_SERVER),
        END};
T(patient_add, "a new patient");

static const struct br_field episode_open[] = {
        F("onset", BR_FT_DATE, 0, 0, REQ), E("region", regions, 0),
        F("sciatica", BR_FT_BOOL, 0, 0, 0), F("code", BR_FT_TEXT, 0, 15, 0),
        END};
T(episode_open, "a new episode of care");

static const struct br_field diary_day[] = {
        F("date", BR_FT_DATE, 0, 0, REQ),
        F("bed", BR_FT_CLOCK, 0, 0, 0),
        F("try", BR_FT_CLOCK, 0, 0, 0),
        F("sol", BR_FT_INT, 0, 1440, 0),
        F("wakes", BR_FT_INT, 0, 100, 0),
        F("waso", BR_FT_INT, 0, 1440, 0),
        F("final", BR_FT_CLOCK, 0, 0, 0),
        F("up", BR_FT_CLOCK, 0, 0, 0),
        F("quality", BR_FT_INT, 0, 4, 0),
        F("pain", BR_FT_INT, 0, 10, 0),
        F("pain_worst", BR_FT_INT, 0, 10, 0),
        F("activity_min", BR_FT_INT, 0, 1440, 0),
        F("note", BR_FT_TEXT, 0, 2000, 0),
        F("routine", BR_FT_LIST, 0, 0, 0),
        END};
T(diary_day, "a diary day");

static const struct br_field session[] = {
        F("date", BR_FT_DATE, 0, 0, REQ),
        F("modality", BR_FT_LIST, 0, 0, REQ),
        F("points", BR_FT_LIST, 0, 0, 0),
        F("needles", BR_FT_INT, 0, 200, 0),
        F("minutes", BR_FT_INT, 1, 240, 0),
        F("depth_mm", BR_FT_INT, 0, 150, 0),
        F("deqi", BR_FT_BOOL, 0, 0, 0),
        F("stimulation", BR_FT_TEXT, 0, 40, 0),
        F("needle_size", BR_FT_TEXT, 0, 15, 0),
        F("ea_hz", BR_FT_TEXT, 0, 15, 0),
        F("ea_waveform", BR_FT_TEXT, 0, 40, 0),
        F("ea_minutes", BR_FT_INT, 1, 240, 0),
        F("ea_ma", BR_FT_NUM, 0, 50, 0),
        F("position", BR_FT_TEXT, 0, 40, 0),
        F("cupping", BR_FT_TEXT, 0, 40, 0),
        F("moxa", BR_FT_TEXT, 0, 40, 0),
        F("massage", BR_FT_TEXT, 0, 40, 0),
        F("regions", BR_FT_LIST, 0, 0, 0),
        F("pain_before", BR_FT_INT, 0, 10, 0),
        F("pain_after", BR_FT_INT, 0, 10, 0),
        F("adverse", BR_FT_LIST, 0, 0, 0),
        F("note", BR_FT_TEXT, 0, 2000, 0),
        F("flags", BR_FT_LIST, 0, 0, 0),
        F("visit_id", BR_FT_ID, 0, 0, 0),
        END};
T(session, "a treatment session");
