/*
 * cmd_herbal.c - backrest herbal add|list|handout EPISODE_ID |
 * adverse|stop PRESCRIPTION_ID | vocab: herbal formulas and topicals as
 * prescribed.
 */
#include <stdio.h>

#include "app/herbal.h"
#include "cli/cli.h"
#include "model/checks_clinical.h"
#include "model/herbal.h"

static void
print_name(json_t *x)
{
	json_t *f = json_object_get(x, "formula");
	const char *sep = "";

	if (json_is_string(json_object_get(f, "pinyin"))) {
		printf("%s", br_cli_str(f, "pinyin"));
		sep = " ";
	}
	if (json_is_string(json_object_get(f, "chinese"))) {
		printf("%s%s", sep, br_cli_str(f, "chinese"));
		sep = " ";
	}
	if (json_is_string(json_object_get(f, "english")))
		printf("%s(%s)", sep, br_cli_str(f, "english"));
}

static void
print_opt(const char *label, json_t *x, const char *key)
{
	if (json_is_string(json_object_get(x, key)))
		printf("    %-13s %s\n", label, br_cli_str(x, key));
}

static void
print_prescription(json_t *x)
{
	size_t i;
	json_t *a;

	printf("%s  prescription %lld: ", br_cli_str(x, "date"),
	       (long long)json_integer_value(json_object_get(x, "id")));
	print_name(x);
	printf(", %s (%s)", br_cli_str(x, "form"), br_cli_str(x, "route"));
	if (json_is_string(json_object_get(x, "ended_on")))
		printf(", ended %s (%s)", br_cli_str(x, "ended_on"),
		       br_cli_str(x, "end_reason"));
	printf("\n");
	print_opt("dose", x, "dose");
	print_opt("duration", x, "duration");
	print_opt("instructions", x, "instructions");
	print_opt("modifications", x, "modifications");
	print_opt("pharmacy", x, "pharmacy");
	json_array_foreach(json_object_get(x, "adverse_effects"), i, a)
	{
		printf("    %-13s %s %s", i ? "" : "reported",
		       br_cli_str(a, "date"), br_cli_str(a, "effect"));
		if (json_is_string(json_object_get(a, "severity")))
			printf(" (%s)", br_cli_str(a, "severity"));
		if (json_is_string(json_object_get(a, "note")))
			printf(": %s", br_cli_str(a, "note"));
		printf("\n");
	}
}

static void
print_list(json_t *list)
{
	size_t i;
	json_t *x;

	if (json_array_size(list) == 0)
		printf("no herbal prescriptions in this episode\n");
	json_array_foreach(list, i, x)
	{
		print_prescription(x);
	}
}

static void
print_handout(json_t *h)
{
	json_t *list = json_object_get(h, "prescriptions");
	size_t i;
	json_t *x;

	printf("Your herbal prescriptions\n\n");
	if (json_array_size(list) == 0)
		printf("You have no current herbal prescription from us.\n\n");
	json_array_foreach(list, i, x)
	{
		print_name(x);
		printf("\n  %s, %s use, prescribed %s\n", br_cli_str(x, "form"),
		       br_cli_str(x, "route"), br_cli_str(x, "prescribed_on"));
		printf("  How much: %s\n", br_cli_str(x, "dose"));
		if (json_is_string(json_object_get(x, "duration")))
			printf("  For how long: %s\n",
			       br_cli_str(x, "duration"));
		if (json_is_string(json_object_get(x, "instructions")))
			printf("  Instructions: %s\n",
			       br_cli_str(x, "instructions"));
		if (json_is_string(json_object_get(x, "modifications")))
			printf("  Changes to the formula: %s\n",
			       br_cli_str(x, "modifications"));
		if (json_is_string(json_object_get(x, "pharmacy")))
			printf("  From: %s\n", br_cli_str(x, "pharmacy"));
		printf("\n");
	}
	json_array_foreach(json_object_get(h, "advice"), i, x)
	{
		printf("* %s\n", json_string_value(x));
	}
}

