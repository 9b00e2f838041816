/*
 * err.c - the error record and the code tables (see err.h).
 */
#include "core/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int
br_error(struct br_err *err, int code, const char *field, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return code;
	err->code = code;
	snprintf(err->field, sizeof(err->field), "%s", field ? field : "");
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return code;
}

void
br_err_clear(struct br_err *err)
{
	if (err == NULL)
		return;
	err->code = 0;
	err->field[0] = '\0';
	err->msg[0] = '\0';
}

const char *
br_strerror(int code)
{
	switch (code) {
	case BR_OK:
		return "ok";
	case BR_EINVAL:
		return "invalid";
	case BR_ENOTFOUND:
		return "not-found";
	case BR_ECONFLICT:
		return "conflict";
	case BR_ETOOBIG:
		return "too-big";
	case BR_EDB:
		return "store";
	case BR_EIO:
		return "io";
	case BR_ENOMEM:
		return "no-memory";
	case BR_EPERM:
		return "forbidden";
	case BR_EBUSY:
		return "busy";
	}
	return "unknown";
}

int
br_err_exit_status(int code)
{
	switch (code) {
	case BR_OK:
		return 0;
	case BR_EINVAL:
	case BR_ENOTFOUND:
	case BR_ECONFLICT:
	case BR_ETOOBIG:
		return 2;
	}
	return 1;
}
