/*
 * api.c - the route table and the request pipeline of the JSON API (see
 * api.h for the order of the checks).
 *
 * Authorization is decided here, centrally, before a use case runs: each
 * route names the roles that may call it and the path parameter that
 * identifies the patient whose record it touches.  The use cases in
 * src/app stay the same functions the command line calls.
 */
#include "http/api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "app/analysis.h"
#include "model/charting.h"
#include "app/checkin.h"
#include "app/corrections.h"
#include "app/cohort.h"
#include "app/due.h"
#include "app/education.h"
#include "app/exercise.h"
#include "app/herbal.h"
#include "app/input.h"
#include "app/intake.h"
#include "app/invitations.h"
#include "interop/audit_csv.h"
#include "interop/usecases.h"
#include "app/measures.h"
#include "app/outcome.h"
#include "app/pacing.h"
#include "app/sleep_device.h"
#include "interop/sleep_import.h"
#include "app/plan.h"
#include "app/previsit.h"
#include "app/remind.h"
#include "app/review.h"
#include "app/screening.h"
#include "app/selfreport.h"
#include "app/tcm.h"
#include "app/templates.h"
#include "app/today.h"
#include "app/users.h"
#include "app/visits.h"
#include "app/pages.h"
#include "core/embed.h"
#include "core/parse.h"
#include "core/redflag.h"
#include "model/checks.h"
#include "model/checks_plan.h"
#include "model/checks_clinical.h"
#include "model/checks_tcm.h"
#include "model/intake_fields.h"
#include "model/previsit.h"
#include "model/requests.h"
#include "model/selfreport.h"
#include "model/templates.h"
#include "report/report.h"

extern const struct br_embedded_file br_http_files[];

#define ANY_ROLE (BR_ROLE_ADMIN | BR_ROLE_PRACTITIONER | BR_ROLE_PATIENT)
#define ADMIN    BR_ROLE_ADMIN
#define PRACT    BR_ROLE_PRACTITIONER
#define STAFF    (BR_ROLE_ADMIN | BR_ROLE_PRACTITIONER)
#define CLINICAL (BR_ROLE_PRACTITIONER | BR_ROLE_PATIENT)
#define P_SCOPE  BR_SCOPE_PATIENT
#define E_SCOPE  BR_SCOPE_EPISODE
#define NO_SCOPE BR_SCOPE_NONE

/* The corrections of a kind with an id (app/corrections.h): its version
 * (ETag), a correction (If-Match), its versions, entered-in-error. */
#define CORRECTIONS(path, audit, noun, model)                                  \
	{"GET",                                                                \
	 path,                                                                 \
	 PRACT,                                                                \
	 P_SCOPE,                                                              \
	 br_app_record_get,                                                    \
	 audit ".read",                                                        \
	 200,                                                                  \
	 .summary = "Read " noun " with its version (ETag)"},                  \
	        {"PATCH",                                                      \
	         path,                                                         \
	         PRACT,                                                        \
	         P_SCOPE,                                                      \
	         br_app_record_edit,                                           \
	         audit ".correct",                                             \
	         200,                                                          \
	         .body = &br_correct_fields,                                   \
	         .patch = model,                                               \
	         .summary = "Correct " noun ", keeping the earlier version"},  \
	        {"GET",                                                        \
	         path "/history",                                              \
	         PRACT,                                                        \
	         P_SCOPE,                                                      \
	         br_app_record_history,                                        \
	         audit ".history",                                             \
	         200,                                                          \
	         .summary = "The versions of " noun},                          \
	{                                                                      \
		"POST", path "/void", PRACT, P_SCOPE, br_app_record_void,      \
		        audit ".void", 200,                                    \
		        .body = &br_void_fields,                               \
		        .summary = "Mark " noun " entered in error"            \
	}

/* One line per route: who may call it, whose record it touches, the use
 * case, and what it takes and gives.  The API description
 * (/api/v1/openapi.json) is generated from this table at build time. */
