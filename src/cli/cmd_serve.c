/*
 * cmd_serve.c - backrest serve: the web server, until SIGINT or SIGTERM.
 *
 *   --listen ADDR:PORT   where to listen (default 127.0.0.1:8080; port 0
 *                        picks a free port, printed on start)
 *   --tls-cert FILE      serve HTTPS with this PEM certificate (chain)
 *   --tls-key FILE       and its private key (mode 0600 or stricter)
 *   --insecure-http      serve plain HTTP on an address other than
 *                        loopback (behind a proxy that adds TLS)
 *   --trusted-proxy A[/BITS]  believe X-Forwarded-For / Forwarded from
 *                        these proxies (repeatable; see http/proxy.h)
 *   --secure-cookies     mark the session cookie Secure (behind a TLS
 *                        proxy; implied by --tls-cert)
 *   --login-delay-unit MS  the login throttle's time unit (default 1000;
 *                        docs/internals/AUTH.md), shorter for tests
 *   --session-idle S     sign out after S seconds without a request
 *   --session-max S      sign out S seconds after signing in
 *   --threads N          request threads (default: the CPUs, at least 2)
 *   --smtp URL           send reminders by email through this server
 *                        (with --mail-from and --public-url; the password
 *                        from --smtp-password-file or the environment;
 *                        see app/remind.h), a pass every --remind-every
 *                        seconds (default 600)
 *
 * It prints one line "listening on http://ADDR:PORT" (https with a
 * certificate) on stdout when ready, and on stderr one line when it serves
 * plain HTTP, and a warning when the database file is open to other
 * users.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "app/remind.h"
#include "model/instruments.h"
#include "cli/cli.h"
#include "core/parse.h"
#include "http/server.h"
#include "report/report.h"

static int
opt_long(json_t *in, const char *key, long min, long max, long *out,
         struct br_err *err)
{
	json_t *v = json_object_get(in, key);

	if (v == NULL)
		return 0;
	return br_parse_long(key, json_string_value(v), min, max, out, err);
}

static const struct br_cli_opt opts[] = {
        {"listen", "listen", BR_ARG_VALUE, "ADDR:PORT",
         "where to listen (default 127.0.0.1:8080; port 0 picks a free "
         "one); plain HTTP only on a loopback address"},
        {"tls-cert", "tls_cert", BR_ARG_VALUE, "FILE",
         "serve HTTPS with this PEM certificate (and chain)"},
        {"tls-key", "tls_key", BR_ARG_VALUE, "FILE",
         "the certificate's PEM private key (mode 0600 or stricter)"},
        {"insecure-http", "insecure_http", BR_ARG_FLAG, NULL,
         "serve plain HTTP on an address other than loopback (behind a "
         "proxy that adds TLS)"},
        {"trusted-proxy", "trusted_proxy", BR_ARG_REPEAT, "ADDR[/BITS]",
         "believe X-Forwarded-For and Forwarded from this proxy or range "
         "(repeatable)"},
        {"secure-cookies", "secure_cookies", BR_ARG_FLAG, NULL,
         "mark the session cookie Secure (behind a TLS proxy; implied by "
         "--tls-cert)"},
        {"session-idle", "session_idle", BR_ARG_VALUE, "1-604800",
         "sign out after this many seconds without a request"},
        {"session-max", "session_max", BR_ARG_VALUE, "1-2592000",
         "sign out this many seconds after signing in"},
        {"login-delay-unit", "login_delay_unit", BR_ARG_VALUE, "1-60000",
         "the login throttle's time unit in milliseconds (default 1000; "
         "shorter for tests)"},
        {"threads", "threads", BR_ARG_VALUE, "1-64",
         "request threads (default: the CPUs, at least 2)"},
        {"smtp", "smtp", BR_ARG_VALUE, "URL",
         "send reminders through this mail server: smtps://user@host:port, "
         "or smtp://... with STARTTLS (required unless on loopback)"},
        {"smtp-password-file", "smtp_password_file", BR_ARG_VALUE, "FILE",
         "the mail server's password (else $BACKREST_SMTP_PASSWORD)"},
        {"mail-from", "mail_from", BR_ARG_VALUE, "ADDRESS",
         "the sender of the reminders"},
        {"public-url", "public_url", BR_ARG_VALUE, "URL",
         "where patients open backrest, for the links in the emails"},
        {"remind-every", "remind_every", BR_ARG_VALUE, "10-86400",
         "seconds between reminder passes (default 600)"},
        {NULL, NULL, 0, NULL, NULL, NULL},
};

/* A database file other users may read gets a warning on every start. */
static void
warn_db_mode(const char *path)
{
	struct stat st;

	if (path == NULL || br_store_target_is_pg(path) ||
	    stat(path, &st) != 0 || (st.st_mode & 077) == 0)
		return;
	fprintf(stderr,
	        "backrest serve: warning: the database %s can be read by "
	        "other users (mode %04o); make it private with chmod 600 %s\n",
	        path, (unsigned)(st.st_mode & 07777), path);
}

