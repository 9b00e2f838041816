/*
 * fuzz_forwarded.c - libFuzzer target for the client address behind
 * trusted proxies (src/http/proxy.c): X-Forwarded-For and Forwarded
 * header values and --trusted-proxy ranges.
 *
 * Input: the first byte picks the header (even: X-Forwarded-For, odd:
 * Forwarded); up to the first newline is a range to parse, the rest is
 * the header value.  Invariants checked: the client is an address whose
 * text form parses back to itself; a refused range has a sentence
 * naming the option.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/proxy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct br_err err = BR_ERR_INIT;
	struct br_cidr trusted[2];
	struct br_ip peer, out, again;
	char *buf, *nl, text[64];
	int n = 1;

	if (size < 1 || size > 16384)
		return 0;
	buf = malloc(size);
	if (buf == NULL)
		return 0;
	memcpy(buf, data + 1, size - 1);
	buf[size - 1] = '\0';
	if (br_cidr_parse("10.0.0.0/8", &trusted[0], &err) != 0)
		abort();
	nl = strchr(buf, '\n');
	if (nl) {
		*nl = '\0';
		if (br_cidr_parse(buf, &trusted[1], &err) == 0)
			n = 2;
		else if (strstr(err.msg, "--trusted-proxy") == NULL)
			abort();
	}
	if (!br_ip_parse("10.0.0.1", 8, &peer))
		abort();
	br_proxy_client(trusted, n, &peer,
	                data[0] % 2 ? NULL : (nl ? nl + 1 : buf),
	                data[0] % 2 ? (nl ? nl + 1 : buf) : NULL, &out);
	if (out.family != AF_INET && out.family != AF_INET6)
		abort();
	br_ip_format(&out, text, sizeof(text));
	if (!br_ip_parse(text, strlen(text), &again) ||
	    memcmp(&again, &out, sizeof(out)) != 0)
		abort();
	free(buf);
	return 0;
}
