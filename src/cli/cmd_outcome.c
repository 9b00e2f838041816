/*
 * cmd_outcome.c - backrest outcome EPISODE_ID: baseline and latest diary
 * pain and sleep and every questionnaire given, with change, tier,
 * responder flags and completeness; how each session landed
 * (app/outcome.h).
 */
#include <stdio.h>
#include <string.h>

#include "app/outcome.h"
#include "cli/cli.h"

static const char *
flag(json_t *v)
{
	return json_is_true(v) ? "yes" : json_is_false(v) ? "no" : "-";
}

/* "6.1 (5/7 days)" or "- (2/7 days)". */
static void
fmt_mean(json_t *m, char *out, size_t n)
{
	json_t *v = json_object_get(m, "mean");

	if (!json_is_object(m)) {
		snprintf(out, n, "-");
		return;
	}
	if (json_is_number(v))
		snprintf(out, n, "%.1f (%lld/%lld d)", json_number_value(v),
		         (long long)json_integer_value(
		                 json_object_get(m, "days_reported")),
		         (long long)json_integer_value(
		                 json_object_get(m, "days")));
	else
		snprintf(out, n, "- (%lld/%lld d)",
		         (long long)json_integer_value(
		                 json_object_get(m, "days_reported")),
		         (long long)json_integer_value(
		                 json_object_get(m, "days")));
}

static void
print_change(json_t *c, json_t *why)
{
	if (!json_is_object(c)) {
		printf("  %s\n", json_is_string(why) ? json_string_value(why)
		                                     : "not assessed");
		return;
	}
	/* The one wording of a change (core/change.h). */
	printf("  %s", br_cli_str(c, "words"));
	if (json_is_string(json_object_get(c, "tier")))
		printf("; %s; responder: %s by points, %s by %%",
		       br_cli_str(c, "tier_words"),
		       flag(json_object_get(c, "responder_points")),
		       flag(json_object_get(c, "responder_percent")));
	printf("\n");
}

static void
print_window(const char *label, json_t *w)
{
	if (json_is_true(json_object_get(w, "defined")))
		printf("  %-9s %s to %s, %lld of %lld days kept (%s)\n", label,
		       br_cli_str(w, "from"), br_cli_str(w, "to"),
		       (long long)json_integer_value(
		               json_object_get(w, "diary_days")),
		       (long long)json_integer_value(
		               json_object_get(w, "days")),
		       br_cli_str(w, "rule"));
	else
		printf("  %-9s %s\n", label, br_cli_str(w, "reason"));
}

static void
print_outcome(json_t *r)
{
	json_t *diary = json_object_get(r, "diary"), *x, *land;
	size_t i;

	printf("Outcome of episode %lld (%s), as of %s, %lld sessions\n",
	       (long long)json_integer_value(json_object_get(r, "episode_id")),
	       br_cli_str(r, "status"), br_cli_str(r, "as_of"),
	       (long long)json_integer_value(json_object_get(r, "sessions")));
	print_window("baseline", json_object_get(diary, "baseline"));
	print_window("latest", json_object_get(diary, "latest"));
	printf("\n  %-14s %-18s %-18s change\n", "diary", "baseline", "latest");
	json_array_foreach(json_object_get(diary, "figures"), i, x)
	{
		char b[40], l[40];

		fmt_mean(json_object_get(x, "baseline"), b, sizeof(b));
		fmt_mean(json_object_get(x, "latest"), l, sizeof(l));
		printf("  %-14s %-18s %-18s", br_cli_str(x, "figure"), b, l);
		print_change(json_object_get(x, "change"),
		             json_object_get(x, "not_assessed"));
	}
	if (json_array_size(json_object_get(r, "instruments")) > 0)
		printf("\n  %-14s %-18s %-18s change\n", "questionnaire",
		       "first", "latest");
	json_array_foreach(json_object_get(r, "instruments"), i, x)
	{
		json_t *b = json_object_get(x, "baseline"),
		       *l = json_object_get(x, "latest");
		char bs[40] = "-", ls[40] = "-";

		if (json_is_object(b))
			snprintf(bs, sizeof(bs), "%g (%s)",
			         json_number_value(json_object_get(b, "score")),
			         br_cli_str(b, "date"));
		if (json_is_object(l))
			snprintf(ls, sizeof(ls), "%g (%s)",
			         json_number_value(json_object_get(l, "score")),
			         br_cli_str(l, "date"));
		printf("  %-14s %-18s %-18s", br_cli_str(x, "instrument"), bs,
		       ls);
		print_change(json_object_get(x, "change"),
		             json_object_get(x, "not_assessed"));
	}
	land = json_object_get(r, "landing");
	if (json_array_size(json_object_get(land, "by_modality")) > 0) {
		printf("\n  How sessions landed, by modality (mean change; "
		       "n sessions)\n");
		printf("  %-19s %8s %14s %16s %14s\n", "modality", "sessions",
		       "in session", "diary 3d after", "next night q");
	}
	json_array_foreach(json_object_get(land, "by_modality"), i, x)
	{
		char a[24] = "-", b[24] = "-", c[24] = "-";
		json_t *s1 = json_object_get(x, "session_change"),
		       *s2 = json_object_get(x, "diary_change"),
		       *s3 = json_object_get(x, "next_night_quality");

		if (json_is_number(json_object_get(s1, "mean")))
			snprintf(a, sizeof(a), "%+.1f (%lld)",
			         json_number_value(json_object_get(s1, "mean")),
			         (long long)json_integer_value(
			                 json_object_get(s1, "sessions")));
		if (json_is_number(json_object_get(s2, "mean")))
			snprintf(b, sizeof(b), "%+.1f (%lld)",
			         json_number_value(json_object_get(s2, "mean")),
			         (long long)json_integer_value(
			                 json_object_get(s2, "sessions")));
		if (json_is_number(json_object_get(s3, "mean")))
			snprintf(c, sizeof(c), "%.1f (%lld)",
			         json_number_value(json_object_get(s3, "mean")),
			         (long long)json_integer_value(
			                 json_object_get(s3, "sessions")));
		printf("  %-19s %8lld %14s %16s %14s\n",
		       br_cli_str(x, "modality"),
		       (long long)json_integer_value(
		               json_object_get(x, "sessions")),
		       a, b, c);
	}
	if (json_is_object(land) && json_object_size(land) > 0 &&
	    json_array_size(json_object_get(land, "sessions")) > 0)
		printf("\n  %s\n", br_cli_str(land, "caveat"));
}

static const char *const pos[] = {"episode_id", NULL};

static const struct br_cli_sub subs[] = {
        {"", NULL, pos, br_app_outcome, print_outcome,
         .summary = "change since baseline in the diary and questionnaires, "
                    "with responder status",
         .example = {"backrest outcome 7"}},
        {NULL, NULL, NULL, NULL, NULL},
};

const struct br_cli_cmd br_cli_cmd_outcome = {"outcome", "Assessment and plan",
                                              "an episode's outcomes", subs};
