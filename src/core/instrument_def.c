/*
 * instrument_def.c - strict parsing and checking of instrument definition
 * files (see instrument.h; the format is docs/internals/INSTRUMENTS.md).
 *
 * Every key is checked against the list of keys its object may hold, every
 * value against its type and range, and the parts against each other (a
 * rule against its items, bands against the score range, a missing-item
 * rule against the scoring rule).  A failure is one sentence naming the
 * file and the JSON path of the field, e.g.
 *   instrument file 'odi.json': items[2].responses.max must be ...
 */
#include "core/instrument.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/jsonr.h"
#include "core/parse.h"

/* The default or an item's own response set. */
struct responses {
	bool given;
	int min, max;
};

/* An id: a lowercase letter or digit, then letters, digits and '-'. */
static int
check_id(const struct br_jsonr *c, json_t *v, const char *p, char *out)
{
	const char *s;
	int rc = br_jsonr_check_text(c, v, p, BR_INSTR_ID_MAX - 1, &s);

	if (rc < 0)
		return rc;
	for (size_t i = 0; s[i]; i++) {
		char ch = s[i];
		bool ok = (ch >= 'a' && ch <= 'z') ||
		          (ch >= '0' && ch <= '9') || (ch == '-' && i > 0);

		if (!ok)
			return br_jsonr_fail(
			        c, p,
			        "must be an id of lowercase letters, digits "
			        "and '-'");
	}
	snprintf(out, BR_INSTR_ID_MAX, "%s", s);
	return 0;
}

static int
want_id(const struct br_jsonr *c, json_t *obj, const char *prefix,
        const char *key, char *out)
{
	json_t *v;
	char p[160];
	int rc = br_jsonr_get(c, obj, prefix, key, true, &v);

	if (rc < 0)
		return rc;
	br_jsonr_path_key(p, sizeof(p), prefix, key);
	return check_id(c, v, p, out);
}

/* LOINC check digit: the mod 10 algorithm LOINC publishes. */
static int
loinc_check_digit(const char *digits, size_t n)
{
	char odd[16], buf[40];
	size_t no = 0, ne = 0, len = 0;
	char even[16];
	long long v = 0;
	int sum = 0;

	/* Positions counted from the right, 1-based. */
	for (size_t i = 0; i < n; i++) {
		size_t pos = n - i;

		if (pos % 2 == 1)
			odd[no++] = digits[i];
		else
			even[ne++] = digits[i];
	}
	for (size_t i = 0; i < no; i++)
		v = v * 10 + (odd[i] - '0');
	len = (size_t)snprintf(buf, sizeof(buf), "%.*s%lld", (int)ne, even,
	                       v * 2);
	for (size_t i = 0; i < len && i < sizeof(buf); i++)
		sum += buf[i] - '0';
	return (10 - sum % 10) % 10;
}

/* A LOINC code "NNNNN-C" with a correct check digit, or with la an
 * answer code "LANNNN-C" (shape only). */
static int
check_loinc(const struct br_jsonr *c, json_t *v, const char *p, bool la)
{
	const char *s;
	size_t i = 0, start, digits;
	int rc = br_jsonr_check_text(c, v, p, 16, &s);

	if (rc < 0)
		return rc;
	if (la) {
		if (strncmp(s, "LA", 2) != 0)
			goto bad;
		i = 2;
	}
	start = i;
	while (s[i] >= '0' && s[i] <= '9')
		i++;
	digits = i - start;
	if (digits < 1 || digits > 7 || s[i] != '-' || s[i + 1] < '0' ||
	    s[i + 1] > '9' || s[i + 2] != '\0')
		goto bad;
	if (!la && loinc_check_digit(s + start, digits) != s[i + 1] - '0')
		return br_jsonr_fail(c, p, "'%s' has a wrong LOINC check digit",
		                     s);
	return 0;
bad:
	return br_jsonr_fail(c, p, "must be a LOINC %s such as %s",
	                     la ? "answer code" : "code",
	                     la ? "LA9194-7" : "72514-3");
}

static int
parse_responses(const struct br_jsonr *c, json_t *obj, const char *path,
                struct responses *r)
{
	static const char *const keys[] = {"min", "max", "anchors", NULL};
	json_t *anchors, *a;
	char p[160], pa[160];
	size_t i;
	int rc = br_jsonr_only(c, obj, path, keys), last = -1;

	if (rc == 0)
		rc = br_jsonr_int(c, obj, path, "min", true, 0,
		                  BR_INSTR_MAX_CODE - 1, &r->min, NULL);
	if (rc == 0)
		rc = br_jsonr_int(c, obj, path, "max", true, r->min + 1,
		                  BR_INSTR_MAX_CODE, &r->max, NULL);
	if (rc == 0)
		rc = br_jsonr_array(c, obj, path, "anchors", true, 1, 101,
		                    &anchors);
	if (rc < 0)
		return rc;
	br_jsonr_path_key(p, sizeof(p), path, "anchors");
	json_array_foreach(anchors, i, a)
	{
		static const char *const akeys[] = {"code", "label", "text",
		                                    NULL};
		const char *s;
		int code;

		br_jsonr_path_idx(pa, sizeof(pa), p, i);
		if (!json_is_object(a))
			return br_jsonr_fail(c, pa, "must be an object");
		rc = br_jsonr_only(c, a, pa, akeys);
		if (rc == 0)
			rc = br_jsonr_int(c, a, pa, "code", true, r->min,
			                  r->max, &code, NULL);
		if (rc == 0)
			rc = br_jsonr_text(c, a, pa, "label", true, 120, &s);
		if (rc == 0)
			rc = br_jsonr_text(c, a, pa, "text", false, 300, &s);
		if (rc < 0)
			return rc;
		if (code <= last)
			return br_jsonr_fail(
			        c, pa,
			        "code %d must come after code %d (anchors "
			        "are listed in ascending order, once each)",
			        code, last);
		last = code;
		if (i == 0 && code != r->min)
			return br_jsonr_fail(
			        c, pa, "must label the lowest code %d", r->min);
	}
	if (last != r->max)
		return br_jsonr_fail(c, p, "must end with the highest code %d",
		                     r->max);
	r->given = true;
	return 0;
}

