/*
 * measures.h - use cases: score a questionnaire (stateless), record and
 * list an episode's measures, and the STarT Back risk group with its
 * matched-care pathway.  Conventions as in app.h.
 *
 * A score is printed as {"instrument", "score" (number or null), "band"
 * (id or null), "subscores" {...}, "answered", "complete", "notes"
 * [...]}; a stored measure adds its "id", "episode_id", "date",
 * "version", "recall" and "answers" (codes, null for skipped items).
 */
#ifndef BR_APP_MEASURES_H
#define BR_APP_MEASURES_H

#include "app/app.h"
#include "model/measures.h"

/* in {"instrument", "answers"}; touches no store. */
int br_app_score(struct br_app *app, json_t *in, json_t **out,
                 struct br_err *err);
/* The instrument set: in {}; out: array of {"id", "name", "items", ...}. */
int br_app_instrument_list(struct br_app *app, json_t *in, json_t **out,
                           struct br_err *err);
/* One instrument's definition: in {"instrument"}; out: the definition. */
int br_app_instrument_show(struct br_app *app, json_t *in, json_t **out,
                           struct br_err *err);
/* in {"episode_id", "instrument", "answers", "date"} (br_measure_fields):
 * scores the answers, begin, br_app_measure_apply, audit
 * "measure.create", commit. */
int br_app_measure_add(struct br_app *app, json_t *in, json_t **out,
                       struct br_err *err);
/*
 * Stores the measure m of episode e inside the caller's open transaction,
 * which it neither begins nor ends nor audits.  m comes filled with its
 * instrument, day, answers and their score (as br_instrument_score gave
 * it); it must pass br_rec_measure_check, name a known instrument and be
 * dated within the episode (not before its onset, not after it closed).
 * Sets patient_id and episode_id, and id and created_at unless given (an
 * importer keeps the ones it read), inserts it and sets the
 * episode's risk group when the instrument stratifies.
 */
int br_app_measure_apply(struct br_app *app, const struct br_episode *e,
                         struct br_measure *m, struct br_err *err);
/* Scores m again from its instrument and answers (a correction of
 * either): the score, band, subscores and notes follow; its id, day,
 * created_at and source are kept; patient and episode are apply's. */
int br_app_measure_rescore(struct br_app *app, struct br_measure *m,
                           struct br_err *err);
/* After a measure of instrument left episode e (entered in error): the
 * episode's risk group follows from the latest one left. */
int br_app_measure_removed(struct br_app *app, const struct br_episode *e,
                           const char *instrument, struct br_err *err);
/* in {"episode_id", "instrument"}; out: array of measures. */
int br_app_measure_list(struct br_app *app, json_t *in, json_t **out,
                        struct br_err *err);

/* Within a transaction: the episode's stratification for episode show,
 * {"risk_group", "instrument", "date", "pathway", "caveat", "source"}, or
 * a new json null when no risk group is set. */
json_t *br_app_risk_view(struct br_app *app, const struct br_episode *e);

#endif
