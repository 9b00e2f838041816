/*
 * records.h - what the FHIR and CSV mappings read and write of the
 * records: the model's field tables and vocabularies (model/checks.h),
 * and the app's apply functions
 * (app/app.h) through which the importers write those records, so an
 * import passes the same rules as the use cases without a copy of them
 * here.
 */
#ifndef BR_INTEROP_RECORDS_H
#define BR_INTEROP_RECORDS_H

#include "app/app.h"
#include "app/checkin.h"
#include "app/exercise.h"
#include "app/herbal.h"
#include "app/intake.h"
#include "app/measures.h"
#include "app/pacing.h"
#include "app/plan.h"
#include "app/screening.h"
#include "app/tcm.h"
#include "app/visits.h"
#include "model/checks.h"
#include "store/store.h"
#include "store/visits.h"

/* Inside the import's transaction: the stored episode episode_id, which
 * must be patient_id's (when patient_id is not 0), for an apply function
 * of app that takes the episode its record belongs to.  BR_ENOTFOUND when
 * there is none, BR_EINVAL when it is another patient's. */
int br_interop_episode(struct br_app *app, int64_t patient_id,
                       int64_t episode_id, struct br_episode *e,
                       struct br_err *err);
/* The same for a session (the check-in's). */
int br_interop_session(struct br_app *app, int64_t patient_id,
                       int64_t session_id, struct br_session_brief *s,
                       struct br_err *err);

#endif