static bool
anchor_has_text(json_t *responses)
{
	size_t i;
	json_t *a;

	json_array_foreach(json_object_get(responses, "anchors"), i, a)
	{
		if (json_object_get(a, "text"))
			return true;
	}
	return false;
}

static int
parse_item(const struct br_jsonr *c, json_t *obj, const char *p,
           const struct responses *def, struct br_instr_item *it, char *id_buf)
{
	static const char *const keys[] = {"id",        "label",  "text",
	                                   "responses", "points", NULL};
	struct responses own = {false, 0, 0};
	json_t *resp, *points, *v;
	char pp[160];
	size_t i;
	int rc = br_jsonr_only(c, obj, p, keys);

	if (rc == 0)
		rc = want_id(c, obj, p, "id", id_buf);
	it->id = json_string_value(json_object_get(obj, "id"));
	if (rc == 0)
		rc = br_jsonr_text(c, obj, p, "label", true, 120, &it->label);
	if (rc == 0)
		rc = br_jsonr_text(c, obj, p, "text", false, 1000, &it->text);
	if (rc == 0)
		rc = br_jsonr_object(c, obj, p, "responses", false, &resp);
	if (rc == 0 && resp) {
		br_jsonr_path_key(pp, sizeof(pp), p, "responses");
		rc = parse_responses(c, resp, pp, &own);
	}
	if (rc < 0)
		return rc;
	if (!own.given && !def->given)
		return br_jsonr_fail(
		        c, p,
		        "has no responses, and the definition has no "
		        "default responses");
	it->min = own.given ? own.min : def->min;
	it->max = own.given ? own.max : def->max;
	it->max_points = it->max;
	rc = br_jsonr_array(c, obj, p, "points", false, 1, BR_INSTR_MAX_POINTS,
	                    &points);
	if (rc < 0 || points == NULL)
		return rc;
	br_jsonr_path_key(pp, sizeof(pp), p, "points");
	if ((int)json_array_size(points) != it->max - it->min + 1)
		return br_jsonr_fail(
		        c, pp,
		        "must give the points of each code %d-%d (%d "
		        "entries), not %zu",
		        it->min, it->max, it->max - it->min + 1,
		        json_array_size(points));
	it->has_points = true;
	it->max_points = 0;
	json_array_foreach(points, i, v)
	{
		char pi[160];

		br_jsonr_path_idx(pi, sizeof(pi), pp, i);
		rc = br_jsonr_check_int(c, v, pi, 0, 100, &it->points[i]);
		if (rc < 0)
			return rc;
		if (it->points[i] > it->max_points)
			it->max_points = it->points[i];
	}
	if (it->max_points == 0)
		return br_jsonr_fail(c, pp, "must not all be 0");
	return 0;
}

static int
item_min_points(const struct br_instr_item *it)
{
	int m = it->has_points ? it->points[0] : it->min;

	for (int k = 0; it->has_points && k <= it->max - it->min; k++)
		if (it->points[k] < m)
			m = it->points[k];
	return m;
}

static int
parse_items(const struct br_jsonr *c, json_t *doc, struct br_instrument *in)
{
	struct responses def = {false, 0, 0};
	json_t *resp, *items, *v;
	size_t i;
	int rc = br_jsonr_object(c, doc, "", "responses", false, &resp);

	if (rc == 0 && resp)
		rc = parse_responses(c, resp, "responses", &def);
	if (rc == 0)
		rc = br_jsonr_array(c, doc, "", "items", true, 1,
		                    BR_INSTR_MAX_ITEMS, &items);
	if (rc < 0)
		return rc;
	json_array_foreach(items, i, v)
	{
		char p[160], id[BR_INSTR_ID_MAX];

		br_jsonr_path_idx(p, sizeof(p), "items", i);
		if (!json_is_object(v))
			return br_jsonr_fail(c, p, "must be an object");
		rc = parse_item(c, v, p, &def, &in->items[i], id);
		if (rc < 0)
			return rc;
		for (size_t k = 0; k < i; k++)
			if (strcmp(in->items[k].id, in->items[i].id) == 0)
				return br_jsonr_fail(
				        c, p, "repeats the item id '%s'", id);
		in->n_items = (int)i + 1;
	}
	return 0;
}