const struct br_route br_api_routes[] = {
        /* Session and documentation. */
        {"POST", "/api/v1/session", 0, NO_SCOPE, NULL, "auth.login", 200,
         BR_SPECIAL_LOGIN, .body = &br_req_login, .response = "SessionInfo",
         .summary = "Sign in: sets the session cookie and returns the CSRF "
                    "token"},
        {"GET", "/api/v1/session", ANY_ROLE, NO_SCOPE, NULL, "auth.read", 200,
         BR_SPECIAL_WHOAMI, .response = "SessionInfo",
         .summary = "The signed-in user and the CSRF token"},
        {"DELETE", "/api/v1/session", ANY_ROLE, NO_SCOPE, NULL, "auth.logout",
         200, BR_SPECIAL_LOGOUT, .summary = "Sign out: revokes the session"},
        {"GET", "/api/v1/openapi.json", 0, NO_SCOPE, NULL, "openapi", 200,
         BR_SPECIAL_OPENAPI, .summary = "This document"},
        /* Patients. */
        {"GET", "/api/v1/patients", PRACT, NO_SCOPE, br_app_patient_list,
         "patient.list", 200, .query = &br_req_patient_query,
         .response = "PatientPage", .bind = BR_BIND_CLINIC,
         .summary = "Patients of the caller's clinic by name, a page at a "
                    "time (next: the cursor of the next page), or those q "
                    "finds"},
        {"POST", "/api/v1/patients", PRACT, NO_SCOPE, br_app_patient_add,
         "patient.create", 201, .body = &br_patient_fields,
         .response = "Patient", .bind = BR_BIND_CLINIC,
         .summary = "Add a patient to the caller's clinic"},
        {"GET", "/api/v1/patients/{patient_id}", CLINICAL, P_SCOPE,
         br_app_patient_show, "patient.read", 200, .response = "Patient",
         .summary = "A patient with their episodes"},
        {"GET", "/api/v1/patients/{patient_id}/summary", CLINICAL, P_SCOPE,
         br_app_summary, "patient.summary", 200, .response = "Summary",
         .summary = "Care summary of the current episode"},
        /* Episodes. */
        {"POST", "/api/v1/patients/{patient_id}/episodes", PRACT, P_SCOPE,
         br_app_episode_open, "episode.create", 201, .body = &br_episode_fields,
         .response = "Episode", .summary = "Open an episode of care"},
        {"GET", "/api/v1/episodes/{episode_id}", CLINICAL, E_SCOPE,
         br_app_episode_show, "episode.read", 200, .response = "Episode",
         .summary = "An episode"},
        {"POST", "/api/v1/episodes/{episode_id}/close", PRACT, E_SCOPE,
         br_app_episode_close, "episode.close", 200, .response = "Episode",
         .summary = "Close an episode"},
        /* Diary. */
        {"GET", "/api/v1/patients/{patient_id}/diary", CLINICAL, P_SCOPE,
         br_app_diary_list, "diary.read", 200, .query = &br_req_range_query,
         .response = "DiaryDay[]", .out = BR_OUT_TEXT,
         .text_fn = br_app_diary_list_text,
         .summary = "Diary days, oldest first"},
        {"POST", "/api/v1/patients/{patient_id}/diary", CLINICAL, P_SCOPE,
         br_app_diary_add, "diary.write", 200, .body = &br_diary_fields,
         .response = "DiaryDay", .summary = "Record (merge into) a diary day"},
        /* Corrections with history (app/corrections.h): the record's
         * current version is its ETag, and PATCH and void take it as
         * If-Match (a stale one answers 409). */
        {"GET", "/api/v1/patients/{patient_id}/diary/{date}", CLINICAL, P_SCOPE,
         br_app_record_get, "diary.read", 200,
         .summary = "A diary day with its version (ETag)"},
        {"PATCH", "/api/v1/patients/{patient_id}/diary/{date}", CLINICAL,
         P_SCOPE, br_app_record_edit, "diary.correct", 200,
         .body = &br_correct_fields, .patch = &br_diary_fields,
         .summary = "Correct a diary day, keeping the earlier version (a "
                    "patient: within 7 days)"},
        {"GET", "/api/v1/patients/{patient_id}/diary/{date}/history", CLINICAL,
         P_SCOPE, br_app_record_history, "diary.history", 200,
         .summary = "The versions of a diary day"},
        {"POST", "/api/v1/patients/{patient_id}/diary/{date}/void", CLINICAL,
         P_SCOPE, br_app_record_void, "diary.void", 200,
         .body = &br_void_fields,
         .summary = "Mark a diary day entered in error"},
        {"GET", "/api/v1/patients/{patient_id}/sessions/{session_id}", CLINICAL,
         P_SCOPE, br_app_record_get, "session.read", 200,
         .summary = "A session with its version (ETag)"},
        {"PATCH", "/api/v1/patients/{patient_id}/sessions/{session_id}", PRACT,
         P_SCOPE, br_app_record_edit, "session.correct", 200,
         .body = &br_correct_fields, .patch = &br_session_fields,
         .summary = "Correct (amend, once signed) a session"},
        {"GET", "/api/v1/patients/{patient_id}/sessions/{session_id}/history",
         CLINICAL, P_SCOPE, br_app_record_history, "session.history", 200,
         .summary = "The versions of a session"},
        {"POST", "/api/v1/patients/{patient_id}/sessions/{session_id}/void",
         PRACT, P_SCOPE, br_app_record_void, "session.void", 200,
         .body = &br_void_fields, .summary = "Mark a session entered in error"},
        {"POST", "/api/v1/patients/{patient_id}/sessions/{session_id}/sign",
         PRACT, P_SCOPE, br_app_record_sign, "session.sign", 200,
         .summary = "Sign a session (signed 24 hours after charting "
                    "anyway)"},
        CORRECTIONS("/api/v1/patients/{patient_id}/measures/{measure_id}",
                    "measure", "a measure", &br_measure_fields),
        CORRECTIONS("/api/v1/patients/{patient_id}/screens/{screening_id}",
                    "screening", "a red-flag screen", &br_screen_fields),
        CORRECTIONS("/api/v1/patients/{patient_id}/visits/{visit_id}", "visit",
                    "a visit", &br_visit_fields),
        CORRECTIONS("/api/v1/patients/{patient_id}/herbal/{prescription_id}",
                    "herbal", "a herbal prescription", &br_herbal_fields),
        CORRECTIONS("/api/v1/patients/{patient_id}/plan-items/{item_id}",
                    "plan", "a plan item", &br_plan_item_fields),
        CORRECTIONS(
                "/api/v1/patients/{patient_id}/exercise-logs/{exercise_log_id}",
                "exercise", "an exercise log", &br_exercise_log_fields),
        CORRECTIONS("/api/v1/patients/{patient_id}/pacing-logs/{pacing_log_id}",
                    "pacing", "a pacing log", &br_pace_log_fields),
        CORRECTIONS("/api/v1/patients/{patient_id}/tcm/{assessment_id}", "tcm",
                    "a TCM assessment", &br_tcm_fields),
        {"PATCH", "/api/v1/patients/{patient_id}/sessions/{session_id}/checkin",
         PRACT, P_SCOPE, br_app_checkin_edit, "checkin.correct", 200,
         .body = &br_correct_fields, .patch = &br_checkin_fields,
         .summary = "Correct a session's check-in, keeping the earlier "
                    "version"},
        {"GET",
         "/api/v1/patients/{patient_id}/sessions/{session_id}/checkin/history",
         PRACT, P_SCOPE, br_app_checkin_history, "checkin.history", 200,
         .summary = "The versions of a session's check-in"},
        {"POST",
         "/api/v1/patients/{patient_id}/sessions/{session_id}/checkin/void",
         PRACT, P_SCOPE, br_app_checkin_void, "checkin.void", 200,
         .body = &br_void_fields,
         .summary = "Mark a session's check-in entered in error"},
        {"PATCH", "/api/v1/episodes/{episode_id}/intake", PRACT, E_SCOPE,
         br_app_intake_edit, "intake.correct", 200, .body = &br_correct_fields,
         .patch = &br_intake_input_fields,
         .summary = "Correct an episode's intake, keeping the earlier "
                    "version"},
        {"GET", "/api/v1/episodes/{episode_id}/intake/history", PRACT, E_SCOPE,
         br_app_intake_history, "intake.history", 200,
         .summary = "The versions of an episode's intake"},
        {"POST", "/api/v1/episodes/{episode_id}/intake/void", PRACT, E_SCOPE,
         br_app_intake_void, "intake.void", 200, .body = &br_void_fields,
         .summary = "Mark an episode's intake entered in error"},
        {"PATCH", "/api/v1/patients/{patient_id}", PRACT, P_SCOPE,
         br_app_record_edit, "patient.correct", 200, .body = &br_correct_fields,
         .patch = &br_patient_fields,
         .summary = "Correct a patient's details, keeping the earlier "
                    "version"},
        {"GET", "/api/v1/patients/{patient_id}/history", PRACT, P_SCOPE,
         br_app_record_history, "patient.history", 200,
         .summary = "The versions of a patient's details"},
        {"PATCH", "/api/v1/episodes/{episode_id}", PRACT, E_SCOPE,
         br_app_record_edit, "episode.correct", 200, .body = &br_correct_fields,
         .patch = &br_episode_fields,
         .summary = "Correct an episode's details, keeping the earlier "
                    "version"},
        {"GET", "/api/v1/episodes/{episode_id}/history", PRACT, E_SCOPE,
         br_app_record_history, "episode.history", 200,
         .summary = "The versions of an episode's details"},
        {"GET", "/api/v1/patients/{patient_id}/corrected", CLINICAL, P_SCOPE,
         br_app_record_corrected, "patient.corrections.read", 200,
         .summary = "The patient's records that were corrected (for the "
                    "chart's marks)"},
        /* Reminders by email: the patient's choices, and the one-time
         * link in an email that stops a kind (public: the link's secret
         * is the credential). */
        {"GET", "/api/v1/patients/{patient_id}/reminders", CLINICAL, P_SCOPE,
         br_app_remind_prefs_get, "reminder.prefs.read", 200,
         .response = "ReminderPrefs", .summary = "Reminder choices"},
        {"POST", "/api/v1/patients/{patient_id}/reminders", CLINICAL, P_SCOPE,
         br_app_remind_prefs_set, "reminder.prefs.write", 200,
         .body = &br_req_reminder_prefs, .response = "ReminderPrefs",
         .summary = "Change reminder choices"},
        {"POST", "/api/v1/reminders/stop", 0, NO_SCOPE, br_app_remind_stop,
         "reminder.stop", 200, .body = &br_req_reminder_stop,
         .response = "ReminderStopped",
         .summary = "Stop one kind of reminder from an email's link"},
        /* Treatment sessions. */
        {"GET", "/api/v1/episodes/{episode_id}/sessions", CLINICAL, E_SCOPE,
         br_app_session_list, "session.read", 200, .response = "Session[]",
         .summary = "Treatment sessions of an episode"},
        {"POST", "/api/v1/episodes/{episode_id}/sessions", PRACT, E_SCOPE,
         br_app_session_add, "session.create", 201, .body = &br_session_fields,
         .response = "Session", .summary = "Chart a treatment session"},
        /* Questionnaires, red flags, intake, TCM and herbal charting. */
        {"GET", "/api/v1/instruments", PRACT, NO_SCOPE, br_app_instrument_list,
         "instrument.list", 200, .response = "InstrumentSummary[]",
         .summary = "The questionnaires this server scores"},
        {"GET", "/api/v1/instruments/definition", PRACT, NO_SCOPE,
         br_app_instrument_show, "instrument.read", 200,
         .query = &br_req_instrument_query, .response = "Instrument",
         .summary = "One questionnaire's definition: items, anchors, "
                    "scoring, bands"},
        {"POST", "/api/v1/score", PRACT, NO_SCOPE, br_app_score, "score", 200,
         .body = &br_score_fields, .response = "Score",
         .summary = "Score answers to a questionnaire without storing them"},
        {"GET", "/api/v1/episodes/{episode_id}/measures", PRACT, E_SCOPE,
         br_app_measure_list, "measure.read", 200,
         .query = &br_req_measure_query, .response = "Measure[]",
         .summary = "The questionnaires recorded on an episode, oldest "
                    "first"},
        {"POST", "/api/v1/episodes/{episode_id}/measures", PRACT, E_SCOPE,
         br_app_measure_add, "measure.create", 201, .body = &br_measure_fields,
         .response = "Measure", .summary = "Score and record a questionnaire"},
        /* Questionnaires the patient answers in the diary. */
        {"GET", "/api/v1/me/due", BR_ROLE_PATIENT, NO_SCOPE, br_app_me_due,
         "measure.due.read", 200, .response = "SelfDue",
         .summary = "The signed-in patient's due questionnaires, with the "
                    "wording of those answered on the phone and any draft"},
        {"POST", "/api/v1/patients/{patient_id}/measure-drafts",
         BR_ROLE_PATIENT, P_SCOPE, br_app_measure_draft_save,
         "measure.draft.write", 200, .body = &br_req_measure_draft,
         .response = "MeasureDraft",
         .summary = "Keep the answers so far of a due questionnaire (not "
                    "scored)"},
        {"POST", "/api/v1/patients/{patient_id}/measures", BR_ROLE_PATIENT,
         P_SCOPE, br_app_self_measure_add, "measure.create", 201,
         .body = &br_req_self_measure, .response = "Measure",
         .summary = "Send a due questionnaire the patient answered: scored "
                    "and recorded as patient-reported"},
        {"GET", "/api/v1/red-flags", PRACT, NO_SCOPE, br_app_screen_flags,
         "screening.flags", 200, .response = "RedFlag[]",
         .summary = "The red flags a practitioner may record"},
        {"GET", "/api/v1/episodes/{episode_id}/screens", PRACT, E_SCOPE,
         br_app_screen_list, "screening.read", 200, .response = "Screen[]",
         .summary = "The red-flag screens of an episode, oldest first"},
        {"POST", "/api/v1/episodes/{episode_id}/screens", PRACT, E_SCOPE,
         br_app_screen, "screening.create", 201, .body = &br_screen_fields,
         .response = "Screen",
         .summary = "Record a red-flag screen: none, or the flags found"},
        {"POST", "/api/v1/episodes/{episode_id}/screens/clear", PRACT, E_SCOPE,
         br_app_screen_clear, "screening.clear", 200,
         .body = &br_req_screen_clear, .response = "Screen",
         .summary = "Clear the urgent or emergency screens waiting on an "
                    "episode"},
        {"GET", "/api/v1/episodes/{episode_id}/safety-net", CLINICAL, E_SCOPE,
         br_app_screen_status, "screening.read", 200,
         .response = "ScreeningStatus",
         .summary = "Red-flag status of an episode: the last screen, the one "
                    "waiting for clearance, the safety-net advice"},
        {"GET", "/api/v1/intake/vocabulary", PRACT, NO_SCOPE,
         br_app_intake_vocab, "intake.vocabulary", 200,
         .summary = "Codes and fixed choices of every intake field"},
        {"GET", "/api/v1/episodes/{episode_id}/intake", PRACT, E_SCOPE,
         br_app_intake_show, "intake.read", 200, .response = "Intake",
         .summary = "The intake history of an episode"},
        {"POST", "/api/v1/episodes/{episode_id}/intake", PRACT, E_SCOPE,
         br_app_intake_record, "intake.write", 200,
         .body = &br_intake_input_fields, .response = "Intake",
         .summary = "Record or merge the intake history"},
        /* The pre-visit intake by link (app/previsit.h): the practitioner
         * asks for it, reviews and confirms it; the patient answers on
         * the phone; the clinic's patients whose answers point to an
         * emergency are listed for Today. */
        {"POST", "/api/v1/patients/{patient_id}/previsit", PRACT, P_SCOPE,
         br_app_previsit_request, "previsit.request", 201,
         .body = &br_previsit_request_fields, .response = "PrevisitLink",
         .summary = "Ask the patient for a pre-visit intake by link (for a "
                    "patient without an account, a one-time invitation "
                    "that creates it and leads on to the questions)"},
        {"GET", "/api/v1/patients/{patient_id}/previsit", PRACT, P_SCOPE,
         br_app_previsit_show, "previsit.read", 200, .response = "Previsit",
         .summary = "The patient's pre-visit answers for review, with what "
                    "their red-flag replies point to"},
        {"POST", "/api/v1/patients/{patient_id}/previsit/confirm", PRACT,
         P_SCOPE, br_app_previsit_confirm, "previsit.confirm", 200,
         .body = &br_previsit_confirm_fields, .response = "PrevisitConfirmed",
         .summary = "Confirm the patient's pre-visit answers as the "
                    "episode's intake"},
        {"GET", "/api/v1/previsit/alerts", PRACT, NO_SCOPE,
         br_app_previsit_alerts, "previsit.alert.read", 200,
         .response = "PrevisitAlert[]", .bind = BR_BIND_CLINIC,
         .summary = "Patients of the caller's clinic whose unconfirmed "
                    "pre-visit answers point to an emergency"},
        {"GET", "/api/v1/me/previsit", BR_ROLE_PATIENT, NO_SCOPE,
         br_app_me_previsit, "previsit.read", 200, .response = "PrevisitForm",
         .summary = "The signed-in patient's pre-visit questions and the "
                    "answers kept so far"},
        {"POST", "/api/v1/patients/{patient_id}/previsit/answers",
         BR_ROLE_PATIENT, P_SCOPE, br_app_previsit_save, "previsit.write", 200,
         .body = &br_previsit_answer_fields, .response = "PrevisitSaved",
         .summary = "Keep the patient's pre-visit answers so far (a draft "
                    "until the practitioner confirms it)"},
        {"GET", "/api/v1/tcm/vocabulary", PRACT, NO_SCOPE, br_app_tcm_vocab,
         "tcm.vocabulary", 200,
         .summary = "Codes of every TCM finding and pattern"},
        {"GET", "/api/v1/episodes/{episode_id}/tcm", PRACT, E_SCOPE,
         br_app_tcm_list, "tcm.read", 200, .response = "TcmAssessment[]",
         .summary = "The TCM assessments of an episode by date"},
        {"GET", "/api/v1/episodes/{episode_id}/tcm/last", PRACT, E_SCOPE,
         br_app_tcm_last, "tcm.read", 200,
         .summary = "The latest TCM assessment of an episode"},
        {"GET", "/api/v1/episodes/{episode_id}/sessions/{session_id}/tcm",
         PRACT, E_SCOPE, br_app_tcm_show, "tcm.read", 200,
         .response = "TcmAssessment",
         .summary = "The TCM assessment of one session"},
        {"POST", "/api/v1/episodes/{episode_id}/sessions/{session_id}/tcm",
         PRACT, E_SCOPE, br_app_tcm_add, "tcm.create", 201,
         .body = &br_tcm_fields, .response = "TcmAssessment",
         .summary = "Record the TCM assessment of a session"},
        {"GET", "/api/v1/episodes/{episode_id}/points", PRACT, E_SCOPE,
         br_app_session_points, "session.read", 200,
         .response = "PointsHistory",
         .summary = "The history of the point prescription"},
        {"GET", "/api/v1/herbal/vocabulary", PRACT, NO_SCOPE,
         br_app_herbal_vocab, "herbal.vocabulary", 200,
         .summary = "Forms, end reasons, severities, adverse-effect codes and "
                    "the handout's standing advice"},
        {"GET", "/api/v1/episodes/{episode_id}/herbal", PRACT, E_SCOPE,
         br_app_herbal_list, "herbal.read", 200,
         .response = "HerbalPrescription[]",
         .summary = "The herbal prescriptions of an episode"},
        {"POST", "/api/v1/episodes/{episode_id}/herbal", PRACT, E_SCOPE,
         br_app_herbal_add, "herbal.create", 201, .body = &br_herbal_fields,
         .response = "HerbalPrescription",
         .summary = "Record a herbal prescription exactly as written"},
        {"GET", "/api/v1/episodes/{episode_id}/herbal/handout", CLINICAL,
         E_SCOPE, br_app_herbal_handout, "herbal.read", 200,
         .response = "HerbalHandout", .summary = "The patient's handout"},
        {"POST",
         "/api/v1/episodes/{episode_id}/herbal/{prescription_id}/adverse",
         PRACT, E_SCOPE, br_app_herbal_adverse, "herbal.adverse", 201,
         .body = &br_req_herbal_adverse, .response = "HerbalPrescription",
         .summary = "Record an adverse effect the patient reported"},
        {"POST", "/api/v1/episodes/{episode_id}/herbal/{prescription_id}/stop",
         PRACT, E_SCOPE, br_app_herbal_stop, "herbal.stop", 200,
         .body = &br_req_herbal_stop, .response = "HerbalPrescription",
         .summary = "End a prescription, with the reason"},
        /* Visits, check-ins, education and the calendar feed: the feed is
         * public and answers only to its secret key. */
        {"GET", "/api/v1/episodes/{episode_id}/visits", CLINICAL, E_SCOPE,
         br_app_visit_list, "visit.read", 200, .query = &br_req_visit_query,
         .response = "Visit[]", .summary = "Visits of an episode"},
        {"POST", "/api/v1/episodes/{episode_id}/visits", PRACT, E_SCOPE,
         br_app_visit_book, "visit.create", 201, .body = &br_visit_fields,
         .response = "Visit", .summary = "Book a visit"},
        {"POST", "/api/v1/episodes/{episode_id}/sessions/{session_id}/checkin",
         CLINICAL, E_SCOPE, br_app_checkin_add, "checkin.create", 201,
         .body = &br_checkin_fields, .response = "Checkin",
         .summary = "The next-day check-in after a session"},
        {"GET", "/api/v1/patients/{patient_id}/education", CLINICAL, P_SCOPE,
         br_app_education, "education.read", 200,
         .query = &br_req_education_query, .response = "Education",
         .summary = "Education cards due for the patient now"},
        {"GET", "/api/v1/calendar.ics", 0, NO_SCOPE, br_app_visit_feed,
         "calendar.feed.read", 200, .query = &br_req_calendar_query,
         .out = BR_OUT_MEMBER, .text_key = "ics",
         .media_type = "text/calendar; charset=utf-8",
         .summary = "A calendar feed (iCalendar, RFC 5545)"},
        /* Care plan, trial review, home program, what is due, visit
         * changes, courses and calendar feeds.  A patient logs their own
         * exercise and pacing and reads their home program; the rest is
         * the practitioner's. */
        {"GET", "/api/v1/plan/vocabulary", PRACT, NO_SCOPE, br_app_plan_vocab,
         "plan.vocabulary", 200,
         .summary = "The steps a bedtime routine may have"},
        {"GET", "/api/v1/episodes/{episode_id}/plan", PRACT, E_SCOPE,
         br_app_plan, "plan.read", 200, .query = &br_req_plan_query,
         .response = "Plan",
         .summary = "The care plan: evidence-graded options, items and the "
                    "bedtime routine"},
        {"POST", "/api/v1/episodes/{episode_id}/plan", PRACT, E_SCOPE,
         br_app_plan_add, "plan.create", 201, .body = &br_plan_item_fields,
         .response = "PlanItem",
         .summary = "Add a treatment or course to the plan"},
        {"POST", "/api/v1/episodes/{episode_id}/plan/end", PRACT, E_SCOPE,
         br_app_plan_end, "plan.end", 200, .body = &br_req_plan_end,
         .response = "PlanItem",
         .summary = "End the active item of a treatment"},
        {"GET", "/api/v1/episodes/{episode_id}/plan/routine", CLINICAL, E_SCOPE,
         br_app_plan_routine_read, "plan.read", 200, .response = "Routine",
         .summary = "The bedtime routine the patient ticks in the diary"},
        {"POST", "/api/v1/episodes/{episode_id}/plan/routine", PRACT, E_SCOPE,
         br_app_plan_routine, "plan.routine", 200, .body = &br_req_routine,
         .response = "Routine",
         .summary = "Set the bedtime routine of the plan"},
        {"GET", "/api/v1/episodes/{episode_id}/review", PRACT, E_SCOPE,
         br_app_review, "review.read", 200, .query = &br_req_review_query,
         .response = "Review",
         .summary = "The trial checkpoint decision of the course"},
        {"GET", "/api/v1/exercises", CLINICAL, NO_SCOPE,
         br_app_exercise_library, "exercise.library", 200,
         .response = "ExerciseLadder[]",
         .summary = "The exercise library: ladders and their levels"},
        {"POST", "/api/v1/episodes/{episode_id}/exercises", PRACT, E_SCOPE,
         br_app_exercise_assign, "exercise.assign", 201,
         .body = &br_exercise_assign_fields, .response = "ExerciseAssignment",
         .summary = "Assign an exercise level"},
        {"POST", "/api/v1/episodes/{episode_id}/exercises/log", CLINICAL,
         E_SCOPE, br_app_exercise_log, "exercise.log", 200,
         .body = &br_exercise_log_fields, .response = "ExerciseLog",
         .summary = "Log an exercise session (the patient logs their own)"},
        {"GET", "/api/v1/episodes/{episode_id}/exercises/next", CLINICAL,
         E_SCOPE, br_app_exercise_next, "exercise.read", 200,
         .response = "ExerciseAdvice[]",
         .summary = "Next-step advice for every assigned exercise"},
        {"POST", "/api/v1/episodes/{episode_id}/pacing", PRACT, E_SCOPE,
         br_app_pace_set, "pacing.set", 200, .body = &br_pace_set_fields,
         .response = "PacingView",
         .summary = "Set an activity's baseline tolerance"},
        {"POST", "/api/v1/episodes/{episode_id}/pacing/log", CLINICAL, E_SCOPE,
         br_app_pace_log, "pacing.log", 200, .body = &br_pace_log_fields,
         .response = "PacingLog",
         .summary = "Log a day of an activity (the patient logs their own)"},
        {"GET", "/api/v1/episodes/{episode_id}/pacing/next", CLINICAL, E_SCOPE,
         br_app_pace_next, "pacing.read", 200, .response = "PacingView[]",
         .summary = "Today's quota for every activity"},
        {"GET", "/api/v1/due", PRACT, NO_SCOPE, br_app_due, "due.list", 200,
         .query = &br_req_due_query, .response = "Due", .bind = BR_BIND_CLINIC,
         .summary = "What is due, per patient of the caller's clinic"},
        {"GET", "/api/v1/today", PRACT, NO_SCOPE, br_app_today, "today.read",
         200, .response = "Today", .bind = BR_BIND_CLINIC, .out = BR_OUT_TEXT,
         .text_fn = br_app_today_text,
         .summary = "The Today page: the day's appointments, who needs "
                    "attention, the clinic's patients with their figures"},
        {"POST", "/api/v1/episodes/{episode_id}/visits/{visit_id}/cancel",
         PRACT, E_SCOPE, br_app_visit_cancel, "visit.update", 200,
         .response = "Visit", .summary = "Cancel a booked visit"},
        {"POST", "/api/v1/episodes/{episode_id}/visits/{visit_id}/attend",
         PRACT, E_SCOPE, br_app_visit_attend, "visit.update", 200,
         .response = "Visit", .summary = "Record a visit as attended"},
        {"POST", "/api/v1/episodes/{episode_id}/visits/{visit_id}/missed",
         PRACT, E_SCOPE, br_app_visit_missed, "visit.update", 200,
         .response = "Visit", .summary = "Record a visit as missed"},
        {"GET", "/api/v1/episodes/{episode_id}/visits/propose", PRACT, E_SCOPE,
         br_app_visit_propose, "visit.read", 200, .query = &br_course_fields,
         .response = "ProposedCourse",
         .summary = "The visit dates of the plan's course"},
        {"POST", "/api/v1/episodes/{episode_id}/visits/course", PRACT, E_SCOPE,
         br_app_visit_book_course, "visit.create", 201,
         .body = &br_course_fields, .response = "ProposedCourse",
         .summary = "Book the proposed course"},
        {"GET", "/api/v1/episodes/{episode_id}/adherence", PRACT, E_SCOPE,
         br_app_visit_adherence, "visit.read", 200, .response = "Adherence",
         .summary = "Visit adherence of the episode"},
        {"POST", "/api/v1/patients/{patient_id}/calendar-feeds", CLINICAL,
         P_SCOPE, br_app_visit_feed_create, "calendar.feed.create", 201,
         .response = "Feed", .summary = "Create the patient's calendar feed"},
        {"POST",
         "/api/v1/patients/{patient_id}/calendar-feeds/{feed_id}/revoke",
         CLINICAL, P_SCOPE, br_app_visit_feed_revoke, "calendar.feed.revoke",
         200, .response = "Feed",
         .summary = "Revoke a patient's calendar feed"},
        {"POST", "/api/v1/calendar-feeds", PRACT, NO_SCOPE,
         br_app_visit_feed_create, "calendar.feed.create", 201,
         .response = "Feed", .bind = BR_BIND_PRACTITIONER,
         .summary = "Create the calling practitioner's calendar feed"},
        {"POST", "/api/v1/calendar-feeds/{feed_id}/revoke", PRACT, NO_SCOPE,
         br_app_visit_feed_revoke, "calendar.feed.revoke", 200,
         .response = "Feed", .bind = BR_BIND_PRACTITIONER,
         .summary = "Revoke one of the caller's calendar feeds"},
        /* Outcome, the pain-sleep analysis, the one-page report and the
         * practice figures.  The report comes as JSON, HTML or PDF
         * (?format=); the figures count the caller's clinic only. */
        {"GET", "/api/v1/episodes/{episode_id}/outcome", CLINICAL, E_SCOPE,
         br_app_outcome, "outcome.read", 200, .response = "Outcome",
         .summary = "The outcome of an episode"},
        {"GET", "/api/v1/episodes/{episode_id}/report", PRACT, E_SCOPE,
         br_app_report, "report.read", 200, .query = &br_req_report_query,
         .response = "Report", .out = BR_OUT_REPORT,
         .summary = "The one-page visit summary (JSON, HTML or PDF)"},
        {"GET", "/api/v1/patients/{patient_id}/analysis/sleep-pain", CLINICAL,
         P_SCOPE, br_app_analyze_sleep_pain, "analysis.read", 200,
         .query = &br_req_sleep_pain_query, .response = "SleepPain",
         .summary = "The patient's pain-sleep cycle"},
        {"GET", "/api/v1/cohort", STAFF, NO_SCOPE, br_app_cohort, "cohort.read",
         200, .query = &br_req_cohort_query, .response = "Cohort",
         .summary = "Practice figures of the caller's clinic"},
        /* Practice. */
        {"GET", "/api/v1/overview", PRACT, NO_SCOPE, br_app_overview,
         "overview.read", 200, .response = "Overview", .bind = BR_BIND_CLINIC,
         .summary = "Practice figures"},
        {"GET", "/api/v1/charting", PRACT, NO_SCOPE, br_app_charting_vocab,
         "charting.read", 200,
         .summary = "The session-charting vocabulary: point ids, common "
                    "points, adverse events, body regions"},
        /* Point templates: the caller's own and those shared in their
         * clinic; only the owner changes or removes one. */
        {"GET", "/api/v1/point-templates", PRACT, NO_SCOPE,
         br_app_template_list, "template.list", 200,
         .query = &br_template_list_query, .response = "PointTemplate[]",
         .bind = BR_BIND_PRACTITIONER,
         .summary = "The point templates the caller may apply: their own "
                    "and those shared in their clinic, by name"},
        {"POST", "/api/v1/point-templates", PRACT, NO_SCOPE,
         br_app_template_add, "template.create", 201,
         .body = &br_template_fields, .response = "PointTemplate",
         .bind = BR_BIND_PRACTITIONER,
         .summary = "Save a combination of points under a name"},
        {"GET", "/api/v1/point-templates/{template_id}", PRACT, NO_SCOPE,
         br_app_template_show, "template.read", 200,
         .response = "PointTemplate", .bind = BR_BIND_PRACTITIONER,
         .summary = "One point template"},
        {"POST", "/api/v1/point-templates/{template_id}", PRACT, NO_SCOPE,
         br_app_template_edit, "template.update", 200,
         .body = &br_template_edit_fields, .response = "PointTemplate",
         .bind = BR_BIND_PRACTITIONER,
         .summary = "Change a point template (its owner only)"},
        {"DELETE", "/api/v1/point-templates/{template_id}", PRACT, NO_SCOPE,
         br_app_template_remove, "template.remove", 200,
         .response = "PointTemplateRemoved", .bind = BR_BIND_PRACTITIONER,
         .summary = "Remove a point template (its owner only)"},
        /* Administration. */
        {"GET", "/api/v1/clinics", ADMIN, NO_SCOPE, br_app_clinic_list,
         "clinic.list", 200, .response = "Clinic[]",
         .summary = "Clinics of the network (admins)"},
        {"POST", "/api/v1/clinics", ADMIN, NO_SCOPE, br_app_clinic_add,
         "clinic.create", 201, .body = &br_req_clinic_add, .response = "Clinic",
         .summary = "Add a clinic (admins)"},
        {"GET", "/api/v1/users", ADMIN, NO_SCOPE, br_app_user_list, "user.list",
         200, .response = "User[]", .summary = "Accounts (admins)"},
        {"POST", "/api/v1/users", ADMIN, NO_SCOPE, br_app_user_add,
         "user.create", 201, .body = &br_req_user_add, .response = "User",
         .summary = "Add an account; without a password one is generated "
                    "and returned once"},
        {"POST", "/api/v1/users/{user_id}/reset", ADMIN, NO_SCOPE,
         br_app_invite_reset, "user.reset", 201, .body = &br_req_invite_reset,
         .response = "InvitationLink",
         .summary = "Reset a password: the old one stops working and a "
                    "one-time link sets a new one (admins)"},
        {"POST", "/api/v1/users/{user_id}/disable", ADMIN, NO_SCOPE,
         br_app_user_disable, "user.disable", 200, .response = "User",
         .summary = "Disable an account: its sessions end; never deleted, "
                    "so the audit log keeps its actor (admins)"},
        {"POST", "/api/v1/users/{user_id}/enable", ADMIN, NO_SCOPE,
         br_app_user_enable, "user.enable", 200, .response = "User",
         .summary = "Enable a disabled account again (admins)"},
        {"POST", "/api/v1/users/{user_id}/role", ADMIN, NO_SCOPE,
         br_app_user_role, "user.role", 200, .body = &br_req_user_role,
         .response = "User",
         .summary = "Change a staff account's role or clinic (admins)"},
        {"POST", "/api/v1/clinics/{clinic_id}/rename", ADMIN, NO_SCOPE,
         br_app_clinic_rename, "clinic.rename", 200,
         .body = &br_req_clinic_rename, .response = "Clinic",
         .summary = "Rename a clinic (admins)"},
        {"GET", "/api/v1/audit/search", ADMIN, NO_SCOPE, br_app_audit_search,
         "audit.read", 200, .query = &br_req_audit_search,
         .response = "AuditPage",
         .summary = "A page of the audit log filtered by patient, user, "
                    "action, outcome and days (admins)"},
        {"GET", "/api/v1/audit/export", ADMIN, NO_SCOPE, br_app_audit_export,
         "audit.export", 200, .query = &br_req_audit_export,
         .out = BR_OUT_MEMBER, .text_key = "csv",
         .media_type = "text/csv; charset=utf-8",
         .summary = "The filtered audit log as CSV; the export is audited "
                    "(admins)"},
        /* One-time links: an admin invites staff, a practitioner their
         * patient; the link's page reads and uses it without a session. */
        {"GET", "/api/v1/invitations", ADMIN, NO_SCOPE, br_app_invite_list,
         "invitation.list", 200, .response = "Invitation[]",
         .summary = "Invitations and reset links, newest first (admins)"},
        {"POST", "/api/v1/invitations", ADMIN, NO_SCOPE, br_app_invite,
         "invitation.create", 201, .body = &br_req_invite_staff,
         .response = "InvitationLink",
         .summary = "Invite staff: a one-time link, its QR code and a "
                    "printable letter (admins)"},
        {"POST", "/api/v1/invitations/{invitation_id}/revoke", ADMIN, NO_SCOPE,
         br_app_invite_revoke, "invitation.revoke", 200,
         .response = "Invitation", .summary = "Revoke an open invitation"},
        {"GET", "/api/v1/patients/{patient_id}/invitations", PRACT, P_SCOPE,
         br_app_invite_list, "invitation.list", 200, .response = "Invitation[]",
         .summary = "The patient's diary invitations, newest first"},
        {"POST", "/api/v1/patients/{patient_id}/invitations", PRACT, P_SCOPE,
         br_app_invite_patient, "invitation.create", 201,
         .body = &br_req_invite_patient, .response = "InvitationLink",
         .summary = "Invite the patient to the diary: a one-time link, its "
                    "QR code and a printable letter"},
        {"POST",
         "/api/v1/patients/{patient_id}/invitations/{invitation_id}/revoke",
         PRACT, P_SCOPE, br_app_invite_revoke, "invitation.revoke", 200,
         .response = "Invitation",
         .summary = "Revoke the patient's open invitation"},
        {"GET", "/api/v1/invitations/{token}", 0, NO_SCOPE, NULL,
         "invitation.read", 200, BR_SPECIAL_INVITATION_READ,
         .response = "InvitationFor",
         .summary = "Whom a one-time link is for (the name only)"},
        {"POST", "/api/v1/invitations/{token}", 0, NO_SCOPE, NULL,
         "invitation.use", 200, BR_SPECIAL_INVITATION_USE,
         .body = &br_req_invitation_use, .response = "SessionInfo",
         .summary = "Use a one-time link: set the password, create the "
                    "account and sign in (sets the session cookie)"},
        {"GET", "/api/v1/audit", ADMIN, NO_SCOPE, br_app_audit_list,
         "audit.read", 200, .query = &br_req_audit_query,
         .response = "AuditEntry[]",
         .summary = "The audit log, newest first (admins)"},
        /* FHIR R4: one patient's record; a clinic's bulk NDJSON. */
        {"GET", "/api/v1/fhir/Patient/{patient_id}/$everything", CLINICAL,
         P_SCOPE, br_app_fhir_everything, "fhir.export", 200,
         .response = "FhirBundle",
         .summary = "The patient's whole record as a FHIR R4 searchset "
                    "Bundle"},
        /* Device nights: a sleep tracker's export uploaded as the body
         * (the file is read and dropped, never stored), and the nights
         * beside the diary. */
        {"POST", "/api/v1/patients/{patient_id}/sleep/import", CLINICAL,
         P_SCOPE, NULL, "sleep.import", 200, .query = &br_req_sleep_upload,
         .response = "SleepImport", .upload_max = BR_SLEEP_UPLOAD_MAX,
         .upload = br_app_import_sleep_buffer,
         .summary = "Import a sleep tracker's export (Apple Health "
                    "export.xml or export.zip, Fitbit sleep-*.json, sleep "
                    "CSV, Oura or Withings API answer), all or nothing"},
        {"GET", "/api/v1/patients/{patient_id}/sleep", CLINICAL, P_SCOPE,
         br_app_sleep_list, "sleep.read", 200, .query = &br_req_sleep_list,
         .response = "DeviceNight[]",
         .summary = "The nights a sleep tracker recorded, by night"},
        {"GET", "/api/v1/patients/{patient_id}/sleep/comparison", CLINICAL,
         P_SCOPE, br_app_sleep_compare, "sleep.read", 200,
         .query = &br_req_sleep_compare, .response = "DeviceSleep",
         .summary = "Device sleep beside the diary's total sleep over "
                    "some days, with the sentence on their difference"},
        {"GET", "/api/v1/fhir/$export", PRACT, NO_SCOPE, br_app_fhir_bulk,
         "fhir.export", 200, .query = &br_req_fhir_bulk_query,
         .out = BR_OUT_MEMBER, .text_key = "ndjson",
         .media_type = "application/fhir+ndjson",
         .summary = "Bulk FHIR R4 export: one resource a line"},
        {.method = NULL},
};

