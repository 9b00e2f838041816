/*
 * help.c - everything the command line says about itself, generated from
 * the command table (br_cli_commands in main.c, the br_cli_cmd of each
 * cmd_<group>.c): "backrest help [COMMAND [SUB]]" and -h/--help at every
 * level, the machine-readable listing (help --json), the man page
 * backrest(1) (help --man), README's command reference (help --markdown)
 * and the bash completion (help --completion bash).  Nothing here allocates
 * memory that outlives a call.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "model/field.h"

struct global_opt {
	const char *flag, *value, *help;
};

static const struct global_opt globals[] = {
        {"db", "PATH",
         "the database: a file (SQLite) or postgresql://... (PostgreSQL); "
         "else $BACKREST_DB, else ./backrest.db"},
        {"today", "YYYY-MM-DD",
         "the date taken as today (else $BACKREST_TODAY, else the clock)"},
        {"json", NULL, "print exactly one JSON document on stdout"},
        {"quiet", NULL, "no progress output"},
        {"instruments", "DIR",
         "questionnaire definitions overriding the built-in ones (else "
         "$BACKREST_INSTRUMENTS)"},
        {NULL, NULL, NULL},
};

const char *
br_cli_pos_name(const char *key, char *buf, size_t n)
{
	size_t i = 0;

	for (; key[i] && i + 1 < n; i++)
		buf[i] = (char)toupper((unsigned char)key[i]);
	buf[n ? i : 0] = '\0';
	return buf;
}

/* "a|b|c" of a NULL-terminated list into buf. */
static void
join_values(const char *const *values, char *buf, size_t n)
{
	size_t len = 0;

	buf[0] = '\0';
	for (const char *const *v = values; *v && len < n; v++)
		len += (size_t)snprintf(buf + len, n - len, "%s%s",
		                        v == values ? "" : "|", *v);
}

/* The placeholder the field key of sub's table gives: its range, its
 * vocabulary or the shape of its value; NULL when the table does not
 * name key. */
static const char *
field_value(const struct br_cli_sub *sub, const char *key, char *buf, size_t n)
{
	const struct br_field *f =
	        sub && sub->fields ? br_fields_find(sub->fields, key) : NULL;
	bool range = f && (f->min != 0 || f->max != 0);

	if (f == NULL)
		return NULL;
	switch (f->type) {
	case BR_FT_INT:
		if (range)
			snprintf(buf, n, "%.0f-%.0f", f->min, f->max);
		else
			snprintf(buf, n, "N");
		return buf;
	case BR_FT_NUM:
		if (range)
			snprintf(buf, n, "%g-%g", f->min, f->max);
		else
			snprintf(buf, n, "NUMBER");
		return buf;
	case BR_FT_DATE:
		snprintf(buf, n, "YYYY-MM-DD");
		return buf;
	case BR_FT_CLOCK:
		snprintf(buf, n, "HH:MM");
		return buf;
	case BR_FT_BOOL:
		snprintf(buf, n, "yes|no");
		return buf;
	case BR_FT_ENUM:
		if (f->values)
			join_values(f->values, buf, n);
		else
			snprintf(buf, n, "CODE");
		return buf;
	case BR_FT_LIST:
		if (f->values) {
			size_t len;

			join_values(f->values, buf, n);
			len = strlen(buf);
			snprintf(buf + len, n - len, "[,...]");
		} else {
			snprintf(buf, n, "VALUE[,...]");
		}
		return buf;
	case BR_FT_ID:
		return br_cli_pos_name(key, buf, n);
	case BR_FT_TEXT:
		snprintf(buf, n, "TEXT");
		return buf;
	case BR_FT_OBJECT:
	case BR_FT_ARRAY:
	case BR_FT_CODES:
		break;
	}
	return NULL;
}

