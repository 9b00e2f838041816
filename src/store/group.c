/*
 * group.c - store groups: the write gate of a process's connections to
 * one SQLite database (see store.h).
 */
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
	*out = g;
	return 0;
}

void
br_store_group_free(struct br_store_group *g)
{
	if (g == NULL)
		return;
	pthread_mutex_destroy(&g->gate);
	free(g);
}

void
br_store_group_join(struct br_store *s, struct br_store_group *g)
{
	s->group = g;
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