/* The upload a request's thread is handling, for br_app_call (which
 * runs a use case again on a serialization failure). */
struct upload {
	int (*fn)(struct br_app *app, json_t *in, const void *data, size_t len,
	          json_t **out, struct br_err *err);
	const void *data;
	size_t len;
};
static _Thread_local struct upload upload_now;

static int
upload_call(struct br_app *app, json_t *in, json_t **out, struct br_err *err)
{
	return upload_now.fn(app, in, upload_now.data, upload_now.len, out,
	                     err);
}

/* The caller of one request. */
struct caller {
	bool signed_in;
	struct br_user user;
	int64_t expires_at;
	unsigned role; /* enum br_role_bits */
};

size_t
br_api_body_max(const char *method, const char *uri)
{
	const struct br_route *r;
	const char *query;
	size_t plen, qlen;

	/* The route only: its parameters are collected once, by
	 * br_api_handle. */
	br_uri_split(uri, &plen, &query, &qlen);
	if (br_route_match(br_api_routes, method, uri, plen, NULL, &r, NULL, 0,
	                   NULL) == 0 &&
	    r->upload_max > 0)
		return r->upload_max;
	return BR_BODY_MAX;
}

const char *
br_api_cookie_name(const struct br_api *api)
{
	return api->secure_cookies ? "__Host-br_session" : "br_session";
}

