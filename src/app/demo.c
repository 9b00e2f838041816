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
#include "core/redflag.h"
#include "core/synth.h"
#include "core/visits.h"
#include "store/interop.h"
#include "store/screenings.h"
#include "store/series.h"
#include "store/users.h"
#include "store/visits.h"

#define DEMO_BATCH 200
#define DEMO_SLOTS 12 /* hour-long slots of the day from 08:00 */
#define DEMO_AHEAD 70 /* days after today a course may still run */

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

/*
 * Books the patient's course as visits of their practitioner: the
 * planned dates of the synthetic course (10 visits, twice a week for
 * acupuncture, weekly for massage; core/synth.c), attended where a
 * session was charted that day (linked to it), missed where the course
 * skipped one, and booked ahead where the course runs past today.  Each
 * patient keeps a time of day, moved to the next free hour on a busy
 * day (slots: a bit per hour for each day from first_day); only a day
 * with every hour taken double-books.  One in five massage patients is
 * seen at home.
 */
static int
book_visits(struct br_app *app, const struct br_synth_patient *sp,
            const struct br_episode *e, int32_t first_day,
            const int64_t *session_ids, uint16_t *slots, int index,
            const char *created_at, long long *n_visits, struct br_err *err)
{
	bool massage = sp->arm == BR_ARM_MASSAGE;
	int32_t off[10];
	int rc = 0;

	if (sp->arm == BR_ARM_USUAL_CARE ||
	    br_visits_course_offsets(massage ? 1 : 2, 10, off, err) < 0)
		return 0;
	for (int k = 0; rc == 0 && k < 10; k++) {
		int di = sp->course_start + off[k], slot = index % DEMO_SLOTS;
		struct br_visit v;

		if (di < 0 || di >= sp->n_days + DEMO_AHEAD)
			continue;
		for (int t = 0; t < DEMO_SLOTS; t++)
			if (!(slots[di] & (1u << ((index + t) % DEMO_SLOTS)))) {
				slot = (index + t) % DEMO_SLOTS;
				break;
			}
		slots[di] |= (uint16_t)(1u << slot);
		memset(&v, 0, sizeof(v));
		v.id = br_store_new_id();
		v.patient_id = e->patient_id;
		v.episode_id = e->id;
		v.practitioner_id = e->practitioner_id;
		v.starts_at = br_local_minute(first_day + di, (8 + slot) * 60);
		v.minutes = massage ? 60 : 45;
		snprintf(v.place, sizeof(v.place), "clinic");
		if (massage && index % 5 == 0) {
			snprintf(v.place, sizeof(v.place), "home");
			snprintf(v.address, sizeof(v.address),
			         "%d Demo Street, Flat %d", 1 + index % 97,
			         1 + index % 9);
		}
		snprintf(v.status, sizeof(v.status), "%s",
		         di >= sp->n_days ? "booked" : "missed");
		for (int i = 0; di < sp->n_days && i < sp->n_sessions; i++)
			if (sp->sessions[i].day_index == di) {
				snprintf(v.status, sizeof(v.status),
				         "attended");
				v.session_id = session_ids[i];
			}
		memcpy(v.created_at, created_at, sizeof(v.created_at));
		memcpy(v.updated_at, created_at, sizeof(v.updated_at));
		rc = br_store_visit_insert(app->store, &v, err);
		(*n_visits)++;
	}
	return rc;
}

/*
 * The network the patients are spread over: clinics (the first is the
 * database's first clinic, the others "Demo clinic 2" ... made or found
 * by name), each with practitioners (one for up to 400 of its patients,
 * accounts without a password, made or found by email), and each
 * practitioner's booked hours (slots, days + DEMO_AHEAD each).
 */
struct demo_net {
	int n_clinics, per_clinic;
	int64_t *clinics;       /* n_clinics */
	int64_t *practitioners; /* n_clinics * per_clinic */
	uint16_t *slots;        /* n_clinics * per_clinic * span */
	size_t span;
};

static void
demo_net_free(struct demo_net *net)
{
	free(net->clinics);
	free(net->practitioners);
	free(net->slots);
}

static int
demo_clinic(struct br_app *app, int c, int64_t *id, struct br_err *err)
{
	struct br_clinic_row *rows = NULL, row;
	struct br_clinic first;
	size_t n = 0;
	int rc;

	if (c == 0) {
		rc = br_store_clinic_default(app->store, "My practice", &first,
		                             err);
		*id = first.id;
		return rc;
	}
	memset(&row, 0, sizeof(row));
	snprintf(row.name, sizeof(row.name), "Demo clinic %d", c + 1);
	rc = br_store_clinic_list(app->store, &rows, &n, err);
	for (size_t i = 0; rc == 0 && i < n; i++)
		if (strcmp(rows[i].name, row.name) == 0)
			*id = rows[i].id;
	free(rows);
	if (rc < 0 || *id)
		return rc;
	row.id = br_store_new_id();
	br_store_now(row.created_at);
	*id = row.id;
	return br_store_clinic_insert(app->store, &row, err);
}

