/*
 * cmd_backup.c - backrest backup --out FILE [--encrypt] [--key-file F]
 * | backup --verify FILE [--key-file F], and backrest restore FILE
 * [--force] [--key-file F] (store/backup.h).
 *
 * The database is the global --db (a path or postgresql:// URI): the one
 * backed up, or the target of a restore.  With --encrypt (and to read an
 * encrypted backup) the passphrase is the contents of --key-file (which
 * must not be readable by others; one trailing newline dropped) or else
 * standard input (asked for without echo on a terminal).  --kdf
 * moderate|interactive|sensitive picks libsodium's argon2id limits for
 * the key (moderate: 256 MiB, the default; interactive: 64 MiB, faster;
 * sensitive: 1 GiB).  Output names
 * the backend, never the target (a URI may hold a password).
 */
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/parse.h"
#include "store/backup.h"

#define PASS_MAX 1024

struct pass {
	const char *key_file;
	char buf[PASS_MAX + 2];
	size_t len;
	bool read;
};

static int
read_key_file(struct pass *p, struct br_err *err)
{
	struct stat st;
	FILE *f = fopen(p->key_file, "rb");

	if (f == NULL)
		return br_error(err, BR_EINVAL, "key-file",
		                "cannot read --key-file %s: %s", p->key_file,
		                strerror(errno));
	if (fstat(fileno(f), &st) == 0 && (st.st_mode & 077) != 0) {
		fclose(f);
		return br_error(err, BR_EINVAL, "key-file",
		                "--key-file %s is readable by others; make it "
		                "private (chmod 600)",
		                p->key_file);
	}
	p->len = fread(p->buf, 1, sizeof(p->buf) - 1, f);
	fclose(f);
	return 0;
}

static void
read_stdin(struct pass *p)
{
	struct termios old, quiet;
	bool tty = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &old) == 0;

	if (tty) {
		fprintf(stderr, "passphrase: ");
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
		if (fgets(p->buf, (int)sizeof(p->buf) - 1, stdin) != NULL)
			p->len = strlen(p->buf);
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
		fputc('\n', stderr);
		return;
	}
	p->len = fread(p->buf, 1, sizeof(p->buf) - 1, stdin);
}

static int
get_pass(void *ctx, const char **out, size_t *len, struct br_err *err)
{
	struct pass *p = ctx;
	int rc = 0;

	if (!p->read) {
		if (p->key_file)
			rc = read_key_file(p, err);
		else
			read_stdin(p);
		if (rc < 0)
			return rc;
		p->read = true;
		if (p->len > PASS_MAX)
			return br_error(
			        err, BR_EINVAL, "passphrase",
			        "the passphrase is longer than %d bytes",
			        PASS_MAX);
		if (p->len > 0 && p->buf[p->len - 1] == '\n')
			p->len--;
		if (p->len > 0 && p->buf[p->len - 1] == '\r')
			p->len--;
	}
	if (p->len == 0)
		return br_error(err, BR_EINVAL, "passphrase",
		                "the passphrase is empty");
	*out = p->buf;
	*len = p->len;
	return 0;
}

static json_t *
result_json(const struct br_backup_result *r)
{
	json_t *tables = json_array();

	for (int i = 0; i < r->tables.n_tables; i++) {
		char sum[40];

		snprintf(sum, sizeof(sum), "%016llx%016llx",
		         (unsigned long long)r->tables.tables[i].sum[0],
		         (unsigned long long)r->tables.tables[i].sum[1]);
		json_array_append_new(
		        tables, json_pack("{s:s, s:I, s:s}", "name",
		                          r->tables.tables[i].name, "rows",
		                          (json_int_t)r->tables.tables[i].rows,
		                          "checksum", sum));
	}
	return json_pack("{s:I, s:I, s:i, s:b, s:I, s:o, s:f}", "bytes",
	                 (json_int_t)r->bytes, "payload_bytes",
	                 (json_int_t)r->payload, "schema_version", r->schema,
	                 "encrypted", r->encrypted, "rows",
	                 (json_int_t)r->tables.rows, "tables", tables,
	                 "seconds", r->seconds);
}

