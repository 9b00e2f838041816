/*
 * fuzz_sleep_oura.c - libFuzzer driver for the sleep reader of
 * an Oura API answer of sleep documents (interop/sleep_read_api.c), then the
 * nights derived from what it kept (core/sleep_device.c).  Corpus:
 * fuzz/corpus/sleep_oura.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "interop/sleep_import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct br_err err = BR_ERR_INIT;
	struct br_sleep_read r;
	struct br_device_night *nights = NULL;
	size_t n = 0;
	FILE *f;

	if (size == 0)
		return 0;
	f = fmemopen((void *)data, size, "rb");
	if (f == NULL)
		return 0;
	br_sleep_read_init(&r);
	if (br_sleep_read(&r, "oura", f, &err) == 0 &&
	    br_sleep_nights(r.p, r.n, &nights, &n, &err) == 0)
		free(nights);
	br_sleep_read_free(&r);
	fclose(f);
	return 0;
}
