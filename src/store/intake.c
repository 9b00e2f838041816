/*
 * intake.c - the intake history of an episode and its lists (see
 * intake.h).  A put replaces the whole record: the row is deleted (its
 * lists go with it, ON DELETE CASCADE) and written again, in the caller's
 * transaction.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/intake.h"
#include "store/store_internal.h"

#define INTAKE_COLS                                                            \
	"patient_id, episode_id, practitioner_id, recorded_on, onset_mode, "   \
	"onset_note, radiation, radiation_side, work, sitting_hours, "         \
	"lifting, lifting_technique, activity, height_cm, weight_kg, "         \
	"smoking, cigarettes_per_day, lifestyle_note, conditions_note, "       \
	"treatments_note, position_difficulty, night_pain, pain_wakes, "       \
	"sleep_position, mattress, mattress_years, pillows, knee_pillow, "     \
	"sleep_note, goals, locations_recorded, aggravating_recorded, "        \
	"easing_recorded, conditions_recorded, treatments_recorded, "          \
	"medicines_recorded, created_at, updated_at"

static void
read_intake(struct br_db_stmt *st, struct br_intake *x)
{
	int c = 0;

	br_intake_init(x);
	x->patient_id = br_db_col_i64(st, c++);
	x->episode_id = br_db_col_i64(st, c++);
	x->practitioner_id = br_db_col_i64(st, c++);
	br_db_col_copy(st, c++, x->recorded_on, sizeof(x->recorded_on));
	br_db_col_copy(st, c++, x->onset_mode, sizeof(x->onset_mode));
	br_db_col_copy(st, c++, x->onset_note, sizeof(x->onset_note));
	br_db_col_copy(st, c++, x->radiation, sizeof(x->radiation));
	br_db_col_copy(st, c++, x->radiation_side, sizeof(x->radiation_side));
	br_db_col_copy(st, c++, x->work, sizeof(x->work));
	x->sitting_hours = br_db_col_int_opt(st, c++);
	br_db_col_copy(st, c++, x->lifting, sizeof(x->lifting));
	br_db_col_copy(st, c++, x->lifting_technique,
	               sizeof(x->lifting_technique));
	br_db_col_copy(st, c++, x->activity, sizeof(x->activity));
	x->height_cm = br_db_col_int_opt(st, c++);
	x->weight_kg =
	        br_db_col_is_null(st, c) ? -1.0 : br_db_col_double(st, c);
	c++;
	br_db_col_copy(st, c++, x->smoking, sizeof(x->smoking));
	x->cigarettes_per_day = br_db_col_int_opt(st, c++);
	br_db_col_copy(st, c++, x->lifestyle_note, sizeof(x->lifestyle_note));
	br_db_col_copy(st, c++, x->conditions_note, sizeof(x->conditions_note));
	br_db_col_copy(st, c++, x->treatments_note, sizeof(x->treatments_note));
	x->position_difficulty = br_db_col_int_opt(st, c++);
	x->night_pain = br_db_col_int_opt(st, c++);
	x->pain_wakes = br_db_col_int_opt(st, c++);
	br_db_col_copy(st, c++, x->sleep_position, sizeof(x->sleep_position));
	br_db_col_copy(st, c++, x->mattress, sizeof(x->mattress));
	x->mattress_years = br_db_col_int_opt(st, c++);
	x->pillows = br_db_col_int_opt(st, c++);
	x->knee_pillow = br_db_col_int_opt(st, c++);
	br_db_col_copy(st, c++, x->sleep_note, sizeof(x->sleep_note));
	br_db_col_copy(st, c++, x->goals, sizeof(x->goals));
	for (int i = 0; i < BR_INTAKE_NLISTS; i++)
		x->recorded[i] = br_db_col_i64(st, c++) != 0;
	br_db_col_copy(st, c++, x->created_at, sizeof(x->created_at));
	br_db_col_copy(st, c++, x->updated_at, sizeof(x->updated_at));
}

/* Child rows: "SELECT a, b FROM table WHERE patient_id = $1 AND
 * episode_id = $2 ORDER BY ...", one list kind each. */
enum child { CH_LOCATION, CH_FACTOR, CH_CONDITION, CH_TREATMENT, CH_MEDICINE };

static void
add_code(int *n, char (*arr)[BR_CODE_LEN], const char *code)
{
	if (*n < BR_INTAKE_MAX_LIST)
		snprintf(arr[(*n)++], BR_CODE_LEN, "%s", code);
}

