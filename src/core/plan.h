/*
 * plan.h - evidence-graded treatment options (docs/clinical) as data: the
 * evidence file (data/evidence.json) parsed strictly, and the options for
 * an episode's phase and STarT Back risk group with each source's
 * position side by side.
 *
 * The evidence file holds one entry per treatment x phase x source
 * (cochrane-2025, acp-2017, nice-ng59), each with the source's position
 * ("recommended", "consider", "only-with-exercise", "do-not-offer",
 * "no-recommendation"), the certainty of the evidence (GRADE for the
 * Cochrane overview, quality of evidence for ACP; null when not graded),
 * the strength of an ACP recommendation, the finding in our own words and
 * the citation.  Phases use each source's own definition (see
 * core/phase.h); NICE NG59 is not split by duration, so its entries
 * are matched with the Cochrane phase.  An option never shows a source's
 * entry for another phase: where a source has no entry for the phase the
 * cell is empty (the view says "no entry", never "recommended").
 *
 * The risk group only orders the options (matched pathway first, the
 * file's risk_pathways): it is information, not the decision.
 *
 * Memory: br_evidence_parse() fills a caller-provided struct that owns the
 * parsed JSON document; its strings are borrowed from it until
 * br_evidence_free().  Everything else is pure.
 */
#ifndef BR_CORE_PLAN_H
#define BR_CORE_PLAN_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"
#include "core/phase.h"

#define BR_EV_MAX_TREATMENTS 32
#define BR_EV_MAX_ENTRIES    256
#define BR_EV_MAX_MODALITIES 4
#define BR_EV_MAX_PATHWAY    8
#define BR_EV_ID_MAX         32 /* treatment ids: 31 bytes and the NUL */

enum br_source { BR_SRC_COCHRANE, BR_SRC_ACP, BR_SRC_NICE, BR_SRC_N };

enum br_position {
	BR_POS_RECOMMENDED,
	BR_POS_CONSIDER,
	BR_POS_ONLY_WITH_EXERCISE,
	BR_POS_DO_NOT_OFFER,
	BR_POS_NO_RECOMMENDATION,
};

/* The phase an entry covers. */
enum br_ev_phase {
	BR_EVP_ACUTE,
	BR_EVP_SUBACUTE,
	BR_EVP_CHRONIC,
	BR_EVP_ACUTE_SUBACUTE,
	BR_EVP_ANY,
};

/* A course's defaults and where they come from. */
struct br_course_default {
	bool given;
	int sessions;
	double per_week;
	int trial;
	const char *source;
};

struct br_treatment {
	const char *id;
	const char *label;
	bool self_management;
	int n_modalities; /* session modalities that count towards a course */
	const char *modalities[BR_EV_MAX_MODALITIES];
	struct br_course_default course;
};

struct br_ev_entry {
	int treatment; /* index into treatments */
	enum br_ev_phase phase;
	enum br_source source;
	enum br_position position;
	const char *certainty; /* high, moderate, low, very-low, or NULL */
	const char *strength;  /* strong, weak, or NULL */
	const char *finding;
	const char *citation;
};

struct br_evidence {
	json_t *doc; /* owned */
	const char *source_name[BR_SRC_N];
	const char *source_citation[BR_SRC_N];
	int n_treatments;
	struct br_treatment treatments[BR_EV_MAX_TREATMENTS];
	int n_entries;
	struct br_ev_entry entries[BR_EV_MAX_ENTRIES];
	const char *risk_source;
	int n_pathway[3]; /* low, medium, high */
	int pathway[3][BR_EV_MAX_PATHWAY];
};

/*
 * Parses and checks the evidence file bytes[0..len) (file names it in
 * messages).  Strict: an unknown key, a wrong type, an unknown treatment,
 * source, phase, position or certainty, a certainty on a NICE entry, or
 * two entries of one treatment and source covering the same phase fail
 * with one sentence naming the file and the field path.  On success out
 * owns a JSON document (br_evidence_free); on failure nothing.
 */
int br_evidence_parse(const char *file, const char *bytes, size_t len,
                      struct br_evidence *out, struct br_err *err);
void br_evidence_free(struct br_evidence *ev);

/* Index of the treatment with id, or -1. */
int br_evidence_treatment(const struct br_evidence *ev, const char *id);

/* Whether an entry for p applies in phase. */
bool br_ev_phase_applies(enum br_ev_phase p, enum br_phase_id phase);
/* The episode's phase under source's definition (NICE: Cochrane's). */
enum br_phase_id br_source_phase(enum br_source s, const struct br_phase *ph);

/* One source's cell of an option: the entry, or NULL when the source has
 * no entry for this treatment in the episode's phase. */
struct br_option_cell {
	enum br_source source;
	const struct br_ev_entry *entry;
};

struct br_option {
	int treatment;
	bool matched; /* in the risk group's matched pathway */
	int n_cells;
	struct br_option_cell cells[BR_SRC_N];
};

struct br_options {
	int n;
	struct br_option items[BR_EV_MAX_TREATMENTS];
};

#define BR_SOURCES_ALL 0x7u /* bit (1 << source) per source shown */

/*
 * The options for an episode in phase ph with STarT Back risk group risk
 * (0 low, 1 medium, 2 high, -1 none), showing the sources in the mask:
 * every treatment with an entry of a shown source for the phase, the
 * matched pathway first (in the pathway's order), then the rest in file
 * order.  Each option has one cell per shown source, in source order.
 */
void br_plan_options(const struct br_evidence *ev, const struct br_phase *ph,
                     int risk, unsigned sources, struct br_options *out);

/* Names: "cochrane-2025", "recommended", "acute-subacute" ... */
const char *br_source_id(enum br_source s);
const char *br_position_name(enum br_position p);
const char *br_ev_phase_name(enum br_ev_phase p);
/* The risk group named s ("low", "medium", "high"), or -1. */
int br_risk_index(const char *s);

#endif
