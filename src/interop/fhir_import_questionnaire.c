/*
 * fhir_import_questionnaire.c - FHIR import of QuestionnaireResponse
 * (measures, the intake, dispatching the check-in) and measure score
 * Observations.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "interop/fhir_import_internal.h"

/* Measures: QuestionnaireResponse + score Observation ---------------------- */

const struct br_instrument *
fi_find_instrument(struct imp *im, const char *id)
{
	for (int i = 0; im->instruments && i < im->instruments->n; i++)
		if (strcmp(im->instruments->items[i]->id, id) == 0)
			return im->instruments->items[i];
	return NULL;
}

/* One answer as a response code. */
static bool
answer_code(struct entry *x, json_t *a, const char *link, int *out)
{
	json_t *v = json_object_get(a, "valueInteger");
	const char *c;

	if (v)
		return fi_get_int(x, v, link, 0, BR_INSTR_MAX_CODE, out);
	c = fi_str(json_object_get(a, "valueCoding"), "code");
	if (c) {
		char *end;
		long n = strtol(c, &end, 10);

		if (*end == '\0' && end != c && n >= 0 &&
		    n <= BR_INSTR_MAX_CODE) {
			*out = (int)n;
			return true;
		}
	}
	return fi_reject(x,
	                 "item %.40s: the answer must be valueInteger (a "
	                 "response code)",
	                 link);
}

static void
read_measure_qr(struct imp *im, struct entry *x,
                const struct br_instrument *def, int64_t pid)
{
	struct br_measure *m = calloc(1, sizeof(*m));
	int codes[BR_INSTR_MAX_ITEMS];
	bool seen[BR_INSTR_MAX_ITEMS] = {false};
	struct br_score sc;
	struct br_err e = BR_ERR_INIT;
	json_t *it;
	size_t i;
	size_t len = 0;

	x->rec.measure = m;
	x->sub = S_MEASURE;
	if (m == NULL) {
		im->fatal = BR_ENOMEM;
		return;
	}
	if (!fi_match_ident(im, x, BR_NS_MEASURE) ||
	    !fi_episode_of(im, x, pid, &m->episode_id, NULL) ||
	    !fi_get_date(x, x->res, "authored", "authored", true, m->day))
		return;
	for (int k = 0; k < def->n_items; k++)
		codes[k] = BR_ANSWER_SKIPPED;
	json_array_foreach(json_object_get(x->res, "item"), i, it)
	{
		const char *link = fi_str(it, "linkId");
		json_t *ans = json_object_get(it, "answer");
		int k = -1;

		for (int j = 0; link && j < def->n_items && k < 0; j++) {
			char n[16];

			snprintf(n, sizeof(n), "%d", j + 1);
			if (strcmp(def->items[j].id, link) == 0 ||
			    strcmp(n, link) == 0)
				k = j;
		}
		if (k < 0) {
			fi_reject(x, "item %.40s is not an item of %s",
			          link ? link : "(no linkId)", def->id);
			return;
		}
		if (seen[k]) {
			fi_reject(x, "item %.40s is answered twice", link);
			return;
		}
		seen[k] = true;
		if (json_array_size(ans) > 1) {
			fi_reject(x, "item %.40s has more than one answer",
			          link);
			return;
		}
		if (json_array_size(ans) == 1 &&
		    !answer_code(x, json_array_get(ans, 0), link, &codes[k]))
			return;
	}
	if (br_instrument_score(def, codes, def->n_items, &sc, &e) < 0) {
		fi_reject(x, "%s: %s", def->id, e.msg);
		return;
	}
	m->patient_id = pid;
	snprintf(m->instrument, sizeof(m->instrument), "%s", def->id);
	m->has_score = sc.has_score;
	m->score = sc.score;
	if (sc.band >= 0)
		snprintf(m->band, sizeof(m->band), "%s",
		         def->bands[sc.band].id);
	m->answered = sc.answered;
	m->complete = sc.complete;
	snprintf(m->version, sizeof(m->version), "%s", def->version);
	snprintf(m->recall, sizeof(m->recall), "%s", def->recall);
	if (!fi_ext_text(x, x->res, BR_EXT_VERSION, "valueString", m->version,
	                 sizeof(m->version)) ||
	    !fi_ext_text(x, x->res, BR_EXT_RECALL, "valueString", m->recall,
	                 sizeof(m->recall)))
		return;
	if (!m->version[0])
		snprintf(m->version, sizeof(m->version), "%s", def->version);
	if (!m->recall[0])
		snprintf(m->recall, sizeof(m->recall), "%s", def->recall);
	for (int k = 0; k < sc.n_notes && len < sizeof(m->notes); k++)
		len += (size_t)snprintf(m->notes + len, sizeof(m->notes) - len,
		                        "%s%s", k ? "\n" : "", sc.notes[k]);
	m->n_items = def->n_items;
	memcpy(m->codes, codes, sizeof(int) * (size_t)def->n_items);
	m->n_subscores = sc.n_subscores;
	for (int k = 0; k < sc.n_subscores; k++) {
		snprintf(m->subscore_ids[k], sizeof(m->subscore_ids[k]), "%s",
		         def->subscores[k].id);
		m->sub_has[k] = sc.sub_has[k];
		m->subscores[k] = sc.subscores[k];
	}
	if (!fi_claim(im, x, BR_REC_MEASURE, pid, &m->id, m->created_at))
		return;
	x->patient_id = pid;
}

