/*
 * checks.c - the field tables and checks of the patient, episode, diary
 * day and session records (see checks.h).
 */
#include "model/checks.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/parse.h"
#include "model/charting.h"

const char *const br_rec_modalities[] = {"acupuncture", "electroacupuncture",
                                         "cupping",     "moxibustion",
                                         "massage",     NULL};
const char *const br_rec_positions[] = {"prone", "supine", "side", NULL};
const char *const br_rec_massages[] = {"deep-tissue", "swedish",
                                       "trigger-point", NULL};
const char *const br_rec_cuppings[] = {"dry", "wet", "moving", "flash", NULL};
const char *const br_rec_moxas[] = {"stick", "needle-head", "indirect", "box",
                                    NULL};
const char *const br_rec_stimulations[] = {"none", "manual", "electrical",
                                           NULL};
const char *const br_rec_waveforms[] = {"continuous", "dense-disperse",
                                        "intermittent", NULL};
const char *const br_rec_sides[] = {"both", "left", "right", "midline", NULL};
const char *const br_rec_regions[] = {"low-back", "mid-back", "neck", NULL};
const char *const br_rec_sexes[] = {"female", "male", "other", "unknown", NULL};

/* Field tables -------------------------------------------------------- */

static const struct br_field patient_fields[] = {
        {.key = "name",
         .type = BR_FT_TEXT,
         .min = 1,
         .max = BR_NAME_MAX - 1,
         .flags = BR_FF_REQUIRED,
         .doc = "the patient's name"},
        {.key = "born", .type = BR_FT_DATE, .doc = "date of birth"},
        {.key = "sex", .type = BR_FT_ENUM, .values = br_rec_sexes},
        {.key = "ref",
         .type = BR_FT_TEXT,
         .max = BR_REF_MAX - 1,
         .doc = "an external id (another system's record number)"},
        {.key = "clinic_id",
         .type = BR_FT_ID,
         .doc = "the clinic (default: the first)"},
        {0},
};
const struct br_fields br_patient_fields = {"PatientInput", "a new patient",
                                            patient_fields};

static const struct br_field episode_fields[] = {
        {.key = "patient_id", .type = BR_FT_ID, .flags = BR_FF_REQUIRED},
        {.key = "onset",
         .type = BR_FT_DATE,
         .flags = BR_FF_REQUIRED,
         .doc = "when this episode of pain began"},
        {.key = "region", .type = BR_FT_ENUM, .values = br_rec_regions},
        {.key = "sciatica",
         .type = BR_FT_BOOL,
         .doc = "pain radiating below the knee"},
        {.key = "code",
         .type = BR_FT_TEXT,
         .max = 15,
         .doc = "an ICD-10 code such as M54.50"},
        {0},
};
const struct br_fields br_episode_fields = {"EpisodeInput", "a new episode",
                                            episode_fields};

