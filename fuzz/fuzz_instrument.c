/*
 * fuzz_instrument.c - libFuzzer driver for instrument definition files
 * (core/instrument_def.c), the input an --instruments directory feeds in.
 *
 * Any bytes must either be refused with a message or give a definition
 * whose parts hold together: it scores the lowest and highest answers
 * (and one pattern taken from the input) onto its own scale, bands and
 * change work on those scores, and it scores exactly as itself.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/instrument.h"

static void
try_score(const struct br_instrument *in, const int *codes, struct br_score *s)
{
	struct br_err err = BR_ERR_INIT;

	if (br_instrument_score(in, codes, in->n_items, s, &err) < 0) {
		if (err.msg[0] == '\0')
			abort();
		s->has_score = false;
		return;
	}
	if (s->score < in->score_min - 1e-9 || s->score > in->score_max + 1e-9)
		abort();
	if (s->band < -1 || s->band >= in->n_bands)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct br_instrument *in = malloc(sizeof(*in));
	struct br_err err = BR_ERR_INIT;
	int lo[BR_INSTR_MAX_ITEMS], hi[BR_INSTR_MAX_ITEMS];
	int mix[BR_INSTR_MAX_ITEMS];
	struct br_score a, b, c;
	struct br_change ch;

	if (in == NULL)
		return 0;
	if (br_instrument_parse(NULL, (const char *)data, size, in, &err) < 0) {
		if (err.msg[0] == '\0' || in->doc != NULL)
			abort();
		free(in);
		return 0;
	}
	if (in->n_items < 1 || in->n_items > BR_INSTR_MAX_ITEMS ||
	    in->score_min > in->score_max)
		abort();
	for (int i = 0; i < in->n_items; i++) {
		const struct br_instr_item *it = &in->items[i];

		lo[i] = it->min;
		hi[i] = it->max;
		mix[i] = size > 0 ? it->min + data[i % size] %
		                                      (it->max - it->min + 1)
		                  : it->min;
		if (i % 3 == 2)
			mix[i] = BR_ANSWER_SKIPPED;
	}
	try_score(in, lo, &a);
	try_score(in, hi, &b);
	try_score(in, mix, &c);
	if (!a.has_score || !b.has_score)
		abort(); /* a complete answer set is always scored */
	if (in->has_change) {
		if (br_instrument_change(in, a.score, b.score, &ch, &err) < 0 ||
		    br_instrument_change(in, b.score, a.score, &ch, &err) < 0)
			abort();
		if (c.has_score &&
		    br_instrument_change(in, c.score, a.score, &ch, &err) < 0)
			abort();
	}
	if (br_instrument_same_scoring(in, in, NULL, &err) != 0)
		abort();
	for (int k = 0; k < in->n_bands; k++)
		if (br_instrument_band_index(in, in->bands[k].id) != k)
			abort();
	br_instrument_free(in);
	free(in);
	return 0;
}
