/*
 * fields.c - option placeholders from the model's field tables (see
 * fields.h).
 */
#include "cli/fields.h"

#include <stdio.h>

static void
join(const char *const *values, const char *sep, char *out, size_t n)
{
	size_t len = 0;

	out[0] = '\0';
	for (const char *const *v = values; v && *v && len < n; v++)
		len += (size_t)snprintf(out + len, n - len, "%s%s",
		                        v == values ? "" : sep, *v);
}

bool
br_cli_field_describe(const struct br_fields *t, const char *key, char *value,
                      size_t n, const char **help)
{
	const struct br_field *f = br_fields_find(t, key);
	char list[160];

	if (f == NULL)
		return false;
	*help = f->doc;
	switch (f->type) {
	case BR_FT_ID:
		snprintf(value, n, "ID");
		break;
	case BR_FT_INT:
		if (f->min == 0 && f->max == 0)
			snprintf(value, n, "N");
		else if (f->max >= 1e9)
			snprintf(value, n, "%.0f-", f->min);
		else
			snprintf(value, n, "%.0f-%.0f", f->min, f->max);
		break;
	case BR_FT_NUM:
		if (f->min == 0 && f->max == 0)
			snprintf(value, n, "NUMBER");
		else
			snprintf(value, n, "%g-%g", f->min, f->max);
		break;
	case BR_FT_DATE:
		snprintf(value, n, "YYYY-MM-DD");
		break;
	case BR_FT_CLOCK:
		snprintf(value, n, "HH:MM");
		break;
	case BR_FT_BOOL:
		snprintf(value, n, "yes|no");
		break;
	case BR_FT_ENUM:
		if (f->values)
			join(f->values, "|", value, n);
		else
			snprintf(value, n, "CODE");
		break;
	case BR_FT_LIST:
		if (f->values) {
			join(f->values, "|", list, sizeof(list));
			snprintf(value, n, "%s[,...]", list);
		} else {
			snprintf(value, n, "CODE[,...]");
		}
		break;
	case BR_FT_CODES:
		snprintf(value, n, "CODE,CODE,...");
		break;
	case BR_FT_TEXT:
	case BR_FT_OBJECT:
	case BR_FT_ARRAY:
		snprintf(value, n, "TEXT");
		break;
	}
	return true;
}
