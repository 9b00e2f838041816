/*
 * fuzz_answers.c - libFuzzer driver for the answers parser and the
 * scoring of every shipped instrument (core/instrument.h).
 *
 * The input is taken as one --answers value.  Whatever it is, parsing and
 * scoring must not crash, and an accepted score must lie on the
 * instrument's scale with a valid band and subscores; the change between
 * any two accepted scores must be computable.  Violations abort.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/embed.h"
#include "core/instrument.h"

static struct br_instrument set[16];
static int n_set;

static void
load(void)
{
	for (const struct br_embedded_file *f = br_data_files; f->name; f++) {
		struct br_err err = BR_ERR_INIT;

		if (strncmp(f->name, "instruments/", 12) != 0 || n_set == 16)
			continue;
		if (br_instrument_parse(f->name, (const char *)f->bytes, f->len,
		                        &set[n_set], &err) < 0) {
			fprintf(stderr, "%s\n", err.msg);
			abort();
		}
		n_set++;
	}
}

static void
check(const struct br_instrument *in, const struct br_score *s)
{
	if (!s->has_score || s->score < in->score_min - 1e-9 ||
	    s->score > in->score_max + 1e-9)
		abort();
	if (s->band < -1 || s->band >= in->n_bands ||
	    (in->n_bands > 0 && in->n_subscores == 0 && s->band < 0))
		abort();
	if (s->answered < 0 || s->answered > in->n_items ||
	    s->n_notes > BR_INSTR_MAX_NOTES)
		abort();
	for (int k = 0; k < s->n_subscores; k++)
		if (s->sub_has[k] && s->subscores[k] < 0)
			abort();
	for (int k = 0; k < s->n_notes; k++)
		if (memchr(s->notes[k], '\0', BR_INSTR_NOTE_LEN) == NULL)
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static double last[16];
	static int have_last[16];
	int codes[BR_INSTR_MAX_ITEMS], n;
	struct br_err err = BR_ERR_INIT;
	char *s;

	if (n_set == 0)
		load();
	s = malloc(size + 1);
	if (s == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if (br_answers_parse(s, codes, BR_INSTR_MAX_ITEMS, &n, &err) < 0) {
		if (err.msg[0] == '\0' || strcmp(err.field, "answers") != 0)
			abort();
	} else if (n < 1) {
		abort(); /* even "" is one (skipped) field */
	} else if (n <= BR_INSTR_MAX_ITEMS) {
		for (int i = 0; i < n_set; i++) {
			struct br_score sc;
			struct br_change ch;

			br_err_clear(&err);
			if (br_instrument_score(&set[i], codes, n, &sc, &err) <
			    0) {
				if (err.msg[0] == '\0' ||
				    strcmp(err.field, "answers") != 0)
					abort();
				continue;
			}
			check(&set[i], &sc);
			if (set[i].has_change && have_last[i] &&
			    br_instrument_change(&set[i], last[i], sc.score,
			                         &ch, &err) < 0)
				abort();
			last[i] = sc.score;
			have_last[i] = 1;
		}
	}
	free(s);
	return 0;
}
