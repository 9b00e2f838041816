/*
 * analysis.c - use case: one patient's pain-sleep cycle (see analysis.h).
 * Reads the diary from its table (the record of truth), hands the days to
 * core/sleep_pain.c and shapes the result.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/analysis.h"
#include "app/internal.h"
#include "core/sleep_pain.h"
#include "store/sleep_device.h"

static json_t *
pair(double a, double b)
{
	return json_pack("[f, f]", a, b);
}

static json_t *
direction_json(const struct br_sp_direction *d, const char *predictor,
               const char *outcome)
{
	if (!d->estimated)
		return json_null();
	return json_pack(
	        "{s:f, s:o, s:o, s:o, s:s, s:b, s:i, s:i, s:f, s:f, "
	        "s:f, s:s, s:s, s:i}",
	        "estimate", d->estimate, "ci95", pair(d->ci[0], d->ci[1]),
	        "ci95_t", pair(d->ci_t[0], d->ci_t[1]), "ci95_bootstrap",
	        pair(d->ci_boot[0], d->ci_boot[1]), "ci95_rule",
	        "envelope of ci95_t and ci95_bootstrap", "counts", d->counts,
	        "n", d->n, "df", d->df, "se", d->se, "per_point", d->per_point,
	        "predictor_sd", d->predictor_sd, "predictor", predictor,
	        "outcome", outcome, "bootstrap_resamples_used", d->boot_used);
}

static json_t *
reasons_json(const struct br_sp_result *r)
{
	json_t *o = json_object();

	if (!r->sleep_to_pain.estimated && r->sleep_to_pain.reason)
		json_object_set_new(o, "sleep_to_pain",
		                    json_string(r->sleep_to_pain.reason));
	if (!r->pain_to_sleep.estimated && r->pain_to_sleep.reason)
		json_object_set_new(o, "pain_to_sleep",
		                    json_string(r->pain_to_sleep.reason));
	return o;
}

static json_t *
result_json(int64_t patient_id, const struct br_sp_result *r)
{
	char from[BR_DATE_LEN], to[BR_DATE_LEN], sentence[BR_SP_SENTENCE_MAX];

	br_format_date(r->from, from);
	br_format_date(r->to, to);
	br_sleep_pain_sentence(r, sentence, sizeof(sentence));
	if (r->device) {
		/* The device's total sleep as the sleep measure. */
		json_t *o = json_pack(
		        "{s:I, s:s, s:s, s:s, s:i, s:i, s:i, s:s, s:o, s:o, "
		        "s:o, "
		        "s:s, s:s, s:{s:s, s:s, s:s, s:{s:i, s:i, s:I, s:s}}}",
		        "patient_id", (json_int_t)patient_id, "sleep", "device",
		        "from", from, "to", to, "days", r->days, "paired_days",
		        r->paired_days, "missing_days", r->missing_days,
		        "level", br_sp_level_name(r->level), "sleep_to_pain",
		        direction_json(&r->sleep_to_pain,
		                       "device total sleep last night",
		                       "pain today"),
		        "pain_to_sleep",
		        direction_json(&r->pain_to_sleep, "pain today",
		                       "device total sleep tonight"),
		        "not_estimated", reasons_json(r), "pattern",
		        br_sp_pattern_name(r->pattern), "sentence", sentence,
		        "method", "sleep_to_pain",
		        "OLS pain_t ~ 1 + (tst_t - mean) + pain_t-1 + trend",
		        "pain_to_sleep",
		        "OLS tst_t+1 ~ 1 + (pain_t - mean) + tst_t + trend",
		        "units",
		        "outcome points (pain) or minutes (sleep) per 1 SD of "
		        "the predictor (sample SD of the model rows)",
		        "bootstrap", "block_days", r->block_days, "resamples",
		        r->resamples, "seed", (json_int_t)r->seed, "interval",
		        "percentile");
		return o;
	}
	return json_pack(
	        "{s:I, s:s, s:s, s:i, s:i, s:i, s:s, s:o, s:o, s:o, s:s, s:s, "
	        "s:{s:s, s:s, s:s, s:{s:i, s:i, s:I, s:s}}}",
	        "patient_id", (json_int_t)patient_id, "from", from, "to", to,
	        "days", r->days, "paired_days", r->paired_days, "missing_days",
	        r->missing_days, "level", br_sp_level_name(r->level),
	        "sleep_to_pain",
	        direction_json(&r->sleep_to_pain, "sleep quality last night",
	                       "pain today"),
	        "pain_to_sleep",
	        direction_json(&r->pain_to_sleep, "pain today",
	                       "sleep quality tonight"),
	        "not_estimated", reasons_json(r), "pattern",
	        br_sp_pattern_name(r->pattern), "sentence", sentence, "method",
	        "sleep_to_pain",
	        "OLS pain_t ~ 1 + (quality_t - mean) + pain_t-1 + trend",
	        "pain_to_sleep",
	        "OLS quality_t+1 ~ 1 + (pain_t - mean) + quality_t + trend",
	        "units",
	        "outcome points per 1 SD of the predictor (sample SD of the "
	        "model rows)",
	        "bootstrap", "block_days", r->block_days, "resamples",
	        r->resamples, "seed", (json_int_t)r->seed, "interval",
	        "percentile");
}

