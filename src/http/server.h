/*
 * server.h - `backrest serve`: the JSON API (api.h) on libmicrohttpd.
 *
 * Threads: MHD's internal thread pool (MHD_USE_AUTO_INTERNAL_THREAD, epoll
 * on Linux); the handler runs on the pool thread that owns the
 * connection, and each pool thread lazily opens its own store connection
 * (an SQLite connection is never shared between threads).
 * Limits: connections, connections per address, a 30 s idle timeout, a
 * per-connection memory cap (headers), and BR_BODY_MAX for bodies, checked
 * against Content-Length before reading and again while reading.  Behind
 * trusted proxies (proxy.h) the per-address cap counts the real client's
 * requests in flight, and a proxy's own connections are not capped.
 *
 * HTTPS is libmicrohttpd's (GnuTLS): TLS 1.2 and 1.3 with AEAD ciphers
 * and forward-secret key exchange only (BR_TLS_PRIORITIES).
 */
#ifndef BR_HTTP_SERVER_H
#define BR_HTTP_SERVER_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"
#include "http/api.h"

struct br_server_config {
	const char *db_path; /* borrowed for the server's lifetime */
	const char *listen; /* "ADDR:PORT", "[V6ADDR]:PORT"; port 0 picks one */
	unsigned threads;   /* pool size, 0 = number of CPUs (at least 2) */
	struct br_api api;

	/* HTTPS: PEM files of the certificate (chain) and its private key,
	 * both or neither.  The key must be private to its owner (no group
	 * or other permission bits).  With them the session cookie is
	 * Secure and __Host- and every response carries HSTS. */
	const char *tls_cert;
	const char *tls_key;
	/* Plain HTTP on an address other than loopback; refused without. */
	bool insecure_http;
	/* --trusted-proxy ranges, "ADDR[/BITS]" (borrowed), see proxy.h. */
	const char *const *trusted_proxies;
	int n_trusted_proxies;
};

/* The GnuTLS priority string of the HTTPS server. */
#define BR_TLS_PRIORITIES                                                      \
	"SECURE128:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2:-CIPHER-ALL:"           \
	"+AES-256-GCM:+AES-128-GCM:+CHACHA20-POLY1305:-MAC-ALL:+AEAD:"         \
	"-KX-ALL:+ECDHE-ECDSA:+ECDHE-RSA:%SERVER_PRECEDENCE"

struct br_server;

/* Starts serving; *out is the running server.  The store at db_path must
 * already be migrated (the caller opened it once).  Refuses (BR_EINVAL,
 * one sentence naming the option) a bad --trusted-proxy, half of a
 * certificate and key, a key other users may read, and plain HTTP on an
 * address other than loopback without insecure_http. */
int br_server_start(const struct br_server_config *cfg, struct br_server **out,
                    struct br_err *err);
/* True when it serves HTTPS. */
bool br_server_tls(const struct br_server *srv);
/* The bound port (useful with port 0). */
unsigned br_server_port(const struct br_server *srv);
/* Stops the daemon, then closes every thread's store. */
void br_server_stop(struct br_server *srv);

#endif
