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
 * Client addresses (proxy.h): the TCP peer, or behind a trusted proxy the
 * real client, resolved once when a request's headers are in and used for
 * the audit, the login throttle and the per-address cap.  Without
 * trusted proxies MHD caps connections per address; with them
 * count_conn() and the accept policy do, for every peer but the proxies,
 * and each request through a proxy counts against its real client.
 *
 * libmicrohttpd is not linked: br_server_start() loads it (core/dl.h)
 * before it starts any thread, and every call into it goes through a
 * sym_ pointer; the daemon's threads, and every later call, come after
 * the load.
 */
#include "http/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netdb.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/dl.h"
#include "core/parse.h"
#include "http/pages.h"
#include "http/proxy.h"
#include "store/store.h"

#define MAX_THREADS     64
#define MAX_CONNECTIONS 512
#define PER_ADDRESS     128 /* connections, or requests through a proxy */
#define MAX_PROXIES     64
#define PEM_MAX         (1024 * 1024)

/* libmicrohttpd, loaded when the server starts ------------------------ */

static __typeof__(MHD_add_response_header) *sym_MHD_add_response_header;
static __typeof__(MHD_create_response_from_buffer)
        *sym_MHD_create_response_from_buffer;
static __typeof__(MHD_destroy_response) *sym_MHD_destroy_response;
static __typeof__(MHD_get_connection_info) *sym_MHD_get_connection_info;
static __typeof__(MHD_get_connection_values) *sym_MHD_get_connection_values;
static __typeof__(MHD_get_daemon_info) *sym_MHD_get_daemon_info;
static __typeof__(MHD_is_feature_supported) *sym_MHD_is_feature_supported;
static __typeof__(MHD_lookup_connection_value) *sym_MHD_lookup_connection_value;
static __typeof__(MHD_queue_response) *sym_MHD_queue_response;
static __typeof__(MHD_resume_connection) *sym_MHD_resume_connection;
static __typeof__(MHD_start_daemon) *sym_MHD_start_daemon;
static __typeof__(MHD_stop_daemon) *sym_MHD_stop_daemon;
static __typeof__(MHD_suspend_connection) *sym_MHD_suspend_connection;

static const struct br_dl_sym mhd_syms[] = {
        {BR_DL_SYM(MHD_add_response_header)},
        {BR_DL_SYM(MHD_create_response_from_buffer)},
        {BR_DL_SYM(MHD_destroy_response)},
        {BR_DL_SYM(MHD_get_connection_info)},
        {BR_DL_SYM(MHD_get_connection_values)},
        {BR_DL_SYM(MHD_get_daemon_info)},
        {BR_DL_SYM(MHD_is_feature_supported)},
        {BR_DL_SYM(MHD_lookup_connection_value)},
        {BR_DL_SYM(MHD_queue_response)},
        {BR_DL_SYM(MHD_resume_connection)},
        {BR_DL_SYM(MHD_start_daemon)},
        {BR_DL_SYM(MHD_stop_daemon)},
        {BR_DL_SYM(MHD_suspend_connection)},
        {NULL, NULL},
};

static struct br_dl_lib mhd_lib = {
        .soname = "libmicrohttpd.so.12",
        .package = "libmicrohttpd12",
        .feature = "the web server",
        .syms = mhd_syms,
};

/* Connections (of peers that are not proxies) and requests in flight
 * (through a proxy) per client address; used only with trusted proxies.
 * At most MAX_CONNECTIONS of each are live, so there is always a free
 * slot. */
#define COUNT_SLOTS (4 * MAX_CONNECTIONS)
struct addr_count {
	struct br_ip ip;
	int conns, reqs;
};

struct br_server {
	struct MHD_Daemon *daemon;
	struct br_server_config cfg;
	unsigned port;
	bool tls;
	char *tls_cert_pem, *tls_key_pem; /* owned; the key wiped on stop */
	size_t tls_key_len;
	struct br_cidr proxies[MAX_PROXIES];
	int n_proxies;
	pthread_mutex_t count_lock;   /* guards counts */
	struct addr_count *counts;    /* COUNT_SLOTS, with trusted proxies */
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