void
br_http_resp_release(struct br_http_resp *resp)
{
	json_decref(resp->body);
	resp->body = NULL;
	free(resp->text);
	resp->text = NULL;
	resp->text_len = 0;
}

/* Responses ------------------------------------------------------------- */

static void
fail(struct br_http_resp *resp, int status, const char *code, const char *field,
     const char *msg)
{
	json_decref(resp->body);
	resp->status = status;
	resp->body = json_pack(
	        "{s:{s:s, s:s, s:o}}", "error", "code", code, "message", msg,
	        "field", field && field[0] ? json_string(field) : json_null());
}

/* The one table from error codes to HTTP statuses. */
static void
fail_err(struct br_http_resp *resp, const struct br_err *err)
{
	switch (err->code) {
	case BR_EINVAL:
		fail(resp, 422, "invalid", err->field, err->msg);
		return;
	case BR_ENOTFOUND:
		fail(resp, 404, "not-found", err->field, err->msg);
		return;
	case BR_ECONFLICT:
		fail(resp, 409, "conflict", err->field, err->msg);
		return;
	case BR_ETOOBIG:
		fail(resp, 413, "too-big", err->field, err->msg);
		return;
	case BR_EPERM:
		fail(resp, 403, "forbidden", err->field, err->msg);
		return;
	case BR_EBUSY:
		fail(resp, 503, "busy", err->field, err->msg);
		return;
	}
	/* Store and system failures: the detail goes to the server's log,
	 * the client gets a fixed sentence. */
	fprintf(stderr, "backrest serve: %s: %s\n", br_strerror(err->code),
	        err->msg);
	fail(resp, 500, "internal", NULL,
	     "the server failed to handle the request");
}

