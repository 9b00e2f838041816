/*
 * server.c - libmicrohttpd glue for the JSON API (see server.h).
 *
 * Request lifecycle: MHD's URI log callback allocates the request record
 * (so the raw request target, query string included, is kept exactly as
 * sent); the access handler collects the body into a buffer capped at
 * BR_BODY_MAX; on the last call the request goes through br_api_handle()
 * with the calling thread's store; the completed callback frees the
 * record.
 *
 * The stores of the pool threads form a store group (store.h): writers
 * take turns at a mutex instead of sleeping in SQLite's busy handler.  On
 * SQLite a checkpointer thread with its own store copies the WAL into the
 * database every CKPT_MS, so no request waits for a checkpoint.
 *
 * libmicrohttpd is not linked: br_server_start() loads it (core/dl.h)
 * before it starts any thread, and every call into it goes through a
 * sym_ pointer; the daemon's threads, and every later call, come after
 * the load.
 */
#include "http/server.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netdb.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "core/dl.h"
#include "core/parse.h"
#include "http/pages.h"
#include "store/store.h"

#define MAX_THREADS 64

/* libmicrohttpd, loaded when the server starts ------------------------ */

static __typeof__(MHD_add_response_header) *sym_MHD_add_response_header;
static __typeof__(MHD_create_response_from_buffer)
        *sym_MHD_create_response_from_buffer;
static __typeof__(MHD_destroy_response) *sym_MHD_destroy_response;
static __typeof__(MHD_get_connection_info) *sym_MHD_get_connection_info;
static __typeof__(MHD_get_daemon_info) *sym_MHD_get_daemon_info;
static __typeof__(MHD_lookup_connection_value) *sym_MHD_lookup_connection_value;
static __typeof__(MHD_queue_response) *sym_MHD_queue_response;
static __typeof__(MHD_start_daemon) *sym_MHD_start_daemon;
static __typeof__(MHD_stop_daemon) *sym_MHD_stop_daemon;

static const struct br_dl_sym mhd_syms[] = {
        {BR_DL_SYM(MHD_add_response_header)},
        {BR_DL_SYM(MHD_create_response_from_buffer)},
        {BR_DL_SYM(MHD_destroy_response)},
        {BR_DL_SYM(MHD_get_connection_info)},
        {BR_DL_SYM(MHD_get_daemon_info)},
        {BR_DL_SYM(MHD_lookup_connection_value)},
        {BR_DL_SYM(MHD_queue_response)},
        {BR_DL_SYM(MHD_start_daemon)},
        {BR_DL_SYM(MHD_stop_daemon)},
        {NULL, NULL},
};

static struct br_dl_lib mhd_lib = {
        .soname = "libmicrohttpd.so.12",
        .package = "libmicrohttpd12",
        .feature = "the web server",
        .syms = mhd_syms,
};

struct br_server {
	struct MHD_Daemon *daemon;
	struct br_server_config cfg;
	unsigned port;
	pthread_mutex_t lock;         /* guards stores */
	struct br_store_group *group; /* the stores' group (store.h) */

	/* The WAL checkpointer (SQLite): a thread with its own store. */
	struct br_store *ckpt_store; /* NULL when there is none */
	pthread_t ckpt_thread;
	pthread_mutex_t ckpt_lock;
	pthread_cond_t ckpt_cond;
	bool ckpt_stop;
	struct br_store *stores[MAX_THREADS];
	int n_stores;
};

struct request {
	char *uri;  /* raw target, owned */
	char *body; /* owned, at most BR_BODY_MAX bytes */
	size_t len;
	bool too_big;
	bool started;
};

static _Thread_local struct br_store *thread_store;

/* The calling pool thread's store, opened on first use. */
static struct br_store *
get_store(struct br_server *srv, struct br_err *err)
{
	struct br_store *s;

	if (thread_store)
		return thread_store;
	if (br_store_open(srv->cfg.db_path, &s, err) < 0)
		return NULL;
	pthread_mutex_lock(&srv->lock);
	if (srv->n_stores == MAX_THREADS) {
		pthread_mutex_unlock(&srv->lock);
		br_store_close(s);
		br_error(err, BR_EIO, "", "too many server threads");
		return NULL;
	}
	srv->stores[srv->n_stores++] = s;
	pthread_mutex_unlock(&srv->lock);
	br_store_group_join(s, srv->group);
	if (srv->ckpt_store)
		br_store_checkpoint_auto(s, false);
	thread_store = s;
	return s;
}

