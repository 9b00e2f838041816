/*
 * common.c - transaction ending, auditing and record loading shared by the
 * use cases.
 */
#include <stdio.h>
#include <string.h>

#include "app/internal.h"

/* The audit entry of app's caller. */
static void
entry(struct br_app *app, const char *action, int64_t patient_id,
      const char *record_kind, int64_t record_id, char record[64],
      struct br_audit_entry *a)
{
	record[0] = '\0';
	if (record_kind)
		snprintf(record, 64, "%s/%lld", record_kind,
		         (long long)record_id);
	memset(a, 0, sizeof(*a));
	a->user_id = app->user_id;
	a->actor = app->actor;
	a->action = action;
	a->patient_id = patient_id;
	a->record = record;
	a->origin = app->origin;
	a->outcome = "ok";
}

int
br_app_audit(struct br_app *app, const char *action, int64_t patient_id,
             const char *record_kind, int64_t record_id, struct br_err *err)
{
	struct br_audit_entry a;
	char record[64];

	entry(app, action, patient_id, record_kind, record_id, record, &a);
	return br_store_audit_append(app->store, &a, err);
}

int
br_app_audit_commit(struct br_app *app, const char *action, int64_t patient_id,
                    const char *record_kind, int64_t record_id,
                    struct br_err *err)
{
	struct br_audit_entry a;
	char record[64];

	entry(app, action, patient_id, record_kind, record_id, record, &a);
	return br_store_audit_commit(app->store, &a, err);
}

int
br_app_load_episode(struct br_app *app, json_t *in, struct br_episode *out,
                    struct br_err *err)
{
	int64_t id;
	int rc = br_in_id(in, "episode_id", &id, err);

	if (rc < 0)
		return rc;
	return br_store_episode_get(app->store, id, out, err);
}

int
br_app_load_patient(struct br_app *app, json_t *in, struct br_patient *out,
                    struct br_err *err)
{
	int64_t id;
	int rc = br_in_id(in, "patient_id", &id, err);

	if (rc < 0)
		return rc;
	return br_store_patient_get(app->store, id, out, err);
}

int
br_app_call(br_app_fn fn, struct br_app *app, json_t *in, json_t **out,
            struct br_err *err)
{
	bool typed = br_in_typed(app->typed_input);

	for (int attempt = 0;; attempt++) {
		uint64_t before = br_store_commits(app->store);
		int rc = fn(app, in, out, err);

		if (rc != BR_EBUSY || attempt == BR_APP_RETRIES ||
		    br_store_commits(app->store) != before) {
			br_in_typed(typed);
			return rc;
		}
		br_err_clear(err);
		br_store_retry_wait(attempt);
	}
}

int
br_app_call_text(br_app_text_fn fn, struct br_app *app, json_t *in, char **out,
                 size_t *len, struct br_err *err)
{
	bool typed = br_in_typed(app->typed_input);

	for (int attempt = 0;; attempt++) {
		uint64_t before = br_store_commits(app->store);
		int rc = fn(app, in, out, len, err);

		if (rc != BR_EBUSY || attempt == BR_APP_RETRIES ||
		    br_store_commits(app->store) != before) {
			br_in_typed(typed);
			return rc;
		}
		br_err_clear(err);
		br_store_retry_wait(attempt);
	}
}

int
br_app_finish(struct br_app *app, int rc, json_t *result, json_t **out,
              struct br_err *err)
{
	if (rc == 0 && result == NULL)
		rc = br_error(err, BR_ENOMEM, "", "out of memory");
	if (rc == 0)
		rc = br_store_commit(app->store, err);
	if (rc < 0) {
		br_store_rollback(app->store);
		json_decref(result);
		return rc;
	}
	*out = result;
	return 0;
}

int
br_app_not_future(struct br_app *app, const char *field, int32_t day,
                  struct br_err *err)
{
	char d[BR_DATE_LEN], t[BR_DATE_LEN];

	if (day <= app->today)
		return 0;
	br_format_date(day, d);
	br_format_date(app->today, t);
	return br_error(err, BR_EINVAL, field, "%s %s is after today (%s)",
	                field, d, t);
}

int
br_app_after_birth(const struct br_patient *p, const char *field, int32_t day,
                   struct br_err *err)
{
	int32_t born = br_days_from_civil(1900, 1, 1);

	if (p->born[0])
		br_parse_date("born", p->born, &born, NULL);
	if (day >= born)
		return 0;
	if (p->born[0])
		return br_error(err, BR_EINVAL, field,
		                "%s must not be before the patient's birth "
		                "date",
		                field);
	return br_error(err, BR_EINVAL, field, "%s must be 1900-01-01 or later",
	                field);
}

int
br_app_not_before_onset(const struct br_episode *e, const char *field,
                        int32_t day, struct br_err *err)
{
	int32_t onset;

	if (br_parse_date("onset", e->onset, &onset, NULL) < 0 || day >= onset)
		return 0;
	return br_error(err, BR_EINVAL, field,
	                "%s must not be before the episode's onset (%s)", field,
	                e->onset);
}

int
br_app_instrument(struct br_app *app, const char *id,
                  const struct br_instrument **out, struct br_err *err)
{
	const struct br_instrument_set *set;
	char names[400] = "", q[48];
	size_t len = 0;
	int rc = br_instruments_load(app->instruments_dir, &set, err);

	if (rc < 0)
		return rc;
	for (int i = 0; i < set->n; i++) {
		if (strcmp(set->items[i]->id, id) == 0) {
			*out = set->items[i];
			return 0;
		}
		if (len < sizeof(names))
			len += (size_t)snprintf(
			        names + len, sizeof(names) - len, "%s%s",
			        i ? ", " : "", set->items[i]->id);
	}
	br_quote_value(id, q, sizeof(q));
	return br_error(err, BR_EINVAL, "instrument",
	                "instrument '%s' is not known; use one of %s", q,
	                names);
}