static int
parse_scoring(const struct br_jsonr *c, json_t *doc, struct br_instrument *in)
{
	static const char *const keys[] = {"rule", "decimals", "description",
	                                   NULL};
	static const char *const rules[] = {"single", "sum",     "count",
	                                    "mean",   "percent", NULL};
	const char *s;
	json_t *obj;
	int rule, rc = br_jsonr_object(c, doc, "", "scoring", true, &obj);

	if (rc == 0)
		rc = br_jsonr_only(c, obj, "scoring", keys);
	if (rc == 0)
		rc = br_jsonr_enum(c, obj, "scoring", "rule", rules, &rule);
	if (rc == 0)
		rc = br_jsonr_int(c, obj, "scoring", "decimals", true, 0, 3,
		                  &in->decimals, NULL);
	if (rc == 0)
		rc = br_jsonr_text(c, obj, "scoring", "description", true, 600,
		                   &s);
	if (rc < 0)
		return rc;
	in->rule = (enum br_score_rule)rule;
	if (in->rule == BR_RULE_SINGLE && in->n_items != 1)
		return br_jsonr_fail(c, "scoring.rule",
		                     "'single' needs exactly one item, not %d",
		                     in->n_items);
	for (int i = 0; in->rule == BR_RULE_COUNT && i < in->n_items; i++)
		if (in->items[i].min != 0 || in->items[i].max != 1 ||
		    in->items[i].has_points)
			return br_jsonr_fail(
			        c, "scoring.rule",
			        "'count' needs items answered 0 or 1 without "
			        "points; item %d is not",
			        i + 1);
	return 0;
}

static int
parse_missing(const struct br_jsonr *c, json_t *doc, struct br_instrument *in)
{
	static const char *const keys[] = {"rule",        "min_answered",
	                                   "max_missing", "local",
	                                   "description", NULL};
	static const char *const rules[] = {"all", "zero", "min-answered",
	                                    "prorate", NULL};
	bool has_min, has_max;
	int rule, min_answered = 0, max_missing = 0;
	json_t *obj;
	int rc = br_jsonr_object(c, doc, "", "missing", true, &obj);

	if (rc == 0)
		rc = br_jsonr_only(c, obj, "missing", keys);
	if (rc == 0)
		rc = br_jsonr_enum(c, obj, "missing", "rule", rules, &rule);
	if (rc == 0)
		rc = br_jsonr_int(c, obj, "missing", "min_answered", false, 1,
		                  in->n_items, &min_answered, &has_min);
	if (rc == 0)
		rc = br_jsonr_int(c, obj, "missing", "max_missing", false, 1,
		                  in->n_items > 1 ? in->n_items - 1 : 1,
		                  &max_missing, &has_max);
	if (rc == 0)
		rc = br_jsonr_bool(c, obj, "missing", "local",
		                   &in->missing_local);
	if (rc == 0)
		rc = br_jsonr_text(c, obj, "missing", "description", true, 600,
		                   &in->missing_description);
	if (rc < 0)
		return rc;
	in->missing = (enum br_missing_rule)rule;
	if (has_min != (in->missing == BR_MISSING_MIN_ANSWERED))
		return br_jsonr_fail(c, "missing.min_answered",
		                     has_min ? "is only used with the rule "
		                               "'min-answered'"
		                             : "is required with the rule "
		                               "'min-answered'");
	if (has_max != (in->missing == BR_MISSING_PRORATE))
		return br_jsonr_fail(
		        c, "missing.max_missing",
		        has_max ? "is only used with the rule 'prorate'"
		                : "is required with the rule 'prorate'");
	if (in->missing == BR_MISSING_PRORATE && in->n_items < 2)
		return br_jsonr_fail(c, "missing.rule",
		                     "'prorate' needs at least 2 items");
	in->missing_param = has_min ? min_answered : max_missing;
	switch (in->missing) {
	case BR_MISSING_ALL:
		return 0;
	case BR_MISSING_ZERO:
		if (in->rule == BR_RULE_SUM || in->rule == BR_RULE_COUNT)
			return 0;
		return br_jsonr_fail(
		        c, "missing.rule",
		        "'zero' goes with the scoring rules 'sum' and "
		        "'count'");
	case BR_MISSING_MIN_ANSWERED:
		if (in->rule == BR_RULE_MEAN || in->rule == BR_RULE_PERCENT)
			return 0;
		return br_jsonr_fail(
		        c, "missing.rule",
		        "'min-answered' goes with the scoring rules "
		        "'mean' and 'percent'");
	case BR_MISSING_PRORATE:
		if (in->rule == BR_RULE_SUM)
			return 0;
		return br_jsonr_fail(
		        c, "missing.rule",
		        "'prorate' goes with the scoring rule 'sum'");
	}
	return 0;
}

static void
score_range(struct br_instrument *in)
{
	double lo = 0, hi = 0, mlo = 1e9, mhi = 0;

	for (int i = 0; i < in->n_items; i++) {
		const struct br_instr_item *it = &in->items[i];
		int a = item_min_points(it);

		lo += a;
		hi += it->max_points;
		if (a < mlo)
			mlo = a;
		if (it->max_points > mhi)
			mhi = it->max_points;
	}
	switch (in->rule) {
	case BR_RULE_MEAN:
		in->score_min = mlo;
		in->score_max = mhi;
		break;
	case BR_RULE_PERCENT:
		in->score_min = 0;
		in->score_max = 100;
		break;
	default:
		in->score_min = in->missing == BR_MISSING_ZERO ? 0 : lo;
		in->score_max = hi;
		break;
	}
}

