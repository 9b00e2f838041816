/*
 * intake_fields.c - the table of intake fields (see intake_fields.h).
 */
#include "model/intake_fields.h"

static const char *const onset_modes[] = {
        "lifting", "twisting", "bending", "fall",  "accident",
        "sport",   "gradual",  "unknown", "other", NULL};
static const char *const radiations[] = {"none", "buttock", "above-knee",
                                         "below-knee", NULL};
static const char *const sides3[] = {"left", "right", "both", NULL};
static const char *const works[] = {"desk",  "standing",    "manual", "driving",
                                    "mixed", "not-working", NULL};
static const char *const liftings[] = {"none", "light", "heavy", NULL};
static const char *const techniques[] = {"good", "poor", NULL};
static const char *const activities[] = {"sedentary", "light", "moderate",
                                         "active", NULL};
static const char *const smokings[] = {"never", "former", "current", NULL};
static const char *const sleep_positions[] = {"back", "side", "front", "varies",
                                              NULL};
static const char *const mattresses[] = {"firm", "medium", "soft", NULL};

const char *const br_intake_med_kinds[] = {"prescription", "otc", "herbal",
                                           "supplement", NULL};
const char *const br_intake_med_purposes[] = {"pain", "sleep", "other", NULL};
const char *const br_intake_location_sides[] = {"left", "right", "both",
                                                "central", NULL};

#define AT(m) offsetof(struct br_intake, m), sizeof(((struct br_intake *)0)->m)
#define ENUM(k, m, names, text)                                                \
	{                                                                      \
		k, BR_INTAKE_ENUM, AT(m), names, 0, 0, text                    \
	}
#define INT(k, m, lo, hi, text)                                                \
	{                                                                      \
		k, BR_INTAKE_INT, AT(m), NULL, lo, hi, text                    \
	}
#define BOOL(k, m, text)                                                       \
	{                                                                      \
		k, BR_INTAKE_BOOL, AT(m), NULL, 0, 1, text                     \
	}
#define TEXT(k, m, text)                                                       \
	{                                                                      \
		k, BR_INTAKE_TEXT, AT(m), NULL, 0,                             \
		        sizeof(((struct br_intake *)0)->m) - 1, text           \
	}

/* Sized by its initializers: a count other than BR_INTAKE_NFIELDS
 * conflicts with the declaration in the header. */
const struct br_intake_field br_intake_fields[] = {
        ENUM("onset_mode", onset_mode, onset_modes, "How the pain began"),
        TEXT("onset_note", onset_note, "How the pain began, in words"),
        ENUM("radiation", radiation, radiations, "How far the pain radiates"),
        ENUM("radiation_side", radiation_side, sides3,
             "Side of the radiating pain"),
        ENUM("work", work, works, "Work"),
        INT("sitting_hours", sitting_hours, 0, 24, "Hours sitting a day"),
        ENUM("lifting", lifting, liftings, "Lifting at work"),
        ENUM("lifting_technique", lifting_technique, techniques,
             "Lifting technique"),
        ENUM("activity", activity, activities, "Physical activity"),
        INT("height_cm", height_cm, 100, 250, "Height (cm)"),
        {"weight_kg", BR_INTAKE_KG, AT(weight_kg), NULL, 25, 350,
         "Weight (kg)"},
        ENUM("smoking", smoking, smokings, "Smoking"),
        INT("cigarettes_per_day", cigarettes_per_day, 1, 100,
            "Cigarettes a day"),
        TEXT("lifestyle_note", lifestyle_note, "Lifestyle, in words"),
        TEXT("conditions_note", conditions_note, "Known conditions, in words"),
        TEXT("treatments_note", treatments_note,
             "Current treatments, in words"),
        BOOL("position_difficulty", position_difficulty,
             "Difficulty finding a position to sleep"),
        BOOL("night_pain", night_pain, "Pain at night"),
        INT("pain_wakes", pain_wakes, 0, 20,
            "Usual awakenings from pain a night"),
        ENUM("sleep_position", sleep_position, sleep_positions,
             "Usual sleep position"),
        ENUM("mattress", mattress, mattresses, "Mattress"),
        INT("mattress_years", mattress_years, 0, 50,
            "Age of the mattress (years)"),
        INT("pillows", pillows, 0, 6, "Pillows"),
        BOOL("knee_pillow", knee_pillow, "Pillow between or under the knees"),
        TEXT("sleep_note", sleep_note, "Sleep, in words"),
        TEXT("goals", goals, "Goals, in the patient's own words"),
};

void *
br_intake_at(struct br_intake *x, const struct br_intake_field *f)
{
	return (char *)x + f->off;
}

const void *
br_intake_at_c(const struct br_intake *x, const struct br_intake_field *f)
{
	return (const char *)x + f->off;
}
