/*
 * csv.c - diary, session, measure and outcome tables (see csv.h and
 * docs/csv.md): the kinds and their columns.  Writing is csv_write.c,
 * reading csv_read.c.
 */
#include "interop/csv_internal.h"

#include <stddef.h>

const char *const br_csv_kinds[] = {"diary",    "sessions",     "measures",
                                    "outcomes", "device-sleep", NULL};

static const char *const diary_cols[] = {
        "patient_id", "date",       "bed",          "try",  "sol",
        "wakes",      "waso",       "final",        "up",   "quality",
        "pain",       "pain_worst", "activity_min", "note", "tib_min",
        "tst_min",    "se_pct",     "updated_at",   NULL};
/* Derived or bookkeeping columns: written, ignored on import. */
const char *const ci_diary_ignored[] = {"tib_min",  "tst_min",    "se_pct",
                                        "twak_min", "updated_at", NULL};

static const char *const session_cols[] = {
        "session_id",  "patient_id",  "episode_id", "date",        "modalities",
        "points",      "needles",     "minutes",    "depth_mm",    "deqi",
        "stimulation", "needle_size", "ea_hz",      "ea_waveform", "ea_minutes",
        "ea_ma",       "position",    "cupping",    "moxa",        "massage",
        "regions",     "pain_before", "pain_after", "adverse",     "note",
        "created_at",  NULL};

static const char *const measure_cols[] = {
        "measure_id", "patient_id", "episode_id", "instrument", "date",
        "answers",    "score",      "band",       "subscores",  "answered",
        "complete",   "version",    "recall",     "created_at", NULL};
/* On import the answers are scored again: score, when given, must match;
 * band, subscores, answered and complete are ignored. */

static const char *const outcome_cols[] = {
        "patient_id",       "episode_id",
        "instrument",       "measures",
        "baseline_date",    "baseline_score",
        "latest_date",      "latest_score",
        "change",           "improvement",
        "percent",          "tier",
        "responder_points", "responder_percent",
        "baseline_from",    "baseline_to",
        "baseline_days",    "baseline_days_reported",
        "latest_from",      "latest_to",
        "latest_days",      "latest_days_reported",
        "not_assessed",     NULL};

/* A sleep tracker's nights (model/sleep_device.h): export only; they
 * are imported from the tracker's own export (import sleep). */
static const char *const device_sleep_cols[] = {
        "patient_id", "night",   "source",      "device",     "in_bed_min",
        "asleep_min", "sol_min", "waso_min",    "awakenings", "se_pct",
        "naps",       "nap_min", "imported_at", NULL};

const char *const *
ci_columns(int kind)
{
	return kind == K_DIARY          ? diary_cols
	       : kind == K_SESSIONS     ? session_cols
	       : kind == K_MEASURES     ? measure_cols
	       : kind == K_DEVICE_SLEEP ? device_sleep_cols
	                                : outcome_cols;
}
