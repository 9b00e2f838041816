/*
 * sleep_device.c - a tracker's sleep periods into diary nights (see
 * sleep_device.h for the rules).
 *
 * The periods are sorted by start and cut into episodes at gaps; each
 * episode is swept once over its periods' starts and ends, which gives
 * the state of every stretch between two of them.
 */
#include "core/sleep_device.h"

#include "core/parse.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>

#define DAY_S 86400

static int64_t
floor_div(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

int32_t
br_sleep_day(int64_t t, int offset_min)
{
	/* Noon to noon: the instant plus twelve hours, as a local date. */
	return (int32_t)floor_div(t + (int64_t)offset_min * 60 + DAY_S / 2,
	                          DAY_S);
}

static int
cmp_period(const void *a, const void *b)
{
	const struct br_sleep_period *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->end != y->end)
		return x->end < y->end ? -1 : 1;
	return (int)x->state - (int)y->state;
}

struct event {
	int64_t t;
	int delta; /* +1 a period starts, -1 it ends */
	int state;
};

static int
cmp_event(const void *a, const void *b)
{
	const struct event *x = a, *y = b;

	return x->t < y->t ? -1 : x->t > y->t;
}

/* One episode's figures, in seconds until the day's night is chosen. */
struct episode {
	int32_t day;
	int64_t start;
	int64_t span_s, tst_s, waso_s, sol_s; /* sol_s -1: unknown */
	int awakenings;
	int main; /* 1, 0, -1 as in br_sleep_period */
	uint32_t devices;
};

static int
minutes(int64_t s)
{
	return (int)((s + 30) / 60);
}

/* Sweeps the periods p[0..n) of one episode (sorted by start) with the
 * event buffer ev (2n). */
static void
sweep(const struct br_sleep_period *p, size_t n, struct event *ev,
      struct episode *e)
{
	int count[3] = {0, 0, 0};
	int64_t prev, onset = -1, final = -1, run = 0, end = p[0].end;
	bool pre = false, any_main = false, all_nap = true;
	size_t k = 0;

	e->devices = 0;
	for (size_t i = 0; i < n; i++) {
		ev[k++] = (struct event){p[i].start, +1, p[i].state};
		ev[k++] = (struct event){p[i].end, -1, p[i].state};
		if (p[i].end > end)
			end = p[i].end;
		e->devices |= 1u << (p[i].device & 31);
		any_main = any_main || p[i].main == 1;
		all_nap = all_nap && p[i].main == 0;
	}
	qsort(ev, k, sizeof(*ev), cmp_event);
	e->start = p[0].start;
	e->day = br_sleep_day(p[0].start, p[0].offset_min);
	e->span_s = end - p[0].start;
	e->tst_s = 0;
	e->sol_s = -1;
	e->awakenings = 0;
	e->main = any_main ? 1 : all_nap ? 0 : -1;
	prev = ev[0].t;
	for (size_t i = 0; i < k;) {
		int64_t t = ev[i].t, len = t - prev;
		int state = count[BR_SLEEP_AWAKE]    ? BR_SLEEP_AWAKE
		            : count[BR_SLEEP_ASLEEP] ? BR_SLEEP_ASLEEP
		            : count[BR_SLEEP_IN_BED] ? BR_SLEEP_IN_BED
		                                     : -1;

		if (len > 0 && state == BR_SLEEP_ASLEEP) {
			if (onset < 0) {
				onset = prev;
				if (pre)
					e->sol_s = onset - e->start;
				else if (count[BR_SLEEP_IN_BED])
					e->sol_s = 0;
			} else if (run >= BR_SLEEP_AWAKENING_MIN * 60) {
				e->awakenings++;
			}
			run = 0;
			e->tst_s += len;
			final = t;
		} else if (len > 0) {
			if (onset < 0 && state >= 0)
				pre = true;
			else if (onset >= 0)
				run += len;
		}
		for (; i < k && ev[i].t == t; i++)
			count[ev[i].state] += ev[i].delta;
		prev = t;
	}
	e->waso_s = onset < 0 ? 0 : (final - onset) - e->tst_s;
}

static int
cmp_episode(const void *a, const void *b)
{
	const struct episode *x = a, *y = b;

	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	return x->start < y->start ? -1 : x->start > y->start;
}

/* The night of the day's episodes e[0..n): the marked main sleep, else
 * the most sleep (the earlier on a tie); -1 when all are marked naps. */
static long
pick_night(const struct episode *e, size_t n)
{
	long best = -1;
	bool marked = false;

	for (size_t i = 0; i < n; i++)
		marked = marked || e[i].main == 1;
	for (size_t i = 0; i < n; i++) {
		if (marked ? e[i].main != 1 : e[i].main == 0)
			continue;
		if (best < 0 || e[i].tst_s > e[best].tst_s)
			best = (long)i;
	}
	return best;
}

int
br_sleep_nights(struct br_sleep_period *p, size_t n,
                struct br_device_night **out, size_t *n_out, struct br_err *err)
{
	struct event *ev = NULL;
	struct episode *eps = NULL;
	size_t n_eps = 0, n_nights = 0;
	struct br_device_night *nights;

