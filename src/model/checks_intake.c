/*
 * checks_intake.c - the check of an intake history (see checks_intake.h).
 */
#include "model/checks_intake.h"

#include <stdio.h>
#include <string.h>

#include "core/parse.h"
#include "core/sleep.h"
#include "model/intake_fields.h"
#include "model/vocab.h"

#define VOCAB "intake.json"

static const char *const list_keys[] = {
        "locations",  "aggravating", "easing", "conditions",
        "treatments", "medicines",   NULL};

/* The codes of a plain coded list of x. */
static int *
codes_of(struct br_intake *x, enum br_intake_list l, char (**arr)[BR_CODE_LEN])
{
	switch (l) {
	case BR_INTAKE_AGGRAVATING:
		*arr = x->aggravating;
		return &x->n_aggravating;
	case BR_INTAKE_EASING:
		*arr = x->easing;
		return &x->n_easing;
	case BR_INTAKE_CONDITIONS:
		*arr = x->conditions;
		return &x->n_conditions;
	case BR_INTAKE_TREATMENTS:
		*arr = x->treatments;
		return &x->n_treatments;
	default:
		return NULL;
	}
}

int
br_rec_intake_add_code(struct br_intake *x, enum br_intake_list l,
                       const char *code, struct br_err *err)
{
	char(*arr)[BR_CODE_LEN];
	int *n = codes_of(x, l, &arr);
	const char *key = list_keys[l];

	if (n == NULL)
		return br_error(err, BR_EINVAL, key, "%s is not a coded list",
		                key);
	for (int i = 0; i < *n; i++)
		if (strcmp(arr[i], code) == 0)
			return br_error(err, BR_EINVAL, key,
			                "%s lists %s twice", key, code);
	if (*n == BR_INTAKE_MAX_LIST)
		return br_error(err, BR_EINVAL, key,
		                "%s lists more than %d items", key,
		                BR_INTAKE_MAX_LIST);
	snprintf(arr[(*n)++], BR_CODE_LEN, "%s", code);
	return 0;
}

int
br_rec_intake_add_location(struct br_intake *x, const char *code,
                           const char *side, struct br_err *err)
{
	for (int i = 0; i < x->n_locations; i++)
		if (strcmp(x->locations[i].location, code) == 0)
			return br_error(err, BR_EINVAL, "locations",
			                "locations lists %s twice", code);
	if (x->n_locations == BR_INTAKE_MAX_LIST)
		return br_error(err, BR_EINVAL, "locations",
		                "locations lists more than %d items",
		                BR_INTAKE_MAX_LIST);
	snprintf(x->locations[x->n_locations].location, BR_CODE_LEN, "%s",
	         code);
	snprintf(x->locations[x->n_locations].side,
	         sizeof(x->locations[0].side), "%s", side);
	x->n_locations++;
	return 0;
}

/* One scalar of x against its row of br_intake_fields. */
static int
check_scalar(const struct br_intake *x, const struct br_intake_field *f,
             struct br_err *err)
{
	const void *p = br_intake_at_c(x, f);
	int idx, v;
	double d;

	switch (f->kind) {
	case BR_INTAKE_ENUM:
		if (((const char *)p)[0] == '\0')
			return 0;
		return br_parse_enum(f->key, p, f->names, &idx, err);
	case BR_INTAKE_INT:
	case BR_INTAKE_BOOL:
		v = *(const int *)p;
		if (v == BR_UNSET || (v >= f->min && v <= f->max))
			return 0;
		return br_error(err, BR_EINVAL, f->key,
		                "%s must be %ld-%ld, not %d", f->key, f->min,
		                f->max, v);
	case BR_INTAKE_KG:
		d = *(const double *)p;
		if (d < 0 || (d >= (double)f->min && d <= (double)f->max))
			return 0;
		return br_error(err, BR_EINVAL, f->key,
		                "%s must be %ld-%ld, not %g", f->key, f->min,
		                f->max, d);
	case BR_INTAKE_TEXT:
		if (strlen(p) <= (size_t)f->max)
			return 0;
		return br_error(err, BR_EINVAL, f->key,
		                "%s is %zu bytes long; at most %ld are allowed",
		                f->key, strlen(p), f->max);
	}
	return 0;
}

static int
check_codes(const char *key, const char (*arr)[BR_CODE_LEN], int n,
            struct br_err *err)
{
	int rc = 0;

	for (int i = 0; rc == 0 && i < n; i++) {
		rc = br_vocab_check(VOCAB, key, key, arr[i],
		                    br_vocab_see(VOCAB), err);
		for (int j = 0; rc == 0 && j < i; j++)
			if (strcmp(arr[i], arr[j]) == 0)
				rc = br_error(err, BR_EINVAL, key,
				              "%s lists %s twice", key, arr[i]);
	}
	return rc;
}

