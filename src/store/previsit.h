/*
 * previsit.h - the pre-visit intake a new patient fills in before the
 * first visit (migration 022: previsit_intakes): the patient's answers
 * kept server-side until the practitioner confirms them, and the clinic's
 * patients whose answers point to an emergency.
 *
 * Same conventions as store.h: records in caller storage (struct
 * br_previsit is large: allocate it rather than keep it on the stack),
 * lists as arrays the caller frees with free(), writes inside
 * br_store_begin/commit.
 */
#ifndef BR_STORE_PREVISIT_H
#define BR_STORE_PREVISIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "model/records.h"
#include "store/store.h"

#define BR_PREVISIT_ANSWERS_MAX 49152 /* the answers as a JSON object */
#define BR_PREVISIT_FLAGS_MAX   2048  /* the red-flag replies, JSON */
#define BR_PREVISIT_ACTOR_MAX   121

struct br_previsit {
	int64_t patient_id;
	int64_t id;
	int64_t requested_by; /* the practitioner's user id; 0 on the CLI */
	char requested_at[BR_TS_LEN];
	char answers[BR_PREVISIT_ANSWERS_MAX]; /* JSON object */
	char red_flags[BR_PREVISIT_FLAGS_MAX]; /* JSON object */
	char tier[12];                         /* none, urgent, emergency */
	char updated_at[BR_TS_LEN];            /* "" before the first save */
	char sent_at[BR_TS_LEN];               /* "" until sent */
	char confirmed_at[BR_TS_LEN];          /* "" until confirmed */
	char confirmed_by[BR_PREVISIT_ACTOR_MAX];
	int64_t episode_id; /* the episode it became the intake of, or 0 */
};

/* Writes a new request (answers and red_flags "{}" or as set). */
int br_store_previsit_insert(struct br_store *s, const struct br_previsit *v,
                             struct br_err *err);
/* The patient's unconfirmed request; BR_ENOTFOUND (field "patient_id")
 * when there is none. */
int br_store_previsit_open(struct br_store *s, int64_t patient_id,
                           struct br_previsit *out, struct br_err *err);
/* The patient's newest request, confirmed or not; BR_ENOTFOUND (field
 * "patient_id") when there is none. */
int br_store_previsit_last(struct br_store *s, int64_t patient_id,
                           struct br_previsit *out, struct br_err *err);
/* Stores v's answers, red_flags, tier, updated_at and sent_at. */
int br_store_previsit_answer(struct br_store *s, const struct br_previsit *v,
                             struct br_err *err);
/* Stores v's confirmed_at, confirmed_by and episode_id. */
int br_store_previsit_confirm(struct br_store *s, const struct br_previsit *v,
                              struct br_err *err);

/* A patient whose unconfirmed pre-visit answers point to an emergency. */
struct br_previsit_alert {
	int64_t patient_id;
	int64_t id;
	char name[BR_NAME_MAX];
	char red_flags[BR_PREVISIT_FLAGS_MAX];
	char updated_at[BR_TS_LEN];
};
/* The patients of clinic_id (0: of every clinic) whose unconfirmed
 * pre-visit intake has tier emergency, the latest answer first; caller
 * frees *out. */
int br_store_previsit_alerts(struct br_store *s, int64_t clinic_id,
                             struct br_previsit_alert **out, size_t *n,
                             struct br_err *err);

/* Whether the patient has an account that can sign in (an enabled patient
 * account). */
int br_store_previsit_account(struct br_store *s, int64_t patient_id, bool *has,
                              struct br_err *err);

#endif
