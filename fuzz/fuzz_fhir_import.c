/*
 * fuzz_fhir_import.c - libFuzzer driver for the FHIR Bundle importer
 * (interop/fhir_import.c): any bytes are parsed as JSON and imported into
 * an in-memory store inside a transaction that is rolled back, so every
 * input starts from the same store.  Corpus: fuzz/corpus/fhir_import.
 */
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "interop/fhir.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct br_store *store;
/* The importers write through the app's apply functions; "today" is
 * fixed so a run does not depend on the date. */
static struct br_app app = {
        .today = 23000, .actor = "fuzz", .origin = "fuzz", .quiet = true};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct br_fhir_import_opts o = {.skip_unknown = size % 2 == 1};
	struct br_err err = BR_ERR_INIT;
	json_t *bundle, *report = NULL;

	if (store == NULL && br_store_open(":memory:", &store, &err) < 0) {
		fprintf(stderr, "fuzz: %s\n", err.msg);
		abort();
	}
	bundle = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES,
	                    NULL);
	if (bundle == NULL)
		return 0;
	app.store = store;
	if (br_store_begin(store, &err) == 0) {
		br_fhir_import(&app, bundle, &o, &report, &err);
		br_store_rollback(store);
	}
	json_decref(report);
	json_decref(bundle);
	return 0;
}
