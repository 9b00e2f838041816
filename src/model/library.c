/*
 * library.c - the embedded evidence file and exercise library (see
 * library.h).
 */
#include "model/library.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/embed.h"

static struct br_evidence evidence;
static struct br_exercises exercises;
static pthread_once_t evidence_once = PTHREAD_ONCE_INIT;
static pthread_once_t exercises_once = PTHREAD_ONCE_INIT;

static void
load_evidence(void)
{
	const struct br_embedded_file *f = br_embedded_data("evidence.json");
	struct br_err err = BR_ERR_INIT;

	if (f == NULL ||
	    br_evidence_parse("evidence.json", (const char *)f->bytes, f->len,
	                      &evidence, &err) < 0) {
		fprintf(stderr, "backrest: embedded evidence.json: %s\n",
		        err.msg);
		abort();
	}
}

static void
load_exercises(void)
{
	const struct br_embedded_file *f = br_embedded_data("exercises.json");
	struct br_err err = BR_ERR_INIT;

	if (f == NULL ||
	    br_exercises_parse("exercises.json", (const char *)f->bytes, f->len,
	                       &exercises, &err) < 0) {
		fprintf(stderr, "backrest: embedded exercises.json: %s\n",
		        err.msg);
		abort();
	}
}

const struct br_evidence *
br_library_evidence(void)
{
	pthread_once(&evidence_once, load_evidence);
	return &evidence;
}

const struct br_exercises *
br_library_exercises(void)
{
	pthread_once(&exercises_once, load_exercises);
	return &exercises;
}
