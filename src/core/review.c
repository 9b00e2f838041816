/*
 * review.c - the trial checkpoint rule (see review.h).
 */
#include "core/review.h"

#include "core/change.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>

#define EPS 1e-9

void
br_review_window(const struct br_day_pain *days, size_t n, int32_t from,
                 int32_t to, double *mean, int *count)
{
	double sum = 0;

	*count = 0;
	for (size_t i = 0; i < n; i++)
		if (days[i].day >= from && days[i].day <= to &&
		    days[i].pain >= 0) {
			sum += days[i].pain;
			(*count)++;
		}
	*mean = *count ? sum / *count : 0;
}

static void reason(struct br_review_out *out, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));

static void
reason(struct br_review_out *out, const char *fmt, ...)
{
	va_list ap;

	if (out->n_reasons == BR_REVIEW_MAX_REASONS)
		return;
	va_start(ap, fmt);
	vsnprintf(out->reasons[out->n_reasons++], BR_REVIEW_REASON, fmt, ap);
	va_end(ap);
}

static const char caveat[] =
        "change during a course also reflects natural recovery and "
        "regression to the mean, not only the treatment";

void
br_review_decide(const struct br_review_in *in, struct br_review_out *out)
{
	const char *what = in->pain_what ? in->pain_what : "pain";
	bool good, checkpoint = in->trial > 0 && in->sessions >= in->trial;
	char words[96];

	out->n_reasons = 0;
	out->improvement = 0;
	out->has_percent = false;
	out->percent = 0;
	if (in->has_pain) {
		out->improvement = in->baseline - in->current;
		if (fabs(in->baseline) > EPS) {
			out->has_percent = true;
			out->percent = out->improvement / in->baseline * 100.0;
		}
	}
	if (in->refer) {
		out->decision = BR_DECIDE_REFER;
		reason(out,
		       "an urgent or emergency red-flag screen is not "
		       "cleared: %s; the course waits until a clinician "
		       "clears it",
		       in->referral && in->referral[0] ? in->referral
		                                       : "refer");
		return;
	}
	if (in->sessions < BR_REVIEW_MIN_SESSIONS) {
		out->decision = BR_DECIDE_TOO_EARLY;
		reason(out,
		       "%d session%s so far: at least %d are needed before "
		       "judging the course",
		       in->sessions, in->sessions == 1 ? "" : "s",
		       BR_REVIEW_MIN_SESSIONS);
		reason(out, "%s", caveat);
		return;
	}
	if (!in->has_pain) {
		out->decision = BR_DECIDE_INSUFFICIENT;
		reason(out,
		       "no baseline or no current pain figure: %d diary days "
		       "in a 7-day window are needed, or NRS/PEG measures "
		       "before and during the course",
		       BR_REVIEW_MIN_DAYS);
		return;
	}
	if (in->cannot_assess || !out->has_percent) {
		out->decision = BR_DECIDE_INSUFFICIENT;
		reason(out,
		       "baseline %s is %.1f, at the floor of the scale: an "
		       "improvement cannot be detected",
		       what, in->baseline);
		return;
	}
	good = out->percent >= BR_REVIEW_GOOD_PCT - EPS ||
	       out->improvement >= BR_REVIEW_GOOD_POINTS - EPS;
	/* In the figures' one decimal, as the reasons show them. */
	br_change_words(words, sizeof(words),
	                round(in->current * 10) / 10 -
	                        round(in->baseline * 10) / 10,
	                1, "points", out->has_percent, out->percent);
	if (good) {
		out->decision = BR_DECIDE_CONTINUE;
		reason(out,
		       "%s %s: at least %d %% or %d points better, a "
		       "clinically important change (Ostelo et al. 2008)",
		       what, words, BR_REVIEW_GOOD_PCT, BR_REVIEW_GOOD_POINTS);
	} else if (checkpoint && out->percent < BR_REVIEW_POOR_PCT - EPS) {
		out->decision = BR_DECIDE_RECONSIDER;
		reason(out,
		       "%d sessions, at or past the trial checkpoint of %d, "
		       "and %s %s, less than %d %% better: stop or change "
		       "the approach",
		       in->sessions, in->trial, what, words,
		       BR_REVIEW_POOR_PCT);
	} else {
		out->decision = BR_DECIDE_TOO_EARLY;
		if (checkpoint)
			reason(out,
			       "%s %s: at least %d %% better but less than "
			       "%d %% or %d points; not yet a clear answer",
			       what, words, BR_REVIEW_POOR_PCT,
			       BR_REVIEW_GOOD_PCT, BR_REVIEW_GOOD_POINTS);
		else if (in->trial > 0)
			reason(out,
			       "%s %s, less than %d %% or %d points better, "
			       "and the trial checkpoint (%d sessions) is not "
			       "reached yet (%d so far)",
			       what, words, BR_REVIEW_GOOD_PCT,
			       BR_REVIEW_GOOD_POINTS, in->trial, in->sessions);
		else
			reason(out,
			       "%s %s, less than %d %% or %d points better, "
			       "and the course has no trial checkpoint",
			       what, words, BR_REVIEW_GOOD_PCT,
			       BR_REVIEW_GOOD_POINTS);
	}
	reason(out, "%s", caveat);
}

const char *
br_decision_name(enum br_decision d)
{
	switch (d) {
	case BR_DECIDE_CONTINUE:
		return "continue";
	case BR_DECIDE_RECONSIDER:
		return "reconsider";
	case BR_DECIDE_TOO_EARLY:
		return "too-early";
	case BR_DECIDE_INSUFFICIENT:
		return "insufficient-data";
	case BR_DECIDE_REFER:
		return "refer";
	}
	return "unknown";
}
