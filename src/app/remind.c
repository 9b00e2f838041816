/*
 * remind.c - reminders by email (see remind.h).
 */
#include "app/remind.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "app/due.h"
#include "app/internal.h"
#include "core/buf.h"
#include "store/remind.h"

#define LEASE_MS (15 * 60 * 1000)

/* The request tables ---------------------------------------------------- */

static const struct br_field prefs_fields[] = {
        {.key = "patient_id", .type = BR_FT_ID, .flags = BR_FF_REQUIRED},
        {.key = "appointment",
         .type = BR_FT_BOOL,
         .doc = "an email the day before each visit"},
        {.key = "questionnaire",
         .type = BR_FT_BOOL,
         .doc = "an email when a questionnaire is waiting"},
        {.key = "diary",
         .type = BR_FT_BOOL,
         .doc = "an email after some days without a diary entry"},
        {.key = "diary_after_days",
         .type = BR_FT_INT,
         .min = 1,
         .max = 30,
         .doc = "days without an entry before the diary email"},
        {.key = "quiet_from",
         .type = BR_FT_CLOCK,
         .doc = "no diary email from this time"},
        {.key = "quiet_to", .type = BR_FT_CLOCK, .doc = "until this time"},
        {.key = NULL},
};
const struct br_fields br_req_reminder_prefs = {
        "ReminderPrefs", "reminder choices", prefs_fields};

static const struct br_field stop_fields[] = {
        {.key = "token",
         .type = BR_FT_TEXT,
         .min = 1,
         .max = 100,
         .flags = BR_FF_REQUIRED,
         .doc = "the secret of the link in the email"},
        {.key = NULL},
};
const struct br_fields br_req_reminder_stop = {
        "ReminderStop", "a link that stops reminders", stop_fields};

static const char *const kinds[] = {"appointment", "questionnaire", "diary",
                                    NULL};

/* Clock times ------------------------------------------------------------ */

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Local wall-clock minutes since 1970-01-01, as visits hold them. */
static int64_t
local_minutes(void)
{
	time_t t = time(NULL);
	struct tm tm;

	localtime_r(&t, &tm);
	return (int64_t)br_days_from_civil(tm.tm_year + 1900, tm.tm_mon + 1,
	                                   tm.tm_mday) *
	               1440 +
	       tm.tm_hour * 60 + tm.tm_min;
}

/* "Tuesday 8 December 2026" */
static void
long_date(int32_t day, char *out, size_t n)
{
	static const char *const wd[] = {"Thursday", "Friday", "Saturday",
	                                 "Sunday",   "Monday", "Tuesday",
	                                 "Wednesday"};
	static const char *const mo[] = {"January", "February", "March",
	                                 "April",   "May",      "June",
	                                 "July",    "August",   "September",
	                                 "October", "November", "December"};
	int y, m, d;

	br_civil_from_days(day, &y, &m, &d);
	snprintf(out, n, "%s %d %s %d", wd[((day % 7) + 7) % 7], d, mo[m - 1],
	         y);
}

/* The email ----------------------------------------------------------- */

struct cand {
	int64_t patient_id;
	const char *kind;
	char item[BR_REMIND_ITEM_LEN];
	int32_t day;   /* a visit's day */
	int start_min; /* its start */
	bool home;
	int gap_days; /* days without a diary entry */
};

struct claim {
	char email[BR_REMIND_EMAIL_LEN];
	char clinic[200];
	char token[96];
	int64_t claimed_ms;
};

/* Paragraphs of the message, the same in both parts. */
struct words {
	char subject[160];
	char lead[400];   /* what it is about */
	char detail[400]; /* when and where, or "" */
	char ask[400];    /* what to do */
};

