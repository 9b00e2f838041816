/*
 * screening.c - use cases: red-flag screens, their clearance and the
 * block on sessions (see screening.h; tiers in core/redflag.h).
 *
 * The age trigger (under 15 or over 60 with a first-ever episode,
 * docs/clinical/red-flags.md) is derived here from the patient's birth date at
 * the screen's date.  "First-ever" is read as "the patient's first episode on
 * record"; once a clinician has cleared a screen that carried the age
 * trigger, later screens of the same episode do not raise it again (the
 * age has not changed, and the clinician has weighed it).
 */
#include "app/screening.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "store/screenings.h"

struct flag_ctx {
	struct br_flag_input *out;
	const char *key;
};

static int
add_flag(void *ctx, const char *item, int pos, struct br_err *err)
{
	struct flag_ctx *c = ctx;

	(void)pos;
	return br_rec_flag_add(c->out, c->key, item, err);
}

int
br_app_read_flags(json_t *in, const char *key, struct br_flag_input *out,
                  struct br_err *err)
{
	struct flag_ctx c = {out, key};
	int rc;

	memset(out, 0, sizeof(*out));
	if (!br_in_has(in, key))
		return 0;
	out->given = true;
	rc = br_in_list(in, key, add_flag, &c, err);
	return rc < 0 ? rc : br_rec_flags_check(out, key, err);
}

static json_t *
string_array(const char *const *items, int n)
{
	json_t *a = json_array();

	for (int i = 0; i < n; i++)
		json_array_append_new(a, json_string(items[i]));
	return a;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static json_t *
screen_view(const struct br_screening *x)
{
	const char *flags[BR_SCREENING_MAX_FLAGS];
	struct br_screen_result *r = malloc(sizeof(*r));
	json_t *reasons = json_array(), *cleared = json_null(), *view;
	int n = 0;

	if (r == NULL)
		return NULL;
	/* Reasons and suspicions follow from the flags; unknown ids (from a
	 * later version) are left out of them but listed. */
	for (int i = 0; i < x->n_flags; i++)
		if (br_redflag_find(x->flags[i]))
			flags[n++] = x->flags[i];
	br_redflag_screen(flags, n, r, NULL);
	for (int i = 0; i < r->n_reasons; i++)
		json_array_append_new(reasons, json_string(r->reasons[i]));
	if (x->cleared_at[0])
		cleared =
		        json_pack("{s:s, s:s, s:s}", "at", x->cleared_at, "by",
		                  x->cleared_by, "reason", x->clear_reason);
	n = 0;
	for (int i = 0; i < x->n_flags; i++)
		flags[n++] = x->flags[i];
	qsort(flags, (size_t)n, sizeof(flags[0]), cmp_str);
	view = json_pack("{s:s, s:o, s:o, s:s, s:s, s:I, s:I, s:o, s:s, s:o, "
	                 "s:s, s:s, s:o}",
	                 "tier", x->tier, "suspected",
	                 string_array(r->suspected, r->n_suspected), "reasons",
	                 reasons, "action", x->action, "safety_net",
	                 r->safety_net, "id", (json_int_t)x->id, "episode_id",
	                 (json_int_t)x->episode_id, "session_id",
	                 x->session_id ? json_integer(x->session_id)
	                               : json_null(),
	                 "date", x->day, "flags", string_array(flags, n),
	                 "screened_by", x->screened_by, "created_at",
	                 x->created_at, "cleared", cleared);
	free(r);
	return view;
}

int
br_app_screen_blocked(struct br_app *app, const struct br_episode *e,
                      struct br_err *err)
{
	struct br_screening *x = malloc(sizeof(*x));
	int rc;

	if (x == NULL)
		return br_error(err, BR_ENOMEM, "", "out of memory");
	rc = br_store_screening_blocking(app->store, e->patient_id, e->id, x,
	                                 err);
	if (rc == 1) {
		int t = br_tier_parse(x->tier);

		rc = br_error(err, BR_ECONFLICT, "episode_id",
		              "episode %lld has an uncleared %s red-flag "
		              "screen from %s: %s; no session can be charted "
		              "until a clinician clears it (backrest screen "
		              "clear %lld --reason TEXT)",
		              (long long)e->id, x->tier, x->day,
		              br_tier_referral(t < 0 ? BR_TIER_URGENT
		                                     : (enum br_tier)t),
		              (long long)e->id);
	}
	free(x);
	return rc;
}

/* The age trigger for e at day, or NULL (see the top of this file). */
static int
age_flag(struct br_app *app, const struct br_episode *e, int32_t day,
         const char **out, struct br_err *err)
{
	struct br_episode *eps = NULL;
	struct br_patient p;
	int32_t born;
	size_t n = 0;
	bool cleared = false;
	const char *flag;
	int rc = br_store_patient_get(app->store, e->patient_id, &p, err);

	*out = NULL;
	if (rc < 0 || p.born[0] == '\0' ||
	    br_parse_date("born", p.born, &born, NULL) < 0)
		return rc;
	flag = br_redflag_age_flag(br_age_years(born, day));
	if (flag == NULL)
		return 0;
	rc = br_store_episode_list(app->store, e->patient_id, &eps, &n, err);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		int c = strcmp(eps[i].onset, e->onset);

		if (eps[i].id != e->id &&
		    (c < 0 || (c == 0 && eps[i].id < e->id)))
			flag = NULL; /* not the first episode on record */
	}
	free(eps);
	if (rc == 0 && flag)
		rc = br_store_screening_flag_cleared(
		        app->store, e->patient_id, e->id, flag, &cleared, err);
	if (rc == 0 && !cleared)
		*out = flag;
	return rc;
}

