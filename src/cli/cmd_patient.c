/*
 * cmd_patient.c - backrest patient add|list|show.
 */
#include <stdio.h>

#include "cli/cli.h"
#include "model/requests.h"
#include "model/checks.h"

static void
print_patient(json_t *p)
{
	printf("patient %lld  %s\n",
	       (long long)json_integer_value(json_object_get(p, "id")),
	       br_cli_str(p, "name"));
	printf("  born %s, sex %s, ref %s\n", br_cli_str(p, "born"),
	       br_cli_str(p, "sex"), br_cli_str(p, "ref"));
}

static void
print_rows(json_t *page)
{
	json_t *list = json_object_get(page, "patients");
	json_t *next = json_object_get(page, "next");
	size_t i;
	json_t *p;

	json_array_foreach(list, i, p)
	{
		printf("%-18lld %-32s %-10s %s\n",
		       (long long)json_integer_value(json_object_get(p, "id")),
		       br_cli_str(p, "name"), br_cli_str(p, "born"),
		       br_cli_str(p, "sex"));
	}
	if (json_is_integer(next))
		printf("(more: the same command with --after %lld)\n",
		       (long long)json_integer_value(next));
}

static void
print_list(json_t *page)
{
	if (json_array_size(json_object_get(page, "patients")) == 0)
		printf("no patients yet: add one with 'backrest patient add "
		       "--name NAME'\n");
	print_rows(page);
}

static void
print_found(json_t *page)
{
	if (json_array_size(json_object_get(page, "patients")) == 0)
		printf("no patient matches\n");
	print_rows(page);
}

static void
print_show(json_t *p)
{
	size_t i;
	json_t *e;

	print_patient(p);
	json_array_foreach(json_object_get(p, "episodes"), i, e)
	{
		printf("  episode %lld  %s, onset %s, %s, %s (Cochrane) / %s "
		       "(ACP)\n",
		       (long long)json_integer_value(json_object_get(e, "id")),
		       br_cli_str(e, "region"), br_cli_str(e, "onset"),
		       br_cli_str(e, "status"),
		       br_cli_str(json_object_get(e, "phase"), "cochrane"),
		       br_cli_str(json_object_get(e, "phase"), "acp"));
	}
}

static const struct br_cli_opt add_opts[] = {
        {"name", "name", BR_ARG_VALUE, "NAME", "the patient's name"},
        {"born", "born", BR_ARG_VALUE, NULL, "date of birth"},
        {"sex", "sex", BR_ARG_VALUE, NULL, "sex"},
        {"ref", "ref", BR_ARG_VALUE, NULL,
         "the clinic's own reference (file number)"},
        {"clinic", "clinic_id", BR_ARG_VALUE, NULL,
         "the clinic (default: the first)"},
        {NULL, NULL, 0, NULL, NULL, NULL},
};
/* Placeholders and help from the request table (br_req_patient_query). */
#define PAGE_OPTS                                                              \
	{"limit", "limit", BR_ARG_VALUE, NULL, NULL},                          \
	        {"after", "after", BR_ARG_VALUE, "CURSOR", NULL},              \
	        {"clinic", "clinic_id", BR_ARG_VALUE, NULL, NULL},             \
	        {"practitioner", "practitioner_id", BR_ARG_VALUE, "USER_ID",   \
	         NULL},                                                        \
	{                                                                      \
		NULL, NULL, 0, NULL, NULL, NULL                                \
	}

static const struct br_cli_opt list_opts[] = {PAGE_OPTS};
static const struct br_cli_opt search_opts[] = {PAGE_OPTS};
static const char *const search_arg[] = {"q", NULL};
static const char *const id_arg[] = {"patient_id", NULL};

static const struct br_cli_sub subs[] = {
        {"add", add_opts, NULL, br_app_patient_add, print_patient,
         .summary = "register a patient", .fields = &br_patient_fields,
         .example = {"backrest patient add --name \"Ana Silva\" --born "
                     "1978-04-02 --sex female"}},
        {"list", list_opts, NULL, br_app_patient_list, print_list,
         .summary = "list the patients by name, a page at a time",
         .fields = &br_req_patient_query,
         .example = {"backrest patient list --clinic 2 --limit 20"}},
        {"search", search_opts, search_arg, br_app_patient_list, print_found,
         .fields = &br_req_patient_query,
         .summary = "find patients by a word of the name (its beginning; "
                    "case and accents do not matter), reference or birth "
                    "date",
         .example = {"backrest patient search silv",
                     "backrest patient search 1978-04-02"}},
        {"show", NULL, id_arg, br_app_patient_show, print_show,
         .summary = "a patient with their episodes",
         .example = {"backrest patient show 12"}},
        {NULL, NULL, NULL, NULL, NULL},
};

const struct br_cli_cmd br_cli_cmd_patient = {
        "patient", "Patients and episodes", "register and look up patients",
        subs};
