/*
 * cmd_visit.c - backrest visit book|list|cancel|attend|missed|propose|
 * book-course|adherence|ics|feed.
 */
#include <stdio.h>
#include <string.h>

#include "app/visits.h"
#include "cli/cli.h"
#include "model/checks_clinical.h"
#include "core/visits.h"

static void
print_checkin_line(json_t *c)
{
	size_t i;
	json_t *r;

	if (!json_is_object(c))
		return;
	printf("    check-in %s after the session of %s: soreness "
	       "%lld/10, energy %s, mood %s",
	       br_cli_str(c, "date"), br_cli_str(c, "session_date"),
	       (long long)json_integer_value(json_object_get(c, "soreness")),
	       br_cli_str(c, "energy"), br_cli_str(c, "mood"));
	if (json_is_true(json_object_get(c, "adverse")))
		printf("  ADVERSE");
	json_array_foreach(json_object_get(c, "rules"), i, r)
	{
		printf("%s%s", i ? ", " : " (", br_cli_str(r, "code"));
	}
	if (json_array_size(json_object_get(c, "rules")))
		printf(")");
	printf("\n");
	if (json_is_string(json_object_get(c, "unusual")))
		printf("    unusual: %s\n", br_cli_str(c, "unusual"));
}

static void
print_visit(json_t *v)
{
	printf("%s %s-%s  visit %lld  %s  %s", br_cli_str(v, "date"),
	       br_cli_str(v, "time"), br_cli_str(v, "end"),
	       (long long)json_integer_value(json_object_get(v, "id")),
	       br_cli_str(v, "patient_name"), br_cli_str(v, "where"));
	if (json_is_string(json_object_get(v, "address")))
		printf(": %s", br_cli_str(v, "address"));
	else if (json_is_true(json_object_get(v, "address_hidden")))
		printf(" (address hidden)");
	printf("  %s", br_cli_str(v, "status"));
	if (json_is_integer(json_object_get(v, "session_id")))
		printf("  session %lld",
		       (long long)json_integer_value(
		               json_object_get(v, "session_id")));
	printf("\n");
	print_checkin_line(json_object_get(v, "checkin"));
}

static void
print_visits(json_t *list)
{
	size_t i;
	json_t *v;

	if (json_array_size(list) == 0)
		printf("no visits\n");
	json_array_foreach(list, i, v)
	{
		print_visit(v);
	}
}

static void
print_course(json_t *c)
{
	size_t i;
	json_t *v;

	printf("course: %lld visits, %g a week, %lld minutes, %s",
	       (long long)json_integer_value(json_object_get(c, "sessions")),
	       json_number_value(json_object_get(c, "per_week")),
	       (long long)json_integer_value(json_object_get(c, "minutes")),
	       br_cli_str(c, "where"));
	if (json_is_string(json_object_get(c, "treatment")))
		printf(" (%s, plan item %lld)", br_cli_str(c, "treatment"),
		       (long long)json_integer_value(
		               json_object_get(c, "item_id")));
	printf("\n");
	json_array_foreach(json_object_get(c, "visits"), i, v)
	{
		if (json_object_get(v, "status")) {
			print_visit(v);
			continue;
		}
		printf("%s %s-%s", br_cli_str(v, "date"), br_cli_str(v, "time"),
		       br_cli_str(v, "end"));
		if (json_is_integer(json_object_get(v, "conflict")))
			printf("  overlaps visit %lld",
			       (long long)json_integer_value(
			               json_object_get(v, "conflict")));
		printf("\n");
	}
}

