/*
 * cmd_intake.c - backrest intake EPISODE_ID [fields] | intake show
 * EPISODE_ID | intake vocab: the intake history of an episode; and the
 * pre-visit intake by link: intake invite PATIENT_ID | intake answers
 * PATIENT_ID | intake confirm PATIENT_ID | intake alerts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/intake.h"
#include "app/previsit.h"
#include "model/intake_fields.h"
#include "model/previsit.h"
#include "cli/cli.h"

/* Prints the codes of a list: "-" when not asked, "none" when empty. */
static void
print_codes(const char *label, json_t *x, const char *key)
{
	json_t *a = json_object_get(x, key);
	size_t i;
	json_t *v;

	if (!json_is_array(a))
		return;
	printf("    %-13s", label);
	if (json_array_size(a) == 0)
		printf(" none");
	json_array_foreach(a, i, v)
	{
		printf("%s %s", i ? "," : "", json_string_value(v));
	}
	printf("\n");
}

static bool
has(json_t *x, const char *key)
{
	json_t *v = json_object_get(x, key);

	return v && !json_is_null(v);
}

static void
print_text(const char *label, json_t *x, const char *key)
{
	if (has(x, key))
		printf("    %-13s \"%s\"\n", label, br_cli_str(x, key));
}

static void
print_pain(json_t *x)
{
	json_t *a = json_object_get(x, "locations");
	size_t i;
	json_t *l;

	if (has(x, "onset_mode"))
		printf("    %-13s %s\n", "onset", br_cli_str(x, "onset_mode"));
	print_text("", x, "onset_note");
	if (json_is_array(a)) {
		printf("    %-13s", "pain at");
		json_array_foreach(a, i, l)
		{
			printf("%s %s", i ? "," : "",
			       br_cli_str(l, "location"));
			if (has(l, "side"))
				printf(" (%s)", br_cli_str(l, "side"));
		}
		printf("\n");
	}
	if (has(x, "radiation"))
		printf("    %-13s %s%s%s\n", "radiation",
		       br_cli_str(x, "radiation"),
		       has(x, "radiation_side") ? ", " : "",
		       has(x, "radiation_side")
		               ? br_cli_str(x, "radiation_side")
		               : "");
	print_codes("worse with", x, "aggravating");
	print_codes("better with", x, "easing");
}

static void
print_lifestyle(json_t *x)
{
	json_t *w = json_object_get(x, "weight_kg");

	if (has(x, "work"))
		printf("    %-13s %s\n", "work", br_cli_str(x, "work"));
	if (has(x, "sitting_hours"))
		printf("    %-13s %lld hours a day\n", "sitting",
		       (long long)json_integer_value(
		               json_object_get(x, "sitting_hours")));
	if (has(x, "activity"))
		printf("    %-13s %s\n", "activity", br_cli_str(x, "activity"));
	if (has(x, "lifting"))
		printf("    %-13s %s%s%s\n", "lifting",
		       br_cli_str(x, "lifting"),
		       has(x, "lifting_technique") ? ", technique " : "",
		       has(x, "lifting_technique")
		               ? br_cli_str(x, "lifting_technique")
		               : "");
	if (has(x, "height_cm") || json_is_number(w)) {
		printf("    %-13s", "body");
		if (has(x, "height_cm"))
			printf(" %lld cm",
			       (long long)json_integer_value(
			               json_object_get(x, "height_cm")));
		if (json_is_number(w))
			printf(" %.1f kg", json_number_value(w));
		if (has(x, "bmi"))
			printf(" (BMI %.1f)",
			       json_number_value(json_object_get(x, "bmi")));
		printf("\n");
	}
	if (has(x, "smoking")) {
		printf("    %-13s %s", "smoking", br_cli_str(x, "smoking"));
		if (has(x, "cigarettes_per_day"))
			printf(", %lld a day",
			       (long long)json_integer_value(json_object_get(
			               x, "cigarettes_per_day")));
		printf("\n");
	}
	print_text("", x, "lifestyle_note");
}

static void
print_history(json_t *x)
{
	json_t *meds = json_object_get(x, "medicines");
	size_t i;
	json_t *m;

	print_codes("conditions", x, "conditions");
	print_text("", x, "conditions_note");
	print_codes("treatments", x, "treatments");
	print_text("", x, "treatments_note");
	if (json_is_array(meds)) {
		if (json_array_size(meds) == 0)
			printf("    %-13s none\n", "medicines");
		else
			printf("    medicines\n");
		json_array_foreach(meds, i, m)
		{
			printf("      %s", br_cli_str(m, "name"));
			if (has(m, "dose"))
				printf(" %s", br_cli_str(m, "dose"));
			if (has(m, "kind") || has(m, "purpose"))
				printf(" (%s, for %s)", br_cli_str(m, "kind"),
				       br_cli_str(m, "purpose"));
			printf("\n");
		}
	}
}

