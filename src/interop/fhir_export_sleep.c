/*
 * fhir_export_sleep.c - FHIR export of device nights (model/
 * sleep_device.h): one Observation per figure of a night a sleep tracker
 * recorded, category "activity" (not the diary's "survey"), with the
 * device named (Observation.device, by its name: the export gives no
 * identifier) and the method coded in backrest's sleep-method code
 * system, one code per source (model/sleep_device.h), published with the
 * export (fhir_codes.c): no standard code system has a code for "a
 * consumer sleep tracker's export read with the diary's definitions".
 */
#include <stdio.h>

#include "interop/fhir_export_internal.h"

#define NS_DEVICE_NIGHT "device-night-observation"

static int
night_metric(struct walk *w, const struct br_device_night_rec *r,
             enum br_metric m, int v, struct br_err *err)
{
	const struct br_metric_def *d = &br_metrics[m];
	char id[96], ident[96];
	const char *method = br_fhir_display(BR_CS_DEV_SLEEP, r->source);
	json_t *obs;

	if (v == BR_UNSET)
		return 0;
	snprintf(id, sizeof(id), "obs-dev-%lld-%s-%s-%s",
	         (long long)r->patient_id, r->night, r->source, d->key);
	snprintf(ident, sizeof(ident), "%lld:%s:%s:%s",
	         (long long)r->patient_id, r->night, r->source, d->key);
	obs = json_pack(
	        "{s:s, s:s, s:o*, s:o, s:s, s:[{s:[{s:s, s:s, s:s}]}], "
	        "s:{s:[o], s:s}, s:o, s:s, s:o*, s:o*}",
	        "resourceType", "Observation", "id", id, "meta",
	        fe_meta(r->imported_at), "identifier",
	        fe_identifier(NS_DEVICE_NIGHT, ident), "status", "final",
	        "category", "coding", "system", CAT_SYSTEM, "code", "activity",
	        "display", "Activity", "code", "coding",
	        fe_coding(d->system, d->code, d->display), "text", d->display,
	        "subject", fe_reference("Patient", "pat", r->patient_id),
	        "effectiveDateTime", r->night, "method",
	        method ? fe_concept(BR_FHIR_CS BR_CS_DEV_SLEEP, r->source,
	                            method, method)
	               : NULL,
	        "device",
	        r->device[0] ? json_pack("{s:s}", "display", r->device) : NULL);
	if (obs && d->unit[0])
		json_object_set_new(obs, "valueQuantity",
		                    fe_quantity(v, d->unit));
	else if (obs)
		json_object_set_new(obs, "valueInteger", json_integer(v));
	return fe_put(w, obs, err);
}

int
fe_device_night_resources(struct walk *w, const struct br_device_night_rec *r,
                          struct br_err *err)
{
	int rc = night_metric(w, r, BR_M_TIB, r->in_bed_min, err);

	if (rc == 0)
		rc = night_metric(w, r, BR_M_TST, r->asleep_min, err);
	if (rc == 0)
		rc = night_metric(w, r, BR_M_SOL, r->sol_min, err);
	if (rc == 0)
		rc = night_metric(w, r, BR_M_WASO, r->waso_min, err);
	if (rc == 0)
		rc = night_metric(w, r, BR_M_WAKES, r->awakenings, err);
	return rc;
}