static void
read_intake_qr(struct imp *im, struct entry *x, int64_t pid)
{
	struct br_intake *in = malloc(sizeof(*in)), *stored;
	json_t *created;
	char why[200];
	int rc;

	x->rec.intake = in;
	x->sub = S_INTAKE;
	if (in == NULL) {
		im->fatal = BR_ENOMEM;
		return;
	}
	br_intake_init(in);
	in->patient_id = pid;
	if (!fi_match_ident(im, x, BR_NS_INTAKE) ||
	    !fi_episode_of(im, x, pid, &in->episode_id, NULL) ||
	    !fi_get_date(x, x->res, "authored", "authored", true,
	                 in->recorded_on) ||
	    !fi_resolve_pract(im, x, x->res, "author", "author",
	                      &in->practitioner_id))
		return;
	if (x->rec_id && x->rec_id != in->episode_id) {
		fi_reject(x,
		          "identifier %s%s names episode %lld, not the "
		          "episode extension's",
		          BR_FHIR_NS, BR_NS_INTAKE, (long long)x->rec_id);
		return;
	}
	if (!br_fhir_intake_read(json_object_get(x->res, "item"), in, why,
	                         sizeof(why))) {
		fi_reject(x, "%s", why);
		return;
	}
	if (!fi_unique_key(im, x, "intake of the episode", "intake",
	                   in->episode_id))
		return;
	stored = malloc(sizeof(*stored));
	if (stored == NULL) {
		im->fatal = BR_ENOMEM;
		return;
	}
	rc = br_store_intake_get(im->s, pid, in->episode_id, stored, im->err);
	free(stored);
	if (rc == 0)
		x->exists = true;
	else if (rc == BR_ENOTFOUND)
		br_err_clear(im->err);
	else {
		fi_reject_err(im, x, rc, im->err);
		return;
	}
	fi_ts_or_now(x, in->updated_at);
	memcpy(in->created_at, in->updated_at, BR_TS_LEN);
	created = fi_find_ext(x->res, BR_EXT_CREATED);
	if (created) {
		struct entry tmp = {0};
		json_t *holder =
		        json_pack("{s:{s:O}}", "meta", "lastUpdated",
		                  json_object_get(created, "valueDateTime"));

		tmp.res = holder;
		if (holder == NULL || !fi_get_ts(&tmp, in->created_at) ||
		    !in->created_at[0]) {
			json_decref(holder);
			fi_reject(x,
			          "the created extension must be an instant");
			return;
		}
		json_decref(holder);
	}
	x->rec_id = in->episode_id;
	x->patient_id = pid;
}