const char *
br_cli_opt_value(const struct br_cli_sub *sub, const struct br_cli_opt *o,
                 char *buf, size_t n)
{
	const char *help;

	buf[0] = '\0';
	if (o->kind == BR_ARG_FLAG)
		return buf;
	if (o->value)
		return o->value;
	if (o->vocab) {
		join_values(o->vocab, buf, n);
		return buf;
	}
	if (sub && sub->describe && sub->describe(o->key, buf, n, &help))
		return buf;
	if (field_value(sub, o->key, buf, n))
		return buf;
	snprintf(buf, n, "VALUE");
	return buf;
}

const char *
br_cli_opt_help(const struct br_cli_sub *sub, const struct br_cli_opt *o)
{
	const char *help = NULL;
	char buf[160];

	if (o->help)
		return o->help;
	if (sub && sub->describe &&
	    sub->describe(o->key, buf, sizeof(buf), &help))
		return help ? help : "";
	if (sub && sub->fields) {
		const struct br_field *f = br_fields_find(sub->fields, o->key);

		if (f && f->doc)
			return f->doc;
	}
	return "";
}

/* "PATIENT_ID [options]" or the options written out when few. */
static void
arguments(const struct br_cli_sub *s, char *buf, size_t n)
{
	size_t len = 0;
	int nopts = 0;
	char name[48], value[160];

	buf[0] = '\0';
	if (s->synopsis) {
		snprintf(buf, n, "%s", s->synopsis);
		return;
	}
	for (const char *const *p = s->positionals; p && *p && len < n; p++)
		len += (size_t)snprintf(
		        buf + len, n - len, "%s%s", len ? " " : "",
		        br_cli_pos_name(*p, name, sizeof(name)));
	for (const struct br_cli_opt *o = s->opts; o && o->flag; o++)
		nopts++;
	if (nopts > 3) {
		if (len < n)
			snprintf(buf + len, n - len, "%s[options]",
			         len ? " " : "");
		return;
	}
	for (const struct br_cli_opt *o = s->opts; o && o->flag && len < n;
	     o++) {
		const char *v = br_cli_opt_value(s, o, value, sizeof(value));

		len += (size_t)snprintf(buf + len, n - len, "%s[--%s%s%s]%s",
		                        len ? " " : "", o->flag,
		                        v[0] ? " " : "", v,
		                        o->kind == BR_ARG_REPEAT ? "..." : "");
	}
}

/* Prints text from column col, wrapping at 79 columns to column indent;
 * ends the line. */
static void
wrap(FILE *f, int col, int indent, const char *text)
{
	while (*text) {
		size_t n = strcspn(text, " ");

		if (col > indent && col + 1 + (int)n > 79) {
			fprintf(f, "\n%*s", indent, "");
			col = indent;
		} else if (col > indent) {
			fputc(' ', f);
			col++;
		}
		fwrite(text, 1, n, f);
		col += (int)n;
		text += n;
		while (*text == ' ')
			text++;
	}
	fputc('\n', f);
}

static void
print_options(FILE *f, const struct br_cli_sub *s)
{
	char value[160], left[200];

	if (s->opts == NULL || s->opts[0].flag == NULL)
		return;
	fprintf(f, "\noptions:\n");
	for (const struct br_cli_opt *o = s->opts; o->flag; o++) {
		const char *v = br_cli_opt_value(s, o, value, sizeof(value));
		const char *h = br_cli_opt_help(s, o);

		char text[400];

		snprintf(left, sizeof(left), "--%s%s%s", o->flag,
		         v[0] ? " " : "", v);
		snprintf(text, sizeof(text), "%s%s", h,
		         o->kind == BR_ARG_REPEAT ? " (repeat)" : "");
		if (strlen(left) > 24)
			fprintf(f, "  %s\n%28s", left, "");
		else
			fprintf(f, "  %-24s  ", left);
		wrap(f, 28, 28, text);
	}
}

static void
print_examples(FILE *f, const struct br_cli_sub *s, bool *header)
{
	for (int i = 0; i < 2; i++) {
		if (s->example[i] == NULL)
			continue;
		if (!*header)
			fprintf(f, "\nexamples:\n");
		*header = true;
		fprintf(f, "  %s\n", s->example[i]);
	}
	for (const struct br_cli_sub *c = s->subs; c && c->name; c++)
		print_examples(f, c, header);
}

