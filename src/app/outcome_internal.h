/*
 * outcome_internal.h - what outcome.c shares with report.c: an episode's
 * records loaded once, and the outcome as JSON.
 */
#ifndef BR_APP_OUTCOME_INTERNAL_H
#define BR_APP_OUTCOME_INTERNAL_H

#include "app/internal.h"
#include "core/outcome.h"
#include "store/measures.h"
#include "store/screenings.h"

struct episode_data {
	struct br_episode e;
	struct br_patient p;
	struct br_diary_day *diary; /* the patient's whole diary */
	size_t ndiary;
	struct br_outcome_day *days; /* the same as numbers */
	struct br_session *sess;     /* the episode's, by day */
	size_t nsess;
	struct br_measure *meas; /* the episode's, by day then id */
	size_t nmeas;
	struct br_screening *scr; /* oldest first */
	size_t nscr;
	int32_t end; /* closing day, or today */
};

/* Loads the episode named by in's "episode_id" and its records, within
 * the caller's transaction.  Release with outcome_data_free(). */
int outcome_data_load(struct br_app *app, json_t *in, struct episode_data *d,
                      struct br_err *err);
void outcome_data_free(struct episode_data *d);

/* The outcome document of br_app_outcome; NULL when memory ran out. */
json_t *outcome_json(struct br_app *app, const struct episode_data *d,
                     struct br_err *err);

#endif