static int
read_children(struct br_store *s, const char *q, enum child kind,
              struct br_intake *x, struct br_err *err)
{
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, x->patient_id);
	br_db_bind_i64(st, 2, x->episode_id);
	while ((rc = br_db_step(st, err)) == 1) {
		const char *a = br_db_col_text(st, 0);

		switch (kind) {
		case CH_LOCATION:
			if (x->n_locations < BR_INTAKE_MAX_LIST) {
				struct br_intake_location *l =
				        &x->locations[x->n_locations++];
				snprintf(l->location, sizeof(l->location), "%s",
				         a);
				br_db_col_copy(st, 1, l->side, sizeof(l->side));
			}
			break;
		case CH_FACTOR:
			if (strcmp(a, "aggravating") == 0)
				add_code(&x->n_aggravating, x->aggravating,
				         br_db_col_text(st, 1));
			else
				add_code(&x->n_easing, x->easing,
				         br_db_col_text(st, 1));
			break;
		case CH_CONDITION:
			add_code(&x->n_conditions, x->conditions, a);
			break;
		case CH_TREATMENT:
			add_code(&x->n_treatments, x->treatments, a);
			break;
		case CH_MEDICINE:
			if (x->n_medicines < BR_INTAKE_MAX_MEDS) {
				struct br_intake_medicine *m =
				        &x->medicines[x->n_medicines++];
				snprintf(m->name, sizeof(m->name), "%s", a);
				br_db_col_copy(st, 1, m->dose, sizeof(m->dose));
				br_db_col_copy(st, 2, m->kind, sizeof(m->kind));
				br_db_col_copy(st, 3, m->purpose,
				               sizeof(m->purpose));
			}
			break;
		}
	}
	br_db_done(st);
	return rc < 0 ? rc : 0;
}

int
br_store_intake_get(struct br_store *s, int64_t patient_id, int64_t episode_id,
                    struct br_intake *out, struct br_err *err)
{
	static const char q[] = "SELECT " INTAKE_COLS " FROM intakes WHERE "
	                        "patient_id = $1 AND episode_id = $2";
#define CHILD_Q(cols, table, order)                                            \
	"SELECT " cols " FROM " table " WHERE patient_id = $1 AND "            \
	"episode_id = $2 ORDER BY " order
	static const char q_loc[] =
	        CHILD_Q("location, side", "intake_locations", "location");
	static const char q_factor[] =
	        CHILD_Q("effect, factor", "intake_factors", "effect, factor");
	static const char q_cond[] =
	        CHILD_Q("condition", "intake_conditions", "condition");
	static const char q_treat[] =
	        CHILD_Q("treatment", "intake_treatments", "treatment");
	static const char q_med[] = CHILD_Q("name, dose, kind, purpose",
	                                    "intake_medicines", "position");
#undef CHILD_Q
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, patient_id);
	br_db_bind_i64(st, 2, episode_id);
	rc = br_db_step(st, err);
	if (rc == 1)
		read_intake(st, out);
	br_db_done(st);
	if (rc == 0)
		return br_error(err, BR_ENOTFOUND, "episode_id",
		                "episode %lld has no intake recorded yet",
		                (long long)episode_id);
	if (rc < 0)
		return rc;
	rc = read_children(s, q_loc, CH_LOCATION, out, err);
	if (rc == 0)
		rc = read_children(s, q_factor, CH_FACTOR, out, err);
	if (rc == 0)
		rc = read_children(s, q_cond, CH_CONDITION, out, err);
	if (rc == 0)
		rc = read_children(s, q_treat, CH_TREATMENT, out, err);
	if (rc == 0)
		rc = read_children(s, q_med, CH_MEDICINE, out, err);
	return rc;
}

/* Inserts one child row: ($1 patient, $2 episode, $3.. the texts). */
static int
insert_child(struct br_store *s, const char *q, const struct br_intake *x,
             const char *a, const char *b, struct br_err *err)
{
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, x->patient_id);
	br_db_bind_i64(st, 2, x->episode_id);
	br_db_bind_text(st, 3, a);
	if (b)
		br_db_bind_text(st, 4, b);
	return br_db_run(st, err);
}

static int
insert_medicine(struct br_store *s, const struct br_intake *x, int i,
                struct br_err *err)
{
	static const char q[] = "INSERT INTO intake_medicines (patient_id, "
	                        "episode_id, position, name, dose, kind, "
	                        "purpose) VALUES ($1, $2, $3, $4, $5, $6, $7)";
	const struct br_intake_medicine *m = &x->medicines[i];
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, x->patient_id);
	br_db_bind_i64(st, 2, x->episode_id);
	br_db_bind_i64(st, 3, i + 1);
	br_db_bind_text(st, 4, m->name);
	br_db_bind_text(st, 5, m->dose);
	br_db_bind_text(st, 6, m->kind);
	br_db_bind_text(st, 7, m->purpose);
	return br_db_run(st, err);
}