static void
print_yes_no(const char *what, json_t *x, const char *key)
{
	json_t *v = json_object_get(x, key);

	if (json_is_boolean(v))
		printf("      %s: %s\n", what, json_is_true(v) ? "yes" : "no");
}

static void
print_int_line(const char *what, json_t *x, const char *key)
{
	json_t *v = json_object_get(x, key);

	if (json_is_integer(v))
		printf("      %s: %lld\n", what,
		       (long long)json_integer_value(v));
}

static void
print_sleep(json_t *x)
{
	static const char *const keys[] = {"position_difficulty",
	                                   "night_pain",
	                                   "pain_wakes",
	                                   "sleep_position",
	                                   "mattress",
	                                   "mattress_years",
	                                   "pillows",
	                                   "knee_pillow",
	                                   "sleep_note",
	                                   NULL};
	bool any = false;

	for (int i = 0; keys[i]; i++)
		any = any || has(x, keys[i]);
	if (!any)
		return;
	printf("    sleep\n");
	print_yes_no("hard to find a comfortable position", x,
	             "position_difficulty");
	print_yes_no("night pain", x, "night_pain");
	print_int_line("awakenings from pain per night", x, "pain_wakes");
	if (has(x, "sleep_position"))
		printf("      usual position: %s\n",
		       br_cli_str(x, "sleep_position"));
	if (has(x, "mattress") || has(x, "mattress_years")) {
		printf("      mattress: %s", br_cli_str(x, "mattress"));
		if (has(x, "mattress_years"))
			printf(", %lld years old",
			       (long long)json_integer_value(
			               json_object_get(x, "mattress_years")));
		printf("\n");
	}
	print_int_line("pillows", x, "pillows");
	print_yes_no("pillow between or under the knees", x, "knee_pillow");
	if (has(x, "sleep_note"))
		printf("      \"%s\"\n", br_cli_str(x, "sleep_note"));
}

static void
print_intake_body(json_t *x)
{
	printf("  intake recorded %s (updated %s)\n", br_cli_str(x, "date"),
	       br_cli_str(x, "updated_at"));
	print_pain(x);
	print_lifestyle(x);
	print_history(x);
	print_sleep(x);
	print_text("goals", x, "goals");
}

void
br_cli_print_intake(json_t *episode)
{
	json_t *x = json_object_get(episode, "intake");

	if (x == NULL)
		return;
	if (json_is_null(x)) {
		printf("  intake: not recorded yet ('backrest intake %lld "
		       "...')\n",
		       (long long)json_integer_value(
		               json_object_get(episode, "id")));
		return;
	}
	print_intake_body(x);
}

