/*
 * report_html.c - the visit summary as one self-contained HTML page
 * (report.h): inline CSS with print rules for one A4 page, the charts as
 * inline SVG, no script, nothing fetched.  Every text from the record is
 * escaped.
 */
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "report/report.h"
#include "report/report_internal.h"
#include "report/svg.h"

static const char css[] =
        "body{font-family:'DejaVu Sans',Verdana,Arial,sans-serif;"
        "color:#222;max-width:760px;margin:1.5em auto;padding:0 1em;"
        "font-size:14px;line-height:1.35}\n"
        "h1{font-size:1.35em;margin:0}h2{font-size:1.05em;margin:1em 0 "
        ".3em;border-bottom:1px solid #ccc}\n"
        ".sub,.small,.gen{color:#555;font-size:.85em}\n"
        "table{border-collapse:collapse;width:100%;font-size:.88em}\n"
        "th,td{text-align:left;padding:.15em .4em;border-bottom:1px solid "
        "#eee;vertical-align:top}th{color:#555;font-weight:600}\n"
        "section{margin:0}.lead{margin:.2em 0}\n"
        ".tone-good h2{border-color:#27ae60}.tone-warn h2{border-color:"
        "#e67e22}\n"
        ".tone-alert{background:#fdecea;border:2px solid #c0392b;padding:"
        ".3em .6em}.tone-alert .lead{font-weight:700;color:#a93226}\n"
        "svg{max-width:100%;height:auto;display:block}\n"
        ".charts{display:flex;flex-wrap:wrap;gap:.5em}\n"
        ".charts svg{flex:1 1 300px}\n"
        ".caveat{border-left:3px solid #8e44ad;padding:.2em .6em;"
        "color:#444;font-size:.85em}\n"
        "figure.bodymap{display:flex;gap:1em;align-items:center;margin:"
        ".4em 0}figure.bodymap svg{flex:0 0 auto;width:110px}"
        "figure.bodymap figcaption{font-size:.85em;color:#444}\n"
        "@page{size:A4;margin:10mm}\n"
        "@media print{body{margin:0;max-width:none;font-size:9pt;"
        "line-height:1.2}.screen-only{display:none}h2{margin:.5em 0 "
        ".15em}.chart-main svg{max-height:62mm;width:auto}"
        "figure.bodymap svg{width:24mm}"
        "section,table,svg{break-inside:avoid}}\n";

static void
esc(struct br_buf *b, const char *s)
{
	br_buf_escape(b, s);
}

static void
table(struct br_buf *b, const struct rp_section *s)
{
	if (s->nrows == 0)
		return;
	br_buf_puts(b, "<table><thead><tr>");
	for (int c = 0; c < s->ncols; c++) {
		br_buf_puts(b, "<th>");
		esc(b, s->head[c]);
		br_buf_puts(b, "</th>");
	}
	br_buf_puts(b, "</tr></thead><tbody>\n");
	for (int r = 0; r < s->nrows; r++) {
		br_buf_puts(b, "<tr>");
		for (int c = 0; c < s->ncols; c++) {
			br_buf_puts(b, "<td>");
			esc(b, s->cell[r][c]);
			br_buf_puts(b, "</td>");
		}
		br_buf_puts(b, "</tr>\n");
	}
	br_buf_puts(b, "</tbody></table>\n");
}

static void
chart(struct br_buf *b, const json_t *report, const char *which)
{
	char *svg = br_report_svg(report, which);

	if (svg == NULL)
		return;
	br_buf_puts(b, svg);
	free(svg);
}

