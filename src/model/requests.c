/*
 * requests.c - the field tables of the requests that are not a clinical
 * record (see requests.h).  Lengths are in bytes, as the use cases count
 * them.
 */
#include "model/requests.h"

#include <stddef.h>

#include "core/visits.h"
#include "model/herbal.h"

#define REQ BR_FF_REQUIRED
#define END                                                                    \
	{                                                                      \
		.key = NULL                                                    \
	}

const char *const br_roles[] = {"admin", "practitioner", "patient", NULL};
const char *const br_staff_roles[] = {"admin", "practitioner", NULL};
const char *const br_cohort_by[] = {"modality", "phase", "risk", "practitioner",
                                    NULL};
const char *const br_report_formats[] = {"json", "html", "pdf", NULL};
const char *const br_guidelines[] = {"all", "cochrane", "acp", "nice", NULL};
const char *const br_plan_item_ends[] = {"stopped", "done", NULL};

static const struct br_field none[] = {END};
const struct br_fields br_req_none = {"Empty", "takes no fields", none};

static const struct br_field login[] = {{.key = "email",
                                         .type = BR_FT_TEXT,
                                         .max = 254,
                                         .flags = REQ,
                                         .doc = "the account's email address"},
                                        {.key = "password",
                                         .type = BR_FT_TEXT,
                                         .max = 1024,
                                         .flags = REQ,
                                         .doc = "the account's password"},
                                        END};
const struct br_fields br_req_login = {"Login", "signing in", login};

static const struct br_field user_add[] = {
        {.key = "email",
         .type = BR_FT_TEXT,
         .max = 254,
         .flags = REQ,
         .doc = "the new account's email address"},
        {.key = "role",
         .type = BR_FT_ENUM,
         .values = br_roles,
         .flags = REQ,
         .doc = "what the account may do"},
        {.key = "name",
         .type = BR_FT_TEXT,
         .max = 120,
         .doc = "the person's name"},
        {.key = "patient_id",
         .type = BR_FT_ID,
         .doc = "a patient account's own record"},
        {.key = "clinic_id",
         .type = BR_FT_ID,
         .doc = "a practitioner's clinic"},
        {.key = "password",
         .type = BR_FT_TEXT,
         .min = 10,
         .max = 128,
         .flags = REQ,
         .doc = "the first password (to give someone an account without "
                "one, invite them)"},
        END};
const struct br_fields br_req_user_add = {"UserAdd", "a new account", user_add};

#define DAYS                                                                   \
	{                                                                      \
		.key = "days", .type = BR_FT_INT, .min = 1, .max = 30,         \
		.doc = "days the link works (default 7)"                       \
	}
#define BASE_URL                                                               \
	{                                                                      \
		.key = "base_url", .type = BR_FT_TEXT, .min = 8, .max = 200,   \
		.doc = "where the invited person reaches this server, e.g. "   \
		       "https://clinic.example.org"                            \
	}

static const struct br_field invite_staff[] = {
        {.key = "email",
         .type = BR_FT_TEXT,
         .max = 254,
         .flags = REQ,
         .doc = "the new account's email address"},
        {.key = "role",
         .type = BR_FT_ENUM,
         .values = br_staff_roles,
         .flags = REQ,
         .doc = "what the account may do"},
        {.key = "name",
         .type = BR_FT_TEXT,
         .max = 120,
         .doc = "the person's name"},
        {.key = "clinic_id",
         .type = BR_FT_ID,
         .doc = "a practitioner's clinic (default: the first)"},
        DAYS,
        BASE_URL,
        END};
const struct br_fields br_req_invite_staff = {
        "InviteStaff", "a one-time link that creates a staff account",
        invite_staff};

static const struct br_field invite_patient[] = {
        {.key = "email",
         .type = BR_FT_TEXT,
         .max = 254,
         .flags = REQ,
         .doc = "the patient's email address, their sign-in"},
        {.key = "name",
         .type = BR_FT_TEXT,
         .max = 120,
         .doc = "the name the letter greets (default: the patient's)"},
        DAYS,
        BASE_URL,
        END};
