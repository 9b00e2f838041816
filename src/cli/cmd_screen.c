/*
 * cmd_screen.c - backrest screen EPISODE_ID (--none | --flag ID ...),
 * screen clear EPISODE_ID --reason TEXT, screen list EPISODE_ID, screen
 * flags: red-flag screening (docs/clinical/red-flags.md).
 */
#include <stdio.h>

#include "app/screening.h"
#include "cli/cli.h"
#include "model/checks_clinical.h"

static void
print_screen(json_t *x)
{
	json_t *v, *cleared = json_object_get(x, "cleared");
	size_t i;

	printf("%s  screen %lld: %s\n", br_cli_str(x, "date"),
	       (long long)json_integer_value(json_object_get(x, "id")),
	       br_cli_str(x, "tier"));
	json_array_foreach(json_object_get(x, "reasons"), i, v)
	{
		printf("  - %s\n", json_string_value(v));
	}
	printf("  action: %s\n", br_cli_str(x, "action"));
	if (json_is_object(cleared))
		printf("  cleared %s by %s: %s\n", br_cli_str(cleared, "at"),
		       br_cli_str(cleared, "by"),
		       br_cli_str(cleared, "reason"));
	else if (!json_is_null(cleared) ||
	         json_array_size(json_object_get(x, "reasons")))
		printf("  not cleared: sessions are blocked\n");
	printf("  tell the patient: %s\n", br_cli_str(x, "safety_net"));
}

static void
print_screens(json_t *list)
{
	size_t i;
	json_t *x;

	if (json_array_size(list) == 0)
		printf("no red-flag screens in this episode yet\n");
	json_array_foreach(list, i, x)
	{
		print_screen(x);
	}
}

static void
print_flags(json_t *list)
{
	size_t i;
	json_t *f;

	json_array_foreach(list, i, f)
	{
		if (json_is_true(json_object_get(f, "derived")))
			continue;
		printf("%-28s %-9s %s\n", br_cli_str(f, "id"),
		       br_cli_str(f, "tier"), br_cli_str(f, "label"));
	}
}

static const struct br_cli_opt screen_opts[] = {
        {"none", "none", BR_ARG_FLAG, NULL, NULL},
        {"flag", "flags", BR_ARG_REPEAT, "FLAG",
         "a red flag found (see 'backrest screen flags')"},
        {"date", "date", BR_ARG_VALUE, NULL, NULL},
        {NULL, NULL, 0, NULL, NULL, NULL},
};
static const struct br_cli_opt clear_opts[] = {
        {"reason", "reason", BR_ARG_VALUE, "TEXT",
         "why treatment may go ahead (e.g. the referral's result)"},
        {NULL, NULL, 0, NULL, NULL, NULL},
};
static const char *const episode_arg[] = {"episode_id", NULL};

static const struct br_cli_sub subs[] = {
        {"clear", clear_opts, episode_arg, br_app_screen_clear, print_screen,
         .summary = "clear the latest positive screen so sessions may go on",
         .example = {"backrest screen clear 7 --reason \"GP reviewed, no "
                     "serious pathology\""}},
        {"list", NULL, episode_arg, br_app_screen_list, print_screens,
         .summary = "an episode's red-flag screens",
         .example = {"backrest screen list 7"}},
        {"flags", NULL, NULL, br_app_screen_flags, print_flags,
         .summary = "the red flags that can be recorded",
         .example = {"backrest screen flags"}},
        {"", screen_opts, episode_arg, br_app_screen, print_screen,
         .summary = "record a red-flag screen: --none, or each --flag found",
         .example = {"backrest screen 7 --none",
                     "backrest screen 7 --flag saddle-anaesthesia"},
         .fields = &br_screen_fields},
        {NULL, NULL, NULL, NULL, NULL},
};

const struct br_cli_cmd br_cli_cmd_screen = {"screen", "Assessment and plan",
                                             "red-flag screening", subs};