static const struct br_field diary_fields[] = {
        {.key = "patient_id", .type = BR_FT_ID, .flags = BR_FF_REQUIRED},
        {.key = "date",
         .type = BR_FT_DATE,
         .flags = BR_FF_REQUIRED,
         .doc = "the morning the night ends"},
        {.key = "bed", .type = BR_FT_CLOCK, .doc = "went to bed"},
        {.key = "try", .type = BR_FT_CLOCK, .doc = "tried to sleep"},
        {.key = "sol",
         .type = BR_FT_INT,
         .min = 0,
         .max = 1440,
         .doc = "minutes to fall asleep"},
        {.key = "wakes",
         .type = BR_FT_INT,
         .min = 0,
         .max = 100,
         .doc = "times woken"},
        {.key = "waso",
         .type = BR_FT_INT,
         .min = 0,
         .max = 1440,
         .doc = "minutes awake after first falling asleep"},
        {.key = "final", .type = BR_FT_CLOCK, .doc = "final waking"},
        {.key = "up", .type = BR_FT_CLOCK, .doc = "got up"},
        {.key = "quality",
         .type = BR_FT_INT,
         .min = 0,
         .max = 4,
         .doc = "sleep quality, 0 very poor to 4 very good"},
        {.key = "pain",
         .type = BR_FT_INT,
         .min = 0,
         .max = 10,
         .doc = "usual pain today, 0-10"},
        {.key = "pain_worst",
         .type = BR_FT_INT,
         .min = 0,
         .max = 10,
         .doc = "worst pain today, 0-10"},
        {.key = "activity_min",
         .type = BR_FT_INT,
         .min = 0,
         .max = 1440,
         .doc = "minutes of activity"},
        {.key = "note", .type = BR_FT_TEXT, .max = BR_NOTE_MAX - 1},
        {.key = "routine",
         .type = BR_FT_LIST,
         .doc = "bedtime routine steps done (\"none\": none)"},
        {.key = "entry_id",
         .type = BR_FT_TEXT,
         .min = 8,
         .max = 64,
         .doc = "an id the sending device makes for this entry: the same "
                "entry sent again is recorded once"},
        {0},
};
const struct br_fields br_diary_fields = {"DiaryDayInput", "a diary day",
                                          diary_fields};

static const struct br_field session_fields[] = {
        {.key = "episode_id", .type = BR_FT_ID, .flags = BR_FF_REQUIRED},
        {.key = "date", .type = BR_FT_DATE, .flags = BR_FF_REQUIRED},
        {.key = "modality",
         .type = BR_FT_LIST,
         .values = br_rec_modalities,
         .flags = BR_FF_REQUIRED,
         .doc = "the modalities given"},
        {.key = "points",
         .type = BR_FT_LIST,
         .doc = "points as BL23, BL23:L, DU4 or ashi"},
        {.key = "needles", .type = BR_FT_INT, .min = 0, .max = 200},
        {.key = "minutes",
         .type = BR_FT_INT,
         .min = 1,
         .max = 240,
         .doc = "needle retention"},
        {.key = "depth_mm", .type = BR_FT_INT, .min = 0, .max = 150},
        {.key = "deqi", .type = BR_FT_BOOL},
        {.key = "stimulation",
         .type = BR_FT_ENUM,
         .values = br_rec_stimulations},
        {.key = "needle_size", .type = BR_FT_TEXT, .max = 23},
        {.key = "ea_hz",
         .type = BR_FT_TEXT,
         .max = 15,
         .doc = "frequency in Hz, or two as 2/100"},
        {.key = "ea_waveform", .type = BR_FT_ENUM, .values = br_rec_waveforms},
        {.key = "ea_minutes", .type = BR_FT_INT, .min = 1, .max = 240},
        {.key = "ea_ma",
         .type = BR_FT_NUM,
         .min = 0,
         .max = 50,
         .doc = "current in mA"},
        {.key = "position", .type = BR_FT_ENUM, .values = br_rec_positions},
        {.key = "cupping", .type = BR_FT_ENUM, .values = br_rec_cuppings},
        {.key = "moxa", .type = BR_FT_ENUM, .values = br_rec_moxas},
        {.key = "massage", .type = BR_FT_ENUM, .values = br_rec_massages},
        {.key = "regions", .type = BR_FT_LIST, .doc = "body regions treated"},
        {.key = "pain_before", .type = BR_FT_INT, .min = 0, .max = 10},
        {.key = "pain_after", .type = BR_FT_INT, .min = 0, .max = 10},
        {.key = "adverse",
         .type = BR_FT_LIST,
         .doc = "adverse events (\"none\": none)"},
        {.key = "note", .type = BR_FT_TEXT, .max = BR_NOTE_MAX - 1},
        {.key = "flags",
         .type = BR_FT_LIST,
         .doc = "red flags found at the visit (\"none\": none)"},
        {.key = "visit_id",
         .type = BR_FT_ID,
         .doc = "the appointment it was charted at"},
        {0},
};
const struct br_fields br_session_fields = {
        "SessionInput", "a treatment session", session_fields};

