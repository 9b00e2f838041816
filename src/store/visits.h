/*
 * visits.h - appointments (visits), the next-day check-in after a
 * session, calendar feeds, and the plan's courses as visits read them
 * (migration 008; plan_items from 001).
 *
 * A visit's time is local wall-clock time held as starts_at = day number
 * * 1440 + minutes after midnight (core/visits.h).  practitioner_id 0 is
 * the local operator (no account).  Unset values: "" for text, 0 for ids.
 *
 * Memory: records are filled into caller storage and own no heap memory;
 * list functions return an array the caller frees with free().
 *
 * The record structs are in model/visits.h.
 */
#ifndef BR_STORE_VISITS_H
#define BR_STORE_VISITS_H

#include "model/visits.h"
#include "store/store.h"

int br_store_visit_insert(struct br_store *s, const struct br_visit *v,
                          struct br_err *err);
/* By id alone; BR_ENOTFOUND names field. */
int br_store_visit_get(struct br_store *s, int64_t id, const char *field,
                       struct br_visit *out, struct br_err *err);
/* Sets status, session_id and updated_at of the stored visit v->id. */
int br_store_visit_update(struct br_store *s, const struct br_visit *v,
                          struct br_err *err);
/* The first booked or attended visit of practitioner_id overlapping
 * [starts_at, starts_at + minutes), other than exclude_id: *other_id, or
 * 0 when there is none. */
int br_store_visit_overlap(struct br_store *s, int64_t practitioner_id,
                           int64_t starts_at, int minutes, int64_t exclude_id,
                           int64_t *other_id, struct br_err *err);

struct br_visit_filter {
	int64_t patient_id;      /* 0 = any */
	int64_t episode_id;      /* 0 = any */
	int64_t practitioner_id; /* -1 = any */
	int64_t from;            /* starts_at >= from */
	int64_t to;              /* starts_at < to */
};

/* Visits matching f, by start; caller frees *out. */
int br_store_visit_list(struct br_store *s, const struct br_visit_filter *f,
                        struct br_visit **out, size_t *n, struct br_err *err);

/* Plan items with a course frequency --------------------------------- */

struct br_visit_course {
	int64_t item_id;
	char treatment[64];
	int sessions;    /* 0 when not set */
	double per_week; /* 0 when not set */
	int trial;       /* 0 when not set */
	char day[11];
};

/* The episode's active plan items, newest first; caller frees *out. */
int br_store_visit_courses(struct br_store *s, int64_t patient_id,
                           int64_t episode_id, struct br_visit_course **out,
                           size_t *n, struct br_err *err);

/* Sessions as the check-in needs them ------------------------------- */

struct br_session_brief {
	int64_t id;
	int64_t patient_id;
	int64_t episode_id;
	char day[11];
	int pain_after; /* BR_UNSET when not recorded */
};

/* By id alone; BR_ENOTFOUND names field. */
int br_store_session_brief(struct br_store *s, int64_t id, const char *field,
                           struct br_session_brief *out, struct br_err *err);
/* Adds an adverse-event code to a session (nothing when it is there). */
int br_store_session_adverse_add(struct br_store *s, int64_t patient_id,
                                 int64_t session_id, const char *event,
                                 struct br_err *err);

int br_store_checkin_insert(struct br_store *s, const struct br_checkin *c,
                            struct br_err *err);
/* BR_ENOTFOUND (field "session_id") when the session has none. */
int br_store_checkin_get(struct br_store *s, int64_t patient_id,
                         int64_t session_id, struct br_checkin *out,
                         struct br_err *err);
/* An episode's check-ins by session date; caller frees *out. */
int br_store_checkin_list(struct br_store *s, int64_t patient_id,
                          int64_t episode_id, struct br_checkin **out,
                          size_t *n, struct br_err *err);

/* Calendar feeds ----------------------------------------------------- */

struct br_feed {
	int64_t id;
	char token_hash[65];
	bool for_patient;        /* else for a practitioner */
	int64_t practitioner_id; /* when !for_patient; 0 = the local operator */
	int64_t patient_id;      /* when for_patient */
	char created_at[BR_TS_LEN];
	char created_by[80];
	char revoked_at[BR_TS_LEN]; /* "" while active */
};

int br_store_feed_insert(struct br_store *s, const struct br_feed *f,
                         struct br_err *err);
/* The feed with this token hash, revoked or not; BR_ENOTFOUND. */
int br_store_feed_by_hash(struct br_store *s, const char *token_hash,
                          struct br_feed *out, struct br_err *err);
int br_store_feed_get(struct br_store *s, int64_t id, struct br_feed *out,
                      struct br_err *err);
int br_store_feed_revoke(struct br_store *s, int64_t id, const char *at,
                         struct br_err *err);
/* All feeds, newest first; caller frees *out. */
int br_store_feed_list(struct br_store *s, struct br_feed **out, size_t *n,
                       struct br_err *err);

#endif
