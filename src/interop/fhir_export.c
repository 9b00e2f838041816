/*
 * fhir_export.c - records to FHIR R4 resources (see fhir.h and
 * docs/internals/FHIR.md for the mapping).
 *
 * Resource ids are made from record ids ("pat-<id>", "eoc-<episode>",
 * "enc-<session>", "proc-<session>-<modality>", "obs-<patient>-<date>-
 * <metric>"), and every resource carries a backrest identifier, so an
 * export is the same every time and an import can match what it made.
 * meta.lastUpdated is the record's created_at / updated_at.
 *
 * This file walks the store; the resources of each family are built in
 * fhir_export_<family>.c, sharing fhir_export_internal.h.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "interop/fhir_export_internal.h"
#include "app/corrections.h"
#include "store/sleep_device.h"

/* The walk ---------------------------------------------------------------- */

static int
episode_resources(struct walk *w, const struct br_patient *p,
                  const struct br_episode *e, struct br_err *err)
{
	struct br_session *xs = NULL;
	struct br_visit *vs = NULL;
	size_t n = 0, nv = 0;
	int rc = 0;

	if (fe_since_ok(w, e->created_at)) {
		rc = fe_put(w, fe_condition(e), err);
		if (rc == 0)
			rc = fe_put(w, fe_episode_of_care(e, p->clinic_id),
			            err);
	}
	if (rc == 0)
		rc = br_store_visit_list(
		        w->s,
		        &(struct br_visit_filter){.patient_id = p->id,
		                                  .episode_id = e->id,
		                                  .practitioner_id = -1,
		                                  .from = INT64_MIN,
		                                  .to = INT64_MAX},
		        &vs, &nv, err);
	if (rc == 0)
		rc = br_store_session_list(w->s, p->id, e->id, &xs, &n, err);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		int64_t visit = 0;

		for (size_t k = 0; k < nv; k++)
			if (vs[k].session_id == xs[i].id)
				visit = vs[k].id;
		if (fe_since_ok(w, xs[i].created_at))
			rc = fe_session_resources(w, &xs[i], p->clinic_id,
			                          visit, err);
	}
	for (size_t k = 0; rc == 0 && k < nv; k++)
		if (fe_since_ok(w, vs[k].updated_at))
			rc = fe_put(w, fe_appointment(&vs[k]), err);
	free(xs);
	free(vs);
	if (rc == 0)
		rc = fe_care_resources(w, e, err);
	return rc;
}

/* Entered in error: the record as it was, each resource with the status
 * entered-in-error (app/corrections.h). */
struct voided_walk {
	struct walk *w, inner;
	int64_t clinic_id;
};

static int
voided_emit(void *ctx, json_t *res, struct br_err *err)
{
	struct voided_walk *vw = ctx;

	json_object_set_new(res, "status", json_string("entered-in-error"));
	return vw->w->emit(vw->w->ctx, res, err);
}

static int
voided_session(void *ctx, const struct br_session *x, struct br_err *err)
{
	struct voided_walk *vw = ctx;

	return fe_put(&vw->inner, fe_encounter(x, vw->clinic_id, 0), err);
}

static int
voided_day(void *ctx, const struct br_diary_day *d, struct br_err *err)
{
	struct voided_walk *vw = ctx;

	return fe_diary_resources(&vw->inner, d, err);
}

static int
voided_resources(struct walk *w, const struct br_patient *p, struct br_err *err)
{
	struct voided_walk vw = {w, *w, p->clinic_id};
	struct br_voided_fns fns = {voided_session, voided_day, &vw};

	vw.inner.emit = voided_emit;
	vw.inner.ctx = &vw;
	return br_app_voided_records(w->s, p->id, &fns, err);
}

static int
patient_resources(struct walk *w, const struct br_patient *p,
                  struct br_err *err)
{
	struct br_episode *eps = NULL, one;
	struct br_diary_day *days = NULL;
	struct br_routine_tick *ticks = NULL;
	char from[BR_DATE_LEN] = "", to[BR_DATE_LEN] = "";
	size_t n = 0, nd = 0, nt = 0;
	int rc = 0;

