/*
 * visits.c - visits, check-ins, calendar feeds and the plan's courses
 * (see visits.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/parse.h"
#include "store/store_internal.h"
#include "store/visits.h"

#define VISIT_COLS                                                             \
	"v.patient_id, v.visit_id, v.episode_id, v.practitioner_id, "          \
	"v.starts_at, v.minutes, v.place, v.address, v.status, v.session_id, " \
	"v.created_at, v.updated_at, p.name"

int
br_store_visit_insert(struct br_store *s, const struct br_visit *v,
                      struct br_err *err)
{
	static const char q[] =
	        "INSERT INTO visits (patient_id, visit_id, episode_id, "
	        "practitioner_id, day, start_min, starts_at, minutes, place, "
	        "address, status, session_id, created_at, updated_at) VALUES "
	        "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)";
	struct br_db_stmt *st;
	char day[BR_DATE_LEN];
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_format_date((int32_t)(v->starts_at / 1440), day);
	br_db_bind_i64(st, 1, v->patient_id);
	br_db_bind_i64(st, 2, v->id);
	br_db_bind_i64(st, 3, v->episode_id);
	br_db_bind_i64(st, 4, v->practitioner_id);
	br_db_bind_text(st, 5, day);
	br_db_bind_i64(st, 6, v->starts_at % 1440);
	br_db_bind_i64(st, 7, v->starts_at);
	br_db_bind_i64(st, 8, v->minutes);
	br_db_bind_text(st, 9, v->place);
	br_db_bind_text(st, 10, v->address);
	br_db_bind_text(st, 11, v->status);
	br_store_bind_id_opt(st, 12, v->session_id);
	br_db_bind_text(st, 13, v->created_at);
	br_db_bind_text(st, 14, v->updated_at);
	return br_db_run(st, err);
}

static void
read_visit(struct br_db_stmt *st, void *elem)
{
	struct br_visit *v = elem;

	memset(v, 0, sizeof(*v));
	v->patient_id = br_db_col_i64(st, 0);
	v->id = br_db_col_i64(st, 1);
	v->episode_id = br_db_col_i64(st, 2);
	v->practitioner_id = br_db_col_i64(st, 3);
	v->starts_at = br_db_col_i64(st, 4);
	v->minutes = (int)br_db_col_i64(st, 5);
	br_db_col_copy(st, 6, v->place, sizeof(v->place));
	br_db_col_copy(st, 7, v->address, sizeof(v->address));
	br_db_col_copy(st, 8, v->status, sizeof(v->status));
	v->session_id = br_db_col_i64(st, 9);
	br_db_col_copy(st, 10, v->created_at, sizeof(v->created_at));
	br_db_col_copy(st, 11, v->updated_at, sizeof(v->updated_at));
	br_db_col_copy(st, 12, v->patient_name, sizeof(v->patient_name));
}

int
br_store_visit_get(struct br_store *s, int64_t id, const char *field,
                   struct br_visit *out, struct br_err *err)
{
	static const char q[] =
	        "SELECT " VISIT_COLS " FROM visits v JOIN patients p ON "
	        "p.patient_id = v.patient_id WHERE "
	        "v.visit_id = $1";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, id);
	rc = br_db_step(st, err);
	if (rc == 1)
		read_visit(st, out);
	br_db_done(st);
	if (rc == 0)
		return br_error(err, BR_ENOTFOUND, field,
		                "there is no visit %lld", (long long)id);
	return rc < 0 ? rc : 0;
}

int
br_store_visit_update(struct br_store *s, const struct br_visit *v,
                      struct br_err *err)
{
	static const char q[] = "UPDATE visits SET status = $3, session_id = "
	                        "$4, updated_at = $5 WHERE patient_id = $1 AND "
	                        "visit_id = $2";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, v->patient_id);
	br_db_bind_i64(st, 2, v->id);
	br_db_bind_text(st, 3, v->status);
	br_store_bind_id_opt(st, 4, v->session_id);
	br_db_bind_text(st, 5, v->updated_at);
	return br_db_run(st, err);
}

int
br_store_visit_overlap(struct br_store *s, int64_t practitioner_id,
                       int64_t starts_at, int minutes, int64_t exclude_id,
                       int64_t *other_id, struct br_err *err)
{
	/* A visit lasts at most 480 minutes (the table's CHECK), so only
	 * those starting in (start - 480, end) can overlap: an index range. */
	static const char q[] =
	        "SELECT visit_id FROM visits WHERE practitioner_id = $1 AND "
	        "starts_at > $2 - 480 AND starts_at < $2 + $3 AND starts_at + "
	        "minutes > $2 AND status IN ('booked', 'attended') AND "
	        "visit_id <> $4 ORDER BY starts_at LIMIT 1";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, practitioner_id);
	br_db_bind_i64(st, 2, starts_at);
	br_db_bind_i64(st, 3, minutes);
	br_db_bind_i64(st, 4, exclude_id);
	rc = br_db_step(st, err);
	*other_id = rc == 1 ? br_db_col_i64(st, 0) : 0;
	br_db_done(st);
	return rc < 0 ? rc : 0;
}

