/*
 * stricta.c - the STRICTA items of each course of acupuncture (see
 * stricta.h).
 */
#include "interop/stricta.h"

#include <stdlib.h>
#include <string.h>

#include "core/parse.h"
#include "interop/csv.h"
#include "model/checks.h"

#define MAX_DISTINCT 64

struct tally_item {
	char key[32];
	int count;
};

struct tally {
	int n;
	struct tally_item v[MAX_DISTINCT];
};

static void
tally_add(struct tally *t, const char *key)
{
	if (key == NULL || key[0] == '\0')
		return;
	for (int i = 0; i < t->n; i++)
		if (strcmp(t->v[i].key, key) == 0) {
			t->v[i].count++;
			return;
		}
	if (t->n < MAX_DISTINCT) {
		snprintf(t->v[t->n].key, sizeof(t->v[0].key), "%s", key);
		t->v[t->n++].count = 1;
	}
}

static int
cmp_tally(const void *a, const void *b)
{
	const struct tally_item *x = a, *y = b;

	if (x->count != y->count)
		return y->count - x->count;
	return strcmp(x->key, y->key);
}

/* "BL23 10; GV4 8" (most frequent first), "" when empty. */
static void
tally_text(struct tally *t, char *out, size_t n)
{
	size_t k = 0;

	out[0] = '\0';
	qsort(t->v, (size_t)t->n, sizeof(t->v[0]), cmp_tally);
	for (int i = 0; i < t->n && k < n; i++)
		k += (size_t)snprintf(out + k, n - k, "%s%s %d", i ? "; " : "",
		                      t->v[i].key, t->v[i].count);
}

struct range {
	int n, min, max;
	long sum;
};

static void
range_add(struct range *r, int v)
{
	if (v == BR_UNSET)
		return;
	if (r->n == 0 || v < r->min)
		r->min = v;
	if (r->n == 0 || v > r->max)
		r->max = v;
	r->sum += v;
	r->n++;
}

static void
range_text(const struct range *r, const char *unit, char *out, size_t n)
{
	if (r->n == 0)
		snprintf(out, n, "not recorded");
	else
		snprintf(out, n, "mean %.1f%s (range %d-%d, %d sessions)",
		         (double)r->sum / r->n, unit, r->min, r->max, r->n);
}

struct course {
	int64_t episode_id, patient_id;
	int sessions;
	char first[BR_DATE_LEN], last[BR_DATE_LEN];
	struct range needles, depth, retention;
	int deqi_yes, deqi_known;
	struct tally points, stimulation, needle_size, ea, co, regions,
	        position, adverse;
};

static void
course_add(struct course *c, const struct br_session *x)
{
	char buf[64];

	if (c->sessions++ == 0)
		snprintf(c->first, sizeof(c->first), "%s", x->day);
	snprintf(c->last, sizeof(c->last), "%s", x->day);
	range_add(&c->needles, x->needles);
	range_add(&c->depth, x->depth_mm);
	range_add(&c->retention, x->retention_min);
	if (x->deqi != BR_UNSET) {
		c->deqi_known++;
		c->deqi_yes += x->deqi;
	}
	for (int i = 0; i < x->n_points; i++) {
		const char *side = x->points[i].side;

		snprintf(buf, sizeof(buf), "%s (%s)", x->points[i].point,
		         strcmp(side, "both") == 0 ? "bilateral" : side);
		tally_add(&c->points, buf);
	}
	tally_add(&c->stimulation, x->stimulation);
	tally_add(&c->needle_size, x->needle_size);
	if (br_rec_session_has(x, "electroacupuncture")) {
		char mins[16] = "";

		if (x->ea_minutes != BR_UNSET)
			snprintf(mins, sizeof(mins), " %d min", x->ea_minutes);
		snprintf(buf, sizeof(buf), "%s Hz %s%s",
		         x->ea_hz[0] ? x->ea_hz : "?",
		         x->ea_waveform[0] ? x->ea_waveform : "", mins);
		tally_add(&c->ea, buf);
	}
	if (br_rec_session_has(x, "cupping")) {
		snprintf(buf, sizeof(buf), "cupping%s%s",
		         x->cupping[0] ? " " : "", x->cupping);
		tally_add(&c->co, buf);
	}
	if (br_rec_session_has(x, "moxibustion")) {
		snprintf(buf, sizeof(buf), "moxibustion%s%s",
		         x->moxa[0] ? " " : "", x->moxa);
		tally_add(&c->co, buf);
	}
	if (br_rec_session_has(x, "massage")) {
		snprintf(buf, sizeof(buf), "massage%s%s",
		         x->massage[0] ? " " : "", x->massage);
		tally_add(&c->co, buf);
	}
	for (int i = 0; i < x->n_regions; i++)
		tally_add(&c->regions, x->regions[i]);
	tally_add(&c->position, x->position);
	for (int i = 0; i < x->n_adverse; i++)
		tally_add(&c->adverse, x->adverse[i]);
}