int
br_app_screen_apply(struct br_app *app, const struct br_episode *e,
                    struct br_screening *x, struct br_screen_result *r,
                    struct br_err *err)
{
	const char *flags[BR_SCREENING_MAX_FLAGS + 1], *age = NULL;
	int32_t day;
	int n = 0, rc = br_rec_screening_check(x, err);

	if (rc == 0)
		rc = br_parse_date("date", x->day, &day, err);
	if (rc == 0)
		rc = br_app_not_future(app, "date", day, err);
	if (rc < 0)
		return rc;
	if (!app->history && strcmp(e->status, "open") != 0)
		return br_error(err, BR_ECONFLICT, "episode_id",
		                "episode %lld is closed; screen within an open "
		                "episode",
		                (long long)e->id);
	rc = br_app_not_before_onset(e, "date", day, err);
	if (rc < 0)
		return rc;
	if (x->n_flags == 0) {
		/* A clean screen does not replace a clearance. */
		rc = br_app_screen_blocked(app, e, err);
		if (rc < 0)
			return rc;
	}
	/* A restored screen holds the age trigger it found then. */
	if (!app->restore)
		rc = age_flag(app, e, day, &age, err);
	if (rc < 0)
		return rc;
	for (int i = 0; i < x->n_flags; i++) {
		flags[n++] = x->flags[i];
		if (age && strcmp(age, x->flags[i]) == 0)
			age = NULL;
	}
	if (age && n < BR_SCREENING_MAX_FLAGS) {
		flags[n++] = age;
		snprintf(x->flags[x->n_flags++], sizeof(x->flags[0]), "%s",
		         age);
	}
	rc = br_redflag_screen(flags, n, r, err);
	if (rc < 0)
		return rc;
	if (app->restore && x->tier[0] &&
	    strcmp(x->tier, br_tier_name(r->tier)) != 0)
		return br_error(err, BR_EINVAL, "tier",
		                "tier %s does not follow from the flags (%s)",
		                x->tier, br_tier_name(r->tier));
	snprintf(x->tier, sizeof(x->tier), "%s", br_tier_name(r->tier));
	x->patient_id = e->patient_id;
	x->episode_id = e->id;
	if (r->tier != BR_TIER_NONE)
		x->session_id = 0;
	if (!app->restore && x->screened_by[0] == '\0')
		snprintf(x->screened_by, sizeof(x->screened_by), "%s",
		         app->actor ? app->actor : "unknown");
	/* Restored: who screened (as it came), the advice shown then and
	 * its clearance; history: its id and when it was recorded. */
	if (!app->restore || !x->action[0])
		snprintf(x->action, sizeof(x->action), "%s", r->action);
	if (!app->restore)
		x->cleared_at[0] = '\0';
	if (!app->history) {
		x->id = 0;
		x->created_at[0] = '\0';
	}
	if (x->id == 0)
		x->id = br_store_new_id();
	if (!x->created_at[0])
		br_store_now(x->created_at);
	return br_store_screening_insert(app->store, x, err);
}

