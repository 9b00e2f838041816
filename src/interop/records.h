/*
 * records.h - the record checks the importers apply: the same ones the
 * use cases apply, which live in the model (model/checks.h).  The FHIR
 * and CSV importers include this header.
 */
#ifndef BR_INTEROP_RECORDS_H
#define BR_INTEROP_RECORDS_H

#include "model/checks.h"

#endif
