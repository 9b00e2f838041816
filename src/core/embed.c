/*
 * embed.c - lookup in the embedded data table (see embed.h).
 */
#include "core/embed.h"

#include <string.h>

const struct br_embedded_file *
br_embedded_data(const char *name)
{
	for (const struct br_embedded_file *f = br_data_files; f->name; f++)
		if (strcmp(f->name, name) == 0)
			return f;
	return NULL;
}
