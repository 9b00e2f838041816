/*
 * group.c - store groups: the write gate of a process's connections to
 * one SQLite database, and their group commit (see store.h).
 *
 * Group commit, and why it keeps every acknowledged write on disk
 * (docs/internals/DURABILITY.md says it at length):
 *
 * - A member commits with synchronous=NORMAL: COMMIT writes the
 *   transaction's frames to the WAL file and returns without flushing it.
 *   With FULL, SQLite would flush the WAL at that point and do nothing
 *   else differently (sqlite.c).
 * - Commits take increasing numbers under the write gate, so the numbers
 *   follow the order of the frames in the log.  When a commit returns,
 *   "written" reaches its number.
 * - The syncer thread takes target = written, flushes the WAL through its
 *   own connection (one fdatasync of the -wal file), then sets synced =
 *   target.  Every frame of commits up to target was in the file before
 *   the flush began, so it is on the disk when the flush returns.  A
 *   checkpoint never loses them either: SQLite flushes the WAL before it
 *   copies frames into the database and flushes the database before the
 *   log is reused ("PRAGMA synchronous", NORMAL: "the WAL file is
 *   synchronized before each checkpoint and the database file is
 *   synchronized after each completed checkpoint").
 * - An answer waits until synced reaches its sync point: the number of
 *   the last commit begun when its work ended, which covers its own
 *   commits and every commit its reads could have seen.
 *
 * The syncer flushes whenever something was written since its last
 * flush; commits that arrive while it flushes wait for the next flush,
 * together.  Callbacks run on the syncer thread, outside the lock.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_internal.h"

int
br_store_group_new(struct br_store_group **out, struct br_err *err)
{
	struct br_store_group *g = calloc(1, sizeof(*g));

	if (g == NULL)
		return br_error(err, BR_ENOMEM, "", "out of memory");
	pthread_mutex_init(&g->gate, NULL);
	pthread_mutex_init(&g->lock, NULL);
	pthread_cond_init(&g->wake, NULL);
	pthread_cond_init(&g->flushed, NULL);
	*out = g;
	return 0;
}

/* Takes the waits that are settled (synced, or failed) off the list. */
static struct br_store_sync_wait *
take_ready(struct br_store_group *g)
{
	struct br_store_sync_wait *ready = NULL, **pp = &g->waits;

	while (*pp) {
		struct br_store_sync_wait *w = *pp;

		if (g->failed || w->point <= g->synced) {
			*pp = w->next;
			w->next = ready;
			ready = w;
		} else {
			pp = &w->next;
		}
	}
	return ready;
}

static void
call_ready(struct br_store_sync_wait *w, int rc)
{
	while (w) {
		struct br_store_sync_wait *next = w->next;

		w->fn(w->arg, rc);
		w = next;
	}
}

static void *
syncer(void *arg)
{
	struct br_store_group *g = arg;

	pthread_mutex_lock(&g->lock);
	for (;;) {
		struct br_store_sync_wait *ready;
		struct br_err err = BR_ERR_INIT;
		uint64_t target;
		int rc;

		while (!g->stop && !g->failed && g->written == g->synced)
			pthread_cond_wait(&g->wake, &g->lock);
		if (g->failed || g->written == g->synced)
			break; /* stopping, with nothing left to flush */
		target = g->written;
		pthread_mutex_unlock(&g->lock);
		rc = g->sync_store->ops->flush_log(g->sync_store->conn, &err);
		pthread_mutex_lock(&g->lock);
		if (rc < 0) {
			/* Once: later flushes cannot be trusted to cover what
			 * this one lost (a failed fsync may drop the pages). */
			fprintf(stderr,
			        "backrest: the database's log could not be "
			        "flushed to the disk (%s); no further change "
			        "is acknowledged until the server restarts\n",
			        err.msg);
			g->failed = true;
		} else {
			g->synced = target;
			g->flushes++;
		}
		ready = take_ready(g);
		pthread_cond_broadcast(&g->flushed);
		pthread_mutex_unlock(&g->lock);
		call_ready(ready, g->failed ? BR_EIO : 0);
		pthread_mutex_lock(&g->lock);
	}
	pthread_mutex_unlock(&g->lock);
	return NULL;
}

int
br_store_group_sync_start(struct br_store_group *g, const char *target,
                          struct br_err *err)
{
	int rc;

	if (br_store_target_is_pg(target))
		return 0;
	rc = br_store_open(target, &g->sync_store, err);
	if (rc < 0)
		return rc;
	if (g->sync_store->ops->flush_log == NULL ||
	    g->sync_store->ops->defer_sync == NULL) {
		br_store_close(g->sync_store);
		g->sync_store = NULL;
		return 0;
	}
	if (pthread_create(&g->syncer, NULL, syncer, g) != 0) {
		br_store_close(g->sync_store);
		g->sync_store = NULL;
		return br_error(err, BR_EIO, "", "cannot start a thread");
	}
	g->deferred = true;
	return 0;
}

