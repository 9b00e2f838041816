/*
 * instruments.c - loading the instrument set (see instruments.h).
 */
#include "model/instruments.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/embed.h"
#include "core/parse.h"

/* Loaded sets, one per directory; never freed (see instruments.h). */
struct cached {
	char *dir; /* "" for the embedded set */
	struct br_instrument_set set;
	struct cached *next;
};

static struct cached *cache;
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;

static int
cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
free_set(struct br_instrument_set *set)
{
	for (int i = 0; i < set->n; i++) {
		br_instrument_free(set->items[i]);
		free(set->items[i]);
	}
	set->n = 0;
}

static int
add(struct br_instrument_set *set, struct br_instrument *in, const char *file,
    struct br_err *err)
{
	char q[48];

	for (int i = 0; i < set->n; i++) {
		int rc;

		if (strcmp(set->items[i]->id, in->id) != 0)
			continue;
		rc = br_instrument_same_scoring(set->items[i], in, file, err);
		if (rc < 0)
			return rc;
		br_instrument_free(set->items[i]);
		free(set->items[i]);
		set->items[i] = in;
		return 0;
	}
	if (set->n == BR_INSTRUMENTS_MAX) {
		br_quote_value(file, q, sizeof(q));
		return br_error(err, BR_ETOOBIG, "instruments",
		                "instrument file '%s' is one too many: at most "
		                "%d instruments can be loaded",
		                q, BR_INSTRUMENTS_MAX);
	}
	set->items[set->n++] = in;
	return 0;
}

static int
parse_into(struct br_instrument_set *set, const char *file, const char *bytes,
           size_t len, struct br_err *err)
{
	struct br_instrument *in = malloc(sizeof(*in));
	int rc;

	if (in == NULL)
		return br_error(err, BR_ENOMEM, "", "out of memory");
	rc = br_instrument_parse(file, bytes, len, in, err);
	if (rc == 0)
		rc = add(set, in, file, err);
	if (rc < 0) {
		br_instrument_free(in);
		free(in);
	}
	return rc;
}

static int
load_embedded(struct br_instrument_set *set, struct br_err *err)
{
	for (const struct br_embedded_file *f = br_data_files; f->name; f++) {
		int rc;

		if (strncmp(f->name, "instruments/", 12) != 0)
			continue;
		rc = parse_into(set, f->name, (const char *)f->bytes, f->len,
		                err);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* Reads the regular file dir/name, at most BR_INSTR_FILE_MAX + 1 bytes
 * (one more than allowed, so the parser sees it is too big). */
static int
read_file(const char *dir, const char *name, char **out, size_t *len,
          struct br_err *err)
{
	char path[4096], q[48];
	size_t cap = BR_INSTR_FILE_MAX + 1, n;
	char *buf;
	FILE *f;

	br_quote_value(name, q, sizeof(q));
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >=
	    sizeof(path))
		return br_error(err, BR_EINVAL, "instruments",
		                "instrument file '%s': the path is too long",
		                q);
	f = fopen(path, "rb");
	if (f == NULL)
		return br_error(err, BR_EIO, "instruments",
		                "instrument file '%s' cannot be read: %s", q,
		                strerror(errno));
	buf = malloc(cap);
	if (buf == NULL) {
		fclose(f);
		return br_error(err, BR_ENOMEM, "", "out of memory");
	}
	n = fread(buf, 1, cap, f);
	if (ferror(f)) {
		fclose(f);
		free(buf);
		return br_error(err, BR_EIO, "instruments",
		                "instrument file '%s' cannot be read", q);
	}
	fclose(f);
	*out = buf;
	*len = n;
	return 0;
}

static int
load_dir(struct br_instrument_set *set, const char *dir, struct br_err *err)
{
	char *names[BR_INSTRUMENTS_MAX + 1], q[48];
	size_t n = 0;
	struct dirent *d;
	DIR *dp = opendir(dir);
	int rc = 0;

	br_quote_value(dir, q, sizeof(q));
	if (dp == NULL)
		return br_error(err, BR_EINVAL, "instruments",
		                "instruments directory '%s' cannot be read: %s",
		                q, strerror(errno));
	while ((d = readdir(dp)) != NULL) {
		size_t len = strlen(d->d_name);
		char path[4096];
		struct stat sb;

		if (d->d_name[0] == '.' || len < 6 ||
		    strcmp(d->d_name + len - 5, ".json") != 0)
			continue;
		if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir,
		                     d->d_name) >= sizeof(path) ||
		    stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
			continue;
		if (n == BR_INSTRUMENTS_MAX) {
			rc = br_error(err, BR_ETOOBIG, "instruments",
			              "instruments directory '%s' holds more "
			              "than %d definition files",
			              q, BR_INSTRUMENTS_MAX);
			break;
		}
		names[n] = strdup(d->d_name);
		if (names[n] == NULL) {
			rc = br_error(err, BR_ENOMEM, "", "out of memory");
			break;
		}
		n++;
	}
	closedir(dp);
	qsort(names, n, sizeof(names[0]), cmp_name);
	for (size_t i = 0; i < n; i++) {
		char *bytes = NULL;
		size_t len = 0;

		if (rc == 0)
			rc = read_file(dir, names[i], &bytes, &len, err);
		if (rc == 0)
			rc = parse_into(set, names[i], bytes, len, err);
		free(bytes);
		free(names[i]);
	}
	return rc;
}

static int
cmp_instrument(const void *a, const void *b)
{
	const struct br_instrument *x = *(const struct br_instrument *const *)a;
	const struct br_instrument *y = *(const struct br_instrument *const *)b;

	return strcmp(x->id, y->id);
}

int
br_instruments_load(const char *dir, const struct br_instrument_set **out,
                    struct br_err *err)
{
	const char *key = dir ? dir : "";
	struct cached *c;
	int rc = 0;

	pthread_mutex_lock(&cache_lock);
	for (c = cache; c; c = c->next)
		if (strcmp(c->dir, key) == 0)
			break;
	if (c == NULL) {
		c = calloc(1, sizeof(*c));
		if (c == NULL || (c->dir = strdup(key)) == NULL) {
			free(c);
			c = NULL;
			rc = br_error(err, BR_ENOMEM, "", "out of memory");
		}
		if (rc == 0)
			rc = load_embedded(&c->set, err);
		if (rc == 0 && key[0])
			rc = load_dir(&c->set, key, err);
		if (rc == 0) {
			qsort(c->set.items, (size_t)c->set.n,
			      sizeof(c->set.items[0]), cmp_instrument);
			c->next = cache;
			cache = c;
		} else if (c) {
			free_set(&c->set);
			free(c->dir);
			free(c);
			c = NULL;
		}
	}
	pthread_mutex_unlock(&cache_lock);
	if (rc < 0)
		return rc;
	*out = &c->set;
	return 0;
}