static void
compose(const struct cand *c, const struct claim *k, struct words *w)
{
	char date[64], at[6];
	const char *clinic = k->clinic[0] ? k->clinic : "your clinic";

	memset(w, 0, sizeof(*w));
	if (strcmp(c->kind, "appointment") == 0) {
		long_date(c->day, date, sizeof(date));
		br_format_clock(c->start_min, at);
		snprintf(w->subject, sizeof(w->subject),
		         "Reminder: your visit on %s at %s", date, at);
		snprintf(w->lead, sizeof(w->lead),
		         "This is a reminder of your visit with %s.", clinic);
		snprintf(w->detail, sizeof(w->detail), "%s at %s, %s.", date,
		         at,
		         c->home ? "a home visit: your practitioner comes to "
		                   "you"
		                 : "at the clinic");
		snprintf(w->ask, sizeof(w->ask),
		         "If you cannot come, please tell %s as soon as you "
		         "can, by phone or in person, so that they can cancel "
		         "the visit or find you another time.",
		         clinic);
	} else if (strcmp(c->kind, "questionnaire") == 0) {
		snprintf(w->subject, sizeof(w->subject),
		         "A short questionnaire is waiting in your diary");
		snprintf(w->lead, sizeof(w->lead),
		         "%s would like you to answer a short questionnaire. "
		         "It takes a few minutes.",
		         clinic);
		snprintf(w->ask, sizeof(w->ask),
		         "Open your diary to answer it, or answer it at your "
		         "next visit.");
	} else {
		snprintf(w->subject, sizeof(w->subject),
		         "A minute for your diary?");
		snprintf(w->lead, sizeof(w->lead),
		         "Your diary has had no entry for %d days.",
		         c->gap_days);
		snprintf(w->ask, sizeof(w->ask),
		         "A minute a day helps you and %s see how things go. "
		         "Fill in what you remember; leave out what you do "
		         "not.",
		         clinic);
	}
}

static const char *
stop_words(const char *kind)
{
	if (strcmp(kind, "appointment") == 0)
		return "visit reminders";
	if (strcmp(kind, "questionnaire") == 0)
		return "questionnaire reminders";
	return "diary reminders";
}

/* The email: its headers beyond From, To and Date (app/smtp.h) and its
 * two parts, which hold the stop link's secret until mail_free. */
struct mail {
	char subject[180], mid[300], unsub[720];
	const char *headers[5];
	struct br_buf text, html;
};

static void
mail_free(struct mail *m)
{
	if (m->text.p)
		sodium_memzero(m->text.p, m->text.cap);
	if (m->html.p)
		sodium_memzero(m->html.p, m->html.cap);
	sodium_memzero(m->unsub, sizeof(m->unsub));
	free(m->text.p);
	free(m->html.p);
}