static int
demo_practitioner(struct br_app *app, int c, int k, int64_t clinic, int64_t *id,
                  struct br_err *err)
{
	struct br_user u;
	struct br_err ignored = BR_ERR_INIT;
	int rc;

	memset(&u, 0, sizeof(u));
	snprintf(u.email, sizeof(u.email),
	         "practitioner%d.clinic%d@demo.invalid", k + 1, c + 1);
	rc = br_store_user_by_email(app->store, u.email, &u, &ignored);
	if (rc == 0) {
		*id = u.id;
		return 0;
	}
	if (rc != BR_ENOTFOUND)
		return br_error(err, rc, "", "%s", ignored.msg);
	u.id = br_store_new_id();
	u.clinic_id = clinic;
	snprintf(u.name, sizeof(u.name), "Demo practitioner %d-%d", c + 1,
	         k + 1);
	snprintf(u.role, sizeof(u.role), "practitioner");
	br_store_now(u.created_at);
	*id = u.id;
	return br_store_user_insert(app->store, &u, err);
}

static int
demo_net_make(struct br_app *app, int n_clinics, int patients, int days,
              struct demo_net *net, struct br_err *err)
{
	int per = 1 + (patients / n_clinics) / 400, rc = 0;

	memset(net, 0, sizeof(*net));
	net->n_clinics = n_clinics;
	net->per_clinic = per > 50 ? 50 : per;
	net->span = (size_t)days + DEMO_AHEAD;
	net->clinics = calloc((size_t)n_clinics, sizeof(int64_t));
	net->practitioners = calloc((size_t)n_clinics * (size_t)net->per_clinic,
	                            sizeof(int64_t));
	net->slots =
	        calloc((size_t)n_clinics * (size_t)net->per_clinic * net->span,
	               sizeof(uint16_t));
	if (!net->clinics || !net->practitioners || !net->slots)
		return br_error(err, BR_ENOMEM, "", "out of memory");
	for (int c = 0; rc == 0 && c < n_clinics; c++) {
		rc = demo_clinic(app, c, &net->clinics[c], err);
		for (int k = 0; rc == 0 && k < net->per_clinic; k++)
			rc = demo_practitioner(
			        app, c, k, net->clinics[c],
			        &net->practitioners[c * net->per_clinic + k],
			        err);
	}
	return rc;
}

/* Days after the data set's first day that patient index enrolled:
 * spread over the whole span, leaving everyone at least 28 days. */
static int
enrol_offset(uint64_t seed, uint64_t index, int days)
{
	uint64_t z = seed * 0x9e3779b97f4a7c15ULL + index + 1;

	if (days <= 28)
		return 0;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	z ^= z >> 31;
	return (int)(z % (uint64_t)(days - 27));
}

/*
 * The red-flag screen taken at enrolment, before any session: the age
 * trigger where it applies (core/redflag.h), then cleared by the
 * practitioner who examined the patient; and the screen of each session
 * day (session_id set), so no session comes after the last screen.
 */
static int
screen(struct br_app *app, const struct br_episode *e, int age, const char *day,
       int64_t session_id, const char *created_at, struct br_err *err)
{
	const char *flag = session_id ? NULL : br_redflag_age_flag(age);
	struct br_screen_result r;
	struct br_screening x;
	int n = 0, rc = br_redflag_screen(&flag, flag ? 1 : 0, &r, err);
	char at[BR_TS_LEN];

	if (rc < 0)
		return rc;
	memset(&x, 0, sizeof(x));
	x.id = br_store_new_id();
	x.patient_id = e->patient_id;
	x.episode_id = e->id;
	x.session_id = session_id;
	snprintf(x.day, sizeof(x.day), "%s", day);
	snprintf(x.tier, sizeof(x.tier), "%s", br_tier_name(r.tier));
	snprintf(x.screened_by, sizeof(x.screened_by), "%s",
	         app->actor ? app->actor : "demo");
	snprintf(x.action, sizeof(x.action), "%s", r.action);
	if (flag)
		snprintf(x.flags[x.n_flags++], sizeof(x.flags[0]), "%s", flag);
	memcpy(x.created_at, created_at, sizeof(x.created_at));
	rc = br_store_screening_insert(app->store, &x, err);
	/* Cleared at the examination that day, before any session. */
	snprintf(at, sizeof(at), "%sT10:00:00Z", day);
	if (rc == 0 && r.tier != BR_TIER_NONE)
		rc = br_store_screening_clear(
		        app->store, e->patient_id, e->id, at, x.screened_by,
		        "examined: long-standing mechanical pain, no other red "
		        "flag",
		        &n, err);
	return rc;
}