/* A screen of e on day with the flags given by hand: the record apply
 * takes. */
static void
fill_screen(struct br_screening *x, int32_t day, const struct br_flag_input *f,
            int64_t session_id)
{
	memset(x, 0, sizeof(*x));
	br_format_date(day, x->day);
	x->session_id = session_id;
	for (int i = 0; i < f->n && i < BR_SCREENING_MAX_FLAGS; i++)
		snprintf(x->flags[x->n_flags++], sizeof(x->flags[0]), "%s",
		         f->ids[i]);
}

/* apply and its audit, for the screen and a visit's re-screen. */
static int
record(struct br_app *app, const struct br_episode *e, int32_t day,
       const struct br_flag_input *f, int64_t session_id,
       struct br_screening *x, struct br_screen_result *r, struct br_err *err)
{
	int rc;

	fill_screen(x, day, f, session_id);
	rc = br_app_screen_apply(app, e, x, r, err);
	if (rc == 0)
		rc = br_app_audit(app, "screening.create", e->patient_id,
		                  "screening", x->id, err);
	return rc;
}

int
br_app_screen(struct br_app *app, json_t *in, json_t **out, struct br_err *err)
{
	struct br_screening *x = malloc(sizeof(*x));
	struct br_screen_result *r = malloc(sizeof(*r));
	struct br_flag_input f;
	struct br_episode e;
	bool none = false;
	int32_t day;
	int rc = x && r ? br_fields_check(in, &br_screen_fields,
	                                  app->typed_input, err)
	                : br_error(err, BR_ENOMEM, "", "out of memory");

	if (rc == 0)
		rc = br_in_bool(in, "none", &none, err);
	if (rc == 0)
		rc = br_app_read_flags(in, "flags", &f, err);
	if (rc == 0)
		rc = br_rec_screen_check(none, &f, err);
	if (rc == 0)
		rc = br_in_date(in, "date", false, &day, err);
	if (rc == 0 && day == INT32_MIN)
		day = app->today;
	if (rc == 0)
		rc = br_app_not_future(app, "date", day, err);
	if (rc == 0)
		rc = br_store_begin(app->store, err);
	if (rc < 0) {
		free(x);
		free(r);
		return rc;
	}
	rc = br_app_load_episode(app, in, &e, err);
	if (rc == 0)
		rc = record(app, &e, day, &f, 0, x, r, err);
	rc = br_app_finish(app, rc, rc < 0 ? NULL : screen_view(x), out, err);
	free(x);
	free(r);
	return rc;
}

int
br_app_screen_visit(struct br_app *app, const struct br_episode *e, int32_t day,
                    const struct br_flag_input *flags, int64_t session_id,
                    json_t **view, bool *keep, struct br_err *err)
{
	struct br_screening *x = malloc(sizeof(*x));
	struct br_screen_result *r = malloc(sizeof(*r));
	int rc = x && r ? 0 : br_error(err, BR_ENOMEM, "", "out of memory");

	*view = NULL;
	*keep = false;
	if (rc == 0)
		rc = record(app, e, day, flags, session_id, x, r, err);
	if (rc == 0 && r->tier != BR_TIER_NONE) {
		*keep = true;
		rc = br_error(err, BR_ECONFLICT, "flags",
		              "red flags found at this visit call for %s "
		              "referral: %s; the screen was recorded and the "
		              "session was not charted",
		              br_tier_name(r->tier), br_tier_referral(r->tier));
	}
	if (rc == 0) {
		*view = screen_view(x);
		if (*view == NULL)
			rc = br_error(err, BR_ENOMEM, "", "out of memory");
	}
	free(x);
	free(r);
	return rc;
}