/* false when out of memory; mail_free(m) either way. */
static bool
mail_build(const struct br_remind_config *cfg, const struct cand *c,
           const struct claim *k, struct mail *m)
{
	struct br_buf *t = &m->text, *b = &m->html;
	struct words w;
	unsigned char h[16];
	char key[200], hex[33], diary[600], stop[700], settings[600];
	const char *domain = strchr(cfg->smtp->from, '@') + 1;

	memset(m, 0, sizeof(*m));
	compose(c, k, &w);
	/* The Message-ID is the item's: a message sent again after a pass
	 * died is recognisably the same one. */
	snprintf(key, sizeof(key), "%lld/%s/%s", (long long)c->patient_id,
	         c->kind, c->item);
	crypto_generichash(h, sizeof(h), (const unsigned char *)key,
	                   strlen(key), NULL, 0);
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	snprintf(diary, sizeof(diary), "%s/diary", cfg->public_url);
	snprintf(settings, sizeof(settings), "%s/diary/reminders",
	         cfg->public_url);
	snprintf(stop, sizeof(stop), "%s/stop#t=%s", cfg->public_url, k->token);
	snprintf(m->subject, sizeof(m->subject), "Subject: %s", w.subject);
	snprintf(m->mid, sizeof(m->mid), "Message-ID: <reminder.%s@%s>", hex,
	         domain);
	snprintf(m->unsub, sizeof(m->unsub), "List-Unsubscribe: <%s>", stop);
	m->headers[0] = m->subject;
	m->headers[1] = m->mid;
	m->headers[2] = "Auto-Submitted: auto-generated";
	m->headers[3] = m->unsub;
	m->headers[4] = NULL;

	br_buf_printf(t, "Hello,\r\n\r\n%s\r\n\r\n", w.lead);
	if (w.detail[0])
		br_buf_printf(t, "  %s\r\n\r\n", w.detail);
	br_buf_printf(t, "%s\r\n\r\nYour diary: %s\r\n\r\n", w.ask, diary);
	br_buf_printf(t,
	              "--\r\nTo stop %s, open this link: %s\r\n"
	              "or change your reminders in your diary: %s\r\n",
	              stop_words(c->kind), stop, settings);

	br_buf_printf(b, "<!doctype html>\r\n<html lang=\"en\"><head><meta "
	                 "charset=\"utf-8\"><title>");
	br_buf_escape(b, w.subject);
	br_buf_printf(b, "</title></head>\r\n<body>\r\n<p>Hello,</p>\r\n<p>");
	br_buf_escape(b, w.lead);
	br_buf_printf(b, "</p>\r\n");
	if (w.detail[0]) {
		br_buf_printf(b, "<p><strong>");
		br_buf_escape(b, w.detail);
		br_buf_printf(b, "</strong></p>\r\n");
	}
	br_buf_printf(b, "<p>");
	br_buf_escape(b, w.ask);
	br_buf_printf(b, "</p>\r\n<p><a href=\"");
	br_buf_escape(b, diary);
	br_buf_printf(b, "\">Open my diary</a></p>\r\n<hr>\r\n<p><small>"
	                 "<a href=\"");
	br_buf_escape(b, stop);
	br_buf_printf(b, "\">Stop %s</a> &middot; <a href=\"",
	              stop_words(c->kind));
	br_buf_escape(b, settings);
	br_buf_printf(
	        b,
	        "\">Change my reminders</a></small></p>\r\n</body></html>\r\n");
	sodium_memzero(stop, sizeof(stop));
	return !br_buf_failed(t) && !br_buf_failed(b);
}

/* Claim and confirm: each one transaction ------------------------------- */

/* The patient's choice for kind. */
static bool *
pref_flag(struct br_remind_prefs *p, const char *kind)
{
	if (strcmp(kind, "appointment") == 0)
		return &p->appointment;
	if (strcmp(kind, "questionnaire") == 0)
		return &p->questionnaire;
	return &p->diary;
}

/* What the store keeps of a stop link's 32-byte secret: its BLAKE2b-256
 * hash in hex.  The link's maker (claim_uc) and its reader
 * (br_remind_token_parse) both take it from here, so they cannot drift
 * apart. */
static void
secret_hash(const unsigned char raw[32], char hash[65])
{
	unsigned char h[32];

	crypto_generichash(h, sizeof(h), raw, 32, NULL, 0);
	sodium_bin2hex(hash, 65, h, sizeof(h));
}

/* in {"patient_id", "kind", "item", "now_ms", "lease_ms"}; out {"skip":
 * why} or the claim {"email", "clinic", "token", "claimed_ms"}. */