const struct br_fields br_req_invite_patient = {
        "InvitePatient",
        "a one-time link that gives the patient a diary account",
        invite_patient};

static const struct br_field invite_reset[] = {DAYS, BASE_URL, END};
const struct br_fields br_req_invite_reset = {
        "InviteReset",
        "a one-time link that sets a new password (the old one stops "
        "working at once)",
        invite_reset};

static const struct br_field invitation_use[] = {
        {.key = "password",
         .type = BR_FT_TEXT,
         .min = 10,
         .max = 128,
         .flags = REQ,
         .doc = "the password the person chooses"},
        END};
const struct br_fields br_req_invitation_use = {
        "InvitationUse", "using a one-time link", invitation_use};

static const struct br_field clinic_add[] = {
        {.key = "name",
         .type = BR_FT_TEXT,
         .min = 1,
         .max = 120,
         .flags = REQ,
         .doc = "the clinic's name, unique"},
        END};
const struct br_fields br_req_clinic_add = {"ClinicAdd", "a new clinic",
                                            clinic_add};

static const struct br_field audit_query[] = {
        {.key = "patient_id",
         .type = BR_FT_ID,
         .doc = "entries about this patient only"},
        {.key = "user_id",
         .type = BR_FT_ID,
         .doc = "entries of this account only"},
        {.key = "limit",
         .type = BR_FT_INT,
         .min = 1,
         .max = 10000,
         .doc = "at most this many entries, newest first"},
        {.key = "clinic_id",
         .type = BR_FT_ID,
         .doc = "entries about this clinic's patients only"},
        END};
const struct br_fields br_req_audit_query = {
        "AuditQuery", "which audit entries", audit_query};

static const struct br_field user_role[] = {
        {.key = "role",
         .type = BR_FT_ENUM,
         .values = br_staff_roles,
         .doc = "the staff account's new role"},
        {.key = "clinic_id",
         .type = BR_FT_ID,
         .doc = "the account's new clinic"},
        END};
const struct br_fields br_req_user_role = {
        "UserRole", "a staff account's role and clinic", user_role};

static const struct br_field clinic_rename[] = {
        {.key = "name",
         .type = BR_FT_TEXT,
         .min = 1,
         .max = 120,
         .flags = REQ,
         .doc = "the clinic's new name, unique"},
        END};
const struct br_fields br_req_clinic_rename = {
        "ClinicRename", "a clinic's new name", clinic_rename};

#define AUDIT_FILTER                                                           \
	{.key = "patient_id",                                                  \
	 .type = BR_FT_ID,                                                     \
	 .doc = "entries about this patient only"},                            \
	        {.key = "user_id",                                             \
	         .type = BR_FT_ID,                                             \
	         .doc = "entries of this account only"},                       \
	        {.key = "action",                                              \
	         .type = BR_FT_TEXT,                                           \
	         .max = 47,                                                    \
	         .doc = "this action only, e.g. diary.read"},                  \
	        {.key = "outcome",                                             \
	         .type = BR_FT_TEXT,                                           \
	         .max = 23,                                                    \
	         .doc = "this outcome only: ok, denied, unauthenticated, "     \
	                "throttled"},                                          \
	        {.key = "from",                                                \
	         .type = BR_FT_DATE,                                           \
	         .doc = "entries on or after this day (UTC)"},                 \
	{                                                                      \
		.key = "to", .type = BR_FT_DATE,                               \
		.doc = "entries on or before this day (UTC)"                   \
	}

static const struct br_field audit_search[] = {
        AUDIT_FILTER,
        {.key = "before",
         .type = BR_FT_ID,
         .doc = "the next page: entries older than this id (the last "
                "page's next_before)"},
        {.key = "limit",
         .type = BR_FT_INT,
         .min = 1,
         .max = 1000,
         .doc = "entries per page (default 100)"},
        END};
const struct br_fields br_req_audit_search = {
        "AuditSearch", "a page of the filtered audit log", audit_search};

static const struct br_field audit_export[] = {
        AUDIT_FILTER,
        {.key = "limit",
         .type = BR_FT_INT,
         .min = 1,
         .max = 10000,
         .doc = "at most this many entries, newest first (default 100)"},
        END};
