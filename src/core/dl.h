/*
 * dl.h - optional libraries loaded with dlopen(3) at their first use.
 *
 * libpq (store/postgres.c), cairo and fontconfig (report/report_pdf.c) and
 * libmicrohttpd (http/server.c) bring some forty shared objects with them,
 * and most commands need none of them.  The binary does not link them:
 * each of those files keeps including the library's header for its types,
 * declares a pointer per function it calls, lists them in a table, and
 * loads the library through br_dl_load() before its first call:
 *
 *     static __typeof__(PQexec) *sym_PQexec;
 *     static const struct br_dl_sym pq_syms[] = {
 *             {BR_DL_SYM(PQexec)}, ..., {NULL, NULL},
 *     };
 *     static struct br_dl_lib pq_lib = {
 *             .soname = "libpq.so.5", .package = "libpq5",
 *             .feature = "the PostgreSQL backend", .syms = pq_syms,
 *     };
 *     ...  if (br_dl_load(&pq_lib, err) < 0) return ...;
 *          sym_PQexec(...);
 *
 * Threads: br_dl_load() may be called from any thread at any time; the
 * first call loads and resolves under a process-wide lock, later ones
 * return the first call's result.  A thread that called it and got 0 may
 * use the pointers (the lock orders the writes before its reads), and so
 * may the threads it starts afterwards.
 *
 * Memory: a library that loaded stays loaded for the life of the process
 * (never dlclose'd); one that failed is closed again and its pointers are
 * left NULL.  The tables and the library record belong to the caller and
 * must be static.
 */
#ifndef BR_CORE_DL_H
#define BR_CORE_DL_H

#include <stdbool.h>

#include "core/err.h"

/* One function to resolve: its name and the address of the pointer that
 * receives it (a "sym_" pointer of the function's own type). */
struct br_dl_sym {
	const char *name;
	void *fn;
};

/* The members of the table entry for the function f, whose pointer is
 * sym_f: {BR_DL_SYM(PQexec)}. */
#define BR_DL_SYM(f) #f, &sym_##f

struct br_dl_lib {
	const char *soname;  /* "libpq.so.5" */
	const char *package; /* the Debian package that has it: "libpq5" */
	const char *feature; /* who needs it: "the PostgreSQL backend" */
	const struct br_dl_sym *syms; /* ends with {NULL, NULL} */
	/* Set by br_dl_load(); zero-initialise. */
	bool tried;
	struct br_err err; /* the first load's failure, code 0 when none */
};

/* Loads lib and resolves every function of its table the first time;
 * returns 0, or BR_EIO with err saying (in one sentence) which library
 * is missing or lacks a function, and which Debian package to install. */
int br_dl_load(struct br_dl_lib *lib, struct br_err *err);

/* Whether lib has been loaded (by an earlier br_dl_load()); never loads
 * it. */
bool br_dl_loaded(struct br_dl_lib *lib);

#endif
