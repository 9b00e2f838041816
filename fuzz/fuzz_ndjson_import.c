/*
 * fuzz_ndjson_import.c - libFuzzer driver for the streamed NDJSON importer
 * (interop/fhir_ndjson.c): the bytes become Observation.ndjson and
 * Patient.ndjson (split at the first form feed, else all in the first) of
 * a temporary directory, imported into an in-memory store inside a
 * transaction that is rolled back.  Corpus: fuzz/corpus/ndjson_import.
 */
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "interop/fhir.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct br_store *store;
/* The importers write through the app's apply functions; "today" is
 * fixed so a run does not depend on the date. */
static struct br_app app = {
        .today = 23000, .actor = "fuzz", .origin = "fuzz", .quiet = true};
static char dir[64];

static void
put(const char *name, const uint8_t *data, size_t size)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (f == NULL)
		abort();
	if (size && fwrite(data, 1, size, f) != size)
		abort();
	fclose(f);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct br_fhir_ndjson_opts o = {.skip_unknown = size % 2 == 1};
	struct br_err err = BR_ERR_INIT;
	const uint8_t *ff = memchr(data, '\f', size);
	size_t first = ff ? (size_t)(ff - data) : size;
	json_t *report = NULL;

	if (store == NULL) {
		snprintf(dir, sizeof(dir), "/tmp/br-fuzz-ndjson-XXXXXX");
		if (mkdtemp(dir) == NULL ||
		    br_store_open(":memory:", &store, &err) < 0) {
			fprintf(stderr, "fuzz: %s\n", err.msg);
			abort();
		}
	}
	put("Observation.ndjson", data, first);
	put("Patient.ndjson", ff ? ff + 1 : data, ff ? size - first - 1 : 0);
	app.store = store;
	if (br_store_begin(store, &err) == 0) {
		br_fhir_import_ndjson(&app, dir, &o, &report, &err);
		br_store_rollback(store);
	}
	json_decref(report);
	return 0;
}
