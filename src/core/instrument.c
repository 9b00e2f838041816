/*
 * instrument.c - answers and scores (see instrument.h): the answers
 * parser, the built-in scoring rules, missing-item rules, subscores and
 * bands.
 */
#include "core/instrument.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/parse.h"

#define EPS 1e-9

int
br_answers_parse(const char *s, int *codes, int max, int *n, struct br_err *err)
{
	int count = 0;

	*n = 0;
	for (const char *p = s;; p++) {
		size_t len = strcspn(p, ",");
		const char *a = p, *b = p + len;
		char q[48];
		long v = 0;
		int code = BR_ANSWER_SKIPPED;

		while (a < b && (*a == ' ' || *a == '\t'))
			a++;
		while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
			b--;
		if (b - a == 1 && *a == '-') {
			code = BR_ANSWER_SKIPPED;
		} else if (b > a) {
			bool ok = b - a <= 6;

			for (const char *c = a; ok && c < b; c++) {
				ok = *c >= '0' && *c <= '9';
				v = v * 10 + (*c - '0');
			}
			if (!ok) {
				char tok[48];

				snprintf(tok, sizeof(tok), "%.*s",
				         (int)(b - a < 40 ? b - a : 40), a);
				br_quote_value(tok, q, sizeof(q));
				return br_error(
				        err, BR_EINVAL, "answers",
				        "answer %d is '%s'; expected a "
				        "response code (a whole number), "
				        "or - or nothing for a skipped "
				        "item",
				        count + 1, q);
			}
			code = (int)v;
		}
		if (count < max)
			codes[count] = code;
		count++;
		p += len;
		if (*p == '\0')
			break;
	}
	*n = count;
	return 0;
}

static int
item_points(const struct br_instr_item *it, int code)
{
	return it->has_points ? it->points[code - it->min] : code;
}

static double
round_to(double x, int decimals)
{
	double f = pow(10.0, decimals);

	return floor(x * f + 0.5 + EPS) / f;
}

/* "2, 5 and 9" from the skipped item numbers. */
static void
list_skipped(const int *codes, int n, char *out, size_t outlen)
{
	int k = 0, total = 0;
	size_t len = 0;

	out[0] = '\0';
	for (int i = 0; i < n; i++)
		total += codes[i] == BR_ANSWER_SKIPPED;
	for (int i = 0; i < n && len < outlen; i++) {
		if (codes[i] != BR_ANSWER_SKIPPED)
			continue;
		k++;
		len += (size_t)snprintf(out + len, outlen - len, "%s%d",
		                        k == 1       ? ""
		                        : k == total ? " and "
		                                     : ", ",
		                        i + 1);
	}
}

static void
add_note(struct br_score *out, const char *text)
{
	if (out->n_notes < BR_INSTR_MAX_NOTES)
		snprintf(out->notes[out->n_notes++], BR_INSTR_NOTE_LEN, "%s",
		         text);
}

/* Checks the answers against the items and the missing-item rule. */
static int
check_answers(const struct br_instrument *in, const int *codes, int n,
              int *skipped, struct br_err *err)
{
	char list[200];

	if (n > in->n_items)
		return br_error(err, BR_EINVAL, "answers",
		                "%s has %d item%s but %d answers were given: "
		                "answer %d is one too many",
		                in->id, in->n_items,
		                in->n_items == 1 ? "" : "s", n,
		                in->n_items + 1);
	if (n < in->n_items)
		return br_error(err, BR_EINVAL, "answers",
		                "%s has %d items but only %d answer%s given: "
		                "item %d is missing (write - or leave it empty "
		                "for a skipped item)",
		                in->id, in->n_items, n,
		                n == 1 ? " was" : "s were", n + 1);
	*skipped = 0;
	for (int i = 0; i < n; i++) {
		const struct br_instr_item *it = &in->items[i];

		if (codes[i] == BR_ANSWER_SKIPPED) {
			(*skipped)++;
			continue;
		}
		if (codes[i] < it->min || codes[i] > it->max)
			return br_error(err, BR_EINVAL, "answers",
			                "item %d of %s is %d; expected a code "
			                "%d-%d, or - for a skipped item",
			                i + 1, in->id, codes[i], it->min,
			                it->max);
	}
	if (*skipped == 0)
		return 0;
	list_skipped(codes, n, list, sizeof(list));
	switch (in->missing) {
	case BR_MISSING_ALL:
		return br_error(err, BR_EINVAL, "answers",
		                "item%s %s of %s %s skipped, but %s is scored "
		                "only when all %d items are answered",
		                *skipped > 1 ? "s" : "", list, in->id,
		                *skipped > 1 ? "were" : "was", in->id,
		                in->n_items);
	case BR_MISSING_ZERO:
		return 0;
	case BR_MISSING_MIN_ANSWERED:
		if (n - *skipped >= in->missing_param)
			return 0;
		return br_error(err, BR_EINVAL, "answers",
		                "%s needs at least %d of %d items answered%s, "
		                "but item%s %s %s skipped",
		                in->id, in->missing_param, in->n_items,
		                in->missing_local ? " (a local rule)" : "",
		                *skipped > 1 ? "s" : "", list,
		                *skipped > 1 ? "were" : "was");
	case BR_MISSING_PRORATE:
		if (*skipped <= in->missing_param)
			return 0;
		return br_error(
		        err, BR_EINVAL, "answers",
		        "%s is scored with at most %d item%s skipped%s, "
		        "but items %s were skipped",
		        in->id, in->missing_param,
		        in->missing_param > 1 ? "s" : "",
		        in->missing_local ? " (a local rule)" : "", list);
	}
	return 0;
}

