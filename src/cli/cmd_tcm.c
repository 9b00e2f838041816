/*
 * cmd_tcm.c - backrest tcm add|show SESSION_ID | last|list EPISODE_ID |
 * vocab: TCM findings of a visit; and the printer of "backrest session
 * points EPISODE_ID" (the point prescription across visits).
 */
#include <stdio.h>
#include <string.h>

#include "app/tcm.h"
#include "cli/cli.h"
#include "model/checks_tcm.h"

static void
print_codes(const char *label, json_t *x, const char *key)
{
	json_t *a = json_object_get(x, key);
	size_t i;
	json_t *v;

	if (json_array_size(a) == 0)
		return;
	printf("    %-20s", label);
	json_array_foreach(a, i, v)
	{
		printf("%s %s", i ? "," : "", json_string_value(v));
	}
	printf("\n");
}

static void
print_text(const char *label, json_t *x, const char *key)
{
	if (json_is_string(json_object_get(x, key)))
		printf("    %-20s %s\n", label, br_cli_str(x, key));
}

static void
print_tcm(json_t *x)
{
	static const char *const pulses[][2] = {
	        {"pulse", "pulse"},
	        {"pulse left cun", "pulse_left_cun"},
	        {"pulse left guan", "pulse_left_guan"},
	        {"pulse left chi", "pulse_left_chi"},
	        {"pulse right cun", "pulse_right_cun"},
	        {"pulse right guan", "pulse_right_guan"},
	        {"pulse right chi", "pulse_right_chi"},
	};
	json_t *pats = json_object_get(x, "patterns");
	size_t i;
	json_t *p;

	if (json_is_null(x)) {
		printf("no TCM assessment in this episode yet\n");
		return;
	}
	if (json_object_get(x, "assessment")) {
		print_tcm(json_object_get(x, "assessment"));
		return;
	}
	printf("%s  session %lld  TCM assessment %lld", br_cli_str(x, "date"),
	       (long long)json_integer_value(json_object_get(x, "session_id")),
	       (long long)json_integer_value(json_object_get(x, "id")));
	if (json_is_integer(json_object_get(x, "prefilled_from")))
		printf(" (pre-filled from %lld)",
		       (long long)json_integer_value(
		               json_object_get(x, "prefilled_from")));
	printf("\n");
	print_text("tongue colour", x, "tongue_colour");
	print_codes("tongue shape", x, "tongue_shape");
	print_codes("tongue coat", x, "tongue_coat");
	print_text("tongue moisture", x, "tongue_moisture");
	print_text("", x, "tongue_note");
	for (size_t k = 0; k < sizeof(pulses) / sizeof(pulses[0]); k++)
		print_codes(pulses[k][0], x, pulses[k][1]);
	if (json_is_integer(json_object_get(x, "pulse_rate")))
		printf("    %-20s %lld/min\n", "pulse rate",
		       (long long)json_integer_value(
		               json_object_get(x, "pulse_rate")));
	print_text("", x, "pulse_note");
	print_codes("eight principles", x, "eight_principles");
	json_array_foreach(pats, i, p)
	{
		printf("    %-20s %s", i ? "" : "patterns",
		       br_cli_str(p, "code"));
		if (json_is_string(json_object_get(p, "name")))
			printf(" (%s)", br_cli_str(p, "name"));
		printf("\n");
	}
	print_text("", x, "pattern_note");
	print_text("treatment principle", x, "treatment_principle");
}

static void
print_list(json_t *list)
{
	size_t i;
	json_t *x;

	if (json_array_size(list) == 0)
		printf("no TCM assessments in this episode yet\n");
	json_array_foreach(list, i, x)
	{
		print_tcm(x);
	}
}

static void
print_vocab(json_t *v)
{
	const char *key;
	json_t *list;

	json_object_foreach(v, key, list)
	{
		size_t i;
		json_t *e;

		if (!json_is_array(list))
			continue;
		printf("%s:", key);
		json_array_foreach(list, i, e)
		{
			printf("%s %s", i ? "," : "", br_cli_str(e, "code"));
		}
		printf("\n");
	}
}

static void
print_points_list(const char *sign, json_t *list)
{
	size_t i;
	json_t *p;

	json_array_foreach(list, i, p)
	{
		printf(" %s%s", sign, br_cli_str(p, "point"));
		if (strcmp(br_cli_str(p, "side"), "both") != 0 &&
		    strcmp(br_cli_str(p, "side"), "midline") != 0)
			printf(":%c", br_cli_str(p, "side")[0] - 'a' + 'A');
	}
}