static int
finish(struct br_cli *cli, struct br_backup_result *r, const char *what,
       const char *backend)
{
	json_t *o = result_json(r);

	br_backup_result_free(r);
	if (backend)
		json_object_set_new(o, "backend", json_string(backend));
	json_object_set_new(o, "verified", json_true());
	if (cli->json) {
		json_dumpf(o, stdout, JSON_INDENT(2));
		fputc('\n', stdout);
	} else {
		printf("%s: %lld rows in %zu tables, %lld bytes%s, in %.1f s; "
		       "verified: integrity check ok, every table's row count "
		       "and checksum match\n",
		       what,
		       (long long)json_integer_value(
		               json_object_get(o, "rows")),
		       json_array_size(json_object_get(o, "tables")),
		       (long long)json_integer_value(
		               json_object_get(o, "bytes")),
		       json_is_true(json_object_get(o, "encrypted"))
		               ? " (encrypted)"
		               : "",
		       json_number_value(json_object_get(o, "seconds")));
	}
	json_decref(o);
	return 0;
}

static const char *
backend_of(const char *target)
{
	return br_store_target_is_pg(target) ? "postgresql" : "sqlite";
}

static const char *
text(json_t *in, const char *key)
{
	const char *s = json_string_value(json_object_get(in, key));

	return s && s[0] ? s : NULL;
}

/* --out must name a file to replace, not a directory or the database. */
static int
out_conflict(const char *out, const char *db, struct br_err *err)
{
	struct stat o, d;

	if (stat(out, &o) != 0)
		return 0;
	if (S_ISDIR(o.st_mode))
		return br_error(err, BR_EINVAL, "out",
		                "--out %s is a directory: name a file", out);
	if (!br_store_target_is_pg(db) && stat(db, &d) == 0 &&
	    o.st_dev == d.st_dev && o.st_ino == d.st_ino)
		return br_error(err, BR_EINVAL, "out",
		                "--out names the database itself");
	return 0;
}

static const char *const kdfs[] = {"moderate", "interactive", "sensitive",
                                   NULL};

static const struct br_cli_opt backup_opts[] = {
        {"out", "out", BR_ARG_VALUE, "FILE",
         "write a backup of --db to FILE (replaced whole, mode 0600)"},
        {"verify", "verify", BR_ARG_VALUE, "FILE",
         "check the backup FILE whole without restoring it"},
        {"encrypt", "encrypt", BR_ARG_FLAG, NULL,
         "encrypt with a passphrase (from --key-file or standard input)"},
        {"key-file", "key_file", BR_ARG_VALUE, "FILE",
         "the passphrase: this file's contents (mode 0600)"},
        {"kdf", "kdf", BR_ARG_VALUE, "moderate|interactive|sensitive",
         "argon2id limits for the key (default moderate, 256 MiB)", kdfs},
        {NULL, NULL, 0, NULL, NULL, NULL},
};

