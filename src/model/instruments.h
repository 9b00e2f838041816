/*
 * instruments.h - the instrument set a process scores with: the
 * definitions embedded from data/instruments/, overridden and extended by
 * the *.json files of a directory (--instruments DIR or
 * $BACKREST_INSTRUMENTS) so a clinic can load licensed wording.
 *
 * An override of a built-in instrument must score exactly as the built-in
 * one (br_instrument_same_scoring): only wording, labels and notes may
 * change.  A file with a new id adds an instrument scored by the built-in
 * rules.  Any bad file fails the load with one sentence naming the file
 * and the field.
 *
 * Sets are loaded once per process and directory (thread-safe) and never
 * freed; the returned pointers are static.
 */
#ifndef BR_MODEL_INSTRUMENTS_H
#define BR_MODEL_INSTRUMENTS_H

#include "core/instrument.h"

#define BR_INSTRUMENTS_MAX 64

struct br_instrument_set {
	int n;
	struct br_instrument *items[BR_INSTRUMENTS_MAX]; /* sorted by id */
};

/* The set for dir (NULL or "": the embedded definitions only). */
int br_instruments_load(const char *dir, const struct br_instrument_set **out,
                        struct br_err *err);

#endif
