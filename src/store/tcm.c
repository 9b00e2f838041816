/*
 * tcm.c - TCM assessments of a visit with their tongue features, pulse
 * qualities, eight principles and patterns (see tcm.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_internal.h"
#include "store/tcm.h"

#define TCM_COLS                                                               \
	"patient_id, assessment_id, episode_id, session_id, "                  \
	"practitioner_id, day, tongue_colour, tongue_moisture, tongue_note, "  \
	"pulse_rate, pulse_note, pattern_note, treatment_principle, "          \
	"prefilled_from, created_at"

static int
insert_child(struct br_store *s, const char *q, const struct br_tcm *x,
             const char *a, const char *b, struct br_err *err)
{
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, x->patient_id);
	br_db_bind_i64(st, 2, x->id);
	br_db_bind_text(st, 3, a);
	if (b)
		br_db_bind_text(st, 4, b);
	return br_db_run(st, err);
}

int
br_store_tcm_insert(struct br_store *s, const struct br_tcm *x,
                    struct br_err *err)
{
	static const char q[] =
	        "INSERT INTO tcm_assessments (" TCM_COLS
	        ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, "
	        "$13, $14, $15)";
	static const char q_tongue[] = "INSERT INTO tcm_tongue_features "
	                               "(patient_id, assessment_id, aspect, "
	                               "feature) VALUES ($1, $2, $3, $4)";
	static const char q_pulse[] = "INSERT INTO tcm_pulse_qualities "
	                              "(patient_id, assessment_id, position, "
	                              "quality) VALUES ($1, $2, $3, $4)";
	static const char q_principle[] = "INSERT INTO tcm_principles "
	                                  "(patient_id, assessment_id, "
	                                  "principle) VALUES ($1, $2, $3)";
	static const char q_pattern[] = "INSERT INTO tcm_patterns (patient_id, "
	                                "assessment_id, code, rank) VALUES "
	                                "($1, $2, $3, $4)";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, x->patient_id);
	br_db_bind_i64(st, 2, x->id);
	br_db_bind_i64(st, 3, x->episode_id);
	br_db_bind_i64(st, 4, x->session_id);
	br_store_bind_id_opt(st, 5, x->practitioner_id);
	br_db_bind_text(st, 6, x->day);
	br_db_bind_text(st, 7, x->tongue_colour);
	br_db_bind_text(st, 8, x->tongue_moisture);
	br_db_bind_text(st, 9, x->tongue_note);
	br_db_bind_int_opt(st, 10, x->pulse_rate);
	br_db_bind_text(st, 11, x->pulse_note);
	br_db_bind_text(st, 12, x->pattern_note);
	br_db_bind_text(st, 13, x->treatment_principle);
	br_store_bind_id_opt(st, 14, x->prefilled_from);
	br_db_bind_text(st, 15, x->created_at);
	rc = br_db_run(st, err);
	for (int i = 0; rc == 0 && i < x->n_shape; i++)
		rc = insert_child(s, q_tongue, x, "shape", x->shape[i], err);
	for (int i = 0; rc == 0 && i < x->n_coat; i++)
		rc = insert_child(s, q_tongue, x, "coat", x->coat[i], err);
	for (int p = 0; p < BR_PULSE_NPOS; p++)
		for (int i = 0; rc == 0 && i < x->n_pulse[p]; i++)
			rc = insert_child(s, q_pulse, x, br_pulse_positions[p],
			                  x->pulse[p][i], err);
	for (int i = 0; rc == 0 && i < x->n_principles; i++)
		rc = insert_child(s, q_principle, x, x->principles[i], NULL,
		                  err);
	for (int i = 0; rc == 0 && i < x->n_patterns; i++) {
		rc = br_db_prepare(s, q_pattern, &st, err);
		if (rc < 0)
			break;
		br_db_bind_i64(st, 1, x->patient_id);
		br_db_bind_i64(st, 2, x->id);
		br_db_bind_text(st, 3, x->patterns[i]);
		br_db_bind_i64(st, 4, i + 1);
		rc = br_db_run(st, err);
	}
	return rc;
}

static void
read_tcm(struct br_db_stmt *st, void *elem)
{
	struct br_tcm *x = elem;

	br_tcm_init(x);
	x->patient_id = br_db_col_i64(st, 0);
	x->id = br_db_col_i64(st, 1);
	x->episode_id = br_db_col_i64(st, 2);
	x->session_id = br_db_col_i64(st, 3);
	x->practitioner_id = br_db_col_i64(st, 4);
	br_db_col_copy(st, 5, x->day, sizeof(x->day));
	br_db_col_copy(st, 6, x->tongue_colour, sizeof(x->tongue_colour));
	br_db_col_copy(st, 7, x->tongue_moisture, sizeof(x->tongue_moisture));
	br_db_col_copy(st, 8, x->tongue_note, sizeof(x->tongue_note));
	x->pulse_rate = br_db_col_int_opt(st, 9);
	br_db_col_copy(st, 10, x->pulse_note, sizeof(x->pulse_note));
	br_db_col_copy(st, 11, x->pattern_note, sizeof(x->pattern_note));
	br_db_col_copy(st, 12, x->treatment_principle,
	               sizeof(x->treatment_principle));
	x->prefilled_from = br_db_col_i64(st, 13);
	br_db_col_copy(st, 14, x->created_at, sizeof(x->created_at));
}

static int
index_of(const char *const *names, const char *s)
{
	for (int i = 0; names[i]; i++)
		if (strcmp(names[i], s) == 0)
			return i;
	return -1;
}

enum child { CH_TONGUE, CH_PULSE, CH_PRINCIPLE, CH_PATTERN };

static void
add_child(struct br_tcm *x, enum child kind, const char *a, const char *b)
{
	int p;

	switch (kind) {
	case CH_TONGUE:
		if (strcmp(a, "shape") == 0 && x->n_shape < BR_TCM_MAX_LIST)
			snprintf(x->shape[x->n_shape++], BR_CODE_LEN, "%s", b);
		else if (strcmp(a, "coat") == 0 && x->n_coat < BR_TCM_MAX_LIST)
			snprintf(x->coat[x->n_coat++], BR_CODE_LEN, "%s", b);
		break;
	case CH_PULSE:
		p = index_of(br_pulse_positions, a);
		if (p >= 0 && x->n_pulse[p] < BR_TCM_MAX_LIST)
			snprintf(x->pulse[p][x->n_pulse[p]++], BR_CODE_LEN,
			         "%s", b);
		break;
	case CH_PRINCIPLE:
		if (x->n_principles < 8)
			snprintf(x->principles[x->n_principles++],
			         sizeof(x->principles[0]), "%s", a);
		break;
	case CH_PATTERN:
		if (x->n_patterns < BR_TCM_MAX_PATTERNS)
			snprintf(x->patterns[x->n_patterns++],
			         sizeof(x->patterns[0]), "%s", a);
		break;
	}
}

/* Reads one child list of every assessment in arr. */
static int
read_children(struct br_store *s, const char *q, int64_t patient_id,
              int64_t episode_id, struct br_tcm *arr, size_t n, enum child kind,
              struct br_err *err)
{
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, patient_id);
	br_db_bind_i64(st, 2, episode_id);
	while ((rc = br_db_step(st, err)) == 1) {
		int64_t id = br_db_col_i64(st, 0);

		for (size_t i = 0; i < n; i++)
			if (arr[i].id == id) {
				add_child(&arr[i], kind, br_db_col_text(st, 1),
				          br_db_col_text(st, 2));
				break;
			}
	}
	br_db_done(st);
	return rc < 0 ? rc : 0;
}