void
br_store_group_free(struct br_store_group *g)
{
	if (g == NULL)
		return;
	if (g->deferred) {
		pthread_mutex_lock(&g->lock);
		g->stop = true;
		pthread_cond_signal(&g->wake);
		pthread_mutex_unlock(&g->lock);
		pthread_join(g->syncer, NULL);
		/* Whoever still waits is told (nobody should). */
		call_ready(g->waits,
		           g->failed || g->written != g->synced ? BR_EIO : 0);
		br_store_close(g->sync_store);
	}
	pthread_cond_destroy(&g->flushed);
	pthread_cond_destroy(&g->wake);
	pthread_mutex_destroy(&g->lock);
	pthread_mutex_destroy(&g->gate);
	free(g);
}

void
br_store_group_join(struct br_store *s, struct br_store_group *g)
{
	s->group = g;
	/* If the connection cannot defer its flushes it flushes each commit
	 * itself (FULL), which is as safe. */
	if (g->deferred && s->ops == &br_sqlite_ops &&
	    s->ops->defer_sync(s->conn, true, NULL) == 0)
		s->changes_mark = s->ops->changes(s->conn);
}

/* Whether s's commits are flushed by its group's syncer. */
static bool
deferring(const struct br_store *s)
{
	return s->group && s->group->deferred && s->ops == &br_sqlite_ops;
}

uint64_t
br_store_sync_begin(struct br_store *s)
{
	struct br_store_group *g = s->group;
	uint64_t n;

	if (!deferring(s) || !s->gate_held)
		return 0;
	pthread_mutex_lock(&g->lock);
	n = ++g->begun;
	pthread_mutex_unlock(&g->lock);
	return n;
}

void
br_store_sync_end(struct br_store *s, uint64_t n)
{
	struct br_store_group *g = s->group;

	if (n == 0)
		return;
	s->changes_mark = s->ops->changes(s->conn);
	pthread_mutex_lock(&g->lock);
	if (n > g->written) {
		g->written = n;
		pthread_cond_signal(&g->wake);
	}
	pthread_mutex_unlock(&g->lock);
}

uint64_t
br_store_sync_point(struct br_store *s)
{
	struct br_store_group *g = s->group;
	uint64_t p;

	if (!deferring(s))
		return 0;
	/* Rows changed outside br_store_begin/commit (an autocommit
	 * statement): give that write a number of its own, taken under the
	 * gate so no numbered commit is half written. */
	if (s->ops->changes(s->conn) != s->changes_mark) {
		br_store_gate_take(s);
		br_store_sync_end(s, br_store_sync_begin(s));
		br_store_gate_release(s);
		s->changes_mark = s->ops->changes(s->conn);
	}
	pthread_mutex_lock(&g->lock);
	p = g->begun > g->synced || g->failed ? g->begun : 0;
	pthread_mutex_unlock(&g->lock);
	return p;
}

bool
br_store_group_synced(struct br_store_group *g, uint64_t point)
{
	bool ok;

	if (point == 0)
		return true;
	pthread_mutex_lock(&g->lock);
	ok = !g->failed && point <= g->synced;
	pthread_mutex_unlock(&g->lock);
	return ok;
}

static int
failed(struct br_err *err)
{
	return br_error(err, BR_EIO, "",
	                "the change could not be written to the disk");
}

int
br_store_group_wait(struct br_store_group *g, uint64_t point,
                    struct br_err *err)
{
	bool bad;

	if (point == 0)
		return 0;
	pthread_mutex_lock(&g->lock);
	while (!g->failed && point > g->synced)
		pthread_cond_wait(&g->flushed, &g->lock);
	bad = g->failed;
	pthread_mutex_unlock(&g->lock);
	return bad ? failed(err) : 0;
}

void
br_store_group_notify(struct br_store_group *g, struct br_store_sync_wait *w,
                      uint64_t point, br_store_synced_fn fn, void *arg)
{
	int rc = 0;

	w->point = point;
	w->fn = fn;
	w->arg = arg;
	pthread_mutex_lock(&g->lock);
	if (!g->failed && point > g->synced) {
		w->next = g->waits;
		g->waits = w;
		pthread_mutex_unlock(&g->lock);
		return;
	}
	rc = g->failed ? BR_EIO : 0;
	pthread_mutex_unlock(&g->lock);
	fn(arg, rc);
}

uint64_t
br_store_group_flushes(struct br_store_group *g)
{
	uint64_t n;

	pthread_mutex_lock(&g->lock);
	n = g->flushes;
	pthread_mutex_unlock(&g->lock);
	return n;
}

void
br_store_gate_take(struct br_store *s)
{
	if (s->group && s->ops == &br_sqlite_ops && !s->gate_held) {
		pthread_mutex_lock(&s->group->gate);
		s->gate_held = true;
	}
}

void
br_store_gate_release(struct br_store *s)
{
	if (s->gate_held) {
		s->gate_held = false;
		pthread_mutex_unlock(&s->group->gate);
	}
}

bool
br_store_abandon_write(struct br_store *s)
{
	if (!s->gate_held)
		return false;
	br_store_rollback(s);
	return true;
}
