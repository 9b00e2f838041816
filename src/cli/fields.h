/*
 * fields.h - an option's placeholder and help read from the model's field
 * table of the input its use case takes (model/field.h), so a range or a
 * vocabulary is written once, in the table.
 *
 * A subcommand's describe callback (cli.h) calls br_cli_field_describe
 * with its table; its options then leave value and help NULL.
 */
#ifndef BR_CLI_FIELDS_H
#define BR_CLI_FIELDS_H

#include <stdbool.h>
#include <stddef.h>

#include "model/field.h"

/* The placeholder of key in t into value ("0-10", "worse|same|better",
 * "YYYY-MM-DD", "TEXT" ...) and its doc phrase into *help; false when t
 * does not name key. */
bool br_cli_field_describe(const struct br_fields *t, const char *key,
                           char *value, size_t n, const char **help);

#endif