static int
claim_uc(struct br_app *app, json_t *in, json_t **out, struct br_err *err)
{
	int64_t pid = json_integer_value(json_object_get(in, "patient_id"));
	int64_t at_ms = json_integer_value(json_object_get(in, "now_ms"));
	int64_t lease = json_integer_value(json_object_get(in, "lease_ms"));
	const char *kind = json_string_value(json_object_get(in, "kind"));
	const char *item = json_string_value(json_object_get(in, "item"));
	struct br_remind_prefs p;
	struct claim k;
	char now[BR_TS_LEN], hash[65];
	unsigned char raw[32];
	bool claimed = false;
	int rc = br_store_begin(app->store, err);
	json_t *result = NULL;

	if (rc < 0)
		return rc;
	memset(&k, 0, sizeof(k));
	rc = br_store_remind_prefs_get(app->store, pid, &p, err);
	if (rc == 0 && !*pref_flag(&p, kind))
		result = json_pack("{s:s}", "skip", "stopped");
	if (rc == 0 && !result)
		rc = br_store_remind_email(app->store, pid, k.email, err);
	if (rc == 0 && !result && !k.email[0])
		result = json_pack("{s:s}", "skip", "no_address");
	if (rc == 0 && !result)
		rc = br_store_remind_claim(app->store, pid, kind, item, at_ms,
		                           lease, &claimed, err);
	if (rc == 0 && !result && !claimed)
		result = json_pack("{s:s}", "skip", "done_before");
	if (rc == 0 && !result) {
		br_store_now(now);
		randombytes_buf(raw, sizeof(raw));
		secret_hash(raw, hash);
		snprintf(k.token, sizeof(k.token), "%lld.", (long long)pid);
		sodium_bin2hex(k.token + strlen(k.token),
		               sizeof(k.token) - strlen(k.token), raw,
		               sizeof(raw));
		sodium_memzero(raw, sizeof(raw));
		rc = br_store_remind_token_add(app->store, pid, hash, kind, now,
		                               err);
	}
	if (rc == 0 && !result)
		rc = br_store_remind_clinic(app->store, pid, k.clinic,
		                            sizeof(k.clinic), err);
	if (rc == 0 && !result)
		rc = br_app_audit(app, "reminder.send", pid, "reminder", pid,
		                  err);
	if (rc == 0 && !result)
		result = json_pack("{s:s, s:s, s:s, s:I}", "email", k.email,
		                   "clinic", k.clinic, "token", k.token,
		                   "claimed_ms", (json_int_t)at_ms);
	sodium_memzero(k.token, sizeof(k.token));
	return br_app_finish(app, rc, rc < 0 ? NULL : result, out, err);
}

/* in {"patient_id", "kind", "item", "claimed_ms", "sent"}. */
static int
done_uc(struct br_app *app, json_t *in, json_t **out, struct br_err *err)
{
	char now[BR_TS_LEN];
	int rc = br_store_begin(app->store, err);

	if (rc < 0)
		return rc;
	br_store_now(now);
	rc = br_store_remind_done(
	        app->store,
	        json_integer_value(json_object_get(in, "patient_id")),
	        json_string_value(json_object_get(in, "kind")),
	        json_string_value(json_object_get(in, "item")),
	        json_integer_value(json_object_get(in, "claimed_ms")),
	        json_is_true(json_object_get(in, "sent")), now, err);
	return br_app_finish(app, rc, rc < 0 ? NULL : json_object(), out, err);
}

/* The pass ------------------------------------------------------------- */

struct tally {
	int sent, failed, stopped, no_address, quiet, done_before;
	int by_kind[3];
};

static int
kind_index(const char *kind)
{
	for (int i = 0; kinds[i]; i++)
		if (strcmp(kinds[i], kind) == 0)
			return i;
	return 0;
}

