/*
 * csv_read.c - reads diary, session and measure tables into the store
 * (see csv.h and docs/csv.md).
 *
 * Parsing is libcsv's (strict quoting); this file maps columns by the
 * header and checks each cell with core/parse.h and the model's field
 * tables; diary days, sessions and measures are written through the
 * app's apply (interop/records.h), which runs the records' rules (a
 * measure's stated score, which the use case never receives, is checked
 * here against the score of its answers).  Line numbers count
 * physical lines, so a quoted cell with a line break moves the rows after
 * it as a text editor would show them.
 */
#include <csv.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/parse.h"
#include "interop/csv_internal.h"
#include "interop/records.h"
#include "store/interop.h"
#include "store/measures.h"

/* Reading ------------------------------------------------------------------ */

struct reader {
	struct br_app *app;
	struct br_store *s; /* app->store */
	const struct br_csv_import_opts *o;
	bool diary;
	int kind;
	const struct br_instrument_set *instruments;
	/* current row */
	char *cells[MAX_COLS];
	size_t n_cells;
	bool too_many;
	long line, row_line, rows;
	int prev_term;
	/* header */
	int n_cols;
	int col_of[MAX_COLS]; /* cell index -> column index in the kind's
	                         list, or -1 to ignore */
	bool header_done;
	bool header_bad;
	/* results */
	json_t *rejected;
	json_t *patients;
	long imported, unchanged;
	int fatal;
	struct br_err *err;
};

static void reject_row(struct reader *r, const char *column, const char *fmt,
                       ...) __attribute__((format(printf, 3, 4)));