int
br_rec_index(const char *const *names, const char *s)
{
	for (int i = 0; s && names[i]; i++)
		if (strcmp(names[i], s) == 0)
			return i;
	return -1;
}

bool
br_rec_session_has(const struct br_session *x, const char *m)
{
	for (int i = 0; i < x->n_modalities; i++)
		if (strcmp(x->modalities[i], m) == 0)
			return true;
	return false;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(a, b);
}

int
br_rec_point_add(struct br_session_point *list, int *n, int max,
                 const char *what, const char *point, const char *side,
                 struct br_err *err)
{
	char text[48], id[12], got[8];
	int rc;

	snprintf(text, sizeof(text), "%.20s%s%.10s", point,
	         side && side[0] && strcmp(side, "midline") != 0 ? ":" : "",
	         side && strcmp(side, "midline") != 0 ? side : "");
	rc = br_charting_point("points", text, id, sizeof(id), got, sizeof(got),
	                       err);
	if (rc < 0)
		return rc;
	if (side && strcmp(side, "midline") == 0 && strcmp(got, "midline") != 0)
		return br_error(err, BR_EINVAL, "points",
		                "point %s is paired, so it cannot be on the "
		                "midline",
		                id);
	for (int i = 0; i < *n; i++)
		if (strcmp(list[i].point, id) == 0)
			return br_error(err, BR_EINVAL, "points",
			                "point %s is listed twice", id);
	if (*n == max)
		return br_error(err, BR_EINVAL, "points",
		                "at most %d points can be charted per %s", max,
		                what);
	snprintf(list[*n].point, sizeof(list[0].point), "%s", id);
	snprintf(list[*n].side, sizeof(list[0].side), "%s", got);
	(*n)++;
	return 0;
}

int
br_rec_session_point(struct br_session *x, const char *point, const char *side,
                     struct br_err *err)
{
	return br_rec_point_add(x->points, &x->n_points, BR_MAX_POINTS,
	                        "session", point, side, err);
}

int
br_rec_session_word(struct br_session *x, const char *kind, const char *word,
                    struct br_err *err)
{
	int rc, *n;
	char(*arr)[24];

	if (strcmp(kind, "modality") == 0) {
		int idx;

		rc = br_parse_enum("modality", word, br_rec_modalities, &idx,
		                   err);
		if (rc < 0)
			return rc;
		if (br_rec_session_has(x, word))
			return 0;
		if (x->n_modalities == BR_MAX_LIST)
			return br_error(err, BR_EINVAL, "modality",
			                "too many modalities");
		snprintf(x->modalities[x->n_modalities++], 20, "%s", word);
		return 0;
	}
	if (strcmp(kind, "regions") == 0) {
		rc = br_charting_word("regions", "regions", word, err);
		n = &x->n_regions;
		arr = x->regions;
	} else {
		if (strcmp(word, "none") == 0)
			return 0;
		rc = br_charting_word("adverse_events", "adverse", word, err);
		n = &x->n_adverse;
		arr = x->adverse;
	}
	if (rc < 0)
		return rc;
	for (int i = 0; i < *n; i++)
		if (strcmp(arr[i], word) == 0)
			return 0;
	if (*n == BR_MAX_LIST)
		return br_error(err, BR_EINVAL, kind, "too many %s", kind);
	snprintf(arr[(*n)++], 24, "%s", word);
	return 0;
}

static int
check_enum(const char *field, const char *v, const char *const *names,
           struct br_err *err)
{
	int idx;

	if (v[0] == '\0')
		return 0;
	return br_parse_enum(field, v, names, &idx, err);
}

