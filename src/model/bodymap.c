/*
 * bodymap.c - the body map's geometry (see bodymap.h).
 */
#include "model/bodymap.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/embed.h"
#include "model/charting.h"

static struct br_bodymap map;
static pthread_once_t map_once = PTHREAD_ONCE_INIT;

/* A JSON array of numbers into xy (at most max of them); -1 when it is
 * not one. */
static int
numbers(const json_t *a, double *xy, int max)
{
	size_t i;
	const json_t *v;

	if (!json_is_array(a) || json_array_size(a) > (size_t)max)
		return -1;
	json_array_foreach(a, i, v)
	{
		if (!json_is_number(v))
			return -1;
		xy[i] = json_number_value(v);
	}
	return (int)json_array_size(a);
}

static int
lines(const json_t *doc, const char *key, bool faint, struct br_bodymap *m,
      struct br_err *err)
{
	const json_t *all = json_object_get(doc, key), *v;
	size_t i;

	if (!json_is_array(all))
		return br_error(err, BR_EINVAL, key,
		                "bodymap.json has no list '%s'", key);
	json_array_foreach(all, i, v)
	{
		struct br_bodymap_line *l = &m->lines[m->n_lines];
		int n;

		if (m->n_lines == BR_BODYMAP_LINES)
			return br_error(err, BR_EINVAL, key,
			                "bodymap.json has more than %d lines",
			                BR_BODYMAP_LINES);
		n = numbers(v, l->xy, 2 * BR_BODYMAP_XY);
		if (n < 4 || n % 2)
			return br_error(err, BR_EINVAL, key,
			                "bodymap.json %s[%zu] is not a line of "
			                "x, y pairs (2 to %d of them)",
			                key, i, BR_BODYMAP_XY);
		l->n = n / 2;
		l->faint = faint;
		m->n_lines++;
	}
	return 0;
}

static int
places(const json_t *doc, bool midline, struct br_bodymap *m,
       struct br_err *err)
{
	const char *key = midline ? "midline" : "paired", *id;
	const json_t *all = json_object_get(doc, key), *v;

	if (!json_is_object(all))
		return br_error(err, BR_EINVAL, key,
		                "bodymap.json has no object '%s'", key);
	json_object_foreach((json_t *)all, id, v)
	{
		struct br_bodymap_place *p = &m->places[m->n_places];
		char got[12], side[8];
		double xy[2];
		struct br_err e = BR_ERR_INIT;

		if (m->n_places == BR_BODYMAP_PLACES)
			return br_error(err, BR_EINVAL, key,
			                "bodymap.json has more than %d points",
			                BR_BODYMAP_PLACES);
		if (br_charting_point(key, id, got, sizeof(got), side,
		                      sizeof(side), &e) < 0 ||
		    strcmp(got, id) != 0)
			return br_error(
			        err, BR_EINVAL, key,
			        "bodymap.json %s '%s' is not a point id "
			        "of the charting vocabulary",
			        key, id);
		if ((strcmp(side, "midline") == 0) != midline)
			return br_error(err, BR_EINVAL, key,
			                "bodymap.json %s '%s' is %s point", key,
			                id, midline ? "a paired" : "a midline");
		if (numbers(v, xy, 2) != 2 || xy[0] < 0 || xy[1] < 0 ||
		    xy[0] > m->width || xy[1] > m->height)
			return br_error(
			        err, BR_EINVAL, key,
			        "bodymap.json %s '%s' needs [x, y] inside "
			        "the map",
			        key, id);
		snprintf(p->point, sizeof(p->point), "%s", id);
		p->x = xy[0];
		p->y = xy[1];
		p->midline = midline;
		m->n_places++;
	}
	return 0;
}

int
br_bodymap_read(const json_t *doc, struct br_bodymap *out, struct br_err *err)
{
	const json_t *v;
	size_t i;
	int rc;

	memset(out, 0, sizeof(*out));
	out->width = json_number_value(json_object_get(doc, "width"));
	out->height = json_number_value(json_object_get(doc, "height"));
	if (out->width <= 0 || out->height <= 0)
		return br_error(err, BR_EINVAL, "width",
		                "bodymap.json needs a width and a height");
	if (numbers(json_object_get(doc, "head"), out->head, 3) != 3)
		return br_error(err, BR_EINVAL, "head",
		                "bodymap.json head must be [cx, cy, r]");
	rc = lines(doc, "outline", false, out, err);
	if (rc == 0)
		rc = lines(doc, "faint", true, out, err);
	if (rc == 0)
		rc = places(doc, false, out, err);
	if (rc == 0)
		rc = places(doc, true, out, err);
	if (rc < 0)
		return rc;
	json_array_foreach(json_object_get(doc, "labels"), i, v)
	{
		const char *t = json_string_value(json_object_get(v, "text"));

		if (out->n_labels == BR_BODYMAP_LABELS || t == NULL ||
		    strlen(t) >= sizeof(out->labels[0].text))
			return br_error(
			        err, BR_EINVAL, "labels",
			        "bodymap.json labels[%zu] is not a short "
			        "text with x and y",
			        i);
		snprintf(out->labels[out->n_labels].text,
		         sizeof(out->labels[0].text), "%s", t);
		out->labels[out->n_labels].x =
		        json_number_value(json_object_get(v, "x"));
		out->labels[out->n_labels].y =
		        json_number_value(json_object_get(v, "y"));
		out->n_labels++;
	}
	return 0;
}

static void
load_map(void)
{
	const struct br_embedded_file *f = br_embedded_data("bodymap.json");
	struct br_err err = BR_ERR_INIT;
	json_t *doc = NULL;

	if (f)
		doc = json_loadb((const char *)f->bytes, f->len, 0, NULL);
	if (doc == NULL || br_bodymap_read(doc, &map, &err) < 0) {
		/* The file is part of the build: a fault is a bug. */
		fprintf(stderr,
		        "backrest: embedded bodymap.json is invalid%s%s\n",
		        err.msg[0] ? ": " : "", err.msg);
		abort();
	}
	json_decref(doc);
}

const struct br_bodymap *
br_bodymap(void)
{
	pthread_once(&map_once, load_map);
	return &map;
}

int
br_bodymap_place(const struct br_bodymap *m, const char *point,
                 const char *side, double *x, double *y)
{
	for (int i = 0; i < m->n_places; i++) {
		const struct br_bodymap_place *p = &m->places[i];

		if (strcmp(p->point, point) != 0)
			continue;
		if (p->midline != (strcmp(side, "midline") == 0) ||
		    (!p->midline && strcmp(side, "left") != 0 &&
		     strcmp(side, "right") != 0))
			return BR_ENOTFOUND;
		*x = strcmp(side, "right") == 0 ? m->width - p->x : p->x;
		*y = p->y;
		return 0;
	}
	return BR_ENOTFOUND;
}