static int
parse_subscores(const struct br_jsonr *c, json_t *doc, struct br_instrument *in)
{
	static const char *const keys[] = {"id", "label", "items", "loinc",
	                                   NULL};
	json_t *arr, *v;
	size_t i;
	int rc = br_jsonr_array(c, doc, "", "subscores", false, 1,
	                        BR_INSTR_MAX_SUBSCORES, &arr);

	if (rc < 0 || arr == NULL)
		return rc;
	json_array_foreach(arr, i, v)
	{
		struct br_instr_subscore *s = &in->subscores[i];
		json_t *items, *x, *code;
		char p[160], pi[160], pk[160];
		size_t k;
		int last = 0;

		br_jsonr_path_idx(p, sizeof(p), "subscores", i);
		if (!json_is_object(v))
			return br_jsonr_fail(c, p, "must be an object");
		rc = br_jsonr_only(c, v, p, keys);
		if (rc == 0)
			rc = want_id(c, v, p, "id", s->id);
		if (rc == 0)
			rc = br_jsonr_text(c, v, p, "label", true, 120,
			                   &s->label);
		if (rc == 0)
			rc = br_jsonr_array(c, v, p, "items", true, 1,
			                    (size_t)in->n_items, &items);
		if (rc == 0)
			rc = br_jsonr_get(c, v, p, "loinc", false, &code);
		if (rc == 0 && code) {
			br_jsonr_path_key(pk, sizeof(pk), p, "loinc");
			rc = check_loinc(c, code, pk, false);
		}
		if (rc < 0)
			return rc;
		for (size_t j = 0; j < i; j++)
			if (strcmp(in->subscores[j].id, s->id) == 0)
				return br_jsonr_fail(
				        c, p, "repeats the subscore id '%s'",
				        s->id);
		br_jsonr_path_key(pk, sizeof(pk), p, "items");
		json_array_foreach(items, k, x)
		{
			int n;

			br_jsonr_path_idx(pi, sizeof(pi), pk, k);
			rc = br_jsonr_check_int(c, x, pi, 1, in->n_items, &n);
			if (rc < 0)
				return rc;
			if (n <= last)
				return br_jsonr_fail(
				        c, pi,
				        "must list item numbers in ascending "
				        "order, once each");
			last = n;
			s->items |= (uint64_t)1 << (n - 1);
		}
		in->n_subscores = (int)i + 1;
	}
	return 0;
}

static int
subscore_index(const struct br_instrument *in, const char *id)
{
	for (int i = 0; i < in->n_subscores; i++)
		if (strcmp(in->subscores[i].id, id) == 0)
			return i;
	return -1;
}

/* The range of subscore k (sum of its items' points). */
static void
subscore_range(const struct br_instrument *in, int k, double *lo, double *hi)
{
	*lo = *hi = 0;
	for (int i = 0; i < in->n_items; i++)
		if (in->subscores[k].items & ((uint64_t)1 << i)) {
			*lo += in->missing == BR_MISSING_ZERO
			               ? 0
			               : item_min_points(&in->items[i]);
			*hi += in->items[i].max_points;
		}
}

static int
parse_band(const struct br_jsonr *c, json_t *v, const char *p,
           struct br_instrument *in, struct br_instr_band *b)
{
	static const char *const keys[] = {"id", "label", "max", "subscore",
	                                   NULL};
	static const char *const skeys[] = {"id", "max", NULL};
	char ps[160], sid[BR_INSTR_ID_MAX];
	double lo, hi;
	bool given;
	json_t *sub;
	int rc = br_jsonr_only(c, v, p, keys);

	b->subscore = -1;
	if (rc == 0)
		rc = want_id(c, v, p, "id", b->id);
	if (rc == 0)
		rc = br_jsonr_text(c, v, p, "label", true, 160, &b->label);
	if (rc == 0)
		rc = br_jsonr_number(c, v, p, "max", in->score_min,
		                     in->score_max, &b->max, &b->has_max);
	if (rc == 0)
		rc = br_jsonr_object(c, v, p, "subscore", false, &sub);
	if (rc < 0 || sub == NULL)
		return rc;
	br_jsonr_path_key(ps, sizeof(ps), p, "subscore");
	rc = br_jsonr_only(c, sub, ps, skeys);
	if (rc == 0)
		rc = want_id(c, sub, ps, "id", sid);
	if (rc < 0)
		return rc;
	b->subscore = subscore_index(in, sid);
	if (b->subscore < 0) {
		char pid[160];

		br_jsonr_path_key(pid, sizeof(pid), ps, "id");
		return br_jsonr_fail(c, pid,
		                     "names no subscore of this instrument");
	}
	subscore_range(in, b->subscore, &lo, &hi);
	rc = br_jsonr_number(c, sub, ps, "max", lo, hi, &b->sub_max, &given);
	if (rc == 0 && !given) {
		char pm[160];

		br_jsonr_path_key(pm, sizeof(pm), ps, "max");
		rc = br_jsonr_fail(c, pm, "is required");
	}
	return rc;
}