int
br_store_visit_list(struct br_store *s, const struct br_visit_filter *f,
                    struct br_visit **out, size_t *n, struct br_err *err)
{
	/* One statement per filter shape, so each can use its index: a
	 * catch-all "($1 = 0 OR patient_id = $1)" scans every visit. */
#define VISIT_LIST(where)                                                      \
	"SELECT " VISIT_COLS " FROM visits v JOIN patients p ON "              \
	"p.patient_id = v.patient_id WHERE " where " AND ($2 = 0 OR "          \
	"v.episode_id = $2) AND ($3 < 0 OR v.practitioner_id = $3) AND "       \
	"v.starts_at >= $4 AND v.starts_at < $5 ORDER BY v.starts_at, "        \
	"v.visit_id"
	static const char q_patient[] = VISIT_LIST("v.patient_id = $1");
	static const char q_practitioner[] =
	        VISIT_LIST("$1 = 0 AND v.practitioner_id = $3");
	static const char q_all[] = VISIT_LIST("$1 = 0");
#undef VISIT_LIST
	const char *q = f->patient_id             ? q_patient
	                : f->practitioner_id >= 0 ? q_practitioner
	                                          : q_all;
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, f->patient_id);
	br_db_bind_i64(st, 2, f->episode_id);
	br_db_bind_i64(st, 3, f->practitioner_id);
	br_db_bind_i64(st, 4, f->from);
	br_db_bind_i64(st, 5, f->to);
	return br_db_collect(st, sizeof(**out), read_visit, (void **)out, n,
	                     err);
}

static void
read_course(struct br_db_stmt *st, void *elem)
{
	struct br_visit_course *c = elem;

	c->item_id = br_db_col_i64(st, 0);
	br_db_col_copy(st, 1, c->treatment, sizeof(c->treatment));
	c->sessions = (int)br_db_col_i64(st, 2);
	c->per_week = br_db_col_is_null(st, 3) ? 0 : br_db_col_double(st, 3);
	c->trial = (int)br_db_col_i64(st, 4);
	br_db_col_copy(st, 5, c->day, sizeof(c->day));
}

int
br_store_visit_courses(struct br_store *s, int64_t patient_id,
                       int64_t episode_id, struct br_visit_course **out,
                       size_t *n, struct br_err *err)
{
	static const char q[] =
	        "SELECT item_id, treatment, sessions, per_week, trial, day "
	        "FROM "
	        "plan_items WHERE patient_id = $1 AND episode_id = $2 AND "
	        "status = 'active' ORDER BY day DESC, item_id DESC";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, patient_id);
	br_db_bind_i64(st, 2, episode_id);
	return br_db_collect(st, sizeof(**out), read_course, (void **)out, n,
	                     err);
}

int
br_store_session_brief(struct br_store *s, int64_t id, const char *field,
                       struct br_session_brief *out, struct br_err *err)
{
	static const char q[] = "SELECT patient_id, session_id, episode_id, "
	                        "day, pain_after FROM sessions WHERE "
	                        "session_id = $1";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, id);
	rc = br_db_step(st, err);
	if (rc == 1) {
		memset(out, 0, sizeof(*out));
		out->patient_id = br_db_col_i64(st, 0);
		out->id = br_db_col_i64(st, 1);
		out->episode_id = br_db_col_i64(st, 2);
		br_db_col_copy(st, 3, out->day, sizeof(out->day));
		out->pain_after = br_db_col_int_opt(st, 4);
	}
	br_db_done(st);
	if (rc == 0)
		return br_error(err, BR_ENOTFOUND, field,
		                "there is no session %lld", (long long)id);
	return rc < 0 ? rc : 0;
}

int
br_store_session_adverse_add(struct br_store *s, int64_t patient_id,
                             int64_t session_id, const char *event,
                             struct br_err *err)
{
	static const char q[] = "INSERT INTO session_adverse_events "
	                        "(patient_id, session_id, event) VALUES ($1, "
	                        "$2, $3) ON CONFLICT DO NOTHING";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, patient_id);
	br_db_bind_i64(st, 2, session_id);
	br_db_bind_text(st, 3, event);
	return br_db_run(st, err);
}

