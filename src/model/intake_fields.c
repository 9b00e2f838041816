/*
 * intake_fields.c - the table of intake fields (see intake_fields.h).
 */
#include "model/intake_fields.h"

#include <stddef.h>

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

/*
 * Every scalar field once: kind, key, member, vocabulary or range, label.
 * The intake table below and the input table (br_intake_input_fields)
 * are both written from this list.
 */
#define SCALARS(X)                                                             \
	X(ENUM, "onset_mode", onset_mode, onset_modes, 0, 0,                   \
	  "How the pain began")                                                \
	X(TEXT, "onset_note", onset_note, NULL, 0, 0,                          \
	  "How the pain began, in words")                                      \
	X(ENUM, "radiation", radiation, radiations, 0, 0,                      \
	  "How far the pain radiates")                                         \
	X(ENUM, "radiation_side", radiation_side, sides3, 0, 0,                \
	  "Side of the radiating pain")                                        \
	X(ENUM, "work", work, works, 0, 0, "Work")                             \
	X(INT, "sitting_hours", sitting_hours, NULL, 0, 24,                    \
	  "Hours sitting a day")                                               \
	X(ENUM, "lifting", lifting, liftings, 0, 0, "Lifting at work")         \
	X(ENUM, "lifting_technique", lifting_technique, techniques, 0, 0,      \
	  "Lifting technique")                                                 \
	X(ENUM, "activity", activity, activities, 0, 0, "Physical activity")   \
	X(INT, "height_cm", height_cm, NULL, 100, 250, "Height (cm)")          \
	X(KG, "weight_kg", weight_kg, NULL, 25, 350, "Weight (kg)")            \
	X(ENUM, "smoking", smoking, smokings, 0, 0, "Smoking")                 \
	X(INT, "cigarettes_per_day", cigarettes_per_day, NULL, 1, 100,         \
	  "Cigarettes a day")                                                  \
	X(TEXT, "lifestyle_note", lifestyle_note, NULL, 0, 0,                  \
	  "Lifestyle, in words")                                               \
	X(TEXT, "conditions_note", conditions_note, NULL, 0, 0,                \
	  "Known conditions, in words")                                        \
	X(TEXT, "treatments_note", treatments_note, NULL, 0, 0,                \
	  "Current treatments, in words")                                      \
	X(BOOL, "position_difficulty", position_difficulty, NULL, 0, 1,        \
	  "Difficulty finding a position to sleep")                            \
	X(BOOL, "night_pain", night_pain, NULL, 0, 1, "Pain at night")         \
	X(INT, "pain_wakes", pain_wakes, NULL, 0, 20,                          \
	  "Usual awakenings from pain a night")                                \
	X(ENUM, "sleep_position", sleep_position, sleep_positions, 0, 0,       \
	  "Usual sleep position")                                              \
	X(ENUM, "mattress", mattress, mattresses, 0, 0, "Mattress")            \
	X(INT, "mattress_years", mattress_years, NULL, 0, 50,                  \
	  "Age of the mattress (years)")                                       \
	X(INT, "pillows", pillows, NULL, 0, 6, "Pillows")                      \
	X(BOOL, "knee_pillow", knee_pillow, NULL, 0, 1,                        \
	  "Pillow between or under the knees")                                 \
	X(TEXT, "sleep_note", sleep_note, NULL, 0, 0, "Sleep, in words")       \
	X(TEXT, "goals", goals, NULL, 0, 0, "Goals, in the patient's own words")

#define SIZE(m) sizeof(((struct br_intake *)0)->m)
/* A TEXT field's length is its member's. */
#define HI(kind, m, hi) (BR_INTAKE_##kind == BR_INTAKE_TEXT ? SIZE(m) - 1 : hi)

#define AS_INTAKE(kind, k, m, names, lo, hi, text)                             \
	{k,                                                                    \
	 BR_INTAKE_##kind,                                                     \
	 offsetof(struct br_intake, m),                                        \
	 SIZE(m),                                                              \
	 names,                                                                \
	 lo,                                                                   \
	 HI(kind, m, hi),                                                      \
	 text},

/* Sized by its initializers: a count other than BR_INTAKE_NFIELDS
 * conflicts with the declaration in the header. */
const struct br_intake_field br_intake_fields[] = {SCALARS(AS_INTAKE)};

#define AS_KEY(kind, k, m, names, lo, hi, text) k,

/* What clear may name: every scalar and every list. */
const char *const br_intake_clearable[] = {SCALARS(AS_KEY) "locations",
                                           "aggravating",
                                           "easing",
                                           "conditions",
                                           "treatments",
                                           "medicines",
                                           NULL};

#define FT_ENUM BR_FT_ENUM
#define FT_INT  BR_FT_INT
#define FT_KG   BR_FT_NUM
#define FT_BOOL BR_FT_BOOL
#define FT_TEXT BR_FT_TEXT
#define AS_FIELD(kind, k, m, names, lo, hi, text)                              \
	{.key = k,                                                             \
	 .type = FT_##kind,                                                    \
	 .values = names,                                                      \
	 .min = BR_INTAKE_##kind == BR_INTAKE_BOOL ? 0 : lo,                   \
	 .max = BR_INTAKE_##kind == BR_INTAKE_BOOL ? 0 : HI(kind, m, hi),      \
	 .doc = text},
#define CODES(k, d)                                                            \
	{.key = k,                                                             \
	 .type = BR_FT_LIST,                                                   \
	 .max = BR_INTAKE_MAX_LIST,                                            \
	 .doc = d " (codes of the intake vocabulary), or none"},

/* The lists of an intake, as the input takes them. */
#define LISTS                                                                  \
	{.key = "locations",                                                   \
	 .type = BR_FT_LIST,                                                   \
	 .max = BR_INTAKE_MAX_LIST,                                            \
	 .doc = "where it hurts: codes of the intake vocabulary, each with "   \
	        "an optional side (:L, :R, :B or :C), or none"},               \
	        CODES("aggravating", "what makes it worse")                    \
	                CODES("easing", "what makes it better")                \
	                        CODES("conditions", "other health conditions") \
	                                CODES("treatments",                    \
	                                      "treatments tried before"){      \
	                                        .key = "medicines",            \
	                                        .type = BR_FT_ARRAY,           \
	                                        .max = BR_INTAKE_MAX_MEDS,     \
	                                        .doc = "medicines taken now: " \
	                                               "objects {name, dose, " \
	                                               "kind, purpose} or "    \
	                                               "text "                 \
	                                               "NAME|DOSE|KIND|"       \
	                                               "PURPOSE; an empty "    \
	                                               "list: none"},

/* The input of intake: the date, the scalars, the lists and clear. */
static const struct br_field input_fields[] = {
        {.key = "episode_id", .type = BR_FT_ID, .flags = BR_FF_REQUIRED},
        {.key = "date",
         .type = BR_FT_DATE,
         .doc = "the day of the intake (default: today)"},
        SCALARS(AS_FIELD) LISTS{.key = "clear",
                                .type = BR_FT_LIST,
                                .values = br_intake_clearable,
                                .doc = "fields and lists to reset to not "
                                       "recorded"},
        {0},
};
const struct br_fields br_intake_input_fields = {
        "IntakeInput",
        "the intake history (fields given replace the "
        "stored ones)",
        input_fields};

/* The answers alone: the scalars and the lists. */
const struct br_field br_intake_answer_members[] = {SCALARS(AS_FIELD) LISTS{0}};
const struct br_fields br_intake_answer_fields = {
        "IntakeAnswers", "the fields of an intake history, without its episode",
        br_intake_answer_members};

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
