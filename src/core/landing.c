/*
 * landing.c - how each session landed, and per modality (landing.h).
 */
#include "core/landing.h"

#include <math.h>
#include <string.h>

#include "core/sleep.h"

static double
round1(double v)
{
	return round(v * 10) / 10;
}

/* Mean diary pain over [from, to]; ok with BR_LANDING_MIN_DAYS. */
static void
pain_mean(const struct br_outcome_day *arr, int n, int32_t from, int32_t to,
          struct br_outcome_mean *out)
{
	double sum = 0;

	out->n = 0;
	out->mean = 0;
	for (int i = 0; i < n; i++)
		if (arr[i].day >= from && arr[i].day <= to &&
		    arr[i].pain >= 0) {
			sum += arr[i].pain;
			out->n++;
		}
	if (out->n > 0)
		out->mean = round1(sum / out->n);
	out->ok = out->n >= BR_LANDING_MIN_DAYS;
}

void
br_landing_of(const struct br_landing_session *s,
              const struct br_outcome_day *arr, int n, struct br_landing *out)
{
	memset(out, 0, sizeof(*out));
	out->day = s->day;
	out->has_session_change = s->pain_before >= 0 && s->pain_after >= 0;
	if (out->has_session_change)
		out->session_change = s->pain_after - s->pain_before;
	pain_mean(arr, n, s->day - BR_LANDING_SIDE, s->day - 1, &out->before);
	pain_mean(arr, n, s->day + 1, s->day + BR_LANDING_SIDE, &out->after);
	out->has_diary_change = out->before.ok && out->after.ok;
	if (out->has_diary_change)
		out->diary_change = round1(out->after.mean - out->before.mean);
	out->next_quality = out->next_tst_min = BR_UNSET;
	out->next_se_pct = -1;
	for (int i = 0; i < n; i++)
		if (arr[i].day == s->day + 1) {
			out->next_quality = arr[i].quality;
			out->next_tst_min = arr[i].tst_min;
			out->next_se_pct = arr[i].se_pct;
		}
}

static void
add(struct br_landing_sum *s, double v)
{
	/* A running sum; the mean is made at the end. */
	s->mean += v;
	s->n++;
}

static void
finish(struct br_landing_sum *s)
{
	s->mean = s->n ? round1(s->mean / s->n) : 0;
}

int
br_landing_by_modality(const struct br_landing_session *s,
                       const struct br_landing *l, int n,
                       struct br_landing_modality *out, int max)
{
	int m = 0;

	for (int i = 0; i < n; i++)
		for (int k = 0; k < s[i].n_modalities; k++) {
			const char *name = s[i].modalities[k];
			int j = 0;

			while (j < m && strcmp(out[j].modality, name) != 0)
				j++;
			if (j == m) {
				if (m == max)
					continue;
				memset(&out[m], 0, sizeof(out[m]));
				out[m].modality = name;
				m++;
			}
			out[j].sessions++;
			if (l[i].has_session_change)
				add(&out[j].session_change,
				    l[i].session_change);
			if (l[i].has_diary_change)
				add(&out[j].diary_change, l[i].diary_change);
			if (l[i].next_quality >= 0)
				add(&out[j].next_quality, l[i].next_quality);
			if (l[i].next_tst_min >= 0)
				add(&out[j].next_tst_min, l[i].next_tst_min);
		}
	for (int j = 0; j < m; j++) {
		finish(&out[j].session_change);
		finish(&out[j].diary_change);
		finish(&out[j].next_quality);
		finish(&out[j].next_tst_min);
	}
	return m;
}