/* buf = a + " " + b (either may be empty), cut to n bytes. */
static void
join(char *buf, size_t n, const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), k = 0;

	if (n == 0)
		return;
	for (size_t i = 0; i < la && k + 1 < n; i++)
		buf[k++] = a[i];
	if (la && lb && k + 1 < n)
		buf[k++] = ' ';
	for (size_t i = 0; i < lb && k + 1 < n; i++)
		buf[k++] = b[i];
	buf[k] = '\0';
}

/* The usage lines of every subcommand under path. */
static void
print_usage_lines(FILE *f, const char *path, const struct br_cli_sub *subs,
                  bool *first)
{
	char args[400], p[96];

	for (const struct br_cli_sub *s = subs; s->name; s++) {
		join(p, sizeof(p), path, s->name);
		if (s->subs) {
			print_usage_lines(f, p, s->subs, first);
			continue;
		}
		arguments(s, args, sizeof(args));
		fprintf(f, "%s backrest %s%s%s\n", *first ? "usage:" : "      ",
		        p, args[0] ? " " : "", args);
		*first = false;
	}
}

static void
print_sub(FILE *f, const char *path, const struct br_cli_sub *s, bool full)
{
	char args[400];

	arguments(s, args, sizeof(args));
	if (full)
		fprintf(f, "usage: backrest %s%s%s\n", path, args[0] ? " " : "",
		        args);
	else
		fprintf(f, "\nbackrest %s%s%s\n", path, args[0] ? " " : "",
		        args);
	if (s->summary && full) {
		fputc('\n', f);
		wrap(f, 0, 0, s->summary);
	} else if (s->summary) {
		fputs("  ", f);
		wrap(f, 2, 2, s->summary);
	}
	print_options(f, s);
}

static void
print_global_line(FILE *f)
{
	fputc('\n', f);
	wrap(f, 0, 0,
	     "global options (anywhere on the line): --db PATH, --today "
	     "YYYY-MM-DD, --json, --quiet, --instruments DIR; see 'backrest "
	     "help'");
}

void
br_cli_usage(FILE *f, const struct br_cli_cmd *cmd, const char *path,
             const struct br_cli_sub *subs, const struct br_cli_sub *sub)
{
	bool first = true, header = false;
	char p[96];

	if (sub) {
		print_sub(f, path, sub, true);
		print_examples(f, sub, &header);
		print_global_line(f);
		return;
	}
	/* A command or a nested group: every subcommand's usage line, then
	 * each with its options, then the examples. */
	print_usage_lines(f, path, subs, &first);
	if (strcmp(path, cmd->name) == 0 && cmd->summary[0])
		fprintf(f, "\n%s\n", cmd->summary);
	for (const struct br_cli_sub *s = subs; s->name; s++) {
		join(p, sizeof(p), path, s->name);
		if (s->subs) {
			for (const struct br_cli_sub *c = s->subs; c->name;
			     c++) {
				char q[96];

				join(q, sizeof(q), p, c->name);
				print_sub(f, q, c, false);
			}
			continue;
		}
		if (s->summary || (s->opts && s->opts[0].flag))
			print_sub(f, p, s, false);
	}
	for (const struct br_cli_sub *s = subs; s->name; s++)
		print_examples(f, s, &header);
	if (subs[0].name && (subs[1].name || subs[0].name[0]))
		fprintf(f,
		        "\nrun 'backrest help %s SUBCOMMAND' for one "
		        "subcommand\n",
		        path);
	print_global_line(f);
}

void
br_cli_usage_brief(FILE *f, const char *path, const struct br_cli_sub *subs)
{
	bool first = true;

	print_usage_lines(f, path, subs, &first);
	fprintf(f, "run 'backrest help %s' for the options and examples\n",
	        path);
}