/* Auditing refusals ----------------------------------------------------- */

static void
audit_refusal(struct br_store *store, const struct caller *c,
              const struct br_route *r, const char *origin, int64_t patient_id,
              const char *outcome)
{
	struct br_err err = BR_ERR_INIT;
	struct br_audit_entry a = {
	        .user_id = c->signed_in ? c->user.id : 0,
	        .actor = c->signed_in ? c->user.email : "anonymous",
	        .action = r->action,
	        .patient_id = patient_id,
	        .record = NULL,
	        .origin = origin,
	        .outcome = outcome,
	};
	int rc = br_store_begin(store, &err);

	if (rc == 0)
		rc = br_store_audit_append(store, &a, &err);
	if (rc == 0)
		rc = br_store_commit(store, &err);
	else
		br_store_rollback(store);
	if (rc < 0)
		fprintf(stderr,
		        "backrest serve: cannot write the audit log: "
		        "%s\n",
		        err.msg);
}

/* Input ----------------------------------------------------------------- */

static bool
is_json(const char *content_type)
{
	size_t n = strlen("application/json");

	return content_type &&
	       strncasecmp(content_type, "application/json", n) == 0 &&
	       (content_type[n] == '\0' || content_type[n] == ';' ||
	        content_type[n] == ' ');
}