int
br_app_screen_clear(struct br_app *app, json_t *in, json_t **out,
                    struct br_err *err)
{
	static const char *const keys[] = {"episode_id", "reason", NULL};
	struct br_screening *x = malloc(sizeof(*x));
	struct br_episode e;
	const char *reason;
	json_t *view = NULL;
	int n = 0;
	int rc = x ? br_in_only(in, keys, err)
	           : br_error(err, BR_ENOMEM, "", "out of memory");

	if (rc == 0)
		rc = br_in_text(in, "reason", BR_NOTE_MAX - 1, true, &reason,
		                err);
	if (rc == 0)
		rc = br_store_begin(app->store, err);
	if (rc < 0) {
		free(x);
		return rc;
	}
	rc = br_app_load_episode(app, in, &e, err);
	if (rc == 0) {
		rc = br_store_screening_blocking(app->store, e.patient_id, e.id,
		                                 x, err);
		if (rc == 0)
			rc = br_error(err, BR_ECONFLICT, "episode_id",
			              "episode %lld has no urgent or emergency "
			              "screen waiting to be cleared",
			              (long long)e.id);
		else if (rc == 1)
			rc = 0;
	}
	if (rc == 0) {
		br_store_now(x->cleared_at);
		snprintf(x->cleared_by, sizeof(x->cleared_by), "%s",
		         app->actor ? app->actor : "unknown");
		snprintf(x->clear_reason, sizeof(x->clear_reason), "%s",
		         reason);
		rc = br_store_screening_clear(app->store, e.patient_id, e.id,
		                              x->cleared_at, x->cleared_by,
		                              x->clear_reason, &n, err);
	}
	if (rc == 0)
		rc = br_app_audit(app, "screening.clear", e.patient_id,
		                  "screening", x->id, err);
	if (rc == 0) {
		/* Flags of a cleared screen need the list read back. */
		struct br_screening *arr = NULL;
		size_t len = 0;

		rc = br_store_screening_list(app->store, e.patient_id, e.id,
		                             &arr, &len, err);
		for (size_t i = 0; rc == 0 && i < len; i++)
			if (arr[i].id == x->id)
				view = screen_view(&arr[i]);
		free(arr);
		if (view)
			json_object_set_new(view, "cleared_screens",
			                    json_integer(n));
	}
	free(x);
	return br_app_finish(app, rc, view, out, err);
}

int
br_app_screen_list(struct br_app *app, json_t *in, json_t **out,
                   struct br_err *err)
{
	static const char *const keys[] = {"episode_id", NULL};
	struct br_screening *arr = NULL;
	struct br_episode e;
	json_t *list = NULL;
	size_t n = 0;
	int rc = br_in_only(in, keys, err);

	if (rc < 0)
		return rc;
	rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	rc = br_app_load_episode(app, in, &e, err);
	if (rc == 0)
		rc = br_store_screening_list(app->store, e.patient_id, e.id,
		                             &arr, &n, err);
	if (rc == 0)
		rc = br_app_audit(app, "screening.read", e.patient_id,
		                  "episode", e.id, err);
	if (rc == 0) {
		list = json_array();
		for (size_t i = 0; list && i < n; i++)
			json_array_append_new(list, screen_view(&arr[i]));
	}
	free(arr);
	return br_app_finish(app, rc, list, out, err);
}

int
br_app_screen_flags(struct br_app *app, json_t *in, json_t **out,
                    struct br_err *err)
{
	static const char *const keys[] = {NULL};
	json_t *list;
	int rc = br_in_only(in, keys, err);

	(void)app;
	if (rc < 0)
		return rc;
	list = json_array();
	for (const struct br_redflag *f = br_redflags; list && f->id; f++)
		json_array_append_new(
		        list,
		        json_pack("{s:s, s:s, s:s, s:s, s:b}", "id", f->id,
		                  "label", f->label, "suspects", f->group,
		                  "tier", f->emergency ? "emergency" : "urgent",
		                  "derived", f->derived));
	if (list == NULL)
		return br_error(err, BR_ENOMEM, "", "out of memory");
	*out = list;
	return 0;
}
