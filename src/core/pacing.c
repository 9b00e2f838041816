/*
 * pacing.c - activity quotas (see pacing.h).
 */
#include "core/pacing.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/parse.h"

#define EPS 1e-9

static double
step_of(const struct br_pace_plan *p)
{
	return p->baseline * p->step_pct / 100.0;
}

static double
floor_of(const struct br_pace_plan *p)
{
	double f = round(step_of(p));

	return f < 1 ? 1 : f;
}

double
br_pace_quota(const struct br_pace_plan *p, int increments)
{
	double q0 = round(p->baseline * BR_PACE_START_PCT / 100.0);
	double q = round(q0 + increments * step_of(p));

	return q < floor_of(p) ? floor_of(p) : q;
}

static void reason(struct br_pace_next *out, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));

static void
reason(struct br_pace_next *out, const char *fmt, ...)
{
	va_list ap;

	if (out->n_reasons == BR_PACE_MAX_REASON)
		return;
	va_start(ap, fmt);
	vsnprintf(out->reasons[out->n_reasons++], BR_PACE_REASON, fmt, ap);
	va_end(ap);
}

static const struct br_pace_log *
log_on(const struct br_pace_log *logs, size_t n, int32_t day)
{
	for (size_t i = 0; i < n; i++)
		if (logs[i].day == day)
			return &logs[i];
	return NULL;
}

/* The last few events of the replay, oldest first. */
struct events {
	int n;
	char text[3][BR_PACE_REASON];
};

static void event(struct events *ev, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));

static void
event(struct events *ev, const char *fmt, ...)
{
	va_list ap;

	if (ev->n == 3) {
		memmove(ev->text[0], ev->text[1], sizeof(ev->text[0]) * 2);
		ev->n = 2;
	}
	va_start(ap, fmt);
	vsnprintf(ev->text[ev->n++], BR_PACE_REASON, fmt, ap);
	va_end(ap);
}

void
br_pace_next(const struct br_pace_plan *p, const struct br_pace_log *logs,
             size_t n, int32_t today, struct br_pace_next *out)
{
	const struct br_pace_log *last = NULL;
	double step = step_of(p), last_quota = 0;
	int32_t istart = p->start, boom_day = INT32_MIN;
	int32_t window = today - 2 * p->every_days;
	int inc = 0, at_quota = 0, not_recovered = 0;
	char d1[BR_DATE_LEN], d2[BR_DATE_LEN];
	int need = (int)ceil(p->every_days * BR_PACE_DONE_PCT / 100.0 - EPS);
	struct events ev;

	memset(out, 0, sizeof(*out));
	memset(&ev, 0, sizeof(ev));
	for (int32_t d = p->start; d <= today; d++) {
		const struct br_pace_log *l = log_on(logs, n, d);
		double q = br_pace_quota(p, inc);

		if (d == today && l == NULL)
			break;
		if (l) {
			last = l;
			last_quota = q;
			if (l->done > q + step + EPS)
				boom_day = d;
		}
		if (l && l->flare) {
			if (boom_day != INT32_MIN && d - boom_day <= 1 &&
			    boom_day >= window) {
				out->boom_bust = true;
				br_format_date(boom_day, d1);
				br_format_date(d, d2);
				event(&ev,
				      "boom and bust: %s was more than one "
				      "increment above the quota, then a "
				      "flare on %s; keep to the quota on "
				      "good days too",
				      d1, d2);
			}
			if (br_pace_quota(p, inc - 1) < q - EPS)
				inc--;
			br_format_date(d, d1);
			event(&ev,
			      "a flare on %s: the quota steps back one "
			      "increment to %g",
			      d1, br_pace_quota(p, inc));
			istart = d + 1;
			at_quota = not_recovered = 0;
			continue;
		}
		if (l && l->done >= q - EPS)
			at_quota++;
		if (l && l->recovered == 0)
			not_recovered++;
		if (d - istart + 1 == p->every_days) {
			br_format_date(istart, d1);
			br_format_date(d, d2);
			if (at_quota >= need && not_recovered == 0) {
				inc++;
				event(&ev,
				      "%s to %s: %d of %d days at the quota "
				      "of %g, recovered, no flare: the quota "
				      "rises to %g",
				      d1, d2, at_quota, p->every_days, q,
				      br_pace_quota(p, inc));
			} else {
				event(&ev,
				      "%s to %s: %d of %d days at the quota "
				      "of %g (%d needed)%s: the quota stays",
				      d1, d2, at_quota, p->every_days, q, need,
				      not_recovered ? ", and not recovered "
				                      "on some days"
				                    : "");
			}
			istart = d + 1;
			at_quota = not_recovered = 0;
		}
	}
	for (int i = 0; i < ev.n; i++)
		reason(out, "%s", ev.text[i]);
	out->increments = inc;
	out->quota = br_pace_quota(p, inc);
	out->interval = istart;
	out->logged_today = last && last->day == today;
	if (last == NULL) {
		reason(out,
		       "nothing logged yet: start at %g, 80%% of the "
		       "baseline",
		       out->quota);
		return;
	}
	br_format_date(last->day, d1);
	if (last->flare)
		reason(out, "not in the zone: a flare on %s", d1);
	else if (last->done < last_quota - EPS)
		reason(out,
		       "not in the zone: %g done on %s, below the quota "
		       "of %g",
		       last->done, d1, last_quota);
	else if (last->done > last_quota + step + EPS)
		reason(out,
		       "not in the zone: %g done on %s, more than one "
		       "increment above the quota of %g",
		       last->done, d1, last_quota);
	else if (last->recovered != 1)
		reason(out,
		       "not in the zone: %s on %s (could the same level be "
		       "repeated later that day or the next?)",
		       last->recovered == 0 ? "not recovered"
		                            : "recovery not reported",
		       d1);
	else {
		out->in_zone = true;
		reason(out,
		       "in the zone: %g done on %s at the quota of %g and "
		       "recovered",
		       last->done, d1, last_quota);
	}
}
