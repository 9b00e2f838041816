/*
 * smtp.c - one email through SMTP with libcurl (see smtp.h).
 */
#define CURL_DISABLE_TYPECHECK 1
#include "app/smtp.h"

#include <curl/curl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "core/dl.h"

static __typeof__(curl_global_init) *sym_curl_global_init;
static __typeof__(curl_easy_init) *sym_curl_easy_init;
static __typeof__(curl_easy_setopt) *sym_curl_easy_setopt;
static __typeof__(curl_easy_perform) *sym_curl_easy_perform;
static __typeof__(curl_easy_cleanup) *sym_curl_easy_cleanup;
static __typeof__(curl_easy_strerror) *sym_curl_easy_strerror;
static __typeof__(curl_easy_getinfo) *sym_curl_easy_getinfo;
static __typeof__(curl_slist_append) *sym_curl_slist_append;
static __typeof__(curl_slist_free_all) *sym_curl_slist_free_all;
static __typeof__(curl_mime_init) *sym_curl_mime_init;
static __typeof__(curl_mime_addpart) *sym_curl_mime_addpart;
static __typeof__(curl_mime_data) *sym_curl_mime_data;
static __typeof__(curl_mime_type) *sym_curl_mime_type;
static __typeof__(curl_mime_encoder) *sym_curl_mime_encoder;
static __typeof__(curl_mime_free) *sym_curl_mime_free;

static const struct br_dl_sym curl_syms[] = {
        {BR_DL_SYM(curl_global_init)},    {BR_DL_SYM(curl_easy_init)},
        {BR_DL_SYM(curl_easy_setopt)},    {BR_DL_SYM(curl_easy_perform)},
        {BR_DL_SYM(curl_easy_cleanup)},   {BR_DL_SYM(curl_easy_strerror)},
        {BR_DL_SYM(curl_easy_getinfo)},   {BR_DL_SYM(curl_slist_append)},
        {BR_DL_SYM(curl_slist_free_all)}, {BR_DL_SYM(curl_mime_init)},
        {BR_DL_SYM(curl_mime_addpart)},   {BR_DL_SYM(curl_mime_data)},
        {BR_DL_SYM(curl_mime_type)},      {BR_DL_SYM(curl_mime_encoder)},
        {BR_DL_SYM(curl_mime_free)},      {NULL, NULL},
};
static struct br_dl_lib curl_lib = {
        .soname = "libcurl.so.4",
        .package = "libcurl4",
        .feature = "sending reminders by email",
        .syms = curl_syms,
};

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static CURLcode curl_init_rc = CURLE_FAILED_INIT;

static void
curl_init(void)
{
	curl_init_rc = sym_curl_global_init(CURL_GLOBAL_DEFAULT);
}

static bool
is_loopback(const char *host)
{
	return strcmp(host, "localhost") == 0 || strcmp(host, "::1") == 0 ||
	       strncmp(host, "127.", 4) == 0;
}

/* Host names and addresses: letters, digits, '.', '-', ':' (IPv6). */
static bool
host_ok(const char *s, size_t n)
{
	if (n == 0 || n >= 256)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		      (s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '.' ||
		      s[i] == '-' || s[i] == ':'))
			return false;
	return true;
}

static int
read_password(struct br_smtp *c, const char *file, struct br_err *err)
{
	const char *env;

	if (file == NULL) {
		env = getenv("BACKREST_SMTP_PASSWORD");
		if (env && strlen(env) >= sizeof(c->password))
			return br_error(err, BR_EINVAL,
			                "BACKREST_SMTP_PASSWORD",
			                "BACKREST_SMTP_PASSWORD is longer than "
			                "%zu bytes",
			                sizeof(c->password) - 1);
		snprintf(c->password, sizeof(c->password), "%s",
		         env ? env : "");
		return 0;
	}
	FILE *f = fopen(file, "r");
	size_t n;

	if (f == NULL)
		return br_error(err, BR_EINVAL, "smtp_password_file",
		                "smtp_password_file %s cannot be read", file);
	n = fread(c->password, 1, sizeof(c->password) - 1, f);
	fclose(f);
	c->password[n] = '\0';
	n = strcspn(c->password, "\r\n");
	c->password[n] = '\0';
	if (n == 0)
		return br_error(err, BR_EINVAL, "smtp_password_file",
		                "smtp_password_file %s is empty", file);
	return 0;
}