static void
print_adherence(json_t *a)
{
	size_t i;
	json_t *g;

	br_cli_print_int("visits due", a, "due");
	br_cli_print_int("attended", a, "attended");
	br_cli_print_int("missed", a, "missed");
	br_cli_print_int("not recorded", a, "unrecorded");
	br_cli_print_int("cancelled", a, "cancelled");
	br_cli_print_int("upcoming", a, "upcoming");
	br_cli_print_int("course sessions", a, "course_sessions");
	if (json_is_number(json_object_get(a, "rate")))
		printf("%-22s %.0f%%\n", "adherence",
		       100 * json_number_value(json_object_get(a, "rate")));
	else
		printf("%-22s -\n", "adherence");
	if (json_is_number(json_object_get(a, "planned_gap_days")))
		printf("%-22s %.1f days\n", "planned gap",
		       json_number_value(
		               json_object_get(a, "planned_gap_days")));
	br_cli_print_int("longest gap (days)", a, "longest_gap_days");
	json_array_foreach(json_object_get(a, "long_gaps"), i, g)
	{
		printf("long gap: %s to %s, %lld days%s\n",
		       br_cli_str(g, "from"), br_cli_str(g, "to"),
		       (long long)json_integer_value(
		               json_object_get(g, "days")),
		       json_is_true(json_object_get(g, "open"))
		               ? " (no visit attended since)"
		               : "");
	}
}

static void
print_ics(json_t *r)
{
	fputs(br_cli_str(r, "ics"), stdout);
}

static void
print_feed(json_t *f)
{
	printf("calendar feed %lld for %s %lld: %s\n",
	       (long long)json_integer_value(json_object_get(f, "id")),
	       br_cli_str(f, "for"),
	       (long long)json_integer_value(json_object_get(
	               f, strcmp(br_cli_str(f, "for"), "patient") == 0
	                          ? "patient_id"
	                          : "practitioner_id")),
	       json_is_true(json_object_get(f, "active")) ? "active"
	                                                  : "revoked");
	if (json_is_string(json_object_get(f, "path")))
		printf("URL path (shown once; add it to the server's address): "
		       "%s\n",
		       br_cli_str(f, "path"));
}

static void
print_feeds(json_t *list)
{
	size_t i;
	json_t *f;

	if (json_array_size(list) == 0)
		printf("no calendar feeds\n");
	json_array_foreach(list, i, f)
	{
		print_feed(f);
	}
}

static const struct br_cli_opt book_opts[] = {
        {"at", "at", BR_ARG_VALUE, "YYYY-MM-DDTHH:MM",
         "when the visit starts (local time)"},
        {"minutes", "minutes", BR_ARG_VALUE, NULL, NULL},
        {"where", "where", BR_ARG_VALUE, NULL, NULL},
        {"address", "address", BR_ARG_VALUE, NULL, NULL},
        {"practitioner", "practitioner_id", BR_ARG_VALUE, "USER_ID",
         "the practitioner's account"},
        {NULL, NULL, 0, NULL, NULL, NULL},
};
static const struct br_cli_opt list_opts[] = {
        {"from", "from", BR_ARG_VALUE, "YYYY-MM-DD",
         "first day (default: today)"},
        {"to", "to", BR_ARG_VALUE, "YYYY-MM-DD",
         "last day (default: a week on)"},
        {"practitioner", "practitioner_id", BR_ARG_VALUE, "USER_ID",
         "one practitioner's visits"},
        {"patient", "patient_id", BR_ARG_VALUE, "PATIENT_ID",
         "one patient's visits (every date without --from/--to)"},
        {"episode", "episode_id", BR_ARG_VALUE, "EPISODE_ID",
         "one episode's visits (every date without --from/--to)"},
        {NULL, NULL, 0, NULL, NULL, NULL},
};
static const struct br_cli_opt course_opts[] = {
        {"item", "item_id", BR_ARG_VALUE, "ITEM_ID",
         "the plan item of the course (default: the active one)"},
        {"sessions", "sessions", BR_ARG_VALUE, NULL, NULL},
        {"per-week", "per_week", BR_ARG_VALUE, NULL, NULL},
        {"start", "start", BR_ARG_VALUE, "YYYY-MM-DDTHH:MM", "the first visit"},
        {"minutes", "minutes", BR_ARG_VALUE, NULL, NULL},
        {"where", "where", BR_ARG_VALUE, NULL, NULL},
        {"address", "address", BR_ARG_VALUE, NULL, NULL},
        {"practitioner", "practitioner_id", BR_ARG_VALUE, "USER_ID",
         "the practitioner's account"},
        {NULL, NULL, 0, NULL, NULL, NULL},
};
static const struct br_cli_opt owner_opts[] = {
        {"practitioner", "practitioner_id", BR_ARG_VALUE, "USER_ID",
         "a practitioner's visits"},
        {"patient", "patient_id", BR_ARG_VALUE, "PATIENT_ID",
         "a patient's visits"},
        {NULL, NULL, 0, NULL, NULL, NULL},
};
static const char *const episode_arg[] = {"episode_id", NULL};
static const char *const visit_arg[] = {"visit_id", NULL};
static const char *const feed_arg[] = {"feed_id", NULL};

