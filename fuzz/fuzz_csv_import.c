/*
 * fuzz_csv_import.c - libFuzzer driver for the CSV importer
 * (interop/csv.c): the first byte picks the table (diary or sessions) and
 * --partial, the rest is the file.  The in-memory store holds one patient
 * (id 1) with one episode (id 2), so rows can reach the checks and writes;
 * each input runs in a transaction that is rolled back.  Corpus:
 * fuzz/corpus/csv_import.
 */
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "interop/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct br_store *store;
/* The importers write through the app's apply functions; "today" is
 * fixed so a run does not depend on the date. */
static struct br_app app = {
        .today = 23000, .actor = "fuzz", .origin = "fuzz", .quiet = true};

static void
setup(void)
{
	struct br_err err = BR_ERR_INIT;
	struct br_clinic c;
	struct br_patient p;
	struct br_episode e;

	memset(&p, 0, sizeof(p));
	memset(&e, 0, sizeof(e));
	p.id = 1;
	snprintf(p.name, sizeof(p.name), "Fuzz");
	snprintf(p.created_at, sizeof(p.created_at), "2026-01-01T00:00:00Z");
	e.id = 2;
	e.patient_id = 1;
	snprintf(e.region, sizeof(e.region), "low-back");
	snprintf(e.onset, sizeof(e.onset), "2025-01-01");
	snprintf(e.opened_on, sizeof(e.opened_on), "2025-01-02");
	snprintf(e.created_at, sizeof(e.created_at), "2026-01-01T00:00:00Z");
	if (br_store_open(":memory:", &store, &err) < 0 ||
	    br_store_begin(store, &err) < 0 ||
	    br_store_clinic_default(store, "Fuzz", &c, &err) < 0 ||
	    (p.clinic_id = c.id, br_store_patient_insert(store, &p, &err)) <
	            0 ||
	    br_store_episode_insert(store, &e, &err) < 0 ||
	    br_store_commit(store, &err) < 0) {
		fprintf(stderr, "fuzz: %s\n", err.msg);
		abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct br_csv_import_opts o = {0};
	struct br_err err = BR_ERR_INIT;
	json_t *report = NULL;

	if (store == NULL)
		setup();
	if (size == 0)
		return 0;
	o.kind = data[0] & 4 ? "measures" : data[0] & 1 ? "sessions" : "diary";
	o.partial = (data[0] & 2) != 0;
	app.store = store;
	if (br_store_begin(store, &err) == 0) {
		br_csv_import(&app, &o, (const char *)data + 1, size - 1,
		              &report, &err);
		br_store_rollback(store);
	}
	json_decref(report);
	return 0;
}
