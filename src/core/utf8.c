/*
 * utf8.c - UTF-8 decoding and character classes (see utf8.h).
 */
#include "core/utf8.h"

#include <string.h>

int32_t
br_utf8_decode(const char *s, size_t n, size_t *len)
{
	const unsigned char *u = (const unsigned char *)s;
	int32_t cp, min;
	size_t need;

	if (n == 0)
		return -1;
	if (u[0] < 0x80) {
		*len = 1;
		return u[0];
	}
	if ((u[0] & 0xe0) == 0xc0) {
		need = 2;
		cp = u[0] & 0x1f;
		min = 0x80;
	} else if ((u[0] & 0xf0) == 0xe0) {
		need = 3;
		cp = u[0] & 0x0f;
		min = 0x800;
	} else if ((u[0] & 0xf8) == 0xf0) {
		need = 4;
		cp = u[0] & 0x07;
		min = 0x10000;
	} else {
		return -1;
	}
	if (n < need)
		return -1;
	for (size_t i = 1; i < need; i++) {
		if ((u[i] & 0xc0) != 0x80)
			return -1;
		cp = (cp << 6) | (u[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return -1;
	*len = need;
	return cp;
}

bool
br_utf8_is_han(int32_t cp)
{
	return (cp >= 0x3400 && cp <= 0x4dbf) ||   /* extension A */
	       (cp >= 0x4e00 && cp <= 0x9fff) ||   /* unified */
	       (cp >= 0xf900 && cp <= 0xfaff) ||   /* compatibility */
	       (cp >= 0x20000 && cp <= 0x2fa1f) || /* extensions B- */
	       cp == 0x3007;                       /* ideographic zero */
}

bool
br_utf8_all_han(const char *s)
{
	size_t n = strlen(s), len;
	bool han = false;

	for (size_t i = 0; i < n; i += len) {
		int32_t cp = br_utf8_decode(s + i, n - i, &len);

		if (cp < 0)
			return false;
		if (br_utf8_is_han(cp))
			han = true;
		else if (cp != ' ' && cp != 0x3000 && cp != 0xb7 &&
		         cp != 0x30fb)
			return false;
	}
	return han;
}

bool
br_utf8_is_pinyin(const char *s)
{
	size_t n = strlen(s), len;
	bool letter = false;

	for (size_t i = 0; i < n; i += len) {
		int32_t cp = br_utf8_decode(s + i, n - i, &len);
		bool is_letter =
		        (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
		        (cp >= 0xc0 && cp <= 0x24f && cp != 0xd7 && cp != 0xf7);

		if (cp < 0)
			return false;
		if (is_letter)
			letter = true;
		else if (!((cp >= '1' && cp <= '5') || cp == ' ' || cp == '-' ||
		           cp == '\'' || cp == 0x2019 ||
		           (cp >= 0x300 && cp <= 0x36f)))
			return false;
	}
	return letter;
}

/* The base letters of U+00C0..U+017F: '*' for the two-letter ones (see
 * wide()), '-' for a character that is not a letter (kept). */
static const char latin[] = "aaaaaa*ceeeeiiii"
                            "dnooooo-ouuuuy**"
                            "aaaaaa*ceeeeiiii"
                            "dnooooo-ouuuuy*y"
                            "aaaaaaccccccccddddeeeeeeeeeegggggggghhhh"
                            "iiiiiiiiii**jjkkkllllllllllnnnnnnnnnoooooo"
                            "**rrrrrrsssssssstttttt"
                            "uuuuuuuuuuuuwwyyyzzzzzzs";

static const char *
wide(int32_t cp)
{
	switch (cp) {
	case 0xc6:
	case 0xe6:
		return "ae";
	case 0xde:
	case 0xfe:
		return "th";
	case 0xdf:
		return "ss";
	case 0x132:
	case 0x133:
		return "ij";
	default:
		return "oe"; /* U+0152, U+0153 */
	}
}

size_t
br_utf8_fold(const char *s, char *out, size_t n)
{
	size_t o = 0, i = 0, len = strlen(s), k;
	bool space = true; /* drops leading and repeated spaces */

	if (n == 0)
		return 0;
	while (i < len) {
		int32_t cp = br_utf8_decode(s + i, len - i, &k);
		char one[2] = {0, 0};
		const char *add = one;
		size_t m;

		if (cp < 0) {
			k = 1;
			cp = '?';
		}
		if (cp == ' ' || cp == '\t' || cp == '\n' || cp == 0xa0) {
			add = space ? "" : " ";
			space = true;
		} else if (cp >= 0x300 && cp <= 0x36f) {
			add = ""; /* a combining accent */
		} else {
			space = false;
			if (cp >= 'A' && cp <= 'Z')
				one[0] = (char)(cp - 'A' + 'a');
			else if (cp < 0x80)
				one[0] = (char)cp;
			else if (cp >= 0xc0 && cp <= 0x17f &&
			         latin[cp - 0xc0] == '*')
				add = wide(cp);
			else if (cp >= 0xc0 && cp <= 0x17f &&
			         latin[cp - 0xc0] != '-')
				one[0] = latin[cp - 0xc0];
			else
				add = NULL; /* copied as it is */
		}
		m = add ? strlen(add) : k;
		if (o + m >= n)
			break;
		memcpy(out + o, add ? add : s + i, m);
		o += m;
		i += k;
	}
	while (o > 0 && out[o - 1] == ' ')
		o--;
	out[o] = '\0';
	return o;
}