static int
parse_bands(const struct br_jsonr *c, json_t *doc, struct br_instrument *in)
{
	json_t *arr, *v;
	const char *s;
	size_t i;
	int rc = br_jsonr_array(c, doc, "", "bands", true, 0,
	                        BR_INSTR_MAX_BANDS, &arr);

	if (rc == 0)
		rc = br_jsonr_text(c, doc, "", "bands_source",
		                   json_array_size(arr) > 0, 600, &s);
	if (rc < 0)
		return rc;
	if (json_array_size(arr) == 1)
		return br_jsonr_fail(
		        c, "bands",
		        "must hold at least 2 bands, or none when the "
		        "instrument has no published bands");
	json_array_foreach(arr, i, v)
	{
		struct br_instr_band *b = &in->bands[i];
		bool last = i + 1 == json_array_size(arr);
		char p[160];

		br_jsonr_path_idx(p, sizeof(p), "bands", i);
		if (!json_is_object(v))
			return br_jsonr_fail(c, p, "must be an object");
		rc = parse_band(c, v, p, in, b);
		if (rc < 0)
			return rc;
		for (size_t k = 0; k < i; k++) {
			if (strcmp(in->bands[k].id, b->id) == 0)
				return br_jsonr_fail(c, p,
				                     "repeats the band id '%s'",
				                     b->id);
			if (b->has_max && in->bands[k].has_max &&
			    b->max <= in->bands[k].max)
				return br_jsonr_fail(
				        c, p,
				        "max %g must be above the max of an "
				        "earlier band (%g)",
				        b->max, in->bands[k].max);
		}
		if (!last && !b->has_max && b->subscore < 0)
			return br_jsonr_fail(
			        c, p,
			        "needs a condition (max or subscore): only "
			        "the last band may catch every score");
		if (last && (b->subscore >= 0 ||
		             (b->has_max && b->max < in->score_max)))
			return br_jsonr_fail(
			        c, p,
			        "is the last band and must catch every "
			        "remaining score (no subscore condition, no "
			        "max below %g)",
			        in->score_max);
		in->n_bands = (int)i + 1;
	}
	return 0;
}

static int
parse_tiers(const struct br_jsonr *c, json_t *arr, struct br_instrument *in)
{
	static const char *const keys[] = {"id", "percent", "points", NULL};
	static const char *const ids[] = {"minimal", "moderate", "substantial",
	                                  NULL};
	json_t *v;
	size_t i;
	int rc, last_id = -1;

	json_array_foreach(arr, i, v)
	{
		struct br_instr_tier *t = &in->tiers[i];
		bool has_pct, has_pts;
		double pct = 0, pts = 0;
		char p[160];
		int id;

		br_jsonr_path_idx(p, sizeof(p), "change.tiers", i);
		if (!json_is_object(v))
			return br_jsonr_fail(c, p, "must be an object");
		rc = br_jsonr_only(c, v, p, keys);
		if (rc == 0)
			rc = br_jsonr_enum(c, v, p, "id", ids, &id);
		if (rc == 0)
			rc = br_jsonr_number(c, v, p, "percent", 0.001, 100,
			                     &pct, &has_pct);
		if (rc == 0)
			rc = br_jsonr_number(c, v, p, "points", 0.001,
			                     in->score_max - in->score_min,
			                     &pts, &has_pts);
		if (rc < 0)
			return rc;
		if (has_pct == has_pts)
			return br_jsonr_fail(c, p,
			                     "needs either percent or points");
		if (id <= last_id)
			return br_jsonr_fail(
			        c, p,
			        "must come after the lower tiers (minimal, "
			        "moderate, substantial), once each");
		last_id = id;
		snprintf(t->id, sizeof(t->id), "%s", ids[id]);
		t->by_percent = has_pct;
		t->threshold = has_pct ? pct : pts;
		if (i > 0 && (t->by_percent != in->tiers[i - 1].by_percent ||
		              t->threshold <= in->tiers[i - 1].threshold))
			return br_jsonr_fail(
			        c, p,
			        "must use the same measure as the tier "
			        "before it and a higher threshold");
		in->n_tiers = (int)i + 1;
	}
	return 0;
}

static int
parse_change(const struct br_jsonr *c, json_t *doc, struct br_instrument *in)
{
	static const char *const keys[] = {
	        "mcid_points", "mcid_percent", "tiers", "floor",
	        "ceiling",     "source",       NULL};
	double range = in->score_max - in->score_min;
	json_t *obj, *tiers;
	const char *s;
	int rc = br_jsonr_object(c, doc, "", "change", false, &obj);

	if (rc < 0 || obj == NULL)
		return rc;
	in->has_change = true;
	rc = br_jsonr_only(c, obj, "change", keys);
	if (rc == 0)
		rc = br_jsonr_number(c, obj, "change", "mcid_points", 0.001,
		                     range, &in->mcid_points,
		                     &in->has_mcid_points);
	if (rc == 0)
		rc = br_jsonr_number(c, obj, "change", "mcid_percent", 0.001,
		                     100, &in->mcid_percent,
		                     &in->has_mcid_percent);
	if (rc == 0)
		rc = br_jsonr_number(c, obj, "change", "floor", in->score_min,
		                     in->score_max, &in->floor, &in->has_floor);
	if (rc == 0)
		rc = br_jsonr_number(c, obj, "change", "ceiling", in->score_min,
		                     in->score_max, &in->ceiling,
		                     &in->has_ceiling);
	if (rc == 0)
		rc = br_jsonr_text(c, obj, "change", "source", true, 800, &s);
	if (rc == 0)
		rc = br_jsonr_array(c, obj, "change", "tiers", false, 1,
		                    BR_INSTR_MAX_TIERS, &tiers);
	if (rc == 0 && tiers)
		rc = parse_tiers(c, tiers, in);
	if (rc == 0 && in->has_floor && in->has_ceiling &&
	    (in->higher_better ? in->floor <= in->ceiling
	                       : in->floor >= in->ceiling))
		rc = br_jsonr_fail(
		        c, "change.floor",
		        "must lie on the better side of change.ceiling");
	return rc;
}

