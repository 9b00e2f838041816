/*
 * clinic_load.h - the records of a page of a clinic's (or a
 * practitioner's, or every clinic's) patients, each table read once for
 * the whole page: what the due list and Today evaluate per patient in C
 * (app/due.c, app/today.c), instead of a dozen queries per patient.
 *
 * A page is the scope's patients (store/patient_query.h) in the patient
 * list's order (folded name, then id) after a cursor, up to a limit.
 * Every other table is one query over the page: the patients of the
 * scope between the page's first and last keys, through the index of the
 * scope (patients_clinic_key) and each table's key that begins with
 * patient_id, so a page costs what it holds, not what the network holds.
 * Rows come in the page's order of patients, and each table's rows of
 * patient i are [X_at[i], X_at[i + 1]); a patient's rows of one episode
 * are side by side, in the table's own order.
 *
 * What a page holds (BR_CLINIC_DUE, and with BR_CLINIC_TODAY more; a
 * patient or episode only the members the due list and Today read: a
 * patient's id, clinic, name and reference, an episode's ids,
 * practitioner, onset, status, opening and closing days; the others are
 * empty):
 *   episodes   every episode of the page's patients, by opening day, id;
 *              an open one with its last session's day, its last red-flag
 *              screen and the last one waiting for clearance (tier not
 *              none, not cleared), if any; with BR_CLINIC_TODAY every one
 *              with its sessions' count, first and last day
 *   sessions   with their modalities, by episode, day, id: only those of
 *              episodes with an active plan item that has a trial (what a
 *              course's count needs)
 *   items      plan items, by episode, day, id (note not read)
 *   measures   the last day each instrument was given in an episode and
 *              the episode's sessions after that day, by episode,
 *              instrument
 *   exercises  active prescriptions, by episode, day, id, each with its
 *              last log on or after its day and on or before day
 *   quotas     the current quota of each activity, by episode, activity;
 *              pace_logs: each quota's logs since its day, by episode,
 *              activity, day
 * (these of every episode, closed ones too: a seek per patient is
 * cheaper than one more through the patient's episodes)
 *   diary      (day, pain) rows, by episode_id (0 first), day: with
 *              BR_CLINIC_DUE alone, those in [day - 7, day - 1]; with
 *              BR_CLINIC_TODAY those in [day - 13, day], for a patient
 *              with an open episode and none in [day - 6, day] the 7
 *              latest on or before day too, and the 7 before the first
 *              session of each open episode with at least
 *              BR_CLINIC_TRIAL_SESSIONS sessions (marked with its
 *              episode_id): an outcome's baseline and latest windows
 *   visits     (BR_CLINIC_TODAY) visits of open episodes starting on
 *              day, by start, id; patient_name is not filled
 *
 * Memory: br_store_clinic_page fills *out with arrays it allocates (none
 * when it fails); br_store_clinic_page_free releases them.  Rows own no
 * heap memory.
 */
#ifndef BR_STORE_CLINIC_LOAD_H
#define BR_STORE_CLINIC_LOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/exercises.h"
#include "model/pacing.h"
#include "model/plans.h"
#include "model/visits.h"
#include "store/patient_query.h"

/* Sessions after which a course is judged (the default trial): Today
 * reads the outcome's windows of the open episodes that had them. */
#define BR_CLINIC_TRIAL_SESSIONS 4

enum {
	BR_CLINIC_DUE = 1,   /* what the due list reads */
	BR_CLINIC_TODAY = 2, /* and what Today reads besides */
};

/* Where a page starts: after the patient id with folded name key (id 0:
 * from the first).  A page's next is its last patient. */
struct br_clinic_cursor {
	char key[2 * BR_NAME_MAX];
	int64_t id;
};

/* A screen as a page holds it (its flags are not read). */
struct br_clinic_screen {
	char day[11]; /* "" when there is none */
	char tier[12];
	bool cleared;
};

struct br_clinic_episode {
	struct br_episode e;
	int64_t patient_id; /* e.patient_id */
	/* Its sessions: how many (0 unless BR_CLINIC_TODAY), the first
	 * (the same) and the last day ("" none). */
	int sessions;
	char first[11], last[11];
	/* An open one's last screen and last one waiting for clearance. */
	struct br_clinic_screen screen, waiting;
};

struct br_clinic_session {
	int64_t patient_id, episode_id, id;
	char day[11];
	int n_modalities;
	char modalities[BR_MAX_LIST][20];
};

struct br_clinic_measure {
	int64_t patient_id, episode_id;
	char instrument[24];
	char last[11]; /* the last day it was given */
	int since;     /* sessions of the episode after that day */
};

struct br_clinic_exercise {
	struct br_exercise_rx rx;
	char last_log[11]; /* "" when none in [rx.day, day] */
};

struct br_clinic_diary {
	int64_t patient_id;
	int64_t episode_id; /* 0, or the episode whose baseline it is */
	char day[11];
	int pain; /* BR_UNSET when not reported */
};

#define BR_CLINIC_TABLE(type, name)                                            \
	type *name;                                                            \
	size_t n_##name;                                                       \
	size_t *name##_at

struct br_clinic_page {
	size_t n; /* patients */
	struct br_patient *patients;
	struct br_clinic_cursor next; /* the last patient (id 0: none) */
	BR_CLINIC_TABLE(struct br_clinic_episode, episodes);
	BR_CLINIC_TABLE(struct br_clinic_session, sessions);
	BR_CLINIC_TABLE(struct br_plan_item, items);
	BR_CLINIC_TABLE(struct br_clinic_measure, measures);
	BR_CLINIC_TABLE(struct br_clinic_exercise, exercises);
	BR_CLINIC_TABLE(struct br_pacing_quota, quotas);
	BR_CLINIC_TABLE(struct br_pacing_log, pace_logs);
	BR_CLINIC_TABLE(struct br_clinic_diary, diary);
	BR_CLINIC_TABLE(struct br_visit, visits);
};

/*
 * Loads up to limit patients of sc after *after, and what flags
 * (BR_CLINIC_*) say of them as of day (a day number), into *out.  A
 * page with fewer than limit patients is the last.  Reads only: the
 * caller's transaction (or read) holds the snapshot.
 */
int br_store_clinic_page(struct br_store *s, const struct br_patient_scope *sc,
                         const struct br_clinic_cursor *after, int limit,
                         int flags, int32_t day, struct br_clinic_page *out,
                         struct br_err *err);
void br_store_clinic_page_free(struct br_clinic_page *pg);

#endif