/* The top-level help: global options and the commands by section. */
void
br_cli_help_top(FILE *f)
{
	const char *section = NULL;

	fprintf(f, "usage: backrest [GLOBAL OPTIONS] COMMAND [SUBCOMMAND] "
	           "[ARGUMENTS] [OPTIONS]\n"
	           "       backrest help [COMMAND [SUBCOMMAND]]\n"
	           "       backrest COMMAND [SUBCOMMAND] --help\n\n"
	           "Measurement-based care of back pain that disrupts sleep.\n"
	           "\nglobal options (anywhere on the line):\n");
	for (const struct global_opt *g = globals; g->flag; g++) {
		char left[64];

		snprintf(left, sizeof(left), "--%s%s%s", g->flag,
		         g->value ? " " : "", g->value ? g->value : "");
		fprintf(f, "  %-20s  ", left);
		wrap(f, 24, 24, g->help);
	}
	for (const struct br_cli_cmd *const *c = br_cli_commands; *c; c++) {
		if (section == NULL || strcmp(section, (*c)->section) != 0) {
			section = (*c)->section;
			fprintf(f, "\n%s:\n", section);
		}
		fprintf(f, "  %-10s  ", (*c)->name);
		wrap(f, 14, 14, (*c)->summary);
	}
	fputc('\n', f);
	wrap(f, 0, 0,
	     "run 'backrest help COMMAND' for a command's subcommands, "
	     "options and examples; 'backrest help --man' prints the manual "
	     "page.");
}

static json_t *
sub_json(const char *path, const struct br_cli_sub *s)
{
	json_t *o = json_object(), *opts = json_array(), *args = json_array(),
	       *ex = json_array(), *subs;
	char buf[400], name[48], p[96];

	join(p, sizeof(p), path, s->name);
	json_object_set_new(o, "name", json_string(s->name));
	json_object_set_new(o, "summary",
	                    json_string(s->summary ? s->summary : ""));
	if (s->subs) {
		subs = json_array();
		for (const struct br_cli_sub *c = s->subs; c->name; c++)
			json_array_append_new(subs, sub_json(p, c));
		json_object_set_new(o, "subcommands", subs);
		json_decref(opts);
		json_decref(args);
		json_decref(ex);
		return o;
	}
	arguments(s, buf, sizeof(buf));
	json_object_set_new(
	        o, "usage",
	        json_sprintf("backrest %s%s%s", p, buf[0] ? " " : "", buf));
	for (const char *const *a = s->positionals; a && *a; a++)
		json_array_append_new(args, json_string(br_cli_pos_name(
		                                    *a, name, sizeof(name))));
	for (const struct br_cli_opt *x = s->opts; x && x->flag; x++) {
		const char *v = br_cli_opt_value(s, x, buf, sizeof(buf));

		json_array_append_new(
		        opts, json_pack("{s:s+, s:o, s:s, s:b}", "flag", "--",
		                        x->flag, "value",
		                        v[0] ? json_string(v) : json_null(),
		                        "help", br_cli_opt_help(s, x), "repeat",
		                        x->kind == BR_ARG_REPEAT));
	}
	for (int i = 0; i < 2; i++)
		if (s->example[i])
			json_array_append_new(ex, json_string(s->example[i]));
	json_object_set_new(o, "arguments", args);
	json_object_set_new(o, "options", opts);
	json_object_set_new(o, "examples", ex);
	return o;
}

