/*
 * instrument_change.c - change from baseline against the minimal
 * clinically important difference (see instrument.h and
 * docs/clinical/scoring.md).
 *
 * Improvement is direction-aware: a fall on a higher-worse scale, a rise
 * on a higher-better one.  Percent change is taken against the baseline
 * (undefined at 0).  The tiers come from the definition (IMMPACT's 10/30/
 * 50% for pain intensity); responder flags are kept for points and for
 * percent separately (Ostelo et al. 2008 advise the percentage).
 */
#include "core/instrument.h"

#include <math.h>

#define EPS 1e-9

int
br_instrument_change(const struct br_instrument *in, double baseline,
                     double followup, struct br_change *out, struct br_err *err)
{
	bool floor_hit, ceiling_hit, worse;
	double sign = in->higher_better ? 1.0 : -1.0;

	out->change = 0;
	out->improvement = 0;
	out->has_percent = false;
	out->percent = 0;
	out->tier = NULL;
	out->responder_points = out->responder_percent = -1;
	out->cannot_assess = false;
	out->reason = NULL;
	if (!in->has_change)
		return br_error(
		        err, BR_EINVAL, "instrument",
		        "%s is not an outcome measure: it has no change "
		        "rule",
		        in->id);
	if (!isfinite(baseline) || baseline < in->score_min - EPS ||
	    baseline > in->score_max + EPS)
		return br_error(err, BR_EINVAL, "baseline",
		                "baseline %g is outside the %s scale (%g-%g)",
		                baseline, in->id, in->score_min, in->score_max);
	if (!isfinite(followup) || followup < in->score_min - EPS ||
	    followup > in->score_max + EPS)
		return br_error(err, BR_EINVAL, "followup",
		                "follow-up %g is outside the %s scale (%g-%g)",
		                followup, in->id, in->score_min, in->score_max);

	out->change = followup - baseline;
	out->improvement = sign * out->change;
	if (fabs(baseline) > EPS) {
		out->has_percent = true;
		out->percent = out->improvement / baseline * 100.0;
	}

	/* Floor: no room to show improvement; ceiling: no room to show
	 * deterioration. */
	if (in->higher_better) {
		floor_hit = baseline >= in->score_max - EPS ||
		            (in->has_floor && baseline > in->floor + EPS);
		ceiling_hit = baseline <= in->score_min + EPS ||
		              (in->has_ceiling && baseline < in->ceiling - EPS);
	} else {
		floor_hit = baseline <= in->score_min + EPS ||
		            (in->has_floor && baseline < in->floor - EPS);
		ceiling_hit = baseline >= in->score_max - EPS ||
		              (in->has_ceiling && baseline > in->ceiling + EPS);
	}
	if (floor_hit) {
		out->cannot_assess = true;
		out->tier = "cannot-assess";
		out->reason = "the baseline is at the floor of the scale: an "
		              "improvement cannot be detected";
		return 0;
	}
	if (ceiling_hit && out->improvement <= EPS) {
		out->cannot_assess = true;
		out->tier = "cannot-assess";
		out->reason = "the baseline is at the ceiling of the scale: a "
		              "deterioration cannot be detected";
		return 0;
	}

	if (in->has_mcid_points)
		out->responder_points =
		        out->improvement >= in->mcid_points - EPS;
	if (in->has_mcid_percent && out->has_percent)
		out->responder_percent = out->percent >= in->mcid_percent - EPS;

	/* Worse: a deterioration of at least the MCID in points (in percent
	 * only for instruments without a points MCID, since a small
	 * baseline makes any rise a large percentage). */
	if (in->has_mcid_points)
		worse = -out->improvement >= in->mcid_points - EPS;
	else
		worse = in->has_mcid_percent && out->has_percent &&
		        -out->percent >= in->mcid_percent - EPS;
	if (worse) {
		out->tier = "worse";
		return 0;
	}
	if (in->n_tiers > 0) {
		out->tier = "none";
		for (int i = 0; i < in->n_tiers; i++) {
			const struct br_instr_tier *t = &in->tiers[i];
			double v =
			        t->by_percent ? out->percent : out->improvement;

			if (t->by_percent && !out->has_percent)
				break;
			if (v >= t->threshold - EPS)
				out->tier = t->id;
		}
		return 0;
	}
	if (in->has_mcid_points || in->has_mcid_percent)
		out->tier = out->responder_points == 1 ||
		                            out->responder_percent == 1
		                    ? "improved"
		                    : "none";
	return 0;
}
