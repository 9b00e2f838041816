/*
 * templates.h - use cases of point templates: a practitioner's named
 * combinations of points, with their sides and a default needle retention,
 * applied in the session form (model/templates.h).
 *
 * Who: practitioner_id names the practitioner acting (the API binds it to
 * the caller; the command line takes --practitioner, and without it acts
 * as the local operator, who sees and may change every template).  A
 * practitioner sees their own templates and those shared by a practitioner
 * of their clinic; a template they may not see answers exactly like a
 * missing one.  Only the owner changes or removes a template: anyone else
 * who can see it (a shared one) is refused with BR_EPERM.
 *
 * Templates are the clinic's data, not a patient's: every read and write
 * is audited as the clinic's and accounts' are (patient 0, the record
 * "point_template").  Results are new JSON the caller releases.
 */
#ifndef BR_APP_TEMPLATES_H
#define BR_APP_TEMPLATES_H

#include "app/app.h"

/* in: br_template_fields (practitioner_id required); out: the template.
 * A second template of one name for one practitioner is a conflict. */
int br_app_template_add(struct br_app *app, json_t *in, json_t **out,
                        struct br_err *err);
/* in {"practitioner_id"} (optional on the command line); out: array of
 * the templates that practitioner may apply, by name. */
int br_app_template_list(struct br_app *app, json_t *in, json_t **out,
                         struct br_err *err);
/* in {"template_id", "practitioner_id"}; out: the template. */
int br_app_template_show(struct br_app *app, json_t *in, json_t **out,
                         struct br_err *err);
/* in: br_template_edit_fields; the fields given replace the template's
 * ("minutes": null clears the retention); out: the template. */
int br_app_template_edit(struct br_app *app, json_t *in, json_t **out,
                         struct br_err *err);
/* in {"template_id", "practitioner_id"}; out: {"removed": id, "name"}. */
int br_app_template_remove(struct br_app *app, json_t *in, json_t **out,
                           struct br_err *err);

#endif
