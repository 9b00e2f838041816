/*
 * records.c - the episode (and session) a record read by an importer
 * belongs to, loaded inside the import's transaction for the app's apply
 * functions (see records.h).
 */
#include "interop/records.h"

#include "store/store.h"

int
br_interop_episode(struct br_app *app, int64_t patient_id, int64_t episode_id,
                   struct br_episode *e, struct br_err *err)
{
	int rc = br_store_episode_get(app->store, episode_id, e, err);

	if (rc == 0 && patient_id && e->patient_id != patient_id)
		rc = br_error(err, BR_EINVAL, "episode_id",
		              "episode %lld belongs to another patient",
		              (long long)episode_id);
	return rc;
}

int
br_interop_session(struct br_app *app, int64_t patient_id, int64_t session_id,
                   struct br_session_brief *s, struct br_err *err)
{
	int rc = br_store_session_brief(app->store, session_id, "session_id", s,
	                                err);

	if (rc == 0 && patient_id && s->patient_id != patient_id)
		rc = br_error(err, BR_EINVAL, "session_id",
		              "session %lld belongs to another patient",
		              (long long)session_id);
	return rc;
}
