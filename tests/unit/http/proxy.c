/*
 * proxy.c - client addresses behind trusted proxies (src/http/proxy.c):
 * ranges, address forms, and the right-most-untrusted rule for
 * X-Forwarded-For and Forwarded.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "http/proxy.h"

static struct br_cidr trusted[4];
static int n_trusted;

static void
trust(const char *s)
{
	struct br_err err = BR_ERR_INIT;

	assert_int_equal(br_cidr_parse(s, &trusted[n_trusted++], &err), 0);
}

static int
setup(void **state)
{
	(void)state;
	n_trusted = 0;
	trust("10.0.0.0/8");
	trust("127.0.0.1");
	trust("fd00::/8");
	return 0;
}

/* The client of a request from peer with these headers, as text. */
static const char *
client(const char *peer, const char *xff, const char *fwd)
{
	static char out[64];
	struct br_ip p, c;

	assert_true(br_ip_parse(peer, strlen(peer), &p));
	br_proxy_client(trusted, n_trusted, &p, xff, fwd, &c);
	br_ip_format(&c, out, sizeof(out));
	return out;
}

static void
test_ranges(void **state)
{
	struct br_err err = BR_ERR_INIT;
	struct br_cidr c;
	struct br_ip ip;

	(void)state;
	assert_true(br_ip_parse("10.255.0.1", 10, &ip));
	assert_true(br_ip_in(trusted, n_trusted, &ip));
	assert_true(br_ip_parse("11.0.0.1", 8, &ip));
	assert_false(br_ip_in(trusted, n_trusted, &ip));
	assert_true(br_ip_parse("127.0.0.2", 9, &ip));
	assert_false(br_ip_in(trusted, n_trusted, &ip));
	assert_true(br_ip_parse("fdff::1", 7, &ip));
	assert_true(br_ip_in(trusted, n_trusted, &ip));
	assert_true(br_ip_parse("fe00::1", 7, &ip));
	assert_false(br_ip_in(trusted, n_trusted, &ip));
	/* An IPv4-mapped address is the IPv4 address. */
	assert_true(br_ip_parse("::ffff:10.1.2.3", 15, &ip));
	assert_int_equal(ip.family, AF_INET);
	assert_true(br_ip_in(trusted, n_trusted, &ip));
	/* Odd prefix lengths. */
	assert_int_equal(br_cidr_parse("192.168.0.0/23", &c, &err), 0);
	assert_true(br_ip_parse("192.168.1.200", 13, &ip));
	assert_true(br_ip_in(&c, 1, &ip));
	assert_true(br_ip_parse("192.168.2.1", 11, &ip));
	assert_false(br_ip_in(&c, 1, &ip));
	assert_int_equal(br_cidr_parse("0.0.0.0/0", &c, &err), 0);
	assert_true(br_ip_in(&c, 1, &ip));
	/* Refused, with a sentence naming the option. */
	const char *bad[] = {"10.0.0.0/33", "fd00::/129",   "10.0.0.0/",
	                     "10.0.0.0/8x", "host.example", "",
	                     "1.2.3.4:80",  "10.0.0.0/-1"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		br_err_clear(&err);
		assert_int_equal(br_cidr_parse(bad[i], &c, &err), BR_EINVAL);
		assert_string_equal(err.field, "trusted-proxy");
		assert_non_null(strstr(err.msg, "--trusted-proxy"));
	}
}

static void
test_address_forms(void **state)
{
	struct br_ip ip;
	char out[64];
	const char *good[][2] = {
	        {"192.0.2.1", "192.0.2.1"},
	        {" 192.0.2.1:8080 ", "192.0.2.1"},
	        {"\"192.0.2.1\"", "192.0.2.1"},
	        {"2001:db8::1", "2001:db8::1"},
	        {"[2001:db8::1]", "2001:db8::1"},
	        {"[2001:db8::1]:443", "2001:db8::1"},
	        {"\"[2001:db8::1]:443\"", "2001:db8::1"},
	};
	const char *bad[] = {"unknown",     "_hidden",         "192.0.2.1:http",
	                     "[192.0.2.1]", "[2001:db8::1",    "",
	                     "\"\"",        "192.0.2.1:123456"};

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		assert_true(br_ip_parse(good[i][0], strlen(good[i][0]), &ip));
		br_ip_format(&ip, out, sizeof(out));
		assert_string_equal(out, good[i][1]);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_false(br_ip_parse(bad[i], strlen(bad[i]), &ip));
	assert_true(br_ip_parse("127.9.9.9", 9, &ip));
	assert_true(br_ip_is_loopback(&ip));
	assert_true(br_ip_parse("::1", 3, &ip));
	assert_true(br_ip_is_loopback(&ip));
	assert_true(br_ip_parse("0.0.0.0", 7, &ip));
	assert_false(br_ip_is_loopback(&ip));
}

static void
test_right_most_untrusted(void **state)
{
	(void)state;
	/* From a peer that is not trusted nothing is believed. */
	assert_string_equal(client("198.51.100.9", "203.0.113.1", NULL),
	                    "198.51.100.9");
	/* A trusted peer: the address it saw. */
	assert_string_equal(client("10.0.0.1", "203.0.113.1", NULL),
	                    "203.0.113.1");
	/* What the client wrote on the left is ignored. */
	assert_string_equal(
	        client("10.0.0.1", "1.1.1.1, 2.2.2.2, 203.0.113.1", NULL),
	        "203.0.113.1");
	/* Trusted hops are skipped. */
	assert_string_equal(
	        client("10.0.0.1", "1.1.1.1, 203.0.113.1, 10.9.9.9", NULL),
	        "203.0.113.1");
	/* Everyone trusted: the left-most. */
	assert_string_equal(client("10.0.0.1", "10.1.1.1, 10.2.2.2", NULL),
	                    "10.1.1.1");
	/* Garbage stops the walk at the last trusted hop. */
	assert_string_equal(client("10.0.0.1", "203.0.113.1, junk", NULL),
	                    "10.0.0.1");
	assert_string_equal(client("10.0.0.1", "1.1.1.1,, 10.2.2.2", NULL),
	                    "10.2.2.2");
	/* No header: the peer. */
	assert_string_equal(client("10.0.0.1", NULL, NULL), "10.0.0.1");
	/* Forwarded, only without X-Forwarded-For. */
	assert_string_equal(
	        client("10.0.0.1", NULL,
	               "for=1.1.1.1, for=\"[2001:db8::7]:443\";proto=https"),
	        "2001:db8::7");
	assert_string_equal(
	        client("10.0.0.1", NULL,
	               "by=10.0.0.1; For=203.0.113.4, for=10.3.3.3"),
	        "203.0.113.4");
	assert_string_equal(
	        client("10.0.0.1", "203.0.113.5", "for=203.0.113.4"),
	        "203.0.113.5");
	assert_string_equal(client("10.0.0.1", NULL, "for=unknown"),
	                    "10.0.0.1");
	assert_string_equal(client("10.0.0.1", NULL, "proto=https"),
	                    "10.0.0.1");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup(test_ranges, setup),
	        cmocka_unit_test_setup(test_address_forms, setup),
	        cmocka_unit_test_setup(test_right_most_untrusted, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
