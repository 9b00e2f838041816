/*
 * view.h - the JSON form of stored records, the one representation both
 * shells print.  Each function returns a new object the caller owns.
 * Fields not recorded are null, so every record has the same keys.
 */
#ifndef BR_APP_VIEW_H
#define BR_APP_VIEW_H

#include <jansson.h>

#include "app/app.h"
#include "store/store.h"

json_t *br_view_patient(const struct br_patient *p);
/* Includes duration and phase as of app->today. */
json_t *br_view_episode(const struct br_app *app, const struct br_episode *e);
/* Every stored field and the derived tib_min, tst_min, se_pct. */
json_t *br_view_diary_day(const struct br_diary_day *d);
json_t *br_view_session(const struct br_session *x);

/* json_integer, or null for BR_UNSET. */
json_t *br_json_int_opt(int v);
/* json_string, or null for "". */
json_t *br_json_text_opt(const char *s);

#endif