int
br_smtp_config(struct br_smtp *c, const char *url, const char *password_file,
               const char *from, struct br_err *err)
{
	const char *p, *at, *host, *end, *colon;
	size_t hn;
	long port = 0;

	memset(c, 0, sizeof(*c));
	if (url == NULL)
		return br_error(err, BR_EINVAL, "smtp",
		                "smtp is required: the server as "
		                "smtps://user@host:port or smtp://...");
	if (strncmp(url, "smtps://", 8) == 0) {
		c->tls = true;
		p = url + 8;
	} else if (strncmp(url, "smtp://", 7) == 0) {
		p = url + 7;
	} else {
		return br_error(err, BR_EINVAL, "smtp",
		                "smtp must start with smtps:// or smtp://");
	}
	end = p + strcspn(p, "/?#");
	if (*end != '\0' && !(end[0] == '/' && end[1] == '\0'))
		return br_error(err, BR_EINVAL, "smtp",
		                "smtp takes no path: give "
		                "smtps://user@host:port");
	at = NULL;
	for (const char *q = p; q < end; q++)
		if (*q == '@')
			at = q;
	host = p;
	if (at) {
		if (memchr(p, ':', (size_t)(at - p)))
			return br_error(err, BR_EINVAL, "smtp",
			                "smtp must not hold the password: give "
			                "--smtp-password-file or "
			                "BACKREST_SMTP_PASSWORD");
		if ((size_t)(at - p) >= sizeof(c->user) || at == p)
			return br_error(err, BR_EINVAL, "smtp",
			                "smtp has an empty or too long user "
			                "name");
		memcpy(c->user, p, (size_t)(at - p));
		host = at + 1;
	}
	if (*host == '[') {
		const char *rb = memchr(host, ']', (size_t)(end - host));

		if (rb == NULL)
			return br_error(err, BR_EINVAL, "smtp",
			                "smtp has an unclosed [ in its host");
		hn = (size_t)(rb - host - 1);
		if (!host_ok(host + 1, hn))
			return br_error(err, BR_EINVAL, "smtp",
			                "smtp has no valid host");
		memcpy(c->host, host + 1, hn);
		colon = rb[1] == ':' ? rb + 1 : NULL;
	} else {
		colon = memchr(host, ':', (size_t)(end - host));
		hn = (size_t)((colon ? colon : end) - host);
		if (!host_ok(host, hn))
			return br_error(err, BR_EINVAL, "smtp",
			                "smtp has no valid host");
		memcpy(c->host, host, hn);
	}
	if (colon) {
		char *e;

		port = strtol(colon + 1, &e, 10);
		if (e == colon + 1 || e != end || port < 1 || port > 65535)
			return br_error(err, BR_EINVAL, "smtp",
			                "smtp has a port that is not 1-65535");
	}
	c->loopback = is_loopback(c->host);
	snprintf(c->url, sizeof(c->url), "%s://%s%s%s:%ld",
	         c->tls ? "smtps" : "smtp", strchr(c->host, ':') ? "[" : "",
	         c->host, strchr(c->host, ':') ? "]" : "",
	         port ? port : (c->tls ? 465L : 587L));
	if (from == NULL || !strchr(from, '@') ||
	    strlen(from) >= sizeof(c->from) || strpbrk(from, "<>\r\n ,"))
		return br_error(err, BR_EINVAL, "mail_from",
		                "mail_from must be one email address, such as "
		                "reminders@clinic.example");
	snprintf(c->from, sizeof(c->from), "%s", from);
	if (read_password(c, password_file, err) < 0) {
		br_smtp_clear(c);
		return err->code;
	}
	if (c->password[0] && !c->user[0]) {
		br_smtp_clear(c);
		return br_error(err, BR_EINVAL, "smtp",
		                "smtp needs the user name (user@host) when a "
		                "password is given");
	}
	return 0;
}

void
br_smtp_clear(struct br_smtp *c)
{
	sodium_memzero(c->password, sizeof(c->password));
}

/* list with line appended; *ok turns false (and stays) when out of
 * memory. */
static struct curl_slist *
append(struct curl_slist *list, const char *line, bool *ok)
{
	struct curl_slist *n = *ok ? sym_curl_slist_append(list, line) : NULL;

	if (n == NULL)
		*ok = false;
	return n ? n : list;
}

/* The message's headers; NULL when out of memory.  The Content-Type
 * line makes libcurl's top-level multipart an alternative; libcurl
 * writes it itself, with its boundary, in place of this one. */
