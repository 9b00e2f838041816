/*
 * view.c - records to JSON (see view.h).
 */
#include "app/view.h"

#include "core/parse.h"
#include "core/phase.h"
#include "core/sleep.h"

json_t *
br_json_int_opt(int v)
{
	return v == BR_UNSET ? json_null() : json_integer(v);
}

json_t *
br_json_text_opt(const char *s)
{
	return s && s[0] ? json_string(s) : json_null();
}

static json_t *
clock_opt(int minutes)
{
	char buf[6];

	if (minutes == BR_UNSET)
		return json_null();
	br_format_clock(minutes, buf);
	return json_string(buf);
}

json_t *
br_view_patient(const struct br_patient *p)
{
	return json_pack("{s:I, s:I, s:s, s:o, s:s, s:o, s:s}", "id",
	                 (json_int_t)p->id, "clinic_id",
	                 (json_int_t)p->clinic_id, "name", p->name, "born",
	                 br_json_text_opt(p->born), "sex", p->sex, "ref",
	                 br_json_text_opt(p->ref), "created_at", p->created_at);
}

json_t *
br_view_episode(const struct br_app *app, const struct br_episode *e)
{
	struct br_phase ph;
	int32_t onset = 0, end = app->today;

	br_parse_date("onset", e->onset, &onset, NULL);
	if (e->closed_on[0])
		br_parse_date("closed_on", e->closed_on, &end, NULL);
	br_phase_of(onset, end, &ph);
	return json_pack(
	        "{s:I, s:I, s:s, s:s, s:b, s:o, s:s, s:s, s:o, s:I, s:f, "
	        "s:{s:s, s:s}, s:o, s:o, s:s}",
	        "id", (json_int_t)e->id, "patient_id",
	        (json_int_t)e->patient_id, "region", e->region, "onset",
	        e->onset, "sciatica", e->sciatica, "code",
	        br_json_text_opt(e->icd10), "status", e->status, "opened_on",
	        e->opened_on, "closed_on", br_json_text_opt(e->closed_on),
	        "duration_days", (json_int_t)ph.days, "duration_weeks",
	        ph.weeks, "phase", "cochrane", br_phase_name(ph.cochrane),
	        "acp", br_phase_name(ph.acp), "risk_group",
	        br_json_text_opt(e->risk_group), "practitioner_id",
	        e->practitioner_id ? json_integer(e->practitioner_id)
	                           : json_null(),
	        "created_at", e->created_at);
}

json_t *
br_view_diary_day(const struct br_diary_day *d)
{
	struct br_sleep_metrics m;

	br_sleep_derive(&d->night, &m);
	return json_pack(
	        "{s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, "
	        "s:o, s:o, s:o, s:o, s:o, s:s}",
	        "date", d->day, "bed", clock_opt(d->night.bed), "try",
	        clock_opt(d->night.try_), "sol", br_json_int_opt(d->night.sol),
	        "wakes", br_json_int_opt(d->night.wakes), "waso",
	        br_json_int_opt(d->night.waso), "final",
	        clock_opt(d->night.final), "up", clock_opt(d->night.up),
	        "quality", br_json_int_opt(d->night.quality), "pain",
	        br_json_int_opt(d->pain), "pain_worst",
	        br_json_int_opt(d->pain_worst), "activity_min",
	        br_json_int_opt(d->activity_min), "note",
	        br_json_text_opt(d->note), "tib_min",
	        br_json_int_opt(m.tib_min), "tst_min",
	        br_json_int_opt(m.tst_min), "twak_min",
	        br_json_int_opt(m.twak_min), "se_pct",
	        m.se_pct < 0 ? json_null() : json_real(m.se_pct), "updated_at",
	        d->updated_at);
}

static json_t *
string_list(int n, const char (*items)[20])
{
	json_t *a = json_array();

	for (int i = 0; i < n; i++)
		json_array_append_new(a, json_string(items[i]));
	return a;
}

static json_t *
string_list24(int n, const char (*items)[24])
{
	json_t *a = json_array();

	for (int i = 0; i < n; i++)
		json_array_append_new(a, json_string(items[i]));
	return a;
}

json_t *
br_view_session(const struct br_session *x)
{
	json_t *points = json_array();
	json_t *ea = json_null();

	for (int i = 0; i < x->n_points; i++)
		json_array_append_new(points,
		                      json_pack("{s:s, s:s}", "point",
		                                x->points[i].point, "side",
		                                x->points[i].side));
	if (x->ea_hz[0] || x->ea_waveform[0] || x->ea_minutes != BR_UNSET ||
	    x->ea_ma >= 0)
		ea = json_pack("{s:o, s:o, s:o, s:o}", "hz",
		               br_json_text_opt(x->ea_hz), "waveform",
		               br_json_text_opt(x->ea_waveform), "minutes",
		               br_json_int_opt(x->ea_minutes), "ma",
		               x->ea_ma >= 0 ? json_real(x->ea_ma)
		                             : json_null());
	return json_pack(
	        "{s:I, s:I, s:I, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, "
	        "s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:s}",
	        "id", (json_int_t)x->id, "episode_id",
	        (json_int_t)x->episode_id, "patient_id",
	        (json_int_t)x->patient_id, "date", x->day, "modalities",
	        string_list(x->n_modalities, x->modalities), "points", points,
	        "needles", br_json_int_opt(x->needles), "minutes",
	        br_json_int_opt(x->retention_min), "depth_mm",
	        br_json_int_opt(x->depth_mm), "deqi",
	        x->deqi == BR_UNSET ? json_null() : json_boolean(x->deqi),
	        "stimulation", br_json_text_opt(x->stimulation), "needle_size",
	        br_json_text_opt(x->needle_size), "electroacupuncture", ea,
	        "position", br_json_text_opt(x->position), "cupping",
	        br_json_text_opt(x->cupping), "moxa", br_json_text_opt(x->moxa),
	        "massage", br_json_text_opt(x->massage), "regions",
	        string_list24(x->n_regions, x->regions), "pain_before",
	        br_json_int_opt(x->pain_before), "pain_after",
	        br_json_int_opt(x->pain_after), "adverse",
	        string_list24(x->n_adverse, x->adverse), "note",
	        br_json_text_opt(x->note), "created_at", x->created_at);
}
