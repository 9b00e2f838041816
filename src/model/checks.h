/*
 * checks.h - the rules of the patient, episode, diary day and session
 * records, written once: their field tables (the input fields of the use
 * cases that write them, with types, ranges and vocabularies) and the
 * check of a filled record (ranges read from the same table, vocabularies,
 * and the cross-field rules), with one sentence naming the field.  The
 * use cases (app/patients.c, episodes.c, diary.c, sessions.c) check their
 * input against the table and the record with the check; the FHIR and CSV
 * importers build the record and run the same check, so the command line,
 * the API and an import accept the same records.  Also: placing a diary
 * night's clock times on calendar days.
 *
 * Everything here is static data or a pure function; nothing allocates.
 */
#ifndef BR_MODEL_CHECKS_H
#define BR_MODEL_CHECKS_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"
#include "model/field.h"
#include "model/records.h"

/* The input fields of the use cases that write each record kind: patient
 * add, episode open, diary add, session add. */
extern const struct br_fields br_patient_fields;
extern const struct br_fields br_episode_fields;
extern const struct br_fields br_diary_fields;
extern const struct br_fields br_session_fields;

extern const char *const br_rec_modalities[];
extern const char *const br_rec_positions[];
extern const char *const br_rec_massages[];
extern const char *const br_rec_cuppings[];
extern const char *const br_rec_moxas[];
extern const char *const br_rec_stimulations[];
extern const char *const br_rec_waveforms[];
extern const char *const br_rec_sides[];
extern const char *const br_rec_regions[]; /* episode regions */
extern const char *const br_rec_sexes[];

/* Index of s in names, or -1. */
int br_rec_index(const char *const *names, const char *s);

/* True when the session x has modality m. */
bool br_rec_session_has(const struct br_session *x, const char *m);
/* "2", "100" or "2/100": electroacupuncture frequencies of 1-200 Hz. */
int br_rec_session_hz(const char *s, struct br_err *err);

/* Every field of x in range and every detail belonging to a modality of
 * the session; sorts its lists into the canonical stored order.  Field
 * names in messages are those of `session add`. */
int br_rec_session_check(struct br_session *x, struct br_err *err);
/* Adds a point ("BL23", side "left"; side "" = as charted by default) to
 * x, checking the WHO id and laterality. */
int br_rec_session_point(struct br_session *x, const char *point,
                         const char *side, struct br_err *err);
/* The same for any list of points (n of them, at most max; what names
 * the record in the message: "session", "template"): the point's WHO id
 * from the charting vocabulary, its side, no point twice.  Errors name
 * the field "points". */
int br_rec_point_add(struct br_session_point *list, int *n, int max,
                     const char *what, const char *point, const char *side,
                     struct br_err *err);
/* Adds a word to a session list (kind "modality", "regions", "adverse"),
 * checking it against the vocabulary; repeats are ignored. */
int br_rec_session_word(struct br_session *x, const char *kind,
                        const char *word, struct br_err *err);

/* Ranges of every diary field, the night's order and pain_worst >= pain. */
int br_rec_day_check(const struct br_diary_day *d, struct br_err *err);

/* ICD-10 code shape (letter, two digits, optional dot and 1-4 more);
 * writes it upper-cased. */
int br_rec_icd10(const char *code, char *out, size_t outlen,
                 struct br_err *err);

/*
 * Places the night's bed, try, final and up (those reported) on days: the
 * last reported time falls on diary day `day` (the morning the night ends)
 * and each earlier one no later than the next.  dates[i] is a day number
 * or INT32_MIN for an unreported time (order bed, try, final, up).
 */
void br_rec_night_days(int32_t day, const struct br_night *n, int32_t dates[4]);

#endif
