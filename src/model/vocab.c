/*
 * vocab.c - coded vocabularies from the embedded data files (see vocab.h).
 */
#include "model/vocab.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/embed.h"
#include "core/parse.h"

#define VOCAB_FILES 16

static pthread_mutex_t vocab_lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
	const char *name;
	json_t *doc;
} vocab_cache[VOCAB_FILES];

json_t *
br_vocab_file(const char *file)
{
	const struct br_embedded_file *f;
	json_t *doc = NULL;
	int i;

	pthread_mutex_lock(&vocab_lock);
	for (i = 0; i < VOCAB_FILES && vocab_cache[i].name; i++)
		if (strcmp(vocab_cache[i].name, file) == 0) {
			doc = vocab_cache[i].doc;
			break;
		}
	if (doc == NULL) {
		f = br_embedded_data(file);
		if (f)
			doc = json_loadb((const char *)f->bytes, f->len, 0,
			                 NULL);
		if (doc == NULL || i == VOCAB_FILES) {
			/* Part of the build: a failure here is a bug. */
			fprintf(stderr,
			        "backrest: embedded %s is missing or invalid\n",
			        file);
			abort();
		}
		vocab_cache[i].name = file;
		vocab_cache[i].doc = doc;
	}
	pthread_mutex_unlock(&vocab_lock);
	return doc;
}

static const char *
entry_code(json_t *e)
{
	return json_is_string(e)
	               ? json_string_value(e)
	               : json_string_value(json_object_get(e, "code"));
}

json_t *
br_vocab_find(const char *file, const char *list, const char *code)
{
	json_t *arr = json_object_get(br_vocab_file(file), list);
	size_t i;
	json_t *e;

	json_array_foreach(arr, i, e)
	{
		const char *c = entry_code(e);

		if (c && strcmp(c, code) == 0)
			return e;
	}
	return NULL;
}

const char *
br_vocab_label(const char *file, const char *list, const char *code)
{
	json_t *e = br_vocab_find(file, list, code);
	const char *s;

	if (e == NULL || !json_is_object(e))
		return NULL;
	s = json_string_value(json_object_get(e, "label"));
	return s ? s : json_string_value(json_object_get(e, "name"));
}

const char *
br_vocab_see(const char *file)
{
	static const struct {
		const char *file, *see;
	} see[] = {
	        {"tcm.json", "backrest tcm vocab"},
	        {"tcm_patterns.json", "backrest tcm vocab"},
	        {"herbal.json", "backrest herbal vocab"},
	        {"intake.json", "backrest intake vocab"},
	        {"bedtime.json", "backrest plan routine"},
	};

	for (size_t i = 0; i < sizeof(see) / sizeof(see[0]); i++)
		if (strcmp(see[i].file, file) == 0)
			return see[i].see;
	return "the vocabulary";
}

int
br_vocab_check(const char *file, const char *list, const char *field,
               const char *code, const char *see, struct br_err *err)
{
	json_t *arr = json_object_get(br_vocab_file(file), list);
	char names[160] = "", q[48];
	size_t i, n = 0;
	bool fits = true;
	json_t *e;

	if (br_vocab_find(file, list, code))
		return 0;
	br_quote_value(code, q, sizeof(q));
	json_array_foreach(arr, i, e)
	{
		const char *c = entry_code(e);
		int w;

		if (c == NULL)
			continue;
		w = snprintf(names + n, sizeof(names) - n, "%s%s",
		             i ? ", " : "", c);
		if (w < 0 || (size_t)w >= sizeof(names) - n) {
			fits = false;
			break;
		}
		n += (size_t)w;
	}
	if (fits)
		return br_error(err, BR_EINVAL, field,
		                "%s must be one of %s, not '%s'", field, names,
		                q);
	return br_error(err, BR_EINVAL, field,
	                "%s '%s' is not a known code; '%s' lists them", field,
	                q, see);
}

int
br_vocab_exclusive(const char *file, const char *list, const char *field,
                   const char *codes, int n, size_t stride, struct br_err *err)
{
	for (int i = 0; i < n; i++) {
		const char *a = codes + (size_t)i * stride;
		const char *ga = json_string_value(
		        json_object_get(br_vocab_find(file, list, a), "group"));

		if (ga == NULL)
			continue;
		for (int j = i + 1; j < n; j++) {
			const char *b = codes + (size_t)j * stride;
			const char *gb = json_string_value(json_object_get(
			        br_vocab_find(file, list, b), "group"));

			if (gb && strcmp(ga, gb) == 0)
				return br_error(
				        err, BR_EINVAL, field,
				        "%s lists both %s and %s, which "
				        "exclude each other",
				        field, a, b);
		}
	}
	return 0;
}
