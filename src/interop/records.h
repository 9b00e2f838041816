/*
 * records.h - what the FHIR and CSV mappings read and write of the
 * patient, episode, diary day and session records: the model's field
 * tables and vocabularies (model/checks.h), and the app's apply functions
 * (app/app.h) through which the importers write those records, so an
 * import passes the same rules as the use cases without a copy of them
 * here.
 */
#ifndef BR_INTEROP_RECORDS_H
#define BR_INTEROP_RECORDS_H

#include "app/app.h"
#include "model/checks.h"

#endif
