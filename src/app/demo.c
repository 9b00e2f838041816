/*
 * demo.c - use case: write synthetic patients (core/synth.c) into the
 * store, with what was planted in demo_truth.
 *
 * Patients are written in batches, one transaction per batch, each
 * patient's records and truth row together, so an interrupted run (even
 * kill -9) leaves only whole patients.  Progress goes to stderr on a
 * terminal unless quiet.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/demo_tcm.h"
#include "app/internal.h"
#include "core/synth.h"
#include "store/series.h"

#define DEMO_BATCH 200

static void
fill_session(const struct br_synth_session *ss, const struct br_episode *e,
             int32_t first_day, struct br_session *x)
{
	br_session_init(x);
	x->id = br_store_new_id();
	x->patient_id = e->patient_id;
	x->episode_id = e->id;
	br_format_date(first_day + ss->day_index, x->day);
	br_store_now(x->created_at);
	if (ss->acupuncture) {
		snprintf(x->modalities[x->n_modalities++], 20, "%s",
		         ss->electro ? "electroacupuncture" : "acupuncture");
		for (int i = 0; i < ss->n_points; i++) {
			snprintf(x->points[i].point, sizeof(x->points[i].point),
			         "%s", ss->points[i].id);
			snprintf(x->points[i].side, sizeof(x->points[i].side),
			         "%s", ss->points[i].side);
		}
		x->n_points = ss->n_points;
		x->needles = ss->needles;
		x->retention_min = ss->retention_min;
		x->deqi = ss->deqi;
		snprintf(x->needle_size, sizeof(x->needle_size), "0.25x40mm");
		snprintf(x->position, sizeof(x->position), "prone");
		if (ss->electro) {
			snprintf(x->stimulation, sizeof(x->stimulation),
			         "electrical");
			snprintf(x->ea_hz, sizeof(x->ea_hz), "2/100");
			snprintf(x->ea_waveform, sizeof(x->ea_waveform),
			         "dense-disperse");
			x->ea_minutes = ss->retention_min;
		} else {
			snprintf(x->stimulation, sizeof(x->stimulation),
			         "manual");
		}
	}
	if (ss->cupping) {
		snprintf(x->modalities[x->n_modalities++], 20, "cupping");
		snprintf(x->cupping, sizeof(x->cupping), "dry");
		snprintf(x->regions[x->n_regions++], 24, "low-back");
	}
	if (ss->massage) {
		snprintf(x->modalities[x->n_modalities++], 20, "massage");
		snprintf(x->massage, sizeof(x->massage), "%s",
		         ss->massage_type);
		snprintf(x->position, sizeof(x->position), "prone");
		snprintf(x->regions[x->n_regions++], 24, "low-back");
		snprintf(x->regions[x->n_regions++], 24, "glutes");
	}
	x->pain_before = ss->pain_before;
	x->pain_after = ss->pain_after;
	if (ss->bruising)
		snprintf(x->adverse[x->n_adverse++], 24, "bruising");
	if (ss->soreness)
		snprintf(x->adverse[x->n_adverse++], 24, "soreness");
	if (ss->fatigue)
		snprintf(x->adverse[x->n_adverse++], 24, "fatigue");
}

/* Writes one synthetic patient; adds to the counters. */
static int
write_patient(struct br_app *app, int64_t clinic_id, uint64_t seed,
              const struct br_synth_patient *sp, struct br_demo_tcm *tcm,
              int32_t first_day, struct br_session *x, long long *n_days,
              long long *n_sessions, struct br_err *err)
{
	struct br_patient p;
	struct br_episode e;
	struct br_diary_day d;
	struct br_demo_truth t;
	struct br_series_buf series;
	struct br_series_day sday;
	int rc, y, m, dd, written = 0;

	memset(&p, 0, sizeof(p));
	p.id = br_store_new_id();
	p.clinic_id = clinic_id;
	snprintf(p.name, sizeof(p.name), "%s", sp->name);
	snprintf(p.sex, sizeof(p.sex), "%s", sp->sex);
	snprintf(p.ref, sizeof(p.ref), "%s", sp->ref);
	br_civil_from_days(app->today, &y, &m, &dd);
	br_format_date(br_days_from_civil(y - sp->age_years, m, 1), p.born);
	br_store_now(p.created_at);
	rc = br_store_patient_insert(app->store, &p, err);

	memset(&e, 0, sizeof(e));
	e.id = br_store_new_id();
	e.patient_id = p.id;
	snprintf(e.region, sizeof(e.region), "low-back");
	br_format_date(first_day + sp->onset_offset, e.onset);
	e.sciatica = sp->sciatica;
	snprintf(e.icd10, sizeof(e.icd10), "%s",
	         sp->sciatica ? "M54.41" : "M54.50");
	snprintf(e.status, sizeof(e.status), "open");
	br_format_date(first_day, e.opened_on);
	memcpy(e.created_at, p.created_at, sizeof(e.created_at));
	if (rc == 0)
		rc = br_store_episode_insert(app->store, &e, err);
	if (rc == 0)
		rc = br_demo_tcm_intake(app, tcm, &e, err);

	br_diary_day_init(&d);
	d.patient_id = p.id;
	/* The series cache is written once per patient (store/series.h). */
	br_series_buf_init(&series);
	memcpy(d.updated_at, p.created_at, sizeof(d.updated_at));
	for (int i = 0; rc == 0 && i < sp->n_days; i++) {
		const struct br_synth_day *sd = &sp->days[i];

		if (!sd->morning && !sd->evening)
			continue;
		br_night_init(&d.night);
		d.pain = d.pain_worst = d.activity_min = BR_UNSET;
		if (sd->morning)
			d.night = sd->night;
		if (sd->evening) {
			d.pain = sd->pain;
			d.pain_worst = sd->pain_worst;
			d.activity_min = sd->activity_min;
		}
		br_format_date(first_day + i, d.day);
		rc = br_store_diary_put_uncached(app->store, &d, err);
		br_series_day_of(&d, &sday);
		if (rc == 0 &&
		    br_series_buf_set(&series, first_day + i, &sday) < 0)
			rc = br_error(err, BR_ENOMEM, "", "out of memory");
		written++;
	}
	if (rc == 0)
		rc = br_store_series_replace(app->store, p.id, &series, err);
	br_series_buf_free(&series);
	for (int i = 0; rc == 0 && i < sp->n_sessions; i++) {
		fill_session(&sp->sessions[i], &e, first_day, x);
		rc = br_store_session_insert(app->store, x, err);
		if (rc == 0)
			rc = br_demo_tcm_session(app, tcm, i, x, err);
	}

	memset(&t, 0, sizeof(t));
	t.patient_id = p.id;
	t.seed = (int64_t)seed;
	t.arm = br_synth_arm_name(sp->arm);
	t.responder = sp->responder;
	t.poor_sleeper = sp->poor_sleeper;
	t.baseline_pain = sp->baseline_pain;
	t.pain_sd = sp->pain_sd;
	t.pain_phi = sp->pain_phi;
	t.sleep_pain_beta = sp->sleep_pain_beta;
	t.pain_sleep_beta = sp->pain_sleep_beta;
	t.diary_days = written;
	t.sessions = sp->n_sessions;
	if (rc == 0)
		rc = br_store_demo_truth_insert(app->store, &t, err);
	if (rc == 0)
		rc = br_app_audit(app, "demo.create", p.id, "patient", p.id,
		                  err);
	*n_days += written;
	*n_sessions += sp->n_sessions;
	return rc;
}