/* Checks obj (the body or the query string) against the route's field
 * table (model/field.h): unknown fields, required fields, types (JSON
 * types for a body), ranges, lengths, vocabularies.  The path parameters
 * the table does not name (equal to the path's, checked by the caller)
 * and the field the route binds to the caller (bind_caller) are not the
 * table's. */
static int
check_fields(const struct br_route *r, bool get, json_t *obj, json_t *params,
             struct br_err *err)
{
	const struct br_fields *t = get ? r->query : r->body;
	json_t *check = json_copy(obj);
	const char *key;
	json_t *v;
	int rc;

	if (check == NULL)
		return br_error(err, BR_ENOMEM, "", "out of memory");
	/* A path parameter the table names (a record table's patient_id,
	 * required there because the command line takes it as an option) is
	 * checked with the path's value; one it does not name is not the
	 * table's. */
	json_object_foreach(params, key, v)
	{
		if (t == NULL || br_fields_find(t, key) == NULL)
			json_object_del(check, key);
	}
	if (r->bind == BR_BIND_CLINIC)
		json_object_del(check, "clinic_id");
	else if (r->bind == BR_BIND_PRACTITIONER)
		json_object_del(check, "practitioner_id");
	/* Not strict JSON types yet: the web app sends some fields as text
	 * (a course's numbers from its form, "none" for a list). */
	if (r->patch && !get)
		rc = br_correct_check(r->patch, check, false, err);
	else
		rc = br_fields_check(check, t ? t : &br_req_none, false, err);
	json_decref(check);
	return rc;
}

/* Builds the use case's input: the query string (GET) or the JSON body,
 * then the path parameters.  Fills resp and returns -1 on failure. */
static int
build_input(const struct br_route *r, const struct br_http_req *req,
            const char *query, size_t qlen, json_t *params, json_t **in,
            struct br_http_resp *resp)
{
	struct br_err err = BR_ERR_INIT;
	const char *key;
	json_t *v, *obj;
	bool get = strcmp(req->method, "GET") == 0;

	*in = NULL;
	if (r->upload_max > 0) {
		/* An upload: the fields come in the query string, the body is
		 * the file, given to the use case as it is. */
		obj = json_object();
		if (br_query_parse(query, qlen, obj, &err) < 0 ||
		    check_fields(r, true, obj, params, &err) < 0) {
			json_decref(obj);
			fail_err(resp, &err);
			return -1;
		}
		json_object_foreach(params, key, v)
		{
			json_object_set(obj, key, v);
		}
		*in = obj;
		return 0;
	}
	if (get && req->body_len > 0) {
		fail(resp, 400, "bad-request", NULL,
		     "a GET request has no body");
		return -1;
	}
	if (!get && qlen > 0) {
		fail(resp, 400, "bad-request", "query",
		     "only GET requests take a query string");
		return -1;
	}
	if (get) {
		obj = json_object();
		if (br_query_parse(query, qlen, obj, &err) < 0) {
			json_decref(obj);
			if (err.code == BR_ETOOBIG)
				fail_err(resp, &err);
			else
				fail(resp, 400, "bad-request", err.field,
				     err.msg);
			return -1;
		}
	} else if (req->body_len == 0) {
		obj = json_object();
	} else {
		json_error_t jerr;
		char msg[128];

		if (!is_json(req->content_type)) {
			fail(resp, 415, "unsupported-media-type", NULL,
			     "the body must be JSON (Content-Type: "
			     "application/json)");
			return -1;
		}
		obj = json_loadb(req->body, req->body_len,
		                 JSON_REJECT_DUPLICATES, &jerr);
		if (obj == NULL) {
			/* Position only: jansson's text quotes the input. */
			snprintf(msg, sizeof(msg),
			         "the body is not valid JSON (line %d, column "
			         "%d)",
			         jerr.line, jerr.column);
			fail(resp, 400, "bad-request", NULL, msg);
			return -1;
		}
		if (!json_is_object(obj)) {
			json_decref(obj);
			fail(resp, 400, "bad-request", NULL,
			     "the body must be a JSON object");
			return -1;
		}
	}
	json_object_foreach(params, key, v)
	{
		json_t *given = json_object_get(obj, key);

		if (given && !json_equal(given, v)) {
			char msg[96];

			snprintf(msg, sizeof(msg),
			         "%s is given by the path and must not differ "
			         "in the body",
			         key);
			json_decref(obj);
			fail(resp, 400, "bad-request", key, msg);
			return -1;
		}
		json_object_set(obj, key, v);
	}
	if (check_fields(r, get, obj, params, &err) < 0) {
		json_decref(obj);
		fail_err(resp, &err);
		return -1;
	}
	*in = obj;
	return 0;
}

