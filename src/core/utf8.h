/*
 * utf8.h - decoding UTF-8 text and classifying its characters, for the
 * checks of names written in Chinese characters or in pinyin.
 *
 * Pure: no allocation, no I/O.
 */
#ifndef BR_CORE_UTF8_H
#define BR_CORE_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Decodes the character at s (n bytes available): returns its code point
 * and sets *len to its length, or returns -1 for invalid UTF-8 (overlong
 * forms, surrogates, values past U+10FFFF, truncated sequences). */
int32_t br_utf8_decode(const char *s, size_t n, size_t *len);

/* True for a CJK unified or compatibility ideograph. */
bool br_utf8_is_han(int32_t cp);

/* True when s is valid UTF-8 made of Han characters (at least one),
 * spaces and middle dots. */
bool br_utf8_all_han(const char *s);

/* True when s is valid UTF-8 made of Latin letters (with or without
 * diacritics, as in tone-marked pinyin), tone digits 1-5, spaces,
 * hyphens and apostrophes, with at least one letter. */
bool br_utf8_is_pinyin(const char *s);

/* Writes s folded for matching names into out (n bytes, NUL-terminated,
 * cut at a character boundary): Latin letters lower-cased and without
 * their accents ("Élodie" -> "elodie", "Straße" -> "strasse"), combining
 * accents dropped, runs of spaces made one, no space at either end;
 * other characters (Han, Greek ...) kept as they are; invalid bytes are
 * '?'.  Returns the length written. */
size_t br_utf8_fold(const char *s, char *out, size_t n);

#endif
