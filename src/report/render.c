/*
 * render.c - the report in the format asked for (see report.h): the one
 * place that maps a format to its writer and media type.
 */
#include <stdlib.h>
#include <string.h>

#include "report/report.h"

int
br_report_render(const json_t *report, enum br_report_format format,
                 struct br_report_doc *out, struct br_err *err)
{
	unsigned char *pdf = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	out->ext = br_report_formats[format];
	switch (format) {
	case BR_REPORT_JSON:
		out->media_type = "application/json";
		out->bytes = json_dumps(
		        report, JSON_INDENT(2) | JSON_REAL_PRECISION(10));
		if (out->bytes == NULL)
			return br_error(err, BR_ENOMEM, "", "out of memory");
		out->len = strlen(out->bytes);
		return 0;
	case BR_REPORT_HTML:
		out->media_type = "text/html; charset=utf-8";
		out->bytes = br_report_html(report, err);
		if (out->bytes == NULL)
			return err->code;
		out->len = strlen(out->bytes);
		return 0;
	case BR_REPORT_PDF:
		out->media_type = "application/pdf";
		rc = br_report_pdf_mem(report, &pdf, &out->len, err);
		if (rc < 0) {
			free(pdf);
			out->len = 0;
			return rc;
		}
		out->bytes = (char *)pdf;
		return 0;
	}
	return br_error(err, BR_EINVAL, "format", "unknown report format");
}