static void
print_intake(json_t *x)
{
	printf("episode %lld\n",
	       (long long)json_integer_value(json_object_get(x, "episode_id")));
	print_intake_body(x);
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

/* The pre-visit intake ------------------------------------------------- */

static void
print_previsit_state(json_t *v)
{
	printf("pre-visit intake %lld of patient %lld: %s (asked %s",
	       (long long)json_integer_value(json_object_get(v, "id")),
	       (long long)json_integer_value(json_object_get(v, "patient_id")),
	       br_cli_str(v, "status"), br_cli_str(v, "requested_at"));
	if (has(v, "updated_at"))
		printf(", last answer %s", br_cli_str(v, "updated_at"));
	if (has(v, "sent_at"))
		printf(", sent %s", br_cli_str(v, "sent_at"));
	if (has(v, "confirmed_at"))
		printf(", confirmed %s by %s as episode %lld's intake",
		       br_cli_str(v, "confirmed_at"),
		       br_cli_str(v, "confirmed_by"),
		       (long long)json_integer_value(
		               json_object_get(v, "episode_id")));
	printf(")\n");
}

static void
print_previsit_link(json_t *r)
{
	print_previsit_state(json_object_get(r, "previsit"));
	printf("link: %s\n", br_cli_str(r, "link"));
	if (json_is_true(json_object_get(r, "account")))
		printf("the patient signs in and finds the questions there\n");
	else
		printf("the link works once, until %s: it creates the account "
		       "of %s, then leads on to the questions (--json has "
		       "the QR code and a printable letter)\n",
		       br_cli_str(r, "expires_at"), br_cli_str(r, "email"));
}

static void
print_previsit(json_t *v)
{
	json_t *answers = json_object_get(v, "answers");
	json_t *flags = json_object_get(v, "red_flags");
	json_t *reasons = json_object_get(v, "reasons");
	const char *key;
	json_t *a;
	size_t i;

	if (strcmp(br_cli_str(v, "status"), "none") == 0) {
		printf("patient %lld: no pre-visit intake asked yet ('backrest "
		       "intake invite %lld')\n",
		       (long long)json_integer_value(
		               json_object_get(v, "patient_id")),
		       (long long)json_integer_value(
		               json_object_get(v, "patient_id")));
		return;
	}
	print_previsit_state(v);
	if (json_object_size(answers) == 0)
		printf("  no intake answers yet\n");
	else
		printf("  intake answers (the patient's own words):\n");
	json_object_foreach(answers, key, a)
	{
		char *text = json_dumps(a, JSON_ENCODE_ANY | JSON_COMPACT);

		printf("    %-20s %s\n", key, text ? text : "");
		free(text);
	}
	if (json_array_size(flags) > 0)
		printf("  red-flag replies (the patient's; the screen is "
		       "yours to record):\n");
	json_array_foreach(flags, i, a)
	{
		printf("    %-6s %s: %s\n", br_cli_str(a, "reply"),
		       br_cli_str(a, "flag"), br_cli_str(a, "question"));
	}
	if (strcmp(br_cli_str(v, "tier"), "none") != 0) {
		printf("  the \"yes\" replies point to: %s\n",
		       br_cli_str(v, "tier"));
		json_array_foreach(reasons, i, a)
		{
			printf("    %s\n", json_string_value(a));
		}
	}
}

static void
print_previsit_confirmed(json_t *r)
{
	print_previsit_state(json_object_get(r, "previsit"));
	print_intake(json_object_get(r, "intake"));
}

static void
print_previsit_alerts(json_t *list)
{
	size_t i;
	json_t *a;

	if (json_array_size(list) == 0)
		printf("no pre-visit answers point to an emergency\n");
	json_array_foreach(list, i, a)
	{
		json_t *flags = json_object_get(a, "flags");
		size_t k;
		json_t *f;

		printf("patient %lld %s: %s (answered %s):",
		       (long long)json_integer_value(
		               json_object_get(a, "patient_id")),
		       br_cli_str(a, "name"), br_cli_str(a, "tier"),
		       br_cli_str(a, "updated_at"));
		json_array_foreach(flags, k, f)
		{
			printf("%s %s", k ? "," : "", json_string_value(f));
		}
		printf("\n");
	}
}

static const struct br_cli_opt invite_opts[] = {
        {"email", "email", BR_ARG_VALUE, "EMAIL", NULL},
        {"name", "name", BR_ARG_VALUE, "TEXT", NULL},
        {"days", "days", BR_ARG_VALUE, NULL, NULL},
        {"base-url", "base_url", BR_ARG_VALUE, "URL", NULL},
        {NULL, NULL, 0, NULL, NULL, NULL},
};
static const struct br_cli_opt confirm_opts[] = {
        {"episode", "episode_id", BR_ARG_VALUE, "EPISODE_ID", NULL},
        {"date", "date", BR_ARG_VALUE, NULL, NULL},
        {NULL, NULL, 0, NULL, NULL, NULL},
};
static const struct br_cli_opt alerts_opts[] = {
        {"clinic", "clinic_id", BR_ARG_VALUE, "CLINIC_ID",
         "one clinic's patients (default: every clinic)"},
        {NULL, NULL, 0, NULL, NULL, NULL},
};
static const char *const patient_arg[] = {"patient_id", NULL};

/* Fields described by the table have NULL value and help here. */
static const struct br_cli_opt opts[] = {
        {"date", "date", BR_ARG_VALUE, NULL, NULL},
        {"onset-mode", "onset_mode", BR_ARG_VALUE, NULL, NULL},
        {"onset-note", "onset_note", BR_ARG_VALUE, NULL, NULL},
        {"locations", "locations", BR_ARG_VALUE, "LOCATION[:SIDE][,...]",
         "where it hurts (see 'backrest intake vocab'); none"},
        {"radiation", "radiation", BR_ARG_VALUE, NULL, NULL},
        {"radiation-side", "radiation_side", BR_ARG_VALUE, NULL, NULL},
        {"aggravating", "aggravating", BR_ARG_VALUE, "CODE[,...]",
         "what makes it worse; none"},
        {"easing", "easing", BR_ARG_VALUE, "CODE[,...]",
         "what makes it better; none"},
        {"work", "work", BR_ARG_VALUE, NULL, NULL},
        {"sitting-hours", "sitting_hours", BR_ARG_VALUE, NULL, NULL},
        {"lifting", "lifting", BR_ARG_VALUE, NULL, NULL},
        {"lifting-technique", "lifting_technique", BR_ARG_VALUE, NULL, NULL},
        {"activity", "activity", BR_ARG_VALUE, NULL, NULL},
        {"height-cm", "height_cm", BR_ARG_VALUE, NULL, NULL},
        {"weight-kg", "weight_kg", BR_ARG_VALUE, NULL, NULL},
        {"smoking", "smoking", BR_ARG_VALUE, NULL, NULL},
        {"cigarettes-per-day", "cigarettes_per_day", BR_ARG_VALUE, NULL, NULL},
        {"lifestyle-note", "lifestyle_note", BR_ARG_VALUE, NULL, NULL},
        {"conditions", "conditions", BR_ARG_VALUE, "CODE[,...]",
         "other health conditions; none"},
        {"conditions-note", "conditions_note", BR_ARG_VALUE, NULL, NULL},
        {"treatments", "treatments", BR_ARG_VALUE, "CODE[,...]",
         "treatments tried before; none"},
        {"treatments-note", "treatments_note", BR_ARG_VALUE, NULL, NULL},
        {"medicine", "medicines", BR_ARG_REPEAT, "NAME[|DOSE|KIND|PURPOSE]",
         "a medicine taken now"},
        {"position-difficulty", "position_difficulty", BR_ARG_VALUE, NULL,
         NULL},
        {"night-pain", "night_pain", BR_ARG_VALUE, NULL, NULL},
        {"pain-wakes", "pain_wakes", BR_ARG_VALUE, NULL, NULL},
        {"sleep-position", "sleep_position", BR_ARG_VALUE, NULL, NULL},
        {"mattress", "mattress", BR_ARG_VALUE, NULL, NULL},
        {"mattress-years", "mattress_years", BR_ARG_VALUE, NULL, NULL},
        {"pillows", "pillows", BR_ARG_VALUE, NULL, NULL},
        {"knee-pillow", "knee_pillow", BR_ARG_VALUE, NULL, NULL},
        {"sleep-note", "sleep_note", BR_ARG_VALUE, NULL, NULL},
        {"goals", "goals", BR_ARG_VALUE, NULL, NULL},
        {"clear", "clear", BR_ARG_VALUE, "FIELD[,...]",
         "reset these fields to not recorded"},
        {NULL, NULL, 0, NULL, NULL, NULL},
};
static const char *const episode_arg[] = {"episode_id", NULL};

static const struct br_cli_sub subs[] = {
        {"show", NULL, episode_arg, br_app_intake_show, print_intake,
         .summary = "an episode's intake history",
         .example = {"backrest intake show 7"}},
        {"vocab", NULL, NULL, br_app_intake_vocab, print_vocab,
         .summary = "the codes the coded intake fields accept",
         .example = {"backrest intake vocab"}},
        {"invite", invite_opts, patient_arg, br_app_previsit_request,
         print_previsit_link,
         .summary = "ask a patient to answer the intake questions on their "
                    "phone before the first visit: prints the link",
         .example = {"backrest intake invite 12 --email pat@example.org "
                     "--base-url https://clinic.example.org"},
         .fields = &br_previsit_request_fields},
        {"answers", NULL, patient_arg, br_app_previsit_show, print_previsit,
         .summary = "a patient's pre-visit answers, for review",
         .example = {"backrest intake answers 12"}},
        {"confirm", confirm_opts, patient_arg, br_app_previsit_confirm,
         print_previsit_confirmed,
         .summary = "make a patient's pre-visit answers the episode's "
                    "intake",
         .example = {"backrest intake confirm 12 --episode 7"},
         .fields = &br_previsit_confirm_fields},
        {"alerts", alerts_opts, NULL, br_app_previsit_alerts,
         print_previsit_alerts,
         .summary = "patients whose pre-visit answers point to an "
                    "emergency",
         .example = {"backrest intake alerts --clinic 2"}},
        {"", opts, episode_arg, br_app_intake_record, print_intake,
         .summary = "record (or amend) the intake history of an episode: "
                    "fields given replace the stored ones",
         .example = {"backrest intake 7 --onset-mode lifting --locations "
                     "low-back:B --work desk --sitting-hours 8",
                     "backrest intake 7 --night-pain yes --pain-wakes 2 "
                     "--mattress soft --clear goals"},
         .fields = &br_intake_input_fields},
        {NULL, NULL, NULL, NULL, NULL},
};

const struct br_cli_cmd br_cli_cmd_intake = {"intake", "Patients and episodes",
                                             "the intake history of an episode",
                                             subs};