static int
one(struct br_app *app, const struct br_remind_config *cfg,
    const struct cand *c, struct tally *t, struct br_err *err)
{
	json_t *in, *res = NULL, *v;
	struct claim k;
	struct mail m;
	const char *skip;
	int rc;

	in = json_pack("{s:I, s:s, s:s, s:I, s:I}", "patient_id",
	               (json_int_t)c->patient_id, "kind", c->kind, "item",
	               c->item, "now_ms", (json_int_t)now_ms(), "lease_ms",
	               (json_int_t)(cfg->lease_ms ? cfg->lease_ms : LEASE_MS));
	rc = br_app_call(claim_uc, app, in, &res, err);
	json_decref(in);
	if (rc < 0)
		return rc;
	skip = json_string_value(json_object_get(res, "skip"));
	if (skip) {
		if (strcmp(skip, "stopped") == 0)
			t->stopped++;
		else if (strcmp(skip, "no_address") == 0)
			t->no_address++;
		else
			t->done_before++;
		json_decref(res);
		return 0;
	}
	memset(&k, 0, sizeof(k));
	snprintf(k.email, sizeof(k.email), "%s",
	         json_string_value(json_object_get(res, "email")));
	snprintf(k.clinic, sizeof(k.clinic), "%s",
	         json_string_value(json_object_get(res, "clinic")));
	snprintf(k.token, sizeof(k.token), "%s",
	         json_string_value(json_object_get(res, "token")));
	k.claimed_ms = json_integer_value(json_object_get(res, "claimed_ms"));
	json_decref(res);

	if (!mail_build(cfg, c, &k, &m)) {
		rc = br_error(err, BR_ENOMEM, "", "out of memory");
	} else {
		struct br_mail mail = {k.email, m.headers, m.text.p, m.html.p};
		struct br_err serr = BR_ERR_INIT;

		rc = br_smtp_send(cfg->smtp, &mail, &serr);
		if (rc < 0)
			/* A warning, not progress: said even when quiet.
			 * The server's words only: no address, no kind. */
			fprintf(stderr,
			        "backrest remind: a reminder was not sent and "
			        "will be tried again: %s\n",
			        serr.msg);
	}
	mail_free(&m);
	sodium_memzero(k.token, sizeof(k.token));
	in = json_pack("{s:I, s:s, s:s, s:I, s:b}", "patient_id",
	               (json_int_t)c->patient_id, "kind", c->kind, "item",
	               c->item, "claimed_ms", (json_int_t)k.claimed_ms, "sent",
	               rc == 0);
	v = NULL;
	{
		struct br_err derr = BR_ERR_INIT;
		int drc = br_app_call(done_uc, app, in, &v, &derr);

		json_decref(in);
		json_decref(v);
		if (drc < 0) {
			/* The claim stays; the lease hands it on. */
			*err = derr;
			return drc;
		}
	}
	if (rc == 0) {
		t->sent++;
		t->by_kind[kind_index(c->kind)]++;
	} else {
		t->failed++;
	}
	br_err_clear(err);
	return 0;
}

static bool
quiet_now(const struct br_remind_prefs *p, int m)
{
	if (p->quiet_from == p->quiet_to)
		return false;
	if (p->quiet_from < p->quiet_to)
		return m >= p->quiet_from && m < p->quiet_to;
	return m >= p->quiet_from || m < p->quiet_to;
}

/* Every reminder due now, in *out (the caller frees it). */
static int
collect(struct br_app *app, int64_t now, struct cand **out, size_t *n,
        struct br_err *err)
{
	struct br_remind_visit *vis = NULL;
	struct br_remind_gap *gaps = NULL;
	size_t nv = 0, ng = 0, cap, k = 0;
	int32_t today = (int32_t)(now / 1440);
	char date[BR_DATE_LEN];
	json_t *in, *due = NULL, *pats;
	struct cand *c;
	int rc;