static int
parse_stratification(const struct br_jsonr *c, json_t *doc,
                     struct br_instrument *in)
{
	static const char *const keys[] = {"pathways", "caveat", "source",
	                                   NULL};
	json_t *obj, *paths, *v;
	const char *s, *key;
	int rc = br_jsonr_object(c, doc, "", "stratification", false, &obj);

	if (rc < 0 || obj == NULL)
		return rc;
	if (in->n_bands == 0)
		return br_jsonr_fail(c, "stratification",
		                     "needs bands to stratify by");
	rc = br_jsonr_only(c, obj, "stratification", keys);
	if (rc == 0)
		rc = br_jsonr_object(c, obj, "stratification", "pathways", true,
		                     &paths);
	if (rc == 0)
		rc = br_jsonr_text(c, obj, "stratification", "caveat", true,
		                   800, &s);
	if (rc == 0)
		rc = br_jsonr_text(c, obj, "stratification", "source", true,
		                   800, &s);
	if (rc < 0)
		return rc;
	json_object_foreach(paths, key, v)
	{
		char p[160], q[48];

		br_quote_value(key, q, sizeof(q));
		br_jsonr_path_key(p, sizeof(p), "stratification.pathways", q);
		if (br_instrument_band_index(in, key) < 0)
			return br_jsonr_fail(
			        c, p, "names no band of this instrument");
		rc = br_jsonr_check_text(c, v, p, 300, &s);
		if (rc < 0)
			return rc;
	}
	for (int i = 0; i < in->n_bands; i++)
		if (json_object_get(paths, in->bands[i].id) == NULL) {
			char p[160];

			br_jsonr_path_key(p, sizeof(p),
			                  "stratification.pathways",
			                  in->bands[i].id);
			return br_jsonr_fail(
			        c, p, "is required (one pathway per band)");
		}
	return 0;
}

/* An object whose keys are ids of some kind and whose values are codes. */
static int
parse_code_map(const struct br_jsonr *c, json_t *obj, const char *p,
               struct br_instrument *in, bool bands)
{
	const char *key;
	json_t *v;
	int rc;

