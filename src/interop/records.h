/*
 * records.h - checks an imported record must pass before it is stored, the
 * same rules the use cases apply to typed input (app/sessions.c,
 * app/diary.c, app/episodes.c), shared by the FHIR and CSV importers; and
 * the placing of a diary night's clock times on calendar days.
 */
#ifndef BR_INTEROP_RECORDS_H
#define BR_INTEROP_RECORDS_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"
#include "store/store.h"

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

/* Every field of x in range and every detail belonging to a modality of
 * the session; sorts its lists into the canonical stored order.  Field
 * names in messages are those of `session add`. */
int br_rec_session_check(struct br_session *x, struct br_err *err);
/* Adds a point ("BL23", side "left"; side "" = as charted by default) to
 * x, checking the WHO id and laterality. */
int br_rec_session_point(struct br_session *x, const char *point,
                         const char *side, struct br_err *err);
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