void
br_cli_print_points(json_t *h)
{
	json_t *visits = json_object_get(h, "visits");
	size_t i;
	json_t *v;

	if (json_array_size(visits) == 0)
		printf("no points charted in this episode yet\n");
	json_array_foreach(visits, i, v)
	{
		json_t *moved = json_object_get(v, "side_changed");
		size_t k;
		json_t *m;

		printf("%s  session %lld  %zu points:", br_cli_str(v, "date"),
		       (long long)json_integer_value(
		               json_object_get(v, "session_id")),
		       json_array_size(json_object_get(v, "points")));
		if (i == 0) {
			print_points_list("", json_object_get(v, "points"));
			printf("\n");
			continue;
		}
		print_points_list("+", json_object_get(v, "added"));
		print_points_list("-", json_object_get(v, "dropped"));
		json_array_foreach(moved, k, m)
		{
			printf(" %s %s->%s", br_cli_str(m, "point"),
			       br_cli_str(m, "from"), br_cli_str(m, "to"));
		}
		if (json_array_size(json_object_get(v, "added")) +
		            json_array_size(json_object_get(v, "dropped")) +
		            json_array_size(moved) ==
		    0)
			printf(" unchanged");
		printf("\n");
	}
	if (json_array_size(json_object_get(h, "points")))
		printf("most used:");
	json_array_foreach(json_object_get(h, "points"), i, v)
	{
		if (i == 8)
			break;
		printf(" %s (%lld)", br_cli_str(v, "point"),
		       (long long)json_integer_value(
		               json_object_get(v, "sessions")));
	}
	if (json_array_size(json_object_get(h, "points")))
		printf("\n");
}

static const struct br_cli_opt add_opts[] = {
        {"tongue-colour", "tongue_colour", BR_ARG_VALUE, NULL,
         "tongue body colour (see 'backrest tcm vocab')"},
        {"tongue-shape", "tongue_shape", BR_ARG_VALUE, "CODE[,...]", NULL},
        {"tongue-coat", "tongue_coat", BR_ARG_VALUE, "CODE[,...]", NULL},
        {"tongue-moisture", "tongue_moisture", BR_ARG_VALUE, NULL, NULL},
        {"tongue-note", "tongue_note", BR_ARG_VALUE, NULL, NULL},
        {"pulse", "pulse", BR_ARG_VALUE, "CODE[,...]", NULL},
        {"pulse-left-cun", "pulse_left_cun", BR_ARG_VALUE, "CODE[,...]", NULL},
        {"pulse-left-guan", "pulse_left_guan", BR_ARG_VALUE, "CODE[,...]",
         NULL},
        {"pulse-left-chi", "pulse_left_chi", BR_ARG_VALUE, "CODE[,...]", NULL},
        {"pulse-right-cun", "pulse_right_cun", BR_ARG_VALUE, "CODE[,...]",
         NULL},
        {"pulse-right-guan", "pulse_right_guan", BR_ARG_VALUE, "CODE[,...]",
         NULL},
        {"pulse-right-chi", "pulse_right_chi", BR_ARG_VALUE, "CODE[,...]",
         NULL},
        {"pulse-rate", "pulse_rate", BR_ARG_VALUE, NULL, NULL},
        {"pulse-note", "pulse_note", BR_ARG_VALUE, NULL, NULL},
        {"eight-principles", "eight_principles", BR_ARG_VALUE, "CODE[,...]",
         NULL},
        {"patterns", "patterns", BR_ARG_VALUE, "CODE[,...]", NULL},
        {"pattern-note", "pattern_note", BR_ARG_VALUE, NULL, NULL},
        {"treatment-principle", "treatment_principle", BR_ARG_VALUE, NULL,
         NULL},
        {"from-last", "from_last", BR_ARG_FLAG, NULL, NULL},
        {"clear", "clear", BR_ARG_VALUE, "FIELD[,...]",
         "with --from-last: fields not to carry forward"},
        {NULL, NULL, 0, NULL, NULL, NULL},
};
static const char *const session_arg[] = {"session_id", NULL};
static const char *const episode_arg[] = {"episode_id", NULL};

static const struct br_cli_sub subs[] = {
        {"add", add_opts, session_arg, br_app_tcm_add, print_tcm,
         .summary = "record the TCM assessment of a session",
         .example = {"backrest tcm add 31 --tongue-colour pale --tongue-coat "
                     "thin --pulse deep,slow --patterns "
                     "kidney-yang-deficiency",
                     "backrest tcm add 32 --from-last --pulse-rate 68"},
         .fields = &br_tcm_fields},
        {"show", NULL, session_arg, br_app_tcm_show, print_tcm,
         .summary = "the assessment of a session",
         .example = {"backrest tcm show 31"}},
        {"last", NULL, episode_arg, br_app_tcm_last, print_tcm,
         .summary = "an episode's latest assessment",
         .example = {"backrest tcm last 7"}},
        {"list", NULL, episode_arg, br_app_tcm_list, print_list,
         .summary = "an episode's assessments and point history",
         .example = {"backrest tcm list 7"}},
        {"vocab", NULL, NULL, br_app_tcm_vocab, print_vocab,
         .summary = "the codes of every finding and pattern",
         .example = {"backrest tcm vocab"}},
        {NULL, NULL, NULL, NULL, NULL},
};

const struct br_cli_cmd br_cli_cmd_tcm = {
        "tcm", "Treatment",
        "TCM assessments: tongue, pulse, patterns, treatment principle", subs};