static const struct br_cli_sub feed_subs[] = {
        {"create", owner_opts, NULL, br_app_visit_feed_create, print_feed,
         .summary = "create a private calendar feed URL (shown once)",
         .example = {"backrest visit feed create --practitioner 3"}},
        {"revoke", NULL, feed_arg, br_app_visit_feed_revoke, print_feed,
         .summary = "revoke a calendar feed",
         .example = {"backrest visit feed revoke 2"}},
        {"list", NULL, NULL, br_app_visit_feed_list, print_feeds,
         .summary = "list the calendar feeds",
         .example = {"backrest visit feed list"}},
        {NULL, NULL, NULL, NULL, NULL},
};

static const struct br_cli_sub subs[] = {
        {"book", book_opts, episode_arg, br_app_visit_book, print_visit,
         .summary = "book a visit",
         .example = {"backrest visit book 7 --at 2026-03-12T09:30 --minutes "
                     "45",
                     "backrest visit book 7 --at 2026-03-13T17:00 --where "
                     "home --address \"4 Mill Lane\""},
         .fields = &br_visit_fields},
        {"list", list_opts, NULL, br_app_visit_list, print_visits,
         .summary = "visits in a date range, or of a patient or episode",
         .example = {"backrest visit list",
                     "backrest visit list --practitioner 3 --from 2026-03-09 "
                     "--to 2026-03-15"}},
        {"cancel", NULL, visit_arg, br_app_visit_cancel, print_visit,
         .summary = "cancel a booked visit",
         .example = {"backrest visit cancel 15"}},
        {"attend", NULL, visit_arg, br_app_visit_attend, print_visit,
         .summary = "record that the patient came",
         .example = {"backrest visit attend 15"}},
        {"missed", NULL, visit_arg, br_app_visit_missed, print_visit,
         .summary = "record that the patient did not come",
         .example = {"backrest visit missed 15"}},
        {"propose", course_opts, episode_arg, br_app_visit_propose,
         print_course,
         .summary = "the dates a planned course would take, with overlaps",
         .example = {"backrest visit propose 7 --start 2026-03-12T09:30"},
         .fields = &br_course_fields},
        {"book-course", course_opts, episode_arg, br_app_visit_book_course,
         print_course,
         .summary = "book every visit of a course, or none if one overlaps",
         .example = {"backrest visit book-course 7 --start 2026-03-12T09:30 "
                     "--sessions 6 --per-week 1"},
         .fields = &br_course_fields},
        {"adherence", NULL, episode_arg, br_app_visit_adherence,
         print_adherence,
         .summary = "visits due, attended and missed, and the gaps",
         .example = {"backrest visit adherence 7"}},
        {"ics", owner_opts, NULL, br_app_visit_ics, print_ics,
         .summary = "the visits as an iCalendar file on stdout",
         .example = {"backrest visit ics --practitioner 3 > visits.ics"}},
        {"feed", .subs = feed_subs,
         .summary = "private calendar feeds of visits"},
        {NULL, NULL, NULL, NULL, NULL},
};

const struct br_cli_cmd br_cli_cmd_visit = {
        "visit", "Treatment", "book and record visits; calendar feeds", subs};
