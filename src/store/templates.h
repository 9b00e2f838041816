/*
 * templates.h - point templates in the store (migration 018): a
 * practitioner's named combinations of points with their sides and a
 * default retention (model/templates.h).  Reference tables: clinic data,
 * not a patient's record.
 *
 * A template's owner_name and owner_clinic_id are read from the owner's
 * account (users) with it; "shared in a clinic" means the owner's account
 * is in that clinic now.  Writes happen inside br_store_begin() /
 * br_store_commit() like every other write.
 *
 * Memory: records are filled into caller storage and own no heap memory;
 * list functions return an array the caller frees with free().
 */
#ifndef BR_STORE_TEMPLATES_H
#define BR_STORE_TEMPLATES_H

#include <stddef.h>
#include <stdint.h>

#include "model/templates.h"
#include "store/store.h"

/* Writes t (its row and its points). */
int br_store_template_insert(struct br_store *s,
                             const struct br_point_template *t,
                             struct br_err *err);
/* Replaces the stored template t->id's name, shared, minutes, updated_at
 * and points with t's. */
int br_store_template_update(struct br_store *s,
                             const struct br_point_template *t,
                             struct br_err *err);
/* Removes the template and its points. */
int br_store_template_delete(struct br_store *s, int64_t id,
                             struct br_err *err);
/* By id; BR_ENOTFOUND (field "template_id") when there is none. */
int br_store_template_get(struct br_store *s, int64_t id,
                          struct br_point_template *out, struct br_err *err);
/* The id of practitioner_id's template named name (compared exactly), or
 * 0 in *id when there is none. */
int br_store_template_named(struct br_store *s, int64_t practitioner_id,
                            const char *name, int64_t *id, struct br_err *err);
/* The templates practitioner_id may apply, by name: their own and those
 * shared by a practitioner of clinic_id (0: none but their own); every
 * template when practitioner_id is 0.  Caller frees *out. */
int br_store_template_list(struct br_store *s, int64_t practitioner_id,
                           int64_t clinic_id, struct br_point_template **out,
                           size_t *n, struct br_err *err);

#endif