static int
insert_row(struct br_store *s, const struct br_intake *x, struct br_err *err)
{
	static const char q[] =
	        "INSERT INTO intakes (" INTAKE_COLS
	        ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, "
	        "$13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, "
	        "$25, $26, $27, $28, $29, $30, $31, $32, $33, $34, $35, $36, "
	        "$37, $38)";
	struct br_db_stmt *st;
	int c = 1, rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, c++, x->patient_id);
	br_db_bind_i64(st, c++, x->episode_id);
	if (x->practitioner_id)
		br_db_bind_i64(st, c++, x->practitioner_id);
	else
		br_db_bind_text(st, c++, NULL);
	br_db_bind_text(st, c++, x->recorded_on);
	br_db_bind_text(st, c++, x->onset_mode);
	br_db_bind_text(st, c++, x->onset_note);
	br_db_bind_text(st, c++, x->radiation);
	br_db_bind_text(st, c++, x->radiation_side);
	br_db_bind_text(st, c++, x->work);
	br_db_bind_int_opt(st, c++, x->sitting_hours);
	br_db_bind_text(st, c++, x->lifting);
	br_db_bind_text(st, c++, x->lifting_technique);
	br_db_bind_text(st, c++, x->activity);
	br_db_bind_int_opt(st, c++, x->height_cm);
	if (x->weight_kg >= 0)
		br_db_bind_double(st, c++, x->weight_kg);
	else
		br_db_bind_text(st, c++, NULL);
	br_db_bind_text(st, c++, x->smoking);
	br_db_bind_int_opt(st, c++, x->cigarettes_per_day);
	br_db_bind_text(st, c++, x->lifestyle_note);
	br_db_bind_text(st, c++, x->conditions_note);
	br_db_bind_text(st, c++, x->treatments_note);
	br_db_bind_int_opt(st, c++, x->position_difficulty);
	br_db_bind_int_opt(st, c++, x->night_pain);
	br_db_bind_int_opt(st, c++, x->pain_wakes);
	br_db_bind_text(st, c++, x->sleep_position);
	br_db_bind_text(st, c++, x->mattress);
	br_db_bind_int_opt(st, c++, x->mattress_years);
	br_db_bind_int_opt(st, c++, x->pillows);
	br_db_bind_int_opt(st, c++, x->knee_pillow);
	br_db_bind_text(st, c++, x->sleep_note);
	br_db_bind_text(st, c++, x->goals);
	for (int i = 0; i < BR_INTAKE_NLISTS; i++)
		br_db_bind_i64(st, c++, x->recorded[i]);
	br_db_bind_text(st, c++, x->created_at);
	br_db_bind_text(st, c++, x->updated_at);
	return br_db_run(st, err);
}

int
br_store_intake_put(struct br_store *s, const struct br_intake *x,
                    struct br_err *err)
{
	static const char q_del[] = "DELETE FROM intakes WHERE patient_id = "
	                            "$1 AND episode_id = $2";
	static const char q_loc[] = "INSERT INTO intake_locations (patient_id, "
	                            "episode_id, location, side) VALUES ($1, "
	                            "$2, $3, $4)";
	static const char q_factor[] = "INSERT INTO intake_factors "
	                               "(patient_id, episode_id, effect, "
	                               "factor) VALUES ($1, $2, $3, $4)";
	static const char q_cond[] = "INSERT INTO intake_conditions "
	                             "(patient_id, episode_id, condition) "
	                             "VALUES ($1, $2, $3)";
	static const char q_treat[] = "INSERT INTO intake_treatments "
	                              "(patient_id, episode_id, treatment) "
	                              "VALUES ($1, $2, $3)";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q_del, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, x->patient_id);
	br_db_bind_i64(st, 2, x->episode_id);
	rc = br_db_run(st, err);
	if (rc == 0)
		rc = insert_row(s, x, err);
	for (int i = 0; rc == 0 && i < x->n_locations; i++)
		rc = insert_child(s, q_loc, x, x->locations[i].location,
		                  x->locations[i].side, err);
	for (int i = 0; rc == 0 && i < x->n_aggravating; i++)
		rc = insert_child(s, q_factor, x, "aggravating",
		                  x->aggravating[i], err);
	for (int i = 0; rc == 0 && i < x->n_easing; i++)
		rc = insert_child(s, q_factor, x, "easing", x->easing[i], err);
	for (int i = 0; rc == 0 && i < x->n_conditions; i++)
		rc = insert_child(s, q_cond, x, x->conditions[i], NULL, err);
	for (int i = 0; rc == 0 && i < x->n_treatments; i++)
		rc = insert_child(s, q_treat, x, x->treatments[i], NULL, err);
	for (int i = 0; rc == 0 && i < x->n_medicines; i++)
		rc = insert_medicine(s, x, i, err);
	return rc;
}