/* Check-ins ---------------------------------------------------------- */

#define CHECKIN_COLS                                                           \
	"c.patient_id, c.session_id, s.episode_id, s.day, c.day, c.soreness, " \
	"c.energy, c.mood, c.unusual, c.adverse, c.created_at"

int
br_store_checkin_insert(struct br_store *s, const struct br_checkin *c,
                        struct br_err *err)
{
	static const char q[] =
	        "INSERT INTO checkins (patient_id, session_id, day, soreness, "
	        "energy, mood, unusual, adverse, created_at) VALUES ($1, $2, "
	        "$3, $4, $5, $6, $7, $8, $9)";
	static const char q_rule[] = "INSERT INTO checkin_rules (patient_id, "
	                             "session_id, rule) VALUES ($1, $2, $3)";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, c->patient_id);
	br_db_bind_i64(st, 2, c->session_id);
	br_db_bind_text(st, 3, c->day);
	br_db_bind_i64(st, 4, c->soreness);
	br_db_bind_text(st, 5, c->energy);
	br_db_bind_text(st, 6, c->mood);
	br_db_bind_text(st, 7, c->unusual);
	br_db_bind_i64(st, 8, c->adverse);
	br_db_bind_text(st, 9, c->created_at);
	rc = br_db_run(st, err);
	for (int i = 0; rc == 0 && i < c->n_rules; i++) {
		rc = br_db_prepare(s, q_rule, &st, err);
		if (rc < 0)
			break;
		br_db_bind_i64(st, 1, c->patient_id);
		br_db_bind_i64(st, 2, c->session_id);
		br_db_bind_text(st, 3, c->rules[i]);
		rc = br_db_run(st, err);
	}
	return rc;
}

static void
read_checkin(struct br_db_stmt *st, void *elem)
{
	struct br_checkin *c = elem;

	memset(c, 0, sizeof(*c));
	c->patient_id = br_db_col_i64(st, 0);
	c->session_id = br_db_col_i64(st, 1);
	c->episode_id = br_db_col_i64(st, 2);
	br_db_col_copy(st, 3, c->session_day, sizeof(c->session_day));
	br_db_col_copy(st, 4, c->day, sizeof(c->day));
	c->soreness = (int)br_db_col_i64(st, 5);
	br_db_col_copy(st, 6, c->energy, sizeof(c->energy));
	br_db_col_copy(st, 7, c->mood, sizeof(c->mood));
	br_db_col_copy(st, 8, c->unusual, sizeof(c->unusual));
	c->adverse = br_db_col_i64(st, 9) != 0;
	br_db_col_copy(st, 10, c->created_at, sizeof(c->created_at));
}

/* Fills the rules of arr[0..n) (all of one patient). */
static int
read_rules(struct br_store *s, struct br_checkin *arr, size_t n,
           struct br_err *err)
{
	static const char q[] = "SELECT rule FROM checkin_rules WHERE "
	                        "patient_id = $1 AND session_id = $2 ORDER BY "
	                        "rule";
	struct br_db_stmt *st;
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < n; i++) {
		struct br_checkin *c = &arr[i];

		rc = br_db_prepare(s, q, &st, err);
		if (rc < 0)
			break;
		br_db_bind_i64(st, 1, c->patient_id);
		br_db_bind_i64(st, 2, c->session_id);
		while ((rc = br_db_step(st, err)) == 1)
			if (c->n_rules < BR_CHECKIN_RULES)
				br_db_col_copy(st, 0, c->rules[c->n_rules++],
				               BR_CHECKIN_CODE);
		br_db_done(st);
	}
	return rc < 0 ? rc : 0;
}

int
br_store_checkin_get(struct br_store *s, int64_t patient_id, int64_t session_id,
                     struct br_checkin *out, struct br_err *err)
{
	static const char q[] =
	        "SELECT " CHECKIN_COLS " FROM checkins c JOIN sessions s ON "
	        "s.patient_id = c.patient_id AND s.session_id "
	        "= c.session_id WHERE c.patient_id = $1 AND "
	        "c.session_id = $2";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, patient_id);
	br_db_bind_i64(st, 2, session_id);
	rc = br_db_step(st, err);
	if (rc == 1)
		read_checkin(st, out);
	br_db_done(st);
	if (rc == 0)
		return br_error(err, BR_ENOTFOUND, "session_id",
		                "session %lld has no check-in yet",
		                (long long)session_id);
	if (rc < 0)
		return rc;
	return read_rules(s, out, 1, err);
}

