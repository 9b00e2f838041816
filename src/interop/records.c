/*
 * records.c - checks for imported records (see records.h).
 */
#include "interop/records.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/charting.h"
#include "core/parse.h"

const char *const br_rec_modalities[] = {"acupuncture",        "cupping",
                                         "electroacupuncture", "massage",
                                         "moxibustion",        NULL};
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

int
br_rec_index(const char *const *names, const char *s)
{
	for (int i = 0; s && names[i]; i++)
		if (strcmp(names[i], s) == 0)
			return i;
	return -1;
}

static bool
has_modality(const struct br_session *x, const char *m)
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
br_rec_session_point(struct br_session *x, const char *point, const char *side,
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
	for (int i = 0; i < x->n_points; i++)
		if (strcmp(x->points[i].point, id) == 0)
			return br_error(err, BR_EINVAL, "points",
			                "point %s is listed twice", id);
	if (x->n_points == BR_MAX_POINTS)
		return br_error(err, BR_EINVAL, "points",
		                "at most %d points can be charted per session",
		                BR_MAX_POINTS);
	snprintf(x->points[x->n_points].point, sizeof(x->points[0].point), "%s",
	         id);
	snprintf(x->points[x->n_points].side, sizeof(x->points[0].side), "%s",
	         got);
	x->n_points++;
	return 0;
}

int
br_rec_session_word(struct br_session *x, const char *kind, const char *word,
                    struct br_err *err)
{
	char q[48];
	int rc, *n;
	char(*arr)[24];

	if (strcmp(kind, "modality") == 0) {
		if (br_rec_index(br_rec_modalities, word) < 0) {
			br_quote_value(word, q, sizeof(q));
			return br_error(err, BR_EINVAL, "modality",
			                "modality must be acupuncture, "
			                "electroacupuncture, cupping, "
			                "moxibustion or massage, not '%s'",
			                q);
		}
		if (has_modality(x, word))
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

static int
check_range(const char *field, int v, int min, int max, struct br_err *err)
{
	if (v == BR_UNSET || (v >= min && v <= max))
		return 0;
	return br_error(err, BR_EINVAL, field, "%s must be %d-%d, not %d",
	                field, min, max, v);
}

/* "2", "100" or "2/100": frequencies of 1-200 Hz. */
static int
check_hz(const char *s, struct br_err *err)
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
		rc = check_range("needles", x->needles, 0, 200, err);
	if (rc == 0)
		rc = check_range("minutes", x->retention_min, 1, 240, err);
	if (rc == 0)
		rc = check_range("depth_mm", x->depth_mm, 0, 150, err);
	if (rc == 0)
		rc = check_range("deqi", x->deqi, 0, 1, err);
	if (rc == 0)
		rc = check_range("ea_minutes", x->ea_minutes, 1, 240, err);
	if (rc == 0)
		rc = check_range("pain_before", x->pain_before, 0, 10, err);
	if (rc == 0)
		rc = check_range("pain_after", x->pain_after, 0, 10, err);
	if (rc == 0 && x->ea_ma > 50)
		rc = br_error(err, BR_EINVAL, "ea_ma",
		              "ea_ma must be 0-50 mA, not %g", x->ea_ma);
	if (rc == 0 && x->ea_hz[0])
		rc = check_hz(x->ea_hz, err);
	if (rc < 0)
		return rc;
	needling = has_modality(x, "acupuncture") ||
	           has_modality(x, "electroacupuncture");
	if ((x->ea_hz[0] || x->ea_waveform[0] || x->ea_minutes != BR_UNSET ||
	     x->ea_ma >= 0) &&
	    !has_modality(x, "electroacupuncture"))
		return br_error(err, BR_EINVAL, "ea_hz",
		                "electroacupuncture settings need the "
		                "electroacupuncture modality");
	if (x->massage[0] && !has_modality(x, "massage"))
		return br_error(err, BR_EINVAL, "massage",
		                "a massage type needs the massage modality");
	if (x->cupping[0] && !has_modality(x, "cupping"))
		return br_error(err, BR_EINVAL, "cupping",
		                "a cupping type needs the cupping modality");
	if (x->moxa[0] && !has_modality(x, "moxibustion"))
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
	if (x->n_points > 0 && !needling && !has_modality(x, "moxibustion") &&
	    !has_modality(x, "cupping"))
		return br_error(err, BR_EINVAL, "points",
		                "points are charted with acupuncture, "
		                "electroacupuncture, moxibustion or cupping");
	qsort(x->modalities, (size_t)x->n_modalities, sizeof(x->modalities[0]),
	      cmp_str);
	qsort(x->regions, (size_t)x->n_regions, sizeof(x->regions[0]), cmp_str);
	qsort(x->adverse, (size_t)x->n_adverse, sizeof(x->adverse[0]), cmp_str);
	qsort(x->points, (size_t)x->n_points, sizeof(x->points[0]), cmp_str);
	if (has_modality(x, "electroacupuncture") && !x->stimulation[0])
		snprintf(x->stimulation, sizeof(x->stimulation), "electrical");
	return 0;
}

int
br_rec_day_check(const struct br_diary_day *d, struct br_err *err)
{
	const struct br_night *n = &d->night;
	const struct {
		const char *name;
		int v, max;
	} f[] = {
	        {"bed", n->bed, 1439},
	        {"try", n->try_, 1439},
	        {"sol", n->sol, 1440},
	        {"wakes", n->wakes, 100},
	        {"waso", n->waso, 1440},
	        {"final", n->final, 1439},
	        {"up", n->up, 1439},
	        {"quality", n->quality, 4},
	        {"pain", d->pain, 10},
	        {"pain_worst", d->pain_worst, 10},
	        {"activity_min", d->activity_min, 1440},
	};
	int rc;

	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		rc = check_range(f[i].name, f[i].v, 0, f[i].max, err);
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