	rc = br_store_begin_read(app->store, err);
	if (rc < 0)
		return rc;
	rc = br_store_remind_visits(app->store, now, now + 1440, &vis, &nv,
	                            err);
	if (rc == 0)
		rc = br_store_remind_gaps(app->store, &gaps, &ng, err);
	if (rc == 0)
		rc = br_store_end_read(app->store, err);
	else
		br_store_rollback(app->store);
	if (rc == 0) {
		br_format_date(today, date);
		in = json_pack("{s:s}", "date", date);
		rc = br_app_call(br_app_due, app, in, &due, err);
		json_decref(in);
	}
	pats = json_object_get(due, "patients");
	cap = nv + ng + json_array_size(pats) + 1;
	c = rc == 0 ? calloc(cap, sizeof(*c)) : NULL;
	if (rc == 0 && c == NULL)
		rc = br_error(err, BR_ENOMEM, "", "out of memory");
	for (size_t i = 0; rc == 0 && i < nv; i++) {
		c[k].patient_id = vis[i].patient_id;
		c[k].kind = "appointment";
		br_parse_date("day", vis[i].day, &c[k].day, NULL);
		c[k].start_min = vis[i].start_min;
		c[k].home = vis[i].home;
		/* A visit moved to another time is a new item. */
		snprintf(c[k].item, sizeof(c[k].item), "visit:%lld:%sT%d",
		         (long long)vis[i].visit_id, vis[i].day,
		         vis[i].start_min);
		k++;
	}
	for (size_t i = 0; rc == 0 && i < json_array_size(pats); i++) {
		json_t *p = json_array_get(pats, i), *d;
		size_t j;
		unsigned char h[12];
		crypto_generichash_state st;
		bool any = false;

		/* One email for what is due together; a new set (another
		 * instrument, a later round) is a new item. */
		crypto_generichash_init(&st, NULL, 0, sizeof(h));
		json_array_foreach(json_object_get(p, "due"), j, d)
		{
			char key[200];
			const char *ins = json_string_value(
			        json_object_get(d, "instrument"));
			const char *last =
			        json_string_value(json_object_get(d, "last"));

			if (strcmp(json_string_value(
			                   json_object_get(d, "kind")),
			           "questionnaire") != 0)
				continue;
			any = true;
			snprintf(key, sizeof(key), "%lld:%s:%s;",
			         (long long)json_integer_value(
			                 json_object_get(d, "episode_id")),
			         ins ? ins : "baseline", last ? last : "-");
			crypto_generichash_update(
			        &st, (const unsigned char *)key, strlen(key));
		}
		if (!any)
			continue;
		crypto_generichash_final(&st, h, sizeof(h));
		c[k].patient_id =
		        json_integer_value(json_object_get(p, "patient_id"));
		c[k].kind = "questionnaire";
		memcpy(c[k].item, "due:", 4);
		sodium_bin2hex(c[k].item + 4, sizeof(c[k].item) - 4, h,
		               sizeof(h));
		k++;
	}
	for (size_t i = 0; rc == 0 && i < ng; i++) {
		int32_t last = INT32_MIN;
		const char *since = gaps[i].last[0] ? gaps[i].last
		                                    : gaps[i].prefs.updated_at;
		char sd[BR_DATE_LEN];

		snprintf(sd, sizeof(sd), "%.10s", since);
		if (br_parse_date("day", sd, &last, NULL) < 0)
			continue;
		if (today - last < gaps[i].prefs.diary_after_days)
			continue;
		if (quiet_now(&gaps[i].prefs, (int)(now % 1440))) {
			c[k].kind = NULL; /* counted, not sent */
			c[k].patient_id = gaps[i].prefs.patient_id;
			k++;
			continue;
		}
		c[k].patient_id = gaps[i].prefs.patient_id;
		c[k].kind = "diary";
		c[k].gap_days = today - last;
		snprintf(c[k].item, sizeof(c[k].item), "gap:%s", sd);
		k++;
	}
	free(vis);
	free(gaps);
	json_decref(due);
	if (rc < 0) {
		free(c);
		return rc;
	}
	*out = c;
	*n = k;
	return 0;
}

int
br_remind_pass(struct br_app *app, const struct br_remind_config *cfg,
               json_t **out, struct br_err *err)
{
	struct tally t = {0};
	struct cand *c = NULL;
	size_t n = 0;
	int64_t now = cfg->now ? cfg->now : local_minutes();
	int rc = collect(app, now, &c, &n, err);

	for (size_t i = 0; rc == 0 && i < n; i++) {
		if (c[i].kind == NULL)
			t.quiet++;
		else
			rc = one(app, cfg, &c[i], &t, err);
	}
	free(c);
	if (rc < 0)
		return rc;
	*out = json_pack("{s:i, s:i, s:i, s:i, s:i, s:i, s:{s:i, s:i, s:i}}",
	                 "sent", t.sent, "failed", t.failed, "stopped",
	                 t.stopped, "no_address", t.no_address, "quiet",
	                 t.quiet, "done_before", t.done_before, "kinds",
	                 kinds[0], t.by_kind[0], kinds[1], t.by_kind[1],
	                 kinds[2], t.by_kind[2]);
	return 0;
}

/* serve's thread ------------------------------------------------------- */

struct br_remind_loop {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	bool stop;
	int every_s;
	struct br_store *store;
	struct br_app app;
	struct br_remind_config cfg;
};

