/*
 * file.c - private files and directories, written whole (see file.h).
 *
 * The mode is set with fchmod after creation as well as asked of open:
 * open's mode is masked by the umask, so a umask of 0277 would otherwise
 * give a file its owner cannot write; fchmod sets exactly 0600.
 */
#include "core/file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int
br_file_precreate(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	              BR_FILE_MODE);

	if (fd < 0)
		return errno == EEXIST ? 0 : -1;
	if (fchmod(fd, BR_FILE_MODE) < 0) {
		int e = errno;

		close(fd);
		unlink(path);
		errno = e;
		return -1;
	}
	return close(fd);
}

FILE *
br_file_open_private(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	              BR_FILE_MODE);
	struct stat st;
	FILE *f;

	if (fd < 0)
		return NULL;
	/* Only a regular file this call may have made: a device (or a file
	 * another user owns) keeps its mode. */
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    (st.st_mode & 07777) != BR_FILE_MODE && st.st_size == 0 &&
	    st.st_uid == geteuid())
		(void)fchmod(fd, BR_FILE_MODE);
	f = fdopen(fd, "w");
	if (f == NULL) {
		int e = errno;

		close(fd);
		errno = e;
	}
	return f;
}

int
br_dir_create_private(const char *path)
{
	struct stat st;

	if (mkdir(path, BR_DIR_MODE) == 0)
		return chmod(path, BR_DIR_MODE);
	if (errno == EEXIST && stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return 0;
	if (errno == EEXIST)
		errno = ENOTDIR;
	return -1;
}

int
br_file_tmp_open(struct br_file_tmp *t, const char *path)
{
	int n;

	memset(t, 0, sizeof(*t));
	t->fd = -1;
	n = snprintf(t->path, sizeof(t->path), "%s", path);
	if (n < 0 || (size_t)n >= sizeof(t->path) ||
	    snprintf(t->tmp, sizeof(t->tmp), "%s.tmp-XXXXXX", path) >=
	            (int)sizeof(t->tmp)) {
		t->tmp[0] = '\0';
		errno = ENAMETOOLONG;
		return -1;
	}
	t->fd = mkstemp(t->tmp);
	if (t->fd < 0) {
		t->tmp[0] = '\0';
		return -1;
	}
	if (fcntl(t->fd, F_SETFD, FD_CLOEXEC) < 0 ||
	    fchmod(t->fd, BR_FILE_MODE) < 0) {
		int e = errno;

		br_file_tmp_abort(t);
		errno = e;
		return -1;
	}
	return 0;
}

FILE *
br_file_tmp_stream(struct br_file_tmp *t)
{
	if (t->f == NULL && t->fd >= 0) {
		t->f = fdopen(t->fd, "w+");
		if (t->f)
			t->fd = -1;
	}
	return t->f;
}

/* fsyncs the directory that holds path, so the rename is durable. */
static int
sync_dir(const char *path)
{
	char dir[PATH_MAX];
	const char *slash = strrchr(path, '/');
	int fd, rc;

	if (slash == NULL)
		snprintf(dir, sizeof(dir), ".");
	else if (slash == path)
		snprintf(dir, sizeof(dir), "/");
	else
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

int
br_file_tmp_commit(struct br_file_tmp *t)
{
	int rc = 0, e = 0;

	if (t->f) {
		if (fflush(t->f) != 0 || ferror(t->f) ||
		    fsync(fileno(t->f)) != 0)
			rc = -1;
		if (rc < 0)
			e = errno;
		if (fclose(t->f) != 0 && rc == 0) {
			rc = -1;
			e = errno;
		}
		t->f = NULL;
	} else if (t->fd >= 0) {
		if (fsync(t->fd) != 0) {
			rc = -1;
			e = errno;
		}
		if (close(t->fd) != 0 && rc == 0) {
			rc = -1;
			e = errno;
		}
		t->fd = -1;
	} else {
		rc = -1;
		e = EBADF;
	}
	if (rc == 0 && rename(t->tmp, t->path) != 0) {
		rc = -1;
		e = errno;
	}
	if (rc < 0) {
		br_file_tmp_abort(t);
		errno = e;
		return -1;
	}
	t->tmp[0] = '\0';
	(void)sync_dir(t->path);
	return 0;
}

void
br_file_tmp_abort(struct br_file_tmp *t)
{
	if (t->f)
		fclose(t->f);
	else if (t->fd >= 0)
		close(t->fd);
	t->f = NULL;
	t->fd = -1;
	if (t->tmp[0])
		unlink(t->tmp);
	t->tmp[0] = '\0';
}