const struct br_fields br_req_audit_export = {
        "AuditExport", "the filtered audit log as CSV", audit_export};

static const struct br_field cohort_query[] = {
        {.key = "by",
         .type = BR_FT_ENUM,
         .values = br_cohort_by,
         .doc = "figures per group"},
        {.key = "from",
         .type = BR_FT_DATE,
         .doc = "episodes open on or after this day"},
        {.key = "to",
         .type = BR_FT_DATE,
         .doc = "episodes open on or before this day"},
        {.key = "per_patient",
         .type = BR_FT_BOOL,
         .doc = "figures per patient too (practitioners only)"},
        {.key = "no_responders",
         .type = BR_FT_BOOL,
         .doc = "leave out the responder counts"},
        {.key = "clinic_id",
         .type = BR_FT_ID,
         .doc = "one clinic (an administrator without a clinic)"},
        END};
const struct br_fields br_req_cohort_query = {
        "CohortQuery", "which practice figures", cohort_query};

static const struct br_field due_query[] = {
        {.key = "date",
         .type = BR_FT_DATE,
         .doc = "what is due on this day (default today)"},
        {.key = "clinic_id", .type = BR_FT_ID, .doc = "one clinic's patients"},
        {.key = "practitioner_id",
         .type = BR_FT_ID,
         .doc = "the patients with an open episode of this practitioner"},
        END};
const struct br_fields br_req_due_query = {"DueQuery", "which day", due_query};

static const struct br_field patient_query[] = {
        {.key = "q",
         .type = BR_FT_TEXT,
         .min = 1,
         .max = 120,
         .doc = "find: a word of the name beginning with this (case and "
                "accents do not matter), the reference, or the birth date"},
        {.key = "limit",
         .type = BR_FT_INT,
         .min = 1,
         .max = 1000,
         .doc = "at most this many patients (default 50)"},
        {.key = "after",
         .type = BR_FT_ID,
         .doc = "the next page: the cursor the previous page gave as next"},
        {.key = "clinic_id", .type = BR_FT_ID, .doc = "one clinic's patients"},
        {.key = "practitioner_id",
         .type = BR_FT_ID,
         .doc = "the patients with an open episode of this practitioner"},
        END};
const struct br_fields br_req_patient_query = {
        "PatientQuery", "which patients, a page at a time", patient_query};

static const struct br_field range_query[] = {
        {.key = "from", .type = BR_FT_DATE, .doc = "the first day"},
        {.key = "to", .type = BR_FT_DATE, .doc = "the last day"},
        END};
const struct br_fields br_req_range_query = {"RangeQuery", "a range of days",
                                             range_query};

static const struct br_field report_query[] = {
        {.key = "format",
         .type = BR_FT_ENUM,
         .values = br_report_formats,
         .doc = "the report document, its HTML page or its PDF"},
        {.key = "since",
         .type = BR_FT_DATE,
         .doc = "compare with the state on this day"},
        END};
const struct br_fields br_req_report_query = {
        "ReportQuery", "the report's format", report_query};

static const struct br_field instrument_query[] = {
        {.key = "instrument",
         .type = BR_FT_TEXT,
         .min = 1,
         .max = 40,
         .flags = REQ,
         .doc = "the questionnaire's id"},
        END};
const struct br_fields br_req_instrument_query = {
        "InstrumentQuery", "one questionnaire", instrument_query};

static const struct br_field measure_query[] = {
        {.key = "instrument",
         .type = BR_FT_TEXT,
         .max = 40,
         .doc = "one questionnaire's measures only"},
        END};
const struct br_fields br_req_measure_query = {"MeasureQuery", "which measures",
                                               measure_query};

static const struct br_field screen_clear[] = {
        {.key = "reason",
         .type = BR_FT_TEXT,
         .min = 1,
         .max = 2000,
         .flags = REQ,
         .doc = "why the clinician clears the flags"},
        END};
const struct br_fields br_req_screen_clear = {
        "ScreenClear", "a clinician's clearance of red flags", screen_clear};