int
br_rec_session_hz(const char *s, struct br_err *err)
{
	char q[48], *end;
	const char *p = s;

	for (int part = 0; part < 2; part++) {
		long v;

		if (!isdigit((unsigned char)*p))
			goto bad;
		v = strtol(p, &end, 10);
		if (v < 1 || v > 200 || end - p > 3)
			goto bad;
		p = end;
		if (*p == '\0')
			return 0;
		if (*p != '/' || part == 1)
			goto bad;
		p++;
	}
bad:
	br_quote_value(s, q, sizeof(q));
	return br_error(err, BR_EINVAL, "ea_hz",
	                "ea_hz must be a frequency of 1-200 Hz, or two as "
	                "2/100 for dense-disperse, not '%s'",
	                q);
}

int
br_rec_session_check(struct br_session *x, struct br_err *err)
{
	const struct br_field *ea_ma =
	        br_fields_find(&br_session_fields, "ea_ma");
	bool needling;
	int rc = 0;

	if (x->n_modalities == 0)
		return br_error(err, BR_EINVAL, "modality",
		                "a session needs at least one modality");
	if (rc == 0)
		rc = check_enum("position", x->position, br_rec_positions, err);
	if (rc == 0)
		rc = check_enum("stimulation", x->stimulation,
		                br_rec_stimulations, err);
	if (rc == 0)
		rc = check_enum("ea_waveform", x->ea_waveform, br_rec_waveforms,
		                err);
	if (rc == 0)
		rc = check_enum("cupping", x->cupping, br_rec_cuppings, err);
	if (rc == 0)
		rc = check_enum("moxa", x->moxa, br_rec_moxas, err);
	if (rc == 0)
		rc = check_enum("massage", x->massage, br_rec_massages, err);
	if (rc == 0)
		rc = br_fields_range(&br_session_fields, "needles", x->needles,
		                     err);
	if (rc == 0)
		rc = br_fields_range(&br_session_fields, "minutes",
		                     x->retention_min, err);
	if (rc == 0)
		rc = br_fields_range(&br_session_fields, "depth_mm",
		                     x->depth_mm, err);
	if (rc == 0)
		rc = br_fields_range(&br_session_fields, "deqi", x->deqi, err);
	if (rc == 0)
		rc = br_fields_range(&br_session_fields, "ea_minutes",
		                     x->ea_minutes, err);
	if (rc == 0)
		rc = br_fields_range(&br_session_fields, "pain_before",
		                     x->pain_before, err);
	if (rc == 0)
		rc = br_fields_range(&br_session_fields, "pain_after",
		                     x->pain_after, err);
	if (rc == 0 && x->ea_ma > ea_ma->max)
		rc = br_error(err, BR_EINVAL, "ea_ma",
		              "ea_ma must be %g-%g mA, not %g", ea_ma->min,
		              ea_ma->max, x->ea_ma);
	if (rc == 0 && x->ea_hz[0])
		rc = br_rec_session_hz(x->ea_hz, err);
	if (rc < 0)
		return rc;
	needling = br_rec_session_has(x, "acupuncture") ||
	           br_rec_session_has(x, "electroacupuncture");
	if ((x->ea_hz[0] || x->ea_waveform[0] || x->ea_minutes != BR_UNSET ||
	     x->ea_ma >= 0) &&
	    !br_rec_session_has(x, "electroacupuncture"))
		return br_error(err, BR_EINVAL, "ea_hz",
		                "electroacupuncture settings need the "
		                "electroacupuncture modality");
	if (x->massage[0] && !br_rec_session_has(x, "massage"))
		return br_error(err, BR_EINVAL, "massage",
		                "a massage type needs the massage modality");
	if (x->cupping[0] && !br_rec_session_has(x, "cupping"))
		return br_error(err, BR_EINVAL, "cupping",
		                "a cupping type needs the cupping modality");
	if (x->moxa[0] && !br_rec_session_has(x, "moxibustion"))
		return br_error(err, BR_EINVAL, "moxa",
		                "a moxa type needs the moxibustion modality");
	if (!needling &&
	    (x->needles != BR_UNSET || x->retention_min != BR_UNSET ||
	     x->depth_mm != BR_UNSET || x->deqi != BR_UNSET ||
	     x->needle_size[0] || x->stimulation[0]))
		return br_error(err, BR_EINVAL, "minutes",
		                "needling details (needles, minutes, depth, "
		                "deqi, stimulation, needle size) need "
		                "acupuncture or electroacupuncture");
	if (x->n_points > 0 && !needling &&
	    !br_rec_session_has(x, "moxibustion") &&
	    !br_rec_session_has(x, "cupping"))
		return br_error(err, BR_EINVAL, "points",
		                "points are charted with acupuncture, "
		                "electroacupuncture, moxibustion or cupping");
	qsort(x->modalities, (size_t)x->n_modalities, sizeof(x->modalities[0]),
	      cmp_str);
	qsort(x->regions, (size_t)x->n_regions, sizeof(x->regions[0]), cmp_str);
	qsort(x->adverse, (size_t)x->n_adverse, sizeof(x->adverse[0]), cmp_str);
	qsort(x->points, (size_t)x->n_points, sizeof(x->points[0]), cmp_str);
	if (br_rec_session_has(x, "electroacupuncture") && !x->stimulation[0])
		snprintf(x->stimulation, sizeof(x->stimulation), "electrical");
	return 0;
}