	*out = NULL;
	*n_out = 0;
	if (n == 0)
		return 0;
	qsort(p, n, sizeof(*p), cmp_period);
	for (size_t i = 0; i < n; i++) {
		if (p[i].end <= p[i].start)
			return br_error(err, BR_EINVAL, "end",
			                "period %zu ends before it starts",
			                i + 1);
		if (p[i].end - p[i].start > BR_SLEEP_PERIOD_MAX_S)
			return br_error(err, BR_EINVAL, "end",
			                "period %zu is longer than 24 hours",
			                i + 1);
		if (p[i].state > BR_SLEEP_AWAKE)
			return br_error(err, BR_EINVAL, "state",
			                "period %zu has an unknown state",
			                i + 1);
	}
	ev = malloc(2 * n * sizeof(*ev));
	eps = malloc(n * sizeof(*eps));
	if (ev == NULL || eps == NULL) {
		free(ev);
		free(eps);
		return br_error(err, BR_ENOMEM, "", "out of memory");
	}
	for (size_t i = 0; i < n;) {
		size_t j = i + 1;
		int64_t end = p[i].end;

		while (j < n &&
		       p[j].start - end < BR_SLEEP_EPISODE_GAP_MIN * 60) {
			if (p[j].end > end)
				end = p[j].end;
			j++;
		}
		sweep(p + i, j - i, ev, &eps[n_eps]);
		if (eps[n_eps].tst_s > 0)
			n_eps++;
		i = j;
	}
	free(ev);
	qsort(eps, n_eps, sizeof(*eps), cmp_episode);
	nights = calloc(n_eps ? n_eps : 1, sizeof(*nights));
	if (nights == NULL) {
		free(eps);
		return br_error(err, BR_ENOMEM, "", "out of memory");
	}
	for (size_t i = 0; i < n_eps;) {
		size_t j = i;
		long m;

		while (j < n_eps && eps[j].day == eps[i].day)
			j++;
		m = pick_night(eps + i, j - i);
		if (m >= 0) {
			const struct episode *e = &eps[i + (size_t)m];
			struct br_device_night *d = &nights[n_nights++];

			d->day = e->day;
			d->in_bed_min = minutes(e->span_s);
			d->asleep_min = minutes(e->tst_s);
			d->sol_min = e->sol_s < 0 ? -1 : minutes(e->sol_s);
			d->waso_min = minutes(e->waso_s);
			d->awakenings = e->awakenings;
			d->se_pct = d->in_bed_min > 0
			                    ? round(1000.0 * d->asleep_min /
			                            d->in_bed_min) /
			                              10.0
			                    : 0.0;
			d->devices = e->devices;
			for (size_t k = i; k < j; k++) {
				if (k == i + (size_t)m)
					continue;
				d->naps++;
				d->nap_min += minutes(eps[k].tst_s);
			}
		}
		i = j;
	}
	free(eps);
	*out = nights;
	*n_out = n_nights;
	return 0;
}

/* n digits at *s into *v; advances *s. */
static bool
digits(const char **s, int n, int *v)
{
	*v = 0;
	for (int i = 0; i < n; i++) {
		if ((*s)[i] < '0' || (*s)[i] > '9')
			return false;
		*v = *v * 10 + ((*s)[i] - '0');
	}
	*s += n;
	return true;
}

int
br_sleep_parse_time(const char *s, bool need_offset, int64_t *t,
                    int *offset_min)
{
	int y, mo, d, h, mi, sec = 0;

	if (!digits(&s, 4, &y) || *s++ != '-' || !digits(&s, 2, &mo) ||
	    *s++ != '-' || !digits(&s, 2, &d) || (*s != ' ' && *s != 'T'))
		return BR_EINVAL;
	s++;
	if (!digits(&s, 2, &h) || *s++ != ':' || !digits(&s, 2, &mi))
		return BR_EINVAL;
	if (*s == ':') {
		s++;
		if (!digits(&s, 2, &sec))
			return BR_EINVAL;
		if (*s == '.') {
			s++;
			if (*s < '0' || *s > '9')
				return BR_EINVAL;
			while (*s >= '0' && *s <= '9')
				s++;
		}
	}
	if (y < 1900 || y > 2999 || !br_date_valid(y, mo, d) || h > 23 ||
	    mi > 59 || sec > 59)
		return BR_EINVAL; /* 31 April too */
	*t = (int64_t)br_days_from_civil(y, mo, d) * DAY_S + h * 3600 +
	     mi * 60 + sec;
	if (*s == ' ')
		s++;
	if (*s == '\0' && !need_offset) {
		*offset_min = 0;
		return 0;
	}
	if (br_sleep_parse_offset(s, offset_min) < 0)
		return BR_EINVAL;
	*t -= (int64_t)*offset_min * 60;
	return 0;
}

int
br_sleep_parse_offset(const char *s, int *offset_min)
{
	int oh = 0, om = 0, sign;

	if (*s == 'Z')
		return s[1] == '\0' ? (*offset_min = 0, 0) : BR_EINVAL;
	if (*s != '+' && *s != '-')
		return BR_EINVAL;
	sign = *s++ == '-' ? -1 : 1;
	if (!digits(&s, 2, &oh))
		return BR_EINVAL;
	if (*s == ':')
		s++;
	if (!digits(&s, 2, &om) || oh > 14 || om > 59 || *s != '\0')
		return BR_EINVAL;
	*offset_min = sign * (oh * 60 + om);
	return 0;
}

void
br_sleep_diff(const int *diary, const int *device, int n,
              struct br_sleep_diff *out)
{
	double sum = 0, sq = 0;

	out->n = 0;
	for (int i = 0; i < n; i++) {
		if (diary[i] < 0 || device[i] < 0)
			continue;
		out->n++;
		sum += diary[i] - device[i];
	}
	out->mean_min = out->n ? sum / out->n : 0;
	for (int i = 0; i < n; i++) {
		double d;

		if (diary[i] < 0 || device[i] < 0)
			continue;
		d = diary[i] - device[i] - out->mean_min;
		sq += d * d;
	}
	out->sd_min = out->n > 1 ? sqrt(sq / (out->n - 1)) : 0;
}
