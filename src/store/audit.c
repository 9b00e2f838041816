/*
 * audit.c - the append-only audit log of reads and writes of patient
 * records, and the group commit of the audit rows of reads (store.h).
 */
#include <string.h>

#include "store/store_internal.h"

int
br_store_audit_append(struct br_store *s, const struct br_audit_entry *a,
                      struct br_err *err)
{
	static const char q[] = "INSERT INTO audit_log (audit_id, at, actor, "
	                        "user_id, action, patient_id, record, origin, "
	                        "outcome) VALUES ($1, $2, $3, $4, $5, $6, $7, "
	                        "$8, $9)";
	struct br_db_stmt *st;
	char now[BR_TS_LEN];
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_store_now(now);
	br_db_bind_i64(st, 1, br_store_new_id());
	br_db_bind_text(st, 2, now);
	br_db_bind_text(st, 3, a->actor ? a->actor : "unknown");
	if (a->user_id)
		br_db_bind_i64(st, 4, a->user_id);
	else
		br_db_bind_text(st, 4, NULL);
	br_db_bind_text(st, 5, a->action);
	if (a->patient_id)
		br_db_bind_i64(st, 6, a->patient_id);
	else
		br_db_bind_text(st, 6, NULL);
	br_db_bind_text(st, 7, a->record);
	br_db_bind_text(st, 8, a->origin ? a->origin : "unknown");
	br_db_bind_text(st, 9, a->outcome ? a->outcome : "ok");
	return br_db_run(st, err);
}

/* One caller of br_store_audit_commit waiting in its group's queue; on
 * the caller's stack. */
struct br_audit_wait {
	const struct br_audit_entry *a;
	struct br_audit_wait *next;
	bool done;
	int rc;
	struct br_err err;
};

/* The rows of batch (in queue order) in one transaction on s. */
static int
commit_batch(struct br_store *s, struct br_audit_wait *batch,
             struct br_err *err)
{
	int rc = br_store_begin(s, err);

	for (struct br_audit_wait *w = batch; rc == 0 && w; w = w->next)
		rc = br_store_audit_append(s, w->a, err);
	if (rc == 0)
		return br_store_commit(s, err);
	br_store_rollback(s);
	return rc;
}

int
br_store_audit_commit(struct br_store *s, const struct br_audit_entry *a,
                      struct br_err *err)
{
	struct br_store_group *g = s->group;
	struct br_audit_wait me, **tail;

	if (g == NULL) {
		struct br_audit_wait one = {.a = a};

		return commit_batch(s, &one, err);
	}
	memset(&me, 0, sizeof(me));
	me.a = a;
	pthread_mutex_lock(&g->lock);
	/* Rows keep their arrival order. */
	for (tail = &g->queue; *tail; tail = &(*tail)->next)
		;
	*tail = &me;
	while (!me.done) {
		struct br_audit_wait *batch;
		struct br_err berr = BR_ERR_INIT;
		int rc;

		if (g->committing) {
			pthread_cond_wait(&g->done, &g->lock);
			continue;
		}
		/* Lead: commit everything queued so far, this row included,
		 * while later callers queue up for the next batch. */
		g->committing = true;
		batch = g->queue;
		g->queue = NULL;
		pthread_mutex_unlock(&g->lock);
		rc = commit_batch(s, batch, &berr);
		pthread_mutex_lock(&g->lock);
		for (struct br_audit_wait *w = batch, *next; w; w = next) {
			next = w->next;
			w->rc = rc;
			w->err = berr;
			w->next = NULL;
			w->done = true;
		}
		g->committing = false;
		pthread_cond_broadcast(&g->done);
	}
	pthread_mutex_unlock(&g->lock);
	if (me.rc < 0 && err)
		*err = me.err;
	return me.rc;
}
