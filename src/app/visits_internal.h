/*
 * visits_internal.h - what the files of the visit use cases share
 * (visits.c: time, views, input and overlap checks, adherence;
 * visits_booking.c: book, list, status; visits_courses.c: propose and book
 * a course; visits_feeds.c: the calendar and its feeds).
 *
 * Ownership: vi_view_visit returns a new json_t reference the caller owns.
 */
#ifndef BR_APP_VISITS_INTERNAL_H
#define BR_APP_VISITS_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "app/checkin.h"
#include "app/internal.h"
#include "app/visits.h"
#include "core/ical.h"
#include "core/visits.h"
#include "model/checks_clinical.h"
#include "store/users.h"

#define DEFAULT_START  (9 * 60) /* a course with no earlier visit */
#define FEED_PAST_DAYS 90       /* how far back a calendar reaches */
#define FEED_PATH      "/api/v1/calendar.ics?key="
/* Who is looking: address visibility. */
struct viewer {
	int64_t user_id;    /* 0 = the local operator */
	int64_t patient_id; /* a patient account's patient, else 0 */
};

/* The visit's own fields shared by book, propose and book-course. */
struct booking {
	int minutes;
	char place[8];
	const char *address;
	int64_t practitioner_id;
	bool practitioner_given;
};

/* Shared helpers (defined in the visits*.c files). */

/* visits.c */
int64_t vi_local_to_utc(int64_t local_minute);
int64_t vi_stamp_to_utc(const char *ts);
int vi_load_viewer(struct br_app *app, struct viewer *w, struct br_err *err);
json_t *vi_id_opt(int64_t id);
json_t *vi_view_visit(const struct viewer *w, const struct br_visit *v);
int vi_read_booking(json_t *in, struct booking *b, struct br_err *err);
int vi_check_practitioner(struct br_app *app, int64_t id, int64_t clinic,
                          struct br_err *err);
int vi_choose_practitioner(struct br_app *app, const struct booking *b,
                           const struct br_episode *e, int64_t *out,
                           struct br_err *err);
int vi_load_open_episode(struct br_app *app, json_t *in, struct br_episode *e,
                         struct br_err *err);
int vi_find_conflict(struct br_app *app, int64_t practitioner, int64_t patient,
                     int64_t start, int minutes, int64_t *other,
                     bool *same_patient, struct br_err *err);
int vi_check_free(struct br_app *app, int64_t practitioner, int64_t patient,
                  int64_t start, int minutes, const char *field,
                  struct br_err *err);
int vi_not_past(struct br_app *app, const char *field, int64_t start,
                struct br_err *err);
void vi_fill_visit(struct br_visit *v, const struct br_episode *e,
                   const struct booking *b, int64_t practitioner,
                   int64_t start);

#endif
