/*
 * audit_csv.h - the audit log's filtered view as CSV (the administration
 * page's export): the cells guarded against spreadsheet formulas exactly
 * as the record exports guard theirs (csv_write.c).
 */
#ifndef BR_INTEROP_AUDIT_CSV_H
#define BR_INTEROP_AUDIT_CSV_H

#include "app/app.h"

/* in: the filter of br_app_audit_search without "before" ("limit" 1 to
 * 10000, default 100); out {"csv": the text, "rows": the count}.  The
 * export is itself audited (audit.export). */
int br_app_audit_export(struct br_app *app, json_t *in, json_t **out,
                        struct br_err *err);

#endif
