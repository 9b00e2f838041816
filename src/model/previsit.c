/*
 * previsit.c - the red-flag questions for patients and the field tables
 * of the pre-visit intake (see previsit.h).
 *
 * The questions follow the labels of the flags (core/redflag.c, after the
 * NHS regional back pain pathway pages built on the NICE Clinical
 * Knowledge Summaries, and Finucane et al. 2020, International framework
 * for red flags for potential serious spinal pathologies) and the words
 * of the signed-out help page, in backrest's own words.
 */
#include "model/previsit.h"

#include <stddef.h>

#include "model/intake_fields.h"

/* Flag id and question, in the order asked: the emergency signs first. */
#define QUESTIONS(X)                                                           \
	X("saddle-anaesthesia",                                                \
	  "Do you have numbness or tingling between your legs: in or around "  \
	  "your bottom or genitals (where you would sit on a saddle)?")        \
	X("bladder-dysfunction",                                               \
	  "Since your back pain began, have you had new trouble passing "      \
	  "urine, less feeling when you pass it, or wet yourself without "     \
	  "meaning to?")                                                       \
	X("bowel-dysfunction",                                                 \
	  "Since your back pain began, have you soiled yourself without "      \
	  "meaning to, or lost feeling around your back passage?")             \
	X("sexual-dysfunction",                                                \
	  "Since your back pain began, have you noticed a new problem with "   \
	  "sexual function or with feeling in your genitals?")                 \
	X("bilateral-leg-symptoms",                                            \
	  "Do pain, numbness or pins and needles go down both of your legs, "  \
	  "or did they start in one leg and now reach both?")                  \
	X("progressive-leg-weakness",                                          \
	  "Are both of your legs weak, or getting weaker?")                    \
	X("gait-disturbance",                                                  \
	  "Has your walking become unsteady, or do your legs give way?")       \
	X("major-trauma",                                                      \
	  "Did your back pain start after a serious accident or injury, such " \
	  "as a road accident or a bad fall?")                                 \
	X("fever",                                                             \
	  "Have you had a fever, chills or shivering fits as well as your "    \
	  "back pain?")                                                        \
	X("immunosuppression",                                                 \
	  "Do you have a condition or a treatment that weakens your body's "   \
	  "defences against infection, such as HIV, chemotherapy, biologic "   \
	  "medicines or diabetes?")                                            \
	X("iv-drug-use", "Do you inject drugs?")                               \
	X("recent-infection",                                                  \
	  "Have you recently had a bacterial infection, such as one treated "  \
	  "with antibiotics?")                                                 \
	X("recent-spinal-procedure",                                           \
	  "Have you recently had an operation or an injection in your back, "  \
	  "or a wound that went deep into your back?")                         \
	X("steroid-use",                                                       \
	  "Have you taken steroid tablets (such as prednisolone) for a long "  \
	  "time?")                                                             \
	X("cancer-history", "Have you ever had cancer, however long ago?")     \
	X("weight-loss", "Have you lost weight recently without trying?")      \
	X("night-pain",                                                        \
	  "Is the pain there all night, and does it not ease when you change " \
	  "position?")                                                         \
	X("thoracic-pain",                                                     \
	  "Is the pain in the upper or middle part of your back, or does it "  \
	  "go round your chest like a band?")                                  \
	X("osteoporosis",                                                      \
	  "Have you been told you have osteoporosis (thin or fragile "         \
	  "bones)?")                                                           \
	X("sudden-central-pain",                                               \
	  "Did severe pain start suddenly in the middle of your back, and "    \
	  "does it ease when you lie down?")

#define AS_QUESTION(id, text) {id, text},
const struct br_previsit_question br_previsit_questions[] = {
        QUESTIONS(AS_QUESTION){NULL, NULL}};

const char *const br_previsit_replies[] = {"yes", "no", "unsure", NULL};

#define AS_REPLY(id, text)                                                     \
	{.key = id,                                                            \
	 .type = BR_FT_ENUM,                                                   \
	 .values = br_previsit_replies,                                        \
	 .doc = text},
static const struct br_field replies[] = {QUESTIONS(AS_REPLY){.key = NULL}};

static const struct br_field answers[] = {
        {.key = "intake",
         .type = BR_FT_OBJECT,
         .fields = br_intake_answer_members,
         .doc = "the intake answers so far: fields of the intake history, "
                "each left out until answered"},
        {.key = "red_flags",
         .type = BR_FT_OBJECT,
         .fields = replies,
         .doc = "the replies to the red-flag questions (yes, no or "
                "unsure), each left out until answered"},
        {.key = "finished",
         .type = BR_FT_BOOL,
         .doc = "true: the patient has answered what they want to and "
                "sends it to the practitioner"},
        {.key = NULL}};
const struct br_fields br_previsit_answer_fields = {
        "PrevisitAnswers",
        "the patient's pre-visit answers so far (a save replaces the "
        "earlier one)",
        answers};

static const struct br_field request[] = {
        {.key = "email",
         .type = BR_FT_TEXT,
         .max = 254,
         .doc = "the patient's email address, their sign-in: needed when "
                "they have no account yet (the link then creates it)"},
        {.key = "name",
         .type = BR_FT_TEXT,
         .max = 120,
         .doc = "the name the letter greets (default: the patient's)"},
        {.key = "days",
         .type = BR_FT_INT,
         .min = 1,
         .max = 30,
         .doc = "days a new account's link works (default 7)"},
        {.key = "base_url",
         .type = BR_FT_TEXT,
         .min = 8,
         .max = 200,
         .doc = "where the patient reaches this server, e.g. "
                "https://clinic.example.org"},
        {.key = NULL}};
const struct br_fields br_previsit_request_fields = {
        "PrevisitRequest", "a pre-visit intake asked of the patient, by link",
        request};

static const struct br_field confirm[] = {
        {.key = "episode_id",
         .type = BR_FT_ID,
         .doc = "the episode whose intake the answers become (default: "
                "the patient's open episode)"},
        {.key = "date",
         .type = BR_FT_DATE,
         .doc = "the day of the intake (default: today)"},
        {.key = NULL}};
const struct br_fields br_previsit_confirm_fields = {
        "PrevisitConfirm",
        "the practitioner confirms the patient's answers as the intake",
        confirm};
