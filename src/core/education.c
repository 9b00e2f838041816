/*
 * education.c - the moments at which education cards are due (see
 * education.h).
 */
#include "core/education.h"

#include <string.h>

const char *const br_edu_moment_names[] = {"always", "first-week", "flare",
                                           "trial", NULL};

unsigned
br_edu_moment_from(const char *name)
{
	for (int i = 0; name && br_edu_moment_names[i]; i++)
		if (strcmp(name, br_edu_moment_names[i]) == 0)
			return 1u << i;
	return 0;
}

/* The latest flare day within the recent window; false when none. */
static bool
find_flare(const struct br_edu_rules *r, const struct br_edu_context *c,
           struct br_edu_now *out)
{
	for (size_t i = c->n_pain; i-- > 0;) {
		const struct br_edu_pain *d = &c->pain[i];
		double sum = 0;
		int n = 0;

		if (d->day > c->today)
			continue;
		if (d->day <= c->today - r->flare_recent)
			break;
		for (size_t j = 0; j < i; j++)
			if (c->pain[j].day >= d->day - r->flare_lookback &&
			    c->pain[j].day < d->day) {
				sum += c->pain[j].pain;
				n++;
			}
		if (n < r->flare_min_days || n == 0)
			continue;
		if (d->pain >= sum / n + r->flare_rise) {
			out->flare_day = d->day;
			out->flare_pain = d->pain;
			out->usual_pain = sum / n;
			return true;
		}
	}
	return false;
}

void
br_education_now(const struct br_edu_rules *rules,
                 const struct br_edu_context *ctx, struct br_edu_now *out)
{
	memset(out, 0, sizeof(*out));
	out->moments = BR_EDU_ALWAYS;
	out->episode_day = (int)(ctx->today - ctx->episode_opened) + 1;
	if (out->episode_day >= 1 && out->episode_day <= rules->first_week_days)
		out->moments |= BR_EDU_FIRST_WEEK;
	if (find_flare(rules, ctx, out))
		out->moments |= BR_EDU_FLARE;
	out->trial = ctx->trial > 0 ? ctx->trial : rules->trial_default;
	if (out->trial > 0 &&
	    ctx->sessions >= out->trial - rules->trial_before &&
	    ctx->sessions <= out->trial + rules->trial_after)
		out->moments |= BR_EDU_TRIAL;
}
