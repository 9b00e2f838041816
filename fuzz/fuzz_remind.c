/*
 * fuzz_remind.c - libFuzzer target for what reminders read from outside:
 * the secret of a stop link from an email (app/remind.h), which anyone
 * may send to the public stop route, and the mail server's URL
 * (app/smtp.h).
 *
 * Input: the first byte picks the parser (even: stop link, odd: URL); the
 * rest is the text.  Invariants checked: an accepted link has a positive
 * patient id whose digits start it, and a 64-digit lower-case hash; an
 * accepted URL keeps no user name or password in the URL libcurl gets,
 * names a host, and is smtp:// or smtps://; a refused URL has a sentence
 * naming the option.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/remind.h"
#include "app/smtp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct br_err err = BR_ERR_INIT;
	struct br_smtp c;
	char *buf, hash[65], digits[24];
	int64_t pid = 0;

	if (size < 1 || size > 4096)
		return 0;
	buf = malloc(size);
	if (buf == NULL)
		return 0;
	memcpy(buf, data + 1, size - 1);
	buf[size - 1] = '\0';
	if (data[0] % 2 == 0) {
		if (br_remind_token_parse(buf, &pid, hash) == 0) {
			snprintf(digits, sizeof(digits), "%lld.",
			         (long long)pid);
			if (pid <= 0 || strncmp(buf, digits, strlen(digits)) ||
			    strlen(hash) != 64 ||
			    strspn(hash, "0123456789abcdef") != 64)
				abort();
		}
	} else if (br_smtp_config(&c, buf, NULL, "reminders@clinic.example",
	                          &err) == 0) {
		if (strchr(c.url, '@') || !c.host[0] ||
		    (strncmp(c.url, "smtp://", 7) &&
		     strncmp(c.url, "smtps://", 8)))
			abort();
		br_smtp_clear(&c);
	} else if (strstr(err.msg, "smtp") == NULL) {
		abort();
	}
	free(buf);
	return 0;
}