	/* Answers held for the group's next flush (group commit): their
	 * connections are suspended, so MHD_stop_daemon must wait for
	 * them; once stopping, answers wait in their thread instead. */
	pthread_mutex_t hold_lock;
	pthread_cond_t hold_cond;
	int n_held;
	bool stopping;
};

struct request {
	char *uri;  /* raw target, owned */
	char *body; /* owned, at most BR_BODY_MAX bytes */
	size_t len;
	bool too_big;
	size_t max; /* the body's limit (br_api_body_max) */
	bool started;
	struct br_ip client; /* the real client (proxy.h) */
	bool counted;        /* one of client's requests through a proxy */

	/* An answer held until the flush that covers it (on_request). */
	bool held;
	int sync_rc; /* set by the syncer before it resumes con */
	struct br_http_resp hr;
	struct MHD_Connection *con;
	struct br_server *srv;
	struct br_store_sync_wait wait;
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

/* The slot of ip in srv->counts (count_lock held): its own, or a free
 * one when add, else NULL. */
static struct addr_count *
count_slot(struct br_server *srv, const struct br_ip *ip, bool add)
{
	struct addr_count *free_slot = NULL;

	for (int i = 0; i < COUNT_SLOTS; i++) {
		struct addr_count *c = &srv->counts[i];

		if (c->conns == 0 && c->reqs == 0) {
			if (free_slot == NULL)
				free_slot = c;
			continue;
		}
		if (c->ip.family == ip->family &&
		    memcmp(c->ip.b, ip->b, sizeof(ip->b)) == 0)
			return c;
	}
	if (add && free_slot)
		free_slot->ip = *ip;
	return add ? free_slot : NULL;
}

/* Adds delta to ip's connections (conns) or requests; returns the count
 * after. */
static int
count_add(struct br_server *srv, const struct br_ip *ip, bool conns, int delta)
{
	struct addr_count *c;
	int n = 0;

	pthread_mutex_lock(&srv->count_lock);
	c = count_slot(srv, ip, delta > 0);
	if (c) {
		int *v = conns ? &c->conns : &c->reqs;

		*v += delta;
		if (*v < 0)
			*v = 0;
		n = *v;
	}
	pthread_mutex_unlock(&srv->count_lock);
	return n;
}

static bool
peer_of(struct MHD_Connection *con, struct br_ip *ip)
{
	const union MHD_ConnectionInfo *ci = sym_MHD_get_connection_info(
	        con, MHD_CONNECTION_INFO_CLIENT_ADDRESS);

	return br_ip_from_sockaddr(ci ? ci->client_addr : NULL, ip);
}

/* With trusted proxies: an address other than a proxy's gets at most
 * PER_ADDRESS connections (counted by on_connection). */
static enum MHD_Result
accept_policy(void *cls, const struct sockaddr *sa, socklen_t len)
{
	struct br_server *srv = cls;
	struct addr_count *c;
	struct br_ip ip;
	bool ok = true;

	(void)len;
	if (!br_ip_from_sockaddr(sa, &ip) ||
	    br_ip_in(srv->proxies, srv->n_proxies, &ip))
		return MHD_YES;
	pthread_mutex_lock(&srv->count_lock);
	c = count_slot(srv, &ip, false);
	ok = c == NULL || c->conns < PER_ADDRESS;
	pthread_mutex_unlock(&srv->count_lock);
	return ok ? MHD_YES : MHD_NO;
}

static int counted_marker;

static void
on_connection(void *cls, struct MHD_Connection *con, void **socket_ctx,
              enum MHD_ConnectionNotificationCode toe)
{
	struct br_server *srv = cls;
	struct br_ip ip;

	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		if (peer_of(con, &ip) &&
		    !br_ip_in(srv->proxies, srv->n_proxies, &ip)) {
			count_add(srv, &ip, true, 1);
			*socket_ctx = &counted_marker;
		}
	} else if (*socket_ctx == &counted_marker) {
		if (peer_of(con, &ip))
			count_add(srv, &ip, true, -1);
		*socket_ctx = NULL;
	}
}

