/*
 * cmd_checkin.c - backrest checkin add|show SESSION_ID, list EPISODE_ID.
 */
#include <stdio.h>

#include "app/checkin.h"
#include "cli/cli.h"
#include "model/checks_clinical.h"
#include "core/visits.h"

static void
print_checkin(json_t *c)
{
	size_t i;
	json_t *r;

	printf("check-in %s for the session of %s (session %lld): soreness "
	       "%lld/10, energy %s, mood %s\n",
	       br_cli_str(c, "date"), br_cli_str(c, "session_date"),
	       (long long)json_integer_value(json_object_get(c, "session_id")),
	       (long long)json_integer_value(json_object_get(c, "soreness")),
	       br_cli_str(c, "energy"), br_cli_str(c, "mood"));
	if (json_is_string(json_object_get(c, "unusual")))
		printf("  unusual: %s\n", br_cli_str(c, "unusual"));
	json_array_foreach(json_object_get(c, "rules"), i, r)
	{
		printf("  %s: %s%s\n", br_cli_str(r, "code"),
		       br_cli_str(r, "label"),
		       json_is_string(json_object_get(r, "event"))
		               ? " (adverse event)"
		               : " (for the practitioner to read)");
	}
	if (json_is_true(json_object_get(c, "adverse")))
		printf("  counted as an adverse event of the session\n");
}

static void
print_checkins(json_t *list)
{
	size_t i;
	json_t *c;

	if (json_array_size(list) == 0)
		printf("no check-ins in this episode yet\n");
	json_array_foreach(list, i, c)
	{
		print_checkin(c);
	}
}

static void
print_show(json_t *s)
{
	size_t i;
	json_t *v;

	printf("after the session of %s:\n", br_cli_str(s, "session_date"));
	json_array_foreach(json_object_get(s, "aftercare"), i, v)
	{
		printf("  - %s\n", json_string_value(v));
	}
	if (json_is_object(json_object_get(s, "checkin"))) {
		print_checkin(json_object_get(s, "checkin"));
		return;
	}
	printf("the day after: %s\n", json_is_true(json_object_get(s, "due"))
	                                      ? "check-in due"
	                                      : "check-in not yet due");
	json_array_foreach(json_object_get(s, "questions"), i, v)
	{
		printf("  %zu. %s\n", i + 1, br_cli_str(v, "text"));
	}
}

static const struct br_cli_opt add_opts[] = {
        {"date", "date", BR_ARG_VALUE, NULL, NULL},
        {"soreness", "soreness", BR_ARG_VALUE, NULL, NULL},
        {"energy", "energy", BR_ARG_VALUE, NULL, NULL},
        {"mood", "mood", BR_ARG_VALUE, NULL, NULL},
        {"unusual", "unusual", BR_ARG_VALUE, NULL, NULL},
        {NULL, NULL, 0, NULL, NULL, NULL},
};
static const char *const session_arg[] = {"session_id", NULL};
static const char *const episode_arg[] = {"episode_id", NULL};

static const struct br_cli_sub subs[] = {
        {"add", add_opts, session_arg, br_app_checkin_add, print_checkin,
         .summary = "record the check-in the day after a session",
         .example = {"backrest checkin add 31 --soreness 3 --energy same "
                     "--mood better"},
         .fields = &br_checkin_fields},
        {"show", NULL, session_arg, br_app_checkin_show, print_show,
         .summary = "a session's aftercare advice and check-in",
         .example = {"backrest checkin show 31"}},
        {"list", NULL, episode_arg, br_app_checkin_list, print_checkins,
         .summary = "an episode's check-ins",
         .example = {"backrest checkin list 7"}},
        {NULL, NULL, NULL, NULL, NULL},
};

const struct br_cli_cmd br_cli_cmd_checkin = {
        "checkin", "Treatment", "how the patient was the day after a session",
        subs};