static double
elapsed_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) +
	       (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

int
br_app_demo(struct br_app *app, json_t *in, json_t **out, struct br_err *err)
{
	static const char *const keys[] = {"patients", "days", "seed", NULL};
	struct br_session *x = NULL;
	struct br_clinic clinic;
	struct timespec t0;
	long long n_days = 0, n_sessions = 0;
	int patients = 20, days = 120, seed = 1, rc, done = 0;
	int32_t first_day;

	rc = br_in_only(in, keys, err);
	if (rc == 0)
		rc = br_in_int(in, "patients", 1, 10000000, &patients, err);
	if (rc == 0)
		rc = br_in_int(in, "days", 7, 3660, &days, err);
	if (rc == 0)
		rc = br_in_int(in, "seed", 0, 2147483647, &seed, err);
	if (rc < 0)
		return rc;
	x = malloc(sizeof(*x));
	if (x == NULL)
		return br_error(err, BR_ENOMEM, "", "out of memory");
	first_day = app->today - days + 1;
	clock_gettime(CLOCK_MONOTONIC, &t0);

	rc = br_store_begin(app->store, err);
	if (rc == 0)
		rc = br_store_clinic_default(app->store, "My practice", &clinic,
		                             err);
	for (int i = 0; rc == 0 && i < patients; i++) {
		struct br_synth_patient sp;
		struct br_demo_tcm tcm;

		rc = br_synth_patient((uint64_t)seed, (uint64_t)i, days, &sp);
		if (rc < 0) {
			rc = br_error(err, rc, "", "out of memory");
			break;
		}
		rc = br_demo_tcm_prepare((uint64_t)seed, (uint64_t)i, &sp, &tcm,
		                         err);
		if (rc == 0)
			rc = write_patient(app, clinic.id, (uint64_t)seed, &sp,
			                   &tcm, first_day, x, &n_days,
			                   &n_sessions, err);
		br_synth_patient_release(&sp);
		if (rc == 0 &&
		    ((i + 1) % DEMO_BATCH == 0 || i + 1 == patients)) {
			rc = br_store_commit(app->store, err);
			done = i + 1;
			if (rc == 0 && i + 1 < patients)
				rc = br_store_begin(app->store, err);
			if (!app->quiet) {
				double s = elapsed_since(&t0);
				fprintf(stderr,
				        "\rdemo: %d/%d patients (%3d%%), "
				        "%.0f s elapsed, about %.0f s left ",
				        done, patients,
				        (int)(100LL * done / patients), s,
				        s / done * (patients - done));
			}
		}
	}
	if (!app->quiet && done > 0)
		fputc('\n', stderr);
	free(x);
	if (rc < 0) {
		br_store_rollback(app->store);
		return rc;
	}
	*out = json_pack("{s:i, s:i, s:i, s:I, s:I, s:f}", "patients", done,
	                 "days", days, "seed", seed, "diary_days",
	                 (json_int_t)n_days, "sessions", (json_int_t)n_sessions,
	                 "seconds", elapsed_since(&t0));
	return *out ? 0 : br_error(err, BR_ENOMEM, "", "out of memory");
}