static void
find_band(const struct br_instrument *in, struct br_score *out)
{
	out->band = -1;
	for (int i = 0; i < in->n_bands; i++) {
		const struct br_instr_band *b = &in->bands[i];

		if (b->has_max && out->score > b->max + EPS)
			continue;
		if (b->subscore >= 0) {
			if (!out->sub_has[b->subscore])
				return; /* cannot tell */
			if (out->subscores[b->subscore] > b->sub_max + EPS)
				continue;
		}
		out->band = i;
		return;
	}
}

int
br_instrument_score(const struct br_instrument *in, const int *codes, int n,
                    struct br_score *out, struct br_err *err)
{
	double total = 0, max_total = 0;
	char note[BR_INSTR_NOTE_LEN];
	int skipped = 0, answered;
	int rc;

	memset(out, 0, sizeof(*out));
	out->band = -1;
	rc = check_answers(in, codes, n, &skipped, err);
	if (rc < 0)
		return rc;
	answered = n - skipped;
	out->answered = answered;
	out->complete = skipped == 0 || in->missing == BR_MISSING_ZERO;
	for (int i = 0; i < n; i++) {
		if (codes[i] == BR_ANSWER_SKIPPED)
			continue;
		total += item_points(&in->items[i], codes[i]);
		max_total += in->items[i].max_points;
	}
	switch (in->rule) {
	case BR_RULE_SINGLE:
	case BR_RULE_SUM:
	case BR_RULE_COUNT:
		out->score = total;
		if (skipped > 0 && in->missing == BR_MISSING_PRORATE) {
			out->score =
			        round_to(total * in->n_items / answered, 0);
			if (out->score > in->score_max)
				out->score = in->score_max;
			out->prorated = true;
		}
		break;
	case BR_RULE_MEAN:
		out->score = total / answered;
		break;
	case BR_RULE_PERCENT:
		out->score = total / max_total * 100.0;
		break;
	}
	out->score = round_to(out->score, in->decimals);
	out->has_score = true;

	out->n_subscores = in->n_subscores;
	for (int k = 0; k < in->n_subscores; k++) {
		double sum = 0;
		bool ok = true;

		for (int i = 0; i < n; i++) {
			if (!(in->subscores[k].items & ((uint64_t)1 << i)))
				continue;
			if (codes[i] == BR_ANSWER_SKIPPED)
				ok = ok && in->missing == BR_MISSING_ZERO;
			else
				sum += item_points(&in->items[i], codes[i]);
		}
		out->sub_has[k] = ok;
		out->subscores[k] = ok ? sum : 0;
	}
	find_band(in, out);

	if (in->missing_local && (in->missing == BR_MISSING_MIN_ANSWERED ||
	                          in->missing == BR_MISSING_PRORATE))
		add_note(out, in->missing_description);
	if (skipped > 0 && in->missing == BR_MISSING_ZERO) {
		snprintf(note, sizeof(note),
		         "%d skipped item%s scored 0 (blank = not ticked)",
		         skipped, skipped > 1 ? "s" : "");
		add_note(out, note);
	}
	if (skipped > 0 && in->rule == BR_RULE_PERCENT) {
		snprintf(note, sizeof(note),
		         "%d of %d items answered: the score is a percentage "
		         "of the answered maximum (%g)",
		         answered, in->n_items, max_total);
		add_note(out, note);
	}
	if (skipped > 0 && in->rule == BR_RULE_MEAN) {
		snprintf(note, sizeof(note),
		         "mean of the %d answered items of %d", answered,
		         in->n_items);
		add_note(out, note);
	}
	if (out->prorated) {
		snprintf(note, sizeof(note),
		         "prorated from %d of %d items (sum %g x %d / %d, "
		         "rounded)",
		         answered, in->n_items, total, in->n_items, answered);
		add_note(out, note);
	}
	return 0;
}