int
br_app_analyze_sleep_pain(struct br_app *app, json_t *in, json_t **out,
                          struct br_err *err)
{
	static const char *const keys[] = {"patient_id", "from", "to", "sleep",
	                                   NULL};
	static const char *const measures[] = {"quality", "device", NULL};
	struct br_diary_day *days = NULL;
	struct br_device_night_rec *nights = NULL;
	size_t n_nights = 0, k = 0;
	int measure = 0;
	struct br_sp_day *sp = NULL;
	struct br_sp_result r;
	struct br_patient p;
	char from[BR_DATE_LEN] = "", to[BR_DATE_LEN] = "";
	json_t *res = NULL;
	int32_t f, t;
	size_t n = 0;
	int rc = br_in_only(in, keys, err);

	if (rc == 0)
		rc = br_in_date(in, "from", false, &f, err);
	if (rc == 0)
		rc = br_in_date(in, "to", false, &t, err);
	if (rc == 0)
		rc = br_in_enum(in, "sleep", measures, false, &measure, err);
	if (rc == 0 && f != INT32_MIN && t != INT32_MIN && f > t)
		rc = br_error(err, BR_EINVAL, "from",
		              "from must not be after to");
	if (rc == 0 && f != INT32_MIN && t != INT32_MIN &&
	    (int64_t)t - f > 20 * 366)
		rc = br_error(err, BR_EINVAL, "from",
		              "the period may be at most 20 years long");
	if (rc < 0)
		return rc;
	if (f != INT32_MIN)
		br_format_date(f, from);
	if (t != INT32_MIN)
		br_format_date(t, to);
	rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	rc = br_app_load_patient(app, in, &p, err);
	if (rc == 0)
		rc = br_store_diary_list(app->store, p.id, from, to, &days, &n,
		                         err);
	if (rc == 0 && measure == 1)
		rc = br_store_device_night_list(app->store, p.id, from, to,
		                                &nights, &n_nights, err);
	if (rc == 0 && (sp = calloc(n ? n : 1, sizeof(*sp))) == NULL)
		rc = br_error(err, BR_ENOMEM, "", "out of memory");
	for (size_t i = 0; rc == 0 && i < n; i++) {
		br_parse_date("day", days[i].day, &sp[i].day, NULL);
		sp[i].pain = days[i].pain;
		sp[i].quality = days[i].night.quality;
		if (measure != 1)
			continue;
		/* The device's total sleep that night (the first source's
		 * when several recorded it), or none. */
		sp[i].quality = BR_UNSET;
		while (k < n_nights && strcmp(nights[k].night, days[i].day) < 0)
			k++;
		if (k < n_nights && strcmp(nights[k].night, days[i].day) == 0)
			sp[i].quality = nights[k].asleep_min;
	}
	free(nights);
	if (rc == 0) {
		/* An open end is the first or last diary day. */
		if (f == INT32_MIN)
			f = n ? sp[0].day : (t != INT32_MIN ? t : app->today);
		if (t == INT32_MIN)
			t = n ? sp[n - 1].day
			      : (f > app->today ? f : app->today);
		if (t - f > 20 * 366)
			f = t - 20 * 366;
		rc = measure == 1
		             ? br_sleep_pain_analyze_device(sp, n, f, t, &r)
		             : br_sleep_pain_analyze(sp, n, f, t, &r);
		if (rc < 0)
			rc = br_error(err, rc, "", "out of memory");
	}
	if (rc == 0)
		rc = br_app_audit(app, "analysis.sleep-pain", p.id, "patient",
		                  p.id, err);
	if (rc == 0)
		res = result_json(p.id, &r);
	free(sp);
	free(days);
	return br_app_finish(app, rc, res, out, err);
}