static int
check_medicine(const struct br_intake_medicine *m, int pos, struct br_err *err)
{
	int idx;

	if (strspn(m->name, " ") == strlen(m->name))
		return br_error(err, BR_EINVAL, "medicines",
		                "medicines item %d needs a name", pos);
	if (m->kind[0] && br_parse_enum("medicines", m->kind,
	                                br_intake_med_kinds, &idx, NULL) < 0)
		return br_error(err, BR_EINVAL, "medicines",
		                "medicines item %d: the kind must be "
		                "prescription, otc, herbal or supplement",
		                pos);
	if (m->purpose[0] &&
	    br_parse_enum("medicines", m->purpose, br_intake_med_purposes, &idx,
	                  NULL) < 0)
		return br_error(err, BR_EINVAL, "medicines",
		                "medicines item %d: the purpose must be pain, "
		                "sleep or other",
		                pos);
	return 0;
}

int
br_rec_intake_check_values(const struct br_intake *x, struct br_err *err)
{
	int idx, rc = 0;

	for (size_t i = 0; rc == 0 && i < BR_INTAKE_NFIELDS; i++)
		rc = check_scalar(x, &br_intake_fields[i], err);
	if (rc == 0 &&
	    (x->n_locations < 0 || x->n_locations > BR_INTAKE_MAX_LIST ||
	     x->n_aggravating < 0 || x->n_aggravating > BR_INTAKE_MAX_LIST ||
	     x->n_easing < 0 || x->n_easing > BR_INTAKE_MAX_LIST ||
	     x->n_conditions < 0 || x->n_conditions > BR_INTAKE_MAX_LIST ||
	     x->n_treatments < 0 || x->n_treatments > BR_INTAKE_MAX_LIST ||
	     x->n_medicines < 0 || x->n_medicines > BR_INTAKE_MAX_MEDS))
		rc = br_error(err, BR_EINVAL, "", "an intake list is too long");
	for (int i = 0; rc == 0 && i < x->n_locations; i++) {
		const struct br_intake_location *l = &x->locations[i];

		rc = br_vocab_check(VOCAB, "locations", "locations",
		                    l->location, br_vocab_see(VOCAB), err);
		if (rc == 0 && l->side[0] &&
		    br_parse_enum("locations", l->side,
		                  br_intake_location_sides, &idx, NULL) < 0)
			rc = br_error(err, BR_EINVAL, "locations",
			              "locations %s has an unknown side: write "
			              ":L, :R, :B or :C (central)",
			              l->location);
		for (int j = 0; rc == 0 && j < i; j++)
			if (strcmp(x->locations[j].location, l->location) == 0)
				rc = br_error(err, BR_EINVAL, "locations",
				              "locations lists %s twice",
				              l->location);
	}
	if (rc == 0)
		rc = check_codes("aggravating", x->aggravating,
		                 x->n_aggravating, err);
	if (rc == 0)
		rc = check_codes("easing", x->easing, x->n_easing, err);
	if (rc == 0)
		rc = check_codes("conditions", x->conditions, x->n_conditions,
		                 err);
	if (rc == 0)
		rc = check_codes("treatments", x->treatments, x->n_treatments,
		                 err);
	for (int i = 0; rc == 0 && i < x->n_medicines; i++)
		rc = check_medicine(&x->medicines[i], i + 1, err);
	return rc;
}

int
br_rec_intake_check(const struct br_intake *x, struct br_err *err)
{
	int rc = br_rec_intake_check_values(x, err);

	if (rc < 0)
		return rc;
	if (x->cigarettes_per_day != BR_UNSET &&
	    strcmp(x->smoking, "current") != 0)
		return br_error(err, BR_EINVAL, "cigarettes_per_day",
		                "cigarettes_per_day needs smoking current");
	if (x->radiation_side[0] &&
	    (x->radiation[0] == '\0' || strcmp(x->radiation, "none") == 0))
		return br_error(err, BR_EINVAL, "radiation_side",
		                "radiation_side needs radiation buttock, "
		                "above-knee or below-knee");
	if (x->pain_wakes > 0 && x->night_pain == 0)
		return br_error(err, BR_EINVAL, "pain_wakes",
		                "pain_wakes counts awakenings from pain, but "
		                "night_pain is no");
	if (x->lifting_technique[0] && strcmp(x->lifting, "none") == 0)
		return br_error(err, BR_EINVAL, "lifting_technique",
		                "lifting_technique needs lifting light or "
		                "heavy");
	return 0;
}
