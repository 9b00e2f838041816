/*
 * dl.c - loading an optional library at its first use (see dl.h).
 *
 * RTLD_NOW: a library whose own dependencies are missing fails here, with
 * the message below, and not at some later call.  RTLD_LOCAL: the
 * library's symbols are reached through the sym_ pointers only.
 */
#include "core/dl.h"

#include <dlfcn.h>
#include <pthread.h>
#include <string.h>

/* A function pointer travels through dlsym's void * (POSIX guarantees the
 * conversion); it is copied into the sym_ pointer as bytes. */
_Static_assert(sizeof(void *) == sizeof(void (*)(void)),
               "function pointers must be the size of void *");

static pthread_mutex_t dl_lock = PTHREAD_MUTEX_INITIALIZER;

/* dlerror()'s text, or a fallback: it is NULL when dlsym found a NULL. */
static const char *
dl_reason(void)
{
	const char *e = dlerror();

	return e ? e : "no reason given";
}

static void
clear_syms(const struct br_dl_lib *lib)
{
	static void *const none = NULL;

	for (const struct br_dl_sym *s = lib->syms; s->name; s++)
		memcpy(s->fn, &none, sizeof(none));
}

/* Under dl_lock: the first load of lib; 0 or BR_EIO (lib->err filled). */
static int
load(struct br_dl_lib *lib)
{
	void *h;

	dlerror();
	h = dlopen(lib->soname, RTLD_NOW | RTLD_LOCAL);
	if (h == NULL)
		return br_error(&lib->err, BR_EIO, "",
		                "%s needs %s, which cannot be loaded (%.200s); "
		                "install the Debian package %s",
		                lib->feature, lib->soname, dl_reason(),
		                lib->package);
	for (const struct br_dl_sym *s = lib->syms; s->name; s++) {
		void *p;

		dlerror();
		p = dlsym(h, s->name);
		if (p == NULL) {
			br_error(&lib->err, BR_EIO, "",
			         "%s needs %s from %s, which this copy of it "
			         "lacks (%.200s); install the Debian package "
			         "%s",
			         lib->feature, s->name, lib->soname,
			         dl_reason(), lib->package);
			clear_syms(lib);
			dlclose(h);
			return BR_EIO;
		}
		memcpy(s->fn, &p, sizeof(p));
	}
	return 0;
}

int
br_dl_load(struct br_dl_lib *lib, struct br_err *err)
{
	int rc;

	pthread_mutex_lock(&dl_lock);
	if (!lib->tried) {
		br_err_clear(&lib->err);
		load(lib);
		lib->tried = true;
	}
	rc = lib->err.code;
	if (rc < 0 && err)
		*err = lib->err;
	pthread_mutex_unlock(&dl_lock);
	return rc;
}

bool
br_dl_loaded(struct br_dl_lib *lib)
{
	bool yes;

	pthread_mutex_lock(&dl_lock);
	yes = lib->tried && lib->err.code == 0;
	pthread_mutex_unlock(&dl_lock);
	return yes;
}