int
br_store_checkin_list(struct br_store *s, int64_t patient_id,
                      int64_t episode_id, struct br_checkin **out, size_t *n,
                      struct br_err *err)
{
	static const char q[] =
	        "SELECT " CHECKIN_COLS " FROM checkins c JOIN sessions s ON "
	        "s.patient_id = c.patient_id AND s.session_id "
	        "= c.session_id WHERE c.patient_id = $1 AND "
	        "s.episode_id = $2 ORDER BY s.day, c.session_id";
	struct br_checkin *arr = NULL;
	struct br_db_stmt *st;
	size_t len = 0;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, patient_id);
	br_db_bind_i64(st, 2, episode_id);
	rc = br_db_collect(st, sizeof(*arr), read_checkin, (void **)&arr, &len,
	                   err);
	if (rc == 0)
		rc = read_rules(s, arr, len, err);
	if (rc < 0) {
		free(arr);
		return rc;
	}
	*out = arr;
	*n = len;
	return 0;
}

/* Calendar feeds ----------------------------------------------------- */

#define FEED_COLS                                                              \
	"feed_id, token_hash, practitioner_id, patient_id, created_at, "       \
	"created_by, revoked_at"

int
br_store_feed_insert(struct br_store *s, const struct br_feed *f,
                     struct br_err *err)
{
	static const char q[] = "INSERT INTO calendar_feeds (" FEED_COLS
	                        ") VALUES ($1, $2, $3, $4, $5, $6, $7)";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, f->id);
	br_db_bind_text(st, 2, f->token_hash);
	if (f->for_patient) {
		br_db_bind_text(st, 3, NULL);
		br_db_bind_i64(st, 4, f->patient_id);
	} else {
		br_db_bind_i64(st, 3, f->practitioner_id);
		br_db_bind_text(st, 4, NULL);
	}
	br_db_bind_text(st, 5, f->created_at);
	br_db_bind_text(st, 6, f->created_by);
	br_db_bind_text(st, 7, f->revoked_at);
	return br_db_run(st, err);
}

static void
read_feed(struct br_db_stmt *st, void *elem)
{
	struct br_feed *f = elem;

	memset(f, 0, sizeof(*f));
	f->id = br_db_col_i64(st, 0);
	br_db_col_copy(st, 1, f->token_hash, sizeof(f->token_hash));
	f->for_patient = br_db_col_is_null(st, 2);
	f->practitioner_id = br_db_col_i64(st, 2);
	f->patient_id = br_db_col_i64(st, 3);
	br_db_col_copy(st, 4, f->created_at, sizeof(f->created_at));
	br_db_col_copy(st, 5, f->created_by, sizeof(f->created_by));
	br_db_col_copy(st, 6, f->revoked_at, sizeof(f->revoked_at));
}

static int
feed_one(struct br_store *s, const char *q, int64_t id, const char *hash,
         struct br_feed *out, struct br_err *err)
{
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	if (hash)
		br_db_bind_text(st, 1, hash);
	else
		br_db_bind_i64(st, 1, id);
	rc = br_db_step(st, err);
	if (rc == 1)
		read_feed(st, out);
	br_db_done(st);
	if (rc == 0)
		return br_error(err, BR_ENOTFOUND, hash ? "key" : "feed_id",
		                hash ? "there is no such calendar feed"
		                     : "there is no calendar feed %lld",
		                (long long)id);
	return rc < 0 ? rc : 0;
}

int
br_store_feed_by_hash(struct br_store *s, const char *token_hash,
                      struct br_feed *out, struct br_err *err)
{
	static const char q[] = "SELECT " FEED_COLS
	                        " FROM calendar_feeds WHERE token_hash = $1";

	return feed_one(s, q, 0, token_hash, out, err);
}

int
br_store_feed_get(struct br_store *s, int64_t id, struct br_feed *out,
                  struct br_err *err)
{
	static const char q[] =
	        "SELECT " FEED_COLS " FROM calendar_feeds WHERE feed_id = $1";

	return feed_one(s, q, id, NULL, out, err);
}

int
br_store_feed_revoke(struct br_store *s, int64_t id, const char *at,
                     struct br_err *err)
{
	static const char q[] = "UPDATE calendar_feeds SET revoked_at = $2 "
	                        "WHERE feed_id = $1";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, id);
	br_db_bind_text(st, 2, at);
	return br_db_run(st, err);
}

int
br_store_feed_list(struct br_store *s, struct br_feed **out, size_t *n,
                   struct br_err *err)
{
	static const char q[] = "SELECT " FEED_COLS " FROM calendar_feeds "
	                        "ORDER BY feed_id DESC";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	return br_db_collect(st, sizeof(**out), read_feed, (void **)out, n,
	                     err);
}