enum { ITEMS = 17 };

/* The items of a course: ids, names and texts (into bufs). */
static void
items(struct course *c, const char *ids[ITEMS], const char *names[ITEMS],
      char text[ITEMS][600])
{
	static const char *const id[ITEMS] = {
	        "1",  "2a", "2b", "2c",         "2d", "2e", "2e-ea", "2f", "2g",
	        "3a", "3b", "4a", "4a-regions", "4b", "5",  "6",     "ae"};
	static const char *const name[ITEMS] = {
	        "Acupuncture rationale (style, reasoning, variation)",
	        "Needle insertions per session",
	        "Points used (uni- or bilateral), sessions",
	        "Depth of insertion",
	        "Response sought (de qi)",
	        "Needle stimulation, sessions",
	        "Electroacupuncture settings, sessions",
	        "Needle retention time",
	        "Needle type (diameter x length), sessions",
	        "Number of treatment sessions",
	        "Frequency and duration of sessions",
	        "Other interventions (co-interventions), sessions",
	        "Regions treated, sessions",
	        "Setting and context (patient position), sessions",
	        "Practitioner background",
	        "Control or comparator interventions",
	        "Adverse events, sessions"};
	int32_t a = 0, b = 0;
	int days;

	for (int i = 0; i < ITEMS; i++) {
		ids[i] = id[i];
		names[i] = name[i];
		text[i][0] = '\0';
	}
	snprintf(text[0], 600, "not recorded in backrest");
	range_text(&c->needles, "", text[1], 600);
	tally_text(&c->points, text[2], 600);
	range_text(&c->depth, " mm", text[3], 600);
	if (c->deqi_known)
		snprintf(text[4], 600, "de qi obtained in %d of %d sessions",
		         c->deqi_yes, c->deqi_known);
	tally_text(&c->stimulation, text[5], 600);
	tally_text(&c->ea, text[6], 600);
	range_text(&c->retention, " min", text[7], 600);
	tally_text(&c->needle_size, text[8], 600);
	snprintf(text[9], 600, "%d", c->sessions);
	br_parse_date("first", c->first, &a, NULL);
	br_parse_date("last", c->last, &b, NULL);
	days = b - a + 1;
	snprintf(text[10], 600,
	         "%s to %s: %d sessions over %d days (%.1f per "
	         "week)",
	         c->first, c->last, c->sessions, days,
	         days >= 7 ? c->sessions * 7.0 / days : (double)c->sessions);
	tally_text(&c->co, text[11], 600);
	tally_text(&c->regions, text[12], 600);
	tally_text(&c->position, text[13], 600);
	snprintf(text[14], 600, "not recorded in backrest");
	snprintf(text[15], 600, "not applicable (routine care, no control)");
	tally_text(&c->adverse, text[16], 600);
	for (int i = 0; i < ITEMS; i++)
		if (text[i][0] == '\0')
			snprintf(text[i], 600, "%s",
			         i == 16 || i == 11 || i == 6 ? "none"
			                                      : "not recorded");
}

static void
csv_cell(FILE *f, bool first, const char *s)
{
	br_csv_cell(f, first, s, ";");
}

