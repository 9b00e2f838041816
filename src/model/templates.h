/*
 * templates.h - point templates: a combination of acupuncture points, each
 * with its side, and a default needle retention, saved by a practitioner
 * under a name and applied in the session form.
 *
 * A template belongs to its owner; shared, the practitioners of the
 * owner's clinic may see and apply it, and only the owner changes or
 * removes it (app/templates.h).  Clinic data, not a patient's record.
 *
 * The record, its field tables (the input of template add and template
 * edit, the query of template list) and its check are here, written once;
 * everything is static data or a pure function, nothing allocates.
 */
#ifndef BR_MODEL_TEMPLATES_H
#define BR_MODEL_TEMPLATES_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"
#include "model/field.h"
#include "model/records.h"

#define BR_TEMPLATE_NAME_MAX 81 /* 80 bytes and the NUL */

struct br_point_template {
	int64_t id;
	int64_t practitioner_id; /* the owner */
	char name[BR_TEMPLATE_NAME_MAX];
	bool shared;  /* with the practitioners of the owner's clinic */
	int minutes;  /* default needle retention, or BR_UNSET */
	int n_points; /* in the order given */
	struct br_session_point points[BR_MAX_POINTS];
	char created_at[BR_TS_LEN];
	char updated_at[BR_TS_LEN];
	/* Read with the template, never written through it: the owner's
	 * name and clinic (0 when none). */
	char owner_name[BR_NAME_MAX];
	int64_t owner_clinic_id;
};

/* template add: practitioner_id (the owner; the API binds it to the
 * caller), name, points, minutes, shared.  template edit: the same with
 * template_id, every field but the id optional.  template list: the
 * practitioner whose templates (own and shared with them) are listed. */
extern const struct br_fields br_template_fields;
extern const struct br_fields br_template_edit_fields;
extern const struct br_fields br_template_list_query;

/* Every field "not given": no id, no name, not shared, minutes BR_UNSET,
 * no points. */
void br_point_template_init(struct br_point_template *t);

/* Adds one point as written ("BL23", "BL23:L", "DU4", "ashi") to t: its
 * WHO id and side from the charting vocabulary, not twice, at most
 * BR_MAX_POINTS (field "points"). */
int br_rec_template_point(struct br_point_template *t, const char *text,
                          struct br_err *err);

/* A name of 1 to BR_TEMPLATE_NAME_MAX - 1 bytes that is not only spaces,
 * at least one point, minutes unset or in its table's range. */
int br_rec_template_check(const struct br_point_template *t,
                          struct br_err *err);

/* Whether practitioner (0: the local operator, who sees every template)
 * of clinic (0: none) may see and apply t: their own, or shared by a
 * practitioner of their clinic. */
bool br_template_visible(const struct br_point_template *t,
                         int64_t practitioner, int64_t clinic);
/* Whether practitioner (0: the local operator) may change or remove t:
 * its owner only. */
bool br_template_owned(const struct br_point_template *t, int64_t practitioner);

#endif
