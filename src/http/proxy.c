/*
 * proxy.c - client addresses behind trusted proxies (see proxy.h).
 */
#include "http/proxy.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const unsigned char mapped_prefix[12] = {0, 0, 0, 0, 0,    0,
                                                0, 0, 0, 0, 0xff, 0xff};

static void
unmap(struct br_ip *ip)
{
	if (ip->family == AF_INET6 &&
	    memcmp(ip->b, mapped_prefix, sizeof(mapped_prefix)) == 0) {
		memmove(ip->b, ip->b + 12, 4);
		memset(ip->b + 4, 0, 12);
		ip->family = AF_INET;
	}
}

/* Parses exactly the NUL-terminated text s as a bare address. */
static bool
parse_bare(const char *s, struct br_ip *out)
{
	memset(out, 0, sizeof(*out));
	if (inet_pton(AF_INET, s, out->b) == 1) {
		out->family = AF_INET;
		return true;
	}
	if (inet_pton(AF_INET6, s, out->b) == 1) {
		out->family = AF_INET6;
		unmap(out);
		return true;
	}
	memset(out, 0, sizeof(*out));
	return false;
}

static bool
all_digits(const char *s, size_t n)
{
	if (n == 0 || n > 5)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

bool
br_ip_parse(const char *s, size_t n, struct br_ip *out)
{
	char buf[64];
	const char *colon;

	memset(out, 0, sizeof(*out));
	while (n > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n >= 2 && s[0] == '"' && s[n - 1] == '"') {
		s++;
		n -= 2;
	}
	if (n == 0 || n >= sizeof(buf))
		return false;
	if (s[0] == '[') {
		const char *close = memchr(s, ']', n);
		size_t rest;

		if (close == NULL)
			return false;
		rest = n - (size_t)(close + 1 - s);
		if (rest != 0 &&
		    !(close[1] == ':' && all_digits(close + 2, rest - 1)))
			return false;
		n = (size_t)(close - s - 1);
		s++;
		if (n == 0 || n >= sizeof(buf))
			return false;
		memcpy(buf, s, n);
		buf[n] = '\0';
		return strchr(buf, ':') != NULL && parse_bare(buf, out);
	}
	memcpy(buf, s, n);
	buf[n] = '\0';
	/* "1.2.3.4:80": one colon is a port; more make an IPv6 address. */
	colon = strchr(buf, ':');
	if (colon && strchr(colon + 1, ':') == NULL) {
		if (!all_digits(colon + 1, strlen(colon + 1)))
			return false;
		buf[colon - buf] = '\0';
		return parse_bare(buf, out) && out->family == AF_INET;
	}
	return parse_bare(buf, out);
}

int
br_cidr_parse(const char *s, struct br_cidr *out, struct br_err *err)
{
	char buf[64];
	const char *slash = strchr(s, '/');
	size_t n = slash ? (size_t)(slash - s) : strlen(s);
	int max;

	memset(out, 0, sizeof(*out));
	if (n == 0 || n >= sizeof(buf))
		goto bad;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (!parse_bare(buf, &out->ip))
		goto bad;
	max = out->ip.family == AF_INET ? 32 : 128;
	out->bits = max;
	if (slash) {
		char *end = NULL;
		long bits;

		if (!all_digits(slash + 1, strlen(slash + 1)))
			goto bad;
		bits = strtol(slash + 1, &end, 10);
		/* A mapped address was written as IPv6: its bits count
		 * the 96 of the prefix. */
		if (out->ip.family == AF_INET && strchr(buf, ':'))
			bits -= 96;
		if (bits < 0 || bits > max)
			goto bad;
		out->bits = (int)bits;
	}
	return 0;
bad:
	return br_error(err, BR_EINVAL, "trusted-proxy",
	                "--trusted-proxy must be an address or a range such "
	                "as 10.0.0.1, 10.0.0.0/8 or fd00::/8, not '%.64s'",
	                s);
}

bool
br_ip_from_sockaddr(const struct sockaddr *sa, struct br_ip *out)
{
	memset(out, 0, sizeof(*out));
	if (sa && sa->sa_family == AF_INET) {
		out->family = AF_INET;
		memcpy(out->b, &((const struct sockaddr_in *)sa)->sin_addr, 4);
		return true;
	}
	if (sa && sa->sa_family == AF_INET6) {
		out->family = AF_INET6;
		memcpy(out->b, &((const struct sockaddr_in6 *)sa)->sin6_addr,
		       16);
		unmap(out);
		return true;
	}
	return false;
}

bool
br_ip_in(const struct br_cidr *ranges, int n, const struct br_ip *ip)
{
	for (int i = 0; i < n; i++) {
		const struct br_cidr *r = &ranges[i];
		int full = r->bits / 8, rest = r->bits % 8;

		if (r->ip.family != ip->family)
			continue;
		if (memcmp(r->ip.b, ip->b, (size_t)full) != 0)
			continue;
		if (rest &&
		    ((r->ip.b[full] ^ ip->b[full]) & (0xff << (8 - rest))) != 0)
			continue;
		return true;
	}
	return false;
}

bool
br_ip_is_loopback(const struct br_ip *ip)
{
	static const unsigned char v6[16] = {[15] = 1};

	if (ip->family == AF_INET)
		return ip->b[0] == 127;
	return ip->family == AF_INET6 && memcmp(ip->b, v6, 16) == 0;
}

void
br_ip_format(const struct br_ip *ip, char *out, size_t len)
{
	if (ip->family == 0 ||
	    inet_ntop(ip->family, ip->b, out, (socklen_t)len) == NULL)
		snprintf(out, len, "unknown");
}

/* The address of the Forwarded element s[0..n): its "for" parameter. */
static bool
forwarded_for(const char *s, size_t n, struct br_ip *out)
{
	const char *end = s + n;

	while (s < end) {
		const char *semi = memchr(s, ';', (size_t)(end - s));
		const char *pe = semi ? semi : end;

		while (s < pe && (*s == ' ' || *s == '\t'))
			s++;
		if (pe - s > 4 && strncasecmp(s, "for=", 4) == 0)
			return br_ip_parse(s + 4, (size_t)(pe - s - 4), out);
		s = semi ? semi + 1 : end;
	}
	return false;
}

void
br_proxy_client(const struct br_cidr *trusted, int n, const struct br_ip *peer,
                const char *xff, const char *forwarded, struct br_ip *out)
{
	const char *list = xff ? xff : forwarded;
	const char *end;

	*out = *peer;
	if (list == NULL || !br_ip_in(trusted, n, peer))
		return;
	/* From the right: each entry was written by the hop to its right,
	 * and only trusted hops are believed. */
	end = list + strlen(list);
	while (end > list) {
		const char *start = end;
		struct br_ip ip;
		bool ok;

		while (start > list && start[-1] != ',')
			start--;
		ok = xff ? br_ip_parse(start, (size_t)(end - start), &ip)
		         : forwarded_for(start, (size_t)(end - start), &ip);
		if (!ok)
			return;
		*out = ip;
		if (!br_ip_in(trusted, n, &ip))
			return;
		end = start > list ? start - 1 : list;
	}
}