void
fi_read_qr(struct imp *im, struct entry *x)
{
	const char *q, *id;
	const struct br_instrument *def;
	const char *status;
	int64_t pid;

	fi_ident_as_list(x);
	if (!fi_check_idents(x))
		return;
	q = fi_get_str(x, x->res, "questionnaire", "questionnaire");
	if (x->bad)
		return;
	id = q && strncmp(q, BR_FHIR_BASE "/Questionnaire/",
	                  strlen(BR_FHIR_BASE "/Questionnaire/")) == 0
	             ? q + strlen(BR_FHIR_BASE "/Questionnaire/")
	             : NULL;
	def = id ? fi_find_instrument(im, id) : NULL;
	if (def == NULL && !(id && (strcmp(id, BR_Q_INTAKE) == 0 ||
	                            strcmp(id, BR_Q_AFTERCARE) == 0))) {
		if (im->o->skip_unknown)
			x->kind = K_UNKNOWN;
		else
			fi_reject(
			        x,
			        "questionnaire %.80s is not one of backrest's "
			        "(an instrument's, intake or aftercare); "
			        "use --skip-unknown to skip it",
			        q ? q : "(none)");
		return;
	}
	status = fi_get_str(x, x->res, "status", "status");
	if (x->bad)
		return;
	if (status == NULL || (strcmp(status, "completed") != 0 &&
	                       strcmp(status, "amended") != 0)) {
		fi_reject(x,
		          "only completed or amended responses are imported, "
		          "not %.20s",
		          status ? status : "(no status)");
		return;
	}
	if (!fi_resolve_patient(im, x, x->res, "subject", &pid))
		return;
	if (def)
		read_measure_qr(im, x, def, pid);
	else if (strcmp(id, BR_Q_AFTERCARE) == 0)
		fi_read_checkin(im, x, pid);
	else
		read_intake_qr(im, x, pid);
}

/* The score Observation: checked against the QuestionnaireResponse it is
 * derived from (the score is the instrument's, from the answers). */
void
fi_read_score_obs(struct imp *im, struct entry *x, const char *code)
{
	json_t *holder, *q;
	struct entry *qr;
	const struct br_measure *m;
	int64_t stored, pid;
	const struct br_instrument *def;
	double v, tol = 0.5;
	bool ok;

	x->sub = S_SCORE;
	if (!fi_match_ident(im, x, BR_NS_SCORE) ||
	    !fi_resolve_patient(im, x, x->res, "subject", &pid))
		return;
	holder = json_pack(
	        "{s:O*}", "ref",
	        json_array_get(json_object_get(x->res, "derivedFrom"), 0));
	ok = fi_resolve(im, x, holder, "ref", "derivedFrom[0]",
	                "QuestionnaireResponse", "qr-m", true, &qr, &stored);
	json_decref(holder);
	if (!ok)
		return;
	if (qr == NULL) {
		/* The measure is stored: nothing to add. */
		int rc = br_store_interop_exists(im->s, BR_REC_MEASURE, pid,
		                                 stored, im->err);

		if (rc < 0)
			fi_reject_err(im, x, rc, im->err);
		else if (rc == 0)
			fi_reject(x,
			          "derivedFrom[0]: there is no measure %lld "
			          "of this patient",
			          (long long)stored);
		else
			x->exists = true;
		return;
	}
	if (qr->bad) {
		fi_reject_dep(x, "its QuestionnaireResponse", qr);
		return;
	}
	if (qr->sub != S_MEASURE || qr->patient_id != pid) {
		fi_reject(x,
		          "derivedFrom[0] must be a measure of this patient");
		return;
	}
	m = qr->rec.measure;
	def = fi_find_instrument(im, m->instrument);
	if (strcmp(code, m->instrument) != 0) {
		fi_reject(x, "the score of %s is derived from a %s response",
		          code, m->instrument);
		return;
	}
	if (qr->named_by) {
		fi_reject(x, "entry %zu is already the score of its response",
		          qr->named_by - 1);
		return;
	}
	qr->named_by = x->index + 1;
	x->exists = qr->exists;
	q = json_object_get(x->res, "valueQuantity");
	for (int i = 0; def && i < def->decimals; i++)
		tol /= 10;
	if (q == NULL) {
		if (m->has_score)
			fi_reject(x,
			          "valueQuantity is required: the answers "
			          "score %g",
			          m->score);
		return;
	}
	v = json_number_value(json_object_get(q, "value"));
	if (!json_is_number(json_object_get(q, "value")))
		fi_reject(x, "valueQuantity.value must be a number");
	else if (!m->has_score)
		fi_reject(x,
		          "the answers give no score (too many items "
		          "skipped), yet valueQuantity is %g",
		          v);
	else if (v - m->score > tol || m->score - v > tol)
		fi_reject(x,
		          "valueQuantity %g is not the score of the answers "
		          "(%g)",
		          v, m->score);
}