/* Markdown cell: pipes escaped, line breaks as spaces. */
static void
md_cell(FILE *f, const char *s)
{
	fputs("| ", f);
	for (; *s; s++) {
		if (*s == '|')
			fputs("\\|", f);
		else if (*s == '\n' || *s == '\r')
			fputc(' ', f);
		else
			fputc(*s, f);
	}
	fputc(' ', f);
}

static void
write_course(struct course *c, bool markdown, bool first, FILE *f)
{
	const char *ids[ITEMS], *names[ITEMS];
	static char text[ITEMS][600];
	char id[24];

	items(c, ids, names, text);
	if (markdown) {
		fprintf(f,
		        "%s## Course of episode %lld (patient %lld)\n\n"
		        "| item | STRICTA | this course |\n|---|---|---|\n",
		        first ? "" : "\n", (long long)c->episode_id,
		        (long long)c->patient_id);
		for (int i = 0; i < ITEMS; i++) {
			md_cell(f, ids[i]);
			md_cell(f, names[i]);
			md_cell(f, text[i]);
			fputs("|\n", f);
		}
		return;
	}
	if (first) {
		csv_cell(f, true, "episode_id");
		csv_cell(f, false, "patient_id");
		for (int i = 0; i < ITEMS; i++) {
			char h[32];

			snprintf(h, sizeof(h), "item_%s", ids[i]);
			csv_cell(f, false, h);
		}
		fputc('\n', f);
	}
	snprintf(id, sizeof(id), "%lld", (long long)c->episode_id);
	csv_cell(f, true, id);
	snprintf(id, sizeof(id), "%lld", (long long)c->patient_id);
	csv_cell(f, false, id);
	for (int i = 0; i < ITEMS; i++)
		csv_cell(f, false, text[i]);
	fputc('\n', f);
}

static int
episode_course(struct br_store *s, const struct br_episode *e, bool markdown,
               FILE *f, long *courses, struct br_err *err)
{
	struct br_session *xs = NULL;
	struct course *c = calloc(1, sizeof(*c));
	size_t n = 0;
	int rc;

	if (c == NULL)
		return br_error(err, BR_ENOMEM, "", "out of memory");
	rc = br_store_session_list(s, e->patient_id, e->id, &xs, &n, err);
	c->episode_id = e->id;
	c->patient_id = e->patient_id;
	for (size_t i = 0; rc == 0 && i < n; i++)
		if (br_rec_session_has(&xs[i], "acupuncture") ||
		    br_rec_session_has(&xs[i], "electroacupuncture"))
			course_add(c, &xs[i]);
	if (rc == 0 && c->sessions > 0) {
		write_course(c, markdown, *courses == 0, f);
		(*courses)++;
	}
	free(xs);
	free(c);
	return rc;
}

int
br_stricta_export(struct br_store *s, int64_t episode_id, bool markdown,
                  FILE *f, long *courses, struct br_err *err)
{
	struct br_patient *pats = NULL;
	size_t np = 0;
	int rc;

	*courses = 0;
	if (episode_id) {
		struct br_episode e;

		rc = br_store_episode_get(s, episode_id, &e, err);
		if (rc == 0)
			rc = episode_course(s, &e, markdown, f, courses, err);
		if (rc == 0 && *courses == 0)
			rc = br_error(
			        err, BR_EINVAL, "episode_id",
			        "episode %lld has no acupuncture sessions",
			        (long long)episode_id);
		return rc;
	}
	rc = br_store_patient_list(s, &pats, &np, err);
	for (size_t i = 0; rc == 0 && i < np; i++) {
		struct br_episode *eps = NULL;
		size_t ne = 0;

		rc = br_store_episode_list(s, pats[i].id, &eps, &ne, err);
		for (size_t j = 0; rc == 0 && j < ne; j++)
			rc = episode_course(s, &eps[j], markdown, f, courses,
			                    err);
		free(eps);
	}
	free(pats);
	if (rc == 0 && *courses == 0 && !markdown)
		fputs("episode_id,patient_id\n", f);
	return rc;
}
