/*
 * smtp.h - sending one email through an SMTP server with libcurl, which
 * is loaded at the first send (core/dl.h) so commands that send nothing
 * never map it.
 *
 * The server is given as smtps://[user@]host[:port] (TLS from the start)
 * or smtp://[user@]host[:port] (STARTTLS required, unless the host is a
 * loopback address, where it is used when offered).  The password is
 * never part of the URL: it comes from a file or the environment
 * variable BACKREST_SMTP_PASSWORD, and is never written anywhere.
 *
 * Memory: struct br_smtp is plain caller storage; br_smtp_clear wipes
 * the password.
 */
#ifndef BR_APP_SMTP_H
#define BR_APP_SMTP_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

struct br_smtp {
	char url[320]; /* scheme://host:port, without the user */
	char host[256];
	char user[256];     /* "" = no authentication */
	char password[256]; /* "" = none */
	char from[256];     /* the envelope and From: address */
	bool tls;           /* smtps:// */
	bool loopback;      /* STARTTLS not required */
};

/* Reads the server URL (field "smtp"), the password from password_file
 * (when not NULL; field "smtp-password-file") or else from
 * $BACKREST_SMTP_PASSWORD, and the sender address (field "mail-from"). */
int br_smtp_config(struct br_smtp *c, const char *url,
                   const char *password_file, const char *from,
                   struct br_err *err);

/* One email: a plain-text and an HTML version of the same words, sent
 * as multipart/alternative with both parts quoted-printable (so long
 * lines and UTF-8 travel intact).  From (c->from), To and Date are
 * written here; headers adds others, "Name: value" lines (Subject,
 * Message-ID, ...) in a NULL-terminated list, none holding CR or LF. */
struct br_mail {
	const char *to;
	const char *const *headers;
	const char *text; /* UTF-8, CRLF line ends */
	const char *html; /* UTF-8, CRLF line ends */
};

/* Sends m to its one recipient; BR_EIO with curl's words for the failure
 * (no address, no content) when the server refuses or cannot be
 * reached, or when libcurl could not build the message. */
int br_smtp_send(const struct br_smtp *c, const struct br_mail *m,
                 struct br_err *err);

void br_smtp_clear(struct br_smtp *c);

#endif