static void *
on_uri(void *cls, const char *uri, struct MHD_Connection *con)
{
	struct request *r = calloc(1, sizeof(*r));

	(void)cls;
	(void)con;
	if (r == NULL)
		return NULL;
	r->uri = strdup(uri ? uri : "");
	if (r->uri == NULL) {
		free(r);
		return NULL;
	}
	return r;
}

static void
on_completed(void *cls, struct MHD_Connection *con, void **req_cls,
             enum MHD_RequestTerminationCode toe)
{
	struct request *r = *req_cls;

	(void)cls;
	(void)con;
	(void)toe;
	if (r == NULL)
		return;
	free(r->uri);
	free(r->body);
	free(r);
	*req_cls = NULL;
}

/* Headers of every response, API and pages alike. */
static void
common_headers(struct MHD_Response *resp, const struct br_server *srv,
               const char *csp)
{
	sym_MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	sym_MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	sym_MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	sym_MHD_add_response_header(resp, "Content-Security-Policy", csp);
	if (srv->cfg.api.secure_cookies)
		sym_MHD_add_response_header(resp, "Strict-Transport-Security",
		                            "max-age=31536000");
}

static void
add_headers(struct MHD_Response *resp, const struct br_server *srv,
            const struct br_http_resp *hr)
{
	char retry[24];

	sym_MHD_add_response_header(resp, "Content-Type",
	                            hr->text_type ? hr->text_type
	                                          : "application/json; "
	                                            "charset=utf-8");
	sym_MHD_add_response_header(resp, "Cache-Control", "no-store");
	common_headers(resp, srv,
	               hr->csp ? hr->csp
	                       : "default-src 'none'; frame-ancestors 'none'");
	if (hr->disposition[0])
		sym_MHD_add_response_header(resp, "Content-Disposition",
		                            hr->disposition);
	if (hr->set_cookie[0])
		sym_MHD_add_response_header(resp, "Set-Cookie", hr->set_cookie);
	if (hr->retry_after > 0) {
		snprintf(retry, sizeof(retry), "%d", hr->retry_after);
		sym_MHD_add_response_header(resp, "Retry-After", retry);
	}
	if (hr->status == 405 && hr->allow[0])
		sym_MHD_add_response_header(resp, "Allow", hr->allow);
	if (hr->status == 401)
		sym_MHD_add_response_header(resp, "WWW-Authenticate",
		                            "Cookie realm=\"backrest\"");
}

static enum MHD_Result
send_resp(struct MHD_Connection *con, const struct br_server *srv,
          struct br_http_resp *hr)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;
	char *text = NULL;

	if (hr->raw) {
		resp = sym_MHD_create_response_from_buffer(
		        hr->raw_len, (void *)(uintptr_t)hr->raw,
		        MHD_RESPMEM_PERSISTENT);
	} else if (hr->text) {
		/* The response takes the text over. */
		text = hr->text;
		hr->text = NULL;
		resp = sym_MHD_create_response_from_buffer(
		        hr->text_len ? hr->text_len : strlen(text), text,
		        MHD_RESPMEM_MUST_FREE);
	} else {
		text = hr->body ? json_dumps(hr->body,
		                             JSON_COMPACT |
		                                     JSON_REAL_PRECISION(10))
		                : NULL;
		if (text == NULL)
			return MHD_NO;
		resp = sym_MHD_create_response_from_buffer(
		        strlen(text), text, MHD_RESPMEM_MUST_FREE);
	}
	if (resp == NULL) {
		free(text);
		return MHD_NO;
	}
	add_headers(resp, srv, hr);
	ret = sym_MHD_queue_response(con, (unsigned)hr->status, resp);
	sym_MHD_destroy_response(resp);
	return ret;
}

/* A page or an asset of the web app (pages.h).  Pages hold no data, so
 * they are served without a session; "no-cache" makes the browser check
 * for a new build on every load. */