static void
reject_row(struct reader *r, const char *column, const char *fmt, ...)
{
	char reason[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	json_array_append_new(
	        r->rejected,
	        json_pack("{s:I, s:s, s:s}", "line", (json_int_t)r->row_line,
	                  "column", column ? column : "", "reason", reason));
}

/* The cell of the named column in the current row, or "" when absent. */
static const char *
get(struct reader *r, const char *name)
{
	const char *const *cols = ci_columns(r->kind);

	for (size_t i = 0; i < r->n_cells && i < (size_t)r->n_cols; i++)
		if (r->col_of[i] >= 0 && strcmp(cols[r->col_of[i]], name) == 0)
			return r->cells[i] ? r->cells[i] : "";
	return "";
}

static void
read_header(struct reader *r)
{
	const char *const *cols = ci_columns(r->kind);
	const char *need = r->kind == K_DIARY ? "patient_id" : "episode_id";
	bool seen[MAX_COLS] = {false};

	r->header_done = true;
	r->n_cols = (int)r->n_cells;
	for (size_t i = 0; i < r->n_cells; i++) {
		const char *h = r->cells[i] ? r->cells[i] : "";
		int k = br_rec_index(cols, h);

		r->col_of[i] = k;
		if (k < 0 && br_rec_index(ci_diary_ignored, h) >= 0 && r->diary)
			continue;
		if (k < 0) {
			char q[48];

			br_quote_value(h, q, sizeof(q));
			reject_row(r, h,
			           "'%s' is not a column of the %s table "
			           "(see docs/csv.md)",
			           q, br_csv_kinds[r->kind]);
			r->header_bad = true;
			return;
		}
		if (seen[k]) {
			reject_row(r, h, "column %s is named twice", h);
			r->header_bad = true;
			return;
		}
		seen[k] = true;
	}
	if (!seen[br_rec_index(cols, need)] ||
	    !seen[br_rec_index(cols, "date")]) {
		reject_row(r, need, "the header must name %s and date", need);
		r->header_bad = true;
	} else if (r->kind == K_MEASURES &&
	           (!seen[br_rec_index(cols, "instrument")] ||
	            !seen[br_rec_index(cols, "answers")])) {
		reject_row(r, "instrument",
		           "the header must name instrument and answers");
		r->header_bad = true;
	}
}

/* Field readers: return false after rejecting the row. */
static bool
f_int(struct reader *r, const char *col, long min, long max, int *out)
{
	const char *v = get(r, col);
	struct br_err e = BR_ERR_INIT;
	long n;

	if (v[0] == '\0')
		return true;
	if (br_parse_long(col, v, min, max, &n, &e) < 0) {
		reject_row(r, col, "%s", e.msg);
		return false;
	}
	*out = (int)n;
	return true;
}

/* f_int with the range of col in the record's field table t, the one the
 * use cases check their input against (model/checks.h). */
static bool
f_field(struct reader *r, const struct br_fields *t, const char *col, int *out)
{
	const struct br_field *f = br_fields_find(t, col);

	return f_int(r, col, (long)f->min, (long)f->max, out);
}

static bool
f_clock(struct reader *r, const char *col, int *out)
{
	const char *v = get(r, col);
	struct br_err e = BR_ERR_INIT;

	if (v[0] == '\0')
		return true;
	if (br_parse_clock(col, v, out, &e) < 0) {
		reject_row(r, col, "%s", e.msg);
		return false;
	}
	return true;
}

static bool
f_id(struct reader *r, const char *col, bool required, int64_t *out)
{
	const char *v = get(r, col);
	struct br_err e = BR_ERR_INIT;
	long n;

	*out = 0;
	if (v[0] == '\0') {
		if (required)
			reject_row(r, col, "%s is required", col);
		return !required;
	}
	if (br_parse_long(col, v, 1, 9007199254740991L, &n, &e) < 0) {
		reject_row(r, col, "%s", e.msg);
		return false;
	}
	*out = n;
	return true;
}

static bool
f_date(struct reader *r, char out[BR_DATE_LEN])
{
	const char *v = get(r, "date");
	struct br_err e = BR_ERR_INIT;
	int32_t d;

	if (v[0] == '\0') {
		reject_row(r, "date", "date is required");
		return false;
	}
	if (br_parse_date("date", v, &d, &e) < 0) {
		reject_row(r, "date", "%s", e.msg);
		return false;
	}
	br_format_date(d, out);
	return true;
}

static bool
f_text(struct reader *r, const char *col, char *out, size_t n)
{
	const char *v = get(r, col);

	if (strlen(v) >= n) {
		reject_row(r, col, "%s is longer than %zu characters", col,
		           n - 1);
		return false;
	}
	for (const char *p = v; *p; p++)
		if ((unsigned char)*p < 0x20 && *p != '\n' && *p != '\t') {
			reject_row(r, col, "%s has a control character", col);
			return false;
		}
	if (v[0])
		snprintf(out, n, "%s", v);
	return true;
}

static void
note_patient(struct reader *r, int64_t id)
{
	size_t n = json_array_size(r->patients);

	if (n == 0 ||
	    json_integer_value(json_array_get(r->patients, n - 1)) != id)
		json_array_append_new(r->patients, json_integer(id));
}

/* The diary cells of the current row set on the day br_app_diary_apply
 * loaded; a bad cell rejects the row (cells_bad). */
struct diary_cells {
	struct reader *r;
	bool cells_bad;
};

static int
fill_day(void *ctx, struct br_diary_day *d, struct br_err *err)
{
	struct diary_cells *c = ctx;
	struct reader *r = c->r;
	bool ok = f_clock(r, "bed", &d->night.bed) &&
	          f_clock(r, "try", &d->night.try_) &&
	          f_field(r, &br_diary_fields, "sol", &d->night.sol) &&
	          f_field(r, &br_diary_fields, "wakes", &d->night.wakes) &&
	          f_field(r, &br_diary_fields, "waso", &d->night.waso) &&
	          f_clock(r, "final", &d->night.final) &&
	          f_clock(r, "up", &d->night.up) &&
	          f_field(r, &br_diary_fields, "quality", &d->night.quality) &&
	          f_field(r, &br_diary_fields, "pain", &d->pain) &&
	          f_field(r, &br_diary_fields, "pain_worst", &d->pain_worst) &&
	          f_field(r, &br_diary_fields, "activity_min",
	                  &d->activity_min) &&
	          f_text(r, "note", d->note, sizeof(d->note));

	if (ok)
		return 0;
	c->cells_bad = true;
	return br_error(err, BR_EINVAL, "", "the row has a bad cell");
}

/* A row the record's apply refused is rejected naming the field (or
 * column); a failure of the store ends the import. */
static void
refused_row(struct reader *r, int rc, const struct br_err *e,
            const char *column)
{
	if (rc == BR_EINVAL || rc == BR_ENOTFOUND || rc == BR_ECONFLICT) {
		reject_row(r, e->field[0] ? e->field : column, "%s", e->msg);
		return;
	}
	r->fatal = rc;
	*r->err = *e;
}

static void
diary_row(struct reader *r)
{
	struct diary_cells c = {r, false};
	struct br_err e = BR_ERR_INIT;
	char date[BR_DATE_LEN];
	enum br_app_day what;
	int64_t pid;
	int rc;

	if (!f_id(r, "patient_id", true, &pid) || !f_date(r, date))
		return;
	rc = br_app_diary_apply(r->app, pid, date, fill_day, &c, NULL, &what,
	                        &e);
	if (rc < 0) {
		if (!c.cells_bad)
			refused_row(r, rc, &e, "date");
		return;
	}
	if (what == BR_APP_DAY_UNCHANGED) {
		r->unchanged++;
		return;
	}
	r->imported++;
	note_patient(r, pid);
}

/* Splits a ';' list and calls add for each non-empty item. */
static bool
each_item(struct reader *r, const char *col, struct br_session *x,
          const char *kind)
{
	char buf[BR_MAX_POINTS * 32];
	char *save = NULL, *item;
	const char *v = get(r, col);

	if (strlen(v) >= sizeof(buf)) {
		reject_row(r, col, "%s is too long", col);
		return false;
	}
	snprintf(buf, sizeof(buf), "%s", v);
	for (item = strtok_r(buf, ";", &save); item;
	     item = strtok_r(NULL, ";", &save)) {
		struct br_err e = BR_ERR_INIT;
		int rc;

		while (*item == ' ')
			item++;
		if (*item == '\0')
			continue;
		if (kind == NULL) {
			char *side = strchr(item, ':');

			if (side)
				*side++ = '\0';
			rc = br_rec_session_point(x, item, side, &e);
		} else {
			rc = br_rec_session_word(x, kind, item, &e);
		}
		if (rc < 0) {
			reject_row(r, col, "%s", e.msg);
			return false;
		}
	}
	return true;
}

static void
session_row_in(struct reader *r)
{
	struct br_session *x = malloc(sizeof(*x));
	struct br_episode ep;
	struct br_err e = BR_ERR_INIT;
	const struct br_field *fma;
	const char *deqi, *ma;
	int64_t sid, owner;
	int rc;

	if (x == NULL) {
		r->fatal = BR_ENOMEM;
		return;
	}
	br_session_init(x);
	if (!f_id(r, "session_id", false, &sid) ||
	    !f_id(r, "patient_id", false, &x->patient_id) ||
	    !f_id(r, "episode_id", true, &x->episode_id) || !f_date(r, x->day))
		goto out;
	if (!each_item(r, "modalities", x, "modality") ||
	    !each_item(r, "points", x, NULL) ||
	    !each_item(r, "regions", x, "regions") ||
	    !each_item(r, "adverse", x, "adverse") ||
	    !f_field(r, &br_session_fields, "needles", &x->needles) ||
	    !f_field(r, &br_session_fields, "minutes", &x->retention_min) ||
	    !f_field(r, &br_session_fields, "depth_mm", &x->depth_mm) ||
	    !f_text(r, "stimulation", x->stimulation, sizeof(x->stimulation)) ||
	    !f_text(r, "needle_size", x->needle_size, sizeof(x->needle_size)) ||
	    !f_text(r, "ea_hz", x->ea_hz, sizeof(x->ea_hz)) ||
	    !f_text(r, "ea_waveform", x->ea_waveform, sizeof(x->ea_waveform)) ||
	    !f_field(r, &br_session_fields, "ea_minutes", &x->ea_minutes) ||
	    !f_text(r, "position", x->position, sizeof(x->position)) ||
	    !f_text(r, "cupping", x->cupping, sizeof(x->cupping)) ||
	    !f_text(r, "moxa", x->moxa, sizeof(x->moxa)) ||
	    !f_text(r, "massage", x->massage, sizeof(x->massage)) ||
	    !f_field(r, &br_session_fields, "pain_before", &x->pain_before) ||
	    !f_field(r, &br_session_fields, "pain_after", &x->pain_after) ||
	    !f_text(r, "note", x->note, sizeof(x->note)) ||
	    !f_text(r, "created_at", x->created_at, sizeof(x->created_at)))
		goto out;
	deqi = get(r, "deqi");
	if (deqi[0]) {
		int k = br_rec_index((const char *const[]){"no", "yes", "false",
		                                           "true", "0", "1",
		                                           NULL},
		                     deqi);

		if (k < 0) {
			reject_row(r, "deqi", "deqi must be yes or no");
			goto out;
		}
		x->deqi = k % 2;
	}
	/* The current's range is the session table's (model/checks.c). */
	ma = get(r, "ea_ma");
	fma = br_fields_find(&br_session_fields, "ea_ma");
	if (ma[0] && br_parse_double("ea_ma", ma, fma->min, fma->max, &x->ea_ma,
	                             &e) < 0) {
		reject_row(r, "ea_ma", "%s", e.msg);
		goto out;
	}
	/* A session already stored under its id is left as it is. */
	if (sid) {
		rc = br_store_session_owner(r->s, sid, &owner, NULL, &e);
		if (rc == 0)
			rc = br_store_episode_get(r->s, x->episode_id, &ep, &e);
		if (rc == 0) {
			if (owner != ep.patient_id ||
			    (x->patient_id && x->patient_id != owner))
				reject_row(r, "session_id",
				           "session %lld is stored for another "
				           "patient",
				           (long long)sid);
			else
				r->unchanged++;
			goto out;
		}
		if (rc != BR_ENOTFOUND) {
			r->fatal = rc;
			goto out;
		}
		br_err_clear(&e);
	}
	x->id = sid;
	rc = br_app_session_apply(r->app, x, &e);
	if (rc < 0) {
		refused_row(r, rc, &e, "modalities");
		goto out;
	}
	r->imported++;
	note_patient(r, x->patient_id);
out:
	free(x);
}

/* One measure: scored from its answers like `measure add`. */
static void
measure_row_in(struct reader *r)
{
	struct br_measure *m = calloc(1, sizeof(*m));
	const struct br_instrument *def;
	struct br_episode ep;
	struct br_score sc;
	struct br_err e = BR_ERR_INIT;
	int codes[BR_MEASURE_MAX_ITEMS], n = 0;
	const char *score;
	int64_t pid = 0, mid;
	size_t len = 0;
	int rc;

	if (m == NULL) {
		r->fatal = BR_ENOMEM;
		return;
	}
	if (!f_id(r, "measure_id", false, &mid) ||
	    !f_id(r, "patient_id", false, &pid) ||
	    !f_id(r, "episode_id", true, &m->episode_id) || !f_date(r, m->day))
		goto out;
	def = ci_instrument(r->instruments, get(r, "instrument"));
	if (def == NULL) {
		reject_row(r, "instrument", "instrument '%.30s' is not known",
		           get(r, "instrument"));
		goto out;
	}
	rc = br_interop_episode(r->app, pid, m->episode_id, &ep, &e);
	if (rc < 0) {
		refused_row(r, rc, &e, "episode_id");
		goto out;
	}
	{
		char buf[BR_MEASURE_MAX_ITEMS * 8];

		snprintf(buf, sizeof(buf), "%s", get(r, "answers"));
		for (char *p = buf; *p; p++)
			if (*p == ';')
				*p = ',';
		if (br_answers_parse(buf, codes, BR_MEASURE_MAX_ITEMS, &n, &e) <
		            0 ||
		    br_instrument_score(def, codes, n, &sc, &e) < 0) {
			reject_row(r, "answers", "%s", e.msg);
			goto out;
		}
	}
	score = get(r, "score");
	if (score[0]) {
		char *end;
		double v = strtod(score, &end), tol = 0.5;

		for (int i = 0; i < def->decimals; i++)
			tol /= 10;
		if (*end || !sc.has_score || v - sc.score > tol ||
		    sc.score - v > tol) {
			reject_row(
			        r, "score",
			        "score %.20s is not the score of the answers "
			        "(%g)",
			        score, sc.has_score ? sc.score : -1.0);
			goto out;
		}
	}
	m->patient_id = ep.patient_id;
	snprintf(m->instrument, sizeof(m->instrument), "%s", def->id);
	m->has_score = sc.has_score;
	m->score = sc.score;
	if (sc.band >= 0)
		snprintf(m->band, sizeof(m->band), "%s",
		         def->bands[sc.band].id);
	m->answered = sc.answered;
	m->complete = sc.complete;
	if (!f_text(r, "version", m->version, sizeof(m->version)) ||
	    !f_text(r, "recall", m->recall, sizeof(m->recall)) ||
	    !f_text(r, "created_at", m->created_at, sizeof(m->created_at)))
		goto out;
	if (!m->version[0])
		snprintf(m->version, sizeof(m->version), "%s", def->version);
	if (!m->recall[0])
		snprintf(m->recall, sizeof(m->recall), "%s", def->recall);
	for (int k = 0; k < sc.n_notes && len < sizeof(m->notes); k++)
		len += (size_t)snprintf(m->notes + len, sizeof(m->notes) - len,
		                        "%s%s", k ? "\n" : "", sc.notes[k]);
	m->n_items = n;
	memcpy(m->codes, codes, sizeof(int) * (size_t)n);
	m->n_subscores = sc.n_subscores;
	for (int k = 0; k < sc.n_subscores; k++) {
		snprintf(m->subscore_ids[k], sizeof(m->subscore_ids[k]), "%s",
		         def->subscores[k].id);
		m->sub_has[k] = sc.sub_has[k];
		m->subscores[k] = sc.subscores[k];
	}
	if (mid) {
		rc = br_store_interop_exists(r->s, BR_REC_MEASURE,
		                             m->patient_id, mid, r->err);
		if (rc < 0) {
			r->fatal = rc;
			goto out;
		}
		if (rc == 1) {
			r->unchanged++;
			goto out;
		}
	}
	m->id = mid;
	rc = br_app_measure_apply(r->app, &ep, m, &e);
	if (rc < 0) {
		refused_row(r, rc, &e, "date");
		goto out;
	}
	r->imported++;
	note_patient(r, m->patient_id);
out:
	free(m);
}

static void
on_field(void *data, size_t len, void *ctx)
{
	struct reader *r = ctx;
	char *copy;

	for (size_t i = 0; i < len; i++)
		if (((const char *)data)[i] == '\n')
			r->line++;
	if (r->n_cells == MAX_COLS) {
		r->too_many = true;
		return;
	}
	copy = malloc(len + 1);
	if (copy == NULL) {
		r->fatal = BR_ENOMEM;
		return;
	}
	memcpy(copy, data, len);
	copy[len] = '\0';
	if (memchr(copy, '\0', len)) {
		copy[0] = '\0';
		r->too_many = true; /* a NUL byte: refused below */
	}
	br_csv_unguard(copy);
	r->cells[r->n_cells++] = copy;
}

static void
clear_row(struct reader *r)
{
	for (size_t i = 0; i < r->n_cells; i++)
		free(r->cells[i]);
	r->n_cells = 0;
	r->too_many = false;
}

static void
on_row(int c, void *ctx)
{
	struct reader *r = ctx;
	bool crlf = c == '\n' && r->prev_term == '\r' && r->n_cells == 0;

	r->prev_term = c;
	if (crlf)
		return;
	if (r->n_cells > 0 && !r->fatal && !r->header_bad) {
		bool blank = r->n_cells == 1 && r->cells[0][0] == '\0';

		if (!r->header_done) {
			read_header(r);
		} else if (r->too_many) {
			reject_row(r, "",
			           "the row has more than %d cells or a "
			           "NUL byte",
			           MAX_COLS);
			r->rows++;
		} else if (!blank) {
			if ((int)r->n_cells != r->n_cols)
				reject_row(r, "",
				           "the row has %zu cells; the header "
				           "names %d",
				           r->n_cells, r->n_cols);
			else if (r->kind == K_DIARY)
				diary_row(r);
			else if (r->kind == K_SESSIONS)
				session_row_in(r);
			else
				measure_row_in(r);
			r->rows++;
			if (r->o->progress && r->rows % 10000 == 0)
				fprintf(stderr, "\rcsv: %ld rows", r->rows);
		}
	}
	clear_row(r);
	r->line++;
	r->row_line = r->line;
}

int
br_csv_import(struct br_app *app, const struct br_csv_import_opts *o,
              const char *data, size_t len, json_t **report, struct br_err *err)
{
	struct reader r;
	struct csv_parser p;
	int rc = 0;

	*report = NULL;
	if (br_rec_index(br_csv_kinds, o->kind) < 0 ||
	    strcmp(o->kind, "outcomes") == 0 ||
	    strcmp(o->kind, "device-sleep") == 0)
		return br_error(err, BR_EINVAL, "kind",
		                "kind must be diary, sessions or measures "
		                "(outcomes are computed, not imported; device "
		                "nights come from the tracker's own export: "
		                "import sleep)");
	memset(&r, 0, sizeof(r));
	r.app = app;
	r.s = app->store;
	r.o = o;
	r.diary = strcmp(o->kind, "diary") == 0;
	r.kind = br_rec_index(br_csv_kinds, o->kind);
	if (r.kind == K_MEASURES &&
	    (rc = br_instruments_load(o->instruments_dir, &r.instruments,
	                              err)) < 0)
		return rc;
	r.line = r.row_line = 1;
	r.err = err;
	r.rejected = json_array();
	r.patients = json_array();
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL) != 0)
		return br_error(err, BR_ENOMEM, "", "out of memory");
	if (csv_parse(&p, data, len, on_field, on_row, &r) != len ||
	    csv_fini(&p, on_field, on_row, &r) != 0) {
		/* libcsv stops at a malformed quote: name the line. */
		reject_row(&r, "",
		           "%s (a quote that is not closed or is "
		           "followed by text)",
		           csv_strerror(csv_error(&p)));
		r.header_bad = true;
	}
	clear_row(&r);
	csv_free(&p);
	if (o->progress && r.rows >= 10000)
		fprintf(stderr, "\rcsv: %ld rows\n", r.rows);
	if (!r.header_done && !r.header_bad) {
		reject_row(&r, "", "the file is empty: it needs a header row");
		r.header_bad = true;
	}
	if (r.fatal) {
		json_decref(r.rejected);
		json_decref(r.patients);
		return err->code ? r.fatal
		                 : br_error(err, r.fatal, "",
		                            "the import failed");
	}
	*report = json_pack("{s:I, s:I, s:I, s:o, s:o}", "rows",
	                    (json_int_t)r.rows, "imported",
	                    (json_int_t)r.imported, "unchanged",
	                    (json_int_t)r.unchanged, "rejected", r.rejected,
	                    "patients", r.patients);
	if (json_array_size(r.rejected) > 0 && (!o->partial || r.header_bad)) {
		json_t *first = json_array_get(r.rejected, 0);
		const char *col =
		        json_string_value(json_object_get(first, "column"));
		char where[300];
		size_t n = json_array_size(r.rejected);

		snprintf(where, sizeof(where), "line %lld, column %s: %s",
		         (long long)json_integer_value(
		                 json_object_get(first, "line")),
		         col[0] ? col : "-",
		         json_string_value(json_object_get(first, "reason")));
		if (n == 1)
			rc = br_error(err, BR_EINVAL, col,
			              "csv rejected, nothing imported: %s",
			              where);
		else
			rc = br_error(
			        err, BR_EINVAL, col,
			        "csv rejected, nothing imported: %zu rows "
			        "are invalid; first %s",
			        n, where);
	}
	return rc;
}
