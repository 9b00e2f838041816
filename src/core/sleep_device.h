/*
 * sleep_device.h - nights from a sleep tracker's records, with the
 * Consensus Sleep Diary's definitions (Carney et al. 2012; see
 * docs/clinical/sleep.md, "Device nights").
 *
 * A tracker writes periods: a start and an end (instants, with the local
 * UTC offset of the start), a state (in bed, asleep, awake) and for
 * asleep maybe a stage.  br_sleep_nights() turns any number of them, in
 * any order, overlapping or duplicated (a watch and a phone both
 * writing), into one night per diary day:
 *
 * - State of each instant: awake when any period says awake, else asleep
 *   when any says asleep, else in bed when any says in bed; covered by
 *   none, a gap.  Duplicated and overlapping periods count once.
 * - Episodes: covered stretches; a gap of BR_SLEEP_EPISODE_GAP_MIN
 *   minutes or more starts a new one.  An episode with no asleep time is
 *   dropped.
 * - Day: an episode belongs to diary day D when its start, in the local
 *   time of its record, falls from 12:00 on D-1 to 11:59 on D: day D holds
 *   the night before D, as in the diary.
 * - Night and naps: of a day's episodes the night is the one the device
 *   marked as its main sleep when it marks one (Fitbit), else the one with
 *   the most sleep (the earlier on a tie); every other episode of the day
 *   is a nap, counted apart (naps, nap_min) and never in the night's
 *   figures.
 * - Figures of the night, from its first to its last covered instant:
 *   time in bed (the whole span, gaps included, as the diary's bed to up),
 *   total sleep (asleep time), sleep onset (start of the first asleep
 *   time), final awakening (end of the last), SOL (onset minus the start
 *   when in-bed or awake time was recorded before onset; 0 when in-bed
 *   time starts at onset; unknown when the device recorded no bedtime),
 *   WASO (onset to final awakening minus total sleep), awakenings (the
 *   stretches between onset and final awakening not recorded as asleep
 *   that last BR_SLEEP_AWAKENING_MIN minutes or more), SE (total sleep /
 *   time in bed x 100, one decimal).  Minutes are rounded from seconds,
 *   half up.
 *
 * Pure functions; the caller owns every array.
 */
#ifndef BR_CORE_SLEEP_DEVICE_H
#define BR_CORE_SLEEP_DEVICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

#define BR_SLEEP_EPISODE_GAP_MIN 60 /* a gap this long splits episodes */
#define BR_SLEEP_AWAKENING_MIN   5  /* an awake bout this long counts */
#define BR_SLEEP_PERIOD_MAX_S    (24 * 3600) /* one period: at most 24 h */

enum br_sleep_state {
	BR_SLEEP_IN_BED,
	BR_SLEEP_ASLEEP,
	BR_SLEEP_AWAKE,
};

struct br_sleep_period {
	int64_t start, end;   /* seconds since 1970-01-01T00:00Z, start < end */
	int offset_min;       /* local UTC offset at start, minutes */
	unsigned char state;  /* enum br_sleep_state */
	signed char main;     /* 1 the device's main sleep, 0 a nap, -1 not
	                         said */
	unsigned char device; /* 0..31: a bit of br_device_night.devices */
};

struct br_device_night {
	int32_t day;      /* diary day (core/parse.h days) */
	int in_bed_min;   /* time in bed */
	int asleep_min;   /* total sleep time */
	int sol_min;      /* sleep-onset latency, or -1 unknown */
	int waso_min;     /* wake after sleep onset */
	int awakenings;   /* awake bouts of BR_SLEEP_AWAKENING_MIN or more */
	double se_pct;    /* sleep efficiency, one decimal */
	int naps;         /* other episodes of the day */
	int nap_min;      /* their sleep */
	uint32_t devices; /* bits of the devices of the night's periods */
};

/*
 * Sorts p (in place) and writes the nights into *out (allocated; the
 * caller frees it), oldest first, *n_out of them.  A period with end <=
 * start or longer than BR_SLEEP_PERIOD_MAX_S is refused (BR_EINVAL,
 * naming its position after sorting: the importers check them first and
 * name the record).  Returns 0, BR_EINVAL or BR_ENOMEM.
 */
int br_sleep_nights(struct br_sleep_period *p, size_t n,
                    struct br_device_night **out, size_t *n_out,
                    struct br_err *err);

/*
 * Parses a time "YYYY-MM-DD HH:MM[:SS[.fff]]" (a 'T' may stand for the
 * space) with an offset "Z", "+HH:MM", "+HHMM" (a space may come before
 * it) into *t and *offset_min.  Without an offset: BR_EINVAL when
 * need_offset, else the time is read as UTC with offset 0 (a file of
 * local times, as Fitbit's).  Returns 0 or BR_EINVAL (no message).
 */
int br_sleep_parse_time(const char *s, bool need_offset, int64_t *t,
                        int *offset_min);

/* Parses a UTC offset alone, "Z", "+HH:MM" or "+HHMM" (up to 14 hours),
 * into *offset_min.  Returns 0 or BR_EINVAL (no message). */
int br_sleep_parse_offset(const char *s, int *offset_min);

/* Diary minus device total sleep over the nights both recorded. */
struct br_sleep_diff {
	int n;           /* nights with both */
	double mean_min; /* mean of diary - device, minutes */
	double sd_min;   /* their sample standard deviation (0 when n < 2) */
};

/* Compares diary[i] with device[i] for i < n; a value < 0 is a night not
 * recorded by that side and is left out. */
void br_sleep_diff(const int *diary, const int *device, int n,
                   struct br_sleep_diff *out);

/* The diary day of an instant t with local offset offset_min: the day
 * whose noon-to-noon window holds it. */
int32_t br_sleep_day(int64_t t, int offset_min);

#endif