static void *
loop_main(void *arg)
{
	struct br_remind_loop *l = arg;

	pthread_mutex_lock(&l->mu);
	while (!l->stop) {
		struct br_err err = BR_ERR_INIT;
		json_t *out = NULL;
		struct timespec until;

		pthread_mutex_unlock(&l->mu);
		l->app.today = br_today_local();
		if (br_remind_pass(&l->app, &l->cfg, &out, &err) < 0)
			fprintf(stderr, "backrest serve: reminders: %s\n",
			        err.msg);
		json_decref(out);
		pthread_mutex_lock(&l->mu);
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += l->every_s;
		while (!l->stop && pthread_cond_timedwait(&l->cv, &l->mu,
		                                          &until) != ETIMEDOUT)
			;
	}
	pthread_mutex_unlock(&l->mu);
	return NULL;
}

int
br_remind_loop_start(const char *db, const char *instruments_dir,
                     const struct br_remind_config *cfg, int every_s,
                     struct br_remind_loop **out, struct br_err *err)
{
	struct br_remind_loop *l = calloc(1, sizeof(*l));
	int rc;

	if (l == NULL)
		return br_error(err, BR_ENOMEM, "", "out of memory");
	rc = br_store_open(db, &l->store, err);
	if (rc < 0) {
		free(l);
		return rc;
	}
	l->cfg = *cfg;
	l->every_s = every_s;
	l->app.store = l->store;
	l->app.actor = "reminders";
	l->app.origin = "serve";
	l->app.quiet = false;
	l->app.instruments_dir = instruments_dir;
	pthread_mutex_init(&l->mu, NULL);
	pthread_cond_init(&l->cv, NULL);
	if (pthread_create(&l->thread, NULL, loop_main, l) != 0) {
		br_store_close(l->store);
		free(l);
		return br_error(err, BR_EIO, "",
		                "the reminder thread did not "
		                "start");
	}
	*out = l;
	return 0;
}

void
br_remind_loop_stop(struct br_remind_loop *l)
{
	if (l == NULL)
		return;
	pthread_mutex_lock(&l->mu);
	l->stop = true;
	pthread_cond_signal(&l->cv);
	pthread_mutex_unlock(&l->mu);
	pthread_join(l->thread, NULL);
	br_store_close(l->store);
	pthread_mutex_destroy(&l->mu);
	pthread_cond_destroy(&l->cv);
	free(l);
}

/* The patient's choices and the stop link ------------------------------ */

static json_t *
prefs_view(const struct br_remind_prefs *p)
{
	char f[6], t[6];

	br_format_clock(p->quiet_from, f);
	br_format_clock(p->quiet_to, t);
	return json_pack("{s:b, s:b, s:b, s:i, s:s, s:s}", "appointment",
	                 p->appointment, "questionnaire", p->questionnaire,
	                 "diary", p->diary, "diary_after_days",
	                 p->diary_after_days, "quiet_from", f, "quiet_to", t);
}

int
br_app_remind_prefs_get(struct br_app *app, json_t *in, json_t **out,
                        struct br_err *err)
{
	static const char *const keys[] = {"patient_id", NULL};
	struct br_remind_prefs p;
	struct br_patient pat;
	int rc = br_in_only(in, keys, err);

	if (rc == 0)
		rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	rc = br_app_load_patient(app, in, &pat, err);
	if (rc == 0)
		rc = br_store_remind_prefs_get(app->store, pat.id, &p, err);
	if (rc == 0)
		rc = br_app_audit(app, "reminder.prefs.read", pat.id,
		                  "reminder", pat.id, err);
	return br_app_finish(app, rc, rc < 0 ? NULL : prefs_view(&p), out, err);
}

int
br_app_remind_prefs_set(struct br_app *app, json_t *in, json_t **out,
                        struct br_err *err)
{
	struct br_remind_prefs p;
	struct br_patient pat;
	bool a = false, q = false, d = false;
	int days = -1, from = -1, to = -1;
	int rc = br_fields_check(in, &br_req_reminder_prefs, app->typed_input,
	                         err);