static int
run_serve(struct br_cli *cli, int argc, char **argv)
{
	struct br_err err = BR_ERR_INIT;
	struct br_server_config cfg;
	struct br_server *srv = NULL;
	struct br_remind_loop *reminders = NULL;
	struct br_remind_config rcfg;
	struct br_smtp smtp;
	long every = 600;
	json_t *in = NULL, *v;
	const char *proxies[64];
	long idle = 0, max = 0, threads = 0, unit = 0;
	sigset_t set;
	int sig = 0, rc;

	memset(&cfg, 0, sizeof(cfg));
	br_auth_config_init(&cfg.api.auth);
	rc = br_cli_parse(argc, argv, opts, NULL, &in, &err);
	if (rc == 0)
		rc = opt_long(in, "session_idle", 1, 7 * 86400, &idle, &err);
	if (rc == 0)
		rc = opt_long(in, "session_max", 1, 30 * 86400, &max, &err);
	if (rc == 0)
		rc = opt_long(in, "threads", 1, 64, &threads, &err);
	if (rc == 0)
		rc = opt_long(in, "login_delay_unit", 1, 60000, &unit, &err);
	if (rc == 0)
		rc = opt_long(in, "remind_every", 10, 86400, &every, &err);
	if (rc == 0 && json_object_get(in, "smtp"))
		rc = br_cli_remind_config(in, &smtp, &rcfg, &err);
	if (rc < 0) {
		json_decref(in);
		return br_cli_fail(cli, &err);
	}
	if (idle)
		cfg.api.auth.idle_s = idle;
	if (max)
		cfg.api.auth.max_s = max;
	if (unit)
		cfg.api.auth.unit_ms = unit;
	v = json_object_get(in, "tls_cert");
	cfg.tls_cert = v ? json_string_value(v) : NULL;
	v = json_object_get(in, "tls_key");
	cfg.tls_key = v ? json_string_value(v) : NULL;
	cfg.insecure_http = json_is_true(json_object_get(in, "insecure_http"));
	v = json_object_get(in, "trusted_proxy");
	for (size_t i = 0; i < json_array_size(v); i++) {
		if (i == sizeof(proxies) / sizeof(proxies[0])) {
			json_decref(in);
			br_error(&err, BR_EINVAL, "trusted-proxy",
			         "at most 64 --trusted-proxy ranges may be "
			         "given");
			return br_cli_fail(cli, &err);
		}
		proxies[i] = json_string_value(json_array_get(v, i));
		cfg.n_trusted_proxies = (int)i + 1;
	}
	cfg.trusted_proxies = proxies;
	cfg.threads = (unsigned)threads;
	v = json_object_get(in, "listen");
	cfg.listen = v ? json_string_value(v) : "127.0.0.1:8080";
	cfg.api.secure_cookies =
	        json_is_true(json_object_get(in, "secure_cookies"));
	/* A --today (or $BACKREST_TODAY) other than the clock's date is
	 * kept fixed; otherwise every request reads the clock. */
	cfg.api.today =
	        cli->app.today != br_today_local() ? cli->app.today : INT32_MIN;
	cfg.db_path = cli->db_path;
	cfg.api.instruments_dir = cli->app.instruments_dir;

	/* A bad instrument file stops the server now, not a request later. */
	{
		const struct br_instrument_set *instruments;

		rc = br_instruments_load(cfg.api.instruments_dir, &instruments,
		                         &err);
		if (rc < 0) {
			json_decref(in);
			return br_cli_fail(cli, &err);
		}
	}

	/* Migrate once, before any request thread opens the store. */
	rc = br_cli_open(cli, &err);
	if (rc == 0) {
		/* Signals are taken by sigwait below; the server's threads
		 * inherit the blocked mask. */
		sigemptyset(&set);
		sigaddset(&set, SIGINT);
		sigaddset(&set, SIGTERM);
		pthread_sigmask(SIG_BLOCK, &set, NULL);
		signal(SIGPIPE, SIG_IGN);
		rc = br_server_start(&cfg, &srv, &err);
	}
	if (rc == 0 && json_object_get(in, "smtp"))
		rc = br_remind_loop_start(cfg.db_path, cfg.api.instruments_dir,
		                          &rcfg, (int)every, &reminders, &err);
	if (rc < 0) {
		if (srv)
			br_server_stop(srv);
		json_decref(in);
		return br_cli_fail(cli, &err);
	}
	warn_db_mode(cfg.db_path);
	{
		char host[64];
		const char *colon = strrchr(cfg.listen, ':');
		size_t n = colon ? (size_t)(colon - cfg.listen) : 0;
		bool tls = br_server_tls(srv);

		snprintf(host, sizeof(host), "%.*s", (int)n, cfg.listen);
		if (!tls && cfg.insecure_http)
			fprintf(stderr,
			        "backrest serve: warning: plain HTTP on %s "
			        "(--insecure-http): passwords and health data "
			        "cross the network unencrypted unless a proxy "
			        "adds TLS\n",
			        host);
		else if (!tls)
			fprintf(stderr,
			        "backrest serve: plain HTTP on the loopback "
			        "address %s only; give --tls-cert and "
			        "--tls-key "
			        "to serve other machines over HTTPS\n",
			        host);
		printf("listening on %s://%s:%u\n", tls ? "https" : "http",
		       host, br_server_port(srv));
		fflush(stdout);
	}
	sigwait(&set, &sig);
	br_remind_loop_stop(reminders);
	if (json_object_get(in, "smtp"))
		br_smtp_clear(&smtp);
	br_server_stop(srv);
	/* No PDF report is drawn any more: let go of the font caches. */
	br_report_release();
	json_decref(in);
	if (!cli->quiet)
		fprintf(stderr, "backrest: stopped\n");
	return 0;
}

static const struct br_cli_sub subs[] = {
        {"", opts, NULL, NULL, NULL,
         .summary = "the web app and the HTTP API (/api/v1/, described at "
                    "/api/v1/openapi.json) until SIGINT or SIGTERM",
         .example = {"backrest --db clinic.db serve --listen 0.0.0.0:8443 "
                     "--tls-cert cert.pem --tls-key key.pem",
                     "backrest serve --listen 127.0.0.1:0 --threads 4"},
         .run = run_serve},
        {NULL, NULL, NULL, NULL, NULL},
};

const struct br_cli_cmd br_cli_cmd_serve = {
        "serve", "Setting up", "the web server and HTTP JSON API", subs};
