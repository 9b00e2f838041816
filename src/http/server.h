/*
 * server.h - `backrest serve`: the JSON API (api.h) on libmicrohttpd.
 *
 * Threads: MHD's internal thread pool (MHD_USE_AUTO_INTERNAL_THREAD, epoll
 * on Linux); the handler runs on the pool thread that owns the
 * connection, and each pool thread lazily opens its own store connection
 * (an SQLite connection is never shared between threads).
 * Limits: connections, connections per address, a 30 s idle timeout, a
 * per-connection memory cap (headers), and BR_BODY_MAX for bodies, checked
 * against Content-Length before reading and again while reading.
 */
#ifndef BR_HTTP_SERVER_H
#define BR_HTTP_SERVER_H

#include <stdint.h>

#include "core/err.h"
#include "http/api.h"

struct br_server_config {
	const char *db_path; /* borrowed for the server's lifetime */
	const char *listen; /* "ADDR:PORT", "[V6ADDR]:PORT"; port 0 picks one */
	unsigned threads;   /* pool size, 0 = number of CPUs (at least 2) */
	struct br_api api;
};

struct br_server;

/* Starts serving; *out is the running server.  The store at db_path must
 * already be migrated (the caller opened it once). */
int br_server_start(const struct br_server_config *cfg, struct br_server **out,
                    struct br_err *err);
/* The bound port (useful with port 0). */
unsigned br_server_port(const struct br_server *srv);
/* Stops the daemon, then closes every thread's store. */
void br_server_stop(struct br_server *srv);

#endif
