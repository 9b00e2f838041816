/*
 * err.h - error codes and the error record every fallible function fills.
 *
 * Functions return 0 on success or a negative BR_E* code; detail goes into
 * an optional caller-provided struct br_err.  br_error() fills it and
 * returns the code, so call sites read "return br_error(err, ...)".
 * Messages are one sentence, lowercase, no full stop, problem first; they
 * name the offending field and value and never carry other health data.
 * The CLI maps codes to exit statuses in one place (br_err_exit_status),
 * the HTTP layer to statuses in one place.
 */
#ifndef BR_CORE_ERR_H
#define BR_CORE_ERR_H

enum br_code {
	BR_OK = 0,
	BR_EINVAL = -1,    /* bad input: a value out of range or malformed */
	BR_ENOTFOUND = -2, /* a referenced record does not exist */
	BR_ECONFLICT = -3, /* valid input the current state refuses */
	BR_ETOOBIG = -4,   /* input over a hard size limit */
	BR_EDB = -5,       /* the store failed */
	BR_EIO = -6,       /* a file or system call failed */
	BR_ENOMEM = -7,    /* out of memory */
	BR_EPERM = -8,     /* the caller may not do this */
	BR_EBUSY = -9,     /* the store stayed locked; retry later */
};

struct br_err {
	int code;       /* one of enum br_code; 0 when unset */
	char field[48]; /* the input field at fault, or "" */
	char msg[512];  /* one sentence, see above */
};

#define BR_ERR_INIT                                                            \
	{                                                                      \
		0, "", ""                                                      \
	}

/* Fills err (when not NULL) and returns code. */
int br_error(struct br_err *err, int code, const char *field, const char *fmt,
             ...) __attribute__((format(printf, 4, 5)));

/* Resets err to "no error". */
void br_err_clear(struct br_err *err);

/* Short name of a code ("invalid", "not-found", ...), never NULL. */
const char *br_strerror(int code);

/* Exit status for the command-line contract: 2 for bad input (invalid,
 * not found, conflict, too big), 1 for any other failure, 0 for 0. */
int br_err_exit_status(int code);

#endif