char *
br_report_html(const json_t *report, struct br_err *err)
{
	static const char *const tones[] = {"plain", "good", "warn", "alert"};
	struct rp_page *p = malloc(sizeof(*p));
	struct br_buf b;
	char *out;

	if (p == NULL) {
		br_error(err, BR_ENOMEM, "", "out of memory");
		return NULL;
	}
	rp_model(report, p);
	br_buf_init(&b);
	br_buf_puts(&b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta "
	                "charset=\"utf-8\">\n<meta name=\"viewport\" "
	                "content=\"width=device-width,initial-scale=1\">\n"
	                "<title>");
	esc(&b, p->title);
	br_buf_puts(&b, "</title>\n<style>\n");
	br_buf_puts(&b, css);
	br_buf_puts(&b, "</style></head><body>\n<header><h1>");
	esc(&b, p->title);
	br_buf_puts(&b, "</h1><div class=\"sub\">");
	esc(&b, p->subtitle);
	br_buf_puts(&b, "</div></header>\n");
	for (int i = 0; i < p->nsec; i++) {
		const struct rp_section *s = &p->sec[i];

		br_buf_printf(&b, "<section id=\"%s\" class=\"tone-%s\"><h2>",
		              s->id, tones[s->tone]);
		esc(&b, s->title);
		br_buf_puts(&b, "</h2>\n");
		if (s->lead[0]) {
			br_buf_puts(&b, "<p class=\"lead\">");
			esc(&b, s->lead);
			br_buf_puts(&b, "</p>\n");
		}
		table(&b, s);
		if (s->note[0]) {
			br_buf_puts(&b, "<p class=\"small\">");
			esc(&b, s->note);
			br_buf_puts(&b, "</p>\n");
		}
		if (strcmp(s->id, "trend") == 0) {
			br_buf_puts(&b, "<div class=\"chart-main\">");
			chart(&b, report, "pain-sleep");
			br_buf_puts(&b, "</div>\n<div class=\"screen-only\">");
			chart(&b, report, "sleep-efficiency");
			br_buf_puts(&b, "</div>\n");
			if (json_is_object(
			            json_object_get(report, "device_sleep"))) {
				br_buf_puts(&b, "<div class=\"device-sleep\">");
				chart(&b, report, "sleep-time");
				br_buf_puts(&b, "</div>\n");
			}
		} else if (strcmp(s->id, "questionnaires") == 0 &&
		           s->nrows > 0) {
			const json_t *ins = json_object_get(
			        json_object_get(report, "outcome"),
			        "instruments");
			const json_t *x;
			size_t k;

			br_buf_puts(&b, "<div class=\"charts screen-only\">");
			json_array_foreach(ins, k, x)
			{
				const char *id = json_string_value(
				        json_object_get(x, "instrument"));

				if (id &&
				    json_is_object(json_object_get(x, "mcid")))
					chart(&b, report, id);
			}
			br_buf_puts(&b, "</div>\n");
		} else if (strcmp(s->id, "treatments") == 0) {
			if (p->map_caption[0]) {
				br_buf_puts(&b, "<figure class=\"bodymap\" "
				                "id=\"body-map\">");
				chart(&b, report, "body-map");
				br_buf_puts(&b, "<figcaption>");
				esc(&b, p->map_caption);
				br_buf_puts(&b, "</figcaption></figure>\n");
			}
			if (p->caveat[0]) {
				br_buf_puts(&b, "<p class=\"caveat\">");
				esc(&b, p->caveat);
				br_buf_puts(&b, "</p>\n");
			}
		} else if (strcmp(s->id, "adherence") == 0) {
			br_buf_puts(&b, "<div class=\"screen-only\">");
			chart(&b, report, "adherence");
			br_buf_puts(&b, "</div>\n");
		}
		br_buf_puts(&b, "</section>\n");
	}
	br_buf_puts(&b, "<footer class=\"gen\">");
	esc(&b, p->generated);
	br_buf_puts(&b, ". Figures are from the patient's own diary and "
	                "questionnaires.</footer>\n</body></html>\n");
	free(p);
	out = br_buf_take(&b);
	if (out == NULL)
		br_error(err, BR_ENOMEM, "", "out of memory");
	return out;
}