static int
print_json(void)
{
	json_t *cmds = json_array(), *g = json_array(), *doc;

	for (const struct global_opt *x = globals; x->flag; x++)
		json_array_append_new(g,
		                      json_pack("{s:s+, s:o, s:s}", "flag",
		                                "--", x->flag, "value",
		                                x->value ? json_string(x->value)
		                                         : json_null(),
		                                "help", x->help));
	for (const struct br_cli_cmd *const *c = br_cli_commands; *c; c++) {
		json_t *subs = json_array();

		for (const struct br_cli_sub *s = (*c)->subs; s->name; s++)
			json_array_append_new(subs, sub_json((*c)->name, s));
		json_array_append_new(cmds, json_pack("{s:s, s:s, s:s, s:o}",
		                                      "name", (*c)->name,
		                                      "section", (*c)->section,
		                                      "summary", (*c)->summary,
		                                      "subcommands", subs));
	}
	doc = json_pack("{s:s, s:o, s:o}", "program", "backrest",
	                "global_options", g, "commands", cmds);
	json_dumpf(doc, stdout, JSON_INDENT(2));
	fputc('\n', stdout);
	json_decref(doc);
	return 0;
}

/* roff-escaped text: backslash, hyphen-minus, and a leading . or '. */
static void
roff(FILE *f, const char *s)
{
	if (*s == '.' || *s == '\'')
		fputs("\\&", f);
	for (; *s; s++) {
		if (*s == '\\')
			fputs("\\e", f);
		else if (*s == '-')
			fputs("\\-", f);
		else
			fputc(*s, f);
	}
}

static void
man_sub(FILE *f, const char *path, const struct br_cli_sub *s)
{
	char args[400], value[160], p[96];

	join(p, sizeof(p), path, s->name);
	if (s->subs) {
		for (const struct br_cli_sub *c = s->subs; c->name; c++)
			man_sub(f, p, c);
		return;
	}
	arguments(s, args, sizeof(args));
	fputs(".TP\n\\fBbackrest ", f);
	roff(f, p);
	fputs("\\fR", f);
	if (args[0]) {
		fputs(" \\fI", f);
		roff(f, args);
		fputs("\\fR", f);
	}
	fputs("\n", f);
	roff(f, s->summary ? s->summary : "");
	fputs(".\n", f);
	if (s->opts && s->opts[0].flag) {
		fputs(".RS\n", f);
		for (const struct br_cli_opt *o = s->opts; o->flag; o++) {
			const char *v =
			        br_cli_opt_value(s, o, value, sizeof(value));

			fputs(".TP\n.BR \\-\\-", f);
			roff(f, o->flag);
			if (v[0]) {
				fputs(" \" \\fI", f);
				roff(f, v);
				fputs("\\fR\"", f);
			}
			fputs("\n", f);
			roff(f, br_cli_opt_help(s, o));
			if (o->kind == BR_ARG_REPEAT)
				fputs(" (may be repeated)", f);
			fputs("\n", f);
		}
		fputs(".RE\n", f);
	}
	for (int i = 0; i < 2; i++) {
		if (s->example[i] == NULL)
			continue;
		fputs(".IP\n.nf\n", f);
		roff(f, s->example[i]);
		fputs("\n.fi\n", f);
	}
}

