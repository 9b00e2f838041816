/*
 * parse.h - strict parsing of outside input: calendar dates, clock times,
 * bounded integers and decimals, and names from a fixed list.
 *
 * Every parser takes the name of the field it parses so that a failure
 * fills err with one sentence naming the field and the offending value
 * (shortened and with control characters replaced, so a message never
 * carries more than what was typed into that field).  Pure functions: no
 * allocation, no I/O.
 *
 * Dates are day numbers: days since 1970-01-01 (negative before), so date
 * arithmetic is integer arithmetic.  Clock times are minutes after
 * midnight, 0..1439.
 */
#ifndef BR_CORE_PARSE_H
#define BR_CORE_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

#define BR_DATE_LEN 11 /* "YYYY-MM-DD" and its NUL */

/* Day number of a proleptic Gregorian date (month 1-12, day 1-31). */
int32_t br_days_from_civil(int year, int month, int day);
/* The inverse of br_days_from_civil. */
void br_civil_from_days(int32_t days, int *year, int *month, int *day);
/* True when y-m-d is a real calendar date. */
bool br_date_valid(int year, int month, int day);

/* Parses "YYYY-MM-DD" (exactly) into a day number. */
int br_parse_date(const char *field, const char *s, int32_t *out,
                  struct br_err *err);
/* Writes "YYYY-MM-DD" into out (BR_DATE_LEN bytes). */
void br_format_date(int32_t day, char out[BR_DATE_LEN]);

/* Parses "HH:MM" (24 h, exactly two digits each) into minutes. */
int br_parse_clock(const char *field, const char *s, int *out,
                   struct br_err *err);
/* Writes "HH:MM" into out (6 bytes); minutes must be 0..1439. */
void br_format_clock(int minutes, char out[6]);

/* Parses a whole decimal number in [min, max]. */
int br_parse_long(const char *field, const char *s, long min, long max,
                  long *out, struct br_err *err);
/* Parses a finite decimal number in [min, max]. */
int br_parse_double(const char *field, const char *s, double min, double max,
                    double *out, struct br_err *err);
/* Finds s in names (a NULL-terminated list) and stores its index. */
int br_parse_enum(const char *field, const char *s, const char *const *names,
                  int *out, struct br_err *err);

/* Copies s into out for quoting in a message: at most 40 characters,
 * control and non-ASCII bytes replaced by '?', "..." when shortened. */
void br_quote_value(const char *s, char *out, size_t outlen);

/* Today's date in local time, as a day number. */
int32_t br_today_local(void);

#endif
