/*
 * utf8.c - unit tests of core/utf8.c: decoding, and the checks of formula
 * names in Chinese characters and in pinyin.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/utf8.h"

static void
test_decode(void **state)
{
	size_t len = 0;

	(void)state;
	assert_int_equal(br_utf8_decode("A", 1, &len), 'A');
	assert_int_equal(len, 1);
	assert_int_equal(br_utf8_decode("\xc3\xa9", 2, &len), 0xe9);
	assert_int_equal(len, 2);
	assert_int_equal(br_utf8_decode("\xe6\xb1\xa4", 3, &len), 0x6c64);
	assert_int_equal(len, 3);
	assert_int_equal(br_utf8_decode("\xf0\xa0\x80\x80", 4, &len), 0x20000);
	assert_int_equal(len, 4);
	/* Overlong, surrogate, truncated, stray continuation. */
	assert_int_equal(br_utf8_decode("\xc0\xaf", 2, &len), -1);
	assert_int_equal(br_utf8_decode("\xed\xa0\x80", 3, &len), -1);
	assert_int_equal(br_utf8_decode("\xe6\xb1", 2, &len), -1);
	assert_int_equal(br_utf8_decode("\x80", 1, &len), -1);
	assert_int_equal(br_utf8_decode("", 0, &len), -1);
}

static void
test_han(void **state)
{
	(void)state;
	assert_true(br_utf8_all_han("独活寄生汤"));
	assert_true(br_utf8_all_han("正骨水"));
	assert_true(br_utf8_all_han("天王 补心丹"));
	assert_false(br_utf8_all_han(""));
	assert_false(br_utf8_all_han("Du Huo"));
	assert_false(br_utf8_all_han("独活 tang"));
	assert_false(br_utf8_all_han("   "));
	assert_false(br_utf8_all_han("\xe6\xb1"));
}

static void
test_pinyin(void **state)
{
	(void)state;
	assert_true(br_utf8_is_pinyin("Du Huo Ji Sheng Tang"));
	assert_true(br_utf8_is_pinyin("Dú Huó Jì Shēng Tāng"));
	assert_true(br_utf8_is_pinyin("du2 huo2 ji4 sheng1 tang1"));
	assert_true(br_utf8_is_pinyin("Suan Zao Ren Tang"));
	assert_true(br_utf8_is_pinyin("Xi'an"));
	assert_true(br_utf8_is_pinyin("lǜ"));
	assert_false(br_utf8_is_pinyin("独活寄生汤"));
	assert_false(br_utf8_is_pinyin("Tang 9"));
	assert_false(br_utf8_is_pinyin("1 2"));
	assert_false(br_utf8_is_pinyin(""));
	assert_false(br_utf8_is_pinyin("Tang; drop table"));
}

static void
test_fold(void **state)
{
	char out[64];

	(void)state;
	assert_int_equal(br_utf8_fold("  Élodie   DURAND ", out, sizeof(out)),
	                 13);
	assert_string_equal(out, "elodie durand");
	br_utf8_fold("Straße Ærø Œuvre Łódź Zoë", out, sizeof(out));
	assert_string_equal(out, "strasse aero oeuvre lodz zoe");
	/* A combining accent (e + U+0301) folds like the precomposed one. */
	br_utf8_fold("Jose\xcc\x81", out, sizeof(out));
	assert_string_equal(out, "jose");
	/* Other scripts are kept; invalid bytes become '?'. */
	br_utf8_fold("\xe7\x8e\x8b Wei \xff", out, sizeof(out));
	assert_string_equal(out, "\xe7\x8e\x8b wei ?");
	/* Cut at a character boundary. */
	assert_int_equal(br_utf8_fold("ab\xe7\x8e\x8b", out, 5), 2);
	assert_string_equal(out, "ab");
	assert_int_equal(br_utf8_fold("x", out, 0), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_decode),
	        cmocka_unit_test(test_han),
	        cmocka_unit_test(test_pinyin),
	        cmocka_unit_test(test_fold),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
