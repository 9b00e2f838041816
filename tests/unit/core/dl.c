/*
 * dl.c - unit tests of core/dl.c: a library and its functions resolved
 * once, and the one-sentence errors for a library that is missing and for
 * one that lacks a function.  libm.so.6 stands in for an optional library
 * (it is on every glibc system).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/dl.h"

static __typeof__(cos) *sym_cos;
static __typeof__(sqrt) *sym_sqrt;
static void (*sym_br_no_such_function)(void);

static void
test_load(void **state)
{
	static const struct br_dl_sym syms[] = {
	        {BR_DL_SYM(cos)},
	        {BR_DL_SYM(sqrt)},
	        {NULL, NULL},
	};
	static struct br_dl_lib lib = {
	        .soname = "libm.so.6",
	        .package = "libc6",
	        .feature = "the test",
	        .syms = syms,
	};
	struct br_err err = BR_ERR_INIT;

	(void)state;
	assert_false(br_dl_loaded(&lib));
	assert_null(sym_cos);
	assert_int_equal(br_dl_load(&lib, &err), 0);
	assert_int_equal(err.code, 0);
	assert_true(br_dl_loaded(&lib));
	assert_non_null(sym_cos);
	assert_true(sym_cos(0.0) == 1.0);
	assert_true(sym_sqrt(16.0) == 4.0);
	/* Once: the second call finds it loaded. */
	assert_int_equal(br_dl_load(&lib, NULL), 0);
}

static void
test_missing(void **state)
{
	static const struct br_dl_sym syms[] = {
	        {BR_DL_SYM(cos)},
	        {NULL, NULL},
	};
	static struct br_dl_lib lib = {
	        .soname = "libbr-no-such-library.so.0",
	        .package = "libbr-no-such-library0",
	        .feature = "the PDF report",
	        .syms = syms,
	};
	struct br_err err = BR_ERR_INIT;

	(void)state;
	assert_int_equal(br_dl_load(&lib, &err), BR_EIO);
	assert_int_equal(err.code, BR_EIO);
	assert_non_null(strstr(err.msg, "the PDF report needs "
	                                "libbr-no-such-library.so.0, which "
	                                "cannot be loaded ("));
	assert_non_null(strstr(err.msg, "); install the Debian package "
	                                "libbr-no-such-library0"));
	assert_null(strchr(err.msg, '\n'));
	assert_false(br_dl_loaded(&lib));
	/* The failure is remembered: the same sentence, not a new try. */
	br_err_clear(&err);
	assert_int_equal(br_dl_load(&lib, &err), BR_EIO);
	assert_non_null(strstr(err.msg, "install the Debian package"));
	assert_int_equal(br_dl_load(&lib, NULL), BR_EIO);
}

static void
test_lacks_function(void **state)
{
	static const struct br_dl_sym syms[] = {
	        {BR_DL_SYM(cos)},
	        {BR_DL_SYM(br_no_such_function)},
	        {NULL, NULL},
	};
	static struct br_dl_lib lib = {
	        .soname = "libm.so.6",
	        .package = "libc6",
	        .feature = "the test",
	        .syms = syms,
	};
	struct br_err err = BR_ERR_INIT;

	(void)state;
	assert_int_equal(br_dl_load(&lib, &err), BR_EIO);
	assert_non_null(strstr(err.msg, "the test needs br_no_such_function "
	                                "from libm.so.6, which this copy of "
	                                "it lacks ("));
	assert_non_null(strstr(err.msg, "install the Debian package libc6"));
	assert_false(br_dl_loaded(&lib));
	/* None of the table's pointers is left set. */
	assert_null(sym_cos);
	assert_null(sym_br_no_such_function);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_lacks_function),
	        cmocka_unit_test(test_missing),
	        cmocka_unit_test(test_load),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
