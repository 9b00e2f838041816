/*
 * bodymap.h - the body map's geometry from data/bodymap.json (embedded at
 * build time): the figure seen from behind and the places of the points
 * it shows.  The same file is what the web pages draw (served as
 * /assets/bodymap.json), so the report's map and the session form's
 * cannot differ.
 *
 * Loaded once per process (thread-safe) and never freed; the returned
 * pointer is static.  The file is part of the build: a place naming no
 * point of the charting vocabulary (model/charting.h), a paired point
 * under "midline" or the other way round, or a malformed figure is a
 * bug, and the first call aborts with a message saying which.
 */
#ifndef BR_MODEL_BODYMAP_H
#define BR_MODEL_BODYMAP_H

#include <jansson.h>
#include <stdbool.h>

#include "core/err.h"

#define BR_BODYMAP_PLACES 48  /* points with a place */
#define BR_BODYMAP_LINES  8   /* polylines of the figure */
#define BR_BODYMAP_XY     128 /* points of one polyline */
#define BR_BODYMAP_LABELS 4

struct br_bodymap_line {
	int n;                        /* points */
	double xy[2 * BR_BODYMAP_XY]; /* x0, y0, x1, y1 ... */
	bool faint;                   /* a guide line, drawn lighter */
};

struct br_bodymap_place {
	char point[12]; /* the charting vocabulary's id, e.g. "BL23" */
	double x, y;    /* the left side's place, or the midline's */
	bool midline;
};

struct br_bodymap {
	double width, height;
	double head[3]; /* cx, cy, r */
	int n_lines;
	struct br_bodymap_line lines[BR_BODYMAP_LINES];
	int n_labels;
	struct {
		char text[16];
		double x, y;
	} labels[BR_BODYMAP_LABELS];
	int n_places;
	struct br_bodymap_place places[BR_BODYMAP_PLACES];
};

/* The map (static). */
const struct br_bodymap *br_bodymap(void);

/* Where point (a WHO id as stored, "BL23") is drawn on side ("left",
 * "right" or "midline"): 0 with *x, *y set, or BR_ENOTFOUND when the map
 * does not show that point on that side.  "both" is not a place: ask for
 * each side. */
int br_bodymap_place(const struct br_bodymap *m, const char *point,
                     const char *side, double *x, double *y);

/* Checks a geometry document (the file's JSON) and fills out: 0, or
 * BR_EINVAL with a sentence naming what is wrong ("bodymap.json paired
 * 'GV4' is a midline point").  What br_bodymap() runs on the embedded
 * file; tests run it on broken copies. */
int br_bodymap_read(const json_t *doc, struct br_bodymap *out,
                    struct br_err *err);

#endif