	if (rc == 0 && br_in_has(in, "appointment"))
		rc = br_in_bool(in, "appointment", &a, err);
	if (rc == 0 && br_in_has(in, "questionnaire"))
		rc = br_in_bool(in, "questionnaire", &q, err);
	if (rc == 0 && br_in_has(in, "diary"))
		rc = br_in_bool(in, "diary", &d, err);
	if (rc == 0)
		rc = br_in_int_field(in, &br_req_reminder_prefs,
		                     "diary_after_days", &days, err);
	if (rc == 0)
		rc = br_in_clock(in, "quiet_from", &from, err);
	if (rc == 0)
		rc = br_in_clock(in, "quiet_to", &to, err);
	if (rc < 0)
		return rc;
	rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	rc = br_app_load_patient(app, in, &pat, err);
	if (rc == 0)
		rc = br_store_remind_prefs_get(app->store, pat.id, &p, err);
	if (rc == 0) {
		if (br_in_has(in, "appointment"))
			p.appointment = a;
		if (br_in_has(in, "questionnaire"))
			p.questionnaire = q;
		if (br_in_has(in, "diary"))
			p.diary = d;
		if (days >= 0)
			p.diary_after_days = days;
		if (from >= 0)
			p.quiet_from = from;
		if (to >= 0)
			p.quiet_to = to;
		br_store_now(p.updated_at);
		rc = br_store_remind_prefs_put(app->store, &p, err);
	}
	if (rc == 0)
		rc = br_app_audit(app, "reminder.prefs.write", pat.id,
		                  "reminder", pat.id, err);
	return br_app_finish(app, rc, rc < 0 ? NULL : prefs_view(&p), out, err);
}

int
br_remind_token_parse(const char *token, int64_t *patient_id, char hash[65])
{
	unsigned char raw[32];
	int64_t pid = 0;
	size_t i, n = 0;

	/* The patient id: digits, no sign, no leading zero. */
	for (i = 0; token[i] >= '0' && token[i] <= '9'; i++) {
		if (i == 15 || (i == 0 && token[i] == '0'))
			return -1;
		pid = pid * 10 + (token[i] - '0');
	}
	if (i == 0 || token[i] != '.' || strlen(token + i + 1) != 64 ||
	    sodium_hex2bin(raw, sizeof(raw), token + i + 1, 64, NULL, &n,
	                   NULL) != 0 ||
	    n != 32)
		return -1;
	secret_hash(raw, hash);
	sodium_memzero(raw, sizeof(raw));
	*patient_id = pid;
	return 0;
}

int
br_app_remind_stop(struct br_app *app, json_t *in, json_t **out,
                   struct br_err *err)
{
	struct br_remind_prefs p;
	const char *token = NULL;
	char hash[65], kind[16], now[BR_TS_LEN];
	int64_t pid = 0;
	int rc = br_fields_check(in, &br_req_reminder_stop, app->typed_input,
	                         err);

	if (rc == 0)
		rc = br_in_text(in, "token", 100, true, &token, err);
	if (rc < 0)
		return rc;
	if (br_remind_token_parse(token, &pid, hash) < 0)
		return br_error(err, BR_ENOTFOUND, "token",
		                "this link has been used already or is not "
		                "valid");
	rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	br_store_now(now);
	rc = br_store_remind_token_use(app->store, pid, hash, now, kind, err);
	if (rc == 0)
		rc = br_store_remind_prefs_get(app->store, pid, &p, err);
	if (rc == 0) {
		*pref_flag(&p, kind) = false;
		snprintf(p.updated_at, sizeof(p.updated_at), "%s", now);
		rc = br_store_remind_prefs_put(app->store, &p, err);
	}
	if (rc == 0)
		rc = br_app_audit(app, "reminder.stop", pid, "reminder", pid,
		                  err);
	return br_app_finish(
	        app, rc, rc < 0 ? NULL : json_pack("{s:s}", "stopped", kind),
	        out, err);
}