static void
on_completed(void *cls, struct MHD_Connection *con, void **req_cls,
             enum MHD_RequestTerminationCode toe)
{
	struct br_server *srv = cls;
	struct request *r = *req_cls;

	(void)con;
	(void)toe;
	if (r == NULL)
		return;
	if (r->counted)
		count_add(srv, &r->client, false, -1);
	if (r->held)
		br_http_resp_release(&r->hr);
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
	if (srv->tls || srv->cfg.api.secure_cookies)
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
	if (hr->etag[0])
		sym_MHD_add_response_header(resp, "ETag", hr->etag);
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
		/* ENCODE_ANY: an answer may be a bare value (null: "none"). */
		text = hr->body ? json_dumps(hr->body,
		                             JSON_COMPACT | JSON_ENCODE_ANY |
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

/* Every value of the header name, joined by commas (as RFC 9110 allows
 * for list headers), into a buffer of BR_BODY_MAX bytes at most. */
struct joined {
	const char *name;
	char *buf; /* owned */
	size_t len;
	bool any;
};

static enum MHD_Result
join_header(void *cls, enum MHD_ValueKind kind, const char *key,
            const char *value)
{
	struct joined *j = cls;
	size_t n = value ? strlen(value) : 0;
	char *nb;

	(void)kind;
	if (key == NULL || strcasecmp(key, j->name) != 0 || value == NULL)
		return MHD_YES;
	if (j->len + n + 2 > BR_BODY_MAX)
		return MHD_NO;
	nb = realloc(j->buf, j->len + n + 2);
	if (nb == NULL)
		return MHD_NO;
	j->buf = nb;
	if (j->any)
		j->buf[j->len++] = ',';
	memcpy(j->buf + j->len, value, n);
	j->len += n;
	j->buf[j->len] = '\0';
	j->any = true;
	return MHD_YES;
}

/* The request's real client (proxy.h): the only reader of
 * X-Forwarded-For and Forwarded. */
static void
resolve_client(struct MHD_Connection *con, const struct br_server *srv,
               struct br_ip *out)
{
	struct joined xff = {.name = "X-Forwarded-For"};
	struct joined fwd = {.name = "Forwarded"};
	struct br_ip peer;

	if (!peer_of(con, &peer)) {
		memset(out, 0, sizeof(*out));
		return;
	}
	*out = peer;
	if (srv->n_proxies == 0 ||
	    !br_ip_in(srv->proxies, srv->n_proxies, &peer))
		return;
	sym_MHD_get_connection_values(con, MHD_HEADER_KIND, join_header, &xff);
	if (!xff.any)
		sym_MHD_get_connection_values(con, MHD_HEADER_KIND, join_header,
		                              &fwd);
	br_proxy_client(srv->proxies, srv->n_proxies, &peer,
	                xff.any ? xff.buf : NULL, fwd.any ? fwd.buf : NULL,
	                out);
	free(xff.buf);
	free(fwd.buf);
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

/* The group's flush covers a held answer (or failed): its connection
 * goes back to MHD, which calls on_request again to send it.  Runs on the
 * group's syncer thread. */
static void
on_synced(void *arg, int rc)
{
	struct request *r = arg;
	struct br_server *srv = r->srv;

	r->sync_rc = rc;
	sym_MHD_resume_connection(r->con);
	pthread_mutex_lock(&srv->hold_lock);
	if (--srv->n_held == 0)
		pthread_cond_broadcast(&srv->hold_cond);
	pthread_mutex_unlock(&srv->hold_lock);
}

static enum MHD_Result
answer_unflushed(struct MHD_Connection *con, const struct br_server *srv,
                 struct br_http_resp *hr)
{
	br_http_resp_release(hr);
	fprintf(stderr, "backrest serve: an answer was withheld: its change "
	                "could not be flushed to the disk\n");
	return respond_error(con, srv, 500, "internal",
	                     "the server could not write to its disk");
}

/*
 * Sends hr once everything it may show or acknowledge is on disk: the
 * store's sync point (store.h, group commit).  Until the group's syncer
 * has flushed that far the connection is suspended and the answer kept
 * in r, so this pool thread goes on with other connections; the flush
 * resumes it (on_synced) and on_request sends it.
 */
static enum MHD_Result
answer(struct MHD_Connection *con, struct br_server *srv, struct request *r,
       struct br_store *store, struct br_http_resp *hr)
{
	struct br_err err = BR_ERR_INIT;
	uint64_t point = br_store_sync_point(store);
	enum MHD_Result ret;
	bool hold = false;

	if (!br_store_group_synced(srv->group, point)) {
		pthread_mutex_lock(&srv->hold_lock);
		if (!srv->stopping) {
			srv->n_held++;
			hold = true;
		}
		pthread_mutex_unlock(&srv->hold_lock);
		if (hold) {
			r->hr = *hr;
			r->held = true;
			r->con = con;
			r->srv = srv;
			/* Suspended before the syncer may resume it. */
			sym_MHD_suspend_connection(con);
			br_store_group_notify(srv->group, &r->wait, point,
			                      on_synced, r);
			return MHD_YES;
		}
		if (br_store_group_wait(srv->group, point, &err) < 0)
			return answer_unflushed(con, srv, hr);
	}
	ret = send_resp(con, srv, hr);
	br_http_resp_release(hr);
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
	char addr[INET6_ADDRSTRLEN + 8];
	enum MHD_Result ret;

	(void)url;
	(void)version;
	if (r == NULL)
		return MHD_NO;
	if (r->held) {
		/* Resumed by on_synced: the flush is done. */
		r->held = false;
		if (r->sync_rc < 0)
			return answer_unflushed(con, srv, &r->hr);
		ret = send_resp(con, srv, &r->hr);
		br_http_resp_release(&r->hr);
		return ret;
	}
	if (!r->started) {
		const char *cl = sym_MHD_lookup_connection_value(
		        con, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
		char *end = NULL;

		r->started = true;
		r->max = br_api_body_max(method, r->uri);
		resolve_client(con, srv, &r->client);
		if (srv->counts && r->client.family &&
		    !br_ip_in(srv->proxies, srv->n_proxies, &r->client)) {
			struct br_ip peer;

			/* Through a proxy: the real client's requests in
			 * flight stand for its connections. */
			if (peer_of(con, &peer) &&
			    br_ip_in(srv->proxies, srv->n_proxies, &peer)) {
				r->counted = true;
				if (count_add(srv, &r->client, false, 1) >
				    PER_ADDRESS)
					return respond_error(
					        con, srv, 503, "busy",
					        "too many requests from your "
					        "address at once");
			}
		}
		if (cl && (strtoull(cl, &end, 10) > r->max || *end))
			return respond_error(con, srv, 413, "too-big",
			                     "the body is too large");
		return MHD_YES;
	}
	if (*upload_size > 0) {
		if (!r->too_big && r->len + *upload_size <= r->max) {
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
	br_ip_format(&r->client, addr, sizeof(addr));
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
	req.if_match = sym_MHD_lookup_connection_value(con, MHD_HEADER_KIND,
	                                               "If-Match");
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
	return answer(con, srv, r, store, &hr);
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

/* Reads a PEM file whole into *out (NUL-terminated, owned).  The key
 * must not be readable, or writable, by anyone but its owner. */
static int
read_pem(const char *path, const char *field, bool key, char **out, size_t *len,
         struct br_err *err)
{
	struct stat st;
	FILE *f = fopen(path, "rb");
	char *buf;
	size_t n;

	*out = NULL;
	if (f == NULL)
		return br_error(err, BR_EINVAL, field,
		                "cannot read --%s %s: %s", field, path,
		                strerror(errno));
	if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode) ||
	    st.st_size <= 0 || st.st_size > PEM_MAX) {
		fclose(f);
		return br_error(err, BR_EINVAL, field,
		                "--%s %s is not a PEM file of at most 1 MiB",
		                field, path);
	}
	if (key && (st.st_mode & 077)) {
		fclose(f);
		return br_error(err, BR_EINVAL, field,
		                "--%s %s can be read or changed by other users "
		                "(mode %04o), so it is refused; make it "
		                "private with chmod 600 %s",
		                field, path, (unsigned)(st.st_mode & 07777),
		                path);
	}
	buf = malloc((size_t)st.st_size + 1);
	if (buf == NULL) {
		fclose(f);
		return br_error(err, BR_ENOMEM, "", "out of memory");
	}
	n = fread(buf, 1, (size_t)st.st_size, f);
	fclose(f);
	buf[n] = '\0';
	if (n != (size_t)st.st_size || strstr(buf, "-----BEGIN ") == NULL) {
		sodium_memzero(buf, n);
		free(buf);
		return br_error(err, BR_EINVAL, field,
		                "--%s %s is not a PEM file", field, path);
	}
	*out = buf;
	*len = n;
	return 0;
}

static void
free_server(struct br_server *srv)
{
	if (srv->tls_key_pem) {
		sodium_memzero(srv->tls_key_pem, srv->tls_key_len);
		free(srv->tls_key_pem);
	}
	free(srv->tls_cert_pem);
	free(srv->counts);
	pthread_mutex_destroy(&srv->count_lock);
	pthread_mutex_destroy(&srv->lock);
	pthread_cond_destroy(&srv->hold_cond);
	pthread_mutex_destroy(&srv->hold_lock);
	free(srv);
}

/* The parts of the configuration that do not need libmicrohttpd: the
 * proxies, the loopback rule, the certificate and key. */
static int
configure(struct br_server *srv, const struct sockaddr *sa, struct br_err *err)
{
	const struct br_server_config *cfg = &srv->cfg;
	struct br_ip ip;
	int rc;

	if (cfg->n_trusted_proxies > MAX_PROXIES)
		return br_error(
		        err, BR_EINVAL, "trusted-proxy",
		        "at most %d --trusted-proxy ranges may be given",
		        MAX_PROXIES);
	for (int i = 0; i < cfg->n_trusted_proxies; i++) {
		rc = br_cidr_parse(cfg->trusted_proxies[i],
		                   &srv->proxies[srv->n_proxies++], err);
		if (rc < 0)
			return rc;
	}
	if ((cfg->tls_cert == NULL) != (cfg->tls_key == NULL))
		return br_error(err, BR_EINVAL,
		                cfg->tls_cert ? "tls-key" : "tls-cert",
		                "--tls-cert and --tls-key go together; give "
		                "both for HTTPS");
	srv->tls = cfg->tls_cert != NULL;
	if (!srv->tls && !cfg->insecure_http &&
	    !(br_ip_from_sockaddr(sa, &ip) && br_ip_is_loopback(&ip)))
		return br_error(
		        err, BR_EINVAL, "listen",
		        "plain HTTP is served on a loopback address "
		        "only, not on %s; give --tls-cert and --tls-key "
		        "for HTTPS, or --insecure-http behind a proxy "
		        "that adds it",
		        cfg->listen);
	if (srv->tls) {
		size_t n;

		rc = read_pem(cfg->tls_cert, "tls-cert", false,
		              &srv->tls_cert_pem, &n, err);
		if (rc == 0)
			rc = read_pem(cfg->tls_key, "tls-key", true,
			              &srv->tls_key_pem, &srv->tls_key_len,
			              err);
		if (rc < 0)
			return rc;
		srv->cfg.api.secure_cookies = true;
	}
	if (srv->n_proxies > 0) {
		srv->counts = calloc(COUNT_SLOTS, sizeof(*srv->counts));
		if (srv->counts == NULL)
			return br_error(err, BR_ENOMEM, "", "out of memory");
	}
	return 0;
}

int
br_server_start(const struct br_server_config *cfg, struct br_server **out,
                struct br_err *err)
{
	struct sockaddr_storage ss;
	socklen_t sslen = 0;
	const union MHD_DaemonInfo *info;
	struct br_server *srv;
	struct MHD_OptionItem opts[8];
	unsigned flags = MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_ERROR_LOG |
	                 MHD_ALLOW_SUSPEND_RESUME;
	unsigned threads = cfg->threads;
	bool v6 = false;
	int rc, n = 0;

	rc = parse_listen(cfg->listen, &ss, &sslen, &v6, err);
	if (rc < 0)
		return rc;
	srv = calloc(1, sizeof(*srv));
	if (srv == NULL)
		return br_error(err, BR_ENOMEM, "", "out of memory");
	srv->cfg = *cfg;
	pthread_mutex_init(&srv->lock, NULL);
	pthread_mutex_init(&srv->count_lock, NULL);
	pthread_mutex_init(&srv->hold_lock, NULL);
	pthread_cond_init(&srv->hold_cond, NULL);
	rc = configure(srv, (const struct sockaddr *)&ss, err);
	if (rc == 0)
		rc = br_dl_load(&mhd_lib, err);
	if (rc == 0 && srv->tls &&
	    sym_MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES)
		rc = br_error(err, BR_EIO, "tls-cert",
		              "this libmicrohttpd was built without HTTPS "
		              "support");
	if (rc == 0)
		rc = br_store_group_new(&srv->group, err);
	/* Group commit: the stores join the group after this (get_store). */
	if (rc == 0)
		rc = br_store_group_sync_start(srv->group, cfg->db_path, err);
	if (rc < 0) {
		br_store_group_free(srv->group);
		free_server(srv);
		return rc;
	}
	if (threads == 0) {
		long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
		threads = ncpu < 2 ? 2 : (unsigned)ncpu;
	}
	if (threads > MAX_THREADS)
		threads = MAX_THREADS;
	if (v6)
		flags |= MHD_USE_IPv6;
	if (srv->tls) {
		flags |= MHD_USE_TLS;
		opts[n++] = (struct MHD_OptionItem){MHD_OPTION_HTTPS_MEM_CERT,
		                                    0, srv->tls_cert_pem};
		opts[n++] = (struct MHD_OptionItem){MHD_OPTION_HTTPS_MEM_KEY, 0,
		                                    srv->tls_key_pem};
		opts[n++] = (struct MHD_OptionItem){MHD_OPTION_HTTPS_PRIORITIES,
		                                    0, BR_TLS_PRIORITIES};
	}
	if (srv->n_proxies == 0)
		opts[n++] = (struct MHD_OptionItem){
		        MHD_OPTION_PER_IP_CONNECTION_LIMIT, PER_ADDRESS, NULL};
	else
		opts[n++] =
		        (struct MHD_OptionItem){MHD_OPTION_NOTIFY_CONNECTION,
		                                (intptr_t)on_connection, srv};
	opts[n] = (struct MHD_OptionItem){MHD_OPTION_END, 0, NULL};
	start_checkpointer(srv);
	srv->daemon = sym_MHD_start_daemon(
	        flags, 0, srv->n_proxies ? accept_policy : NULL, srv,
	        on_request, srv, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
	        MHD_OPTION_THREAD_POOL_SIZE, threads,
	        MHD_OPTION_CONNECTION_LIMIT, (unsigned)MAX_CONNECTIONS,
	        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
	        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(32 * 1024),
	        MHD_OPTION_URI_LOG_CALLBACK, on_uri, srv,
	        MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv,
	        MHD_OPTION_ARRAY, opts, MHD_OPTION_END);
	if (srv->daemon == NULL) {
		stop_checkpointer(srv);
		br_store_group_free(srv->group);
		free_server(srv);
		return br_error(
		        err, BR_EIO, "listen",
		        "cannot listen on %s (in use, not an address of "
		        "this machine, or the certificate and key do "
		        "not make a pair)",
		        cfg->listen);
	}
	info = sym_MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
	srv->port = info ? info->port : 0;
	*out = srv;
	return 0;
}

bool
br_server_tls(const struct br_server *srv)
{
	return srv->tls;
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
	/* No connection may stay suspended into MHD_stop_daemon: later
	 * answers wait in their threads, held ones are let go by the
	 * syncer, which runs until br_store_group_free. */
	pthread_mutex_lock(&srv->hold_lock);
	srv->stopping = true;
	while (srv->n_held > 0)
		pthread_cond_wait(&srv->hold_cond, &srv->hold_lock);
	pthread_mutex_unlock(&srv->hold_lock);
	sym_MHD_stop_daemon(srv->daemon);
	stop_checkpointer(srv);
	for (int i = 0; i < srv->n_stores; i++)
		br_store_close(srv->stores[i]);
	br_store_group_free(srv->group);
	free_server(srv);
}