int
br_rec_day_check(const struct br_diary_day *d, struct br_err *err)
{
	const struct br_night *n = &d->night;
	const struct {
		const char *name;
		int v;
	} f[] = {
	        {"bed", n->bed},
	        {"try", n->try_},
	        {"sol", n->sol},
	        {"wakes", n->wakes},
	        {"waso", n->waso},
	        {"final", n->final},
	        {"up", n->up},
	        {"quality", n->quality},
	        {"pain", d->pain},
	        {"pain_worst", d->pain_worst},
	        {"activity_min", d->activity_min},
	};
	int rc;

	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		rc = br_fields_range(&br_diary_fields, f[i].name, f[i].v, err);
		if (rc < 0)
			return rc;
	}
	rc = br_night_check(n, err);
	if (rc < 0)
		return rc;
	if (d->pain != BR_UNSET && d->pain_worst != BR_UNSET &&
	    d->pain_worst < d->pain)
		return br_error(err, BR_EINVAL, "pain_worst",
		                "pain_worst (%d) must not be below the day's "
		                "pain (%d)",
		                d->pain_worst, d->pain);
	return 0;
}

int
br_rec_icd10(const char *code, char *out, size_t outlen, struct br_err *err)
{
	char q[48];
	size_t n = strlen(code), i;
	bool ok = n >= 3 && n <= 8 && isalpha((unsigned char)code[0]) &&
	          isdigit((unsigned char)code[1]) &&
	          isalnum((unsigned char)code[2]);

	for (i = 3; ok && i < n; i++)
		ok = (i == 3 && code[i] == '.' && n > 4) ||
		     (i > 3 && isalnum((unsigned char)code[i]));
	if (!ok) {
		br_quote_value(code, q, sizeof(q));
		return br_error(err, BR_EINVAL, "code",
		                "code must be an ICD-10 code such as M54.50, "
		                "not '%s'",
		                q);
	}
	for (i = 0; i < n && i + 1 < outlen; i++)
		out[i] = (char)toupper((unsigned char)code[i]);
	out[i] = '\0';
	return 0;
}

void
br_rec_night_days(int32_t day, const struct br_night *n, int32_t dates[4])
{
	const int t[4] = {n->bed, n->try_, n->final, n->up};
	int32_t cur = day;
	int next = BR_UNSET;

	for (int i = 3; i >= 0; i--) {
		dates[i] = INT32_MIN;
		if (t[i] == BR_UNSET)
			continue;
		if (next != BR_UNSET && t[i] > next)
			cur--;
		dates[i] = cur;
		next = t[i];
	}
}
