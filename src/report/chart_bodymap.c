/*
 * chart_bodymap.c - a session's points on the body map (chart.h): the
 * figure and the places of model/bodymap.h, the same file the session
 * form and the chart draw.
 */
#include <stdio.h>
#include <string.h>

#include "report/chart.h"
#include "report/chart_internal.h"

#define C_FIGURE "#4a5360"
#define C_FAINT  "#c4cad3"
#define C_POINT  "#5b2a86" /* the web map's chosen point */
#define POINT_R  6.0

static void
mark(struct br_canvas *c, const struct br_bodymap *m, const char *point,
     const char *side, const struct br_style *s)
{
	char name[32];
	double x, y;

	if (br_bodymap_place(m, point, side, &x, &y) < 0)
		return;
	snprintf(name, sizeof(name), "%s%s%s", point,
	         strcmp(side, "midline") == 0 ? "" : ", ",
	         strcmp(side, "midline") == 0 ? "" : side);
	c->ops->marker(c->ctx, x, y, POINT_R, s, name);
}

void
br_chart_bodymap(struct br_canvas *c, const struct br_chart_bodymap *b)
{
	const struct br_bodymap *m = b->map;
	const struct br_style line = {C_FIGURE, NULL, 2, 0, 0};
	const struct br_style faint = {C_FAINT, NULL, 1.5, 0, 0};
	const struct br_style dot = {C_POINT, C_POINT, 1.5, 0, 0};
	const struct br_text_style lab = {11, C_FIGURE, BR_ANCHOR_MIDDLE, 0};

	c->ops->begin(c->ctx, m->width, m->height, b->title);
	c->ops->circle(c->ctx, m->head[0], m->head[1], m->head[2], &line);
	for (int i = 0; i < m->n_lines; i++)
		c->ops->polyline(c->ctx, m->lines[i].xy, m->lines[i].n,
		                 m->lines[i].faint ? &faint : &line);
	for (int i = 0; i < m->n_labels; i++)
		c->ops->text(c->ctx, m->labels[i].x, m->labels[i].y,
		             m->labels[i].text, &lab);
	for (int i = 0; i < b->n; i++) {
		const char *id = b->points[i].point, *side = b->points[i].side;

		if (strcmp(side, "both") == 0) {
			mark(c, m, id, "left", &dot);
			mark(c, m, id, "right", &dot);
		} else {
			mark(c, m, id, side, &dot);
		}
	}
	c->ops->end(c->ctx);
}