/* Scope ----------------------------------------------------------------- */

/* Resolves the patient a scoped route touches and checks the caller may
 * reach it.  Returns 0, or -1 with resp filled (404 for missing and for
 * out-of-scope records alike; the latter is audited). */
static int
check_scope(const struct br_api *api, struct br_store *store,
            const struct caller *c, const struct br_route *r, json_t *params,
            const char *origin, struct br_http_resp *resp)
{
	struct br_err err = BR_ERR_INIT;
	struct br_patient p;
	struct br_episode e;
	int64_t id;
	bool ok;
	int rc;

	(void)api;
	if (r->scope == BR_SCOPE_NONE)
		return 0;
	if (r->scope == BR_SCOPE_PATIENT) {
		id = json_integer_value(json_object_get(params, "patient_id"));
		rc = br_store_patient_get(store, id, &p, &err);
	} else {
		id = json_integer_value(json_object_get(params, "episode_id"));
		/* One read transaction for the two look-ups. */
		rc = br_store_begin_read(store, &err);
		if (rc == 0)
			rc = br_store_episode_get(store, id, &e, &err);
		if (rc == 0)
			rc = br_store_patient_get(store, e.patient_id, &p,
			                          &err);
		if (rc == 0)
			rc = br_store_end_read(store, &err);
		else
			br_store_rollback(store);
	}
	if (rc < 0) {
		fail_err(resp, &err);
		return -1;
	}
	if (c->role == BR_ROLE_PATIENT)
		ok = c->user.patient_id == p.id;
	else if (c->role == BR_ROLE_PRACTITIONER)
		ok = c->user.clinic_id != 0 && c->user.clinic_id == p.clinic_id;
	else
		ok = false;
	if (ok)
		return 0;
	audit_refusal(store, c, r, origin, p.id, "denied");
	/* The same answer as for a record that does not exist. */
	if (r->scope == BR_SCOPE_PATIENT)
		br_error(&err, BR_ENOTFOUND, "patient_id",
		         "there is no patient %lld", (long long)id);
	else
		br_error(&err, BR_ENOTFOUND, "episode_id",
		         "there is no episode %lld", (long long)id);
	fail_err(resp, &err);
	return -1;
}

/* The patient a scoped route names, for the audit of a refusal before the
 * scope check; 0 when none or not found. */
static int64_t
target_patient(struct br_store *store, const struct br_route *r, json_t *params)
{
	struct br_err err = BR_ERR_INIT;
	struct br_episode e;

	if (r->scope == BR_SCOPE_PATIENT)
		return json_integer_value(
		        json_object_get(params, "patient_id"));
	if (r->scope == BR_SCOPE_EPISODE &&
	    br_store_episode_get(
	            store,
	            json_integer_value(json_object_get(params, "episode_id")),
	            &e, &err) == 0)
		return e.patient_id;
	return 0;
}

/* Special routes -------------------------------------------------------- */

static void
set_cookie(const struct br_api *api, struct br_http_resp *resp,
           const char *token, int64_t max_age)
{
	snprintf(resp->set_cookie, sizeof(resp->set_cookie),
	         "%s=%s; Path=/; Max-Age=%lld; HttpOnly; SameSite=Strict%s",
	         br_api_cookie_name(api), token, (long long)max_age,
	         api->secure_cookies ? "; Secure" : "");
}

/* The session: who, the CSRF token, when it ends, and the server's
 * today (the web app's default date: "not in the future" is judged by
 * the server's clock). */
static json_t *
session_view(const struct br_api *api, const struct caller *c,
             const char *token)
{
	char csrf[BR_TOKEN_HEX], today[BR_DATE_LEN];

	br_auth_csrf(token, csrf);
	br_format_date(api->today != INT32_MIN ? api->today : br_today_local(),
	               today);
	return json_pack("{s:o, s:s, s:I, s:s}", "user", br_view_user(&c->user),
	                 "csrf_token", csrf, "expires_at",
	                 (json_int_t)c->expires_at, "today", today);
}

static void
app_for(const struct br_api *api, struct br_store *store,
        const struct caller *c, const char *origin, struct br_app *app)
{
	memset(app, 0, sizeof(*app));
	app->store = store;
	app->today = api->today != INT32_MIN ? api->today : br_today_local();
	app->actor = c->signed_in ? c->user.email : "anonymous";
	app->user_id = c->signed_in ? c->user.id : 0;
	app->origin = origin;
	app->quiet = true;
	app->instruments_dir = api->instruments_dir;
}

static void
do_login(const struct br_api *api, struct br_store *store,
         const struct br_http_req *req, json_t *in, struct br_http_resp *resp)
{
	struct br_err err = BR_ERR_INIT;
	struct caller c;
	struct br_app app;
	char token[BR_TOKEN_HEX];
	int retry = 0, rc;

	memset(&c, 0, sizeof(c));
	app_for(api, store, &c, req->origin, &app);
	rc = br_auth_login(&app, &api->auth, in, token, &c.user, &c.expires_at,
	                   &retry, &err);
	if (rc == BR_EPERM && retry > 0) {
		resp->retry_after = retry;
		fail(resp, 429, "rate-limited", NULL, err.msg);
		return;
	}
	if (rc == BR_EPERM) {
		fail(resp, 401, "unauthenticated", NULL, err.msg);
		return;
	}
	if (rc < 0) {
		fail_err(resp, &err);
		return;
	}
	c.signed_in = true;
	set_cookie(api, resp, token, api->auth.max_s);
	resp->status = 200;
	resp->body = session_view(api, &c, token);
	memset(token, 0, sizeof(token));
}

/* The page behind a one-time link: whom it is for, or using it. */
static void
do_invitation(const struct br_api *api, struct br_store *store,
              const struct br_http_req *req, bool use, json_t *in,
              struct br_http_resp *resp)
{
	struct br_err err = BR_ERR_INIT;
	struct caller c;
	struct br_app app;
	char token[BR_TOKEN_HEX];
	json_t *out = NULL;
	int status = 0, retry = 0, rc;

	memset(&c, 0, sizeof(c));
	app_for(api, store, &c, req->origin, &app);
	if (use)
		rc = br_app_invitation_accept(&app, &api->auth, in, token,
		                              &c.user, &c.expires_at, &status,
		                              &retry, &err);
	else
		rc = br_app_invitation_show(&app, &api->auth, in, &out, &status,
		                            &retry, &err);
	if (rc == 0) {
		resp->status = 200;
		if (use) {
			c.signed_in = true;
			set_cookie(api, resp, token, api->auth.max_s);
			resp->body = session_view(api, &c, token);
			memset(token, 0, sizeof(token));
		} else {
			resp->body = out;
		}
	} else if (status == 429) {
		resp->retry_after = retry;
		fail(resp, 429, "rate-limited", NULL, err.msg);
	} else if (status == 410) {
		fail(resp, 410, "gone", err.field, err.msg);
	} else {
		fail_err(resp, &err);
	}
}

static void
do_openapi(struct br_http_resp *resp)
{
	for (const struct br_embedded_file *f = br_http_files; f->name; f++)
		if (strcmp(f->name, "openapi.json") == 0) {
			resp->status = 200;
			resp->raw = f->bytes;
			resp->raw_len = f->len;
			return;
		}
	fail(resp, 404, "not-found", NULL, "there is no such resource");
}

/* The HTML report's policy: its own inline style sheet and SVG charts,
 * nothing to load, no script. */
#define REPORT_HTML_CSP                                                        \
	"default-src 'none'; style-src 'unsafe-inline'; img-src data:; "       \
	"base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

/* Sends the report document in format (report/report.h). */
static int
send_report(json_t *report, enum br_report_format format,
            struct br_http_resp *resp, struct br_err *err)
{
	struct br_report_doc doc;
	json_int_t episode = json_integer_value(
	        json_object_get(json_object_get(report, "episode"), "id"));
	int rc = br_report_render(report, format, &doc, err);