static int
print_man(void)
{
	FILE *f = stdout;
	const char *section = NULL;

	fputs(".TH BACKREST 1 \"\" \"backrest\" \"User Commands\"\n"
	      ".SH NAME\n"
	      "backrest \\- measurement\\-based care of back pain that "
	      "disrupts sleep\n"
	      ".SH SYNOPSIS\n"
	      ".B backrest\n"
	      ".RI [ \"global options\" ]\n"
	      ".I command\n"
	      ".RI [ subcommand ]\n"
	      ".RI [ arguments ]\n"
	      ".RI [ options ]\n"
	      ".br\n"
	      ".B backrest help\n"
	      ".RI [ command \" \" [ subcommand ]]\n"
	      ".SH DESCRIPTION\n"
	      "backrest keeps the records of a practice that treats back "
	      "pain which disrupts sleep: patients keep a sleep and pain "
	      "diary, practitioners chart sessions, questionnaires and "
	      "plans, and the clinic sees its outcomes.\n"
	      "Every command prints a human summary, or with\n"
	      ".B \\-\\-json\n"
	      "one JSON document on standard output.\n"
	      "Any command or subcommand followed by\n"
	      ".B \\-\\-help\n"
	      "prints its usage, options and examples.\n"
	      ".SH GLOBAL OPTIONS\n"
	      "These may appear anywhere on the command line.\n",
	      f);
	for (const struct global_opt *g = globals; g->flag; g++) {
		fputs(".TP\n.BR \\-\\-", f);
		roff(f, g->flag);
		if (g->value) {
			fputs(" \" \\fI", f);
			roff(f, g->value);
			fputs("\\fR\"", f);
		}
		fputs("\n", f);
		roff(f, g->help);
		fputs(".\n", f);
	}
	fputs(".SH COMMANDS\n", f);
	for (const struct br_cli_cmd *const *c = br_cli_commands; *c; c++) {
		if (section == NULL || strcmp(section, (*c)->section) != 0) {
			section = (*c)->section;
			fputs(".SS ", f);
			roff(f, section);
			fputs("\n", f);
		}
		for (const struct br_cli_sub *s = (*c)->subs; s->name; s++)
			man_sub(f, (*c)->name, s);
	}
	fputs(".SH EXIT STATUS\n"
	      "0 on success; 2 for bad input, an unknown record, a conflict "
	      "or a missing or unknown subcommand (with one sentence naming "
	      "the option on standard error); 1 for any other failure.\n"
	      ".SH ENVIRONMENT\n"
	      ".TP\n.B BACKREST_DB\nthe database when\n.B \\-\\-db\n"
	      "is not given.\n"
	      ".TP\n.B BACKREST_TODAY\nthe date taken as today when\n"
	      ".B \\-\\-today\nis not given.\n"
	      ".TP\n.B BACKREST_INSTRUMENTS\nthe questionnaire definitions "
	      "directory when\n.B \\-\\-instruments\nis not given.\n"
	      ".SH FILES\n"
	      ".TP\n.I ./backrest.db\nthe default database.\n"
	      ".SH SEE ALSO\n"
	      "The HTTP API that\n.B backrest serve\n"
	      "offers is under /api/v1/ and described at "
	      "/api/v1/openapi.json.\n",
	      f);
	return 0;
}

/* README's command reference: per section, each subcommand's usage
 * (options as "[options]", so that only a new command, subcommand or
 * argument changes it) and summary. */
static void
md_sub(FILE *f, const char *path, const struct br_cli_sub *s)
{
	char p[96], name[48];

	join(p, sizeof(p), path, s->name);
	if (s->subs) {
		for (const struct br_cli_sub *c = s->subs; c->name; c++)
			md_sub(f, p, c);
		return;
	}
	fprintf(f, "| `backrest %s", p);
	if (s->synopsis) {
		fputc(' ', f);
		for (const char *c = s->synopsis; *c; c++)
			fputs(*c == '|' ? "\\|" : (char[]){*c, '\0'}, f);
	} else {
		for (const char *const *a = s->positionals; a && *a; a++)
			fprintf(f, " %s",
			        br_cli_pos_name(*a, name, sizeof(name)));
		if (s->opts && s->opts[0].flag)
			fputs(" [options]", f);
	}
	fprintf(f, "` | %s |\n", s->summary ? s->summary : "");
}

static int
print_markdown(void)
{
	const char *section = NULL;

	for (const struct br_cli_cmd *const *c = br_cli_commands; *c; c++) {
		if (section == NULL || strcmp(section, (*c)->section) != 0) {
			section = (*c)->section;
			printf("%s### %s\n\n| command | what it does |\n"
			       "|---|---|\n",
			       c == br_cli_commands ? "" : "\n", section);
		}
		for (const struct br_cli_sub *s = (*c)->subs; s->name; s++)
			md_sub(stdout, (*c)->name, s);
	}
	return 0;
}

/* Bash: words of a shell case pattern are quoted with "". */
static void
comp_values(FILE *f, const char *placeholder)
{
	/* "a|b|c" or "a|b[,...]": offer a, b, c. */
	char buf[400];
	size_t n = strcspn(placeholder, "[");

	if (strchr(placeholder, '|') == NULL || n >= sizeof(buf))
		return;
	memcpy(buf, placeholder, n);
	buf[n] = '\0';
	for (char *p = buf; *p; p++)
		if (*p == '|')
			*p = ' ';
	fprintf(f, "%s", buf);
}