	if (!json_is_object(obj))
		return br_jsonr_fail(c, p, "must be an object");
	json_object_foreach(obj, key, v)
	{
		char pk[160], q[48];
		bool known = bands ? br_instrument_band_index(in, key) >= 0
		                   : subscore_index(in, key) >= 0;

		br_quote_value(key, q, sizeof(q));
		br_jsonr_path_key(pk, sizeof(pk), p, q);
		if (!known)
			return br_jsonr_fail(c, pk,
			                     "names no %s of this instrument",
			                     bands ? "band" : "subscore");
		rc = check_loinc(c, v, pk, bands);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int
parse_loinc(const struct br_jsonr *c, json_t *doc, struct br_instrument *in)
{
	static const char *const keys[] = {"panel",     "score", "items",
	                                   "subscores", "band",  "band_answers",
	                                   "also",      "note",  NULL};
	static const char *const single[] = {"panel", "score", "band", NULL};
	static const char *const akeys[] = {"code", "meaning", NULL};
	json_t *obj, *v, *arr, *code;
	const char *s;
	size_t i;
	int rc = br_jsonr_object(c, doc, "", "loinc", false, &obj);

	if (rc < 0 || obj == NULL)
		return rc;
	rc = br_jsonr_only(c, obj, "loinc", keys);
	for (int k = 0; rc == 0 && single[k]; k++) {
		char p[160];

		rc = br_jsonr_get(c, obj, "loinc", single[k], false, &v);
		br_jsonr_path_key(p, sizeof(p), "loinc", single[k]);
		if (rc == 0 && v)
			rc = check_loinc(c, v, p, false);
	}
	if (rc == 0 && json_object_get(obj, "band") && in->n_bands == 0)
		rc = br_jsonr_fail(c, "loinc.band", "needs bands");
	if (rc == 0)
		rc = br_jsonr_text(c, obj, "loinc", "note", false, 400, &s);
	if (rc == 0)
		rc = br_jsonr_array(c, obj, "loinc", "items", false,
		                    (size_t)in->n_items, (size_t)in->n_items,
		                    &arr);
	if (rc == 0 && arr)
		json_array_foreach(arr, i, v)
		{
			char p[160];

			br_jsonr_path_idx(p, sizeof(p), "loinc.items", i);
			rc = check_loinc(c, v, p, false);
			if (rc < 0)
				break;
		}
	if (rc == 0 && (v = json_object_get(obj, "subscores")))
		rc = parse_code_map(c, v, "loinc.subscores", in, false);
	if (rc == 0 && (v = json_object_get(obj, "band_answers")))
		rc = parse_code_map(c, v, "loinc.band_answers", in, true);
	if (rc == 0)
		rc = br_jsonr_array(c, obj, "loinc", "also", false, 1, 8, &arr);
	if (rc == 0 && arr)
		json_array_foreach(arr, i, v)
		{
			char p[160], pc[160];

			br_jsonr_path_idx(p, sizeof(p), "loinc.also", i);
			if (!json_is_object(v)) {
				rc = br_jsonr_fail(c, p, "must be an object");
				break;
			}
			rc = br_jsonr_only(c, v, p, akeys);
			if (rc == 0)
				rc = br_jsonr_get(c, v, p, "code", true, &code);
			br_jsonr_path_key(pc, sizeof(pc), p, "code");
			if (rc == 0)
				rc = check_loinc(c, code, pc, false);
			if (rc == 0)
				rc = br_jsonr_text(c, v, p, "meaning", true,
				                   200, &s);
			if (rc < 0)
				break;
		}
	return rc;
}

static int
parse_licence(const struct br_jsonr *c, json_t *doc, struct br_instrument *in,
              json_t *items, json_t *def_responses)
{
	static const char *const keys[] = {"holder", "terms", "wording",
	                                   "wording_source", NULL};
	static const char *const wordings[] = {"shipped", "labels-only",
	                                       "licensed", NULL};
	json_t *obj, *v;
	const char *s;
	size_t i;
	int w, rc = br_jsonr_object(c, doc, "", "licence", true, &obj);

	if (rc == 0)
		rc = br_jsonr_only(c, obj, "licence", keys);
	if (rc == 0)
		rc = br_jsonr_text(c, obj, "licence", "holder", true, 300, &s);
	if (rc == 0)
		rc = br_jsonr_text(c, obj, "licence", "terms", true, 800, &s);
	if (rc == 0)
		rc = br_jsonr_enum(c, obj, "licence", "wording", wordings, &w);
	if (rc == 0)
		rc = br_jsonr_text(c, obj, "licence", "wording_source", true,
		                   600, &s);
	if (rc < 0)
		return rc;
	in->wording = wordings[w];
	if (w == 1 && def_responses && anchor_has_text(def_responses))
		return br_jsonr_fail(c, "responses.anchors",
		                     "must not carry text: licence.wording is "
		                     "'labels-only'");
	json_array_foreach(items, i, v)
	{
		json_t *resp = json_object_get(v, "responses");
		bool has_text = json_object_get(v, "text") != NULL;
		char p[160];

		br_jsonr_path_idx(p, sizeof(p), "items", i);
		if (w == 1 && (has_text || (resp && anchor_has_text(resp))))
			return br_jsonr_fail(
			        c, p,
			        "must not carry wording (text): "
			        "licence.wording is 'labels-only'");
		if (w != 1 && !has_text)
			return br_jsonr_fail(
			        c, p,
			        "needs its wording (text): licence.wording "
			        "is '%s'",
			        wordings[w]);
	}
	return 0;
}

static int
parse_doc(const struct br_jsonr *c, json_t *doc, struct br_instrument *in)
{
	static const char *const keys[] = {
	        "format",         "id",        "name",         "version",
	        "recall",         "direction", "citation",     "about",
	        "responses",      "items",     "scoring",      "missing",
	        "subscores",      "bands",     "bands_source", "change",
	        "stratification", "loinc",     "licence",      NULL};
	static const char *const directions[] = {"higher-worse",
	                                         "higher-better", NULL};
	const char *s;
	int format, dir, rc = br_jsonr_only(c, doc, "", keys);

	if (rc == 0)
		rc = br_jsonr_int(c, doc, "", "format", true, 1, 1, &format,
		                  NULL);
	if (rc == 0)
		rc = want_id(c, doc, "", "id", in->id);
	if (rc == 0)
		rc = br_jsonr_text(c, doc, "", "name", true, 120, &in->name);
	if (rc == 0)
		rc = br_jsonr_text(c, doc, "", "version", true, 80,
		                   &in->version);
	if (rc == 0)
		rc = br_jsonr_text(c, doc, "", "recall", true, 80, &in->recall);
	if (rc == 0)
		rc = br_jsonr_enum(c, doc, "", "direction", directions, &dir);
	if (rc == 0)
		rc = br_jsonr_text(c, doc, "", "citation", true, 600,
		                   &in->citation);
	if (rc == 0)
		rc = br_jsonr_text(c, doc, "", "about", false, 2000, &s);
	if (rc == 0)
		rc = parse_items(c, doc, in);
	if (rc == 0)
		rc = parse_scoring(c, doc, in);
	if (rc == 0)
		rc = parse_missing(c, doc, in);
	if (rc < 0)
		return rc;
	in->higher_better = dir == 1;
	score_range(in);
	rc = parse_subscores(c, doc, in);
	if (rc == 0)
		rc = parse_bands(c, doc, in);
	if (rc == 0)
		rc = parse_change(c, doc, in);
	if (rc == 0)
		rc = parse_stratification(c, doc, in);
	if (rc == 0)
		rc = parse_loinc(c, doc, in);
	if (rc == 0)
		rc = parse_licence(c, doc, in, json_object_get(doc, "items"),
		                   json_object_get(doc, "responses"));
	return rc;
}

/* The file name without directories and without ".json". */
static void
file_stem(const char *file, char *out, size_t outlen)
{
	const char *base = strrchr(file, '/');
	size_t n;

	base = base ? base + 1 : file;
	n = strlen(base);
	if (n > 5 && strcmp(base + n - 5, ".json") == 0)
		n -= 5;
	snprintf(out, outlen, "%.*s", (int)n, base);
}

int
br_instrument_parse(const char *file, const char *bytes, size_t len,
                    struct br_instrument *out, struct br_err *err)
{
	struct br_jsonr c = {"instrument", file, NULL, "instruments", err};
	json_error_t je;
	json_t *doc;
	char stem[64], q[48];
	int rc;

	memset(out, 0, sizeof(*out));
	if (len > BR_INSTR_FILE_MAX) {
		br_quote_value(file ? file : "(input)", q, sizeof(q));
		return br_error(err, BR_ETOOBIG, "instruments",
		                "instrument file '%s' is %zu bytes; at most %d "
		                "are allowed",
		                q, len, BR_INSTR_FILE_MAX);
	}
	doc = json_loadb(bytes, len, JSON_REJECT_DUPLICATES, &je);
	if (doc == NULL) {
		char text[48];

		br_quote_value(je.text, text, sizeof(text));
		return br_jsonr_fail(
		        &c, "", "is not valid JSON (line %d, column %d: %s)",
		        je.line, je.column, text);
	}
	if (!json_is_object(doc)) {
		json_decref(doc);
		return br_jsonr_fail(&c, "", "must hold one JSON object");
	}
	rc = parse_doc(&c, doc, out);
	if (rc == 0 && file) {
		file_stem(file, stem, sizeof(stem));
		if (strcmp(stem, out->id) != 0)
			rc = br_jsonr_fail(
			        &c, "id",
			        "'%s' must match the file name (%s.json)",
			        out->id, out->id);
	}
	if (rc < 0) {
		json_decref(doc);
		memset(out, 0, sizeof(*out));
		return rc;
	}
	out->doc = doc;
	return 0;
}

void
br_instrument_free(struct br_instrument *in)
{
	if (in == NULL)
		return;
	json_decref(in->doc);
	in->doc = NULL;
}

int
br_instrument_band_index(const struct br_instrument *in, const char *id)
{
	for (int i = 0; i < in->n_bands; i++)
		if (strcmp(in->bands[i].id, id) == 0)
			return i;
	return -1;
}

static int
differs(const struct br_instrument *a, const char *file, const char *what,
        struct br_err *err)
{
	char q[48];

	br_quote_value(file ? file : "(input)", q, sizeof(q));
	return br_error(err, BR_EINVAL, what,
	                "instrument file '%s' must score exactly as the "
	                "built-in %s, but its %s differs (only wording, labels "
	                "and notes may change)",
	                q, a->id, what);
}

int
br_instrument_same_scoring(const struct br_instrument *a,
                           const struct br_instrument *b, const char *file,
                           struct br_err *err)
{
	if (strcmp(a->id, b->id) != 0)
		return differs(a, file, "id", err);
	if (a->higher_better != b->higher_better)
		return differs(a, file, "direction", err);
	if (a->rule != b->rule || a->decimals != b->decimals)
		return differs(a, file, "scoring", err);
	if (a->missing != b->missing || a->missing_param != b->missing_param)
		return differs(a, file, "missing-item rule", err);
	if (a->n_items != b->n_items)
		return differs(a, file, "number of items", err);
	for (int i = 0; i < a->n_items; i++) {
		const struct br_instr_item *x = &a->items[i], *y = &b->items[i];

		if (x->min != y->min || x->max != y->max ||
		    x->has_points != y->has_points ||
		    (x->has_points &&
		     memcmp(x->points, y->points, sizeof(x->points)) != 0))
			return differs(a, file, "item codes or points", err);
	}
	if (a->n_subscores != b->n_subscores)
		return differs(a, file, "subscores", err);
	for (int i = 0; i < a->n_subscores; i++)
		if (strcmp(a->subscores[i].id, b->subscores[i].id) != 0 ||
		    a->subscores[i].items != b->subscores[i].items)
			return differs(a, file, "subscores", err);
	if (a->n_bands != b->n_bands)
		return differs(a, file, "bands", err);
	for (int i = 0; i < a->n_bands; i++) {
		const struct br_instr_band *x = &a->bands[i], *y = &b->bands[i];

		if (strcmp(x->id, y->id) != 0 || x->has_max != y->has_max ||
		    (x->has_max && x->max != y->max) ||
		    x->subscore != y->subscore ||
		    (x->subscore >= 0 && x->sub_max != y->sub_max))
			return differs(a, file, "bands", err);
	}
	if (a->has_change != b->has_change ||
	    a->has_mcid_points != b->has_mcid_points ||
	    a->has_mcid_percent != b->has_mcid_percent ||
	    a->mcid_points != b->mcid_points ||
	    a->mcid_percent != b->mcid_percent || a->n_tiers != b->n_tiers ||
	    a->has_floor != b->has_floor || a->has_ceiling != b->has_ceiling ||
	    a->floor != b->floor || a->ceiling != b->ceiling)
		return differs(a, file, "change rule", err);
	for (int i = 0; i < a->n_tiers; i++)
		if (strcmp(a->tiers[i].id, b->tiers[i].id) != 0 ||
		    a->tiers[i].by_percent != b->tiers[i].by_percent ||
		    a->tiers[i].threshold != b->tiers[i].threshold)
			return differs(a, file, "change rule", err);
	return 0;
}

const char *
br_score_rule_name(enum br_score_rule r)
{
	static const char *const names[] = {"single", "sum", "count", "mean",
	                                    "percent"};

	return (unsigned)r < 5 ? names[r] : "?";
}

const char *
br_missing_rule_name(enum br_missing_rule r)
{
	static const char *const names[] = {"all", "zero", "min-answered",
	                                    "prorate"};

	return (unsigned)r < 4 ? names[r] : "?";
}