/* Writes one synthetic patient; adds to the counters. */
static int
write_patient(struct br_app *app, int64_t clinic_id, int64_t practitioner,
              uint64_t seed, const struct br_synth_patient *sp,
              struct br_demo_tcm *tcm, int32_t first_day, struct br_session *x,
              uint16_t *slots, int index, long long *n_days,
              long long *n_sessions, long long *n_visits, struct br_err *err)
{
	int64_t session_ids[16] = {0};
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
	e.practitioner_id = practitioner;
	if (rc == 0)
		rc = br_store_episode_insert(app->store, &e, err);
	if (rc == 0)
		rc = screen(app, &e, sp->age_years, e.opened_on, 0,
		            p.created_at, err);
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
		x->practitioner_id = practitioner;
		rc = br_store_session_insert(app->store, x, err);
		if (rc == 0)
			rc = screen(app, &e, sp->age_years, x->day, x->id,
			            x->created_at, err);
		if (i < 16)
			session_ids[i] = x->id;
		if (rc == 0)
			rc = br_demo_tcm_session(app, tcm, i, x, err);
	}

	if (rc == 0)
		rc = book_visits(app, sp, &e, first_day, session_ids, slots,
		                 index, p.created_at, n_visits, err);

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
	static const char *const keys[] = {"patients", "days", "seed",
	                                   "clinics", NULL};
	struct br_session *x = NULL;
	struct demo_net net;
	struct timespec t0;
	long long n_days = 0, n_sessions = 0, n_visits = 0;
	int patients = 20, days = 120, seed = 1, clinics = 1, rc, done = 0;
	int32_t first_day;

	memset(&net, 0, sizeof(net));
	rc = br_in_only(in, keys, err);
	if (rc == 0)
		rc = br_in_int(in, "patients", 1, 10000000, &patients, err);
	if (rc == 0)
		rc = br_in_int(in, "days", 7, 3660, &days, err);
	if (rc == 0)
		rc = br_in_int(in, "seed", 0, 2147483647, &seed, err);
	if (rc == 0)
		rc = br_in_int(in, "clinics", 1, 1000, &clinics, err);
	if (rc == 0 && clinics > patients)
		rc = br_error(err, BR_EINVAL, "clinics",
		              "clinics must not be more than patients (%d)",
		              patients);
	if (rc < 0)
		return rc;
	x = malloc(sizeof(*x));
	if (x == NULL)
		return br_error(err, BR_ENOMEM, "", "out of memory");
	first_day = app->today - days + 1;
	clock_gettime(CLOCK_MONOTONIC, &t0);

	rc = br_store_begin(app->store, err);
	if (rc == 0)
		rc = demo_net_make(app, clinics, patients, days, &net, err);
	br_store_bulk_write(app->store, true);
	for (int i = 0; rc == 0 && i < patients; i++) {
		struct br_synth_patient sp;
		struct br_demo_tcm tcm;
		int off = enrol_offset((uint64_t)seed, (uint64_t)i, days);
		int c = i % clinics;
		int k = c * net.per_clinic + (i / clinics) % net.per_clinic;

		rc = br_synth_patient((uint64_t)seed, (uint64_t)i, days - off,
		                      &sp);
		if (rc < 0) {
			rc = br_error(err, rc, "", "out of memory");
			break;
		}
		rc = br_demo_tcm_prepare((uint64_t)seed, (uint64_t)i, &sp, &tcm,
		                         err);
		/* The practitioner's hours, from the patient's first day. */
		if (rc == 0)
			rc = write_patient(
			        app, net.clinics[c], net.practitioners[k],
			        (uint64_t)seed, &sp, &tcm, first_day + off, x,
			        net.slots + (size_t)k * net.span + (size_t)off,
			        i, &n_days, &n_sessions, &n_visits, err);
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
	br_store_bulk_write(app->store, false);
	if (!app->quiet && done > 0)
		fputc('\n', stderr);
	free(x);
	demo_net_free(&net);
	if (rc < 0) {
		br_store_rollback(app->store);
		return rc;
	}
	*out = json_pack("{s:i, s:i, s:i, s:i, s:I, s:I, s:I, s:f}", "patients",
	                 done, "clinics", clinics, "days", days, "seed", seed,
	                 "diary_days", (json_int_t)n_days, "sessions",
	                 (json_int_t)n_sessions, "visits", (json_int_t)n_visits,
	                 "seconds", elapsed_since(&t0));
	return *out ? 0 : br_error(err, BR_ENOMEM, "", "out of memory");
}
