/*
 * charting.c - the session-charting vocabulary (see charting.h).
 */
#include "model/charting.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/embed.h"
#include "core/parse.h"

static json_t *vocab;
static pthread_once_t vocab_once = PTHREAD_ONCE_INIT;

static void
load_vocab(void)
{
	const struct br_embedded_file *f = br_embedded_data("charting.json");

	if (f)
		vocab = json_loadb((const char *)f->bytes, f->len, 0, NULL);
	if (vocab == NULL) {
		/* The file is part of the build: its absence is a bug. */
		fprintf(stderr,
		        "backrest: embedded charting.json is invalid\n");
		abort();
	}
}

json_t *
br_charting_data(void)
{
	pthread_once(&vocab_once, load_vocab);
	return vocab;
}

/* Finds the channel (or extra group) prefix: its point count and whether it
 * is paired; 0 when unknown. */
static int
channel_points(const char *prefix, int *paired)
{
	static const char *const groups[] = {"channels", "extra"};
	json_t *v = br_charting_data();

	for (size_t g = 0; g < 2; g++) {
		size_t i;
		json_t *c;

		json_array_foreach(json_object_get(v, groups[g]), i, c)
		{
			if (strcmp(json_string_value(json_object_get(c, "id")),
			           prefix) == 0) {
				*paired = json_is_true(
				        json_object_get(c, "paired"));
				return (int)json_integer_value(
				        json_object_get(c, "points"));
			}
		}
	}
	return 0;
}

int
br_charting_point(const char *field, const char *text, char *id, size_t idlen,
                  char *side, size_t sidelen, struct br_err *err)
{
	char buf[32], prefix[16], q[48];
	const char *sep = strchr(text, ':');
	size_t n = sep ? (size_t)(sep - text) : strlen(text);
	size_t digits_at;
	const char *alias;
	int paired = 1, count, number;
	long num;

	br_quote_value(text, q, sizeof(q));
	if (n == 0 || n >= sizeof(buf))
		goto bad;
	for (size_t i = 0; i < n; i++)
		buf[i] = (char)toupper((unsigned char)text[i]);
	buf[n] = '\0';
	if (strcmp(buf, "ASHI") == 0 || strcmp(buf, "A-SHI") == 0) {
		snprintf(id, idlen, "ashi");
		paired = 1;
		goto side;
	}
	digits_at = strcspn(buf, "0123456789");
	if (digits_at == 0 || digits_at == n || digits_at >= sizeof(prefix))
		goto bad;
	memcpy(prefix, buf, digits_at);
	prefix[digits_at] = '\0';
	if (prefix[digits_at - 1] == '-' && strncmp(prefix, "EX-", 3) == 0)
		prefix[digits_at - 1] = '\0';
	alias = json_string_value(json_object_get(
	        json_object_get(br_charting_data(), "aliases"), prefix));
	if (alias)
		snprintf(prefix, sizeof(prefix), "%s", alias);
	count = channel_points(prefix, &paired);
	if (count == 0 ||
	    br_parse_long(field, buf + digits_at, 1, 999, &num, NULL) < 0)
		goto bad;
	number = (int)num;
	if (number > count)
		return br_error(err, BR_EINVAL, field,
		                "point '%s' does not exist: the %s points run "
		                "from 1 to %d",
		                q, prefix, count);
	snprintf(id, idlen, "%s%d", prefix, number);
side:
	if (sep == NULL) {
		snprintf(side, sidelen, "%s", paired ? "both" : "midline");
		return 0;
	}
	sep++;
	if (!paired)
		return br_error(
		        err, BR_EINVAL, field,
		        "point '%s' lies on the midline and has no side", q);
	if (strcmp(sep, "L") == 0 || strcmp(sep, "l") == 0 ||
	    strcmp(sep, "left") == 0)
		snprintf(side, sidelen, "left");
	else if (strcmp(sep, "R") == 0 || strcmp(sep, "r") == 0 ||
	         strcmp(sep, "right") == 0)
		snprintf(side, sidelen, "right");
	else if (strcmp(sep, "B") == 0 || strcmp(sep, "b") == 0 ||
	         strcmp(sep, "both") == 0)
		snprintf(side, sidelen, "both");
	else
		return br_error(err, BR_EINVAL, field,
		                "point '%s' has an unknown side: write :L, :R "
		                "or :B",
		                q);
	return 0;
bad:
	return br_error(err, BR_EINVAL, field,
	                "'%s' is not a WHO acupuncture point id (e.g. BL23, "
	                "GV4, EX-B2, ashi; :L/:R/:B for the side)",
	                q);
}

int
br_charting_word(const char *list, const char *field, const char *word,
                 struct br_err *err)
{
	json_t *arr = json_object_get(br_charting_data(), list);
	char names[400] = "", q[48];
	size_t i, n = 0;
	json_t *v;

	json_array_foreach(arr, i, v)
	{
		if (strcmp(json_string_value(v), word) == 0)
			return 0;
		if (n < sizeof(names))
			n += (size_t)snprintf(names + n, sizeof(names) - n,
			                      "%s%s", i ? ", " : "",
			                      json_string_value(v));
	}
	br_quote_value(word, q, sizeof(q));
	return br_error(err, BR_EINVAL, field, "%s must be one of %s, not '%s'",
	                field, names, q);
}
