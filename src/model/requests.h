/*
 * requests.h - the field tables of the API's requests that are not a
 * clinical record: signing in, users, clinics, the audit log, the query
 * parameters of the lists, figures and reports, calendar feeds, bulk
 * export, questionnaires and the vocabularies.  The clinical record kinds
 * (patient, episode, diary day, session ...) have their tables next to
 * their checks in src/model.
 *
 * Each table is what one route takes (http/api.c names it in the route
 * table): the JSON body of a POST or the query string of a GET.  Path
 * parameters come from the route's pattern and are not listed; neither
 * are the fields the server sets from the caller's account.  The request
 * pipeline checks every request against its table (br_fields_check) and
 * the API description is generated from the same tables.
 *
 * Static, constant data.
 */
#ifndef BR_MODEL_REQUESTS_H
#define BR_MODEL_REQUESTS_H

#include "model/field.h"

/* The vocabularies of these requests that no record kind owns (the
 * use cases read the same arrays), NULL-terminated: account roles, the
 * cohort's groupings, the report's formats in the order of enum
 * br_report_format (report/report.h), the evidence guidelines a plan
 * may be limited to, and how a plan item ends. */
extern const char *const br_roles[];
extern const char *const br_staff_roles[]; /* admin, practitioner */
extern const char *const br_cohort_by[];
extern const char *const br_report_formats[];
extern const char *const br_guidelines[];
extern const char *const br_plan_item_ends[];

/* Nothing: a request without a body or query string. */
extern const struct br_fields br_req_none;

/* Signing in and administration. */
extern const struct br_fields br_req_login;
extern const struct br_fields br_req_user_add;
/* Administration in the browser: a staff account's role and clinic, a
 * clinic's name, the audit log's filters (a page; the CSV export). */
extern const struct br_fields br_req_user_role;
extern const struct br_fields br_req_clinic_rename;
extern const struct br_fields br_req_audit_search;
extern const struct br_fields br_req_audit_export;

/* One-time links (app/invitations.h). */
extern const struct br_fields br_req_invite_staff;
extern const struct br_fields br_req_invite_patient;
extern const struct br_fields br_req_invite_reset;
extern const struct br_fields br_req_invitation_use;
extern const struct br_fields br_req_clinic_add;
extern const struct br_fields br_req_audit_query;

/* Practice figures, what is due, analysis, the report. */
extern const struct br_fields br_req_cohort_query;
extern const struct br_fields br_req_due_query;
/* The patient list: q, limit, after, clinic_id, practitioner_id. */
extern const struct br_fields br_req_patient_query;
extern const struct br_fields br_req_range_query; /* from, to */
extern const struct br_fields br_req_report_query;

/* Questionnaires and red flags. */
extern const struct br_fields br_req_instrument_query;
extern const struct br_fields br_req_measure_query;
extern const struct br_fields br_req_screen_clear;

/* Herbal prescriptions: an adverse effect, a stop. */
extern const struct br_fields br_req_herbal_adverse;
extern const struct br_fields br_req_herbal_stop;

/* The care plan: which guideline, ending an item, the bedtime routine,
 * the trial review of one treatment. */
extern const struct br_fields br_req_plan_query;
extern const struct br_fields br_req_plan_end;
extern const struct br_fields br_req_routine;
extern const struct br_fields br_req_review_query;

/* Visits: the list, a course proposed or booked; education; the
 * calendar feed's key. */
extern const struct br_fields br_req_visit_query;
extern const struct br_fields br_req_education_query;
extern const struct br_fields br_req_calendar_query;

/* FHIR bulk export. */
extern const struct br_fields br_req_fhir_bulk_query;

#endif