static void
print_vocab(json_t *v)
{
	json_t *fixed = json_object_get(v, "fixed");
	const char *key;
	json_t *list;
	size_t i;
	json_t *e;

	printf("adverse_effects:");
	json_array_foreach(json_object_get(v, "adverse_effects"), i, e)
	{
		printf("%s %s", i ? "," : "", br_cli_str(e, "code"));
	}
	printf("\n");
	json_object_foreach(fixed, key, list)
	{
		printf("%s:", key);
		json_array_foreach(list, i, e)
		{
			printf("%s %s", i ? "," : "", json_string_value(e));
		}
		printf("\n");
	}
}

static const struct br_cli_opt add_opts[] = {
        {"date", "date", BR_ARG_VALUE, NULL, NULL},
        {"session", "session_id", BR_ARG_VALUE, "SESSION_ID", NULL},
        {"pinyin", "pinyin", BR_ARG_VALUE, NULL, NULL},
        {"chinese", "chinese", BR_ARG_VALUE, NULL, NULL},
        {"english", "english", BR_ARG_VALUE, NULL, NULL},
        {"form", "form", BR_ARG_VALUE, NULL, NULL},
        {"dose", "dose", BR_ARG_VALUE, NULL, NULL},
        {"duration", "duration", BR_ARG_VALUE, NULL, NULL},
        {"instructions", "instructions", BR_ARG_VALUE, NULL, NULL},
        {"modifications", "modifications", BR_ARG_VALUE, NULL, NULL},
        {"pharmacy", "pharmacy", BR_ARG_VALUE, NULL, NULL},
        {NULL, NULL, 0, NULL, NULL, NULL},
};
static const struct br_cli_opt adverse_opts[] = {
        {"date", "date", BR_ARG_VALUE, "YYYY-MM-DD",
         "the day reported (default: today)"},
        {"effects", "effects", BR_ARG_VALUE, "CODE[,...]",
         "the effects (see 'backrest herbal vocab')"},
        {"severity", "severity", BR_ARG_VALUE, NULL, "how severe",
         br_herbal_severities},
        {"note", "note", BR_ARG_VALUE, "TEXT", "a short note"},
        {NULL, NULL, 0, NULL, NULL, NULL},
};
static const struct br_cli_opt stop_opts[] = {
        {"date", "date", BR_ARG_VALUE, "YYYY-MM-DD",
         "the day it ended (default: today)"},
        {"reason", "reason", BR_ARG_VALUE, NULL, "why it ended",
         br_herbal_end_reasons},
        {NULL, NULL, 0, NULL, NULL, NULL},
};
static const char *const episode_arg[] = {"episode_id", NULL};
static const char *const rx_arg[] = {"prescription_id", NULL};

static const struct br_cli_sub subs[] = {
        {"add", add_opts, episode_arg, br_app_herbal_add, print_prescription,
         .summary = "record a herbal prescription exactly as written",
         .example = {"backrest herbal add 7 --pinyin \"Du Huo Ji Sheng "
                     "Tang\" --form granules --dose \"6 g twice daily\" "
                     "--duration \"2 weeks\""},
         .fields = &br_herbal_fields},
        {"adverse", adverse_opts, rx_arg, br_app_herbal_adverse,
         print_prescription,
         .summary = "record an adverse effect the patient reports",
         .example = {"backrest herbal adverse 4 --effects nausea --severity "
                     "mild"}},
        {"stop", stop_opts, rx_arg, br_app_herbal_stop, print_prescription,
         .summary = "end a prescription",
         .example = {"backrest herbal stop 4 --reason completed"}},
        {"list", NULL, episode_arg, br_app_herbal_list, print_list,
         .summary = "an episode's prescriptions",
         .example = {"backrest herbal list 7"}},
        {"handout", NULL, episode_arg, br_app_herbal_handout, print_handout,
         .summary = "the patient handout of the active prescriptions",
         .example = {"backrest herbal handout 7"}},
        {"vocab", NULL, NULL, br_app_herbal_vocab, print_vocab,
         .summary = "the forms, adverse effects and end reasons",
         .example = {"backrest herbal vocab"}},
        {NULL, NULL, NULL, NULL, NULL},
};

const struct br_cli_cmd br_cli_cmd_herbal = {
        "herbal", "Treatment", "herbal prescriptions and their adverse effects",
        subs};
