/*
 * report_internal.h - the page model both report writers draw: sections
 * of short text and small tables, made once from the report document, and
 * the chart inputs read from it.
 */
#ifndef BR_REPORT_REPORT_INTERNAL_H
#define BR_REPORT_REPORT_INTERNAL_H

#include <jansson.h>
#include <stdbool.h>

#include "report/canvas.h"
#include "report/chart.h"

#define RP_COLS      5
#define RP_ROWS      10
#define RP_CELL      96
#define RP_TEXT      640
#define RP_SECTIONS  7
#define RP_INSTR_MAX 6

enum rp_tone { RP_PLAIN, RP_GOOD, RP_WARN, RP_ALERT };

struct rp_section {
	char id[16]; /* "red-flags", "trend", ... */
	char title[96];
	enum rp_tone tone;
	char lead[RP_TEXT]; /* a sentence or two; "" for none */
	int ncols, nrows;
	char head[RP_COLS][32];
	char cell[RP_ROWS][RP_COLS][RP_CELL];
	char note[RP_TEXT]; /* small print under the table */
};

struct rp_page {
	char title[160];
	char subtitle[256];
	char generated[64];
	int nsec;
	struct rp_section sec[RP_SECTIONS];
	char caveat[RP_TEXT];
	/* Under the body map of the treatments: which session's points, and
	 * those the map does not show; "" when no listed session has
	 * points (then there is no map). */
	char map_caption[RP_TEXT];
};

/* Fills the page model from the report document. */
void rp_model(const json_t *report, struct rp_page *p);

/* Chart inputs read from the report document; rp_charts_free() releases
 * the arrays. */
struct rp_charts {
	struct br_chart_day *days;
	int32_t *sessions;
	struct br_chart_diary diary;
	int ninstr;
	struct br_chart_instrument instr[RP_INSTR_MAX];
	struct br_chart_score *scores[RP_INSTR_MAX];
	char instr_id[RP_INSTR_MAX][24];
	char instr_name[RP_INSTR_MAX][64]; /* the name the chart shows */
	double *weekly;
	struct br_chart_adherence adherence;
	bool device; /* the days carry a sleep tracker's nights */
	/* The latest listed session with points on the body map; n 0 when
	 * there is none. */
	struct br_chart_bodymap bodymap;
	struct br_session_point map_points[BR_MAX_POINTS];
	char map_title[96];
};

int rp_charts(const json_t *report, struct rp_charts *c);
void rp_charts_free(struct rp_charts *c);

#endif