	if (fe_since_ok(w, p->created_at))
		rc = fe_put(w, fe_patient(p), err);
	if (rc == 0 && w->f->episode_id) {
		rc = br_store_episode_get(w->s, w->f->episode_id, &one, err);
		if (rc == 0) {
			rc = episode_resources(w, p, &one, err);
			/* The episode's diary: from onset (or opening, when
			 * earlier) to closing. */
			snprintf(from, sizeof(from), "%s",
			         strcmp(one.onset, one.opened_on) < 0
			                 ? one.onset
			                 : one.opened_on);
			snprintf(to, sizeof(to), "%s", one.closed_on);
		}
	} else if (rc == 0) {
		rc = br_store_episode_list(w->s, p->id, &eps, &n, err);
		for (size_t i = 0; rc == 0 && i < n; i++)
			rc = episode_resources(w, p, &eps[i], err);
	}
	if (rc == 0)
		rc = br_store_diary_list(w->s, p->id, from, to, &days, &nd,
		                         err);
	if (rc == 0)
		rc = br_store_routine_ticks_list(w->s, p->id, from, to, &ticks,
		                                 &nt, err);
	for (size_t i = 0, t = 0; rc == 0 && i < nd; i++) {
		size_t k;

		while (t < nt && strcmp(ticks[t].day, days[i].day) < 0)
			t++;
		for (k = t; k < nt && strcmp(ticks[k].day, days[i].day) == 0;
		     k++)
			;
		if (!fe_since_ok(w, days[i].updated_at))
			continue;
		rc = fe_diary_resources(w, &days[i], err);
		if (rc == 0 && k > t)
			rc = fe_put(w,
			            fe_routine_obs(&days[i], &ticks[t], k - t),
			            err);
	}
	/* A sleep tracker's nights, beside the diary's. */
	if (rc == 0) {
		struct br_device_night_rec *dn = NULL;
		size_t ndn = 0;

		rc = br_store_device_night_list(w->s, p->id, from, to, &dn,
		                                &ndn, err);
		for (size_t i = 0; rc == 0 && i < ndn; i++)
			if (fe_since_ok(w, dn[i].imported_at))
				rc = fe_device_night_resources(w, &dn[i], err);
		free(dn);
	}
	if (rc == 0)
		rc = voided_resources(w, p, err);
	free(eps);
	free(days);
	free(ticks);
	return rc;
}

/* Definitions: each instrument's Questionnaire and the intake's. */
static int
definitions(struct walk *w, struct br_err *err)
{
	int rc = 0;

	for (int i = 0; rc == 0 && w->instruments && i < w->instruments->n; i++)
		rc = fe_put(w, fe_questionnaire(w->instruments->items[i]), err);
	if (rc == 0) {
		json_t *q = br_fhir_intake_questionnaire();

		rc = fe_put(w, q, err);
	}
	if (rc == 0)
		rc = fe_put(w, br_fhir_aftercare_questionnaire(), err);
	if (rc == 0)
		rc = br_fhir_instrument_code_systems(w->instruments, w->emit,
		                                     w->ctx, err);
	return rc;
}

static int
practitioners(struct walk *w, int64_t patient_id, int64_t clinic_id,
              struct br_err *err)
{
	struct br_user *us = NULL;
	size_t n = 0;
	int rc = br_store_interop_practitioners(w->s, patient_id, clinic_id,
	                                        &us, &n, err);

	for (size_t i = 0; rc == 0 && i < n; i++) {
		if (!fe_since_ok(w, us[i].created_at))
			continue;
		rc = fe_put(w, fe_practitioner(&us[i]), err);
		if (rc == 0)
			rc = fe_put(w, fe_practitioner_role(&us[i]), err);
	}
	free(us);
	return rc;
}

int
br_fhir_export(struct br_store *s, const struct br_fhir_filter *f,
               br_fhir_emit_fn emit, void *ctx, struct br_err *err)
{
	struct walk w = {s, f, emit, ctx, NULL};
	struct br_clinic_row *clinics = NULL;
	struct br_patient *pats = NULL, one;
	size_t nc = 0, np = 0;
	int64_t pid = f->patient_id, cid = f->clinic_id;
	int rc = br_instruments_load(f->instruments_dir, &w.instruments, err);

	if (rc == 0 && f->episode_id) {
		struct br_episode e;

		rc = br_store_episode_get(s, f->episode_id, &e, err);
		if (rc == 0 && pid && pid != e.patient_id)
			rc = br_error(
			        err, BR_EINVAL, "episode_id",
			        "episode %lld is not an episode of patient "
			        "%lld",
			        (long long)e.id, (long long)pid);
		pid = e.patient_id;
	}
	if (rc == 0 && pid) {
		rc = br_store_patient_get(s, pid, &one, err);
		if (rc == 0 && cid && one.clinic_id != cid)
			rc = br_error(err, BR_ENOTFOUND, "patient_id",
			              "there is no patient %lld in this clinic",
			              (long long)pid);
		pats = &one;
		np = 1;
		cid = rc == 0 ? one.clinic_id : 0;
	} else if (rc == 0) {
		rc = br_store_patient_list(s, &pats, &np, err);
	}
	if (rc < 0)
		return rc;
	if (f->code_systems)
		rc = br_fhir_code_systems(emit, ctx, err);
	if (rc == 0 && f->code_systems)
		rc = definitions(&w, err);
	if (rc == 0)
		rc = br_store_clinic_list(s, &clinics, &nc, err);
	for (size_t i = 0; rc == 0 && i < nc; i++)
		if ((!cid || clinics[i].id == cid) &&
		    fe_since_ok(&w, clinics[i].created_at))
			rc = fe_put(&w, fe_organization(&clinics[i]), err);
	if (rc == 0)
		rc = practitioners(&w, pid, cid, err);
	for (size_t i = 0; rc == 0 && i < np; i++)
		if (!cid || pats[i].clinic_id == cid)
			rc = patient_resources(&w, &pats[i], err);
	free(clinics);
	if (pats != &one)
		free(pats);
	return rc;
}
