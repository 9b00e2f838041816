/*
 * audit_csv.c - the filtered audit log as CSV (see audit_csv.h).
 */
#include <stdio.h>
#include <stdlib.h>

#include "app/internal.h"
#include "app/users.h"
#include "interop/audit_csv.h"
#include "interop/csv.h"

static void
id_cell(FILE *f, bool first, int64_t v)
{
	char buf[24] = "";

	if (v)
		snprintf(buf, sizeof(buf), "%lld", (long long)v);
	br_csv_cell(f, first, buf, NULL);
}

int
br_app_audit_export(struct br_app *app, json_t *in, json_t **out,
                    struct br_err *err)
{
	struct br_audit_filter flt;
	struct br_audit_row *rows = NULL;
	char from[BR_DATE_LEN], until[BR_DATE_LEN], *text = NULL;
	size_t n = 0, len = 0;
	json_t *result = NULL;
	FILE *f;
	int rc;

	if (br_in_has(in, "before"))
		return br_error(err, BR_EINVAL, "before",
		                "the export takes no page: leave before out");
	rc = br_app_audit_filter_read(in, &flt, from, until, 10000, err);
	if (rc < 0)
		return rc;
	rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	rc = br_store_audit_filter(app->store, &flt, &rows, &n, err);
	if (rc == 0)
		rc = br_app_audit(app, "audit.export", flt.patient_id, NULL, 0,
		                  err);
	if (rc == 0 && (f = open_memstream(&text, &len)) == NULL)
		rc = br_error(err, BR_ENOMEM, "", "out of memory");
	if (rc == 0) {
		fputs("id,at,actor,user_id,action,patient_id,record,origin,"
		      "outcome\r\n",
		      f);
		for (size_t i = 0; i < n; i++) {
			const struct br_audit_row *r = &rows[i];

			id_cell(f, true, r->id);
			br_csv_cell(f, false, r->at, NULL);
			br_csv_cell(f, false, r->actor, NULL);
			id_cell(f, false, r->user_id);
			br_csv_cell(f, false, r->action, NULL);
			id_cell(f, false, r->patient_id);
			br_csv_cell(f, false, r->record, NULL);
			br_csv_cell(f, false, r->origin, NULL);
			br_csv_cell(f, false, r->outcome, NULL);
			fputs("\r\n", f);
		}
		if (fclose(f) != 0)
			rc = br_error(err, BR_ENOMEM, "", "out of memory");
	}
	if (rc == 0)
		result = json_pack("{s:s, s:I}", "csv", text, "rows",
		                   (json_int_t)n);
	free(text);
	free(rows);
	return br_app_finish(app, rc, result, out, err);
}
