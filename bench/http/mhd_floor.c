/*
 * mhd_floor.c - the ceiling for bench/http: the smallest useful
 * libmicrohttpd server, configured like `backrest serve` (internal thread
 * pool, epoll, same pool size and connection limits), answering every
 * request with a fixed small JSON body.  Whatever backrest spends beyond
 * this is routing, sessions, JSON, SQLite and the audit log.
 *
 *   mhd_floor [THREADS]   prints "listening on http://127.0.0.1:PORT",
 *                         serves until SIGINT or SIGTERM
 */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char body[] = "{\"ok\":true}";

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *con, const char *url,
           const char *method, const char *version, const char *upload,
           size_t *upload_size, void **req_cls)
{
	struct MHD_Response *resp = cls;

	(void)url;
	(void)method;
	(void)version;
	(void)upload;
	if (*req_cls == NULL) {
		*req_cls = (void *)1;
		return MHD_YES;
	}
	if (*upload_size > 0) {
		*upload_size = 0;
		return MHD_YES;
	}
	return MHD_queue_response(con, MHD_HTTP_OK, resp);
}

int
main(int argc, char **argv)
{
	struct MHD_Daemon *d;
	struct MHD_Response *resp;
	const union MHD_DaemonInfo *info;
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned threads = n < 2 ? 2 : (unsigned)n;
	struct sockaddr_in sa;
	sigset_t set;
	int sig;

	if (argc > 1)
		threads = (unsigned)strtoul(argv[1], NULL, 10);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	resp = MHD_create_response_from_buffer(strlen(body), (void *)body,
	                                       MHD_RESPMEM_PERSISTENT);
	MHD_add_response_header(resp, "Content-Type",
	                        "application/json; charset=utf-8");
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	d = MHD_start_daemon(
	        MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_ERROR_LOG, 0, NULL, NULL,
	        on_request, resp, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
	        MHD_OPTION_THREAD_POOL_SIZE, threads,
	        MHD_OPTION_CONNECTION_LIMIT, (unsigned)512,
	        MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)128,
	        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30, MHD_OPTION_END);
	if (d == NULL) {
		fprintf(stderr, "mhd_floor: cannot start\n");
		return 1;
	}
	info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	printf("listening on http://127.0.0.1:%u\n", info ? info->port : 0);
	fflush(stdout);
	sigwait(&set, &sig);
	MHD_stop_daemon(d);
	MHD_destroy_response(resp);
	return 0;
}
