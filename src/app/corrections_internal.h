/*
 * corrections_internal.h - what corrections.c (the use cases) and
 * corrections_kinds.c (the record kinds) share: the description of a
 * correctable record kind and the record being corrected.
 *
 * A kind's correctable fields are its model table's (src/model): each
 * key of the table that is not the record's name or link (ids) nor an
 * option of the add command (listed in the kind's "fixed") has one line
 * in the kind's field map saying where its value lives in the record.  A
 * unit test checks that every key of the model table is mapped or fixed,
 * so a field added to a model table and not to its map fails there.
 */
#ifndef BR_APP_CORRECTIONS_INTERNAL_H
#define BR_APP_CORRECTIONS_INTERNAL_H

#include <stddef.h>

#include "app/corrections.h"

/* How a field's value is held in the record. */
enum cf_store {
	CF_INT,   /* int, BR_UNSET when not given */
	CF_TRI,   /* int 0/1 of a true/false field, BR_UNSET when not given */
	CF_BOOL,  /* bool, false when not given */
	CF_NUM,   /* double, below 0 when not given */
	CF_TEXT,  /* char[size]: text, a word of the field's vocabulary or a
	             date; "" when not given */
	CF_CLOCK, /* int minutes after midnight, BR_UNSET when not given */
	CF_WORD,  /* int: the index of the word in the field's values,
	             BR_UNSET when not given */
	CF_LIST,  /* int count at off, items of char[size] from items, at
	             most max */
	CF_HOOK,  /* the kind's get and set */
};

struct crec;

struct cfield {
	const char *key; /* the model table's key */
	enum cf_store store;
	size_t off, size; /* the member (CF_LIST: the count; size: one item) */
	size_t items;     /* CF_LIST: the first item */
	int max;          /* CF_LIST: how many items fit */
	/* CF_HOOK: the value as input JSON (null when not given), and
	 * setting it from in[key] (null: not given) with the checks of the
	 * kind's add command. */
	json_t *(*get)(const void *rec);
	int (*set)(struct br_app *app, json_t *in, const char *key, void *rec,
	           struct br_err *err);
};

#define CK_SIGNS   1u /* a session: signed, then amended */
#define CK_PATIENT 2u /* the patient may correct their own (a diary day) */
#define CK_KEEP    4u /* never entered in error (a patient, an episode) */

struct ckind {
	const char *name;  /* "measure": the kind in results and versions */
	const char *audit; /* "measure": audit "measure.correct" ... */
	const char *noun;  /* "measure": in sentences */
	/* The input key that names a record of this kind on an API route
	 * ("measure_id"; "date" for a diary day); the generic "id" and
	 * "record_id" name any kind with an id. */
	const char *id_key;
	const struct br_fields *model;
	const struct cfield *fields; /* NULL: merge (the whole input) */
	/* Keys of model not corrected besides ids: options of the add
	 * command, records of their own; NULL-terminated. */
	const char *const *fixed;
	size_t size; /* of the record struct */
	/* Members shown with the record, (size_t)-1 when none. */
	size_t id_off, episode_off, created_off;
	unsigned flags;
	/* Fills r->rec (r->patient_id, r->id, r->episode_id set; r->id is the
	 * session of a check-in and the episode of an intake). */
	int (*load)(struct br_app *app, struct crec *r, struct br_err *err);
	/* Merges in (the correctable keys given) into r->rec (fields NULL). */
	int (*merge)(struct br_app *app, json_t *in, struct crec *r,
	             struct br_err *err);
	/* Writes the corrected r->rec through the kind's rules (its apply
	 * or correct), in place of the stored record. */
	int (*write)(struct br_app *app, struct crec *r, struct br_err *err);
	/* Takes the record's rows out (entered in error), and what follows
	 * from them; may add to snapshot what leaves with it. */
	int (*remove)(struct br_app *app, struct crec *r, json_t *snapshot,
	              struct br_err *err);
	/* The record as JSON (fields NULL), else built from the map. */
	json_t *(*view)(const void *rec);
};

/* The record being corrected. */
struct crec {
	const struct ckind *k;
	char key[40];  /* its record_versions key: "123", a date, "intake:5" */
	char date[11]; /* a diary day's */
	int64_t patient_id, id, episode_id;
	void *rec, *orig; /* k->size bytes each: now, and as loaded */
	int version;
	bool voided, signed_;
};

/* The kinds, ended by a NULL name; the diary day first, the session
 * second. */
extern const struct ckind *const br_ckinds[];
const struct ckind *br_ckind_named(const char *name);

/* A field of a record as input JSON (null when not given). */
json_t *br_cf_get(const struct cfield *f, const void *rec);
/* Sets field f of rec from in[f->key] (null: not given) with the model
 * table's checks. */
int br_cf_set(struct br_app *app, const struct ckind *k, const struct cfield *f,
              json_t *in, void *rec, struct br_err *err);
/* The record as JSON: the name, the episode and every mapped field. */
json_t *br_crec_json(const struct ckind *k, const void *rec);

#endif