	if (rc < 0)
		return rc;
	resp->text = doc.bytes;
	resp->text_len = doc.len;
	resp->text_type = doc.media_type;
	if (format == BR_REPORT_HTML)
		resp->csp = REPORT_HTML_CSP;
	if (format != BR_REPORT_JSON)
		snprintf(resp->disposition, sizeof(resp->disposition),
		         "inline; filename=\"report-%lld.%s\"",
		         (long long)episode, doc.ext);
	return 0;
}

/*
 * Sets key of in to the caller's value (enum br_bind): another value given
 * in the request is refused, as for a path parameter.  The value is taken
 * from the account, never from the request.
 */
static int
bind_caller(const struct caller *c, enum br_bind bind, json_t *in,
            struct br_err *err)
{
	const char *key =
	        bind == BR_BIND_CLINIC ? "clinic_id" : "practitioner_id";
	int64_t value = bind == BR_BIND_CLINIC ? c->user.clinic_id : c->user.id;
	json_t *given = json_object_get(in, key);

	if (bind == BR_BIND_NONE)
		return 0;
	if (value == 0)
		return br_error(err, BR_EPERM, "",
		                "your account has no clinic");
	if (given && !json_is_null(given) &&
	    !(json_is_integer(given) && json_integer_value(given) == value))
		return br_error(err, BR_EINVAL, key,
		                "%s is your account's; leave it out", key);
	json_object_set_new(in, key, json_integer(value));
	return 0;
}

/* The pipeline ---------------------------------------------------------- */

static unsigned
role_bit(const char *role)
{
	if (strcmp(role, "admin") == 0)
		return BR_ROLE_ADMIN;
	if (strcmp(role, "practitioner") == 0)
		return BR_ROLE_PRACTITIONER;
	if (strcmp(role, "patient") == 0)
		return BR_ROLE_PATIENT;
	return 0;
}

void
br_api_handle(const struct br_api *api, struct br_store *store,
              const struct br_http_req *req, struct br_http_resp *resp)
{
	struct br_err err = BR_ERR_INIT;
	const struct br_route *r;
	const char *query;
	struct caller c;
	struct br_app app;
	json_t *params = json_object(), *in = NULL, *out = NULL;
	size_t plen, qlen;
	int fmt = -1, rc;

	memset(resp, 0, sizeof(*resp));
	memset(&c, 0, sizeof(c));
	br_uri_split(req->uri, &plen, &query, &qlen);

	/* 1-2: limits and route. */
	if (req->body_too_big) {
		snprintf(err.msg, sizeof(err.msg),
		         "the body is larger than %zu bytes",
		         br_api_body_max(req->method, req->uri));
		fail(resp, 413, "too-big", NULL, err.msg);
		goto done;
	}
	if (qlen > BR_QUERY_MAX) {
		br_error(&err, BR_ETOOBIG, "query",
		         "the query string is longer than %d bytes",
		         BR_QUERY_MAX);
		fail_err(resp, &err);
		goto done;
	}
	rc = br_route_match(br_api_routes, req->method, req->uri, plen, params,
	                    &r, resp->allow, sizeof(resp->allow), &err);
	if (rc == BR_ECONFLICT) {
		fail(resp, 405, "method-not-allowed", NULL, err.msg);
		goto done;
	}
	if (rc < 0) {
		fail_err(resp, &err);
		goto done;
	}

	/* 3-5: session, CSRF, role. */
	if (r->roles != 0) {
		app_for(api, store, &c, req->origin, &app);
		rc = br_auth_check(&app, &api->auth, req->token, &c.user,
		                   &c.expires_at, &err);
		if (rc == BR_EPERM) {
			if (r->scope != BR_SCOPE_NONE)
				audit_refusal(store, &c, r, req->origin,
				              target_patient(store, r, params),
				              "unauthenticated");
			fail(resp, 401, "unauthenticated", NULL, err.msg);
			goto done;
		}
		if (rc < 0) {
			fail_err(resp, &err);
			goto done;
		}
		c.signed_in = true;
		c.role = role_bit(c.user.role);
		if (strcmp(req->method, "GET") != 0 &&
		    !br_auth_csrf_ok(req->token, req->csrf)) {
			fail(resp, 403, "csrf", NULL,
			     "the X-CSRF-Token header is missing or wrong");
			goto done;
		}
		if ((r->roles & c.role) == 0) {
			audit_refusal(store, &c, r, req->origin,
			              target_patient(store, r, params),
			              "denied");
			fail(resp, 403, "forbidden", NULL,
			     "your account may not do this");
			goto done;
		}
	}

	/* 6-7: input and scope. */
	if (build_input(r, req, query, qlen, params, &in, resp) < 0)
		goto done;
	if (check_scope(api, store, &c, r, params, req->origin, resp) < 0)
		goto done;
	/* If-Match: the version a correction applies to. */
	if (req->if_match && r->body && br_fields_find(r->body, "version") &&
	    json_object_get(in, "version") == NULL) {
		const char *m =
		        req->if_match + strcspn(req->if_match, "0123456789");

		json_object_set_new(in, "version",
		                    json_integer(strtol(m, NULL, 10)));
	}

	/* 8: the use case or a built-in. */
	switch (r->special) {
	case BR_SPECIAL_LOGIN:
		do_login(api, store, req, in, resp);
		goto done;
	case BR_SPECIAL_WHOAMI:
		resp->status = 200;
		resp->body = session_view(api, &c, req->token);
		goto done;
	case BR_SPECIAL_LOGOUT:
		app_for(api, store, &c, req->origin, &app);
		rc = br_auth_logout(&app, req->token, &err);
		if (rc < 0) {
			fail_err(resp, &err);
			goto done;
		}
		set_cookie(api, resp, "", 0);
		resp->status = 200;
		resp->body = json_pack("{s:b}", "signed_out", 1);
		goto done;
	case BR_SPECIAL_OPENAPI:
		do_openapi(resp);
		goto done;
	case BR_SPECIAL_INVITATION_READ:
	case BR_SPECIAL_INVITATION_USE:
		do_invitation(api, store, req,
		              r->special == BR_SPECIAL_INVITATION_USE, in,
		              resp);
		goto done;
	case BR_SPECIAL_NONE:
		break;
	}
	app_for(api, store, &c, req->origin, &app);
	/* A JSON body carries typed values; a query string only text. */
	app.typed_input = strcmp(req->method, "GET") != 0;
	rc = bind_caller(&c, r->bind, in, &err);
	if (rc == 0 && r->out == BR_OUT_REPORT) {
		/* The format is the pipeline's: the use case gives the
		 * document. */
		rc = br_in_enum(in, "format", br_report_formats, false, &fmt,
		                &err);
		json_object_del(in, "format");
	}
	if (rc == 0 && r->out == BR_OUT_TEXT) {
		size_t len;

		rc = br_app_call_text(r->text_fn, &app, in, &resp->text, &len,
		                      &err);
	} else if (rc == 0 && r->upload) {
		upload_now =
		        (struct upload){r->upload, req->body, req->body_len};
		app.typed_input = false; /* the query string's text */
		rc = br_app_call(upload_call, &app, in, &out, &err);
	} else if (rc == 0) {
		rc = br_app_call(r->fn, &app, in, &out, &err);
	}
	if (rc == 0 && r->out == BR_OUT_REPORT)
		rc = send_report(out,
		                 fmt < 0 ? BR_REPORT_JSON
		                         : (enum br_report_format)fmt,
		                 resp, &err);
	if (rc == 0 && r->out == BR_OUT_MEMBER) {
		/* Not JSON: the member's text as it is. */
		const char *s =
		        json_string_value(json_object_get(out, r->text_key));

		resp->text = s ? strdup(s) : NULL;
		resp->text_type = r->media_type;
		if (resp->text == NULL)
			rc = br_error(&err, BR_ENOMEM, "", "out of memory");
	}
	if (r->out == BR_OUT_REPORT || r->out == BR_OUT_MEMBER) {
		json_decref(out);
		out = NULL;
	}
	if (rc < 0) {
		free(resp->text);
		resp->text = NULL;
		resp->text_len = 0;
		resp->text_type = NULL;
		resp->csp = NULL;
		resp->disposition[0] = '\0';
		fail_err(resp, &err);
		goto done;
	}
	resp->status = r->ok_status;
	resp->body = out;
	/* A record's version is its ETag (app/corrections.h). */
	if (json_is_integer(json_object_get(out, "version")) &&
	    json_is_string(json_object_get(out, "kind")))
		snprintf(resp->etag, sizeof(resp->etag), "\"%lld\"",
		         (long long)json_integer_value(
		                 json_object_get(out, "version")));
done:
	json_decref(in);
	json_decref(params);
}