static int
run_backup(struct br_cli *cli, int argc, char **argv)
{
	static const unsigned long long ops[] = {
	        crypto_pwhash_OPSLIMIT_MODERATE,
	        crypto_pwhash_OPSLIMIT_INTERACTIVE,
	        crypto_pwhash_OPSLIMIT_SENSITIVE};
	static const unsigned long long mem[] = {
	        crypto_pwhash_MEMLIMIT_MODERATE,
	        crypto_pwhash_MEMLIMIT_INTERACTIVE,
	        crypto_pwhash_MEMLIMIT_SENSITIVE};
	struct br_err err = BR_ERR_INIT;
	struct br_backup_result r = {0};
	struct br_backup_pass bp;
	struct br_store *from = NULL;
	int kdf = 0;
	struct pass pass = {0}, *p = &pass;
	const char *out = NULL, *verify = NULL, *pw = NULL;
	json_t *in = NULL;
	size_t pw_len = 0;
	int rc;

	rc = br_cli_parse(argc, argv, backup_opts, NULL, &in, &err);
	if (rc == 0) {
		out = text(in, "out");
		verify = text(in, "verify");
		p->key_file = text(in, "key_file");
	}
	if (rc == 0 && (out == NULL) == (verify == NULL))
		rc = br_error(&err, BR_EINVAL, out ? "verify" : "out",
		              "backup needs --out FILE (write a backup) or "
		              "--verify FILE (check one)");
	if (rc == 0 && text(in, "kdf"))
		rc = br_parse_enum("kdf", text(in, "kdf"), kdfs, &kdf, &err);
	if (rc == 0 && verify && json_is_true(json_object_get(in, "encrypt")))
		rc = br_error(&err, BR_EINVAL, "encrypt",
		              "--encrypt goes with --out, not --verify");
	bp.get = get_pass;
	bp.ctx = p;
	if (rc == 0 && verify) {
		rc = br_backup_verify(verify, &bp, &r, &err);
		goto done;
	}
	if (rc == 0 &&
	    (json_is_true(json_object_get(in, "encrypt")) || p->key_file))
		rc = get_pass(p, &pw, &pw_len, &err);
	if (rc == 0 && out_conflict(out, cli->db_path, &err) < 0)
		rc = err.code;
	if (rc == 0)
		rc = br_store_open_existing(cli->db_path, &from, &err);
	if (rc == 0)
		rc = br_store_backup(from, out, pw, pw_len, ops[kdf], mem[kdf],
		                     &r, &err);
	br_store_close(from);
done:
	sodium_memzero(p, sizeof(*p));
	json_decref(in);
	if (rc < 0) {
		br_backup_result_free(&r);
		return br_cli_fail(cli, &err);
	}
	return finish(cli, &r, verify ? "backup verified" : "backed up",
	              verify ? NULL : backend_of(cli->db_path));
}

static const struct br_cli_opt restore_opts[] = {
        {"force", "force", BR_ARG_FLAG, NULL,
         "replace the records of a --db that holds some"},
        {"key-file", "key_file", BR_ARG_VALUE, "FILE",
         "the passphrase of an encrypted backup: this file's contents"},
        {NULL, NULL, 0, NULL, NULL, NULL},
};

static const char *const restore_pos[] = {"file", NULL};

static int
run_restore(struct br_cli *cli, int argc, char **argv)
{
	struct br_err err = BR_ERR_INIT;
	struct br_backup_result r = {0};
	struct br_backup_pass bp;
	struct pass pass = {0}, *p = &pass;
	const char *file = NULL;
	json_t *in = NULL;
	int rc;

	rc = br_cli_parse(argc, argv, restore_opts, restore_pos, &in, &err);
	if (rc == 0) {
		file = text(in, "file");
		p->key_file = text(in, "key_file");
	}
	if (rc == 0 && file == NULL)
		rc = br_error(&err, BR_EINVAL, "file",
		              "restore needs the backup FILE");
	bp.get = get_pass;
	bp.ctx = p;
	if (rc == 0)
		rc = br_backup_restore(
		        file, &bp, cli->db_path,
		        json_is_true(json_object_get(in, "force")), &r, &err);
	sodium_memzero(p, sizeof(*p));
	json_decref(in);
	if (rc < 0) {
		br_backup_result_free(&r);
		return br_cli_fail(cli, &err);
	}
	return finish(cli, &r, "restored", backend_of(cli->db_path));
}

static const struct br_cli_sub backup_subs[] = {
        {"", backup_opts, NULL, NULL, NULL,
         .summary = "write a consistent copy of the database while it is "
                    "in use, or check one",
         .example = {"backrest backup --out clinic.brb --encrypt --key-file "
                     "backup.key",
                     "backrest backup --verify clinic.brb --key-file "
                     "backup.key"},
         .run = run_backup},
        {NULL, NULL, NULL, NULL, NULL},
};

const struct br_cli_cmd br_cli_cmd_backup = {
        "backup", "Setting up",
        "back the database up into one file, plain or encrypted", backup_subs};

static const struct br_cli_sub restore_subs[] = {
        {"", restore_opts, restore_pos, NULL, NULL,
         .summary = "restore a backup into --db, verified table by table",
         .example = {"backrest --db restored.db restore clinic.brb "
                     "--key-file backup.key"},
         .run = run_restore},
        {NULL, NULL, NULL, NULL, NULL},
};

const struct br_cli_cmd br_cli_cmd_restore = {
        "restore", "Setting up",
        "restore a backup into a new or emptied database", restore_subs};