int
br_store_tcm_list(struct br_store *s, int64_t patient_id, int64_t episode_id,
                  struct br_tcm **out, size_t *n, struct br_err *err)
{
	static const char q[] = "SELECT " TCM_COLS
	                        " FROM tcm_assessments WHERE patient_id = $1 "
	                        "AND episode_id = $2 ORDER BY day, session_id";
#define CHILD_Q(table, cols, order)                                            \
	"SELECT c.assessment_id, " cols " FROM " table                         \
	" c JOIN tcm_assessments a ON a.patient_id = c.patient_id AND "        \
	"a.assessment_id = c.assessment_id WHERE a.patient_id = $1 AND "       \
	"a.episode_id = $2 ORDER BY " order
	static const char q_tongue[] =
	        CHILD_Q("tcm_tongue_features", "c.aspect, c.feature",
	                "c.assessment_id, c.aspect, c.feature");
	static const char q_pulse[] =
	        CHILD_Q("tcm_pulse_qualities", "c.position, c.quality",
	                "c.assessment_id, c.position, c.quality");
	static const char q_principle[] =
	        CHILD_Q("tcm_principles", "c.principle, ''", "c.assessment_id");
	static const char q_pattern[] = CHILD_Q("tcm_patterns", "c.code, ''",
	                                        "c.assessment_id, c.rank");
#undef CHILD_Q
	struct br_tcm *arr = NULL;
	struct br_db_stmt *st;
	size_t len = 0;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, patient_id);
	br_db_bind_i64(st, 2, episode_id);
	rc = br_db_collect(st, sizeof(*arr), read_tcm, (void **)&arr, &len,
	                   err);
	if (rc == 0)
		rc = read_children(s, q_tongue, patient_id, episode_id, arr,
		                   len, CH_TONGUE, err);
	if (rc == 0)
		rc = read_children(s, q_pulse, patient_id, episode_id, arr, len,
		                   CH_PULSE, err);
	if (rc == 0)
		rc = read_children(s, q_principle, patient_id, episode_id, arr,
		                   len, CH_PRINCIPLE, err);
	if (rc == 0)
		rc = read_children(s, q_pattern, patient_id, episode_id, arr,
		                   len, CH_PATTERN, err);
	if (rc < 0) {
		free(arr);
		return rc;
	}
	/* Principles in their canonical order, whatever the storage order. */
	for (size_t i = 0; i < len; i++) {
		struct br_tcm *x = &arr[i];
		char sorted[8][12] = {{0}};
		int k = 0;

		for (int p = 0; br_tcm_principles[p]; p++)
			for (int j = 0; j < x->n_principles; j++)
				if (strcmp(x->principles[j],
				           br_tcm_principles[p]) == 0)
					snprintf(sorted[k++], sizeof(sorted[0]),
					         "%s", br_tcm_principles[p]);
		memcpy(x->principles, sorted, sizeof(sorted));
		x->n_principles = k;
	}
	*out = arr;
	*n = len;
	return 0;
}

int
br_store_session_ref(struct br_store *s, int64_t session_id, const char *field,
                     struct br_session_ref *out, struct br_err *err)
{
	static const char q[] = "SELECT patient_id, episode_id, day FROM "
	                        "sessions WHERE session_id = $1";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, session_id);
	rc = br_db_step(st, err);
	if (rc == 1) {
		memset(out, 0, sizeof(*out));
		out->patient_id = br_db_col_i64(st, 0);
		out->episode_id = br_db_col_i64(st, 1);
		out->session_id = session_id;
		br_db_col_copy(st, 2, out->day, sizeof(out->day));
	}
	br_db_done(st);
	if (rc == 0)
		return br_error(err, BR_ENOTFOUND, field,
		                "there is no session %lld",
		                (long long)session_id);
	return rc < 0 ? rc : 0;
}
