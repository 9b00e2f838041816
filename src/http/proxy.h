/*
 * proxy.h - client addresses: parsing ADDR[/BITS] ranges, and finding the
 * real client of a request that came through trusted reverse proxies
 * (`backrest serve --trusted-proxy`).
 *
 * A request's client is its TCP peer, unless the peer is in a trusted
 * range: then the X-Forwarded-For header (or, when it is absent, the
 * Forwarded header of RFC 7239) is read from the right, and the client is
 * the right-most address that is not itself trusted -- the one the
 * nearest trusted proxy saw.  Entries to the left of it were written by
 * the client and are never believed.  Nothing else reads those headers.
 *
 * Pure functions over caller-owned memory; no allocation.
 */
#ifndef BR_HTTP_PROXY_H
#define BR_HTTP_PROXY_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>

#include "core/err.h"

struct br_ip {
	int family;          /* AF_INET or AF_INET6; 0 = none */
	unsigned char b[16]; /* network order; IPv4 in b[0..3] */
};

struct br_cidr {
	struct br_ip ip;
	int bits; /* prefix length */
};

/* Parses "ADDR" or "ADDR/BITS" (IPv4 or IPv6); one sentence naming
 * --trusted-proxy when it is not one. */
int br_cidr_parse(const char *s, struct br_cidr *out, struct br_err *err);

/* The address of a socket; an IPv4-mapped IPv6 address becomes IPv4.
 * False for other families. */
bool br_ip_from_sockaddr(const struct sockaddr *sa, struct br_ip *out);

/* Parses n bytes of text as an address: "1.2.3.4", "1.2.3.4:80",
 * "2001:db8::1", "[2001:db8::1]:80", optionally in double quotes. */
bool br_ip_parse(const char *s, size_t n, struct br_ip *out);

bool br_ip_in(const struct br_cidr *ranges, int n, const struct br_ip *ip);
bool br_ip_is_loopback(const struct br_ip *ip);

/* The text form into out (at least 46 bytes), "unknown" for none. */
void br_ip_format(const struct br_ip *ip, char *out, size_t len);

/*
 * The real client of a request from peer: peer itself unless it is in
 * trusted; else read xff (all X-Forwarded-For values joined by commas,
 * or NULL) or, when xff is NULL, forwarded (the Forwarded values, or
 * NULL) from the right as described above.  An entry that is not an
 * address ("unknown", an obfuscated name, garbage) stops the walk: the
 * client is then the last trusted hop.
 */
void br_proxy_client(const struct br_cidr *trusted, int n,
                     const struct br_ip *peer, const char *xff,
                     const char *forwarded, struct br_ip *out);

#endif