static enum MHD_Result
send_page(struct MHD_Connection *con, const struct br_server *srv,
          const char *method, const char *uri)
{
	struct br_page_resp pr;
	struct MHD_Response *resp;
	enum MHD_Result ret;
	const char *query;
	size_t plen, qlen;

	br_uri_split(uri, &plen, &query, &qlen);
	br_pages_handle(method, uri, plen, &pr);
	resp = sym_MHD_create_response_from_buffer(
	        pr.len, (void *)(uintptr_t)pr.body, MHD_RESPMEM_PERSISTENT);
	if (resp == NULL)
		return MHD_NO;
	sym_MHD_add_response_header(resp, "Content-Type", pr.type);
	sym_MHD_add_response_header(resp, "Cache-Control", "no-cache");
	common_headers(resp, srv, BR_PAGES_CSP);
	if (pr.location)
		sym_MHD_add_response_header(resp, "Location", pr.location);
	if (pr.status == 405)
		sym_MHD_add_response_header(resp, "Allow", "GET, HEAD");
	ret = sym_MHD_queue_response(con, (unsigned)pr.status, resp);
	sym_MHD_destroy_response(resp);
	return ret;
}

static void
client_address(struct MHD_Connection *con, char *out, size_t len)
{
	const union MHD_ConnectionInfo *ci = sym_MHD_get_connection_info(
	        con, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;

	snprintf(out, len, "unknown");
	if (sa && sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr,
		          out, (socklen_t)len);
	else if (sa && sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6,
		          &((const struct sockaddr_in6 *)sa)->sin6_addr, out,
		          (socklen_t)len);
}

static enum MHD_Result
respond_error(struct MHD_Connection *con, const struct br_server *srv,
              int status, const char *code, const char *msg)
{
	struct br_http_resp hr;
	enum MHD_Result ret;

	memset(&hr, 0, sizeof(hr));
	hr.status = status;
	hr.body = json_pack("{s:{s:s, s:s, s:n}}", "error", "code", code,
	                    "message", msg, "field");
	ret = send_resp(con, srv, &hr);
	br_http_resp_release(&hr);
	return ret;
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *con, const char *url,
           const char *method, const char *version, const char *upload,
           size_t *upload_size, void **req_cls)
{
	struct br_server *srv = cls;
	struct request *r = *req_cls;
	struct br_err err = BR_ERR_INIT;
	struct br_http_req req;
	struct br_http_resp hr;
	struct br_store *store;
	char addr[INET6_ADDRSTRLEN + 1];
	enum MHD_Result ret;

	(void)url;
	(void)version;
	if (r == NULL)
		return MHD_NO;
	if (!r->started) {
		const char *cl = sym_MHD_lookup_connection_value(
		        con, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
		char *end = NULL;

		r->started = true;
		if (cl && (strtoull(cl, &end, 10) > BR_BODY_MAX || *end))
			return respond_error(con, srv, 413, "too-big",
			                     "the body is too large");
		return MHD_YES;
	}
	if (*upload_size > 0) {
		if (!r->too_big && r->len + *upload_size <= BR_BODY_MAX) {
			char *nb = realloc(r->body, r->len + *upload_size);

			if (nb == NULL)
				return MHD_NO;
			memcpy(nb + r->len, upload, *upload_size);
			r->body = nb;
			r->len += *upload_size;
		} else {
			r->too_big = true;
		}
		*upload_size = 0;
		return MHD_YES;
	}

	{
		const char *q;
		size_t plen, qlen;

		br_uri_split(r->uri, &plen, &q, &qlen);
		if (!br_pages_is_api(r->uri, plen)) {
			if (plen > BR_PATH_MAX || r->too_big)
				return respond_error(
				        con, srv, 413, "too-big",
				        "the request is too large");
			return send_page(con, srv, method, r->uri);
		}
	}
	store = get_store(srv, &err);
	if (store == NULL) {
		fprintf(stderr, "backrest serve: %s\n", err.msg);
		return respond_error(con, srv, 503, "busy",
		                     "the server cannot reach its database");
	}
	client_address(con, addr, sizeof(addr));
	memset(&req, 0, sizeof(req));
	req.method = method;
	req.uri = r->uri;
	req.body = r->body;
	req.body_len = r->len;
	req.body_too_big = r->too_big;
	req.content_type = sym_MHD_lookup_connection_value(
	        con, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
	req.token = sym_MHD_lookup_connection_value(
	        con, MHD_COOKIE_KIND, br_api_cookie_name(&srv->cfg.api));
	req.csrf = sym_MHD_lookup_connection_value(con, MHD_HEADER_KIND,
	                                           "X-CSRF-Token");
	req.origin = addr;
	/* A request that failed busy (503) having committed nothing (a
	 * serialization failure outside the use case, in the session
	 * check, say) is handled again; see br_app_call for the use cases. */
	for (int attempt = 0;; attempt++) {
		uint64_t before = br_store_commits(store);

		br_api_handle(&srv->cfg.api, store, &req, &hr);
		if (hr.status != 503 || attempt == 8 ||
		    br_store_commits(store) != before)
			break;
		br_http_resp_release(&hr);
		memset(&hr, 0, sizeof(hr));
		br_store_retry_wait(attempt);
	}
	if (br_store_abandon_write(store))
		fprintf(stderr, "backrest serve: a request left a write "
		                "transaction open; rolled back\n");
	ret = send_resp(con, srv, &hr);
	br_http_resp_release(&hr);
	return ret;
}

/* Checkpoints the WAL every CKPT_MS, off the request threads: a commit
 * then never waits for the copy into the database and its fsyncs
 * (store.h, br_store_checkpoint_auto). */
#define CKPT_MS 25

static void *
checkpointer(void *arg)
{
	struct br_server *srv = arg;
	struct br_err err = BR_ERR_INIT;
	bool said = false;

	pthread_mutex_lock(&srv->ckpt_lock);
	while (!srv->ckpt_stop) {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += CKPT_MS * 1000000L;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&srv->ckpt_cond, &srv->ckpt_lock, &ts);
		if (srv->ckpt_stop)
			break;
		pthread_mutex_unlock(&srv->ckpt_lock);
		if (br_store_checkpoint(srv->ckpt_store, &err) < 0 && !said) {
			/* Once: commits still checkpoint past 64 MB. */
			fprintf(stderr, "backrest serve: checkpoint: %s\n",
			        err.msg);
			said = true;
		}
		pthread_mutex_lock(&srv->ckpt_lock);
	}
	pthread_mutex_unlock(&srv->ckpt_lock);
	return NULL;
}

/* Starts the checkpointer for an SQLite store; without one (PostgreSQL,
 * or it cannot start) commits checkpoint as usual. */
static void
start_checkpointer(struct br_server *srv)
{
	struct br_err err = BR_ERR_INIT;

	pthread_mutex_init(&srv->ckpt_lock, NULL);
	pthread_cond_init(&srv->ckpt_cond, NULL);
	if (br_store_target_is_pg(srv->cfg.db_path) ||
	    br_store_open(srv->cfg.db_path, &srv->ckpt_store, &err) < 0)
		return;
	if (pthread_create(&srv->ckpt_thread, NULL, checkpointer, srv) != 0) {
		br_store_close(srv->ckpt_store);
		srv->ckpt_store = NULL;
	}
}

static void
stop_checkpointer(struct br_server *srv)
{
	if (srv->ckpt_store) {
		pthread_mutex_lock(&srv->ckpt_lock);
		srv->ckpt_stop = true;
		pthread_cond_signal(&srv->ckpt_cond);
		pthread_mutex_unlock(&srv->ckpt_lock);
		pthread_join(srv->ckpt_thread, NULL);
		br_store_close(srv->ckpt_store);
		srv->ckpt_store = NULL;
	}
	pthread_cond_destroy(&srv->ckpt_cond);
	pthread_mutex_destroy(&srv->ckpt_lock);
}

/* Parses "ADDR:PORT" or "[ADDR]:PORT" into a socket address. */
static int
parse_listen(const char *s, struct sockaddr_storage *ss, socklen_t *sslen,
             bool *v6, struct br_err *err)
{
	char host[64];
	const char *colon, *h = s;
	size_t hlen;
	long port;
	struct addrinfo hints, *res = NULL;

	if (s[0] == '[') {
		const char *close = strchr(s, ']');

		if (close == NULL || close[1] != ':')
			goto bad;
		h = s + 1;
		hlen = (size_t)(close - h);
		colon = close + 1;
	} else {
		colon = strrchr(s, ':');
		if (colon == NULL)
			goto bad;
		hlen = (size_t)(colon - s);
	}
	if (hlen == 0 || hlen >= sizeof(host))
		goto bad;
	memcpy(host, h, hlen);
	host[hlen] = '\0';
	if (br_parse_long("listen", colon + 1, 0, 65535, &port, err) < 0)
		goto bad;
	memset(&hints, 0, sizeof(hints));
	hints.ai_flags = AI_NUMERICHOST;
	hints.ai_socktype = SOCK_STREAM;
	if (getaddrinfo(host, NULL, &hints, &res) != 0 || res == NULL)
		goto bad;
	memcpy(ss, res->ai_addr, res->ai_addrlen);
	*sslen = res->ai_addrlen;
	*v6 = res->ai_family == AF_INET6;
	freeaddrinfo(res);
	if (*v6)
		((struct sockaddr_in6 *)ss)->sin6_port = htons((uint16_t)port);
	else
		((struct sockaddr_in *)ss)->sin_port = htons((uint16_t)port);
	return 0;
bad:
	return br_error(err, BR_EINVAL, "listen",
	                "--listen must be ADDRESS:PORT such as "
	                "127.0.0.1:8080 or [::1]:8080");
}

int
br_server_start(const struct br_server_config *cfg, struct br_server **out,
                struct br_err *err)
{
	struct sockaddr_storage ss;
	socklen_t sslen = 0;
	const union MHD_DaemonInfo *info;
	struct br_server *srv;
	unsigned flags = MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_ERROR_LOG;
	unsigned threads = cfg->threads;
	bool v6 = false;
	int rc;

	rc = parse_listen(cfg->listen, &ss, &sslen, &v6, err);
	if (rc < 0)
		return rc;
	rc = br_dl_load(&mhd_lib, err);
	if (rc < 0)
		return rc;
	if (threads == 0) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);
		threads = n < 2 ? 2 : (unsigned)n;
	}
	if (threads > MAX_THREADS)
		threads = MAX_THREADS;
	if (v6)
		flags |= MHD_USE_IPv6;
	srv = calloc(1, sizeof(*srv));
	if (srv == NULL)
		return br_error(err, BR_ENOMEM, "", "out of memory");
	srv->cfg = *cfg;
	rc = br_store_group_new(&srv->group, err);
	if (rc < 0) {
		free(srv);
		return rc;
	}
	pthread_mutex_init(&srv->lock, NULL);
	start_checkpointer(srv);
	srv->daemon = sym_MHD_start_daemon(
	        flags, 0, NULL, NULL, on_request, srv, MHD_OPTION_SOCK_ADDR,
	        (struct sockaddr *)&ss, MHD_OPTION_THREAD_POOL_SIZE, threads,
	        MHD_OPTION_CONNECTION_LIMIT, (unsigned)512,
	        MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)128,
	        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
	        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(32 * 1024),
	        MHD_OPTION_URI_LOG_CALLBACK, on_uri, srv,
	        MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv, MHD_OPTION_END);
	if (srv->daemon == NULL) {
		stop_checkpointer(srv);
		pthread_mutex_destroy(&srv->lock);
		br_store_group_free(srv->group);
		free(srv);
		return br_error(err, BR_EIO, "listen",
		                "cannot listen on %s (in use, or not an "
		                "address of this machine)",
		                cfg->listen);
	}
	info = sym_MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
	srv->port = info ? info->port : 0;
	*out = srv;
	return 0;
}

unsigned
br_server_port(const struct br_server *srv)
{
	return srv->port;
}

void
br_server_stop(struct br_server *srv)
{
	if (srv == NULL)
		return;
	sym_MHD_stop_daemon(srv->daemon);
	stop_checkpointer(srv);
	for (int i = 0; i < srv->n_stores; i++)
		br_store_close(srv->stores[i]);
	pthread_mutex_destroy(&srv->lock);
	br_store_group_free(srv->group);
	free(srv);
}
