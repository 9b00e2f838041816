/*
 * checks_clinical.h - the rules of the red-flag screen, the questionnaire
 * measure (and a score not stored), the next-day check-in, the visit
 * booking (and a course of visits) and the herbal prescription, written
 * once: the field tables of the input their use cases
 * take (types, ranges, vocabularies, required fields; the API description
 * and the command line's help are generated from them) and the checks of
 * a filled record (ranges read from the same tables, and the cross-field
 * rules), with one sentence naming the field.  The use cases
 * (app/screening.c, measures.c, checkin.c, visits*.c, herbal.c) check their
 * input against the table and the record with the check; an importer that
 * builds the same record runs the same check.
 *
 * Everything here is static data or a pure function; nothing allocates.
 */
#ifndef BR_MODEL_CHECKS_CLINICAL_H
#define BR_MODEL_CHECKS_CLINICAL_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"
#include "core/redflag.h"
#include "model/field.h"
#include "model/herbal.h"
#include "model/measures.h"
#include "model/screenings.h"
#include "model/visits.h"

/* The input of screen (record a red-flag screen of an episode). */
extern const struct br_fields br_screen_fields;
/* The input of measure add and of score (answers scored, not stored). */
extern const struct br_fields br_measure_fields;
extern const struct br_fields br_score_fields;
/* The input of the next-day check-in after a session. */
extern const struct br_fields br_checkin_fields;
/* The input of visit book, and of visit propose and book-course (a
 * course of visits for a plan item). */
extern const struct br_fields br_visit_fields;
extern const struct br_fields br_course_fields;
/* The input of herbal add (a prescription as written). */
extern const struct br_fields br_herbal_fields;

/* Red flags ----------------------------------------------------------- */

/* Flags read from input: "none", or ids.  ids point at the static ids of
 * core/redflag.h. */
struct br_flag_input {
	bool given; /* the field was present */
	bool none;  /* "none" was given */
	int n;
	const char *ids[BR_REDFLAG_MAX];
};

/* Adds one item of the list key ("none" or a red-flag id a practitioner
 * may record) to f; a repeat is ignored. */
int br_rec_flag_add(struct br_flag_input *f, const char *key, const char *item,
                    struct br_err *err);
/* The list key as a whole: "none" alone, or at least one id. */
int br_rec_flags_check(const struct br_flag_input *f, const char *key,
                       struct br_err *err);
/* A screen's request: --none or the flags found, not both, one of them. */
int br_rec_screen_check(bool none, const struct br_flag_input *f,
                        struct br_err *err);
/* A screen record: its flags known red-flag ids, each once, within the
 * record's bounds; its tier (when set) one of none, urgent, emergency. */
int br_rec_screening_check(const struct br_screening *x, struct br_err *err);

/* Measures ------------------------------------------------------------ */

/* A measure record: its answers within the record's bounds, each a
 * response code (0 or more) or skipped; answered and the item count
 * agree. */
int br_rec_measure_check(const struct br_measure *m, struct br_err *err);

/* Check-ins ----------------------------------------------------------- */

/* A check-in record: soreness 0-10 (the table's range), energy and mood
 * worse, same or better, dated after its session (session_day, when
 * set). */
int br_rec_checkin_check(const struct br_checkin *c, struct br_err *err);

/* Visits -------------------------------------------------------------- */

/* A visit's length when none is given. */
#define BR_VISIT_DEFAULT_MINUTES 45

/* A visit record's booking: minutes in the table's range, place clinic
 * or home, an address for a home visit and none for a clinic one. */
int br_rec_visit_check(const struct br_visit *v, struct br_err *err);

/* Herbal prescriptions ------------------------------------------------ */

/* A prescription record: a name (pinyin in Latin letters, chinese in
 * Chinese characters, or english), a form of the table's vocabulary and
 * a dose. */
int br_rec_herbal_check(const struct br_herbal *x, struct br_err *err);

#endif