static struct curl_slist *
mail_headers(const struct br_smtp *c, const struct br_mail *m)
{
	char from[sizeof(c->from) + 8], to[300], date[64];
	struct curl_slist *list = NULL;
	time_t t = time(NULL);
	struct tm tm;
	bool ok = true;

	gmtime_r(&t, &tm);
	strftime(date, sizeof(date), "Date: %a, %d %b %Y %H:%M:%S +0000", &tm);
	snprintf(from, sizeof(from), "From: %s", c->from);
	snprintf(to, sizeof(to), "To: %s", m->to);
	list = append(list, from, &ok);
	list = append(list, to, &ok);
	list = append(list, date, &ok);
	for (size_t i = 0; m->headers && m->headers[i]; i++)
		list = append(list, m->headers[i], &ok);
	list = append(list, "Content-Type: multipart/alternative", &ok);
	if (!ok) {
		sym_curl_slist_free_all(list);
		return NULL;
	}
	return list;
}

/* A quoted-printable text part of mime. */
static bool
add_text(curl_mime *mime, const char *type, const char *text)
{
	curl_mimepart *part = sym_curl_mime_addpart(mime);

	return part &&
	       sym_curl_mime_data(part, text, CURL_ZERO_TERMINATED) ==
	               CURLE_OK &&
	       sym_curl_mime_type(part, type) == CURLE_OK &&
	       sym_curl_mime_encoder(part, "quoted-printable") == CURLE_OK;
}

int
br_smtp_send(const struct br_smtp *c, const struct br_mail *m,
             struct br_err *err)
{
	struct curl_slist *rcpt = NULL, *headers = NULL;
	curl_mime *mime = NULL;
	char from[sizeof(c->from) + 2], rcpt_to[300];
	long code = 0;
	CURLcode rc;
	CURL *h;

	if (br_dl_load(&curl_lib, err) < 0)
		return err->code;
	pthread_once(&curl_once, curl_init);
	if (curl_init_rc != CURLE_OK)
		return br_error(err, BR_EIO, "smtp", "libcurl did not start");
	h = sym_curl_easy_init();
	if (h == NULL)
		return br_error(err, BR_EIO, "smtp", "libcurl did not start");
	snprintf(from, sizeof(from), "<%s>", c->from);
	snprintf(rcpt_to, sizeof(rcpt_to), "<%s>", m->to);
	rcpt = sym_curl_slist_append(NULL, rcpt_to);
	headers = mail_headers(c, m);
	mime = sym_curl_mime_init(h);
	if (rcpt == NULL || headers == NULL || mime == NULL ||
	    !add_text(mime, "text/plain; charset=utf-8", m->text) ||
	    !add_text(mime, "text/html; charset=utf-8", m->html)) {
		sym_curl_mime_free(mime);
		sym_curl_slist_free_all(headers);
		sym_curl_slist_free_all(rcpt);
		sym_curl_easy_cleanup(h);
		return br_error(err, BR_ENOMEM, "", "out of memory");
	}
	sym_curl_easy_setopt(h, CURLOPT_URL, c->url);
	sym_curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	sym_curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	sym_curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 20L);
	sym_curl_easy_setopt(h, CURLOPT_TIMEOUT, 60L);
	if (!c->tls)
		sym_curl_easy_setopt(h, CURLOPT_USE_SSL,
		                     c->loopback ? (long)CURLUSESSL_TRY
		                                 : (long)CURLUSESSL_ALL);
	if (c->user[0])
		sym_curl_easy_setopt(h, CURLOPT_USERNAME, c->user);
	if (c->password[0])
		sym_curl_easy_setopt(h, CURLOPT_PASSWORD, c->password);
	sym_curl_easy_setopt(h, CURLOPT_MAIL_FROM, from);
	sym_curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt);
	sym_curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
	sym_curl_easy_setopt(h, CURLOPT_MIMEPOST, mime);
	rc = sym_curl_easy_perform(h);
	sym_curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
	sym_curl_easy_cleanup(h);
	sym_curl_mime_free(mime);
	sym_curl_slist_free_all(headers);
	sym_curl_slist_free_all(rcpt);
	if (rc != CURLE_OK && code)
		return br_error(err, BR_EIO, "smtp",
		                "the mail server did not take the message (%s, "
		                "reply %ld)",
		                sym_curl_easy_strerror(rc), code);
	if (rc != CURLE_OK)
		return br_error(err, BR_EIO, "smtp",
		                "the mail server did not take the message (%s)",
		                sym_curl_easy_strerror(rc));
	return 0;
}