static const struct br_field herbal_adverse[] = {
        {.key = "date", .type = BR_FT_DATE, .doc = "when (default today)"},
        {.key = "effects",
         .type = BR_FT_LIST,
         .flags = REQ | BR_FF_VOCAB,
         .doc = "the effects, by code",
         .vocab_file = "herbal.json",
         .vocab_list = "adverse_effects"},
        {.key = "severity",
         .type = BR_FT_ENUM,
         .values = br_herbal_severities,
         .doc = "how severe"},
        {.key = "note", .type = BR_FT_TEXT, .max = 500, .doc = "a note"},
        END};
const struct br_fields br_req_herbal_adverse = {
        "HerbalAdverse", "an adverse effect of a prescription", herbal_adverse};

static const struct br_field herbal_stop[] = {
        {.key = "date", .type = BR_FT_DATE, .doc = "when (default today)"},
        {.key = "reason",
         .type = BR_FT_ENUM,
         .values = br_herbal_end_reasons,
         .flags = REQ,
         .doc = "why the prescription ends"},
        END};
const struct br_fields br_req_herbal_stop = {
        "HerbalStop", "the end of a prescription", herbal_stop};

static const struct br_field plan_query[] = {
        {.key = "guideline",
         .type = BR_FT_ENUM,
         .values = br_guidelines,
         .doc = "the options one guideline recommends"},
        END};
const struct br_fields br_req_plan_query = {"PlanQuery", "which guideline",
                                            plan_query};

static const struct br_field plan_end[] = {
        {.key = "treatment",
         .type = BR_FT_TEXT,
         .min = 1,
         .max = 40,
         .flags = REQ,
         .doc = "the plan item's treatment"},
        {.key = "status",
         .type = BR_FT_ENUM,
         .values = br_plan_item_ends,
         .doc = "how it ended (default stopped)"},
        END};
const struct br_fields br_req_plan_end = {"PlanEnd", "the end of a plan item",
                                          plan_end};

static const struct br_field routine[] = {
        {.key = "steps",
         .type = BR_FT_LIST,
         .flags = REQ,
         .doc = "the bedtime routine's steps in order, by their codes in "
                "GET /api/v1/plan/vocabulary, or \"none\""},
        END};
const struct br_fields br_req_routine = {
        "Routine", "the bedtime routine of a plan", routine};

static const struct br_field review_query[] = {
        {.key = "treatment",
         .type = BR_FT_TEXT,
         .max = 40,
         .doc = "one plan item's treatment"},
        END};
const struct br_fields br_req_review_query = {
        "ReviewQuery", "which treatment's trial", review_query};

static const struct br_field visit_query[] = {
        {.key = "from", .type = BR_FT_DATE, .doc = "the first day"},
        {.key = "to", .type = BR_FT_DATE, .doc = "the last day"},
        {.key = "practitioner_id",
         .type = BR_FT_ID,
         .doc = "one practitioner's visits"},
        END};
const struct br_fields br_req_visit_query = {"VisitQuery", "which visits",
                                             visit_query};

static const struct br_field education_query[] = {
        {.key = "all",
         .type = BR_FT_BOOL,
         .doc = "every topic, not only those for the current state"},
        END};
const struct br_fields br_req_education_query = {
        "EducationQuery", "which topics", education_query};

static const struct br_field calendar_query[] = {
        {.key = "key",
         .type = BR_FT_TEXT,
         .min = 1,
         .max = 256,
         .flags = REQ,
         .doc = "the feed's secret key"},
        END};
const struct br_fields br_req_calendar_query = {
        "CalendarQuery", "a calendar feed's key", calendar_query};

static const struct br_field fhir_bulk_query[] = {
        {.key = "_since",
         .type = BR_FT_TEXT,
         .max = 20,
         .doc = "resources changed since this instant"},
        {.key = "_type",
         .type = BR_FT_TEXT,
         .max = 400,
         .doc = "resource types, comma-separated"},
        END};
const struct br_fields br_req_fhir_bulk_query = {
        "FhirBulkQuery", "what the bulk export holds", fhir_bulk_query};