static void
comp_sub(FILE *f, const char *path, const struct br_cli_sub *subs)
{
	char p[96], value[160];

	/* The words after path: its subcommands and the default's options. */
	fprintf(f, "\t\"%s\") words=\"", path);
	for (const struct br_cli_sub *s = subs; s->name; s++) {
		if (s->name[0])
			fprintf(f, "%s ", s->name);
		else
			for (const struct br_cli_opt *o = s->opts; o && o->flag;
			     o++)
				fprintf(f, "--%s ", o->flag);
	}
	fputs("--help\" ;;\n", f);
	for (const struct br_cli_sub *s = subs; s->name; s++) {
		if (s->name[0] == '\0')
			continue;
		join(p, sizeof(p), path, s->name);
		if (s->subs) {
			comp_sub(f, p, s->subs);
			continue;
		}
		fprintf(f, "\t\"%s\") words=\"", p);
		for (const struct br_cli_opt *o = s->opts; o && o->flag; o++)
			fprintf(f, "--%s ", o->flag);
		fputs("--help\" ;;\n", f);
	}
	/* Values of options with a fixed vocabulary. */
	for (const struct br_cli_sub *s = subs; s->name; s++) {
		if (s->subs)
			continue;
		join(p, sizeof(p), path, s->name);
		for (const struct br_cli_opt *o = s->opts; o && o->flag; o++) {
			const char *v =
			        br_cli_opt_value(s, o, value, sizeof(value));

			if (strchr(v, '|') == NULL || strchr(v, ' ') ||
			    strpbrk(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
				continue; /* not a list of words */
			fprintf(f, "\t\"%s --%s\") words=\"", p, o->flag);
			comp_values(f, v);
			fputs("\" ;;\n", f);
		}
	}
}

static int
print_completion(void)
{
	FILE *f = stdout;

	fputs("# bash completion for backrest, generated by 'backrest help "
	      "--completion bash'\n"
	      "_backrest()\n{\n"
	      "\tlocal cur=${COMP_WORDS[COMP_CWORD]} "
	      "prev=${COMP_WORDS[COMP_CWORD-1]}\n"
	      "\tlocal path=\"\" i w words=\"\" skip=0 n=0\n"
	      "\tfor ((i = 1; i < COMP_CWORD; i++)); do\n"
	      "\t\tw=${COMP_WORDS[i]}\n"
	      "\t\tif ((skip)); then skip=0; continue; fi\n"
	      "\t\tcase $w in\n"
	      "\t\t--db|--today|--instruments) skip=1; continue ;;\n"
	      "\t\t-*) continue ;;\n"
	      "\t\tesac\n"
	      "\t\t# at most the command and two levels of subcommands\n"
	      "\t\tif ((n < 3)) && _backrest_has \"$path\" \"$w\"; then\n"
	      "\t\t\tpath=${path:+$path }$w; n=$((n + 1))\n"
	      "\t\tfi\n"
	      "\tdone\n"
	      "\tcase $prev in\n"
	      "\t--db|--instruments|--out|--dir) "
	      "COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n"
	      "\tesac\n"
	      "\twords=$(_backrest_words \"$path --${prev#--}\")\n"
	      "\tif [[ $prev == --* && -n $words ]]; then\n"
	      "\t\tCOMPREPLY=($(compgen -W \"$words\" -- \"$cur\")); return\n"
	      "\tfi\n"
	      "\twords=$(_backrest_words \"$path\")\n"
	      "\tif [[ $cur == -* ]]; then\n"
	      "\t\twords=\"$words --db --today --json --quiet "
	      "--instruments\"\n"
	      "\telse\n"
	      "\t\twords=$(printf '%s\\n' $words | grep -v '^-')\n"
	      "\tfi\n"
	      "\tCOMPREPLY=($(compgen -W \"$words\" -- \"$cur\"))\n"
	      "}\n\n"
	      "# _backrest_has PATH WORD: WORD is a command or subcommand "
	      "after PATH\n"
	      "_backrest_has()\n{\n"
	      "\tlocal w\n"
	      "\tfor w in $(_backrest_words \"$1\"); do\n"
	      "\t\t[[ $w == \"$2\" && $w != -* ]] && return 0\n"
	      "\tdone\n"
	      "\treturn 1\n"
	      "}\n\n"
	      "_backrest_words()\n{\n"
	      "\tlocal words=\"\"\n"
	      "\tcase $1 in\n"
	      "\t\"\") words=\"",
	      f);
	for (const struct br_cli_cmd *const *c = br_cli_commands; *c; c++)
		fprintf(f, "%s ", (*c)->name);
	fputs("help --help\" ;;\n", f);
	for (const struct br_cli_cmd *const *c = br_cli_commands; *c; c++)
		comp_sub(f, (*c)->name, (*c)->subs);
	fputs("\t\"help\") words=\"", f);
	for (const struct br_cli_cmd *const *c = br_cli_commands; *c; c++)
		fprintf(f, "%s ", (*c)->name);
	fputs("--man --completion\" ;;\n"
	      "\t\"help --completion\") words=\"bash\" ;;\n"
	      "\tesac\n"
	      "\techo \"$words\"\n"
	      "}\n\n"
	      "complete -F _backrest backrest\n",
	      f);
	return 0;
}

static const struct br_cli_cmd *
find_command(const char *name)
{
	for (const struct br_cli_cmd *const *c = br_cli_commands; *c; c++)
		if (strcmp((*c)->name, name) == 0)
			return *c;
	return NULL;
}

int
br_cli_help_main(struct br_cli *cli, int argc, char **argv)
{
	struct br_err err = BR_ERR_INIT;
	const struct br_cli_cmd *cmd;
	const struct br_cli_sub *subs, *sub = NULL;
	char path[96];

	if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0) {
		if (cli->json)
			return print_json();
		br_cli_help_top(stdout);
		return 0;
	}
	if (strcmp(argv[1], "--man") == 0 && argc == 2)
		return print_man();
	if (strcmp(argv[1], "--markdown") == 0 && argc == 2)
		return print_markdown();
	if (strcmp(argv[1], "--completion") == 0 && argc == 3 &&
	    strcmp(argv[2], "bash") == 0)
		return print_completion();
	if (argv[1][0] == '-') {
		br_error(&err, BR_EINVAL, "",
		         "help takes COMMAND [SUBCOMMAND], --man, --markdown "
		         "or --completion bash");
		return br_cli_fail(cli, &err);
	}
	cmd = find_command(argv[1]);
	if (cmd == NULL) {
		br_error(&err, BR_EINVAL, "command",
		         "unknown command '%.40s'; run 'backrest help' for "
		         "the list",
		         argv[1]);
		return br_cli_fail(cli, &err);
	}
	subs = cmd->subs;
	snprintf(path, sizeof(path), "%s", cmd->name);
	for (int i = 2; i < argc; i++) {
		const struct br_cli_sub *s = subs;

		while (s->name &&
		       (s->name[0] == '\0' || strcmp(s->name, argv[i]) != 0))
			s++;
		if (s->name == NULL) {
			br_error(&err, BR_EINVAL, "command",
			         "unknown %s subcommand '%.40s'", path,
			         argv[i]);
			br_cli_fail(cli, &err);
			br_cli_usage_brief(stderr, path, subs);
			return 2;
		}
		{
			char prefix[96];

			snprintf(prefix, sizeof(prefix), "%s", path);
			join(path, sizeof(path), prefix, s->name);
		}
		if (s->subs) {
			subs = s->subs;
			continue;
		}
		sub = s;
		break;
	}
	br_cli_usage(stdout, cmd, path, subs, sub);
	return 0;
}
