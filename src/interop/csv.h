/*
 * csv.h - the diary and the sessions as CSV tables (docs/csv.md), read and
 * written with libcsv.
 *
 * A table has a header row naming its columns; dates are ISO 8601, clock
 * times HH:MM, lists (modalities, points, regions, adverse events) are
 * separated by ';' within a cell, and an empty cell is "not recorded".
 * Import runs inside the caller's write transaction and writes each good
 * row as it goes; the caller rolls back when the import fails (every row
 * is all-or-nothing unless partial).
 */
#ifndef BR_INTEROP_CSV_H
#define BR_INTEROP_CSV_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

#include "app/app.h"
#include "core/err.h"
#include "store/store.h"

/* "diary", "sessions", "measures", "outcomes" (export only);
 * NULL-terminated. */
extern const char *const br_csv_kinds[];

/* Writes the table of kind for every patient (or only patient_id) to f;
 * *rows is the number of data rows. */
int br_csv_export(struct br_store *s, const char *kind, int64_t patient_id,
                  FILE *f, long *rows, struct br_err *err);
/* The outcome document of an episode (`backrest outcome`, app/outcome.h)
 * for the diary-pain row of the outcomes table: a new reference in *out,
 * computed by the caller's use case so the table and the command agree. */
struct br_episode;
struct br_csv_outcome {
	int (*fn)(void *ctx, const struct br_episode *e, json_t **out,
	          struct br_err *err);
	void *ctx;
};
/* The same with the instrument definitions of instruments_dir (measures,
 * outcomes; NULL: the built-in ones) and, for outcomes, the diary outcome
 * of each episode (oc NULL: instrument rows only). */
int br_csv_export_ex(struct br_store *s, const char *kind, int64_t patient_id,
                     const char *instruments_dir,
                     const struct br_csv_outcome *oc, FILE *f, long *rows,
                     struct br_err *err);

/*
 * Formula injection (OWASP, "CSV Injection"): a spreadsheet runs a cell
 * that starts with '=', '+', '-', '@', a tab or a carriage return.  A text
 * cell that does (after any leading single quotes), and is not a plain
 * number such as -3, is written with one more single quote in front, and
 * import removes that quote again, so export and import are inverses.
 * br_csv_cell writes s so guarded (quoted as RFC 4180 needs, and always
 * when it holds one of the characters of quote_also); br_csv_unguard
 * removes the quote in place.
 */
void br_csv_cell(FILE *f, bool first, const char *s, const char *quote_also);
void br_csv_unguard(char *s);

struct br_csv_import_opts {
	const char *kind;
	bool partial;  /* keep the good rows when some are rejected */
	bool progress; /* report progress on stderr */
	const char *instruments_dir; /* measures: NULL for the built-in ones */
};

/*
 * Imports the CSV text data[0..len) within the caller's open write
 * transaction (app's store), diary days and sessions through their app
 * apply functions (app/app.h): a row the record's rules refuse is
 * rejected like a row with a bad cell.  *report: {"rows", "imported",
 * "unchanged", "rejected": [{"line", "column", "reason"}], "patients":
 * [ids written]}.  Without partial, any rejected row fails the whole import
 * (BR_EINVAL naming the first; the report is still set for listing) and the
 * caller must roll back.
 */
int br_csv_import(struct br_app *app, const struct br_csv_import_opts *o,
                  const char *data, size_t len, json_t **report,
                  struct br_err *err);

#endif
