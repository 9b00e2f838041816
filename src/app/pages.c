/*
 * pages.c - use cases the web app's pages read (see pages.h).
 */
#include "app/pages.h"

#include <stdlib.h>

#include "model/charting.h"
#include "app/internal.h"
#include "app/plan.h"
#include "app/screening.h"
#include "model/vocab.h"
#include "core/redflag.h"

int
br_app_charting_vocab(struct br_app *app, json_t *in, json_t **out,
                      struct br_err *err)
{
	static const char *const keys[] = {NULL};
	json_t *v;
	int rc = br_in_only(in, keys, err);

	(void)app;
	if (rc < 0)
		return rc;
	v = br_charting_data();
	if (v == NULL)
		return br_error(err, BR_EIO, "",
		                "the charting vocabulary cannot be read");
	*out = json_deep_copy(v);
	return *out ? 0 : br_error(err, BR_ENOMEM, "", "out of memory");
}

int
br_app_screen_status(struct br_app *app, json_t *in, json_t **out,
                     struct br_err *err)
{
	struct br_screen_result *r;
	json_t *list = NULL, *x, *last = json_null(), *waiting = json_null();
	json_int_t episode_id =
	        json_integer_value(json_object_get(in, "episode_id"));
	size_t i;
	int rc = br_app_screen_list(app, in, &list, err);

	if (rc < 0)
		return rc;
	r = malloc(sizeof(*r));
	if (r == NULL) {
		json_decref(list);
		return br_error(err, BR_ENOMEM, "", "out of memory");
	}
	/* Any screen carries the same advice; a fresh one when none. */
	br_redflag_screen(NULL, 0, r, NULL);
	json_array_foreach(list, i, x)
	{
		const char *tier =
		        json_string_value(json_object_get(x, "tier"));
		int t = tier ? br_tier_parse(tier) : -1;
		bool cleared = !json_is_null(json_object_get(x, "cleared"));

		json_decref(last);
		last = json_pack(
		        "{s:O, s:O, s:b}", "date", json_object_get(x, "date"),
		        "tier", json_object_get(x, "tier"), "cleared", cleared);
		if (t > BR_TIER_NONE && !cleared) {
			json_decref(waiting);
			waiting = json_pack("{s:O, s:O, s:s}", "date",
			                    json_object_get(x, "date"), "tier",
			                    json_object_get(x, "tier"),
			                    "referral",
			                    br_tier_referral((enum br_tier)t));
		}
	}
	*out = json_pack("{s:I, s:I, s:o, s:o, s:s}", "episode_id", episode_id,
	                 "screens", (json_int_t)json_array_size(list), "last",
	                 last, "waiting", waiting, "safety_net", r->safety_net);
	free(r);
	json_decref(list);
	return *out ? 0 : br_error(err, BR_ENOMEM, "", "out of memory");
}

int
br_app_plan_vocab(struct br_app *app, json_t *in, json_t **out,
                  struct br_err *err)
{
	static const char *const keys[] = {NULL};
	int rc = br_in_only(in, keys, err);

	(void)app;
	if (rc < 0)
		return rc;
	*out = json_pack(
	        "{s:O}", "routine_steps",
	        json_object_get(br_vocab_file("bedtime.json"), "steps"));
	return *out ? 0 : br_error(err, BR_ENOMEM, "", "out of memory");
}

int
br_app_plan_routine_read(struct br_app *app, json_t *in, json_t **out,
                         struct br_err *err)
{
	static const char *const keys[] = {"episode_id", NULL};
	json_t *plan = NULL;
	int rc = br_in_only(in, keys, err);

	if (rc == 0)
		rc = br_app_plan(app, in, &plan, err);
	if (rc < 0)
		return rc;
	*out = json_pack("{s:O, s:O}", "episode_id",
	                 json_object_get(in, "episode_id"), "routine",
	                 json_object_get(plan, "routine"));
	json_decref(plan);
	return *out ? 0 : br_error(err, BR_ENOMEM, "", "out of memory");
}
