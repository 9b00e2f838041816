/*
 * invite_qr.c - unit tests of the QR code a one-time link is drawn as
 * (app/invitations.h br_invite_qr_svg): a square SVG whose size is a QR
 * version's (17 + 4v modules) plus the quiet zone of 4 on every side, the
 * three finder patterns where ISO/IEC 18004 puts them, and nothing but
 * the modules' rectangles (no text of the link in the document).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "app/invitations.h"

static const char link[] = "https://clinic.example.org/activate#"
                           "MCAvfPscYLvi4Pu5X0AOf-PTmPCOQa9phorEJTcMUHY";

/* The row of 7 dark modules that starts a finder pattern at (x, y). */
static bool
has_run(const char *svg, int x, int y, int len)
{
	char want[48];

	snprintf(want, sizeof(want), "M%d %dh%dv1h-%dz", x, y, len, len);
	return strstr(svg, want) != NULL;
}

static void
test_shape(void **state)
{
	struct br_err err = BR_ERR_INIT;
	char *svg = br_invite_qr_svg(link, &err);
	int w = 0, h = 0, n;

	(void)state;
	assert_non_null(svg);
	assert_int_equal(strncmp(svg, "<svg ", 5), 0);
	assert_non_null(strstr(svg, "</svg>"));
	assert_int_equal(sscanf(strstr(svg, "viewBox=\"0 0 "),
	                        "viewBox=\"0 0 %d %d", &w, &h),
	                 2);
	assert_int_equal(w, h);
	n = w - 8; /* modules without the quiet zone */
	assert_true(n >= 21 && (n - 17) % 4 == 0);
	/* Finder patterns: top left, top right, bottom left; each starts
	 * with a full row of 7 (a run may go on past 7 only into the
	 * timing or format area, so match the run that begins there). */
	assert_true(has_run(svg, 4, 4, 7));
	assert_true(has_run(svg, 4 + n - 7, 4, 7));
	assert_true(has_run(svg, 4, 4 + n - 7, 7));
	/* The document carries the code, not the secret as text. */
	assert_null(strstr(svg, "MCAvfPsc"));
	free(svg);
}

static void
test_too_long(void **state)
{
	struct br_err err = BR_ERR_INIT;
	size_t n = 8000;
	char *s = malloc(n + 1);

	(void)state;
	memset(s, 'a', n);
	s[n] = '\0';
	assert_null(br_invite_qr_svg(s, &err));
	assert_int_equal(err.code, BR_EINVAL);
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_shape),
	        cmocka_unit_test(test_too_long),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
