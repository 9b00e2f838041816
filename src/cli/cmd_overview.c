/*
 * cmd_overview.c - backrest overview [--clinic ID] (the practice at a
 * glance: every clinic, or one) and backrest summary PATIENT_ID (one
 * patient's care summary).
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

/* The overview's counts, one a line: labels padded to the longest, the
 * numbers right-aligned in one column. */
static void
print_overview(json_t *o)
{
	static const struct {
		const char *label, *key;
	} rows[] = {
	        {"patients", "patients"},
	        {"in active care", "active_patients"},
	        {"open episodes", "open_episodes"},
	        {"closed episodes", "closed_episodes"},
	        {"sessions, 30 days", "sessions_last_30_days"},
	        {"diary keepers, 7 days", "diary_patients_last_7_days"},
	        {"diary days, 7 days", "diary_days_last_7_days"},
	};
	int width = 0;

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		if ((int)strlen(rows[i].label) > width)
			width = (int)strlen(rows[i].label);
	printf("Practice overview, %s\n", br_cli_str(o, "today"));
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		json_t *v = json_object_get(o, rows[i].key);

		if (json_is_integer(v))
			printf("  %-*s %8lld\n", width, rows[i].label,
			       (long long)json_integer_value(v));
		else
			printf("  %-*s %8s\n", width, rows[i].label, "-");
	}
}

static void
print_mean(const char *label, json_t *w, const char *key, const char *unit)
{
	json_t *m = json_object_get(w, key);
	json_t *mean = json_object_get(m, "mean");

	if (json_is_number(mean))
		printf("    %-16s %6.1f%-4s (%lld of %lld days reported)\n",
		       label, json_number_value(mean), unit,
		       (long long)json_integer_value(
		               json_object_get(m, "days_reported")),
		       (long long)json_integer_value(
		               json_object_get(m, "days")));
	else
		printf("    %-16s      -     (no days reported)\n", label);
}

static void
print_window(const char *title, json_t *w)
{
	if (w == NULL)
		return;
	printf("  %s (%s to %s)\n", title, br_cli_str(w, "from"),
	       br_cli_str(w, "to"));
	print_mean("pain", w, "pain", "/10");
	print_mean("sleep quality", w, "sleep_quality", "/4");
	print_mean("total sleep", w, "tst_min", " min");
	print_mean("sleep efficiency", w, "se_pct", "%");
}

static void
print_summary(json_t *s)
{
	json_t *p = json_object_get(s, "patient");
	json_t *e = json_object_get(s, "episode");
	json_t *d = json_object_get(s, "diary");
	json_t *x = json_object_get(s, "sessions");
	json_t *last = json_object_get(x, "last");

	printf("Care summary: %s (patient %lld, born %s)\n",
	       br_cli_str(p, "name"),
	       (long long)json_integer_value(json_object_get(p, "id")),
	       br_cli_str(p, "born"));
	if (json_is_object(e))
		printf("  episode %lld: %s pain%s since %s, %.1f weeks, %s "
		       "(Cochrane) / %s (ACP)\n",
		       (long long)json_integer_value(json_object_get(e, "id")),
		       br_cli_str(e, "region"),
		       json_is_true(json_object_get(e, "sciatica"))
		               ? " with sciatica"
		               : "",
		       br_cli_str(e, "onset"),
		       json_real_value(json_object_get(e, "duration_weeks")),
		       br_cli_str(json_object_get(e, "phase"), "cochrane"),
		       br_cli_str(json_object_get(e, "phase"), "acp"));
	else
		printf("  no episode of care yet\n");
	print_window("diary, first week", json_object_get(d, "first_7_days"));
	print_window("diary, last 7 days", json_object_get(d, "last_7_days"));
	printf("  sessions: %lld",
	       (long long)json_integer_value(json_object_get(x, "count")));
	if (json_is_object(last)) {
		json_t *mods = json_object_get(last, "modalities");
		printf(", last on %s (%s)", br_cli_str(last, "date"),
		       json_string_value(json_array_get(mods, 0)));
	}
	printf("\n  (self-reported diary; change during care also reflects "
	       "natural recovery)\n");
}

static const struct br_cli_opt overview_opts[] = {
        {"clinic", "clinic_id", BR_ARG_VALUE, "CLINIC_ID",
         "one clinic only (default: every clinic)"},
        {NULL, NULL, 0, NULL, NULL, NULL},
};

static const struct br_cli_sub overview_subs[] = {
        {"", overview_opts, NULL, br_app_overview, print_overview,
         .summary = "counts of patients, episodes, sessions and diary keepers",
         .example = {"backrest overview", "backrest overview --clinic 2"}},
        {NULL, NULL, NULL, NULL, NULL},
};

const struct br_cli_cmd br_cli_cmd_overview = {
        "overview", "Practice", "the caseload at a glance", overview_subs};

static const char *const summary_arg[] = {"patient_id", NULL};

static const struct br_cli_sub summary_subs[] = {
        {"", NULL, summary_arg, br_app_summary, print_summary,
         .summary = "a patient's recent diary, measures and sessions in one "
                    "page",
         .example = {"backrest summary 12"}},
        {NULL, NULL, NULL, NULL, NULL},
};

const struct br_cli_cmd br_cli_cmd_summary = {
        "summary", "Patients and episodes", "one patient at a glance",
        summary_subs};
