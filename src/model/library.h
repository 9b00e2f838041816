/*
 * library.h - the embedded reference libraries every layer above reads:
 * the evidence positions of data/evidence.json (core/plan.h) and the home
 * exercise library of data/exercises.json (core/exercise.h).
 *
 * Each is parsed once per process, thread-safe, at its first use; a bad
 * embedded file aborts (a build bug).  The returned structs are static
 * and never freed.
 */
#ifndef BR_MODEL_LIBRARY_H
#define BR_MODEL_LIBRARY_H

#include "core/exercise.h"
#include "core/plan.h"

const struct br_evidence *br_library_evidence(void);
const struct br_exercises *br_library_exercises(void);

#endif
